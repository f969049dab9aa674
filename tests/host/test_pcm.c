/*
 * PCM stream behaviour against the fake two-slot device: bit-exact playback,
 * underrun detection and recovery without stale replay, drain with a partial
 * period, pause/resume, restart after drain and drop, capture, bad
 * parameters, counter wrap at 2^32, nested and coalesced events, mmap.
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

#define FB 4u /* playback frame bytes: stereo S16 */

struct fx {
	struct fake_dev f;
	struct pcm_stream s;
	struct audio_caps pc, cc;
	uint32_t periods_cb;
	/* expected playback output */
	int16_t *exp;
	size_t exp_frames, exp_cap;
	uint32_t next; /* next source frame index */
};

/* Source frame i: nonzero, never the fake's 0xA5 junk, L != R. */
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

/* Make n source frames into buf and record them as expected output. */
static void gen(struct fx *x, int16_t *buf, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		frame(x->next++, buf + 2 * i);
	exp_push(x, buf, n);
}

static void on_period(void *ctx, struct pcm_stream *s)
{
	(void)s;
	((struct fx *)ctx)->periods_cb++;
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

static void open_play(struct fx *x, uint32_t period, uint32_t periods)
{
	assert_int_equal(pcm_open(&x->s, &x->f.dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(pcm_hw_params(&x->s, period, periods), 0);
	pcm_set_block(&x->s, fake_dev_block, &x->f);
	pcm_set_period_callback(&x->s, on_period, x);
	assert_int_equal(pcm_prepare(&x->s), 0);
}

/* Write n frames of the source, waiting as needed; returns 0 or -errno. */
static int play(struct fx *x, uint32_t n, uint32_t chunk)
{
	int16_t buf[2 * 512];
	while (n) {
		uint32_t c = n < chunk ? n : chunk;
		if (c > 512)
			c = 512;
		uint32_t base = x->next;
		for (uint32_t i = 0; i < c; i++)
			frame(base + i, buf + 2 * i);
		uint32_t off = 0;
		while (off < c) {
			int32_t r = pcm_write(&x->s, buf + 2 * off, c - off);
			if (r < 0)
				return r;
			exp_push(x, buf + 2 * off, (size_t)r);
			x->next += (uint32_t)r;
			off += (uint32_t)r;
			if (off < c) {
				int w = pcm_wait(&x->s);
				if (w < 0)
					return w;
			}
		}
		n -= c;
	}
	return 0;
}

static void assert_output(struct fx *x)
{
	struct fake_dir *d = &x->f.d[AUDIO_PLAYBACK];
	assert_int_equal(d->out_len, x->exp_frames * FB);
	assert_memory_equal(d->out, x->exp, d->out_len);
	assert_int_equal(x->f.violations, 0);
}

/* Occurrences of `needle` (n bytes) in the played output. */
static unsigned count_in_output(struct fx *x, const void *needle, size_t n)
{
	struct fake_dir *d = &x->f.d[AUDIO_PLAYBACK];
	unsigned c = 0;
	for (size_t i = 0; i + n <= d->out_len; i += FB)
		if (!memcmp(d->out + i, needle, n))
			c++;
	return c;
}

/* ---- tests ----------------------------------------------------------- */

static void bad_parameters(void **state)
{
	struct fx *x = *state;
	struct pcm_stream *s = &x->s;
	assert_int_equal(pcm_open(s, &x->f.dev, AUDIO_PLAYBACK), 0);
	struct pcm_hw_info hw;
	assert_int_equal(pcm_hw_info(s, &hw), 0);
	assert_int_equal(hw.min_period_frames, 64);
	assert_int_equal(hw.max_period_frames, 4096);
	assert_int_equal(hw.max_buffer_frames, 16384);
	assert_int_equal(hw.hw_slots, 2);

	const uint32_t bad[][2] = {
		{0, 4},          {63, 4},      {4097, 4}, {64, 0},
		{64, 1},         {4096, 5},    {64, 257}, {4096, UINT32_MAX},
		{UINT32_MAX, 2},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(pcm_hw_params(s, bad[i][0], bad[i][1]), -EINVAL);
		assert_int_equal(pcm_state(s), PCM_STATE_OPEN);
	}
	/* Limits themselves are fine. */
	assert_int_equal(pcm_hw_params(s, 64, 2), 0);
	assert_int_equal(pcm_hw_params(s, 4096, 4), 0);
	assert_int_equal(pcm_hw_params(s, 64, 256), 0);
	/* A failed hw_params in SETUP leaves the previous setup. */
	assert_int_equal(pcm_hw_params(s, 1000, 17), -EINVAL);
	assert_int_equal(pcm_state(s), PCM_STATE_SETUP);
	assert_int_equal(pcm_buffer_frames(s), 64 * 256);

	/* Argument errors and wrong direction. */
	assert_int_equal(pcm_write(s, NULL, 1), -EPERM); /* SETUP */
	assert_int_equal(pcm_prepare(s), 0);
	assert_int_equal(pcm_write(s, NULL, 1), -EINVAL);
	assert_int_equal(pcm_read(s, x, 1), -EPERM);
	assert_int_equal(pcm_mmap_begin(s, NULL, NULL), -EINVAL);
	assert_int_equal(pcm_mmap_commit(s, pcm_buffer_frames(s) + 1), -EINVAL);
	assert_int_equal(pcm_hw_params(NULL, 64, 2), -EINVAL);
	assert_int_equal(pcm_open(NULL, &x->f.dev, AUDIO_PLAYBACK), -EINVAL);
	assert_int_equal(x->f.violations, 0);
	pcm_close(s);
}

static void open_errors(void **state)
{
	struct fx *x = *state;
	struct fake_dev nocap;
	struct audio_caps pc = fake_caps_playback();
	fake_dev_init(&nocap, &pc, NULL);
	struct pcm_stream s2;
	assert_int_equal(pcm_open(&s2, &nocap.dev, AUDIO_CAPTURE), -ENODEV);
	assert_int_equal(pcm_open(&s2, &nocap.dev, (enum audio_dir)7), -EINVAL);
	fake_dev_free(&nocap);

	/* Caps that cannot work: odd frame size, too many slots, no
	 * period that fits, zero rate. */
	struct audio_caps bad[4];
	for (int i = 0; i < 4; i++)
		bad[i] = fake_caps_playback();
	bad[0].frame_bytes = 3;
	bad[1].hw_slots = 9;
	bad[2].min_period_bytes = 400, bad[2].max_period_bytes = 398;
	bad[3].rate = 0;
	for (int i = 0; i < 4; i++) {
		struct fake_dev f;
		fake_dev_init(&f, &bad[i], NULL);
		assert_int_equal(pcm_open(&s2, &f.dev, AUDIO_PLAYBACK), -EINVAL);
		fake_dev_free(&f);
	}

	/* Period limits that are not whole frames round inward. */
	struct audio_caps odd = fake_caps_playback();
	odd.min_period_bytes = 6;
	odd.max_period_bytes = 4099;
	struct fake_dev f;
	fake_dev_init(&f, &odd, NULL);
	assert_int_equal(pcm_open(&s2, &f.dev, AUDIO_PLAYBACK), 0);
	struct pcm_hw_info hw;
	pcm_hw_info(&s2, &hw);
	assert_int_equal(hw.min_period_frames, 2);
	assert_int_equal(hw.max_period_frames, 1024);
	assert_int_equal(pcm_hw_params(&s2, 1, 2), -EINVAL);
	assert_int_equal(pcm_hw_params(&s2, 1025, 2), -EINVAL);
	assert_int_equal(pcm_hw_params(&s2, 2, 2), 0);
	assert_int_equal(f.violations, 0);
	pcm_close(&s2);
	fake_dev_free(&f);

	/* One stream per direction per device. */
	assert_int_equal(pcm_open(&x->s, &x->f.dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(pcm_open(&s2, &x->f.dev, AUDIO_PLAYBACK), -EBUSY);
	/* Re-opening an open stream is refused and leaves it intact: it can
	 * still be closed, and the direction opened again. */
	assert_int_equal(pcm_hw_params(&x->s, 64, 4), 0);
	assert_int_equal(pcm_open(&x->s, &x->f.dev, AUDIO_PLAYBACK), -EBUSY);
	assert_int_equal(pcm_open(&x->s, &x->f.dev, AUDIO_CAPTURE), -EBUSY);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_SETUP);
	pcm_close(&x->s);
	assert_int_equal(pcm_open(&x->s, &x->f.dev, AUDIO_PLAYBACK), 0);
	pcm_close(&x->s);
}

/* pcm_set_rate: a device with one rate takes only that one; a device with
 * a choice takes a rate in its range, and the stream describes it; only
 * before hw_params. */
static void rate_choice(void **state)
{
	(void)state;
	struct audio_caps pc = fake_caps_playback();
	struct fake_dev f;
	struct pcm_stream s;
	struct pcm_hw_info hw;
	fake_dev_init(&f, &pc, NULL);
	assert_int_equal(pcm_open(&s, &f.dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(pcm_set_rate(&s, 44100), 0);
	assert_int_equal(pcm_set_rate(&s, 48000), -ENOTSUP);
	assert_int_equal(pcm_set_rate(&s, 0), -EINVAL);
	pcm_close(&s);
	fake_dev_allow_rates(&f, 8000, 48000);
	assert_int_equal(pcm_open(&s, &f.dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(pcm_set_rate(&s, 96000), -EINVAL);
	pcm_hw_info(&s, &hw);
	assert_int_equal(hw.rate, 44100);
	assert_int_equal(pcm_set_rate(&s, 32000), 0);
	pcm_hw_info(&s, &hw);
	assert_int_equal(hw.rate, 32000);
	assert_int_equal(hw.channels, 2);
	assert_int_equal(pcm_hw_params(&s, 64, 4), 0);
	assert_int_equal(pcm_set_rate(&s, 48000), -EPERM);
	assert_int_equal(f.violations, 0);
	pcm_close(&s);
	fake_dev_free(&f);
}

static void playback_bit_exact(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	/* Odd chunk sizes cross period and ring boundaries everywhere. */
	assert_int_equal(play(x, 64 * 40 + 17, 37), 0);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_SETUP);
	assert_output(x);
	struct pcm_stats st;
	pcm_get_stats(&x->s, &st);
	assert_int_equal(st.xruns, 0);
	assert_int_equal(st.frames, 64 * 40 + 17);
	assert_int_equal(st.periods_completed, 41);
	assert_int_equal(x->periods_cb, 41);
	assert_int_equal(x->f.d[0].silence_frames, 0);
	assert_int_equal(pcm_pointer(&x->s), 64 * 40 + 17);
	assert_int_equal(st.max_fill, 256);
	assert_false(x->f.d[0].started); /* drain stopped the device */
	pcm_close(&x->s);
}

/* The event path re-arms the device before it runs the period callback:
 * a callback never delays the next buffer (docs/audio.md, "Costs"). */
static uint32_t cb_queued[8], cb_calls;
static struct fake_dev *cb_dev;

static void note_queued(void *ctx, struct pcm_stream *s)
{
	(void)ctx;
	(void)s;
	if (cb_calls < 8)
		cb_queued[cb_calls] = cb_dev->d[AUDIO_PLAYBACK].count;
	cb_calls++;
}

static void callback_after_rearm(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	cb_dev = &x->f;
	cb_calls = 0;
	pcm_set_period_callback(&x->s, note_queued, NULL);
	int16_t buf[2 * 256];
	gen(x, buf, 256);
	/* The ring full; the stream started itself at its threshold. */
	assert_int_equal(pcm_write(&x->s, buf, 256), 256);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	assert_int_equal(x->f.d[AUDIO_PLAYBACK].count, 2);
	/* One completion, then two reported in one event: each time the
	 * device is full again before any callback runs. */
	assert_int_equal(fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1), 1);
	assert_int_equal(cb_calls, 1);
	assert_int_equal(cb_queued[0], 2);
	assert_int_equal(fake_dev_complete_batch(&x->f, AUDIO_PLAYBACK, 2), 2);
	assert_int_equal(cb_calls, 3);
	assert_int_equal(cb_queued[1], 1); /* the ring's last period */
	assert_int_equal(cb_queued[2], 1);
	assert_int_equal(x->f.violations, 0);
	pcm_close(&x->s);
}

/* Field notes 6 and 10: the underrun is detected, counted and reported;
 * the device fills the gap with silence; nothing is replayed; frames
 * written but not played survive the recovery. */
static void underrun_no_stale_replay(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	int16_t buf[2 * 256], marker[2 * 64];
	gen(x, buf, 256);
	memcpy(marker, buf + 2 * 192, sizeof(marker)); /* period P3 */
	assert_int_equal(pcm_write(&x->s, buf, 256), 256); /* auto-start */
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	assert_int_equal(x->f.d[0].count, 2);
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1);
	/* Half a period: not enough to keep going.  It is heard only after
	 * the gap, so it joins the expected output later. */
	int16_t half[2 * 32];
	for (int i = 0; i < 32; i++)
		frame(x->next++, half + 2 * i);
	assert_int_equal(pcm_write(&x->s, half, 32), 32);
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 2);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1); /* P3 done: starved */
	assert_int_equal(pcm_state(&x->s), PCM_STATE_XRUN);
	struct pcm_stats st;
	pcm_get_stats(&x->s, &st);
	assert_int_equal(st.xruns, 1);
	assert_int_equal(st.xrun_pointer, 256);
	assert_int_equal(st.fill, 32);

	/* The stall: the device plays silence, the stream stays put. */
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 3);
	exp_push(x, NULL, 3 * 64);
	exp_push(x, half, 32);
	uint32_t submits = x->f.d[0].submits;
	assert_int_equal(pcm_write(&x->s, buf, 64), -EPIPE);
	assert_int_equal(pcm_wait(&x->s), -EPIPE);
	assert_int_equal(x->f.d[0].submits, submits);

	/* Recovery: prepare keeps the 32 unplayed frames. */
	assert_int_equal(pcm_prepare(&x->s), 0);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_PREPARED);
	assert_int_equal(pcm_fill(&x->s), 32);
	assert_int_equal(pcm_pointer(&x->s), 0);
	assert_int_equal(play(x, 64 * 10, 50), 0);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	assert_int_equal(count_in_output(x, marker, sizeof(marker)), 1);
	pcm_get_stats(&x->s, &st);
	assert_int_equal(st.xruns, 1);
	assert_int_equal(x->f.d[0].silence_frames, 3 * 64);
	pcm_close(&x->s);
}

/* pcm_recover acts on -EPIPE only: every other result comes back as it
 * was, and -EPIPE outside XRUN or on no stream changes nothing. */
static void recover_other_errors_unchanged(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	assert_int_equal(play(x, 100, 100), 0);
	const int errs[] = {0, 7, -EPERM, -EINVAL, -EAGAIN, -EIO, -ENOMEM,
#ifdef ESTRPIPE
			    -ESTRPIPE,
#endif
	};
	for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
		assert_int_equal(pcm_recover(&x->s, errs[i], 0), errs[i]);
		assert_int_equal(pcm_recover(&x->s, errs[i], 5), errs[i]);
		assert_int_equal(pcm_recover(NULL, errs[i], 0), errs[i]);
	}
	uint32_t submits = x->f.d[0].submits;
	assert_int_equal(pcm_recover(&x->s, -EPIPE, 0), -EPERM); /* PREPARED */
	assert_int_equal(pcm_recover(NULL, -EPIPE, 0), -EINVAL);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_PREPARED);
	assert_int_equal(pcm_fill(&x->s), 100);
	assert_int_equal(x->f.d[0].submits, submits);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	assert_int_equal(pcm_recover(&x->s, -EPIPE, 0), -EPERM); /* SETUP */
	pcm_close(&x->s);
}

