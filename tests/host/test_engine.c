/*
 * The voice engine's arithmetic (osc.h, "fast paths"), on the host: the
 * claims that let the firmware's NEON code and the host's one-frame code
 * agree to the bit, each checked here, and the band-limited wavetables
 * against their Fourier series.  (That NEON itself follows the
 * one-frame code is checked on the target, tests/target/test_engine.c,
 * and frame for frame by the end-to-end tests.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <math.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "audio/dspmath.h"
#include "audio/mixer.h"
#include "audio/osc.h"
#include "audio/tone.h"
#include "audio/wavetab.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* NEON has no rounding float-to-int conversion: it adds 1.5 * 2^23 and
 * keeps the bit pattern.  That must be lrintf (nearest, ties to even) for
 * every value a voice can produce (|x| <= 32768 * 1.0001, far inside the
 * 2^22 the trick allows); checked on every quarter up to 2^18 (all the
 * ties), on the edges of the range, and on a million random floats. */
static uint32_t magic_round(float x)
{
	float y = x + MIX_MAGIC;
	uint32_t b;
	memcpy(&b, &y, sizeof b);
	return b - MIX_BIAS;
}

static void magic_rounding(void **state)
{
	(void)state;
	uint32_t bad = 0;
	for (int32_t k = -(1 << 20); k <= 1 << 20; k++) {
		float x = (float)k * 0.25f;
		bad += magic_round(x) != (uint32_t)(int32_t)lrintf(x);
	}
	static const float edge[] = {4194303.5f, -4194303.5f, 4194303.0f, -4194304.0f,
				     0x1p-149f, -0x1p-149f, 0x1p-126f, 0.49999997f, -0.49999997f};
	for (unsigned i = 0; i < sizeof edge / sizeof edge[0]; i++)
		bad += magic_round(edge[i]) != (uint32_t)(int32_t)lrintf(edge[i]);
	uint32_t s = 12345;
	for (int i = 0; i < 1000000; i++) {
		s = s * 1664525u + 1013904223u;
		float x = ((float)(int32_t)s) * 0x1p-16f; /* +-32768 */
		bad += magic_round(x) != (uint32_t)(int32_t)lrintf(x);
	}
	assert_int_equal(bad, 0);
}

/* The band-limited series of wave w up to harmonic hmax at phase t
 * (cycles), with libm: saw 2t - 1, square +1 for t < 1/2, triangle -1 at
 * t = 0 (what audio/wavetab.h says each level holds). */
static double series(enum koi_bl_wave w, uint32_t hmax, double t)
{
	double sum = 0.0;
	for (uint32_t h = 1; h <= hmax; h += w == KOI_BL_SAW ? 1u : 2u) {
		if (w == KOI_BL_SAW)
			sum -= 2.0 / M_PI * sin(2.0 * M_PI * h * t) / h;
		else if (w == KOI_BL_SQUARE)
			sum += 4.0 / M_PI * sin(2.0 * M_PI * h * t) / h;
		else
			sum -= 8.0 / (M_PI * M_PI) * cos(2.0 * M_PI * h * t) / ((double)h * h);
	}
	return sum;
}

/* Every entry of every wavetable level, x and D, against the series
 * computed here with libm (the generator uses koi_sin): x within one Q15
 * step of the series scaled by 32767 / the wave's largest sample, x + D
 * within one step of the level below as linear interpolation reads it,
 * and the guard entry continues the cycle. */
