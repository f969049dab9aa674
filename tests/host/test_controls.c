/*
 * Control while playing: the volume stage (audio/gain.h) and the console's
 * keys in the player (app/player.c) on a fake device, the keys typed at
 * known moments (fake_board.h: '|' waits a period).
 *
 *  - at 0 dB the stage copies (bit-exact), at a fixed --volume it is the
 *    same float product as koi-render's;
 *  - every change (a 1 dB step, mute, unmute, the fade of q) is a ramp
 *    of GAIN_RAMP_MS: no sample moves further from the last than the
 *    sound itself does plus the ramp's share;
 *  - space pauses and resumes: what the device played, minus the silence
 *    it played while paused, is the render frame for frame (nothing lost,
 *    nothing repeated), and the pause is no underrun;
 *  - + and - step the volume by 1 dB, m mutes, q fades out and stops;
 *  - the piano takes the same keys, its notes still come from its own.
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
#include "audio/dspmath.h"
#include "audio/gain.h"
#include "tests/host/fake_audio_dev.h"
#include "tests/host/fake_board.h"
#include "tests/host/job_line.h"

static struct job job;
static struct fake_dev dev;
static char err[CMDLINE_ERR_LEN];

/* A source of a fixed sequence of frames (stereo), for the stage alone. */
struct seq_src {
	struct koi_source src;
	uint32_t n, left;
	int16_t v;
};

static uint32_t seq_render(struct koi_source *s, int16_t *out, uint32_t frames)
{
	struct seq_src *q = (struct seq_src *)s;
	uint32_t n = frames < q->left ? frames : q->left;
	for (uint32_t i = 0; i < n; i++, q->n++) {
		out[2 * i] = q->v ? q->v : (int16_t)(q->n * 2654435761u >> 16);
		out[2 * i + 1] = q->v ? (int16_t)-q->v : (int16_t)(q->n * 40503u);
	}
	q->left -= n;
	return n;
}

static void seq_init(struct seq_src *q, uint32_t frames, int16_t v)
{
	*q = (struct seq_src){{seq_render, "seq", 44100, 2, NULL}, 0, frames, v};
}

static void unity_and_fixed_volume(void **state)
{
	(void)state;
	static int16_t a[2 * 5000], b[2 * 5000];
	struct seq_src q;
	struct gain g;
	seq_init(&q, 5000, 0);
	assert_int_equal(source_render(&q.src, a, 5000), 5000);
	seq_init(&q, 5000, 0);
	gain_init(&g, &q.src, 0.0, false);
	assert_int_equal(source_render(&g.src, b, 5000), 5000);
	assert_memory_equal(a, b, sizeof a); /* 0 dB copies */
	seq_init(&q, 5000, 0);
	gain_init(&g, &q.src, -6.0, false);
	assert_int_equal(source_render(&g.src, b, 5000), 5000);
	const float k = (float)koi_db_to_gain(-6.0);
	for (uint32_t i = 0; i < 2 * 5000; i++)
		assert_int_equal(b[i], koi_f2s16((float)a[i] * k));
	/* clamped, NaN is the minimum */
	assert_true(gain_set_db(&g, 40.0) == GAIN_MAX_DB);
	assert_true(gain_set_db(&g, -1000.0) == GAIN_MIN_DB);
	assert_true(gain_set_db(&g, NAN) == GAIN_MIN_DB);
	/* muted from the start: silence, no ramp */
	seq_init(&q, 100, 20000);
	gain_init(&g, &q.src, 0.0, true);
	assert_int_equal(source_render(&g.src, b, 100), 100);
	for (uint32_t i = 0; i < 200; i++)
		assert_int_equal(b[i], 0);
}

/* The largest step between neighbouring samples of channel 0. */
static int max_step(const int16_t *x, uint32_t frames, uint32_t ch)
{
	int m = 0;
	for (uint32_t i = 1; i < frames; i++) {
		int d = abs(x[i * ch] - x[(i - 1) * ch]);
		if (d > m)
			m = d;
	}
	return m;
}

