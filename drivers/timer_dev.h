/*
 * timer_dev.h — the device class of a board's clock: a monotonic time in
 * nanoseconds and one hardware alarm, which the class multiplexes into any
 * number of one-shot software alarms (lib/alarmq.h).  What Linux splits
 * into a clocksource and a clock_event_device, in one small contract.
 *
 * The class (drivers/timer_dev.c) owns the alarm queue and the order of
 * work; a driver owns registers and turns "interrupt me at time T" into
 * what its device can do (goldfish: a 64-bit alarm register; SP804: a
 * one-shot down-counter).  A driver embeds a struct timer_dev in its state
 * (its operations get the state back with container_of, lib/container_of.h)
 * and calls timer_dev_init() from its own init; its interrupt handler, which
 * the board attaches to the device's line, acknowledges the device and then
 * calls timer_dev_expire().  The board binds the timer as its clock
 * (clock_bind, board/common.h), which gives board.h's board_now_ns() and
 * board_alarm_*().
 *
 * Driver operations, and when the class calls them:
 *   now_ns     any context; the driver masks interrupts itself if reading
 *              the time takes more than one access.
 *   set_alarm  interrupts masked (inside the class, or in the ISR): raise
 *              the interrupt at or after `when` (ns, absolute), replacing
 *              any earlier setting; a time already past raises it at once,
 *              so no alarm is lost between the class's check and the write.
 *              Early is allowed (a far alarm on a narrow counter): the class
 *              then finds nothing due and sets the rest.
 *   clear_alarm interrupts masked: no alarm interrupt from now on.
 *
 * Alarm callbacks run in the timer's interrupt, in time order, at or after
 * their time, and may arm or cancel alarms.  Errors are negative errno
 * values (<errno.h>).
 */
#ifndef KOI_TIMER_DEV_H
#define KOI_TIMER_DEV_H

#include <stdint.h>

#include "lib/alarmq.h"

struct timer_dev;

struct timer_dev_ops {
	uint64_t (*now_ns)(struct timer_dev *dev);
	void (*set_alarm)(struct timer_dev *dev, uint64_t when);
	void (*clear_alarm)(struct timer_dev *dev);
};

struct timer_dev {
	const char *name;
	const struct timer_dev_ops *ops; /* NULL until the driver's init */
	/* The class's.  Shared with the ISR: touched only with interrupts
	 * masked. */
	struct alarmq queue;
};

/**
 * For a driver's init: binds dev to ops with no alarm queued.  The driver
 * has stopped its alarm interrupt first.
 * @param dev   the class part of the driver's state
 * @param name  the device's name
 * @param ops   the driver's operations
 */
void timer_dev_init(struct timer_dev *dev, const char *name,
		    const struct timer_dev_ops *ops);
/**
 * For a driver's ISR, after it acknowledged its device: runs every alarm
 * that is due (the time is read again after each callback) and sets the
 * hardware alarm for the next one, or clears it.
 * @param dev  the timer
 */
void timer_dev_expire(struct timer_dev *dev);

/**
 * Monotonic time.  Any context.
 * @param dev  initialised by its driver
 * @return ns
 */
static inline uint64_t timer_dev_now_ns(struct timer_dev *dev)
{
	return dev->ops->now_ns(dev);
}

/**
 * One-shot alarm at an absolute time.  fn runs in the timer's interrupt.
 * @param dev   the timer
 * @param a     the alarm, in the caller's memory
 * @param when  ns (in the past: fires at once)
 * @param fn    called with a and ctx
 * @param ctx   passed to fn
 * @return 0
 * @retval -EBUSY   a is still queued
 * @retval -EINVAL  no fn
 * @retval -ENODEV  before the driver's init
 */
int timer_dev_alarm_at(struct timer_dev *dev, struct alarm *a, uint64_t when,
		       alarm_fn fn, void *ctx);
/**
 * Cancels an alarm before it fires.
 * @param dev  the timer
 * @param a    the alarm
 * @return 0
 * @retval -ENOENT  a is not queued (it fired, or was never set)
 */
int timer_dev_alarm_cancel(struct timer_dev *dev, struct alarm *a);

#endif /* KOI_TIMER_DEV_H */
