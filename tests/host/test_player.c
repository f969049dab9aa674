/*
 * The player (app/player.c) on fake devices of other formats than the
 * goldfish device's: every program plays at 48 kHz stereo, 22.05 kHz mono
 * and 8 kHz mono (and at 44.1 kHz stereo, and on a float and a u8 device),
 * and the pitch measured in what the device played is the pitch asked for.
 * A job built at the wrong rate would be off by 8 % or more.  At 44.1 kHz
 * stereo the device plays, frame for frame, what koi-render writes (the
 * job's source rendered on its own).  A device format the player cannot
 * serve is refused with a message.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/cmdline.h"
#include "app/player.h"
#include "audio/convert.h"
#include "tests/host/fake_audio_dev.h"
#include "tests/host/fake_board.h"
#include "tests/host/job_line.h"
#include "tests/host/sigfit.h"

static struct job job;
static struct fake_dev dev;

/* Plays line on a fresh fake device of caps, with the console typing
 * keys.  Returns the player's result; the sound is in dev.d[0].out. */
static int play(const char *line, const struct audio_caps *caps, const char *keys,
		struct player_report *rep)
{
	char e[CMDLINE_ERR_LEN];
	fake_dev_free(&dev);
	fake_dev_init(&dev, caps, NULL);
	fake_board_use(&dev);
	fake_board_keys(keys);
	struct stream_format fmt;
	int r = player_open(&dev.dev, &fmt, e, sizeof e);
	if (r)
		fail_msg("player_open: %d %s", r, e);
	assert_true(fmt.rate == caps->rate && fmt.channels == caps->channels &&
		    fmt.sample == caps->format);
	struct job_sound s;
	r = job_line(line, &fmt, &job, &s, e, sizeof e);
	if (r)
		fail_msg("'%s': %s", line, e);
	const char *live = job_live(&job);
	struct player_opts o = {.period_frames = job.period_frames,
				.latency_us = job.latency_us, .no_adapt = job.no_adapt,
				.key = live ? job_key : NULL,
				.key_ctx = &s};
	r = player_play(s.src, &o, rep);
	player_close();
	job_free(&s);
	assert_int_equal(dev.violations, 0);
	return r;
}

/* Channel ch of frames [from, from + n) of what the device played, as
 * doubles in S16 units. */
static double *channel(const struct audio_caps *c, uint32_t ch, uint32_t from, uint32_t n)
{
	const struct fake_dir *d = &dev.d[AUDIO_PLAYBACK];
	uint32_t bps = sample_format_bytes(c->format);
	assert_true((size_t)(from + n) * c->frame_bytes <= d->out_len);
	double *x = malloc(n * sizeof *x);
	for (uint32_t i = 0; i < n; i++)
		x[i] = convert_decode(c->format, d->out + (size_t)(from + i) * c->frame_bytes + ch * bps);
	return x;
}

/* The frequency of the strongest component of x in [lo, hi] Hz: a
 * Blackman-Harris windowed DFT scanned in quarter bins, then refined by
 * golden-section search to a thousandth of a Hz. */
static double pitch(double *x, uint32_t n, uint32_t rate, double lo, double hi)
{
	double w = bh_apply(x, n);
	double step = (double)rate / n / 4.0, best = lo, best_a = -1.0;
	for (double f = lo; f <= hi; f += step) {
		double a = tone_amp(x, n, f / rate, w);
		if (a > best_a) {
			best_a = a;
			best = f;
		}
	}
	double a = best - step, b = best + step;
	const double g = (sqrt(5.0) - 1.0) / 2.0;
	while (b - a > 1e-3) {
		double c = b - g * (b - a), d = a + g * (b - a);
		if (tone_amp(x, n, c / rate, w) > tone_amp(x, n, d / rate, w))
			b = d;
		else
			a = c;
	}
	return (a + b) / 2.0;
}

struct prog_case {
	const char *line, *keys; /* keys: typed on the console (live) */
	double hz, lo, hi;       /* the pitch and where to look for it */
	double from_s, len_s;    /* the stretch measured */
};

static const struct prog_case cases[] = {
	/* The demo's first note: C5 (MIDI 72) on a sine, 0..400 ms. */
	{"demo", NULL, 523.2511306, 450, 600, 0.05, 0.3},
	{"tone --freq 997 --seconds 0.5", NULL, 997.0, 900, 1100, 0.05, 0.4},
	{"tone --wave triangle --freq 1234.5 --seconds 0.5", NULL, 1234.5, 1100, 1400, 0.05, 0.4},
	{"mix sine:440:-6 --seconds 0.5", NULL, 440.0, 400, 480, 0.05, 0.4},
	{"mix --voices 1 --seconds 0.5", NULL, 110.0, 90, 130, 0.05, 0.4},
	/* 'h' is A4 on the triangle, 220 ms. */
	{"piano --keys h", NULL, 440.0, 400, 480, 0.02, 0.18},
	{"piano", "hq", 440.0, 400, 480, 0.02, 0.18},
	/* Stereo clip: 400 Hz on L (700 Hz on R); mono: 500 Hz + 1500 Hz. */
	{"pcm --repeat 40", NULL, 400.0, 300, 500, 0.05, 0.3},
	{"pcm --format s24 --rate 8000 --channels 1 --repeat 40", NULL, 500.0, 450, 550, 0.05, 0.3},
	{"pcm --format float --rate 48000 --repeat 40", NULL, 400.0, 300, 500, 0.05, 0.3},
};

