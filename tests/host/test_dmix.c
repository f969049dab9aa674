/*
 * Several playback streams mixed in software (audio/dmix.h), and play's
 * --with on it:
 *  - the mix of sources a and b is sat(a[n] + b[n]) frame for frame, the
 *    shorter counting 0 past its end, and lasts as long as the longer;
 *  - each client is a stream of its own: one paused, or starved (its
 *    producer late, an underrun of its own stream), or ended, leaves the
 *    others' frames where they were; the paused or starved one resumes
 *    where it stopped (the mix minus the other is it, with one run of
 *    silence inserted);
 *  - play a --with b, --with 'tone ...', and the refusals of --with.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audio/dmix.h"
#include "audio/dspmath.h"
#include "audio/tone.h"
#include "tests/host/job_line.h"

#define RATE 44100u
static struct job job;
static struct dmix mix;
static char err[CMDLINE_ERR_LEN];

/* A tone at amplitude gain for seconds, stereo, L != R. */
static void tone(struct tone *t, double hz, double gain, double seconds)
{
	assert_int_equal(tone_init(t, RATE, 2, OSC_SINE, hz, gain, seconds), 0);
}

/* n frames of a fresh tone. */
static int16_t *alone(double hz, double gain, double seconds, uint32_t *n)
{
	struct tone t;
	tone(&t, hz, gain, seconds);
	int16_t *x = calloc(4u * RATE * 4, 1);
	*n = source_render(&t.src, x, RATE * 4);
	return x;
}

/* Renders the mix to its end, in pieces of `step` frames, calling at(frame)
 * before each piece. */
static int16_t *run(uint32_t step, void (*at)(uint32_t frame), uint32_t *n)
{
	int16_t *x = calloc(8u * RATE * 4, 1);
	uint32_t done = 0, got;
	do {
		if (at)
			at(done);
		got = source_render(&mix.src, x + 2 * done, step);
		done += got;
		assert_true(done < 8 * RATE);
	} while (got == step);
	*n = done;
	return x;
}

static void mix_is_the_sum(void **state)
{
	(void)state;
	static struct tone a, b;
	uint32_t na, nb, n;
	int16_t *xa = alone(997, 0.9, 1.0, &na), *xb = alone(440, 0.9, 0.6, &nb);
	assert_int_equal(dmix_init(&mix, RATE, 2), 0);
	tone(&a, 997, 0.9, 1.0);
	tone(&b, 440, 0.9, 0.6);
	assert_int_equal(dmix_add(&mix, &a.src), 0);
	assert_int_equal(dmix_add(&mix, &b.src), 1);
	int16_t *x = run(777, NULL, &n);
	assert_int_equal(n, na); /* the longer's length */
	uint32_t clipped = 0;
	for (uint32_t i = 0; i < 2 * n; i++) {
		int32_t want = xa[i] + (i < 2 * nb ? xb[i] : 0);
		clipped += want > 32767 || want < -32768;
		assert_int_equal(x[i], koi_sat16(want));
	}
	printf("# %u frames = sat(a + b), %u samples saturated\n", n, clipped);
	assert_true(clipped > 0); /* 0.9 + 0.9: the saturation is tested */
	/* both streams played to their ends and stopped: SETUP */
	struct pcm_stats st;
	dmix_client_stats(&mix, 0, &st);
	assert_int_equal(st.state, PCM_STATE_SETUP);
	assert_int_equal(st.frames, na);
	assert_int_equal(st.xruns, 0);
	dmix_client_stats(&mix, 1, &st);
	assert_int_equal(st.frames, nb);
	dmix_free(&mix);
	free(x);
	free(xa);
	free(xb);
}

/* out - a: b with one run of silence inserted (the paused or starved
 * stretch); returns where it starts and its length. */
static void residual_is_b_with_a_gap(const int16_t *x, uint32_t n, const int16_t *xa,
				     uint32_t na, const int16_t *xb, uint32_t nb,
				     uint32_t *at, uint32_t *gap)
{
	uint32_t i = 0;
	int32_t r;
	/* low levels: no saturation, the sum is exact */
	while (i < n && (r = x[2 * i] - (i < na ? xa[2 * i] : 0)) == (i < nb ? xb[2 * i] : 0) &&
	       x[2 * i + 1] - (i < na ? xa[2 * i + 1] : 0) == (i < nb ? xb[2 * i + 1] : 0))
		i++;
	uint32_t z = 0;
	while (i + z < n && x[2 * (i + z)] == (i + z < na ? xa[2 * (i + z)] : 0) &&
	       x[2 * (i + z) + 1] == (i + z < na ? xa[2 * (i + z) + 1] : 0))
		z++;
	for (uint32_t k = i; k < nb; k++)
		for (uint32_t c = 0; c < 2; c++) {
			int32_t got = x[2 * (k + z) + c] - (k + z < na ? xa[2 * (k + z) + c] : 0);
			if (got != xb[2 * k + c])
				fail_msg("frame %u of b after a gap of %u at %u: %d, want %d", k, z, i,
					 got, xb[2 * k + c]);
		}
	*at = i;
	*gap = z;
}

static uint32_t pause_at, resume_at, starve_at;

static void pause_b(uint32_t frame)
{
	if (frame >= pause_at && frame < resume_at)
		(void)dmix_pause(&mix, 1, true);
	else if (frame >= resume_at)
		(void)dmix_pause(&mix, 1, false);
}