/* The player's race: the ring runs dry between pcm_mmap_begin and
 * pcm_mmap_commit.  pcm_recover(-EPIPE, got) re-arms, keeps what was
 * written and never played, and commits the rendered chunk where it lies
 * after it: both play once, after the gap. */
static void recover_playback_recommits(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	int16_t buf[2 * 256], pre[2 * 16], chunk[2 * 32];
	gen(x, buf, 256);
	assert_int_equal(pcm_write(&x->s, buf, 256), 256); /* auto-start */
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 3); /* P3 in the device */
	for (uint32_t i = 0; i < 16; i++)
		frame(x->next++, pre + 2 * i);
	assert_int_equal(pcm_write(&x->s, pre, 16), 16); /* < a period */
	void *area;
	uint32_t n;
	assert_int_equal(pcm_mmap_begin(&x->s, &area, &n), 0);
	assert_true(n >= 32);
	for (uint32_t i = 0; i < 32; i++)
		frame(x->next++, chunk + 2 * i);
	memcpy(area, chunk, sizeof chunk);
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1); /* starved */
	assert_int_equal(pcm_state(&x->s), PCM_STATE_XRUN);
	int r = pcm_mmap_commit(&x->s, 32);
	assert_int_equal(r, -EPIPE);
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 2); /* the gap */
	exp_push(x, NULL, 2 * 64);
	exp_push(x, pre, 16);
	exp_push(x, chunk, 32);

	/* More than the room at the write position: refused, untouched. */
	assert_int_equal(pcm_recover(&x->s, r, 256 - 16 + 1), -EINVAL);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_XRUN);
	assert_int_equal(pcm_fill(&x->s), 16);

	assert_int_equal(pcm_recover(&x->s, r, 32), 0);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_PREPARED);
	assert_int_equal(pcm_fill(&x->s), 16 + 32);
	assert_int_equal(pcm_pointer(&x->s), 0);
	assert_int_equal(pcm_recover(&x->s, -EPIPE, 0), -EPERM); /* once */
	assert_int_equal(play(x, 64 * 10, 50), 0); /* threshold restarts */
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	assert_int_equal(count_in_output(x, chunk, sizeof chunk), 1);
	struct pcm_stats st;
	pcm_get_stats(&x->s, &st);
	assert_int_equal(st.xruns, 1);
	assert_int_equal(x->f.d[0].silence_frames, 2 * 64);
	pcm_close(&x->s);
}

