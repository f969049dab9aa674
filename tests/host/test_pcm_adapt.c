/*
 * Adaptive latency in the PCM layer (pcm_hw_params_adapt) against the fake
 * two-slot device: an underrun doubles the period (first giving the device
 * the whole buffer in two pieces, then doubling the buffer), with no frame
 * moved, lost or repeated and no silence but the underrun's own; a quiet
 * interval halves it again; a second underrun before the ring turned over
 * does not grow it twice; the ceiling holds; a step up after a step down
 * backs the interval off; a fixed period never changes; with a clock, a
 * near miss (the application back with less than half a period queued)
 * grows it as an underrun does and holds the quiet interval; with
 * pcm_set_adapt_start, an underrun in the first second of sound takes
 * several doublings at once (a near miss, or a later underrun, one).  The played
 * output is compared frame for frame with what was written plus the
 * silence the fake device played while starved.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audio/pcm.h"
#include "tests/host/fake_audio_dev.h"

#define FB 4u /* stereo S16 */

struct fx {
	struct fake_dev f;
	struct pcm_stream s;
	struct audio_caps pc, cc;
	int16_t *exp; /* expected output */
	size_t exp_frames, exp_cap;
	uint32_t next; /* next source frame */
};

/* Source frame i: nonzero, L != R. */
static void frame(uint32_t i, int16_t out[2])
{
	out[0] = (int16_t)(1 + i % 30011u);
	out[1] = (int16_t)(-2 - (int32_t)(i % 29989u));
}

static void exp_push(struct fx *x, const int16_t *fr, size_t n)
{
	if (x->exp_frames + n > x->exp_cap) {
		x->exp_cap = (x->exp_frames + n) * 2 + 1024;
		x->exp = realloc(x->exp, x->exp_cap * FB);
		assert_non_null(x->exp);
	}
	if (fr)
		memcpy(x->exp + x->exp_frames * 2, fr, n * FB);
	else
		memset(x->exp + x->exp_frames * 2, 0, n * FB);
	x->exp_frames += n;
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	assert_non_null(x);
	x->pc = fake_caps_playback();
	x->cc = fake_caps_capture();
	fake_dev_init(&x->f, &x->pc, &x->cc);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;
	fake_dev_free(&x->f);
	free(x->exp);
	free(x);
	return 0;
}

static void open_adapt(struct fx *x, uint32_t period, uint32_t max, uint32_t quiet)
{
	assert_int_equal(pcm_open(&x->s, &x->f.dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(pcm_hw_params_adapt(&x->s, period, 4, max, quiet), 0);
	pcm_set_block(&x->s, fake_dev_block, &x->f);
	assert_int_equal(pcm_prepare(&x->s), 0);
}

/* Write n source frames as room allows, never waiting; returns frames
 * written.  What is written is expected, in order, but only once the
 * test says so (silence the device plays meanwhile goes first). */
static uint32_t put(struct fx *x, uint32_t n, int16_t *keep)
{
	int16_t buf[2 * 256];
	uint32_t done = 0;
	while (done < n) {
		uint32_t c = n - done < 256 ? n - done : 256;
		for (uint32_t i = 0; i < c; i++)
			frame(x->next + i, buf + 2 * i);
		int32_t r = pcm_write(&x->s, buf, c);
		assert_true(r >= 0);
		if (keep)
			memcpy(keep + 2 * done, buf, (size_t)r * FB);
		else
			exp_push(x, buf, (size_t)r);
		x->next += (uint32_t)r;
		done += (uint32_t)r;
		if ((uint32_t)r < c)
			break;
	}
	return done;
}

/* Play n frames, waiting as the device moves: no underrun possible. */
static void play(struct fx *x, uint32_t n)
{
	while (n) {
		uint32_t got = put(x, n, NULL);
		n -= got;
		if (n)
			assert_int_equal(pcm_wait(&x->s), 0);
	}
}

static void assert_output(struct fx *x)
{
	struct fake_dir *d = &x->f.d[AUDIO_PLAYBACK];
	assert_int_equal(d->out_len, x->exp_frames * FB);
	assert_memory_equal(d->out, x->exp, d->out_len);
	assert_int_equal(x->f.violations, 0);
}

static struct pcm_stats stats(struct fx *x)
{
	struct pcm_stats st;
	pcm_get_stats(&x->s, &st);
	return st;
}

/* Let the device play until the stream is in XRUN (the ring empty), the
 * silence of n more starved steps, and recover: the underrun. */
static void starve(struct fx *x, uint32_t steps)
{
	while (pcm_state(&x->s) != PCM_STATE_XRUN)
		assert_true(fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1) == 1);
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, steps);
	/* Written, less than a period, not played: it plays after the gap. */
	uint32_t left = pcm_fill(&x->s);
	int16_t *tail = malloc((size_t)left * FB + FB);
	assert_non_null(tail);
	x->exp_frames -= left;
	memcpy(tail, x->exp + x->exp_frames * 2, (size_t)left * FB);
	/* The fake plays one configured period (the largest) per step. */
	exp_push(x, NULL, (size_t)steps * x->f.d[0].period_bytes / FB);
	exp_push(x, tail, left);
	free(tail);
	int16_t buf[2];
	assert_int_equal(pcm_write(&x->s, buf, 1), -EPIPE);
	assert_int_equal(pcm_recover(&x->s, -EPIPE, 0), 0);
}

