/* Oscillators and envelopes: quality figures (SINAD, aliasing, pink slope),
 * click-free changes, envelope shape, determinism rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audio/dspmath.h"
#include "audio/osc.h"
#include "tests/host/job_line.h"
#include "tests/host/sigfit.h"

#define FS 44100.0

static double actual_hz(double hz)
{
	return (double)koi_hz_to_inc(hz, 44100) * FS / 4294967296.0;
}

/* SINAD of the tone program's L and R channels (rounded S16 samples). */
static void tone_sinad(double hz, double *sl, double *sr, double *amp)
{
	static struct job job;
	struct job_sound t;
	char line[96], err[CMDLINE_ERR_LEN];
	const uint32_t n = 32768;
	int16_t *lr = malloc(n * 4);
	double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
	snprintf(line, sizeof line, "tone --freq %.17g --seconds 1 --gain 0 --channel inverted", hz);
	assert_int_equal(job_line(line, NULL, &job, &t, err, sizeof err), 0);
	assert_int_equal(source_render(t.src, lr, n), n);
	job_free(&t);
	for (uint32_t i = 0; i < n; i++) {
		x[i] = lr[2 * i];
		y[i] = lr[2 * i + 1];
		assert_int_equal(lr[2 * i + 1], -lr[2 * i]); /* R is -L */
	}
	*sl = fit_sinad(x, n, actual_hz(hz) / FS, amp);
	*sr = fit_sinad(y, n, actual_hz(hz) / FS, NULL);
	free(lr);
	free(x);
	free(y);
}

static void sine_sinad(void **state)
{
	(void)state;
	static const double freqs[] = {997.0, 100.0, 1000.0, 5000.0, 10000.0, 15000.0, 20000.0};
	for (unsigned i = 0; i < sizeof freqs / sizeof freqs[0]; i++) {
		double sl, sr, amp;
		tone_sinad(freqs[i], &sl, &sr, &amp);
		printf("# sine %7.1f Hz: SINAD L %.2f dB, R %.2f dB, amplitude %.2f\n",
		       freqs[i], sl, sr, amp);
		assert_true(sl >= 97.5);
		assert_true(sr >= 97.5);
		assert_true(amp > 32760.0 && amp <= 32767.5);
	}
}

static void sine_table_accuracy(void **state)
{
	(void)state;
	const struct koi_sine_entry *t = koi_sine_table();
	double worst = 0;
	for (uint32_t i = 0; i < KOI_SINE_SIZE; i++) {
		double ref = sin(2.0 * M_PI * i / KOI_SINE_SIZE);
		double e = fabs(t[i].v - ref);
		if (e > worst)
			worst = e;
		/* slope entries continue the table across the wrap */
		float next = t[(i + 1) % KOI_SINE_SIZE].v;
		assert_true(t[i].v + t[i].d == next || fabsf(t[i].v + t[i].d - next) < 1e-7f);
	}
	printf("# sine table: worst |error| vs libm %.3g\n", worst);
	assert_true(worst < 1e-7);
	/* the deterministic helpers agree with libm to near double precision */
	for (double x = -7.0; x < 7.0; x += 0.013) {
		assert_true(fabs(koi_sin(x) - sin(x)) < 1e-14);
		assert_true(fabs(koi_exp(x) - exp(x)) < 1e-12 * exp(x));
	}
	assert_true(fabs(koi_db_to_gain(-6.0) - pow(10.0, -0.3)) < 1e-15);
	assert_true(fabs(koi_note_hz(69) - 440.0) < 1e-12);
	assert_true(fabs(koi_note_hz(60) - 261.6255653005986) < 1e-9);
	assert_true(fabs(koi_sqrt(2.0) - sqrt(2.0)) < 1e-15);
}

/* Naive (not band-limited) versions, from the same phase accumulator. */
static double naive(enum osc_wave w, uint32_t ph)
{
	double t = (double)ph / 4294967296.0;
	switch (w) {
	case OSC_SAW: return 2.0 * t - 1.0;
	case OSC_SQUARE: return t < 0.5 ? 1.0 : -1.0;
	default: return t < 0.5 ? 4.0 * t - 1.0 : 3.0 - 4.0 * t;
	}
}