static void ramps(void **state)
{
	(void)state;
	const uint32_t R = 44100 * GAIN_RAMP_MS / 1000;
	static int16_t x[2 * 4000];
	struct seq_src q;
	struct gain g;
	/* full-scale DC: a step in gain would be a step in the output */
	seq_init(&q, 100000, 32767);
	gain_init(&g, &q.src, 0.0, false);
	assert_int_equal(source_render(&g.src, x, 100), 100);
	gain_set_db(&g, -1.0);
	assert_int_equal(source_render(&g.src, x, 4000), 4000);
	const int drop = 32767 - koi_f2s16(32767.0f * (float)koi_db_to_gain(-1.0));
	printf("# -1 dB on full scale: %d down over %u frames, largest step %d\n", drop, R,
	       max_step(x, 4000, 2));
	assert_true(max_step(x, 4000, 2) <= drop / (int)R + 2);
	assert_int_equal(x[2 * (R - 1)], 32767 - drop); /* there at the ramp's end */
	assert_int_equal(x[2 * 3999], 32767 - drop);
	/* mute and unmute: down to 0 and back, in ramps */
	gain_set_mute(&g, true);
	assert_int_equal(source_render(&g.src, x, 4000), 4000);
	assert_true(max_step(x, 4000, 2) <= 32767 / (int)R + 2);
	assert_int_equal(x[2 * R], 0);
	gain_set_mute(&g, false);
	assert_int_equal(source_render(&g.src, x, 4000), 4000);
	assert_true(max_step(x, 4000, 2) <= 32767 / (int)R + 2);
	assert_int_equal(x[2 * 3999], 32767 - drop); /* the volume kept */
	/* the fade of q: down to 0 over a ramp, and the end right there */
	gain_fade_out(&g);
	uint32_t n = source_render(&g.src, x, 4000);
	assert_int_equal(n, R);
	assert_true(max_step(x, n, 2) <= 32767 / (int)R + 2);
	assert_int_equal(x[2 * (n - 1)], 0);
	assert_int_equal(source_render(&g.src, x, 4000), 0);
}

/* Plays line on a 44.1 kHz stereo fake device with keys typed. */
static int play(const char *line, const char *keys, struct player_report *rep,
		uint32_t *events)
{
	struct audio_caps caps = fake_caps_format(44100, 2, SAMPLE_S16);
	fake_dev_free(&dev);
	fake_dev_init(&dev, &caps, NULL);
	fake_board_use(&dev);
	fake_board_keys(keys);
	struct stream_format fmt;
	int r = player_open(&dev.dev, &fmt, err, sizeof err);
	assert_int_equal(r, 0);
	static struct job_sound s;
	r = job_line(line, &fmt, &job, &s, err, sizeof err);
	if (r)
		fail_msg("'%s': %s", line, err);
	const char *live = job_live(&job);
	struct player_opts o = {.period_frames = job.period_frames, .controls = true,
				.gain = &s.gain, .key = live ? job_key : NULL, .key_ctx = &s};
	(void)events;
	r = player_play(s.src, &o, rep);
	player_close();
	job_free(&s);
	return r;
}

/* The job's frames rendered on their own (koi-render's). */
static int16_t *rendered(const char *line, uint32_t *frames)
{
	struct job_sound s;
	assert_int_equal(job_line(line, NULL, &job, &s, err, sizeof err), 0);
	int16_t *x = malloc(4u * 44100 * 4);
	*frames = source_render(s.src, x, 44100 * 4);
	job_free(&s);
	return x;
}

static void pause_loses_nothing(void **state)
{
	(void)state;
	const char *line = "tone --seconds 1 --channel inverted --period 256";
	/* space after 20 periods, again after 30 more */
	char keys[128];
	int k = 0;
	for (int i = 0; i < 20; i++)
		keys[k++] = '|';
	keys[k++] = ' ';
	for (int i = 0; i < 30; i++)
		keys[k++] = '|';
	keys[k++] = ' ';
	keys[k] = '\0';
	struct player_report rep;
	assert_int_equal(play(line, keys, &rep, NULL), 0);
	assert_int_equal(rep.pauses, 1);
	assert_int_equal(rep.underruns, 0);
	uint32_t n;
	int16_t *want = rendered(line, &n);
	const int16_t *got = (const int16_t *)dev.d[0].out;
	const uint32_t got_n = (uint32_t)(dev.d[0].out_len / 4);
	/* Where they part, the device played silence (the pause), then the
	 * rest, all of it, once. */
	uint32_t i = 0;
	while (i < n && got[2 * i] == want[2 * i] && got[2 * i + 1] == want[2 * i + 1])
		i++;
	uint32_t z = 0;
	while (i + z < got_n && got[2 * (i + z)] == 0 && got[2 * (i + z) + 1] == 0)
		z++;
	printf("# paused at frame %u for %u frames of silence; %u frames played, %u rendered\n",
	       i, z, got_n, n);
	assert_true(i > 0 && i < n);
	assert_true(z >= 256 * 25); /* about 30 periods of the typing's wait */
	assert_int_equal(got_n - z, n);
	assert_memory_equal(got + 2 * (i + z), want + 2 * i, (size_t)(n - i) * 4);
	free(want);
}

