/* The Arm generic timer's virtual timer as a timer_dev; see
 * generic_timer.h. */
#include "drivers/generic_timer.h"

#include <errno.h>
#include <stddef.h>

#include "lib/container_of.h"

#define NS_PER_S 1000000000u

/* The CP15 accessors (regs/generic_timer.h).  The ISB before reading the
 * count keeps it from being read early (Arm ARM B8.1.2). */
static uint32_t cntfrq(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));
	return v;
}

static uint64_t cntvct(void)
{
	uint32_t lo, hi;
	__asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

static void cntv_ctl_write(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" :: "r"(v) : "memory");
}

static void cntv_cval_write(uint64_t v)
{
	__asm__ volatile("mcrr p15, 3, %0, %1, c14\n\tisb"
			 :: "r"((uint32_t)v), "r"((uint32_t)(v >> 32)) : "memory");
}

/* ticks * 1e9 / freq without overflow: whole seconds, then the rest. */
static uint64_t ticks_to_ns(const struct generic_timer *t, uint64_t ticks)
{
	return ticks / t->freq_hz * NS_PER_S + ticks % t->freq_hz * NS_PER_S / t->freq_hz;
}

/* The first tick at or after ns (rounded up, so an alarm is never early). */
static uint64_t ns_to_ticks_up(const struct generic_timer *t, uint64_t ns)
{
	return ns / NS_PER_S * t->freq_hz +
	       (ns % NS_PER_S * t->freq_hz + NS_PER_S - 1u) / NS_PER_S;
}

/* One 64-bit read: no interrupt needs masking. */
static uint64_t now_ns(struct timer_dev *dev)
{
	const struct generic_timer *t = container_of(dev, struct generic_timer, dev);
	return ticks_to_ns(t, cntvct() - t->start);
}

/* A compare value at or below the count raises the interrupt at once. */
static void set_alarm(struct timer_dev *dev, uint64_t when)
{
	const struct generic_timer *t = container_of(dev, struct generic_timer, dev);
	cntv_cval_write(t->start + ns_to_ticks_up(t, when));
	cntv_ctl_write(CNTV_CTL_ENABLE);
}

static void clear_alarm(struct timer_dev *dev)
{
	(void)dev;
	cntv_ctl_write(CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
}

static const struct timer_dev_ops generic_timer_ops = {
	.now_ns = now_ns, .set_alarm = set_alarm, .clear_alarm = clear_alarm,
};

/* The level drops when the class sets the next alarm or clears it. */
void generic_timer_isr(void *ctx)
{
	struct generic_timer *t = ctx;
	timer_dev_expire(&t->dev);
}

int generic_timer_init(struct generic_timer *t)
{
	uint32_t f = cntfrq();
	if (f < 1000u || f > NS_PER_S)
		return -ENODEV;
	t->freq_hz = f;
	cntv_ctl_write(CNTV_CTL_IMASK);
	t->start = cntvct();
	timer_dev_init(&t->dev, "generic_timer", &generic_timer_ops);
	return 0;
}