static void wavetables_are_fourier_series(void **state)
{
	(void)state;
	for (uint32_t w = 0; w < KOI_BL_WAVES; w++) {
		const enum koi_bl_wave bw = (enum koi_bl_wave)w;
		double peak = 0.0, worst = 0.0;
		for (uint32_t k = 0; k <= koi_bl_top(bw); k++)
			for (uint32_t i = 0; i < (1u << koi_bl_tab[w][k].bits); i++) {
				double t = (double)i / (double)(1u << koi_bl_cycle_bits(k));
				peak = fmax(peak, fabs(series(bw, 1u << k, t)));
			}
		const double scale = 32767.0 / peak;
		for (uint32_t k = 0; k < KOI_BL_LEVELS; k++) {
			const uint32_t lk = k < koi_bl_top(bw) ? k : koi_bl_top(bw);
			const struct koi_bl_level *l = &koi_bl_tab[w][k];
			assert_int_equal(l->bits, koi_bl_cycle_bits(lk) - (koi_bl_half(bw) ? 1u : 0u));
			for (uint32_t i = 0; i <= (1u << l->bits); i++) {
				double t = (double)i / (double)(1u << koi_bl_cycle_bits(lk));
				double x = scale * series(bw, 1u << lk, t);
				worst = fmax(worst, fabs(l->e[2 * i] - x));
				if (lk == 0) {
					assert_int_equal(l->e[2 * i + 1], 0);
					continue;
				}
				/* x + D: level lk - 1 as linear interpolation gives it
				 * at t (its own sample, or the midpoint of two) */
				const uint32_t nl = 1u << koi_bl_cycle_bits(lk - 1u);
				const double pos = t * nl, j = floor(pos);
				const double lower =
					scale * ((1.0 - (pos - j)) * series(bw, 1u << (lk - 1u), j / nl) +
						 (pos - j) * series(bw, 1u << (lk - 1u), (j + 1.0) / nl));
				worst = fmax(worst, fabs(l->e[2 * i] + l->e[2 * i + 1] - lower));
			}
		}
		printf("# wavetable %u: worst |entry - series| %.3f Q15 steps (peak %.4f)\n",
		       (unsigned)w, worst, peak);
		assert_true(worst <= 1.0);
	}
}

/* The rendered wave is the level's table interpolated linearly and
 * crossfaded (osc.c, unit_bl), at every frequency band: checked against
 * the same computation in double from the table, to within float
 * rounding. */
static void wavetable_interpolation(void **state)
{
	(void)state;
	enum { N = 4410 };
	static float out[N];
	static const double freqs[] = {20.0, 440.0, 1000.0, 5000.0, 11025.0, 15000.0, 21000.0};
	static const enum osc_wave waves[] = {OSC_SAW, OSC_SQUARE, OSC_TRIANGLE};
	for (unsigned w = 0; w < 3; w++)
		for (unsigned f = 0; f < sizeof freqs / sizeof freqs[0]; f++) {
			struct osc o;
			osc_init(&o, waves[w], freqs[f], 44100, 1.0, 0);
			osc_render(&o, out, N);
			const int half = waves[w] != OSC_SAW;
			double worst = 0.0;
			uint32_t ph = 0;
			for (uint32_t i = 0; i < N; i++, ph += o.inc) {
				uint32_t q = half ? ph << 1 : ph;
				double pos = (double)q / 4294967296.0 * (double)(1u << o.bl_bits);
				uint32_t j = (uint32_t)pos;
				double fr = pos - j;
				const int16_t *e = o.bl + 2 * j;
				double x = e[0] + (e[2] - e[0]) * fr, d = e[1] + (e[3] - e[1]) * fr;
				double u = (x + d * o.bl_w) / 32768.0 * (half && (ph >> 31) ? -1.0 : 1.0);
				worst = fmax(worst, fabs(out[i] / 32767.0 - u));
			}
			printf("# %-8s %7.0f Hz: worst |difference| from the table %.2g\n",
			       osc_wave_name(waves[w]), freqs[f], worst);
			assert_true(worst <= 1e-6);
		}
}

/* NEON flushes subnormal inputs and results to zero; the host does not.
 * osc.h claims no output depends on it.  On x86 the host can flush too
 * (MXCSR flush-to-zero and denormals-are-zero): render with and without,
 * with the quietest and most lopsided voices the mixer takes (gains down
 * to a subnormal 1e-40, hard pan, whose far channel gain is cos(pi/2) ~
 * 6e-17), every envelope stage, and compare.  The x86 status flags show
 * that subnormals did occur. */
