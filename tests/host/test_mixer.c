/* Mixer: exact int32 accumulation with saturation (never wrapping), pan,
 * master volume and mute without clicks, voice allocation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>

#include "audio/dspmath.h"
#include "audio/mixer.h"
#include "tests/host/sigfit.h"

/* Voice storage: 64 voices, the capacity the allocation test fills. */
#define NV 64u
static struct mixer mx, one;
static struct mixer_voice mxv[NV], onev[NV];

static struct mixer_voice_params vp(enum osc_wave w, double hz, double gain,
				    double pan)
{
	struct mixer_voice_params p = {
		.wave = w, .hz = hz, .gain = gain, .pan = pan,
		.env = {.attack = 64, .decay = 0, .sustain = 1.0f, .release = 64},
		.seed = 5,
	};
	return p;
}

/* The mix of N voices equals the saturated integer sum of each voice
 * rendered alone: rounding happens per voice, the sum is exact, and the
 * only non-linearity is the final clamp (no wrap-around). */
static void exact_sum_and_saturation(void **state)
{
	(void)state;
	enum { N = 2048, V = 64 };
	static int16_t alone[N * 2], all[N * 2];
	static int64_t sum[N * 2];
	memset(sum, 0, sizeof sum);
	mixer_init(&mx, mxv, NV, 44100);
	for (int v = 0; v < V; v++) {
		/* loud, mostly in phase: the sum goes far beyond 16 bits */
		struct mixer_voice_params p =
			vp(v % 3 == 0 ? OSC_SQUARE : v % 3 == 1 ? OSC_SAW : OSC_SINE,
			   100.0 + 3.0 * v, 1.0, (v % 5 - 2) / 2.0);
		assert_true(mixer_voice_start(&mx, &p) >= 0);
		mixer_init(&one, onev, NV, 44100);
		assert_true(mixer_voice_start(&one, &p) >= 0);
		mixer_render(&one, alone, N);
		/* With one voice no clamp can trigger beyond what one voice
		 * gives, so alone[] is that voice's exact contribution. */
		for (int i = 0; i < 2 * N; i++)
			sum[i] += alone[i];
	}
	assert_int_equal(mixer_active_voices(&mx), V);
	mixer_render(&mx, all, N);
	int clipped = 0;
	for (int i = 0; i < 2 * N; i++) {
		int64_t want = sum[i] > 32767 ? 32767 : sum[i] < -32768 ? -32768 : sum[i];
		if (all[i] != want)
			fail_msg("sample %d: got %d want %lld (sum %lld)", i, all[i],
				 (long long)want, (long long)sum[i]);
		clipped += sum[i] != want;
	}
	printf("# 64 loud voices: %d of %d samples saturated, none wrapped\n", clipped, 2 * N);
	assert_true(clipped > N / 4); /* the test really drove it into the clamp */
}

static void pan_law(void **state)
{
	(void)state;
	int16_t lr[2 * 512];
	double pans[] = {-1.0, -0.5, 0.0, 0.5, 1.0};
	for (int k = 0; k < 5; k++) {
		mixer_init(&mx, mxv, NV, 44100);
		struct mixer_voice_params p = vp(OSC_SINE, 1000.0, 1.0, pans[k]);
		p.env.attack = 0;
		mixer_voice_start(&mx, &p);
		mixer_render(&mx, lr, 512);
		double pl = 0, pr = 0;
		for (int i = 0; i < 512; i++) {
			pl += (double)lr[2 * i] * lr[2 * i];
			pr += (double)lr[2 * i + 1] * lr[2 * i + 1];
		}
		double th = (pans[k] + 1) * M_PI / 4;
		printf("# pan %+.1f: L %.1f dB R %.1f dB\n", pans[k],
		       10 * log10(pl / 512 + 1e-9), 10 * log10(pr / 512 + 1e-9));
		/* constant power: L^2 + R^2 is the same for every pan */
		double total = (pl + pr) / 512;
		assert_true(fabs(10 * log10(total / (32767.0 * 32767.0 / 2))) < 0.1);
		if (pans[k] == -1.0)
			assert_true(pr == 0.0);
		if (pans[k] == 1.0)
			assert_true(pl == 0.0);
		if (pans[k] != 0.0 && fabs(pans[k]) != 1.0)
			assert_true(fabs(sqrt(pr / pl) - tan(th)) < 0.01);
	}
}

