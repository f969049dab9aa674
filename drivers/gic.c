/* GIC v1 distributor and CPU interface; see gic.h. */
#include "drivers/gic.h"

#include <errno.h>
#include <stddef.h>

#include "arch/arm/cpu.h"
#include "arch/arm/exceptions.h"
#include "drivers/mmio.h"

static void unexpected_fatal(uint32_t id)
{
	exc_panic(EXC_UNEXPECTED_IRQ, "unexpected IRQ on GIC ID", id);
}

void (*gic_unexpected_hook)(uint32_t id) = unexpected_fatal;

static uint32_t drd(const struct gic *g, uint32_t off) { return mmio_read32(g->dist + off); }
static void dwr(const struct gic *g, uint32_t off, uint32_t v) { mmio_write32(g->dist + off, v); }

/* One byte of a byte-per-ID register (ICDIPR, ICDIPTR), as a read-modify-
 * write of its word: the accessors are 32-bit only.  Interrupts masked, so
 * no other writer of the word runs in between. */
static void set_byte(struct gic *g, uint32_t reg, uint32_t id, uint8_t v)
{
	uint32_t off = reg + (id & ~3u), shift = (id % 4u) * 8u;
	uint32_t s = irq_save();
	uint32_t w = drd(g, off);
	dwr(g, off, (w & ~(0xffu << shift)) | ((uint32_t)v << shift));
	irq_restore(s);
}

int gic_init(struct gic *g, uintptr_t dist_base, uintptr_t cpu_base)
{
	if (!dist_base || !cpu_base)
		return -EINVAL;
	g->dist = dist_base;
	g->cpu = cpu_base;
	g->spurious = 0;
	for (uint32_t i = 0; i < GIC_MAX_IRQS; i++) {
		g->handlers[i].fn = NULL;
		g->counts[i] = 0;
	}
	/* Quiet while it is set up: nothing reaches the CPU. */
	mmio_write32(g->cpu + ICCICR, 0);
	dwr(g, ICDDCR, 0);
	uint32_t lines = ((drd(g, ICDICTR) & ICDICTR_ITLINES) + 1u) * 32u;
	g->lines = lines < GIC_MAX_IRQS ? lines : GIC_MAX_IRQS;

	/* The banked target bytes of IDs 0..31 read as this CPU's own bit
	 * on an MPCore; a uniprocessor GIC reads zero: CPU interface 0. */
	uint32_t t = drd(g, ICDIPTR) | drd(g, ICDIPTR + 4u) | drd(g, ICDIPTR + 8u);
	t |= t >> 16;
	t |= t >> 8;
	g->cpu_mask = (uint8_t)t ? (uint8_t)t : 1u;

	/* Every line off and not pending; level-sensitive; one priority;
	 * shared lines to this CPU.  Lines past g->lines stay off for good. */
	for (uint32_t w = 0; w < lines / 32u; w++) {
		dwr(g, ICDICER + 4u * w, 0xffffffffu);
		dwr(g, ICDICPR + 4u * w, 0xffffffffu);
	}
	uint32_t prio4 = GIC_PRIO_DEFAULT * 0x01010101u;
	uint32_t cpu4 = g->cpu_mask * 0x01010101u;
	for (uint32_t id = 0; id < lines; id += 4u) {
		dwr(g, ICDIPR + id, prio4);
		if (id >= GIC_SPI_BASE)
			dwr(g, ICDIPTR + id, cpu4);
	}
	/* Shared lines level-sensitive (edge bits clear, the model bits kept);
	 * SGIs' and PPIs' configuration is the MPCore's own. */
	for (uint32_t id = GIC_SPI_BASE; id < lines; id += 16u)
		dwr(g, ICDICFR + id / 4u, drd(g, ICDICFR + id / 4u) & 0x55555555u);

	dwr(g, ICDDCR, ICDDCR_ENABLE);
	mmio_write32(g->cpu + ICCPMR, GIC_PRIO_MASK);
	mmio_write32(g->cpu + ICCBPR, 0);
	mmio_write32(g->cpu + ICCICR, ICCICR_ENABLE);
	return 0;
}

int gic_attach(struct gic *g, uint32_t id, irq_handler_fn fn, void *ctx)
{
	if (id >= g->lines || !fn)
		return -EINVAL;
	uint32_t s = irq_save();
	int r = -EBUSY;
	if (!g->handlers[id].fn) {
		g->handlers[id].ctx = ctx;
		g->handlers[id].fn = fn;
		r = 0;
	}
	irq_restore(s);
	return r;
}

int gic_detach(struct gic *g, uint32_t id)
{
	if (id >= g->lines)
		return -EINVAL;
	gic_disable(g, id);
	uint32_t s = irq_save();
	g->handlers[id].fn = NULL;
	irq_restore(s);
	return 0;
}

void gic_enable(struct gic *g, uint32_t id)
{
	if (id < g->lines)
		dwr(g, ICDISER + 4u * (id / 32u), 1u << (id % 32u));
}

void gic_disable(struct gic *g, uint32_t id)
{
	if (id < g->lines)
		dwr(g, ICDICER + 4u * (id / 32u), 1u << (id % 32u));
}

int gic_set_priority(struct gic *g, uint32_t id, uint8_t prio)
{
	if (id >= g->lines)
		return -EINVAL;
	set_byte(g, ICDIPR, id, prio);
	return 0;
}

int gic_set_target(struct gic *g, uint32_t id, uint8_t cpus)
{
	if (id >= g->lines || id < GIC_SPI_BASE || !cpus)
		return -EINVAL;
	set_byte(g, ICDIPTR, id, cpus);
	return 0;
}

int gic_set_edge(struct gic *g, uint32_t id, bool edge)
{
	/* SGIs are always edge-triggered, PPIs' setting is the MPCore's. */
	if (id >= g->lines || id < 16u)
		return -EINVAL;
	uint32_t off = ICDICFR + 4u * (id / 16u);
	uint32_t s = irq_save();
	uint32_t w = drd(g, off);
	uint32_t bit = ICDICFR_EDGE << (id % 16u * 2u);
	dwr(g, off, edge ? w | bit : w & ~bit);
	irq_restore(s);
	return 0;
}

uint32_t gic_dispatch(struct gic *g)
{
	uint32_t ran = 0, seen = 0;
	for (;;) {
		/* Reading IAR acknowledges the highest-priority pending ID: it
		 * becomes active and stops signalling until its EOI. */
		uint32_t iar = mmio_read32(g->cpu + ICCIAR);
		uint32_t id = iar & ICCIAR_ID;
		if (id >= GIC_ID_SPECIAL)
			break; /* 1023: nothing (more) pending; no EOI for it */
		seen++;
		if (id < g->lines && g->handlers[id].fn) {
			g->counts[id]++;
			g->handlers[id].fn(g->handlers[id].ctx);
			ran++;
		} else {
			/* Masked first, so a hook that returns cannot storm. */
			gic_disable(g, id);
			gic_unexpected_hook(id);
		}
		mmio_write32(g->cpu + ICCEOIR, iar);
	}
	if (!seen)
		g->spurious++;
	return ran;
}

uint32_t gic_spurious_count(const struct gic *g)
{
	return g->spurious;
}

uint32_t gic_irq_count(const struct gic *g, uint32_t id)
{
	return id < GIC_MAX_IRQS ? g->counts[id] : 0;
}