/* Field notes 3 and 5: drain sends the partial last period, plays every
 * frame, stops the device, and a new start works. */
static void drain_partial_then_restart(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	assert_int_equal(play(x, 100, 100), 0); /* under the threshold */
	assert_int_equal(pcm_state(&x->s), PCM_STATE_PREPARED);
	assert_int_equal(pcm_drain(&x->s), 0); /* starts, then drains */
	assert_int_equal(pcm_state(&x->s), PCM_STATE_SETUP);
	assert_false(x->f.d[0].started);
	assert_output(x);

	for (int round = 0; round < 3; round++) {
		assert_int_equal(pcm_prepare(&x->s), 0);
		assert_int_equal(play(x, 64 * 5 + 1 + (uint32_t)round, 64), 0);
		assert_int_equal(pcm_drain(&x->s), 0);
		assert_output(x);
	}
	/* Manual start, then drop, then start again. */
	assert_int_equal(pcm_prepare(&x->s), 0);
	assert_int_equal(pcm_set_start_threshold(&x->s, 0), 0);
	assert_int_equal(play(x, 63, 63), 0);
	uint32_t submits = x->f.d[0].submits;
	assert_int_equal(pcm_start(&x->s), -EAGAIN); /* < one period */
	assert_int_equal(pcm_state(&x->s), PCM_STATE_PREPARED);
	assert_int_equal(x->f.d[0].submits, submits);
	assert_int_equal(play(x, 1, 1), 0);
	assert_int_equal(pcm_start(&x->s), 0);
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_XRUN);
	assert_int_equal(pcm_drop(&x->s), 0);
	assert_false(x->f.d[0].started);
	assert_int_equal(pcm_fill(&x->s), 0);
	assert_int_equal(pcm_prepare(&x->s), 0);
	assert_int_equal(play(x, 256, 256), 0);
	assert_int_equal(pcm_start(&x->s), 0);
	/* Drop with both slots full: nothing queued after the stop. */
	assert_int_equal(x->f.d[0].count, 2);
	assert_int_equal(pcm_drop(&x->s), 0);
	assert_int_equal(x->f.d[0].count, 0);
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 2); /* stopped: nothing */
	assert_int_equal(pcm_state(&x->s), PCM_STATE_SETUP);
	assert_int_equal(x->f.violations, 0);
	/* Output so far: everything but the 256 dropped frames. */
	struct fake_dir *d = &x->f.d[0];
	assert_int_equal(d->out_len, (x->exp_frames - 256) * FB);
	assert_memory_equal(d->out, x->exp, d->out_len);
	pcm_close(&x->s);
}

