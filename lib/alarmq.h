/*
 * alarmq.h — a time-ordered queue of one-shot alarms (pure logic).
 *
 * Alarms live in the caller's memory (no allocation).  Equal times keep
 * insertion order.  The queue itself takes no locks: goldfish_timer masks
 * interrupts around every call, since its ISR also pops from it.
 */
#ifndef KOI_ALARMQ_H
#define KOI_ALARMQ_H

#include <stdbool.h>
#include <stdint.h>

struct alarm;
typedef void (*alarm_fn)(struct alarm *a, void *ctx);

struct alarm {
	uint64_t when;       /* absolute time, ns */
	alarm_fn fn;
	void *ctx;
	struct alarm *next;
	bool queued;
};

struct alarmq {
	struct alarm *head;
};

void alarmq_init(struct alarmq *q);
/* -EBUSY if a is already queued, -EINVAL without a callback. */
int alarmq_insert(struct alarmq *q, struct alarm *a, uint64_t when,
		  alarm_fn fn, void *ctx);
/* -ENOENT if a is not queued (already fired or never set). */
int alarmq_remove(struct alarmq *q, struct alarm *a);
/* Removes and returns the earliest alarm if it is due at now, else NULL. */
struct alarm *alarmq_pop_due(struct alarmq *q, uint64_t now);
/* The earliest time, or false if the queue is empty. */
bool alarmq_next(const struct alarmq *q, uint64_t *when);

#endif /* KOI_ALARMQ_H */
