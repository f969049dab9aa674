/*
 * goldfish timer registers (the Android emulator's classic map) — shared by
 * the firmware's driver (drivers/goldfish_timer.c), Koi's QEMU model
 * (qemu/hw/timer/goldfish_timer.c) and the qtest suite (tests/regs.py).
 * docs/goldfish-machine.md, "Timer", is the contract.
 */
#ifndef KOI_REGS_GOLDFISH_TIMER_H
#define KOI_REGS_GOLDFISH_TIMER_H

#define TIMER_TIME_LOW        0x00u  /* R: ns bits 31..0; latches TIME_HIGH */
#define TIMER_TIME_HIGH       0x04u  /* R: ns bits 63..32 latched by TIME_LOW */
#define TIMER_ALARM_LOW       0x08u  /* W: arms the alarm at (ALARM_HIGH, this) */
#define TIMER_ALARM_HIGH      0x0cu  /* W: written before ALARM_LOW */
#define TIMER_CLEAR_INTERRUPT 0x10u  /* W: lowers the line */
#define TIMER_CLEAR_ALARM     0x14u  /* W: disarms, lowers the line */

#define GOLDFISH_TIMER_MMIO_SIZE 0x1000u

#endif /* KOI_REGS_GOLDFISH_TIMER_H */
