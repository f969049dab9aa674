/* The timer class: software alarms on one hardware alarm; see timer_dev.h. */
#include "drivers/timer_dev.h"

#include <errno.h>
#include <stddef.h>

#include "arch/arm/cpu.h"

void timer_dev_init(struct timer_dev *dev, const char *name,
		    const struct timer_dev_ops *ops)
{
	dev->name = name;
	dev->ops = ops;
	alarmq_init(&dev->queue);
}

/* With interrupts masked: the hardware alarm at the earliest software
 * alarm, or none. */
static void program_locked(struct timer_dev *dev)
{
	uint64_t when;
	if (alarmq_next(&dev->queue, &when))
		dev->ops->set_alarm(dev, when);
	else
		dev->ops->clear_alarm(dev);
}

void timer_dev_expire(struct timer_dev *dev)
{
	uint64_t now = timer_dev_now_ns(dev);
	struct alarm *a;
	while ((a = alarmq_pop_due(&dev->queue, now)) != NULL) {
		a->fn(a, a->ctx);
		now = timer_dev_now_ns(dev);
	}
	program_locked(dev);
}

int timer_dev_alarm_at(struct timer_dev *dev, struct alarm *a, uint64_t when,
		       alarm_fn fn, void *ctx)
{
	if (!dev->ops)
		return -ENODEV;
	uint32_t s = irq_save();
	int r = alarmq_insert(&dev->queue, a, when, fn, ctx);
	if (!r)
		program_locked(dev);
	irq_restore(s);
	return r;
}

int timer_dev_alarm_cancel(struct timer_dev *dev, struct alarm *a)
{
	uint32_t s = irq_save();
	int r = alarmq_remove(&dev->queue, a);
	if (!r)
		program_locked(dev);
	irq_restore(s);
	return r;
}
