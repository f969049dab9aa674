/*
 * ARM Dual-Timer Module (SP804, DDI0271) — the register map of the
 * firmware's driver (drivers/sp804.c) and its host test.  Two identical
 * timers in one 4 KiB page, one interrupt line for both.  Plain #define
 * lines, one value each.
 */
#ifndef KOI_REGS_SP804_H
#define KOI_REGS_SP804_H

/* Registers of one timer; timer 2's are at SP804_TIMER2 + the same. */
#define SP804_TIMER1     0x00u
#define SP804_TIMER2     0x20u
#define SP804_LOAD       0x00u  /* TimerXLoad: counts from here; write reloads */
#define SP804_VALUE      0x04u  /* TimerXValue: the current count (read-only) */
#define SP804_CONTROL    0x08u  /* TimerXControl */
#define SP804_INTCLR     0x0cu  /* TimerXIntClr: any write clears the interrupt */
#define SP804_RIS        0x10u  /* TimerXRIS: bit 0, raw interrupt */
#define SP804_MIS        0x14u  /* TimerXMIS: bit 0, masked interrupt */
#define SP804_BGLOAD     0x18u  /* TimerXBGLoad: next reload, no restart */

#define SP804_CTRL_ONESHOT   (1u << 0)  /* stop at zero (else wrap/reload) */
#define SP804_CTRL_32BIT     (1u << 1)  /* TimerSize: 32-bit counter */
#define SP804_CTRL_DIV1      (0u << 2)  /* TimerPre: prescale by 1 */
#define SP804_CTRL_INTEN     (1u << 5)
#define SP804_CTRL_PERIODIC  (1u << 6)  /* TimerMode: reload from LOAD */
#define SP804_CTRL_ENABLE    (1u << 7)
#define SP804_INT            (1u << 0)  /* RIS/MIS bit */

#endif /* KOI_REGS_SP804_H */