static void pause_resume(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	assert_int_equal(play(x, 256, 256), 0);
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1);
	assert_int_equal(pcm_pause(&x->s, true), 0);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_PAUSED);
	uint32_t submits = x->f.d[0].submits;
	/* The two queued periods finish; then the device idles, silent. */
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 4);
	assert_int_equal(x->f.d[0].submits, submits);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_PAUSED);
	/* Writing while paused fills the ring (P3 is still in it), nothing
	 * is sent. */
	assert_int_equal(play(x, 192, 192), 0);
	assert_int_equal(pcm_avail(&x->s), 0);
	assert_int_equal(x->f.d[0].submits, submits);
	assert_int_equal(pcm_wait(&x->s), -EPERM); /* would never end */
	/* Output: P0 P1 P2, then two periods of silence. */
	struct fake_dir *d = &x->f.d[0];
	assert_int_equal(d->out_len, 5 * 64 * FB);
	assert_memory_equal(d->out, x->exp, 3 * 64 * FB);
	assert_int_equal(d->silence_frames, 128);
	/* Expected from here: P3 and the 192 new frames, after the gap. */
	size_t tail_n = x->exp_frames - 192;
	int16_t *tail = malloc(tail_n * FB);
	assert_non_null(tail);
	memcpy(tail, x->exp + 2 * 192, tail_n * FB);
	x->exp_frames = 192;
	exp_push(x, NULL, 128);
	exp_push(x, tail, tail_n);
	free(tail);
	struct pcm_stats st;
	pcm_get_stats(&x->s, &st);
	assert_int_equal(st.xruns, 0);

	assert_int_equal(pcm_pause(&x->s, false), 0);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	assert_int_equal(d->count, 2);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	pcm_close(&x->s);
}