/* A space before the stream has started (the first keys of a run) holds
 * its start: still nothing lost, and the stream starts at the resume. */
static void pause_before_start(void **state)
{
	(void)state;
	const char *line = "tone --seconds 0.5 --channel inverted --period 256";
	struct player_report rep;
	assert_int_equal(play(line, " ||||||||| ", &rep, NULL), 0);
	assert_int_equal(rep.pauses, 1);
	assert_int_equal(rep.underruns, 0);
	uint32_t n;
	int16_t *want = rendered(line, &n);
	assert_int_equal(dev.d[0].out_len, (size_t)n * 4); /* no silence: it waited */
	assert_memory_equal(dev.d[0].out, want, (size_t)n * 4);
	free(want);
}

static void volume_mute_quit(void **state)
{
	(void)state;
	struct player_report rep;
	/* four - after 10 periods: -4 dB from there */
	assert_int_equal(play("tone --seconds 0.5 --period 256", "||||||||||----", &rep, NULL), 0);
	const int16_t *x = (const int16_t *)dev.d[0].out;
	uint32_t n = (uint32_t)(dev.d[0].out_len / 4);
	int peak_before = 0, peak_after = 0;
	for (uint32_t i = 0; i < 2000; i++)
		peak_before = abs(x[2 * i]) > peak_before ? abs(x[2 * i]) : peak_before;
	for (uint32_t i = n - 4000; i < n; i++)
		peak_after = abs(x[2 * i]) > peak_after ? abs(x[2 * i]) : peak_after;
	double ratio = (double)peak_after / peak_before;
	printf("# peak %d -> %d: %.2f dB; largest step %d\n", peak_before, peak_after,
	       20 * log10(ratio), max_step(x, n, 2));
	assert_true(fabs(20 * log10(ratio) + 4.0) < 0.05);
	/* a 997 Hz sine at -6 dBFS moves at most 2 pi 997/44100 * 16423 a frame */
	assert_true(max_step(x, n, 2) <= 2333 + 2);
	/* m mutes (after a ramp the rest is silence), q stops early */
	assert_int_equal(play("tone --seconds 0.5 --period 256", "||||||||||m", &rep, NULL), 0);
	x = (const int16_t *)dev.d[0].out;
	n = (uint32_t)(dev.d[0].out_len / 4);
	assert_int_equal(n, 22050);
	for (uint32_t i = n - 8000; i < n; i++)
		assert_int_equal(x[2 * i], 0);
	assert_int_equal(play("tone --seconds 2 --period 256", "||||||||||q", &rep, NULL), 0);
	printf("# q after 10 periods: %u frames played of 88200\n", rep.frames);
	assert_true(rep.frames < 44100 / 4);
	x = (const int16_t *)dev.d[0].out;
	n = (uint32_t)(dev.d[0].out_len / 4);
	assert_true(max_step(x, n, 2) <= 2333 + 2);
	assert_int_equal(x[2 * (rep.frames - 1)], 0); /* faded to nothing */
	/* --volume and --mute from the command line */
	assert_int_equal(play("tone --seconds 0.2 --volume -20 --mute", "||||||||||m", &rep, NULL),
			 0);
	x = (const int16_t *)dev.d[0].out;
	n = (uint32_t)(dev.d[0].out_len / 4);
	for (uint32_t i = 0; i < 2560; i++)
		assert_int_equal(x[2 * i], 0); /* muted until m */
	int peak = 0;
	for (uint32_t i = n - 2000; i < n; i++)
		peak = abs(x[2 * i]) > peak ? abs(x[2 * i]) : peak;
	assert_true(abs(peak - 1642) <= 2); /* -6 dBFS tone at -20 dB: -26 dBFS */
}

/* The piano: the same controls, and its own keys still play notes; q is
 * its own (it ends after its last note's fade). */
static void piano_keys(void **state)
{
	(void)state;
	struct player_report rep;
	assert_int_equal(play("piano", "a||||||||| ||||||||| ||||----q", &rep, NULL), 0);
	assert_int_equal(rep.pauses, 1);
	assert_int_equal(rep.underruns, 0);
	assert_true(rep.frames > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unity_and_fixed_volume),
		cmocka_unit_test(ramps),
		cmocka_unit_test(pause_loses_nothing),
		cmocka_unit_test(pause_before_start),
		cmocka_unit_test(volume_mute_quit),
		cmocka_unit_test(piano_keys),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	fake_dev_free(&dev);
	return r;
}
