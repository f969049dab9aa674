/*
 * The voice engine's arithmetic (osc.h, "fast paths"), on the host: the
 * claims that let the firmware's NEON code and the host's one-frame code
 * agree to the bit, each checked here, and the branch-free PolyBLEP and
 * PolyBLAMP against the textbook formulas.  (That NEON itself follows the
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

/* The textbook PolyBLEP/BLAMP waves in double, from the phase t and step
 * dt in cycles (what osc.c computed before the branch-free form). */
static double blep(double t, double dt)
{
	if (t < dt) {
		double y = 1.0 - t / dt;
		return -0.5 * y * y;
	}
	if (t > 1.0 - dt) {
		double y = 1.0 + (t - 1.0) / dt;
		return 0.5 * y * y;
	}
	return 0.0;
}

static double blamp(double t, double dt)
{
	if (t < dt) {
		double y = 1.0 - t / dt;
		return y * y * y / 6.0;
	}
	if (t > 1.0 - dt) {
		double y = 1.0 + (t - 1.0) / dt;
		return y * y * y / 6.0;
	}
	return 0.0;
}

static double textbook(enum osc_wave w, uint32_t ph, uint32_t inc)
{
	double t = ph / 4294967296.0, dt = inc / 4294967296.0;
	double t2 = fmod(t + 0.5, 1.0);
	switch (w) {
	case OSC_SAW:
		return 2.0 * t - 1.0 - 2.0 * blep(t, dt);
	case OSC_SQUARE:
		return (t < 0.5 ? 1.0 : -1.0) + 2.0 * (blep(t, dt) - blep(t2, dt));
	default:
		return (t < 0.5 ? 4.0 * t - 1.0 : 3.0 - 4.0 * t) +
		       8.0 * dt * (blamp(t, dt) - blamp(t2, dt));
	}
}

/* Every frame of a second, 20 Hz to 21 kHz: the same wave as the textbook
 * to within float rounding of the phase distance (|error| < 2^-24 k, k the
 * window scale, i.e. < 1e-4 of full scale at 20 Hz and < 1e-6 from 1 kHz
 * up). */
static void polyblep_is_textbook(void **state)
{
	(void)state;
	enum { N = 44100 };
	static float out[N];
	static const double freqs[] = {20.0, 440.0, 1000.0, 5000.0, 11025.0, 15000.0, 21000.0};
	static const enum osc_wave waves[] = {OSC_SAW, OSC_SQUARE, OSC_TRIANGLE};
	for (unsigned w = 0; w < 3; w++)
		for (unsigned f = 0; f < sizeof freqs / sizeof freqs[0]; f++) {
			struct osc o;
			osc_init(&o, waves[w], freqs[f], 44100, 1.0, 0);
			uint32_t inc = o.inc;
			osc_render(&o, out, N);
			double worst = 0.0, bound = (double)o.k * 0x1p-23 + 4e-7;
			uint32_t ph = 0;
			for (uint32_t i = 0; i < N; i++, ph += inc) {
				double e = fabs(out[i] / 32767.0 - textbook(waves[w], ph, inc));
				worst = e > worst ? e : worst;
			}
			printf("# %-8s %7.0f Hz: worst |difference| from the textbook %.2g (bound %.2g)\n",
			       osc_wave_name(waves[w]), freqs[f], worst, bound);
			assert_true(worst <= bound);
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
		cmocka_unit_test(polyblep_is_textbook),
		cmocka_unit_test(flush_to_zero_changes_nothing),
		cmocka_unit_test(envelope_levels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
