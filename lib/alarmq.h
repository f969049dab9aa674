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

/**
 * Makes q an empty queue.
 * @param q  the queue
 */
void alarmq_init(struct alarmq *q);
/**
 * Queues a to fire at when (after any alarm already queued at that time).
 * @param q     the queue
 * @param a     the alarm, in the caller's memory, queued until it fires
 * @param when  absolute time, ns
 * @param fn    called with a and ctx when it fires
 * @param ctx   passed to fn
 * @return 0
 * @retval -EBUSY   a is already queued
 * @retval -EINVAL  no callback (fn is NULL)
 */
int alarmq_insert(struct alarmq *q, struct alarm *a, uint64_t when,
		  alarm_fn fn, void *ctx);
/**
 * Takes a out of the queue before it fires.
 * @param q  the queue
 * @param a  the alarm
 * @return 0
 * @retval -ENOENT  a is not queued (already fired or never set)
 */
int alarmq_remove(struct alarmq *q, struct alarm *a);
/**
 * Removes and returns the earliest alarm if it is due at now.
 * @param q    the queue
 * @param now  the time, ns
 * @return the alarm, or NULL when none is due
 */
struct alarm *alarmq_pop_due(struct alarmq *q, uint64_t now);
/**
 * The earliest time in the queue.
 * @param q     the queue
 * @param when  receives that time, ns, when there is one
 * @return false if the queue is empty
 */
bool alarmq_next(const struct alarmq *q, uint64_t *when);

#endif /* KOI_ALARMQ_H */
