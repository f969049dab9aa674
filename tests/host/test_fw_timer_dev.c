/*
 * The timer class (drivers/timer_dev.[ch]) against a fake driver that
 * records what the class asks of it: a clock the test moves, and the one
 * hardware alarm, set or cleared.  Checked, as drivers/timer_dev.h promises:
 * the hardware alarm always at the earliest queued alarm and cleared when
 * none is left; expire() runs what is due in time order, reads the time
 * again after each callback and leaves the rest; a callback may re-arm; a
 * cancel re-programs; the errors (-ENODEV before init, -EBUSY, -EINVAL,
 * -ENOENT).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/timer_dev.h"

/* The fake device: its time, and its alarm as the class last left it. */
static struct {
	struct timer_dev dev;
	uint64_t now;
	uint64_t step;       /* ns the clock moves at each read (a slow ISR) */
	bool armed;
	uint64_t at;
	unsigned sets, clears;
} f;

static uint64_t fake_now(struct timer_dev *dev)
{
	assert_ptr_equal(dev, &f.dev);
	uint64_t t = f.now;
	f.now += f.step;
	return t;
}

static void fake_set(struct timer_dev *dev, uint64_t when)
{
	assert_ptr_equal(dev, &f.dev);
	f.armed = true;
	f.at = when;
	f.sets++;
}

static void fake_clear(struct timer_dev *dev)
{
	assert_ptr_equal(dev, &f.dev);
	f.armed = false;
	f.clears++;
}

static const struct timer_dev_ops fake_ops = {
	.now_ns = fake_now, .set_alarm = fake_set, .clear_alarm = fake_clear,
};

static struct alarm alarms[4];
static uint64_t fired_at[8];
static uintptr_t fired_id[8];
static unsigned nfired, rearm;

static void on_alarm(struct alarm *a, void *ctx)
{
	fired_id[nfired % 8u] = (uintptr_t)ctx;
	fired_at[nfired++ % 8u] = f.now;
	assert_true(f.now >= a->when);
	if (rearm) {
		rearm--;
		assert_int_equal(timer_dev_alarm_at(&f.dev, a, a->when + 1000u, on_alarm, ctx), 0);
	}
}

/* The device's interrupt: the driver acknowledges it, the class runs. */
static void interrupt(void)
{
	timer_dev_expire(&f.dev);
}

static int setup(void **state)
{
	(void)state;
	memset(&f, 0, sizeof f);
	memset(alarms, 0, sizeof alarms);
	nfired = rearm = 0;
	f.now = 5000;
	timer_dev_init(&f.dev, "fake", &fake_ops);
	return 0;
}

static void earliest_always_armed(void **state)
{
	(void)state;
	assert_string_equal(f.dev.name, "fake");
	assert_int_equal(timer_dev_now_ns(&f.dev), 5000);
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[0], 9000, on_alarm, (void *)0), 0);
	assert_true(f.armed);
	assert_int_equal(f.at, 9000);
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[1], 7000, on_alarm, (void *)1), 0);
	assert_int_equal(f.at, 7000);
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[2], 8000, on_alarm, (void *)2), 0);
	assert_int_equal(f.at, 7000);
	/* Cancelling the earliest moves the hardware to the next. */
	assert_int_equal(timer_dev_alarm_cancel(&f.dev, &alarms[1]), 0);
	assert_int_equal(f.at, 8000);
	assert_int_equal(timer_dev_alarm_cancel(&f.dev, &alarms[1]), -ENOENT);
	assert_int_equal(timer_dev_alarm_cancel(&f.dev, &alarms[2]), 0);
	assert_int_equal(timer_dev_alarm_cancel(&f.dev, &alarms[0]), 0);
	assert_false(f.armed); /* none left: cleared */
	assert_int_equal(nfired, 0);
}

static void expire_runs_due_in_order(void **state)
{
	(void)state;
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[0], 8000, on_alarm, (void *)0), 0);
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[1], 6000, on_alarm, (void *)1), 0);
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[2], 20000, on_alarm, (void *)2), 0);
	/* An early interrupt (allowed) runs nothing and re-arms. */
	interrupt();
	assert_int_equal(nfired, 0);
	assert_true(f.armed);
	assert_int_equal(f.at, 6000);
	f.now = 8000;
	interrupt();
	assert_int_equal(nfired, 2);
	assert_int_equal(fired_id[0], 1);
	assert_int_equal(fired_id[1], 0);
	assert_int_equal(f.at, 20000); /* the rest stays queued */
	/* The time is read again after each callback: an alarm that fell due
	 * while the others ran fires in the same interrupt. */
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[0], 8500, on_alarm, (void *)0), 0);
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[1], 9000, on_alarm, (void *)1), 0);
	f.now = 8500;
	f.step = 500; /* reads 8500, then 9000 */
	interrupt();
	assert_int_equal(nfired, 4);
	assert_int_equal(fired_id[3], 1);
	f.step = 0;
	f.now = 20000;
	interrupt();
	assert_int_equal(nfired, 5);
	assert_false(f.armed);
}

static void rearm_from_callback(void **state)
{
	(void)state;
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[0], 6000, on_alarm, (void *)0), 0);
	/* An alarm in the past arms the hardware at that time: it fires at
	 * once, in the device's next interrupt. */
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[1], 100, on_alarm, (void *)1), 0);
	assert_int_equal(f.at, 100);
	interrupt();
	assert_int_equal(nfired, 1);
	assert_int_equal(f.at, 6000);
	/* Each callback re-arms its alarm 1000 ns later, twice. */
	rearm = 2;
	for (uint64_t t = 6000; t <= 8000; t += 1000) {
		f.now = t;
		interrupt();
	}
	assert_int_equal(nfired, 4); /* 6000 and its two re-arms, 7000 and 8000 */
	assert_int_equal(fired_at[3], 8000);
	assert_false(f.armed);
}

static void errors(void **state)
{
	(void)state;
	struct timer_dev none = {0};
	assert_int_equal(timer_dev_alarm_at(&none, &alarms[3], 1, on_alarm, NULL), -ENODEV);
	assert_int_equal(timer_dev_alarm_cancel(&none, &alarms[3]), -ENOENT);
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[0], 9000, NULL, NULL), -EINVAL);
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[0], 9000, on_alarm, NULL), 0);
	assert_int_equal(timer_dev_alarm_at(&f.dev, &alarms[0], 9500, on_alarm, NULL), -EBUSY);
	assert_int_equal(f.at, 9000);
	assert_int_equal(f.sets, 1); /* a refused alarm programs nothing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(earliest_always_armed, setup),
		cmocka_unit_test_setup(expire_runs_due_in_order, setup),
		cmocka_unit_test_setup(rearm_from_callback, setup),
		cmocka_unit_test_setup(errors, setup),
	};
	return cmocka_run_group_tests_name("fw_timer_dev", tests, NULL, NULL);
}