static void starve_b(uint32_t frame)
{
	if (frame >= starve_at && starve_at) {
		dmix_starve(&mix, 1, 10000);
		starve_at = 0;
	}
}

static void isolation(void **state)
{
	(void)state;
	static struct tone a, b;
	uint32_t na, nb, n, at, gap;
	int16_t *xa = alone(997, 0.3, 2.0, &na), *xb = alone(440, 0.3, 1.0, &nb);
	for (int how = 0; how < 2; how++) {
		assert_int_equal(dmix_init(&mix, RATE, 2), 0);
		tone(&a, 997, 0.3, 2.0);
		tone(&b, 440, 0.3, 1.0);
		assert_int_equal(dmix_add(&mix, &a.src), 0);
		assert_int_equal(dmix_add(&mix, &b.src), 1);
		pause_at = 20000;
		resume_at = 40000;
		starve_at = 20000;
		int16_t *x = run(512, how ? starve_b : pause_b, &n);
		residual_is_b_with_a_gap(x, n, xa, na, xb, nb, &at, &gap);
		struct pcm_stats sa, sb;
		dmix_client_stats(&mix, 0, &sa);
		dmix_client_stats(&mix, 1, &sb);
		printf("# b %s at frame %u for %u frames; a: %u frames, %u underruns; b: %u "
		       "underruns\n", how ? "starved" : "paused", at, gap, sa.frames, sa.xruns,
		       sb.xruns);
		assert_int_equal(n, na); /* a untouched, b ends before it */
		assert_int_equal(sa.xruns, 0);
		assert_int_equal(sa.frames, na);
		assert_true(at > 18000 && at <= 22000);
		if (how == 0) {
			assert_true(gap >= 18000 && gap <= 22000); /* the pause, in 512s */
			assert_int_equal(sb.xruns, 0);             /* a pause is no underrun */
		} else {
			assert_true(gap >= 9000 && gap <= 11000);  /* the starvation */
			assert_int_equal(sb.xruns, 1);             /* b's own underrun */
		}
		dmix_free(&mix);
		free(x);
	}
	free(xa);
	free(xb);
}

static void api(void **state)
{
	(void)state;
	static struct tone t[5];
	assert_int_equal(dmix_init(&mix, RATE, 3), -EINVAL);
	assert_int_equal(dmix_init(&mix, RATE, 2), 0);
	for (int i = 0; i < 4; i++) {
		tone(&t[i], 100 + i, 0.1, 0.1);
		assert_int_equal(dmix_add(&mix, &t[i].src), i);
	}
	tone(&t[4], 100, 0.1, 0.1);
	assert_int_equal(dmix_add(&mix, &t[4].src), -ENOSPC);
	dmix_free(&mix);
	assert_int_equal(dmix_init(&mix, 48000, 2), 0);
	assert_int_equal(dmix_add(&mix, &t[0].src), -EINVAL); /* 44.1 kHz into 48 */
	assert_int_equal(dmix_pause(&mix, 3, true), -EINVAL);
	dmix_free(&mix);
}

/* play --with: the same mix, built from command lines. */
static void play_with(void **state)
{
	(void)state;
	struct job_sound s;
	assert_int_equal(job_line("play examples/ode.wav --with 'tone --seconds 5 --freq 440' "
				  "--with 'examples/ode.wav --volume -6'",
				  NULL, &job, &s, err, sizeof err),
			 0);
	assert_int_equal(s.frames, 5 * RATE); /* the longest */
	int16_t *x = malloc(6u * RATE * 4);
	uint32_t n = source_render(s.src, x, 6 * RATE);
	assert_int_equal(n, 5 * RATE);
	assert_int_equal(job_result(&s, err, sizeof err), 0);
	job_free(&s);
	free(x);
	static const struct {
		const char *line, *want;
		int r;
	} bad[] = {
		{"play examples/ode.wav --with nope.wav",
		 "play: --with 'nope.wav': nope.wav: no such file", PROGRAM_BAD_INPUT},
		{"play examples/ode.wav --with 'record x.wav'",
		 "play: --with 'record x.wav': record plays nothing", -EINVAL},
		{"play examples/ode.wav --with 'play examples/ode.wav --record t.wav'",
		 "play: --with 'play examples/ode.wav --record t.wav': a job inside --with cannot "
		 "have --with, --record or help", -EINVAL},
		{"play examples/ode.wav --with 'tone --freq 0'",
		 "play: --with 'tone --freq 0': --freq: '0' is not a frequency above 0 Hz", -EINVAL},
		{"play examples/ode.wav --with a --with b --with c --with d",
		 "--with: at most 3 other jobs", -EINVAL},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(job_line(bad[i].line, NULL, &job, &s, err, sizeof err), bad[i].r);
		assert_string_equal(err, bad[i].want);
	}
	/* a live piano makes the play live */
	assert_int_equal(job_line("play examples/ode.wav --with piano", NULL, &job, &s, err,
				  sizeof err),
			 0);
	assert_non_null(job_live(&job));
	assert_int_equal(s.frames, 0); /* unknown: the piano ends with q */
	job_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mix_is_the_sum),
		cmocka_unit_test(isolation),
		cmocka_unit_test(api),
		cmocka_unit_test(play_with),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
