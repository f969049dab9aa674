/*
 * SP804 driver logic against a model of the dual timer that follows a
 * simulated clock: timer 1 free-running down from 0xffffffff with its wrap
 * interrupt, timer 2 one-shot.  Checked: the clock in ns, monotonic across
 * wraps (counted by the ISR, or found pending by a reader first), alarms in
 * time order at or after their time, in the past, re-armed from their
 * callback, cancelled, further away than one count of the timer; another
 * TIMCLK.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/sp804.h"
#include "tests/host/fw_mmio_fake.h"

#define BASE 0x10011000u

static struct {
	uint64_t now;                 /* ticks of TIMCLK */
	struct tm_ {
		uint32_t load, control;
		uint64_t start;       /* tick the count began from load */
		uint64_t cleared;     /* wraps/expiries already cleared */
		bool fired;           /* one-shot reached zero */
	} t[2];
} m;

static bool on(int i) { return m.t[i].control & SP804_CTRL_ENABLE; }

/* Free-running timer 1: wraps seen since it started. */
static uint64_t wraps1(void)
{
	return on(0) ? (m.now - m.t[0].start) >> 32 : 0;
}

static uint32_t ris(int i)
{
	if (i == 0)
		return wraps1() > m.t[0].cleared;
	return on(1) && m.now - m.t[1].start >= m.t[1].load && !m.t[1].fired;
}

static uint32_t value(int i)
{
	if (i == 0)
		return 0xffffffffu - (uint32_t)(m.now - m.t[0].start);
	uint64_t e = m.now - m.t[1].start;
	return e >= m.t[1].load ? 0 : (uint32_t)(m.t[1].load - e);
}

static uint32_t rd(uintptr_t a)
{
	uint32_t off = (uint32_t)(a - BASE);
	int i = off >= SP804_TIMER2;
	switch (off % SP804_TIMER2) {
	case SP804_VALUE: return value(i);
	case SP804_CONTROL: return m.t[i].control;
	case SP804_RIS: return ris(i);
	case SP804_MIS: return (m.t[i].control & SP804_CTRL_INTEN) ? ris(i) : 0;
	default: fail_msg("read of %#x", off); return 0;
	}
}

static void wr(uintptr_t a, uint32_t v)
{
	uint32_t off = (uint32_t)(a - BASE);
	int i = off >= SP804_TIMER2;
	switch (off % SP804_TIMER2) {
	case SP804_LOAD:
		m.t[i].load = v;
		m.t[i].start = m.now;
		m.t[i].fired = false;
		break;
	case SP804_CONTROL:
		if (i == 0)
			assert_int_equal(v & (SP804_CTRL_ONESHOT | SP804_CTRL_PERIODIC), 0);
		else if (v & SP804_CTRL_ENABLE)
			assert_true(v & SP804_CTRL_ONESHOT);
		if ((v & SP804_CTRL_ENABLE) && !on(i)) {
			m.t[i].start = m.now;
			m.t[i].fired = false;
		}
		m.t[i].control = v;
		break;
	case SP804_INTCLR:
		if (i == 0)
			m.t[0].cleared = wraps1();
		else if (ris(1))
			m.t[1].fired = true;
		break;
	default: fail_msg("write of %#x", off);
	}
}

static struct sp804 t;

static bool line(void)
{
	return rd(BASE + SP804_TIMER1 + SP804_MIS) || rd(BASE + SP804_TIMER2 + SP804_MIS);
}

/* The clock moves on from event to event (a wrap, timer 2 at zero); the
 * ISR runs whenever the line is up, so at the very tick it rose. */
static void advance(uint64_t ticks)
{
	while (ticks) {
		uint64_t next = m.t[0].start + ((wraps1() + 1u) << 32);
		if (on(1) && !m.t[1].fired && m.t[1].start + m.t[1].load > m.now &&
		    m.t[1].start + m.t[1].load < next)
			next = m.t[1].start + m.t[1].load;
		uint64_t step = next - m.now < ticks ? next - m.now : ticks;
		m.now += step;
		ticks -= step;
		for (unsigned n = 0; line(); n++) {
			assert_true(n < 10);
			sp804_isr(&t);
		}
	}
}

static uint64_t fired_at[8];
static unsigned nfired, rearm;
static struct alarm alarms[8];

static void on_alarm(struct alarm *a, void *ctx)
{
	fired_at[nfired++ % 8u] = timer_dev_now_ns(&t.dev);
	assert_true(fired_at[(nfired - 1) % 8u] >= a->when);
	if (rearm) {
		rearm--;
		assert_int_equal(timer_dev_alarm_at(&t.dev, a, a->when + 1000000u, on_alarm, ctx), 0);
	}
}

static int setup(void **state)
{
	(void)state;
	memset(&m, 0, sizeof m);
	m.now = 12345; /* whatever the counter did before */
	memset(alarms, 0, sizeof alarms);
	nfired = rearm = 0;
	fw_fake_read = rd;
	fw_fake_write = wr;
	assert_int_equal(sp804_init(&t, BASE, 1000000u), 0);
	return 0;
}