/* Capture overrun: pcm_recover empties the ring and captures again at
 * once (pcm_read never starts a stream); nothing can be pending. */
static void recover_capture_restarts(void **state)
{
	struct fx *x = *state;
	struct pcm_stream *s = &x->s;
	assert_int_equal(pcm_open(s, &x->f.dev, AUDIO_CAPTURE), 0);
	assert_int_equal(pcm_hw_params(s, 96, 3), 0);
	assert_int_equal(pcm_prepare(s), 0);
	assert_int_equal(pcm_start(s), 0);
	fake_dev_complete(&x->f, AUDIO_CAPTURE, 5); /* nobody reads */
	assert_int_equal(pcm_state(s), PCM_STATE_XRUN);
	int16_t got[100];
	int r = pcm_read(s, got, 1);
	assert_int_equal(r, -EPIPE);
	assert_int_equal(pcm_recover(s, r, 1), -EINVAL);
	assert_int_equal(pcm_state(s), PCM_STATE_XRUN);
	assert_int_equal(pcm_recover(s, r, 0), 0);
	assert_int_equal(pcm_state(s), PCM_STATE_RUNNING);
	assert_int_equal(pcm_fill(s), 0);
	assert_int_equal(pcm_pointer(s), 0);
	assert_true(x->f.d[1].started);
	assert_int_equal(pcm_recover(s, -EPIPE, 0), -EPERM); /* RUNNING */
	fake_dev_complete(&x->f, AUDIO_CAPTURE, 2);
	uint32_t n = x->f.d[1].cap_frames - 192;
	assert_int_equal(pcm_read(s, got, 100), 100);
	for (int i = 0; i < 100; i++)
		assert_int_equal(got[i], fake_dev_capture_sample(n + (uint32_t)i, 0));
	struct pcm_stats st;
	pcm_get_stats(s, &st);
	assert_int_equal(st.xruns, 1);
	pcm_close(s);
}

