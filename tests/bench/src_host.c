/*
 * src_host — the rate converter's cost beside its quality, on the host,
 * beside libsamplerate (Debian's libsamplerate0-dev) as a baseline:
 *
 *   src_host [--koi-only | --bench | --response]
 *
 * For each pair of rates it converts 2 s of a stereo sine (0.5 of full
 * scale at 0.90 of the lower Nyquist frequency) and prints, per converter:
 * nanoseconds per output frame (the best of 5 runs, wall clock: a bench,
 * never a test), the gain at 0.90 and 0.95 of the lower Nyquist frequency,
 * and the residual (everything but the tone: images, aliases, the
 * converter's own error) by a least-squares sine fit in double that shares
 * no code with either converter.  Koi's figures are on its float output
 * (convert_render_float) when built with KOI_SRC_FLOAT, else on its S16
 * output (a build of an older converter, which had no float output:
 * `make bench-src` builds one from the converter before issue 21's).
 * libsamplerate runs SRC_SINC_BEST_QUALITY, SRC_SINC_MEDIUM_QUALITY and
 * SRC_SINC_FASTEST through src_process on the whole signal at once (its
 * fastest use).  --koi-only leaves libsamplerate out.
 *
 * --bench is for `make bench` (tests/bench/run.py): the conversions its
 * firmware figures are taken on (48000, 22050, 8000, 96000 Hz to 44100),
 * one line per converter and pair,
 *
 *   SRC KEY IN OUT NS G90 G95 F3 RESIDUAL
 *
 * with F3 the -3 dB point as a fraction of the lower Nyquist frequency,
 * found by bisection between 0.5 and 0.999 (to 0.0001) on the same fit.  Every figure but NS
 * is a function of the code alone (run.py checks two runs agree); NS is
 * the host's wall clock.
 *
 * --response is for `make plots`: Koi's converter's frequency response,
 * measured on its output, from 48000 and 22050 Hz to 44100, one line per
 * tone,
 *
 *   RESP KEY IN OUT X DB
 *
 * X the tone as a fraction of the lower Nyquist frequency; DB its gain by
 * the same fit below 1, and past it (downsampling: tones the converter
 * must reject) the output's whole level against the input's.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio/convert.h"
#ifdef KOI_SRC_LSR
#include <samplerate.h>
#endif

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define AMP 16384.0 /* S16 units */
#ifndef KOI_SRC_KEY
#define KOI_SRC_KEY "koi"
#endif

static int runs = 5; /* timed runs per conversion, the best kept */

struct sine_in {
	struct convert_input in;
	double f;
	uint64_t i;
};

static int32_t sine_read(struct convert_input *in, float *out, uint32_t max)
{
	struct sine_in *g = (struct sine_in *)in;
	for (uint32_t k = 0; k < max; k++, g->i++) {
		float v = (float)(AMP * sin(2 * M_PI * g->f * (double)g->i / in->rate));
		out[2 * k] = v;
		out[2 * k + 1] = -v;
	}
	return (int32_t)max;
}

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* Gain (dB against AMP) and residual (dB against the fitted sine) of the
 * left channel y[2 i] at f / rate cycles per sample, n frames. */
static void fit(const float *y, uint32_t n, double fr, double *gain, double *rest)
{
	double cc = 0, ss = 0, cs = 0, yc = 0, ys = 0;
	for (uint32_t i = 0; i < n; i++) {
		double c = cos(2 * M_PI * fr * i), s = sin(2 * M_PI * fr * i), v = y[2 * i];
		cc += c * c;
		ss += s * s;
		cs += c * s;
		yc += v * c;
		ys += v * s;
	}
	double det = cc * ss - cs * cs, a = (yc * ss - ys * cs) / det, b = (ys * cc - yc * cs) / det;
	double e = 0, p = 0;
	for (uint32_t i = 0; i < n; i++) {
		double m = a * cos(2 * M_PI * fr * i) + b * sin(2 * M_PI * fr * i);
		e += (y[2 * i] - m) * (y[2 * i] - m);
		p += m * m;
	}
	*gain = 20 * log10(sqrt(a * a + b * b) / AMP);
	*rest = 10 * log10(e / p + 1e-40);
}

