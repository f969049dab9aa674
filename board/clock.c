/* board.h's time and alarms on the board's timer; see common.h. */
#include "board/board.h"
#include "board/common.h"

#include <errno.h>
#include <stddef.h>

static uint64_t no_clock(struct timer_dev *dev)
{
	(void)dev;
	return 0;
}

/* Set by the board in stage 4, before interrupts are on; read afterwards.
 * The time function is kept beside the timer, so that board_now_ns(),
 * which the period interrupt calls, is one indirect jump and no check. */
static struct {
	uint64_t (*now_ns)(struct timer_dev *dev);
	struct timer_dev *dev;
} clock = { no_clock, NULL };

void clock_bind(struct timer_dev *timer)
{
	clock.dev = timer;
	clock.now_ns = timer->ops->now_ns;
}

uint64_t board_now_ns(void)
{
	return clock.now_ns(clock.dev);
}

int board_alarm_at(struct alarm *a, uint64_t when, alarm_fn fn, void *ctx)
{
	return clock.dev ? timer_dev_alarm_at(clock.dev, a, when, fn, ctx) : -ENODEV;
}

int board_alarm_cancel(struct alarm *a)
{
	return clock.dev ? timer_dev_alarm_cancel(clock.dev, a) : -ENOENT;
}
