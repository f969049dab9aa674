/*
 * goldfish_timer.h — the classic goldfish timer: a 64-bit count of
 * nanoseconds of QEMU virtual time and one hardware alarm, multiplexed
 * here into any number of one-shot software alarms (lib/alarmq.h).
 * Registers: regs/goldfish_timer.h.
 *
 * The board attaches goldfish_timer_isr (context: the timer) to the
 * timer's interrupt line.  Alarm callbacks run in that interrupt, in time
 * order, at or after their time; they may (re)arm alarms.  Sleeping and
 * busy-waiting are the board's (board/board.h), built on these.
 */
#ifndef KOI_GOLDFISH_TIMER_H
#define KOI_GOLDFISH_TIMER_H

#include <stdint.h>

#include "lib/alarmq.h"
#include "regs/goldfish_timer.h"

struct goldfish_timer {
	uintptr_t base;       /* 0 until goldfish_timer_init */
	/* Shared with the ISR: touched only with interrupts masked. */
	struct alarmq queue;
};

/* Binds t to the registers at base, no alarm armed.  -EINVAL for base 0. */
int goldfish_timer_init(struct goldfish_timer *t, uintptr_t base);
/* The interrupt handler; ctx is the struct goldfish_timer. */
void goldfish_timer_isr(void *ctx);
/* Monotonic virtual time in ns. */
uint64_t goldfish_timer_now_ns(struct goldfish_timer *t);
/* One-shot alarm at absolute time when (in the past: fires at once).
 * -EBUSY if a is still queued, -EINVAL without callback, -ENODEV before
 * goldfish_timer_init. */
int goldfish_timer_alarm_at(struct goldfish_timer *t, struct alarm *a, uint64_t when,
			    alarm_fn fn, void *ctx);
/* -ENOENT if it already fired. */
int goldfish_timer_alarm_cancel(struct goldfish_timer *t, struct alarm *a);

#endif /* KOI_GOLDFISH_TIMER_H */