/* Koi's converter: n output frames of in -> out at f Hz into y; ns/frame. */
static double koi_run(uint32_t in, uint32_t out, double f, float *y, uint32_t n)
{
	size_t size = convert_size(in, out);
	struct convert *c = size ? calloc(1, size) : NULL;
	int16_t *s = malloc(2 * sizeof *s * n);
	double best = 1e30;
	for (int run = 0; run < runs && c && s; run++) {
		struct sine_in g = {{sine_read, in, 2}, f, 0};
		if (convert_init_input(c, size, &g.in, out, 2, 1.0))
			break;
		double t0 = now_ns();
#ifdef KOI_SRC_FLOAT
		uint32_t got = convert_render_float(c, y, n);
#else
		uint32_t got = source_render(&c->src, s, n);
#endif
		double t = (now_ns() - t0) / n;
		best = t < best ? t : best;
		(void)got;
	}
#ifndef KOI_SRC_FLOAT
	for (uint32_t i = 0; s && i < 2 * n; i++)
		y[i] = s[i];
#endif
	free(c);
	free(s);
	return best;
}

#ifdef KOI_SRC_LSR
/* libsamplerate's converter `type`, the same signal; ns/frame. */
static double lsr_run(int type, uint32_t in, uint32_t out, double f, float *y, uint32_t n)
{
	uint32_t nin = (uint32_t)((uint64_t)n * in / out) + 4096;
	float *x = malloc(2 * sizeof *x * nin);
	struct sine_in g = {{sine_read, in, 2}, f, 0};
	sine_read(&g.in, x, nin);
	for (uint32_t i = 0; i < 2 * nin; i++)
		x[i] /= 32768.0f;
	double best = 1e30;
	for (int run = 0; run < runs; run++) {
		SRC_DATA d = {x, y, nin, n, 0, 0, 1, (double)out / in};
		double t0 = now_ns();
		int e = src_simple(&d, type, 2);
		double t = (now_ns() - t0) / n;
		if (e || d.output_frames_gen < n / 2)
			best = -1;
		else if (t < best)
			best = t;
	}
	for (uint32_t i = 0; i < 2 * n; i++)
		y[i] *= 32768.0f;
	free(x);
	return best;
}
#endif

/* One converter: 0 for Koi's, else libsamplerate's type + 1. */
static double conv_run(int who, uint32_t in, uint32_t out, double f, float *y, uint32_t n)
{
#ifdef KOI_SRC_LSR
	if (who)
		return lsr_run(who - 1, in, out, f, y, n);
#endif
	(void)who;
	return koi_run(in, out, f, y, n);
}

enum { N = 96000, SKIP = 16384 };
static float y[2 * (N + SKIP)];

/* Gain (dB) of converter who at fraction x of the lower Nyquist frequency. */
static double gain_at(int who, uint32_t in, uint32_t out, double x, double *rest)
{
	uint32_t lower = in < out ? in : out;
	double g, r;
	conv_run(who, in, out, x * lower / 2, y, N + SKIP);
	fit(y + 2 * SKIP, N, x * lower / 2 / out, &g, &r);
	if (rest)
		*rest = r;
	return g;
}

/* The --bench line of converter who (KEY key) from in to out. */
static void bench_line(int who, const char *key, uint32_t in, uint32_t out)
{
	double r, g90, g95, lo = 0.5, hi = 0.999;
	runs = 5;
	uint32_t lower = in < out ? in : out;
	double ns = conv_run(who, in, out, 0.95 * lower / 2, y, N + SKIP);
	runs = 1;
	g95 = gain_at(who, in, out, 0.95, NULL);
	g90 = gain_at(who, in, out, 0.90, &r);
	/* The gain falls through the transition band: -3 dB lies between. */
	while (hi - lo > 0.0001) {
		double mid = (lo + hi) / 2;
		if (gain_at(who, in, out, mid, NULL) >= -3.0)
			lo = mid;
		else
			hi = mid;
	}
	printf("SRC %s %u %u %.1f %.4f %.4f %.4f %.1f\n", key, in, out, ns, g90, g95,
	       (lo + hi) / 2, r);
}

/* Level (dB) of everything in y against the input sine's power. */
static double level_of(const float *y, uint32_t n)
{
	double e = 0;
	for (uint32_t i = 0; i < n; i++)
		e += (double)y[2 * i] * y[2 * i];
	return 10 * log10(e / n / (AMP * AMP / 2) + 1e-40);
}

