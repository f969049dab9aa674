/* Goldfish PIC (QEMU 7.2 bitmask dialect); see goldfish_pic.h. */
#include "drivers/goldfish_pic.h"

#include <errno.h>
#include <stddef.h>

#include "boot/cpu.h"
#include "boot/exceptions.h"
#include "drivers/mmio.h"

static uintptr_t pic_base;
static struct {
	irq_handler_fn fn;
	void *ctx;
} handlers[PIC_NR_IRQS];
/* Written only in IRQ context, read by the main loop: single 32-bit
 * words, so a reader sees either the old or the new count. */
static uint32_t spurious;
static uint32_t counts[PIC_NR_IRQS];

static void unexpected_fatal(uint32_t irq)
{
	exc_panic(EXC_UNEXPECTED_IRQ, "unexpected IRQ on line", irq);
}

void (*pic_unexpected_hook)(uint32_t irq) = unexpected_fatal;

void pic_init(uintptr_t base)
{
	pic_base = base;
	mmio_write32(base + PIC_DISABLE_ALL, 1);
	for (uint32_t i = 0; i < PIC_NR_IRQS; i++) {
		handlers[i].fn = NULL;
		counts[i] = 0;
	}
	spurious = 0;
}

int pic_register(uint32_t irq, irq_handler_fn fn, void *ctx)
{
	if (irq >= PIC_NR_IRQS || !fn)
		return -EINVAL;
	uint32_t s = irq_save();
	int r = -EBUSY;
	if (!handlers[irq].fn) {
		handlers[irq].ctx = ctx;
		handlers[irq].fn = fn;
		r = 0;
	}
	irq_restore(s);
	return r;
}

int pic_unregister(uint32_t irq)
{
	if (irq >= PIC_NR_IRQS)
		return -EINVAL;
	pic_disable(irq);
	uint32_t s = irq_save();
	handlers[irq].fn = NULL;
	irq_restore(s);
	return 0;
}

void pic_enable(uint32_t irq)
{
	if (irq < PIC_NR_IRQS)
		mmio_write32(pic_base + PIC_ENABLE, 1u << irq);
}

void pic_disable(uint32_t irq)
{
	if (irq < PIC_NR_IRQS)
		mmio_write32(pic_base + PIC_DISABLE, 1u << irq);
}

uint32_t pic_dispatch(void)
{
	uint32_t pending = mmio_read32(pic_base + PIC_PENDING);
	uint32_t ran = 0;
	if (!pending) {
		spurious++;
		return 0;
	}
	while (pending) {
		uint32_t irq = (uint32_t)__builtin_ctz(pending);
		pending &= pending - 1u;
		if (!handlers[irq].fn) {
			/* Masked so a non-fatal hook cannot cause a storm. */
			pic_disable(irq);
			pic_unexpected_hook(irq);
			continue;
		}
		counts[irq]++;
		handlers[irq].fn(handlers[irq].ctx);
		ran++;
	}
	return ran;
}

uint32_t pic_spurious_count(void)
{
	return spurious;
}

uint32_t pic_irq_count(uint32_t irq)
{
	return irq < PIC_NR_IRQS ? counts[irq] : 0;
}
