/* Goldfish timer as a timer_dev; see goldfish_timer.h. */
#include "drivers/goldfish_timer.h"

#include <errno.h>

#include "arch/arm/cpu.h"
#include "drivers/mmio.h"
#include "lib/container_of.h"

static uint64_t now_ns(struct timer_dev *dev)
{
	const struct goldfish_timer *t = container_of(dev, struct goldfish_timer, dev);
	/* TIME_LOW latches the whole 64-bit count; an ISR reading the time
	 * between our two loads would re-latch it, hence the masking. */
	uint32_t s = irq_save();
	uint32_t lo = mmio_read32(t->base + TIMER_TIME_LOW);
	uint32_t hi = mmio_read32(t->base + TIMER_TIME_HIGH);
	irq_restore(s);
	return ((uint64_t)hi << 32) | lo;
}

/* A time already past makes the device raise the line at once. */
static void set_alarm(struct timer_dev *dev, uint64_t when)
{
	const struct goldfish_timer *t = container_of(dev, struct goldfish_timer, dev);
	mmio_write32(t->base + TIMER_ALARM_HIGH, (uint32_t)(when >> 32));
	mmio_write32(t->base + TIMER_ALARM_LOW, (uint32_t)when);
}

static void clear_alarm(struct timer_dev *dev)
{
	const struct goldfish_timer *t = container_of(dev, struct goldfish_timer, dev);
	mmio_write32(t->base + TIMER_CLEAR_ALARM, 1);
}

static const struct timer_dev_ops goldfish_timer_ops = {
	.now_ns = now_ns,
	.set_alarm = set_alarm,
	.clear_alarm = clear_alarm,
};

void goldfish_timer_isr(void *ctx)
{
	struct goldfish_timer *t = ctx;
	mmio_write32(t->base + TIMER_CLEAR_INTERRUPT, 1);
	timer_dev_expire(&t->dev);
}

int goldfish_timer_init(struct goldfish_timer *t, uintptr_t base)
{
	if (!base)
		return -EINVAL;
	t->base = base;
	mmio_write32(base + TIMER_CLEAR_ALARM, 1);
	mmio_write32(base + TIMER_CLEAR_INTERRUPT, 1);
	timer_dev_init(&t->dev, "goldfish_timer", &goldfish_timer_ops);
	return 0;
}
