/*
 * gic.h — the ARM Generic Interrupt Controller, architecture version 1
 * (the Cortex-A9 MPCore's interrupt controller: IHI0048A, and DDI0407
 * chapter 3), as one distributor and the CPU interface of the CPU we run on.
 *
 * Interrupt IDs: 0-15 software-generated (SGI), 16-31 private to each CPU
 * (PPI: the MPCore's own timers), 32 and up shared peripherals (SPI: a
 * board's interrupt line n is ID 32 + n).  The board wires the machine's
 * interrupts: it attaches each device driver's ISR to that device's ID
 * (gic_attach), enables it, and calls gic_dispatch() from the IRQ vector.
 *
 * gic_init() leaves every line disabled, level-sensitive, at one priority
 * (GIC_PRIO_DEFAULT), shared lines routed to this CPU, and both the
 * distributor and the CPU interface on.  Handlers run in IRQ mode with
 * interrupts masked (no nesting) and must do the minimum: acknowledge the
 * device, move data, note an event.  Dispatch acknowledges (ICCIAR), runs
 * the handler, then signals the end of the interrupt (ICCEOIR), and loops
 * until the CPU interface answers the spurious ID 1023: every pending line
 * is served in one exception.  An exception that finds only 1023 is
 * spurious: counted and survived.  A line without a handler is a firmware
 * bug: masked, reported, fatal (exit status 133).
 *
 * Registers: regs/gic.h (GIC v1's names, the GICv2 ones beside them).
 */
#ifndef KOI_GIC_H
#define KOI_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "regs/gic.h"

#define GIC_MAX_IRQS        128u   /* IDs this driver serves (vexpress-a9: 96) */
#define GIC_PRIO_DEFAULT    0xa0u  /* every line, unless the board says */
#define GIC_PRIO_MASK       0xf0u  /* ICCPMR: lines below this priority value signal */

typedef void (*irq_handler_fn)(void *ctx);

/* One distributor and this CPU's interface.  handlers[] is written with
 * interrupts masked and read by dispatch (IRQ context); spurious and
 * counts[] are written by dispatch only and read by the main loop as single
 * 32-bit words (a reader sees the old or the new count). */
struct gic {
	uintptr_t dist, cpu;  /* register bases; 0 until gic_init */
	uint32_t lines;       /* IDs the distributor has, capped at GIC_MAX_IRQS */
	uint8_t cpu_mask;     /* this CPU's bit in ICDIPTR */
	struct {
		irq_handler_fn fn;
		void *ctx;
	} handlers[GIC_MAX_IRQS];
	uint32_t spurious;
	uint32_t counts[GIC_MAX_IRQS];
};

/**
 * Binds g to the distributor and CPU interface at these bases and brings
 * both up with every line disabled (see above).
 * @param g          the controller
 * @param dist_base  the distributor's registers
 * @param cpu_base   this CPU interface's registers
 * @return 0
 * @retval -EINVAL  a base of 0
 */
int gic_init(struct gic *g, uintptr_t dist_base, uintptr_t cpu_base);
/**
 * Installs the handler for an ID (disabled until gic_enable()).
 * @param g    the controller
 * @param id   the interrupt ID
 * @param fn   called with ctx from IRQ context
 * @param ctx  passed to fn
 * @return 0
 * @retval -EINVAL  an ID the distributor lacks or a NULL handler
 * @retval -EBUSY   the ID is taken
 */
int gic_attach(struct gic *g, uint32_t id, irq_handler_fn fn, void *ctx);
/**
 * Disables the ID and forgets its handler.
 * @param g   the controller
 * @param id  the interrupt ID
 * @return 0
 * @retval -EINVAL  an ID the distributor lacks
 */
int gic_detach(struct gic *g, uint32_t id);
/**
 * Enables an ID.
 * @param g   the controller
 * @param id  the interrupt ID
 */
void gic_enable(struct gic *g, uint32_t id);
/**
 * Disables an ID.
 * @param g   the controller
 * @param id  the interrupt ID
 */
void gic_disable(struct gic *g, uint32_t id);
/**
 * Sets an ID's priority.
 * @param g     the controller
 * @param id    the interrupt ID
 * @param prio  0 (highest) .. 255; the CPU interface honours the top bits
 *              it has
 * @return 0
 * @retval -EINVAL  an ID the distributor lacks
 */
int gic_set_priority(struct gic *g, uint32_t id, uint8_t prio);
/**
 * A shared line to these CPUs.  On a uniprocessor GIC the targets read as
 * zero and writes are ignored.
 * @param g     the controller
 * @param id    the interrupt ID, >= 32
 * @param cpus  bit n = CPU interface n; not 0
 * @return 0
 * @retval -EINVAL  an ID below 32 or the distributor lacks, or no CPU
 */
int gic_set_target(struct gic *g, uint32_t id, uint8_t cpus);
/**
 * Edge- or level-sensitive; lines start level-sensitive.
 * @param g     the controller
 * @param id    the interrupt ID, >= 16 (SGIs are always edge-triggered)
 * @param edge  true for edge-sensitive
 * @return 0
 * @retval -EINVAL  an ID below 16 or the distributor lacks
 */
int gic_set_edge(struct gic *g, uint32_t id, bool edge);
/**
 * Serves every pending enabled line (IRQ context).
 * @param g  the controller
 * @return how many handlers ran
 */
uint32_t gic_dispatch(struct gic *g);
/**
 * IRQ exceptions that found nothing to serve.
 * @param g  the controller
 * @return the count
 */
uint32_t gic_spurious_count(const struct gic *g);
/**
 * Handler calls for an ID since gic_init().
 * @param g   the controller
 * @param id  the interrupt ID
 * @return the count
 */
uint32_t gic_irq_count(const struct gic *g, uint32_t id);

/* Called for an acknowledged ID without a handler, after it was disabled
 * (default: fatal report).  Tests of the dispatcher replace it. */
extern void (*gic_unexpected_hook)(uint32_t id);

#endif /* KOI_GIC_H */
