/* Goldfish timer and software alarms; see goldfish_timer.h. */
#include "drivers/goldfish_timer.h"

#include <errno.h>

#include "arch/arm/cpu.h"
#include "drivers/mmio.h"

uint64_t goldfish_timer_now_ns(struct goldfish_timer *t)
{
	/* TIME_LOW latches the whole 64-bit count; an ISR reading the time
	 * between our two loads would re-latch it, hence the masking. */
	uint32_t s = irq_save();
	uint32_t lo = mmio_read32(t->base + TIMER_TIME_LOW);
	uint32_t hi = mmio_read32(t->base + TIMER_TIME_HIGH);
	irq_restore(s);
	return ((uint64_t)hi << 32) | lo;
}

/* With interrupts masked: point the hardware at the earliest alarm.  A
 * time already past makes the device raise the line at once, so no alarm
 * is lost between the check and the write. */
static void program_locked(struct goldfish_timer *t)
{
	uint64_t when;
	if (!alarmq_next(&t->queue, &when)) {
		mmio_write32(t->base + TIMER_CLEAR_ALARM, 1);
		return;
	}
	mmio_write32(t->base + TIMER_ALARM_HIGH, (uint32_t)(when >> 32));
	mmio_write32(t->base + TIMER_ALARM_LOW, (uint32_t)when);
}

void goldfish_timer_isr(void *ctx)
{
	struct goldfish_timer *t = ctx;
	mmio_write32(t->base + TIMER_CLEAR_INTERRUPT, 1);
	uint64_t now = goldfish_timer_now_ns(t);
	struct alarm *a;
	while ((a = alarmq_pop_due(&t->queue, now)) != NULL) {
		a->fn(a, a->ctx);
		now = goldfish_timer_now_ns(t);
	}
	program_locked(t);
}

int goldfish_timer_init(struct goldfish_timer *t, uintptr_t base)
{
	if (!base)
		return -EINVAL;
	t->base = base;
	alarmq_init(&t->queue);
	mmio_write32(base + TIMER_CLEAR_ALARM, 1);
	mmio_write32(base + TIMER_CLEAR_INTERRUPT, 1);
	return 0;
}

int goldfish_timer_alarm_at(struct goldfish_timer *t, struct alarm *a, uint64_t when,
			    alarm_fn fn, void *ctx)
{
	if (!t->base)
		return -ENODEV;
	uint32_t s = irq_save();
	int r = alarmq_insert(&t->queue, a, when, fn, ctx);
	if (!r)
		program_locked(t);
	irq_restore(s);
	return r;
}

int goldfish_timer_alarm_cancel(struct goldfish_timer *t, struct alarm *a)
{
	uint32_t s = irq_save();
	int r = alarmq_remove(&t->queue, a);
	if (!r)
		program_locked(t);
	irq_restore(s);
	return r;
}
