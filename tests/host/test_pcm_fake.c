/*
 * The fake device's contract checks, exercised directly: the PCM tests
 * rely on `violations` staying 0, so each rule must be shown to trip.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/host/fake_audio_dev.h"

struct ev_log {
	uint32_t calls, periods, idle;
};

static void on_event(void *ctx, enum audio_dir dir, uint32_t ev, uint32_t n)
{
	(void)dir;
	struct ev_log *l = ctx;
	l->calls++;
	if (ev & AUDIO_EV_PERIOD_DONE)
		l->periods += n;
	if (ev & AUDIO_EV_IDLE)
		l->idle++;
}

static void contract_rules_trip(void **state)
{
	(void)state;
	struct fake_dev f;
	struct audio_caps pc = fake_caps_playback();
	fake_dev_init(&f, &pc, NULL);
	struct audio_dev *d = &f.dev;
	const struct audio_dev_ops *o = d->ops;
	struct ev_log log = {0};
	d->event = on_event;
	d->event_ctx = &log;

	struct audio_caps c;
	assert_int_equal(o->get_caps(d, AUDIO_CAPTURE, &c), -ENODEV);
	assert_null(o->alloc_buffer(d, AUDIO_PLAYBACK, 65537));
	uint8_t *m = o->alloc_buffer(d, AUDIO_PLAYBACK, 4096);
	assert_non_null(m);
	uint32_t v = f.violations;

	assert_int_equal(o->submit(d, AUDIO_PLAYBACK, m, 256), -EPERM);
	assert_int_equal(f.violations, ++v); /* stopped */
	assert_int_equal(o->configure(d, AUDIO_PLAYBACK, 255), -EINVAL);
	assert_int_equal(f.violations, ++v); /* not a frame multiple */
	assert_int_equal(o->configure(d, AUDIO_PLAYBACK, 1024), 0);
	assert_int_equal(o->start(d, AUDIO_PLAYBACK), 0);
	assert_int_equal(f.violations, v);
	assert_int_equal(o->configure(d, AUDIO_PLAYBACK, 1024), -EPERM);
	assert_int_equal(f.violations, ++v); /* while started */
	assert_int_equal(o->submit(d, AUDIO_PLAYBACK, m + 4096 - 512, 1024),
			 -EINVAL);
	assert_int_equal(f.violations, ++v); /* past the allocated area */
	assert_int_equal(o->submit(d, AUDIO_PLAYBACK, m, 1028), -EINVAL);
	assert_int_equal(f.violations, ++v); /* over the period */
	assert_int_equal(o->submit(d, AUDIO_PLAYBACK, m, 6), -EINVAL);
	assert_int_equal(f.violations, ++v); /* half a frame */
	assert_int_equal(o->submit(d, AUDIO_PLAYBACK, m, 1024), 0);
	assert_int_equal(o->submit(d, AUDIO_PLAYBACK, m + 512, 1024), 0);
	assert_int_equal(f.violations, ++v); /* overlaps a queued one */
	assert_int_equal(o->submit(d, AUDIO_PLAYBACK, m + 2048, 1024), -EBUSY);
	assert_int_equal(f.violations, ++v); /* over hw_slots */
	assert_int_equal(o->queued(d, AUDIO_PLAYBACK), 2);
	m[0] ^= 1; /* touch a queued buffer */
	assert_int_equal(fake_dev_complete(&f, AUDIO_PLAYBACK, 1), 1);
	assert_int_equal(f.violations, ++v);
	assert_int_equal(log.periods, 1);
	assert_int_equal(log.idle, 0);
	assert_int_equal(fake_dev_complete(&f, AUDIO_PLAYBACK, 1), 1);
	assert_int_equal(log.idle, 1);
	/* Starved while started: one period of silence per step. */
	assert_int_equal(fake_dev_complete(&f, AUDIO_PLAYBACK, 2), 0);
	assert_int_equal(f.d[0].silence_frames, 512);
	assert_int_equal(f.d[0].out_len, 2048 + 2048);
	assert_int_equal(o->start(d, AUDIO_PLAYBACK), 0);
	assert_int_equal(f.violations, ++v); /* started twice */
	assert_int_equal(o->stop(d, AUDIO_PLAYBACK), 0);
	assert_int_equal(fake_dev_complete(&f, AUDIO_PLAYBACK, 2), 0);
	assert_int_equal(f.d[0].out_len, 4096); /* stopped: no time passes */
	fake_dev_free(&f);
}

static void capture_pattern(void **state)
{
	(void)state;
	/* Distinct per frame and channel, never silence. */
	for (uint32_t n = 0; n < 100000; n++) {
		assert_int_not_equal(fake_dev_capture_sample(n, 0), 0);
		assert_int_not_equal(fake_dev_capture_sample(n, 0),
				     fake_dev_capture_sample(n, 1));
		assert_int_not_equal(fake_dev_capture_sample(n, 0),
				     fake_dev_capture_sample(n + 1, 0));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(contract_rules_trip),
		cmocka_unit_test(capture_pattern),
	};
	return cmocka_run_group_tests_name("pcm-fake", tests, NULL, NULL);
}