static void bad_parameters(void **state)
{
	struct fx *x = *state;
	struct pcm_stream *s = &x->s;
	assert_int_equal(pcm_open(s, &x->f.dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(pcm_hw_params_adapt(s, 64, 4, 192, 0), -EINVAL); /* x3 */
	assert_int_equal(pcm_hw_params_adapt(s, 64, 4, 32, 0), -EINVAL);  /* < period */
	assert_int_equal(pcm_hw_params_adapt(s, 64, 4, 8192, 0), -EINVAL); /* > max period */
	assert_int_equal(pcm_hw_params_adapt(s, 4096, 8, 4096, 0), -EINVAL); /* ring */
	assert_int_equal(pcm_hw_params_adapt(s, 1024, 17, 2048, 0), -EINVAL); /* ring */
	assert_int_equal(pcm_hw_params_adapt(s, 1024, 16, 2048, 0), 0);
	assert_int_equal(pcm_hw_params_adapt(s, 64, 4, 256, 1000), 0);
	assert_int_equal(pcm_period_frames(s), 64);
	assert_int_equal(pcm_buffer_frames(s), 256);
	assert_int_equal(x->f.d[0].period_bytes, 256 * FB); /* the largest */
	pcm_close(s);
	assert_int_equal(pcm_open(s, &x->f.dev, AUDIO_CAPTURE), 0);
	assert_int_equal(pcm_hw_params_adapt(s, 64, 4, 128, 0), -EINVAL);
	assert_int_equal(pcm_hw_params_adapt(s, 64, 4, 64, 0), 0);
	pcm_close(s);
}

/* The ring ran dry (XRUN): pcm_recover doubles the period; the buffer
 * stays (the device now holds all of it, in 2 periods), then doubles with
 * the next step.  The frames written before play first, then the rest,
 * with no other gap. */
static void underrun_grows(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 256, 0);
	play(x, 64 * 10);
	starve(x, 2);
	struct pcm_stats st = stats(x);
	assert_int_equal(st.xruns, 1);
	assert_int_equal(st.grows, 1);
	assert_int_equal(pcm_period_frames(&x->s), 128);
	assert_int_equal(pcm_buffer_frames(&x->s), 256);
	play(x, 256 * 4);
	starve(x, 1);
	assert_int_equal(pcm_period_frames(&x->s), 256);
	assert_int_equal(pcm_buffer_frames(&x->s), 512);
	assert_int_equal(pcm_avail(&x->s), 512);
	play(x, 64 * 40);
	assert_int_equal(pcm_drain(&x->s), 0);
	st = stats(x);
	assert_int_equal(st.xruns, 2);
	assert_int_equal(st.grows, 2);
	assert_int_equal(st.max_buffer_frames, 512);
	assert_int_equal(st.max_period_frames, 256);
	assert_int_equal(st.max_fill, 512); /* it did write that far ahead */
	assert_output(x);
	pcm_close(&x->s);
}

/* A late interrupt (both slots done, refilled at once from the ring) is an
 * underrun without XRUN: the next write grows the stream. */
static void late_interrupt_grows(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 256, 0);
	assert_int_equal(put(x, 256, NULL), 256);
	assert_int_equal(fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1), 1);
	assert_int_equal(put(x, 64, NULL), 64);
	x->f.d[0].batch_events = true;
	assert_int_equal(fake_dev_complete(&x->f, AUDIO_PLAYBACK, 2), 2);
	x->f.d[0].batch_events = false;
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	assert_int_equal(stats(x).xruns, 1);
	assert_int_equal(pcm_period_frames(&x->s), 64); /* not yet: no call */
	put(x, 1, NULL);
	assert_int_equal(pcm_period_frames(&x->s), 128);
	assert_int_equal(stats(x).grows, 1);
	play(x, 64 * 30);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	pcm_close(&x->s);
}

