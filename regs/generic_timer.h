/*
 * The Arm generic timer (Arm ARM for A-profile, chapter B8 on AArch32) —
 * the CP15 registers and bits of drivers/generic_timer.c.  The virtual
 * timer is used: it is accessible at PL1 whatever a hypervisor allows of
 * the physical one.  Encodings as the Arm ARM lists them (coproc, opc1,
 * CRn, CRm, opc2; the 64-bit ones are MRRC/MCRR with opc1 and CRm).
 *
 *   CNTFRQ     p15, 0, c14, c0, 0    the counter's frequency in Hz
 *   CNTVCT     p15, 1, c14           (64-bit) the virtual count
 *   CNTV_CTL   p15, 0, c14, c3, 1    the virtual timer's control
 *   CNTV_CVAL  p15, 3, c14           (64-bit) the virtual timer's compare
 */
#ifndef KOI_REGS_GENERIC_TIMER_H
#define KOI_REGS_GENERIC_TIMER_H

#define CNTV_CTL_ENABLE   (1u << 0)  /* the timer counts toward CVAL */
#define CNTV_CTL_IMASK    (1u << 1)  /* its interrupt is masked */
#define CNTV_CTL_ISTATUS  (1u << 2)  /* read-only: CVAL reached */

/* The private peripheral interrupts (GIC INTIDs) of the timers, as the
 * Server Base System Architecture and QEMU's -M virt wire them. */
#define GENERIC_TIMER_PPI_VIRT     27u
#define GENERIC_TIMER_PPI_NS_PHYS  30u

#endif /* KOI_REGS_GENERIC_TIMER_H */