static void every_program_at(const struct audio_caps *c)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct prog_case *k = &cases[i];
		struct player_report rep;
		int r = play(k->line, c, k->keys, &rep);
		if (r)
			fail_msg("'%s' at %u Hz %u ch: player %d", k->line, c->rate, c->channels, r);
		assert_int_equal(rep.rate, c->rate);
		assert_int_equal(rep.underruns, 0);
		assert_int_equal(dev.d[0].out_len, (size_t)rep.frames * c->frame_bytes);
		uint32_t from = (uint32_t)(k->from_s * c->rate), n = (uint32_t)(k->len_s * c->rate);
		double *x = channel(c, 0, from, n);
		double hz = pitch(x, n, c->rate, k->lo, k->hi);
		free(x);
		double rel = (hz - k->hz) / k->hz;
		printf("# %5u Hz %u ch %-5s %-52s %9.3f Hz (want %9.3f, %+.1e)\n", c->rate,
		       c->channels, sample_format_name(c->format), k->line, hz, k->hz, rel);
		if (fabs(rel) > 1e-4)
			fail_msg("'%s' at %u Hz: pitch %.3f Hz, want %.3f", k->line, c->rate, hz, k->hz);
	}
}

static void at_48k_stereo(void **state)
{
	(void)state;
	struct audio_caps c = fake_caps_format(48000, 2, SAMPLE_S16);
	every_program_at(&c);
	/* stereo keeps the programs' channel signatures: tone's R = -L */
	struct player_report rep;
	assert_int_equal(play("tone --seconds 0.2 --channel inverted", &c, NULL, &rep), 0);
	assert_int_equal(rep.frames, 9600);
	const int16_t *lr = (const int16_t *)dev.d[0].out;
	for (uint32_t i = 0; i < rep.frames; i++)
		assert_int_equal(lr[2 * i + 1], -lr[2 * i]);
}

static void at_22k_mono(void **state)
{
	(void)state;
	struct audio_caps c = fake_caps_format(22050, 1, SAMPLE_S16);
	every_program_at(&c);
}

static void at_8k_mono(void **state)
{
	(void)state;
	struct audio_caps c = fake_caps_format(8000, 1, SAMPLE_S16);
	every_program_at(&c);
}

static void at_44k_stereo(void **state)
{
	(void)state;
	struct audio_caps c = fake_caps_format(44100, 2, SAMPLE_S16);
	every_program_at(&c);
}

/* Devices whose samples are not S16: the same pitch, and the samples are
 * the S16 ones encoded. */
static void other_sample_formats(void **state)
{
	(void)state;
	struct audio_caps c = fake_caps_format(32000, 2, SAMPLE_F32);
	every_program_at(&c);
	c = fake_caps_format(16000, 1, SAMPLE_U8);
	every_program_at(&c);
}

/* At the goldfish device's format the player hands the device exactly
 * what the job's source renders by itself (koi-render's frames), the
 * partial last period included. */
static void goldfish_format_is_the_render(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"tone --freq 997 --seconds 1", "demo", "mix --seconds 1 --period 64",
		"pcm --format u8 --rate 22050 --channels 2 --repeat 10", "piano --keys asdf",
	};
	struct audio_caps c = fake_caps_playback();
	char e[CMDLINE_ERR_LEN];
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		struct player_report rep;
		assert_int_equal(play(lines[i], &c, NULL, &rep), 0);
		struct job_sound s;
		assert_int_equal(job_line(lines[i], NULL, &job, &s, e, sizeof e), 0);
		int16_t *want = malloc(dev.d[0].out_len + 4000);
		uint32_t n = 0, got;
		while ((got = source_render(s.src, want + 2 * n, 1000)) > 0)
			n += got;
		job_free(&s);
		assert_int_equal((size_t)n * 4, dev.d[0].out_len);
		assert_memory_equal(dev.d[0].out, want, dev.d[0].out_len);
		assert_int_equal(dev.d[0].silence_frames, 0);
		printf("# %-55s %7u frames, the same as rendered alone\n", lines[i], n);
		free(want);
	}
}

/* Formats the player cannot serve are refused, with the reason. */
/* Where the latency starts: the job's default (512 x 4, a live job's 128
 * x 4), --latency's quarter periods (bent to the device's smallest), or
 * --period's.  On an idle host (the fake never starves) it stays there. */