/* Underruns in a row before the ring turned over at the new size say
 * nothing about it: one step only.  Later ones step again, up to the
 * ceiling, where underruns are still counted but nothing grows. */
static void grows_once_per_turn_to_ceiling(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 256, 0);
	play(x, 64 * 8);
	starve(x, 1);
	assert_int_equal(pcm_period_frames(&x->s), 128);
	assert_int_equal(pcm_set_start_threshold(&x->s, 128), 0);
	play(x, 128); /* less than the buffer (256) */
	starve(x, 1);
	assert_int_equal(stats(x).xruns, 2);
	assert_int_equal(pcm_period_frames(&x->s), 128);
	play(x, 128 * 8);
	starve(x, 1);
	assert_int_equal(pcm_period_frames(&x->s), 256);
	play(x, 256 * 8);
	starve(x, 1);
	assert_int_equal(pcm_period_frames(&x->s), 256); /* the ceiling */
	play(x, 256 * 6);
	assert_int_equal(pcm_drain(&x->s), 0);
	struct pcm_stats st = stats(x);
	assert_int_equal(st.xruns, 4);
	assert_int_equal(st.grows, 2);
	assert_int_equal(st.max_buffer_frames, 512);
	assert_output(x);
	pcm_close(&x->s);
}

/* Quiet for quiet_frames: one step down at a time, down to the period
 * asked for, no frame lost or repeated.  (play() checks for a step at
 * least every 256 frames, with at most a buffer in the ring, hence the
 * margins in the lengths below.) */
static void quiet_shrinks(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 256, 2048);
	play(x, 64 * 8);
	starve(x, 1);
	play(x, 1024);
	starve(x, 1);
	assert_int_equal(pcm_period_frames(&x->s), 256);
	assert_int_equal(pcm_buffer_frames(&x->s), 512);
	play(x, 4096); /* 2048 quiet frames: one step, not two */
	assert_int_equal(pcm_period_frames(&x->s), 128);
	assert_int_equal(pcm_buffer_frames(&x->s), 256);
	play(x, 2560);
	assert_int_equal(pcm_period_frames(&x->s), 64);
	play(x, 4096);
	assert_int_equal(pcm_period_frames(&x->s), 64); /* the floor */
	assert_true(pcm_fill(&x->s) <= 256);
	assert_int_equal(pcm_drain(&x->s), 0);
	struct pcm_stats st = stats(x);
	assert_int_equal(st.xruns, 2);
	assert_int_equal(st.grows, 2);
	assert_int_equal(st.shrinks, 2);
	assert_output(x);
	pcm_close(&x->s);
}