static int response_mode(void)
{
	static const uint32_t rates[] = {48000, 22050};
	runs = 1;
	for (size_t p = 0; p < sizeof rates / sizeof rates[0]; p++) {
		uint32_t in = rates[p], out = 44100, lower = in < out ? in : out;
		/* Coarse across the band, fine through the transition, then
		 * (downsampling) up to just below the input's Nyquist. */
		for (double x = 0.02; x < 0.999 * in / lower; x += x < 0.84 ? 0.02 : 0.004) {
			double db;
			if (fabs(x - 1.0) < 0.002)
				continue; /* a tone at the Nyquist frequency: no phase to fit */
			if (x < 1.0) {
				db = gain_at(0, in, out, x, NULL);
			} else {
				koi_run(in, out, x * lower / 2, y, N + SKIP);
				db = level_of(y + 2 * SKIP, N);
			}
			printf("RESP %s %u %u %.4f %.4f\n", KOI_SRC_KEY, in, out, x, db);
		}
	}
	return 0;
}

static int bench_mode(void)
{
	static const uint32_t rates[] = {48000, 22050, 8000, 96000};
	for (size_t p = 0; p < sizeof rates / sizeof rates[0]; p++) {
		if (!convert_size(rates[p], 44100)) {
			printf("SRC %s %u 44100 refused\n", KOI_SRC_KEY, rates[p]);
			continue;
		}
		bench_line(0, KOI_SRC_KEY, rates[p], 44100);
#ifdef KOI_SRC_LSR
		static const struct { int type; const char *key; } lsr[] = {
			{SRC_SINC_BEST_QUALITY, "lsr_best"}, {SRC_SINC_MEDIUM_QUALITY, "lsr_medium"},
			{SRC_SINC_FASTEST, "lsr_fastest"}};
		for (int t = 0; t < 3; t++)
			bench_line(lsr[t].type + 1, lsr[t].key, rates[p], 44100);
#endif
	}
	return 0;
}

static void row(const char *who, uint32_t in, uint32_t out, double ns, double g90, double g95,
		double rest)
{
	printf("| %u -> %u | %s | %.1f | %+.4f | %+.2f | %.1f |\n", in, out, who, ns, g90, g95, rest);
}

int main(int argc, char **argv)
{
	static const uint32_t pairs[][2] = {{44100, 48000}, {48000, 44100}, {22050, 44100}, {8000, 44100},
					     {96000, 44100}, {44101, 44100}, {192000, 48000}};
	if (argc > 1 && !strcmp(argv[1], "--bench"))
		return bench_mode();
	if (argc > 1 && !strcmp(argv[1], "--response"))
		return response_mode();
	const int koi_only = argc > 1 && !strcmp(argv[1], "--koi-only");
	(void)koi_only; /* without libsamplerate there is nothing to leave out */
	printf("| rates (Hz) | converter | ns per output frame | gain at 0.90 (dB) | at 0.95 (dB) | "
	       "residual at 0.90 (dBc) |\n|---|---|---:|---:|---:|---:|\n");
	for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
		uint32_t in = pairs[p][0], out = pairs[p][1], lower = in < out ? in : out;
		double f90 = 0.90 * lower / 2, f95 = 0.95 * lower / 2, g90, g95, r, x, ns;
		if (!convert_size(in, out)) {
			printf("| %u -> %u | %s | refused | | | |\n", in, out, KOI_SRC_NAME);
			continue;
		}
		ns = koi_run(in, out, f95, y, N + SKIP);
		fit(y + 2 * SKIP, N, f95 / out, &g95, &x);
		koi_run(in, out, f90, y, N + SKIP);
		fit(y + 2 * SKIP, N, f90 / out, &g90, &r);
		row(KOI_SRC_NAME, in, out, ns, g90, g95, r);
#ifdef KOI_SRC_LSR
		static const int types[] = {SRC_SINC_BEST_QUALITY, SRC_SINC_MEDIUM_QUALITY,
					    SRC_SINC_FASTEST};
		for (int t = 0; t < 3 && !koi_only; t++) {
			ns = lsr_run(types[t], in, out, f95, y, N + SKIP);
			fit(y + 2 * SKIP, N, f95 / out, &g95, &x);
			lsr_run(types[t], in, out, f90, y, N + SKIP);
			fit(y + 2 * SKIP, N, f90 / out, &g90, &r);
			row(src_get_name(types[t]), in, out, ns, g90, g95, r);
		}
#endif
	}
	return 0;
}