/* Worst alias (dBc) of a waveform at hz: every harmonic above Nyquist
 * folded back, measured where it lands (unless on a true harmonic). */
static double worst_alias(enum osc_wave w, double hz, int use_naive)
{
	const uint32_t n = 44100;
	double *x = malloc(n * sizeof *x);
	float *buf = malloc(n * sizeof *buf);
	struct osc o;
	osc_init(&o, w, hz, 44100, 1.0, 1);
	if (use_naive) {
		uint32_t ph = 0, inc = koi_hz_to_inc(hz, 44100);
		for (uint32_t i = 0; i < n; i++, ph += inc)
			x[i] = 32767.0 * naive(w, ph);
	} else {
		osc_render(&o, buf, n);
		for (uint32_t i = 0; i < n; i++)
			x[i] = buf[i];
	}
	double ws = bh_apply(x, n);
	double f0 = actual_hz(hz);
	double a1 = tone_amp(x, n, f0 / FS, ws), worst = 0;
	for (int k = 2; k * f0 < 3 * FS; k++) {
		double f = fmod(k * f0, FS);
		if (k * f0 < FS / 2)
			continue; /* a real harmonic */
		if (f > FS / 2)
			f = FS - f;
		double near = fmod(f, f0);
		if (near < 20.0 || f0 - near < 20.0 || f < 20.0)
			continue; /* lands on a harmonic or DC: cannot separate */
		double a = tone_amp(x, n, f / FS, ws);
		if (a > worst)
			worst = a;
	}
	free(x);
	free(buf);
	return db(worst / a1);
}

/* The issue-21 target: the worst alias at or below -80 dBc at 1, 5 and
 * 10 kHz (tools/test_alias.sh sweeps every frequency with wavstat). */
static void wavetable_aliasing(void **state)
{
	(void)state;
	static const enum osc_wave waves[] = {OSC_SAW, OSC_SQUARE, OSC_TRIANGLE};
	static const double freqs[] = {1000.0, 5000.0, 10000.0};
	for (unsigned w = 0; w < 3; w++)
		for (unsigned f = 0; f < 3; f++) {
			double bl = worst_alias(waves[w], freqs[f], 0);
			double nv = worst_alias(waves[w], freqs[f], 1);
			printf("# %-8s %5.0f Hz: worst alias %6.1f dBc (naive %6.1f dBc)\n",
			       osc_wave_name(waves[w]), freqs[f], bl, nv);
			assert_true(bl <= -80.0);
		}
}

/* While the pitch moves (vibrato: a new frequency every 128 frames, each
 * a glide; then one slow glide through the level boundaries around 11 and
 * 5.5 kHz), a saw between fmin and fmax has no true component below fmin:
 * everything well below it is aliasing.  Its worst windowed-DFT peak below
 * 0.75 fmin (clear of the modulation's own sidebands), against the
 * strongest component in [fmin, fmax]. */
static double moving_alias(enum osc_wave w, double f0, double depth, double f1)
{
	enum { N = 22050 };
	static float buf[N];
	static double x[N];
	struct osc o;
	osc_init(&o, w, f0, 44100, 1.0, 0);
	for (uint32_t i = 0; i < N; i += 128) {
		double t = (double)i / N;
		double f = f1 > 0.0 ? f0 + (f1 - f0) * t : f0 * (1.0 + depth * sin(2 * M_PI * 10 * t));
		osc_set_freq(&o, f);
		osc_render(&o, buf + i, N - i < 128 ? N - i : 128);
	}
	for (uint32_t i = 0; i < N; i++)
		x[i] = buf[i];
	const double ws = bh_apply(x, N), lo = fmin(f0, f1 > 0.0 ? f1 : f0 * (1.0 - depth));
	const double hi = fmax(f0, f1 > 0.0 ? f1 : f0 * (1.0 + depth));
	double fund = 0.0, worst = 0.0;
	for (double f = lo; f <= hi; f += 2.0)
		fund = fmax(fund, tone_amp(x, N, f / FS, ws));
	for (double f = 20.0; f < 0.75 * lo; f += 2.0)
		worst = fmax(worst, tone_amp(x, N, f / FS, ws));
	return db(worst / fund);
}