/* A step down as a period completes: the buffer comes down as the ring
 * drains, keeping room for one period of the new size beside the last old
 * one (cut at once, the device would run dry), and nothing is heard but
 * the written frames. */
static void shrink_at_period_boundary(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 256, 2048);
	play(x, 64 * 8);
	starve(x, 1);
	play(x, 1024);
	starve(x, 1);
	assert_int_equal(pcm_buffer_frames(&x->s), 512);
	uint32_t from = stats(x).frames;
	put(x, 512, NULL);
	while (pcm_buffer_frames(&x->s) == 512) {
		assert_true(stats(x).frames - from <= 2048 + 256);
		assert_int_equal(fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1), 1);
		put(x, 512, NULL); /* keeps the ring full; steps down at 2048 */
	}
	/* One old period plays; the step's put wrote one new one beside it,
	 * no more. */
	assert_int_equal(pcm_period_frames(&x->s), 128);
	assert_int_equal(pcm_buffer_frames(&x->s), 256 + 128);
	assert_int_equal(pcm_fill(&x->s), 256 + 128);
	assert_int_equal(x->f.d[0].count, 2);
	assert_int_equal(fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1), 1);
	assert_int_equal(put(x, 512, NULL), 128); /* now the buffer is 256 */
	assert_int_equal(pcm_buffer_frames(&x->s), 256);
	assert_int_equal(pcm_fill(&x->s), 256);
	assert_int_equal(x->f.d[0].count, 2);
	assert_int_equal(stats(x).xruns, 2); /* the step made no gap */
	play(x, 64 * 20);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	pcm_close(&x->s);
}

/* A step up right after a step down: the lower latency did not hold, so
 * the next step down waits twice as long. */
static void backoff_after_failed_shrink(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 128, 1024);
	play(x, 64 * 8);
	starve(x, 1);
	play(x, 2048);
	assert_int_equal(pcm_period_frames(&x->s), 64);
	starve(x, 1); /* at once: no turn-over needed after a step down */
	assert_int_equal(pcm_period_frames(&x->s), 128);
	play(x, 1536);
	assert_int_equal(pcm_period_frames(&x->s), 128); /* waits 2048 now */
	play(x, 1536);
	assert_int_equal(pcm_period_frames(&x->s), 64);
	assert_int_equal(pcm_drain(&x->s), 0);
	struct pcm_stats st = stats(x);
	assert_int_equal(st.grows, 2);
	assert_int_equal(st.shrinks, 2);
	assert_output(x);
	pcm_close(&x->s);
}

