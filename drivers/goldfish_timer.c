/* Goldfish timer and software alarms; see goldfish_timer.h. */
#include "drivers/goldfish_timer.h"

#include <errno.h>
#include <stdbool.h>

#include "boot/cpu.h"
#include "drivers/goldfish_pic.h"
#include "drivers/mmio.h"

static uintptr_t timer_base;
/* Shared with the ISR: touched only with interrupts masked. */
static struct alarmq queue;

uint64_t timer_now_ns(void)
{
	/* TIME_LOW latches the whole 64-bit count; an ISR reading the time
	 * between our two loads would re-latch it, hence the masking. */
	uint32_t s = irq_save();
	uint32_t lo = mmio_read32(timer_base + TIMER_TIME_LOW);
	uint32_t hi = mmio_read32(timer_base + TIMER_TIME_HIGH);
	irq_restore(s);
	return ((uint64_t)hi << 32) | lo;
}

/* With interrupts masked: point the hardware at the earliest alarm.  A
 * time already past makes the device raise the line at once, so no alarm
 * is lost between the check and the write. */
static void program_locked(void)
{
	uint64_t when;
	if (!alarmq_next(&queue, &when)) {
		mmio_write32(timer_base + TIMER_CLEAR_ALARM, 1);
		return;
	}
	mmio_write32(timer_base + TIMER_ALARM_HIGH, (uint32_t)(when >> 32));
	mmio_write32(timer_base + TIMER_ALARM_LOW, (uint32_t)when);
}

static void timer_isr(void *ctx)
{
	(void)ctx;
	mmio_write32(timer_base + TIMER_CLEAR_INTERRUPT, 1);
	uint64_t now = timer_now_ns();
	struct alarm *a;
	while ((a = alarmq_pop_due(&queue, now)) != NULL) {
		a->fn(a, a->ctx);
		now = timer_now_ns();
	}
	program_locked();
}

int timer_init(uintptr_t base, uint32_t irq)
{
	if (!base)
		return -EINVAL;
	timer_base = base;
	alarmq_init(&queue);
	mmio_write32(base + TIMER_CLEAR_ALARM, 1);
	mmio_write32(base + TIMER_CLEAR_INTERRUPT, 1);
	int r = pic_register(irq, timer_isr, NULL);
	if (r)
		return r;
	pic_enable(irq);
	return 0;
}

int timer_alarm_at(struct alarm *a, uint64_t when, alarm_fn fn, void *ctx)
{
	if (!timer_base)
		return -ENODEV;
	uint32_t s = irq_save();
	int r = alarmq_insert(&queue, a, when, fn, ctx);
	if (!r)
		program_locked();
	irq_restore(s);
	return r;
}

int timer_alarm_in(struct alarm *a, uint64_t delay_ns, alarm_fn fn, void *ctx)
{
	return timer_alarm_at(a, timer_now_ns() + delay_ns, fn, ctx);
}

int timer_alarm_cancel(struct alarm *a)
{
	uint32_t s = irq_save();
	int r = alarmq_remove(&queue, a);
	if (!r)
		program_locked();
	irq_restore(s);
	return r;
}

void timer_delay_ns(uint64_t ns)
{
	uint64_t end = timer_now_ns() + ns;
	while (timer_now_ns() < end)
		;
}

static void wake(struct alarm *a, void *ctx)
{
	(void)a;
	*(bool *)ctx = true;
}

void timer_sleep_until(uint64_t when)
{
	/* Written by the alarm callback, read here with interrupts masked;
	 * the compiler reloads it after each WFI because irq_save() is a
	 * memory barrier to it. */
	bool done = false;
	struct alarm a = { 0 };
	if (timer_alarm_at(&a, when, wake, &done))
		return;
	uint32_t s = irq_save();
	while (!done) {
		/* WFI with I masked still wakes on the pending IRQ; unmask
		 * briefly to take it, then re-check. */
		cpu_wfi();
		irq_enable();
		__asm__ volatile("isb" ::: "memory");
		irq_disable();
	}
	irq_restore(s);
}

void timer_sleep_ns(uint64_t ns)
{
	timer_sleep_until(timer_now_ns() + ns);
}