static void alias_free_while_moving(void **state)
{
	(void)state;
	static const enum osc_wave waves[] = {OSC_SAW, OSC_SQUARE, OSC_TRIANGLE};
	for (unsigned w = 0; w < 3; w++) {
		double v = moving_alias(waves[w], 8000.0, 0.05, 0.0);
		double g = moving_alias(waves[w], 5000.0, 0.0, 12000.0);
		printf("# %-8s vibrato 8 kHz +-5 %%: worst alias %6.1f dBc; glide 5 -> 12 kHz: "
		       "%6.1f dBc\n", osc_wave_name(waves[w]), v, g);
		assert_true(v <= -80.0);
		assert_true(g <= -80.0);
	}
}

/* The wave is a continuous function of the frequency across every level
 * boundary (2^k inc = 2^31, where level k has crossfaded all the way to
 * level k - 1): one phase step either side of it, at the same phases, the
 * samples differ by no more than the two levels' interpolation error, far
 * below a click.  At rate 2^20 Hz, hz = inc / 4096 exactly. */
static void level_changes_without_clicks(void **state)
{
	(void)state;
	static const enum osc_wave waves[] = {OSC_SAW, OSC_SQUARE, OSC_TRIANGLE};
	for (unsigned w = 0; w < 3; w++) {
		double worst = 0.0;
		for (uint32_t k = 1; k < 9; k++) {
			struct osc a, b;
			const double hz = (double)(1u << (19 - k));
			osc_init(&a, waves[w], hz, 1u << 20, 1.0, 0);
			osc_init(&b, waves[w], hz + 1.0, 1u << 20, 1.0, 0);
			assert_int_equal(a.inc, 1u << (31 - k));
			for (uint32_t j = 0; j < 4096; j++) {
				float x, y;
				a.ph[0] = b.ph[0] = j << 20;
				osc_render(&a, &x, 1);
				osc_render(&b, &y, 1);
				worst = fmax(worst, fabs(x - y) / 32767.0);
			}
		}
		printf("# %-8s across the level boundaries: largest difference %.2g of full scale\n",
		       osc_wave_name(waves[w]), worst);
		assert_true(worst <= 1e-4);
	}
}

static void waves_bounded_and_shaped(void **state)
{
	(void)state;
	float buf[4096];
	for (int w = OSC_SINE; w < OSC_WAVE_COUNT; w++) {
		struct osc o;
		osc_init(&o, (enum osc_wave)w, 441.0, 44100, 1.0, 7);
		osc_render(&o, buf, 4096);
		double mean = 0, peak = 0;
		for (int i = 0; i < 4096; i++) {
			mean += buf[i];
			if (fabs(buf[i]) > peak)
				peak = fabs(buf[i]);
		}
		mean /= 4096;
		printf("# %-8s peak %.1f mean %.1f\n", osc_wave_name((enum osc_wave)w), peak, mean);
		assert_true(peak <= 32767.0 * 1.0001);
		assert_true(peak > 8000.0);
		if (w != OSC_PINK) /* pink wanders: most of its power is low */
			assert_true(fabs(mean) < 800.0);
	}
	/* The saw rises (2t - 1): its correlation with the naive ramp from the
	 * same phase is close to 1 (the band-limited edge rings, so single
	 * steps may go down). */
	struct osc o;
	osc_init(&o, OSC_SAW, 100.0, 44100, 1.0, 0);
	osc_render(&o, buf, 1000);
	double sxy = 0, sxx = 0, syy = 0;
	uint32_t ph = 0;
	for (int i = 0; i < 1000; i++, ph += o.inc) {
		double r = 2.0 * ph / 4294967296.0 - 1.0;
		sxy += r * buf[i];
		sxx += r * r;
		syy += (double)buf[i] * buf[i];
	}
	printf("# saw 100 Hz: correlation with the ramp %.4f\n", sxy / sqrt(sxx * syy));
	assert_true(sxy / sqrt(sxx * syy) > 0.95);
}