/* pcm_hw_params (a fixed period, as --period asks): nothing moves. */
static void fixed_period_never_changes(void **state)
{
	struct fx *x = *state;
	assert_int_equal(pcm_open(&x->s, &x->f.dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(pcm_hw_params(&x->s, 64, 4), 0);
	pcm_set_block(&x->s, fake_dev_block, &x->f);
	assert_int_equal(pcm_prepare(&x->s), 0);
	play(x, 64 * 8);
	starve(x, 2);
	play(x, 64 * 8);
	starve(x, 2);
	play(x, 64 * 100);
	assert_int_equal(pcm_drain(&x->s), 0);
	struct pcm_stats st = stats(x);
	assert_int_equal(st.xruns, 2);
	assert_int_equal(st.grows + st.shrinks, 0);
	assert_int_equal(st.period_frames, 64);
	assert_int_equal(st.buffer_frames, 256);
	assert_output(x);
	pcm_close(&x->s);
}

/* ---- near misses (pcm_set_clock) -------------------------------------- */

/* The test's clock: nanoseconds, moved by the test only. */
static uint64_t clock_ns;

static uint64_t fake_clock(void *ctx)
{
	(void)ctx;
	return clock_ns;
}

/* The clock at `frames` frames (44.1 kHz) after the clock's start, plus
 * 1 ns so that truncation never rounds a margin up. */
static void clock_at(uint32_t frames)
{
	clock_ns = 1000000000ull * 7 + (uint64_t)frames * 1000000000u / 44100u + 1u;
}

/* The ring full (4 x 64), then `done` periods complete at clock frame 0
 * and the application writes one period `late` frames after that: the
 * margin is (4 - done) x 64 - late. */
static void late_write(struct fx *x, uint32_t done, uint32_t late)
{
	clock_at(0);
	assert_int_equal(put(x, 256, NULL), 256);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	assert_int_equal(fake_dev_complete(&x->f, AUDIO_PLAYBACK, done), done);
	clock_at(late);
	assert_int_equal(put(x, 64, NULL), 64);
}

/* The application came back with 24 frames still queued (under half of a
 * 64-frame period): a near miss, no underrun, and the next write grows the
 * stream one step as an underrun would, with nothing heard but the frames
 * written, in order. */
static void near_miss_grows(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 256, 0);
	pcm_set_clock(&x->s, fake_clock, NULL);
	late_write(x, 3, 40);
	struct pcm_stats st = stats(x);
	assert_int_equal(st.xruns, 0);
	assert_int_equal(st.near_misses, 1);
	assert_int_equal(st.margins, 1);
	assert_int_equal(st.min_margin, 24);
	assert_int_equal(pcm_period_frames(&x->s), 64); /* not yet: no call */
	put(x, 1, NULL);
	assert_int_equal(pcm_period_frames(&x->s), 128);
	assert_int_equal(stats(x).grows, 1);
	play(x, 64 * 30);
	assert_int_equal(pcm_drain(&x->s), 0);
	st = stats(x);
	assert_int_equal(st.xruns, 0);
	assert_int_equal(st.near_misses, 1); /* a frozen clock: margins >= 1 period */
	assert_true(st.margins > 10);
	assert_int_equal(st.grows, 1);
	assert_output(x);
	pcm_close(&x->s);
}

/* 34 frames queued (half a period and more): no near miss, nothing moves.
 * Without a clock, and with a fixed period, no margin is measured at all. */
static void near_miss_threshold(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 256, 0);
	pcm_set_clock(&x->s, fake_clock, NULL);
	late_write(x, 3, 30);
	put(x, 1, NULL);
	struct pcm_stats st = stats(x);
	assert_int_equal(st.margins, 1);
	assert_int_equal(st.min_margin, 34);
	assert_int_equal(st.near_misses + st.grows, 0);
	assert_int_equal(pcm_drop(&x->s), 0);
	pcm_close(&x->s);

	open_adapt(x, 64, 256, 0); /* no clock */
	late_write(x, 3, 40);
	put(x, 1, NULL);
	st = stats(x);
	assert_int_equal(st.margins + st.near_misses + st.grows, 0);
	assert_int_equal(pcm_drop(&x->s), 0);
	pcm_close(&x->s);

	assert_int_equal(pcm_open(&x->s, &x->f.dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(pcm_hw_params(&x->s, 64, 4), 0); /* fixed */
	pcm_set_block(&x->s, fake_dev_block, &x->f);
	pcm_set_clock(&x->s, fake_clock, NULL);
	assert_int_equal(pcm_prepare(&x->s), 0);
	late_write(x, 3, 40);
	put(x, 1, NULL);
	st = stats(x);
	assert_int_equal(st.margins + st.near_misses + st.grows, 0);
	assert_int_equal(pcm_period_frames(&x->s), 64);
	assert_int_equal(pcm_drop(&x->s), 0);
	pcm_close(&x->s);
}

/* A near miss holds the quiet interval, at the ceiling too: the step down
 * comes quiet_frames after the last near miss, not after the last step.
 * A negative margin (the device ran dry by the clock) grows the stream
 * but is the underrun's, not a near miss. */
static void near_miss_holds_quiet(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 128, 2048);
	pcm_set_clock(&x->s, fake_clock, NULL);
	late_write(x, 3, 70); /* margin -6 */
	put(x, 64, NULL);     /* whole periods of 128 from here */
	struct pcm_stats st = stats(x);
	assert_int_equal(st.min_margin, -6);
	assert_int_equal(st.near_misses, 0);
	assert_int_equal(st.grows, 1);
	assert_int_equal(pcm_period_frames(&x->s), 128); /* the ceiling */
	play(x, 1536);
	/* At the ceiling (2 x 128): a period completes, the application
	 * writes 80 frames of time later, 48 queued (< 64). */
	clock_at(0);
	assert_int_equal(fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1), 1);
	clock_at(80);
	put(x, 128, NULL);
	st = stats(x);
	assert_int_equal(st.near_misses, 1);
	assert_int_equal(st.min_margin, -6);
	uint32_t from = st.frames;
	clock_at(0); /* frozen: no more near misses */
	while (stats(x).frames - from < 1536)
		play(x, 64);
	assert_int_equal(pcm_period_frames(&x->s), 128); /* held */
	assert_int_equal(stats(x).shrinks, 0);
	while (stats(x).frames - from < 2048 + 256)
		play(x, 64);
	assert_int_equal(pcm_period_frames(&x->s), 64);
	assert_int_equal(stats(x).shrinks, 1);
	assert_int_equal(pcm_drain(&x->s), 0);
	st = stats(x);
	assert_int_equal(st.xruns, 0);
	assert_int_equal(st.grows, 1);
	assert_output(x);
	pcm_close(&x->s);
}

