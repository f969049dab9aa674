/* Alarm queue ordering and SPSC byte ring, including index wrap at 2^32. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/alarmq.h"
#include "lib/ringbuf.h"

static void cb(struct alarm *a, void *ctx) { (void)a; (void)ctx; }

static void alarms_in_time_order(void **state)
{
	(void)state;
	struct alarmq q;
	struct alarm a[5] = { 0 };
	alarmq_init(&q);
	uint64_t when[5] = { 300, 100, 200, 100, 50 };
	for (int i = 0; i < 5; i++)
		assert_int_equal(alarmq_insert(&q, &a[i], when[i], cb, NULL), 0);
	uint64_t next;
	assert_true(alarmq_next(&q, &next));
	assert_int_equal(next, 50);
	assert_null(alarmq_pop_due(&q, 49));
	/* Equal times keep insertion order: a[1] before a[3]. */
	struct alarm *want[5] = { &a[4], &a[1], &a[3], &a[2], &a[0] };
	for (int i = 0; i < 5; i++)
		assert_ptr_equal(alarmq_pop_due(&q, 1000), want[i]);
	assert_null(alarmq_pop_due(&q, UINT64_MAX));
	assert_false(alarmq_next(&q, &next));
}

static void alarm_errors_and_remove(void **state)
{
	(void)state;
	struct alarmq q;
	struct alarm a = { 0 }, b = { 0 };
	alarmq_init(&q);
	assert_int_equal(alarmq_insert(&q, &a, 10, NULL, NULL), -EINVAL);
	assert_int_equal(alarmq_insert(&q, &a, 10, cb, NULL), 0);
	assert_int_equal(alarmq_insert(&q, &a, 20, cb, NULL), -EBUSY);
	assert_int_equal(alarmq_insert(&q, &b, 5, cb, NULL), 0);
	assert_int_equal(alarmq_remove(&q, &b), 0);
	assert_int_equal(alarmq_remove(&q, &b), -ENOENT);
	assert_ptr_equal(alarmq_pop_due(&q, 10), &a);
	assert_false(a.queued);
	assert_int_equal(alarmq_insert(&q, &a, 30, cb, NULL), 0); /* re-arm after firing */
}

static void ring_basic(void **state)
{
	(void)state;
	struct ringbuf r;
	uint8_t st[8], out[16];
	assert_int_equal(ringbuf_init(&r, st, 6), -EINVAL);
	assert_int_equal(ringbuf_init(&r, st, 1), -EINVAL);
	assert_int_equal(ringbuf_init(&r, NULL, 8), -EINVAL);
	assert_int_equal(ringbuf_init(&r, st, 8), 0);
	assert_int_equal(ringbuf_get(&r, out, 4), 0);
	assert_int_equal(ringbuf_put(&r, (const uint8_t *)"abcdefghij", 10), 8);
	assert_int_equal(ringbuf_free(&r), 0);
	assert_int_equal(ringbuf_get(&r, out, 3), 3);
	assert_memory_equal(out, "abc", 3);
	assert_int_equal(ringbuf_put(&r, (const uint8_t *)"XYZW", 4), 3);
	assert_int_equal(ringbuf_used(&r), 8);
	assert_int_equal(ringbuf_get(&r, out, 16), 8);
	assert_memory_equal(out, "defghXYZ", 8);
}

static void ring_index_wrap(void **state)
{
	(void)state;
	struct ringbuf r;
	uint8_t st[4], out[4];
	assert_int_equal(ringbuf_init(&r, st, 4), 0);
	atomic_store(&r.head, UINT32_MAX - 1u);
	atomic_store(&r.tail, UINT32_MAX - 1u);
	for (uint8_t i = 0; i < 20; i++) {
		uint8_t in[3] = { i, (uint8_t)(i + 1), (uint8_t)(i + 2) };
		assert_int_equal(ringbuf_put(&r, in, 3), 3);
		assert_int_equal(ringbuf_used(&r), 3);
		assert_int_equal(ringbuf_get(&r, out, 4), 3);
		assert_memory_equal(out, in, 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alarms_in_time_order),
		cmocka_unit_test(alarm_errors_and_remove),
		cmocka_unit_test(ring_basic),
		cmocka_unit_test(ring_index_wrap),
	};
	return cmocka_run_group_tests_name("fw_queues", tests, NULL, NULL);
}