static void noise_properties(void **state)
{
	(void)state;
	enum { N = 1 << 16 };
	float *buf = malloc(N * sizeof *buf);
	struct osc a, b;
	osc_init(&a, OSC_NOISE, 0, 44100, 1.0, 42);
	osc_init(&b, OSC_NOISE, 0, 44100, 1.0, 42);
	osc_render(&a, buf, N);
	float v[16];
	osc_render(&b, v, 16);
	assert_memory_equal(v, buf, sizeof v); /* seeded: reproducible */
	double m = 0, p = 0;
	for (int i = 0; i < N; i++) {
		m += buf[i];
		p += (double)buf[i] * buf[i];
	}
	m /= N;
	double rms = sqrt(p / N);
	printf("# white noise: mean %.1f rms %.1f (uniform: %.1f)\n", m, rms, 32767 / sqrt(3));
	assert_true(fabs(m) < 300);
	assert_true(fabs(rms - 32767 / sqrt(3)) < 300);

	/* Pink: power per octave band roughly constant, i.e. the spectral
	 * density falls 3 dB per octave.  Compare bands 172-344 Hz and
	 * 5.5-11 kHz by averaged single-bin powers across each band. */
	struct osc pk;
	osc_init(&pk, OSC_PINK, 0, 44100, 1.0, 9);
	osc_render(&pk, buf, N);
	double *x = malloc(8192 * sizeof *x);
	double lo = 0, hi = 0;
	for (int blk = 0; blk < 8; blk++) {
		for (int i = 0; i < 8192; i++)
			x[i] = buf[blk * 8192 + i];
		double ws = bh_apply(x, 8192);
		for (int k = 0; k < 8; k++) {
			double a = tone_amp(x, 8192, (172.0 + k * 21.5) / FS, ws);
			double c = tone_amp(x, 8192, (5500.0 + k * 687.5) / FS, ws);
			lo += a * a;
			hi += c * c;
		}
	}
	double slope = 10 * log10(lo / hi) / 5.0; /* 5 octaves apart */
	printf("# pink noise: %.2f dB per octave\n", slope);
	assert_true(slope > 2.0 && slope < 4.0);
	free(x);
	free(buf);
}

/* Max |step| between neighbouring samples. */
static double max_step(const float *b, int n)
{
	double m = 0;
	for (int i = 1; i < n; i++)
		if (fabs(b[i] - b[i - 1]) > m)
			m = fabs(b[i] - b[i - 1]);
	return m;
}

static void changes_without_clicks(void **state)
{
	(void)state;
	float buf[2048];
	struct osc o;
	/* A sine at 997 Hz moves at most 2*pi*997/44100*32767 = 4654 per
	 * sample; an abrupt gain change at a peak would jump ~29000. */
	const double slope = 2 * M_PI * 997.0 / FS * 32767.0;
	osc_init(&o, OSC_SINE, 997.0, 44100, 1.0, 0);
	osc_render(&o, buf, 1000);
	osc_set_gain(&o, 0.1);
	osc_render(&o, buf + 1000, 1048);
	assert_true(max_step(buf, 2048) <= slope * 1.01);
	/* after the ramp the gain is exactly the target */
	double peak = 0;
	for (int i = 1500; i < 2048; i++)
		peak = fmax(peak, fabs(buf[i]));
	assert_true(peak < 3276.8 && peak > 3270.0);
	/* ramp length: halfway through it the level is between */
	osc_init(&o, OSC_SINE, 997.0, 44100, 1.0, 0);
	osc_set_freq(&o, 1994.0);
	osc_render(&o, buf, 2048);
	assert_true(max_step(buf, 2048) <= 2 * slope * 1.01);
	assert_int_equal(o.inc, koi_hz_to_inc(1994.0, 44100));
	/* phase continuity under a frequency jump: no step beyond the higher
	 * frequency's slope */
	osc_init(&o, OSC_SINE, 200.0, 44100, 1.0, 0);
	osc_render(&o, buf, 300);
	osc_set_freq(&o, 5000.0);
	osc_render(&o, buf + 300, 1000);
	assert_true(max_step(buf, 1300) <= 2 * M_PI * 5000.0 / FS * 32767.0 * 1.01);
}