static void clock_from_zero_in_ns(void **state)
{
	(void)state;
	assert_int_equal(timer_dev_now_ns(&t.dev), 0);
	advance(1500);
	assert_int_equal(timer_dev_now_ns(&t.dev), 1500000u);
	struct sp804 u = {0};
	assert_int_equal(sp804_init(&u, 0, 1000000u), -EINVAL);
	assert_int_equal(sp804_init(&u, BASE, 999u), -EINVAL);
	assert_int_equal(timer_dev_alarm_at(&u.dev, &alarms[0], 0, on_alarm, NULL), -ENODEV);
}

static void monotonic_across_wraps(void **state)
{
	(void)state;
	/* Just before the first wrap, then past it with the ISR not yet run:
	 * the reader counts the pending wrap itself. */
	m.now += 0xffffffffull - 10u;
	uint64_t before = timer_dev_now_ns(&t.dev);
	m.now += 20;
	uint64_t after = timer_dev_now_ns(&t.dev);
	assert_true(after > before);
	assert_int_equal(after, (0xffffffffull + 10u) * 1000u);
	/* The ISR counts it; the time stays the same. */
	sp804_isr(&t);
	assert_int_equal(t.wraps, 1);
	assert_int_equal(timer_dev_now_ns(&t.dev), after);
	advance(3ull << 32);
	assert_int_equal(t.wraps, 4);
	assert_int_equal(timer_dev_now_ns(&t.dev), (0xffffffffull + 10u + (3ull << 32)) * 1000u);
}

static void alarms_in_order_never_early(void **state)
{
	(void)state;
	assert_int_equal(timer_dev_alarm_at(&t.dev, &alarms[0], 3000000u, on_alarm, NULL), 0);
	assert_int_equal(timer_dev_alarm_at(&t.dev, &alarms[1], 1000500u, on_alarm, NULL), 0);
	assert_int_equal(timer_dev_alarm_at(&t.dev, &alarms[2], 2000000u, on_alarm, NULL), 0);
	assert_int_equal(timer_dev_alarm_at(&t.dev, &alarms[1], 5, on_alarm, NULL), -EBUSY);
	assert_int_equal(timer_dev_alarm_at(&t.dev, &alarms[3], 5, NULL, NULL), -EINVAL);
	advance(4000);
	assert_int_equal(nfired, 3);
	/* 1000.5 us rounds up to the tick after it. */
	assert_int_equal(fired_at[0], 1001000u);
	assert_int_equal(fired_at[1], 2000000u);
	assert_int_equal(fired_at[2], 3000000u);
	assert_int_equal(m.t[1].control & SP804_CTRL_ENABLE, 0); /* none left */
}

static void past_rearmed_cancelled_far(void **state)
{
	(void)state;
	advance(100);
	assert_int_equal(timer_dev_alarm_at(&t.dev, &alarms[0], 1, on_alarm, NULL), 0);
	advance(1);
	assert_int_equal(nfired, 1);
	/* Re-armed twice from its own callback, 1 ms apart. */
	rearm = 2;
	assert_int_equal(timer_dev_alarm_at(&t.dev, &alarms[1], 1000000u, on_alarm, NULL), 0);
	advance(4000);
	assert_int_equal(nfired, 4);
	assert_int_equal(fired_at[3], 3000000u);
	/* Cancelled: never fires; cancelling again says so. */
	assert_int_equal(timer_dev_alarm_at(&t.dev, &alarms[2], 6000000u, on_alarm, NULL), 0);
	assert_int_equal(timer_dev_alarm_cancel(&t.dev, &alarms[2]), 0);
	assert_int_equal(timer_dev_alarm_cancel(&t.dev, &alarms[2]), -ENOENT);
	advance(4000);
	assert_int_equal(nfired, 4);
	/* Two hours ahead: more than the 32-bit timer counts in one go. */
	uint64_t far = timer_dev_now_ns(&t.dev) + 7200ull * 1000000000u;
	assert_int_equal(timer_dev_alarm_at(&t.dev, &alarms[3], far, on_alarm, NULL), 0);
	advance(7200ull * 1000000u - 1u);
	assert_int_equal(nfired, 4);
	advance(1);
	assert_int_equal(nfired, 5);
	assert_int_equal(fired_at[4], far);
}

static void other_timclk(void **state)
{
	(void)state;
	assert_int_equal(sp804_init(&t, BASE, 24000000u), 0);
	advance(24000000u * 3u + 12u);
	assert_int_equal(timer_dev_now_ns(&t.dev), 3000000500u);
	assert_int_equal(timer_dev_alarm_at(&t.dev, &alarms[0], 3000001000u, on_alarm, NULL), 0);
	advance(11);
	assert_int_equal(nfired, 0);
	advance(1);
	assert_int_equal(nfired, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(clock_from_zero_in_ns, setup),
		cmocka_unit_test_setup(monotonic_across_wraps, setup),
		cmocka_unit_test_setup(alarms_in_order_never_early, setup),
		cmocka_unit_test_setup(past_rearmed_cancelled_far, setup),
		cmocka_unit_test_setup(other_timclk, setup),
	};
	return cmocka_run_group_tests_name("fw_sp804", tests, NULL, NULL);
}