static void capture_stream(void **state)
{
	struct fx *x = *state;
	struct pcm_stream *s = &x->s;
	assert_int_equal(pcm_open(s, &x->f.dev, AUDIO_CAPTURE), 0);
	assert_int_equal(pcm_hw_params(s, 96, 3), 0);
	pcm_set_block(s, fake_dev_block, &x->f);
	assert_int_equal(pcm_prepare(s), 0);
	assert_int_equal(pcm_wait(s), -EPERM); /* not started */
	assert_int_equal(pcm_start(s), 0);
	assert_int_equal(x->f.d[1].count, 1); /* hw_slots = 1 */
	int16_t got[100];
	uint32_t n = 0;
	while (n < 96 * 20) {
		assert_int_equal(pcm_wait(s), 0);
		int32_t r = pcm_read(s, got, 71);
		assert_true(r > 0);
		for (int32_t i = 0; i < r; i++, n++)
			assert_int_equal(got[i], fake_dev_capture_sample(n, 0));
	}
	assert_int_equal(pcm_state(s), PCM_STATE_RUNNING);
	assert_int_equal(pcm_pointer(s), x->f.d[1].cap_frames);
	/* Overrun: nobody reads, the ring fills, the device has nowhere to
	 * write. */
	fake_dev_complete(&x->f, AUDIO_CAPTURE, 5);
	assert_int_equal(pcm_state(s), PCM_STATE_XRUN);
	assert_int_equal(pcm_read(s, got, 1), -EPIPE);
	struct pcm_stats st;
	pcm_get_stats(s, &st);
	assert_int_equal(st.xruns, 1);
	/* Full as far as whole periods go: less than a period free. */
	assert_true(st.max_fill > 288 - 96 && st.max_fill <= 288);
	assert_int_equal(st.max_fill, pcm_fill(s));
	/* Recovery drops the old frames and captures fresh ones. */
	assert_int_equal(pcm_prepare(s), 0);
	assert_int_equal(pcm_fill(s), 0);
	assert_int_equal(pcm_start(s), 0);
	fake_dev_complete(&x->f, AUDIO_CAPTURE, 2);
	n = x->f.d[1].cap_frames - 192;
	assert_int_equal(pcm_read(s, got, 100), 100);
	for (int i = 0; i < 100; i++)
		assert_int_equal(got[i], fake_dev_capture_sample(n + (uint32_t)i, 0));
	/* Drain: device stops, what was captured stays readable. */
	assert_int_equal(pcm_drain(s), 0);
	assert_false(x->f.d[1].started);
	assert_int_equal(pcm_state(s), PCM_STATE_DRAINING);
	assert_int_equal(pcm_read(s, got, 100), 92);
	assert_int_equal(pcm_state(s), PCM_STATE_SETUP);
	assert_int_equal(x->f.violations, 0);
	pcm_close(s);
}

/* Counters start just below 2^32 with a ring that is not a power of two
 * in size, so counter % buffer would jump at the wrap. */