/* Glides and gain ramps step on frames counted from the change, so an
 * oscillator gives the same samples however its renders are split. */
static void ramps_independent_of_chunking(void **state)
{
	(void)state;
	enum { N = 3000 };
	static float a[N], b[N];
	for (int w = OSC_SINE; w < OSC_WAVE_COUNT; w++) {
		struct osc o1, o2;
		osc_init(&o1, (enum osc_wave)w, 300.0, 44100, 0.9, 11);
		osc_init(&o2, (enum osc_wave)w, 300.0, 44100, 0.9, 11);
		osc_render(&o1, a, 100);
		osc_set_freq(&o1, 2500.0);
		osc_render(&o1, a + 100, 150);
		osc_set_gain(&o1, 0.2);
		osc_render(&o1, a + 250, N - 250);
		assert_int_equal(osc_ramp_frames(&o1), 0);
		for (uint32_t off = 0, k = 1; off < N; k = k % 23 + 3) {
			uint32_t n = off + k > N ? N - off : k;
			if (off < 100 && off + n > 100)
				n = 100 - off;
			if (off < 250 && off + n > 250)
				n = 250 - off;
			if (off == 100)
				osc_set_freq(&o2, 2500.0);
			if (off == 250)
				osc_set_gain(&o2, 0.2);
			if (off == 100 || off == 250)
				assert_true(osc_ramp_frames(&o2) > 0);
			osc_render(&o2, b + off, n);
			off += n;
		}
		assert_memory_equal(a, b, sizeof a);
	}
}

static void adsr_shape(void **state)
{
	(void)state;
	struct env_params p = {.attack = 100, .decay = 200, .sustain = 0.5f, .release = 300};
	struct env e;
	float buf[1000];
	for (int i = 0; i < 1000; i++)
		buf[i] = 1.0f;
	env_start(&e, &p);
	assert_int_equal(env_apply(&e, buf, 1000), 1000);
	/* Inside a ramp: one float addition per frame from the last anchor,
	 * so within a few ulp of the exact line; stage ends are exact. */
	assert_true(fabsf(buf[49] - 0.5f) < 1e-6f);   /* halfway up */
	assert_true(buf[99] == 1.0f);                 /* top on the attack's last frame */
	assert_true(fabsf(buf[199] - 0.75f) < 1e-6f); /* halfway down */
	assert_true(buf[299] == 0.5f);                /* sustain reached exactly */
	assert_true(buf[400] == 0.5f && buf[999] == 0.5f); /* sustain */
	assert_int_equal(e.stage, ENV_SUSTAIN);
	env_release(&e);
	for (int i = 0; i < 1000; i++)
		buf[i] = 1.0f;
	uint32_t sounding = env_apply(&e, buf, 1000);
	assert_int_equal(sounding, 300);
	assert_true(fabsf(buf[149] - 0.25f) < 1e-6f);
	assert_true(buf[299] == 0.0f && buf[298] > 0.0f);
	for (uint32_t i = sounding; i < 1000; i++)
		assert_true(buf[i] == 0.0f);
	assert_false(env_active(&e));
	assert_int_equal(env_apply(&e, buf, 10), 0);
	/* zero sustain ends by itself after the decay */
	struct env_params perc = {.attack = 10, .decay = 50, .sustain = 0.0f, .release = 10};
	env_start(&e, &perc);
	for (int i = 0; i < 1000; i++)
		buf[i] = 1.0f;
	sounding = env_apply(&e, buf, 1000);
	assert_int_equal(sounding, 60);
	/* the result does not depend on block size */
	float a[700], b[700];
	for (int i = 0; i < 700; i++)
		a[i] = b[i] = 1.0f;
	struct env e1, e2;
	env_start(&e1, &p);
	env_start(&e2, &p);
	env_apply(&e1, a, 700);
	for (int off = 0; off < 700; off += 7)
		env_apply(&e2, b + off, 7);
	assert_memory_equal(a, b, sizeof a);
}

/* A long ramp: every level within 2e-6 of the exact line base + pos *
 * slope (the additions are re-anchored every ENV_ANCHOR frames, so the
 * error cannot build up), never moving against the ramp, and the same
 * levels however the renders are split, across anchors and stages. */
