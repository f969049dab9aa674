/*
 * The goldfish machine's memory map and interrupt lines — shared by Koi's
 * QEMU machine (qemu/hw/arm/goldfish.c), the firmware's board
 * (board/goldfish/) and the qtest suite (tests/regs.py).
 *
 * The firmware finds every device but the bus itself by discovery (the
 * platform bus reports names, bases and lines); it uses this map only for
 * what comes before discovery: the bus's own base, the device window the
 * MMU maps, and the early console of the first bring-up steps.
 * docs/goldfish-machine.md, "Memory map", is the contract.
 */
#ifndef KOI_REGS_GOLDFISH_MACHINE_H
#define KOI_REGS_GOLDFISH_MACHINE_H

#define GOLDFISH_RAM_BASE       0x00000000u
#define GOLDFISH_IO_BASE        0xff000000u  /* every device's page lies in here */
#define GOLDFISH_IO_SIZE        0x00800000u

#define GOLDFISH_PIC_BASE       0xff000000u
#define GOLDFISH_BUS_BASE       0xff001000u
#define GOLDFISH_TTY_BASE       0xff002000u
#define GOLDFISH_TIMER_BASE     0xff003000u
#define GOLDFISH_AUDIO_BASE     0xff004000u
#define GOLDFISH_POWEROFF_BASE  0xff005000u
#define GOLDFISH_RTC_BASE       0xff010000u
#define GOLDFISH_PAGE           0x1000u

/* Lines of the goldfish PIC. */
#define GOLDFISH_BUS_IRQ        1u
#define GOLDFISH_TIMER_IRQ      3u
#define GOLDFISH_TTY_IRQ        4u
#define GOLDFISH_RTC_IRQ        10u
#define GOLDFISH_AUDIO_IRQ      15u

#endif /* KOI_REGS_GOLDFISH_MACHINE_H */