static void counter_wrap(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 3);
	assert_int_equal(pcm_test_set_position(&x->s, UINT32_MAX - 300), 0);
	assert_int_equal(pcm_pointer(&x->s), 0);
	assert_int_equal(play(x, 64 * 30 + 5, 41), 0);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	assert_int_equal(pcm_pointer(&x->s), 64 * 30 + 5);
	assert_true(atomic_load(&x->s.hwp) < 64 * 31); /* it did wrap */
	pcm_close(&x->s);

	/* Capture across the wrap too. */
	struct pcm_stream *s = &x->s;
	assert_int_equal(pcm_open(s, &x->f.dev, AUDIO_CAPTURE), 0);
	assert_int_equal(pcm_hw_params(s, 64, 3), 0);
	pcm_set_block(s, fake_dev_block, &x->f);
	assert_int_equal(pcm_prepare(s), 0);
	assert_int_equal(pcm_test_set_position(s, UINT32_MAX - 100), 0);
	assert_int_equal(pcm_start(s), 0);
	int16_t got[50];
	uint32_t n = 0;
	while (n < 64 * 10) {
		assert_int_equal(pcm_wait(s), 0);
		int32_t r = pcm_read(s, got, 50);
		assert_true(r > 0);
		for (int32_t i = 0; i < r; i++, n++)
			assert_int_equal(got[i], fake_dev_capture_sample(n, 0));
	}
	assert_int_equal(x->f.violations, 0);
	pcm_close(s);
}

/* An interrupt that arrives inside submit() (the pump already running in
 * the main loop) must neither lose the completion nor submit twice. */
static void nested_and_coalesced_events(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	assert_int_equal(play(x, 256, 256), 0); /* P0, P1 queued */
	assert_int_equal(x->f.d[0].count, 2);
	/* P0 completes; while the event side submits P2, P1 completes too
	 * (nested); P3 must follow at once, each exactly once. */
	x->f.d[0].irq_in_submit = 1;
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1);
	assert_int_equal(x->f.d[0].periods_done, 2);
	assert_int_equal(x->f.d[0].count, 2);
	assert_int_equal(x->f.d[0].submits, 4);
	assert_int_equal(pcm_pointer(&x->s), 128);
	assert_int_equal(x->periods_cb, 2);
	/* The same from the main loop: a write whose submit is interrupted
	 * by a completion. */
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1); /* P2 done, slot free */
	x->f.d[0].irq_in_submit = 1;
	assert_int_equal(play(x, 64, 64), 0);        /* P4: P3 completes */
	assert_int_equal(x->f.d[0].count, 1);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	assert_int_equal(play(x, 64 * 12, 64), 0);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	assert_int_equal(x->f.d[0].silence_frames, 0);
	pcm_close(&x->s);

	/* Coalesced: one event reports several periods. */
	fake_dev_free(&x->f);
	free(x->exp);
	x->exp = NULL;
	x->exp_frames = x->exp_cap = 0;
	struct audio_caps four = fake_caps_playback();
	four.hw_slots = 4;
	fake_dev_init(&x->f, &four, NULL);
	x->f.d[0].batch_events = true;
	open_play(x, 64, 8);
	x->periods_cb = 0;
	assert_int_equal(play(x, 64 * 8, 64), 0);
	assert_int_equal(x->f.d[0].count, 4);
	assert_int_equal(fake_dev_complete(&x->f, AUDIO_PLAYBACK, 3), 3);
	assert_int_equal(x->f.d[0].count, 4);
	assert_int_equal(x->periods_cb, 3);
	assert_int_equal(pcm_pointer(&x->s), 3 * 64);
	assert_int_equal(play(x, 64 * 20, 100), 0);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	pcm_close(&x->s);
}

/* A late interrupt that finds both slots played: the device ran dry and
 * played silence, even though the ring refills it at once.  That is an
 * underrun to report (the stream stays RUNNING); a punctual one is not. */
static void late_interrupt_counts_underrun(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	assert_int_equal(play(x, 256, 256), 0); /* ring full: P0, P1 queued */
	assert_int_equal(x->f.d[0].count, 2);
	assert_int_equal(fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1), 1);
	struct pcm_stats st;
	pcm_get_stats(&x->s, &st);
	assert_int_equal(st.xruns, 0);
	assert_int_equal(play(x, 64, 64), 0);
	x->f.d[0].batch_events = true;
	assert_int_equal(fake_dev_complete(&x->f, AUDIO_PLAYBACK, 2), 2);
	pcm_get_stats(&x->s, &st);
	assert_int_equal(st.xruns, 1);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	assert_int_equal(x->f.d[0].count, 2); /* refilled from the ring */
	x->f.d[0].batch_events = false;
	assert_int_equal(play(x, 64 * 8, 64), 0);
	assert_int_equal(pcm_drain(&x->s), 0);
	pcm_get_stats(&x->s, &st);
	assert_int_equal(st.xruns, 1); /* the drain's own end is not one */
	assert_output(x);
	pcm_close(&x->s);
}