/* ---- the start (pcm_set_adapt_start) ------------------------------------ */

/* One second of sound at the fake's 44.1 kHz, and a little more. */
#define ONE_SECOND 44100u

/* An underrun in the first second takes 2 doublings at once (64 -> 256,
 * the buffer 2 x 256); one after the first second, one (256 -> 512, under
 * the ceiling of 1024).  No
 * frame lost or repeated, no silence but the underruns'. */
static void early_underrun_steps(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 1024, 0);
	assert_int_equal(pcm_set_adapt_start(&x->s, 2), 0);
	play(x, 64 * 10);
	starve(x, 2);
	struct pcm_stats st = stats(x);
	assert_int_equal(st.xruns_1s, 1);
	assert_int_equal(st.grows, 1);
	assert_int_equal(pcm_period_frames(&x->s), 256);
	assert_int_equal(pcm_buffer_frames(&x->s), 512);
	play(x, ONE_SECOND);
	starve(x, 1);
	st = stats(x);
	assert_int_equal(st.xruns, 2);
	assert_int_equal(st.xruns_1s, 1);
	assert_int_equal(st.grows, 2);
	assert_int_equal(pcm_period_frames(&x->s), 512); /* one step */
	assert_int_equal(pcm_buffer_frames(&x->s), 1024);
	play(x, 64 * 40);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	pcm_close(&x->s);
}

/* The early step stops at the ceiling (PCM_ADAPT_START_CEILING: straight
 * to it, whatever it is); a second early underrun before the ring turned
 * over does not step again. */
