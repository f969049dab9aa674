/* Ordered alarm list; see alarmq.h. */
#include "lib/alarmq.h"

#include <errno.h>
#include <stddef.h>

void alarmq_init(struct alarmq *q)
{
	q->head = NULL;
}

int alarmq_insert(struct alarmq *q, struct alarm *a, uint64_t when,
		  alarm_fn fn, void *ctx)
{
	if (!fn)
		return -EINVAL;
	if (a->queued)
		return -EBUSY;
	a->when = when;
	a->fn = fn;
	a->ctx = ctx;
	struct alarm **p = &q->head;
	while (*p && (*p)->when <= when)
		p = &(*p)->next;
	a->next = *p;
	*p = a;
	a->queued = true;
	return 0;
}

int alarmq_remove(struct alarmq *q, struct alarm *a)
{
	for (struct alarm **p = &q->head; *p; p = &(*p)->next)
		if (*p == a) {
			*p = a->next;
			a->next = NULL;
			a->queued = false;
			return 0;
		}
	return -ENOENT;
}

struct alarm *alarmq_pop_due(struct alarmq *q, uint64_t now)
{
	struct alarm *a = q->head;
	if (!a || a->when > now)
		return NULL;
	q->head = a->next;
	a->next = NULL;
	a->queued = false;
	return a;
}

bool alarmq_next(const struct alarmq *q, uint64_t *when)
{
	if (!q->head)
		return false;
	*when = q->head->when;
	return true;
}