static void mmap_zero_copy(void **state)
{
	struct fx *x = *state;
	open_play(x, 128, 3);
	assert_int_equal(pcm_set_start_threshold(&x->s, 128), 0);
	uint32_t left = 128 * 20 + 3;
	while (left) {
		void *area;
		uint32_t n;
		assert_int_equal(pcm_mmap_begin(&x->s, &area, &n), 0);
		if (n == 0) {
			assert_int_equal(pcm_wait(&x->s), 0);
			continue;
		}
		if (n > left)
			n = left;
		if (n > 50)
			n = 50;
		/* Render straight into device memory. */
		gen(x, area, n);
		assert_int_equal(pcm_mmap_commit(&x->s, n), 0);
		left -= n;
	}
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	pcm_close(&x->s);
}

/* Field notes 7 and 8: latency down to one period; fill observable. */
static void single_period_latency_and_fill(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 2);
	assert_int_equal(pcm_set_start_threshold(&x->s, 1), 0); /* -> 64 */
	assert_int_equal(play(x, 63, 63), 0);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_PREPARED);
	assert_int_equal(play(x, 1, 1), 0);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	assert_int_equal(x->f.d[0].count, 1);
	assert_int_equal(pcm_fill(&x->s) + pcm_avail(&x->s), 128);
	for (int i = 0; i < 10; i++) {
		assert_int_equal(play(x, 64, 64), 0);
		assert_int_equal(pcm_fill(&x->s) + pcm_avail(&x->s), 128);
		fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1);
	}
	struct pcm_stats st;
	pcm_get_stats(&x->s, &st);
	assert_int_equal(st.max_fill, 128);
	assert_int_equal(st.min_fill, 64);
	assert_int_equal(st.queued, 1);
	assert_int_equal(st.xruns, 0);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	pcm_close(&x->s);
}

/* Field note 11: nothing but written frames ever reaches the device,
 * whatever the memory held before. */
static void no_stale_memory_at_start(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	assert_int_equal(pcm_set_start_threshold(&x->s, 0), 0);
	assert_int_equal(pcm_start(&x->s), -EAGAIN);
	assert_int_equal(x->f.d[0].submits, 0);
	assert_int_equal(play(x, 64, 64), 0);
	assert_int_equal(pcm_start(&x->s), 0);
	assert_int_equal(x->f.d[0].count, 1);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	pcm_close(&x->s);
}

static void driver_errors(void **state)
{
	struct fx *x = *state;
	open_play(x, 64, 4);
	/* The very first submit fails: nothing queued, so an xrun at once;
	 * recovery keeps every written frame. */
	x->f.d[0].fail_submit = -EIO;
	assert_int_equal(play(x, 256, 256), 0);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_XRUN);
	struct pcm_stats st;
	pcm_get_stats(&x->s, &st);
	assert_int_equal(st.last_error, -EIO);
	assert_int_equal(st.queued, 0);
	assert_int_equal(pcm_prepare(&x->s), 0);
	assert_int_equal(pcm_fill(&x->s), 256);
	assert_int_equal(pcm_start(&x->s), 0);
	/* A failure with a period still queued: retried at the next
	 * completion, before the device starves. */
	x->f.d[0].fail_submit = -EIO;
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1);
	assert_int_equal(x->f.d[0].count, 1);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_RUNNING);
	fake_dev_complete(&x->f, AUDIO_PLAYBACK, 1);
	assert_int_equal(x->f.d[0].count, 2);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	assert_int_equal(x->f.d[0].silence_frames, 0);

	/* Start whose submit fails, then drain from the xrun: plays it. */
	assert_int_equal(pcm_prepare(&x->s), 0);
	assert_int_equal(play(x, 64, 64), 0);
	x->f.d[0].fail_submit = -EIO;
	assert_int_equal(pcm_start(&x->s), 0);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_XRUN);
	assert_int_equal(pcm_drain(&x->s), 0);
	assert_output(x);
	assert_int_equal(pcm_state(&x->s), PCM_STATE_SETUP);
	pcm_close(&x->s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(bad_parameters),
		T(open_errors),
		T(rate_choice),
		T(playback_bit_exact),
		T(underrun_no_stale_replay),
		T(recover_other_errors_unchanged),
		T(recover_playback_recommits),
		T(recover_capture_restarts),
		T(drain_partial_then_restart),
		T(pause_resume),
		T(capture_stream),
		T(counter_wrap),
		T(nested_and_coalesced_events),
		T(late_interrupt_counts_underrun),
		T(mmap_zero_copy),
		T(single_period_latency_and_fill),
		T(no_stale_memory_at_start),
		T(driver_errors),
		T(callback_after_rearm),
#undef T
	};
	return cmocka_run_group_tests_name("pcm", tests, NULL, NULL);
}