static void render_all(int16_t *lr, uint32_t n)
{
	static struct mixer m;
	static struct mixer_voice v[16];
	static const double quiet[] = {1e-6, 1e-20, 1e-30, 1e-40};
	mixer_init(&m, v, 16, 44100);
	for (uint32_t i = 0; i < 16; i++) {
		struct mixer_voice_params p = {
			.wave = (enum osc_wave)(i % 4),
			.hz = 20.0 + 1377.0 * i,
			.gain = i < 8 ? quiet[i % 4] : 1.0 / (1u << (i - 8)),
			.pan = i & 1 ? 1.0 : -1.0,
			.env = {.attack = 3000u + 11u * i, .decay = 2000, .sustain = 1e-3f,
				.release = 5000},
		};
		mixer_voice_start(&m, &p);
	}
	mixer_render(&m, lr, n / 2);
	for (uint32_t i = 0; i < 16; i++)
		mixer_voice_release(&m, (int)i);
	mixer_render(&m, lr + 2 * (n / 2), n - n / 2);
}

static void flush_to_zero_changes_nothing(void **state)
{
	(void)state;
#if defined(__SSE__)
	enum { N = 20000 };
	static int16_t a[2 * N], b[2 * N], c[2 * N], d[2 * N];
	static struct tone t;
	render_all(a, N);
	tone_init(&t, 44100, 2, OSC_TRIANGLE, 15000.0, koi_db_to_gain(-120.0), 1.0);
	source_render(&t.src, c, N);
	const unsigned int csr = _mm_getcsr();
	_mm_setcsr(csr & ~0x3fu);
	render_all(b, N);
	/* DE: a subnormal operand; UE: a result too small (it is subnormal or
	 * zero now, 0 with flush-to-zero). */
	assert_true(_mm_getcsr() & 0x12u);
	_mm_setcsr(csr | 0x8040u); /* FTZ | DAZ */
	render_all(b, N);
	tone_init(&t, 44100, 2, OSC_TRIANGLE, 15000.0, koi_db_to_gain(-120.0), 1.0);
	source_render(&t.src, d, N);
	_mm_setcsr(csr);
	assert_memory_equal(a, b, sizeof a);
	assert_memory_equal(c, d, sizeof c);
	uint32_t nonzero = 0;
	for (uint32_t i = 0; i < 2 * N; i++)
		nonzero += a[i] != 0;
	assert_true(nonzero > N); /* it did sound */
#else
	skip();
#endif
}

/* Ramps: frame q of a stage is base + q * slope, whatever the run length,
 * and stages longer than ENV_MAX_FRAMES are cut to it (q stays exact in a
 * float). */
static void envelope_levels(void **state)
{
	(void)state;
	struct env e;
	struct env_params p = {.attack = 1000, .decay = 0, .sustain = 1.0f, .release = 10};
	env_start(&e, &p);
	struct env_run r = env_next_run(&e, 128);
	assert_int_equal(r.n, 128);
	assert_int_equal(r.q, 1);
	env_advance(&e, 100);
	r = env_next_run(&e, 2000);
	assert_int_equal(r.q, 101);
	assert_int_equal(r.n, 899); /* up to the frame before the last */
	assert_true(r.base == e.base && r.slope == e.slope);
	env_advance(&e, 899);
	r = env_next_run(&e, 5);
	assert_int_equal(r.n, 1); /* the last frame alone, exactly 1.0 */
	assert_true(r.slope == 0.0f && r.base == 1.0f);
	p.attack = 0x7fffffffu;
	env_start(&e, &p);
	assert_int_equal(e.len, ENV_MAX_FRAMES);
	assert_true((float)(ENV_MAX_FRAMES - 1u) == (double)(ENV_MAX_FRAMES - 1u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(magic_rounding),
		cmocka_unit_test(wavetables_are_fourier_series),
		cmocka_unit_test(wavetable_interpolation),
		cmocka_unit_test(flush_to_zero_changes_nothing),
		cmocka_unit_test(envelope_levels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