static void master_and_mute(void **state)
{
	(void)state;
	enum { N = 4096 };
	static int16_t lr[2 * N];
	mixer_init(&mx, mxv, NV, 44100);
	struct mixer_voice_params p = vp(OSC_SINE, 997.0, 1.0, -0.3);
	p.env.attack = 0;
	mixer_voice_start(&mx, &p);
	mixer_render(&mx, lr, 1000);
	mixer_set_mute(&mx, true);
	mixer_render(&mx, lr + 2000, N - 1000);
	/* no click: the change is a ramp, steps stay within the sine's own */
	double maxstep = 0;
	for (int i = 1; i < N; i++)
		maxstep = fmax(maxstep, fabs((double)lr[2 * i] - lr[2 * i - 2]));
	assert_true(maxstep < 2 * M_PI * 997 / 44100 * 32767 * 1.02);
	for (int i = 1000 + OSC_RAMP_FRAMES; i < N; i++)
		assert_true(lr[2 * i] == 0 && lr[2 * i + 1] == 0);
	/* voices keep running while muted; unmuting brings them back */
	assert_int_equal(mixer_active_voices(&mx), 1);
	mixer_set_mute(&mx, false);
	mixer_render(&mx, lr, N);
	assert_true(abs(lr[2 * (N - 10)]) + abs(lr[2 * (N - 20)]) > 1000);
	/* master volume: -6 dB halves the output (within rounding) */
	static int16_t ref[2 * N];
	mixer_init(&one, onev, NV, 44100);
	mixer_voice_start(&one, &p);
	mixer_render(&one, ref, N);
	mixer_init(&mx, mxv, NV, 44100);
	mixer_voice_start(&mx, &p);
	mixer_set_master(&mx, 0.5);
	mixer_render(&mx, lr, N);
	for (int i = OSC_RAMP_FRAMES; i < N; i++)
		assert_true(abs(lr[2 * i] - ref[2 * i] / 2) <= 1);
}

static void allocation_and_release(void **state)
{
	(void)state;
	int16_t lr[2 * 256];
	mixer_init(&mx, mxv, NV, 44100);
	struct mixer_voice_params p = vp(OSC_TRIANGLE, 440.0, 0.01, 0.0);
	int first = mixer_voice_start(&mx, &p);
	for (unsigned i = 1; i < NV; i++)
		assert_true(mixer_voice_start(&mx, &p) >= 0);
	assert_int_equal(mixer_active_voices(&mx), NV);
	/* one more steals the oldest */
	assert_int_equal(mixer_voice_start(&mx, &p), first);
	assert_int_equal(mixer_active_voices(&mx), NV);
	/* release frees after exactly the release length (64 frames) */
	mixer_init(&mx, mxv, NV, 44100);
	int v = mixer_voice_start(&mx, &p);
	assert_int_equal(mixer_render(&mx, lr, 100), 100);
	assert_int_equal(mixer_voice_release(&mx, v), 0);
	assert_int_equal(mixer_render(&mx, lr, 200), 64);
	assert_int_equal(mixer_active_voices(&mx), 0);
	for (int i = 64; i < 200; i++)
		assert_true(lr[2 * i] == 0 && lr[2 * i + 1] == 0);
	/* bad arguments change nothing */
	assert_int_equal(mixer_voice_release(&mx, v), -EINVAL);
	assert_int_equal(mixer_voice_release(&mx, -1), -EINVAL);
	assert_int_equal(mixer_voice_release(&mx, NV), -EINVAL);
	struct mixer_voice_params bad = p;
	bad.gain = 1.5;
	assert_int_equal(mixer_voice_start(&mx, &bad), -EINVAL);
	bad = p;
	bad.pan = 2;
	assert_int_equal(mixer_voice_start(&mx, &bad), -EINVAL);
	bad = p;
	bad.wave = OSC_WAVE_COUNT;
	assert_int_equal(mixer_voice_start(&mx, &bad), -EINVAL);
	bad = p;
	bad.hz = NAN;
	assert_int_equal(mixer_voice_start(&mx, &bad), -EINVAL);
	assert_int_equal(mixer_active_voices(&mx), 0);
	/* live changes */
	v = mixer_voice_start(&mx, &p);
	assert_int_equal(mixer_voice_set_freq(&mx, v, 880.0), 0);
	assert_int_equal(mixer_voice_set_gain(&mx, v, 0.5), 0);
	assert_int_equal(mixer_voice_set_gain(&mx, v, 2.0), -EINVAL);
	assert_int_equal(mixer_voice_set_freq(&mx, v + 1, 880.0), -EINVAL);
}