static void env_long_ramps(void **state)
{
	(void)state;
	enum { A = 441000, R = 100003, N = A + 5000 + R + 100 };
	struct env_params p = {.attack = A, .decay = 0, .sustain = 0.8f, .release = R};
	float *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
	for (int i = 0; i < N; i++)
		a[i] = b[i] = 1.0f;
	struct env e1, e2;
	env_start(&e1, &p);
	env_start(&e2, &p);
	const uint32_t rel = A + 5000;
	assert_int_equal(env_apply(&e1, a, rel), rel);
	env_release(&e1);
	uint32_t s1 = env_apply(&e1, a + rel, N - rel);
	uint32_t off = 0, s2 = 0;
	for (uint32_t k = 1; off < N; k = k % 251 + 37) {
		uint32_t n = off + k > N ? N - off : k;
		if (off < rel && off + n > rel)
			n = rel - off;
		if (off == rel)
			env_release(&e2);
		s2 = env_apply(&e2, b + off, n);
		if (off >= rel && s2 < n) {
			s2 += off - rel;
			break;
		}
		off += n;
	}
	assert_int_equal(s1, R);
	assert_int_equal(s2, R);
	assert_memory_equal(a, b, N * sizeof *a);
	double worst = 0;
	for (uint32_t i = 0; i < A; i++) {
		double want = (double)(i + 1) / A;
		worst = fmax(worst, fabs(a[i] - want));
		if (i)
			assert_true(a[i] >= a[i - 1]);
	}
	assert_true(a[A - 1] == 1.0f);
	assert_true(a[A] == 0.8f && a[rel - 1] == 0.8f);
	for (uint32_t i = 0; i < R; i++) {
		double want = 0.8 - 0.8 * (i + 1) / R;
		worst = fmax(worst, fabs(a[rel + i] - want));
		assert_true(a[rel + i] <= a[rel + i - 1]);
	}
	assert_true(a[rel + R - 1] == 0.0f && a[rel + R - 2] > 0.0f);
	printf("# 10 s attack, 2.3 s release: worst level error %.2g\n", worst);
	assert_true(worst < 2e-6);
	free(a);
	free(b);
}

static void names(void **state)
{
	(void)state;
	for (int w = 0; w < OSC_WAVE_COUNT; w++)
		assert_int_equal(osc_wave_from_name(osc_wave_name((enum osc_wave)w)), w);
	assert_int_equal(osc_wave_from_name("cosine"), -1);
	assert_int_equal(koi_hz_to_inc(0, 44100), 0);
	assert_int_equal(koi_hz_to_inc(-5, 44100), 0);
	assert_true(koi_hz_to_inc(1e9, 44100) < 0x80000000u); /* clamped below Nyquist */
}

static void rounding_helper(void **state)
{
	(void)state;
	assert_int_equal(koi_lrintf(0.5f), 0);
	assert_int_equal(koi_lrintf(1.5f), 2);
	assert_int_equal(koi_lrintf(-2.5f), -2);
	assert_int_equal(koi_f2s16(40000.0f), 32767);
	assert_int_equal(koi_f2s16(-40000.0f), -32768);
	assert_int_equal(koi_f2s16(NAN), 0);
	assert_int_equal(koi_f2s16(32766.5f), 32766);
	assert_int_equal(koi_sat16(70000), 32767);
	assert_int_equal(koi_sat16(-70000), -32768);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sine_sinad),
		cmocka_unit_test(sine_table_accuracy),
		cmocka_unit_test(wavetable_aliasing),
		cmocka_unit_test(alias_free_while_moving),
		cmocka_unit_test(level_changes_without_clicks),
		cmocka_unit_test(waves_bounded_and_shaped),
		cmocka_unit_test(noise_properties),
		cmocka_unit_test(changes_without_clicks),
		cmocka_unit_test(ramps_independent_of_chunking),
		cmocka_unit_test(adsr_shape),
		cmocka_unit_test(env_long_ramps),
		cmocka_unit_test(names),
		cmocka_unit_test(rounding_helper),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