static void early_underrun_ceiling(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 128, 0);
	assert_int_equal(pcm_set_adapt_start(&x->s, 3), 0);
	play(x, 64 * 8);
	starve(x, 1);
	assert_int_equal(pcm_period_frames(&x->s), 128);
	assert_int_equal(pcm_buffer_frames(&x->s), 256);
	assert_int_equal(pcm_drop(&x->s), 0);
	pcm_close(&x->s);

	open_adapt(x, 64, 1024, 0);
	assert_int_equal(pcm_set_adapt_start(&x->s, PCM_ADAPT_START_CEILING), 0);
	play(x, 64 * 8);
	starve(x, 1);
	assert_int_equal(pcm_period_frames(&x->s), 1024);
	assert_int_equal(pcm_buffer_frames(&x->s), 2048);
	assert_int_equal(stats(x).grows, 1);
	assert_int_equal(pcm_drop(&x->s), 0);
	pcm_close(&x->s);

	open_adapt(x, 64, 1024, 0);
	assert_int_equal(pcm_set_adapt_start(&x->s, 2), 0);
	play(x, 64 * 8);
	starve(x, 1);
	assert_int_equal(pcm_period_frames(&x->s), 256);
	assert_int_equal(pcm_set_start_threshold(&x->s, 256), 0);
	play(x, 256); /* less than the buffer (512): not turned over */
	starve(x, 1);
	struct pcm_stats st = stats(x);
	assert_int_equal(st.xruns_1s, 2);
	assert_int_equal(st.grows, 1);
	assert_int_equal(pcm_period_frames(&x->s), 256);
	play(x, 64 * 20);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	pcm_close(&x->s);
}

/* A near miss in the first second is a warning, not an underrun: one
 * doubling. */
static void early_near_miss_one_step(void **state)
{
	struct fx *x = *state;
	open_adapt(x, 64, 1024, 0);
	assert_int_equal(pcm_set_adapt_start(&x->s, 2), 0);
	pcm_set_clock(&x->s, fake_clock, NULL);
	late_write(x, 3, 40);
	put(x, 1, NULL);
	struct pcm_stats st = stats(x);
	assert_int_equal(st.near_misses, 1);
	assert_int_equal(st.xruns, 0);
	assert_int_equal(pcm_period_frames(&x->s), 128);
	assert_int_equal(pcm_drop(&x->s), 0);
	pcm_close(&x->s);
}

/* Its arguments and states; pcm_hw_params_adapt sets it back to 1. */
static void adapt_start_parameters(void **state)
{
	struct fx *x = *state;
	struct pcm_stream *s = &x->s;
	assert_int_equal(pcm_set_adapt_start(NULL, 2), -EINVAL);
	assert_int_equal(pcm_open(s, &x->f.dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(pcm_set_adapt_start(s, 2), -EPERM); /* OPEN */
	assert_int_equal(pcm_hw_params_adapt(s, 64, 4, 512, 0), 0);
	assert_int_equal(pcm_set_adapt_start(s, 0), -EINVAL);
	assert_int_equal(pcm_set_adapt_start(s, PCM_ADAPT_START_CEILING + 1), -EINVAL);
	assert_int_equal(pcm_set_adapt_start(s, PCM_ADAPT_START_CEILING), 0);
	assert_int_equal(pcm_hw_params_adapt(s, 64, 4, 512, 0), 0);
	pcm_set_block(s, fake_dev_block, &x->f);
	assert_int_equal(pcm_prepare(s), 0);
	play(x, 64 * 8);
	assert_int_equal(pcm_set_adapt_start(s, 2), -EPERM); /* RUNNING */
	starve(x, 1);
	assert_int_equal(pcm_period_frames(s), 128); /* 1: a single doubling */
	assert_int_equal(pcm_drop(s), 0);
	pcm_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(bad_parameters),
		T(underrun_grows),
		T(late_interrupt_grows),
		T(grows_once_per_turn_to_ceiling),
		T(quiet_shrinks),
		T(shrink_at_period_boundary),
		T(backoff_after_failed_shrink),
		T(fixed_period_never_changes),
		T(near_miss_grows),
		T(near_miss_threshold),
		T(near_miss_holds_quiet),
		T(early_underrun_steps),
		T(early_underrun_ceiling),
		T(early_near_miss_one_step),
		T(adapt_start_parameters),
#undef T
	};
	return cmocka_run_group_tests_name("pcm_adapt", tests, NULL, NULL);
}
