/* Goldfish PIC (QEMU 7.2 bitmask dialect); see goldfish_pic.h. */
#include "drivers/goldfish_pic.h"

#include <errno.h>
#include <stddef.h>

#include "arch/arm/cpu.h"
#include "arch/arm/exceptions.h"
#include "drivers/mmio.h"

void goldfish_pic_init(struct goldfish_pic *pic, uintptr_t base)
{
	pic->base = base;
	mmio_write32(base + PIC_DISABLE_ALL, 1);
	for (uint32_t i = 0; i < PIC_NR_IRQS; i++) {
		pic->handlers[i].fn = NULL;
		pic->counts[i] = 0;
	}
	pic->spurious = 0;
}

int goldfish_pic_attach(struct goldfish_pic *pic, uint32_t irq, irq_handler_fn fn,
			void *ctx)
{
	if (irq >= PIC_NR_IRQS || !fn)
		return -EINVAL;
	uint32_t s = irq_save();
	int r = -EBUSY;
	if (!pic->handlers[irq].fn) {
		pic->handlers[irq].ctx = ctx;
		pic->handlers[irq].fn = fn;
		r = 0;
	}
	irq_restore(s);
	return r;
}

int goldfish_pic_detach(struct goldfish_pic *pic, uint32_t irq)
{
	if (irq >= PIC_NR_IRQS)
		return -EINVAL;
	goldfish_pic_disable(pic, irq);
	uint32_t s = irq_save();
	pic->handlers[irq].fn = NULL;
	irq_restore(s);
	return 0;
}

void goldfish_pic_enable(struct goldfish_pic *pic, uint32_t irq)
{
	if (irq < PIC_NR_IRQS)
		mmio_write32(pic->base + PIC_ENABLE, 1u << irq);
}

void goldfish_pic_disable(struct goldfish_pic *pic, uint32_t irq)
{
	if (irq < PIC_NR_IRQS)
		mmio_write32(pic->base + PIC_DISABLE, 1u << irq);
}

uint32_t goldfish_pic_dispatch(struct goldfish_pic *pic)
{
	uint32_t pending = mmio_read32(pic->base + PIC_PENDING);
	uint32_t ran = 0;
	if (!pending) {
		pic->spurious++;
		return 0;
	}
	while (pending) {
		uint32_t irq = (uint32_t)__builtin_ctz(pending);
		pending &= pending - 1u;
		if (!pic->handlers[irq].fn) {
			goldfish_pic_disable(pic, irq);
			exc_panic(EXC_UNEXPECTED_IRQ, "unexpected IRQ on line", irq);
		}
		pic->counts[irq]++;
		pic->handlers[irq].fn(pic->handlers[irq].ctx);
		ran++;
	}
	return ran;
}

uint32_t goldfish_pic_spurious_count(const struct goldfish_pic *pic)
{
	return pic->spurious;
}

uint32_t goldfish_pic_irq_count(const struct goldfish_pic *pic, uint32_t irq)
{
	return irq < PIC_NR_IRQS ? pic->counts[irq] : 0;
}
