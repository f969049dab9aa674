/*
 * cpu.h — CPU-level primitives shared by the board and drivers: interrupt
 * masking for short critical sections, wait-for-interrupt and barriers.
 *
 * irq_save()/irq_restore() nest: each returns/restores the previous I bit,
 * so a section can be entered from the main loop or from an ISR alike.
 * Under KOI_HOST they are no-ops (host tests are single-threaded).
 */
#ifndef KOI_CPU_H
#define KOI_CPU_H

#include <stdint.h>

#ifdef KOI_HOST
static inline uint32_t irq_save(void) { return 0; }
static inline void irq_restore(uint32_t s) { (void)s; }
static inline void irq_enable(void) {}
static inline void irq_disable(void) {}
static inline void cpu_wfi(void) {}
static inline void irq_window(void) {}
static inline void cpu_barrier(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
#else
/**
 * Masks IRQs.
 * @return the CPSR before, for irq_restore()
 */
static inline uint32_t irq_save(void)
{
	uint32_t cpsr;
	__asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(cpsr) :: "memory");
	return cpsr;
}

/**
 * Unmasks IRQs if they were unmasked when irq_save() returned cpsr.
 * @param cpsr  what irq_save() returned
 */
static inline void irq_restore(uint32_t cpsr)
{
	/* Only the I bit matters; re-enable only if it was clear on entry. */
	if (!(cpsr & 0x80u))
		__asm__ volatile("cpsie i" ::: "memory");
}

/** Unmasks IRQs. */
static inline void irq_enable(void) { __asm__ volatile("cpsie i" ::: "memory"); }
/** Masks IRQs. */
static inline void irq_disable(void) { __asm__ volatile("cpsid i" ::: "memory"); }
/**
 * Waits for an interrupt.  WFI wakes on a pending IRQ even while the I bit
 * masks it, which is what makes "check flag with IRQs off, then WFI"
 * race-free.
 */
static inline void cpu_wfi(void) { __asm__ volatile("dsb\n\twfi" ::: "memory"); }
/**
 * With interrupts masked: let a pending interrupt be taken now (its handler
 * runs between the two instructions), then mask again.
 */
static inline void irq_window(void)
{
	__asm__ volatile("cpsie i\n\tisb\n\tcpsid i" ::: "memory");
}
/** Full barrier: memory accesses and instructions before it complete first. */
static inline void cpu_barrier(void) { __asm__ volatile("dsb\n\tisb" ::: "memory"); }
#endif

#endif /* KOI_CPU_H */