static void chunking_does_not_matter(void **state)
{
	(void)state;
	enum { N = 3000 };
	static int16_t a[2 * N], b[2 * N];
	struct mixer_voice_params p = vp(OSC_SAW, 300.0, 0.5, 0.4);
	mixer_init(&mx, mxv, NV, 44100);
	mixer_voice_start(&mx, &p);
	mixer_set_master(&mx, 0.7);
	mixer_render(&mx, a, N);
	mixer_init(&mx, mxv, NV, 44100);
	mixer_voice_start(&mx, &p);
	mixer_set_master(&mx, 0.7);
	for (int off = 0, k = 1; off < N; k = k % 97 + 13) {
		int n = off + k > N ? N - off : k;
		mixer_render(&mx, b + 2 * off, (uint32_t)n);
		off += n;
	}
	assert_memory_equal(a, b, sizeof a);
}

/* Every kind of voice at once (each wave, noise included), with envelope
 * stages crossing anchors and blocks, a glide, a gain ramp and releases at
 * odd frames: the same output however the renders are split, so a frame's
 * path through the mixer (fast or scratch) depends only on the voice. */
static void chunking_with_every_path(void **state)
{
	(void)state;
	enum { N = 12000 };
	static int16_t a[2 * N], b[2 * N];
	/* frames where something happens: set_freq, set_gain, releases */
	static const uint32_t ev[] = {777, 1500, 2203, 5001};
	for (int pass = 0; pass < 2; pass++) {
		int16_t *out = pass ? b : a;
		mixer_init(&mx, mxv, NV, 44100);
		int id[OSC_WAVE_COUNT];
		for (int w = 0; w < OSC_WAVE_COUNT; w++) {
			struct mixer_voice_params p =
				vp((enum osc_wave)w, 150.0 + 97.0 * w, 0.3, -0.8 + 0.3 * w);
			p.env = (struct env_params){.attack = 300u + 71u * (uint32_t)w,
						    .decay = 650, .sustain = 0.6f,
						    .release = 1700u + 13u * (uint32_t)w};
			id[w] = mixer_voice_start(&mx, &p);
			assert_true(id[w] >= 0);
		}
		uint32_t off = 0, k = pass ? 1 : N;
		for (unsigned e = 0; off < N; k = pass ? k % 89 + 5 : N) {
			uint32_t n = off + k > N ? N - off : k;
			if (e < 4 && off + n > ev[e])
				n = ev[e] - off;
			if (e < 4 && off == ev[e]) {
				for (int w = 0; w < OSC_WAVE_COUNT; w++) {
					if (e == 0)
						assert_int_equal(mixer_voice_set_freq(&mx, id[w], 900.0 - 50.0 * w), 0);
					else if (e == 1)
						assert_int_equal(mixer_voice_set_gain(&mx, id[w], 0.8), 0);
					else if ((e == 2) == (w % 2 == 0))
						assert_int_equal(mixer_voice_release(&mx, id[w]), 0);
				}
				e++;
				continue;
			}
			mixer_render(&mx, out + 2 * off, n);
			off += n;
		}
		assert_int_equal(mixer_active_voices(&mx), 0);
	}
	assert_memory_equal(a, b, sizeof a);
	/* One loud voice per wave whose gain and pitch keep changing: each
	 * ramp's end is a switch between the scratch and the fast path, whose
	 * roundings differ now and then.  Switching on a different frame in one
	 * of the two renders would show up here. */
	static int16_t c[2 * N], d[2 * N];
	for (int w = OSC_SINE; w <= OSC_TRIANGLE; w++)
		for (int pass = 0; pass < 2; pass++) {
			int16_t *out = pass ? d : c;
			mixer_init(&mx, mxv, NV, 44100);
			struct mixer_voice_params p = vp((enum osc_wave)w, 1234.5, 1.0, 0.1);
			int v = mixer_voice_start(&mx, &p);
			uint32_t off = 0, k = pass ? 3 : 300;
			for (; off < N; k = pass ? k % 61 + 3 : 300) {
				uint32_t e = off / 300;
				if (off % 300 == 0) {
					if (e % 3 == 0)
						mixer_voice_set_freq(&mx, v, 1000.0 + off / 10.0);
					else
						mixer_voice_set_gain(&mx, v, e % 2 ? 0.93 : 1.0);
				}
				uint32_t n = off + k > N ? N - off : k;
				if (n > 300 - off % 300)
					n = 300 - off % 300;
				mixer_render(&mx, out + 2 * off, n);
				off += n;
			}
		}
	assert_memory_equal(c, d, sizeof c);
	/* it did sound, and it ended in silence */
	assert_true(abs(a[2 * 4000]) + abs(a[2 * 4001]) + abs(a[2 * 4002]) > 100);
	for (int i = 5001 + 1800; i < N; i++)
		assert_true(a[2 * i] == 0 && a[2 * i + 1] == 0);
}

