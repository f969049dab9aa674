/* SP804 dual timer as a timer_dev; see sp804.h. */
#include "drivers/sp804.h"

#include <errno.h>
#include <stddef.h>

#include "arch/arm/cpu.h"
#include "drivers/mmio.h"
#include "lib/container_of.h"

#define NS_PER_S 1000000000u

static uint32_t rd(const struct sp804 *t, uint32_t off) { return mmio_read32(t->base + off); }
static void wr(const struct sp804 *t, uint32_t off, uint32_t v) { mmio_write32(t->base + off, v); }

/* With interrupts masked: ticks since init.  Timer 1 counts down from
 * 0xffffffff, so the ticks in the current wrap are 0xffffffff - VALUE.  A
 * raised wrap interrupt that the ISR has not counted yet means VALUE may
 * already be past the wrap: read it again after seeing the flag and count
 * the wrap here, and the result is right on either side of it. */
static uint64_t ticks_locked(const struct sp804 *t)
{
	uint32_t hi = t->wraps;
	uint32_t v = rd(t, SP804_TIMER1 + SP804_VALUE);
	if (rd(t, SP804_TIMER1 + SP804_RIS) & SP804_INT) {
		v = rd(t, SP804_TIMER1 + SP804_VALUE);
		hi++;
	}
	return ((uint64_t)hi << 32) | (0xffffffffu - v);
}

/* ticks * 1e9 / clk without overflow: whole seconds, then the rest. */
static uint64_t ticks_to_ns(const struct sp804 *t, uint64_t ticks)
{
	return ticks / t->clk_hz * NS_PER_S + ticks % t->clk_hz * NS_PER_S / t->clk_hz;
}

/* The first tick at or after ns (rounded up, so an alarm is never early). */
static uint64_t ns_to_ticks_up(const struct sp804 *t, uint64_t ns)
{
	return ns / NS_PER_S * t->clk_hz +
	       (ns % NS_PER_S * t->clk_hz + NS_PER_S - 1u) / NS_PER_S;
}

static uint64_t now_ns(struct timer_dev *dev)
{
	const struct sp804 *t = container_of(dev, struct sp804, dev);
	uint32_t s = irq_save();
	uint64_t ticks = ticks_locked(t);
	irq_restore(s);
	return ticks_to_ns(t, ticks);
}

/* Timer 2 stopped, its interrupt cleared. */
static void clear_alarm(struct timer_dev *dev)
{
	const struct sp804 *t = container_of(dev, struct sp804, dev);
	wr(t, SP804_TIMER2 + SP804_CONTROL, 0);
	wr(t, SP804_TIMER2 + SP804_INTCLR, 1);
}

/* Timer 2 counts down to when.  An alarm already due gets one tick: the
 * interrupt comes at once and the ISR finds it due. */
static void set_alarm(struct timer_dev *dev, uint64_t when)
{
	const struct sp804 *t = container_of(dev, struct sp804, dev);
	clear_alarm(dev);
	uint64_t now = ticks_locked(t), at = ns_to_ticks_up(t, when);
	uint64_t d = at > now ? at - now : 1u;
	/* Further than one count of the timer: it fires early, the ISR
	 * finds nothing due and sets the rest. */
	if (d > 0xffffffffu)
		d = 0xffffffffu;
	wr(t, SP804_TIMER2 + SP804_LOAD, (uint32_t)d);
	wr(t, SP804_TIMER2 + SP804_CONTROL, SP804_CTRL_ENABLE | SP804_CTRL_ONESHOT |
	   SP804_CTRL_32BIT | SP804_CTRL_DIV1 | SP804_CTRL_INTEN);
}

static const struct timer_dev_ops sp804_ops = {
	.now_ns = now_ns,
	.set_alarm = set_alarm,
	.clear_alarm = clear_alarm,
};

void sp804_isr(void *ctx)
{
	struct sp804 *t = ctx;
	if (rd(t, SP804_TIMER1 + SP804_MIS) & SP804_INT) {
		wr(t, SP804_TIMER1 + SP804_INTCLR, 1);
		t->wraps++;
	}
	/* Timer 2's interrupt is cleared when the class sets or clears the
	 * alarm again. */
	timer_dev_expire(&t->dev);
}

int sp804_init(struct sp804 *t, uintptr_t base, uint32_t clk_hz)
{
	if (!base || clk_hz < 1000u || clk_hz > NS_PER_S)
		return -EINVAL;
	t->base = base;
	t->clk_hz = clk_hz;
	t->wraps = 0;
	wr(t, SP804_TIMER1 + SP804_CONTROL, 0);
	wr(t, SP804_TIMER2 + SP804_CONTROL, 0);
	wr(t, SP804_TIMER1 + SP804_INTCLR, 1);
	wr(t, SP804_TIMER2 + SP804_INTCLR, 1);
	/* Free-running mode wraps from 0 to 0xffffffff; loading that value
	 * first starts the count at the top, so the clock starts at 0. */
	wr(t, SP804_TIMER1 + SP804_LOAD, 0xffffffffu);
	wr(t, SP804_TIMER1 + SP804_CONTROL, SP804_CTRL_ENABLE | SP804_CTRL_32BIT |
	   SP804_CTRL_DIV1 | SP804_CTRL_INTEN);
	timer_dev_init(&t->dev, "sp804", &sp804_ops);
	return 0;
}
