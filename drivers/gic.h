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
 * Register names are GIC v1's (ICD* distributor, ICC* CPU interface); the
 * GICv2 names (GICD_CTLR, GICC_IAR, ...) are given beside them.
 */
#ifndef KOI_GIC_H
#define KOI_GIC_H

#include <stdbool.h>
#include <stdint.h>

/* Distributor (offsets from its base). */
#define ICDDCR   0x000u  /* GICD_CTLR: bit 0 enables forwarding to CPUs */
#define ICDICTR  0x004u  /* GICD_TYPER: bits 4:0 = lines / 32 - 1 */
#define ICDIIDR  0x008u  /* GICD_IIDR: implementer */
#define ICDISER  0x100u  /* GICD_ISENABLERn: 1 bit per ID, write 1 enables */
#define ICDICER  0x180u  /* GICD_ICENABLERn: write 1 disables */
#define ICDISPR  0x200u  /* GICD_ISPENDRn: write 1 sets pending */
#define ICDICPR  0x280u  /* GICD_ICPENDRn: write 1 clears pending */
#define ICDABR   0x300u  /* GICD_ISACTIVERn: read-only in v1 */
#define ICDIPR   0x400u  /* GICD_IPRIORITYRn: 1 byte per ID, 0 = highest */
#define ICDIPTR  0x800u  /* GICD_ITARGETSRn: 1 byte per ID, CPU bit mask */
#define ICDICFR  0xc00u  /* GICD_ICFGRn: 2 bits per ID, bit 1 = edge */
#define ICDSGIR  0xf00u  /* GICD_SGIR */

#define ICDDCR_ENABLE       (1u << 0)
#define ICDICTR_LINES(v)    ((((v) & 0x1fu) + 1u) * 32u)
#define ICDICFR_EDGE(id)    (2u << (((id) % 16u) * 2u))

/* CPU interface (offsets from its base). */
#define ICCICR   0x00u   /* GICC_CTLR: bit 0 enables signalling to the CPU */
#define ICCPMR   0x04u   /* GICC_PMR: only priorities below this signal */
#define ICCBPR   0x08u   /* GICC_BPR: priority grouping */
#define ICCIAR   0x0cu   /* GICC_IAR: read = acknowledge, returns the ID */
#define ICCEOIR  0x10u   /* GICC_EOIR: write the IAR value = end of interrupt */
#define ICCRPR   0x14u   /* GICC_RPR: running priority */
#define ICCHPIR  0x18u   /* GICC_HPPIR: highest pending */
#define ICCIIDR  0xfcu   /* GICC_IIDR */

#define ICCICR_ENABLE       (1u << 0)
#define ICCIAR_ID(v)        ((v) & 0x3ffu)
#define GIC_ID_SPURIOUS     1023u  /* IAR when nothing is pending */
#define GIC_ID_SPECIAL      1020u  /* 1020..1023 are never real interrupts */

#define GIC_SPI_BASE        32u    /* board line n = ID 32 + n */
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

/* Binds g to the distributor and CPU interface at these bases and brings
 * both up with every line disabled (see above).  -EINVAL for a base of 0. */
int gic_init(struct gic *g, uintptr_t dist_base, uintptr_t cpu_base);
/* Installs the handler for an ID (disabled until gic_enable).  -EINVAL for
 * an ID the distributor lacks or a NULL handler, -EBUSY if it is taken. */
int gic_attach(struct gic *g, uint32_t id, irq_handler_fn fn, void *ctx);
/* Disables the ID and forgets its handler. */
int gic_detach(struct gic *g, uint32_t id);
void gic_enable(struct gic *g, uint32_t id);
void gic_disable(struct gic *g, uint32_t id);
/* 0 (highest) .. 255; the CPU interface honours the top bits it has. */
int gic_set_priority(struct gic *g, uint32_t id, uint8_t prio);
/* A shared line (ID >= 32) to these CPUs (bit n = CPU interface n).  On a
 * uniprocessor GIC the targets read as zero and writes are ignored. */
int gic_set_target(struct gic *g, uint32_t id, uint8_t cpus);
/* Edge- or level-sensitive; lines start level-sensitive. */
int gic_set_edge(struct gic *g, uint32_t id, bool edge);
/* Serves every pending enabled line; returns how many handlers ran. */
uint32_t gic_dispatch(struct gic *g);
/* IRQ exceptions that found nothing to serve. */
uint32_t gic_spurious_count(const struct gic *g);
/* Handler calls per ID since gic_init. */
uint32_t gic_irq_count(const struct gic *g, uint32_t id);

/* Called for an acknowledged ID without a handler, after it was disabled
 * (default: fatal report).  Tests of the dispatcher replace it. */
extern void (*gic_unexpected_hook)(uint32_t id);

#endif /* KOI_GIC_H */