/* The fast path (phase straight to the accumulator) against the same
 * voice computed in double from the oscillator's own samples, envelope and
 * pan: within one LSB everywhere, through attack, decay, sustain and
 * release. */
static void fast_path_accuracy(void **state)
{
	(void)state;
	enum { N = 9000, REL = 4000 };
	static int16_t lr[2 * N];
	static float s[N], lv[N];
	static const enum osc_wave waves[] = {OSC_SINE, OSC_SQUARE, OSC_SAW, OSC_TRIANGLE};
	for (unsigned w = 0; w < 4; w++) {
		struct mixer_voice_params p = vp(waves[w], 523.25, 0.9, 0.35);
		p.env = (struct env_params){.attack = 700, .decay = 900, .sustain = 0.7f,
					    .release = 3000};
		mixer_init(&mx, mxv, NV, 44100);
		int v = mixer_voice_start(&mx, &p);
		mixer_render(&mx, lr, REL);
		mixer_voice_release(&mx, v);
		assert_int_equal(mixer_render(&mx, lr + 2 * REL, N - REL), 3000);
		struct osc o;
		osc_init(&o, waves[w], p.hz, 44100, 1.0, p.seed);
		osc_render(&o, s, N);
		struct env e;
		env_start(&e, &p.env);
		for (int i = 0; i < N; i++)
			lv[i] = 1.0f;
		env_apply(&e, lv, REL);
		env_release(&e);
		env_apply(&e, lv + REL, N - REL);
		double th = (p.pan + 1.0) * (KOI_PI / 4.0);
		double gl = p.gain * koi_cos(th), gr = p.gain * koi_sin(th);
		int worst = 0;
		for (int i = 0; i < N; i++) {
			double x = (double)s[i] * lv[i];
			int dl = abs(lr[2 * i] - (int)lrint(x * gl));
			int dr = abs(lr[2 * i + 1] - (int)lrint(x * gr));
			worst = dl > worst ? dl : worst;
			worst = dr > worst ? dr : worst;
		}
		printf("# %-8s fast path vs double reference: worst %d LSB\n",
		       osc_wave_name(waves[w]), worst);
		assert_true(worst <= 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_sum_and_saturation),
		cmocka_unit_test(pan_law),
		cmocka_unit_test(master_and_mute),
		cmocka_unit_test(allocation_and_release),
		cmocka_unit_test(chunking_does_not_matter),
		cmocka_unit_test(chunking_with_every_path),
		cmocka_unit_test(fast_path_accuracy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