static void latency_start(void **state)
{
	(void)state;
	static const struct {
		const char *line, *keys;
		uint32_t period;
	} cases[] = {
		{"tone --seconds 0.2", NULL, 512},
		{"piano", "hq", 128},
		{"tone --seconds 0.2 --latency 5.8", NULL, 64},
		{"tone --seconds 0.2 --latency 11.6 --no-adapt", NULL, 128},
		{"tone --seconds 0.2 --latency 2000", NULL, 4096}, /* the device's largest */
		{"tone --seconds 0.2 --period 100", NULL, 100},
	};
	struct audio_caps c = fake_caps_playback();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct player_report rep;
		assert_int_equal(play(cases[i].line, &c, cases[i].keys, &rep), 0);
		assert_int_equal(rep.period_frames, cases[i].period);
		assert_int_equal(rep.start_buffer, cases[i].period * PLAYER_PERIODS);
		assert_int_equal(rep.end_buffer, rep.start_buffer);
		assert_int_equal(rep.max_buffer, rep.start_buffer);
		assert_int_equal(rep.grows + rep.shrinks + rep.underruns, 0);
	}
	c.min_period_bytes = 1024; /* 256 frames */
	struct player_report rep;
	assert_int_equal(play("tone --seconds 0.2 --latency 5.8", &c, NULL, &rep), 0);
	assert_int_equal(rep.period_frames, 256);
}

static void refused_formats(void **state)
{
	(void)state;
	static const struct {
		uint32_t rate, channels;
		enum sample_format f;
		int want;
		const char *msg;
	} bad[] = {
		{44100, 3, SAMPLE_S16, -ENOTSUP, "3 channels"},
		{4000, 1, SAMPLE_S16, -ENOTSUP, "4000 Hz"},
		{384000, 2, SAMPLE_S16, -ENOTSUP, "384000 Hz"},
		{44100, 2, SAMPLE_FORMAT_COUNT, -EINVAL, "unusable"},
	};
	char e[CMDLINE_ERR_LEN];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct audio_caps c = fake_caps_format(bad[i].rate, bad[i].channels, SAMPLE_S16);
		c.format = bad[i].f;
		fake_dev_free(&dev);
		fake_dev_init(&dev, &c, NULL);
		struct stream_format fmt;
		int r = player_open(&dev.dev, &fmt, e, sizeof e);
		printf("# %u Hz %u ch format %d: %d %s\n", bad[i].rate, bad[i].channels, bad[i].f, r, e);
		assert_int_equal(r, bad[i].want);
		assert_non_null(strstr(e, bad[i].msg));
	}
	/* a source in another format than the stream's */
	struct audio_caps c = fake_caps_format(48000, 2, SAMPLE_S16);
	fake_dev_free(&dev);
	fake_dev_init(&dev, &c, NULL);
	fake_board_use(&dev);
	struct stream_format fmt;
	assert_int_equal(player_open(&dev.dev, &fmt, e, sizeof e), 0);
	struct stream_format wrong = {44100, 2, SAMPLE_S16};
	struct job_sound s;
	assert_int_equal(job_line("tone", &wrong, &job, &s, e, sizeof e), 0);
	struct player_opts o = {0};
	struct player_report rep;
	assert_int_equal(player_play(s.src, &o, &rep), -EINVAL);
	job_free(&s);
	player_close();
	/* --rate: refused by a device with one rate, unless it is its own;
	 * taken by one with a choice, which then plays the job at it. */
	assert_int_equal(player_open_at(&dev.dev, 44100, &fmt, e, sizeof e), -ENOTSUP);
	assert_non_null(strstr(e, "plays 48000 Hz only"));
	assert_int_equal(player_open_at(&dev.dev, 48000, &fmt, e, sizeof e), 0);
	player_close();
	fake_dev_allow_rates(&dev, 8000, 48000);
	assert_int_equal(player_open_at(&dev.dev, 96000, &fmt, e, sizeof e), -EINVAL);
	assert_non_null(strstr(e, "cannot play at 96000 Hz"));
	assert_int_equal(player_open_at(&dev.dev, 22050, &fmt, e, sizeof e), 0);
	assert_int_equal(fmt.rate, 22050);
	assert_int_equal(job_line("tone --seconds 0.1", &fmt, &job, &s, e, sizeof e), 0);
	assert_int_equal(player_play(s.src, &o, &rep), 0);
	assert_int_equal(rep.rate, 22050);
	assert_int_equal(rep.frames, 2205);
	job_free(&s);
	player_close();
}

static int teardown(void **state)
{
	(void)state;
	fake_dev_free(&dev);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(at_48k_stereo),
		cmocka_unit_test(at_22k_mono),
		cmocka_unit_test(at_8k_mono),
		cmocka_unit_test(at_44k_stereo),
		cmocka_unit_test(other_sample_formats),
		cmocka_unit_test(goldfish_format_is_the_render),
		cmocka_unit_test(refused_formats),
		cmocka_unit_test(latency_start),
	};
	return cmocka_run_group_tests_name("player", tests, NULL, teardown);
}
