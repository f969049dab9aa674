/*
 * wavstat — what a capture sounds like, in numbers.
 *
 *   wavstat [--freq HZ] [--period FRAMES] [--alias] [--json]
 *           [--spectrum FILE] FILE.wav
 *
 * For any PCM or float WAV (tools/wavread.c; 1..8 channels) it prints the
 * frame count and duration, the span of the signal (first to last
 * non-silent frame) and the runs of digital silence longer than one period
 * inside it (gaps: what an underrun leaves), then per channel: peak, RMS,
 * DC offset, clipped samples, the frequency of the strongest tone (to
 * 0.001 Hz), SINAD and THD+N by a least-squares sine fit, and the worst
 * spur in dBc.  Levels are in 16-bit steps (LSB: full scale is 32768)
 * whatever the file's format.  An unfinished file (a capture whose writer
 * was killed) is analysed as far as it goes, with a note saying so.
 *
 *  - Frequency: FFT peak (7-term Blackman-Harris window, Gaussian
 *    interpolation), refined by a four-parameter sine fit (IEEE 1057:
 *    amplitude, phase, offset and frequency by Gauss-Newton) over the whole
 *    signal span.  --freq HZ says where the tone must be: the measured
 *    one must lie within the span's resolution (rate / span frames: 1 Hz
 *    for a second) of HZ, and SINAD, THD+N and the amplitude are then a
 *    three-parameter fit at HZ itself.  HZ must leave at least one cycle
 *    in the span.
 *  - SINAD = fitted sine power / power of everything else but DC;
 *    THD+N is the same ratio the other way up (dB and %).
 *  - Worst spur: the highest spectral peak outside the tone's main lobe
 *    (and DC), read at the interpolated peak relative to the tone's peak.
 *    The window's side lobes are below -180 dB, so a 16-bit noise floor
 *    (about -130 dBc per bin for a second of sound) is what limits it.
 *    --alias also excludes every harmonic of the tone below Nyquist: what
 *    remains of a periodic wave is aliasing, so this is the worst alias.
 *  - --spectrum writes channel 0's windowed spectrum ("Hz dBFS" lines, a
 *    full-scale sine peaks at 0 dBFS) for plotting.
 *
 *  - No tone found: a channel has no single tone when its AC power is
 *    zero, when the fitted sine carries no more than half of it (SINAD
 *    <= 0 dB: noise, music), when another spectral peak comes within 1 dB
 *    of the tone's (two equal tones), when the fit does not
 *    converge to a frequency within two FFT bins of the peak and inside
 *    (0, rate/2), or (--freq) when the tone is not at the given frequency.  Then "no tone found" and the reason replace the tone,
 *    SINAD and spur lines; no frequency is printed.
 *
 * Exit status: 0 analysed (every channel with sound holds a tone), 1 no
 * tone found in some channel (the rest of the report stands), 2 bad
 * arguments or unreadable input (with a message on stderr).
 */
#include <errno.h>
#include <fftw3.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/wavread.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define MAX_CHANNELS 8u
#define MAX_GAPS_KEPT 1000u
#define FFT_MAX (1u << 20)
#define FFT_MIN 64u
/* The 7-term Blackman-Harris main lobe is +-7 bins wide; one more bin
 * of margin keeps its skirt out of the spur search. */
#define LOBE 8u
/* A full-scale sine touches the rail on single samples; a clipped one sits
 * on it.  Three in a row is the usual threshold for "flat top". */
#define CLIP_RUN 3u
/* A fitted frequency further than this from the FFT peak is a fit that
 * ran away (the peak is accurate to a small fraction of a bin). */
#define FIT_BINS 2.0
/* Another spectral peak within this many dB of the tone: two tones. */
#define SECOND_DB 1.0

struct gap {
	uint32_t start, len;
};

struct chan_stats {
	double peak;       /* LSB (16-bit steps) */
	double rms, dc;
	uint32_t at_rail;  /* samples at positive or negative full scale */
	uint32_t clipped;  /* samples in flat tops: >= CLIP_RUN in a row at a rail */
	int silent; /* every sample 0 in the signal span */
	int analysed;
	int tone;          /* a single tone was found (else why says why not) */
	char why[160];
	double freq;      /* refined by the fit */
	double freq_fft;  /* the FFT estimate */
	double amp;       /* fitted amplitude */
	double sinad;     /* dB */
	double spur_dbc, spur_hz;
	int spur_found;
};

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "wavstat: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

/* 7-term Blackman-Harris: side lobes below -180 dB, far under the 16-bit
 * noise floor, so a spur is never another component's leakage. */
static double bh7(uint32_t i, uint32_t n)
{
	static const double a[7] = {0.27105140069342, 0.43329793923448, 0.21812299954311,
				    0.06592544638803, 0.01081174209837, 0.00077658482522,
				    0.00001388721735};
	double x = 2.0 * M_PI * (double)i / (double)n, w = 0.0;
	for (int k = 0; k < 7; k++)
		w += (k & 1 ? -a[k] : a[k]) * cos(k * x);
	return w;
}

struct spectrum {
	uint32_t m;       /* FFT length */
	double *db;       /* m/2+1 bins, dB relative to a full-scale sine peak */
	double bin_hz;
};

/* Windowed magnitude spectrum of x[0..n) (the middle m samples, m the
 * largest power of two <= n, at most FFT_MAX), DC removed first. */
static void spectrum_of(const double *x, uint32_t n, double rate, struct spectrum *sp)
{
	uint32_t m = FFT_MIN;
	while (m * 2u <= n && m * 2u <= FFT_MAX)
		m *= 2u;
	const double *seg = x + (n - m) / 2u;
	double *in = fftw_malloc(sizeof(double) * m);
	fftw_complex *out = fftw_malloc(sizeof(fftw_complex) * (m / 2u + 1u));
	if (!in || !out)
		die("out of memory");
	double mean = 0.0, wsum = 0.0;
	for (uint32_t i = 0; i < m; i++)
		mean += seg[i];
	mean /= m;
	for (uint32_t i = 0; i < m; i++) {
		double w = bh7(i, m);
		wsum += w;
		in[i] = (seg[i] - mean) * w;
	}
	fftw_plan p = fftw_plan_dft_r2c_1d((int)m, in, out, FFTW_ESTIMATE);
	fftw_execute(p);
	sp->m = m;
	sp->bin_hz = rate / m;
	sp->db = malloc(sizeof(double) * (m / 2u + 1u));
	if (!sp->db)
		die("out of memory");
	/* A sine of amplitude A peaks at A * sum(w) / 2. */
	const double ref = 32768.0 * wsum / 2.0;
	for (uint32_t k = 0; k <= m / 2u; k++) {
		double mag = hypot(out[k][0], out[k][1]) / ref;
		sp->db[k] = 20.0 * log10(mag > 1e-15 ? mag : 1e-15);
	}
	fftw_destroy_plan(p);
	fftw_free(in);
	fftw_free(out);
}

/* Peak position (fractional bin) and level by a parabola through the three
 * dB values around bin k: exact for a Gaussian main lobe, within a small
 * fraction of a dB for this window. */
static double interp_peak(const struct spectrum *sp, uint32_t k, double *level)
{
	if (k == 0 || k >= sp->m / 2u) {
		*level = sp->db[k];
		return k;
	}
	double a = sp->db[k - 1], b = sp->db[k], c = sp->db[k + 1];
	double den = a - 2.0 * b + c;
	double d = den < 0.0 ? 0.5 * (a - c) / den : 0.0;
	if (d > 0.5) d = 0.5;
	if (d < -0.5) d = -0.5;
	*level = b - 0.25 * (a - c) * d;
	return k + d;
}

/* Solve the n x n system a x = r (n <= 4) by partial pivoting; 0 or -1. */
static int solve(double a[4][4], double r[4], int n, double *x)
{
	for (int c = 0; c < n; c++) {
		int p = c;
		for (int k = c + 1; k < n; k++)
			if (fabs(a[k][c]) > fabs(a[p][c]))
				p = k;
		if (fabs(a[p][c]) < 1e-300)
			return -1;
		if (p != c) {
			for (int j = 0; j < n; j++) {
				double t = a[c][j]; a[c][j] = a[p][j]; a[p][j] = t;
			}
			double t = r[c]; r[c] = r[p]; r[p] = t;
		}
		for (int k = c + 1; k < n; k++) {
			double f = a[k][c] / a[c][c];
			for (int j = c; j < n; j++)
				a[k][j] -= f * a[c][j];
			r[k] -= f * r[c];
		}
	}
	for (int c = n - 1; c >= 0; c--) {
		double t = r[c];
		for (int j = c + 1; j < n; j++)
			t -= a[c][j] * x[j];
		x[c] = t / a[c][c];
	}
	return 0;
}

/* The three-parameter fit at w (rad/sample): co[0..2] = c, a, b.  -1 when
 * the system is singular. */
static int fit3(const double *x, uint32_t n, double w, double t0, double co[3])
{
	double A[4][4] = {{0}}, r[4] = {0};
	for (uint32_t i = 0; i < n; i++) {
		double t = (double)i - t0, v[3] = {1.0, cos(w * t), sin(w * t)};
		for (int p = 0; p < 3; p++) {
			r[p] += v[p] * x[i];
			for (int q = 0; q < 3; q++)
				A[p][q] += v[p] * v[q];
		}
	}
	double sol[4];
	if (solve(A, r, 3, sol))
		return -1;
	memcpy(co, sol, sizeof(double) * 3);
	return 0;
}

/* What the fit co at w leaves: *amp and *sinad (dB); -1 for an amplitude
 * that is not a number. */
static int fit_quality(const double *x, uint32_t n, double w, double t0, const double co[3],
		       double *amp, double *sinad)
{
	double sig = 0.0, err = 0.0;
	for (uint32_t i = 0; i < n; i++) {
		double t = (double)i - t0;
		double fit = co[1] * cos(w * t) + co[2] * sin(w * t);
		double e = x[i] - co[0] - fit;
		sig += fit * fit;
		err += e * e;
	}
	*amp = hypot(co[1], co[2]);
	*sinad = err <= 0.0 ? INFINITY : sig <= 0.0 ? -INFINITY : 10.0 * log10(sig / err);
	return isfinite(*amp) ? 0 : -1;
}

/*
 * Least-squares sine fit x ~ c + a cos(w t) + b sin(w t), t centred on the
 * span (better conditioned).  With refine, Gauss-Newton also moves w (the
 * fourth column is the derivative in w) until a step is below a millionth
 * of a bin.  Sets *w (rad/sample), *amp and *sinad (dB); returns -1 when
 * the system is singular or w does not settle in 30 steps (the caller then
 * has no tone, never a number from a fit that ran away).
 */
static int sine_fit(const double *x, uint32_t n, double *w, int refine, double *amp,
		    double *sinad)
{
	const double t0 = 0.5 * (double)(n - 1);
	const double settle = 1e-6 * 2.0 * M_PI / n;
	double co[4] = {0, 0, 0, 0};
	int settled = !refine;
	for (int it = 0; it < (refine ? 30 : 1); it++) {
		double A[4][4] = {{0}}, r[4] = {0};
		int np = (refine && it > 0) ? 4 : 3;
		for (uint32_t i = 0; i < n; i++) {
			double t = (double)i - t0, s = sin(*w * t), c = cos(*w * t);
			double v[4] = {1.0, c, s, t * (-co[1] * s + co[2] * c)};
			for (int p = 0; p < np; p++) {
				r[p] += v[p] * x[i];
				for (int q = 0; q < np; q++)
					A[p][q] += v[p] * v[q];
			}
		}
		double sol[4] = {0, 0, 0, 0};
		if (solve(A, r, np, sol))
			return -1;
		memcpy(co, sol, sizeof(double) * 3);
		if (np == 4) {
			*w += sol[3];
			if (!isfinite(*w))
				return -1;
			if (fabs(sol[3]) < settle) {
				settled = 1;
				break;
			}
		}
	}
	/* With refine, the final amplitudes at the converged frequency. */
	if (!settled || (refine && fit3(x, n, *w, t0, co)))
		return -1;
	return fit_quality(x, n, *w, t0, co, amp, sinad);
}

struct opts {
	double freq;        /* 0: detect */
	uint32_t period;
	int alias, json;
	const char *spectrum;
	const char *path;
};

/* Sample i of channel ch in LSB (16-bit steps). */
static double lsb(const struct wav_in *w, uint32_t i, uint32_t ch)
{
	return (double)w->x[(size_t)i * w->channels + ch] * 32768.0;
}

static void no_tone(struct chan_stats *cs, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cs->why, sizeof cs->why, fmt, ap);
	va_end(ap);
	cs->tone = 0;
}

/* Whether x has any AC power (it is not constant). */
static int has_ac(const double *x, uint32_t n)
{
	double mean = 0.0, ac = 0.0;
	for (uint32_t i = 0; i < n; i++)
		mean += x[i];
	mean /= n;
	for (uint32_t i = 0; i < n; i++)
		ac += (x[i] - mean) * (x[i] - mean);
	return ac > 0.0;
}

/* The strongest sine, from the FFT peak refined by the fit, in *f (Hz),
 * *amp and *sinad; 0, or -1 with cs->why saying why there is no tone. */
static int strongest_sine(const double *x, uint32_t n, double rate, const struct spectrum *sp,
			  struct chan_stats *cs, double *fund_db, double *f, double *amp,
			  double *sinad)
{
	uint32_t kf = LOBE + 1u;
	for (uint32_t k = LOBE + 1u; k < sp->m / 2u; k++)
		if (sp->db[k] > sp->db[kf])
			kf = k;
	cs->freq_fft = interp_peak(sp, kf, fund_db) * sp->bin_hz;
	/* At the peak's frequency as it is, a tone already stands out; noise,
	 * music or two equal tones do not, and need no refining to say so. */
	double wr = 2.0 * M_PI * cs->freq_fft / rate;
	if (sine_fit(x, n, &wr, 0, amp, sinad) == 0 && !(*sinad > 0.0)) {
		no_tone(cs, "the strongest sine (near %.1f Hz) holds only %.0f%% of the signal's "
			"power (SINAD %.1f dB): not a single tone", cs->freq_fft,
			100.0 / (1.0 + pow(10.0, -*sinad / 10.0)), *sinad);
		return -1;
	}
	if (sine_fit(x, n, &wr, 1, amp, sinad)) {
		no_tone(cs, "the sine fit did not converge (strongest peak near %.1f Hz)",
			cs->freq_fft);
		return -1;
	}
	*f = wr * rate / (2.0 * M_PI);
	if (!(*f > 0.0 && *f < rate / 2.0) || fabs(*f - cs->freq_fft) > FIT_BINS * sp->bin_hz) {
		no_tone(cs, "the sine fit ran away from the strongest peak near %.1f Hz",
			cs->freq_fft);
		return -1;
	}
	return 0;
}

/* The tone: strongest peak, refined by the fit; whether it is one. */
static void find_tone(const double *x, uint32_t n, double rate, const struct spectrum *sp,
		      const struct opts *o, struct chan_stats *cs, double *fund_db)
{
	if (!has_ac(x, n)) {
		no_tone(cs, "no AC signal (constant: DC only)");
		return;
	}
	double f, amp, sinad;
	if (strongest_sine(x, n, rate, sp, cs, fund_db, &f, &amp, &sinad))
		return;
	if (!(sinad > 0.0)) {
		no_tone(cs, "the strongest sine (%.3f Hz) holds only %.0f%% of the signal's "
			"power (SINAD %.1f dB): not a single tone", f,
			100.0 / (1.0 + pow(10.0, -sinad / 10.0)), sinad);
		return;
	}
	/* --freq: the tone must be there, to the resolution of the span (one
	 * cycle over it); its SINAD is then the given frequency's. */
	if (o->freq > 0.0 && fabs(f - o->freq) > rate / n) {
		no_tone(cs, "no tone at %.3f Hz: the strongest tone is at %.3f Hz", o->freq, f);
		return;
	}
	cs->tone = 1;
	cs->freq = f;
	cs->amp = amp;
	cs->sinad = sinad;
	if (o->freq > 0.0) {
		double wg = 2.0 * M_PI * o->freq / rate;
		if (sine_fit(x, n, &wg, 0, &amp, &sinad)) {
			no_tone(cs, "no sine can be fitted at %.3f Hz", o->freq);
			return;
		}
		cs->amp = amp;
		cs->sinad = sinad;
	}
}

/* Highest local maximum of the spectrum outside DC, the lobe of the tone
 * at f0 and, with harmonics, every harmonic's lobe; 0 if none. */
static uint32_t spur_bin(const struct spectrum *sp, double f0, int harmonics)
{
	double best = -INFINITY;
	uint32_t bestk = 0;
	for (uint32_t k = LOBE + 1u; k < sp->m / 2u; k++) {
		if (!(sp->db[k] >= sp->db[k - 1] && sp->db[k] >= sp->db[k + 1]))
			continue;
		double hz = k * sp->bin_hz;
		if (fabs(hz - f0) <= LOBE * sp->bin_hz)
			continue;
		if (harmonics) {
			double h = floor(hz / f0 + 0.5);
			if (h >= 1.0 && fabs(hz - h * f0) <= LOBE * sp->bin_hz)
				continue;
		}
		if (sp->db[k] > best) {
			best = sp->db[k];
			bestk = k;
		}
	}
	return bestk;
}

/* Peak, RMS, DC and clipping of channel ch over the whole file. */
static void levels(const struct wav_in *w, uint32_t ch, struct chan_stats *cs)
{
	/* Full scale: the largest positive code of an integer format (32767
	 * for 16 bits); a float file's rail is 1.0. */
	const double pos_rail = w->is_float ? 32768.0
					    : 32768.0 * (1.0 - ldexp(1.0, 1 - (int)w->bits));
	double sum = 0.0, sq = 0.0, peak = 0.0;
	int rail = 0;
	uint32_t run = 0;
	for (uint32_t i = 0; i <= w->frames; i++) {
		double v = i < w->frames ? lsb(w, i, ch) : 0.0;
		int r = v >= pos_rail ? 1 : v <= -32768.0 ? -1 : 0;
		if (r && r == rail) {
			run++;
		} else {
			if (run >= CLIP_RUN)
				cs->clipped += run;
			run = r ? 1u : 0u;
		}
		rail = r;
		if (i == w->frames)
			break;
		cs->at_rail += r != 0;
		if (fabs(v) > peak)
			peak = fabs(v);
		sum += v;
		sq += v * v;
	}
	cs->peak = peak;
	if (w->frames) {
		cs->dc = sum / w->frames;
		cs->rms = sqrt(sq / w->frames);
	}
}

/* A second component as strong as the tone (two equal tones fit either
 * one with SINAD about 0 dB): not a single tone.  Then the worst spur:
 * the highest local maximum outside DC, the tone's lobe and (with
 * --alias) every harmonic's lobe. */
static void spurs(const struct spectrum *sp, const struct opts *o, struct chan_stats *cs,
		  double fund_db)
{
	uint32_t other = cs->tone ? spur_bin(sp, cs->freq, 0) : 0;
	double lvl;
	if (other && interp_peak(sp, other, &lvl) >= 0.0 && lvl - fund_db > -SECOND_DB)
		no_tone(cs, "a second component at %.1f Hz is as strong as the tone at %.3f Hz "
			"(%.1f dB): not a single tone", other * sp->bin_hz, cs->freq, lvl - fund_db);
	uint32_t bestk = cs->tone ? spur_bin(sp, cs->freq, o->alias) : 0;
	if (bestk) {
		double pos = interp_peak(sp, bestk, &lvl);
		cs->spur_found = 1;
		cs->spur_dbc = lvl - fund_db;
		cs->spur_hz = pos * sp->bin_hz;
	}
}

/* --spectrum: channel ch's spectrum into o->spectrum. */
static void write_spectrum(const struct spectrum *sp, const struct opts *o, uint32_t ch)
{
	FILE *f = fopen(o->spectrum, "w");
	if (!f)
		die("%s: cannot write", o->spectrum);
	fprintf(f, "# %s channel %u: %u-point FFT, 7-term Blackman-Harris, dBFS\n",
		o->path, ch, sp->m);
	for (uint32_t k = 0; k <= sp->m / 2u; k++)
		fprintf(f, "%.3f %.2f\n", k * sp->bin_hz, sp->db[k]);
	if (fclose(f) != 0)
		die("%s: write error", o->spectrum);
}

static void analyse(const struct wav_in *w, uint32_t ch, uint32_t first, uint32_t n,
		    const struct opts *o, struct chan_stats *cs, int dump)
{
	memset(cs, 0, sizeof(*cs));
	levels(w, ch, cs);
	double *x = malloc(sizeof(double) * (n ? n : 1u));
	if (!x)
		die("out of memory");
	int any = 0;
	for (uint32_t i = 0; i < n; i++) {
		x[i] = lsb(w, first + i, ch);
		any |= x[i] != 0.0;
	}
	cs->silent = !any;
	if (!any || n < 2u * FFT_MIN) {
		free(x);
		return;
	}
	struct spectrum sp;
	spectrum_of(x, n, w->rate, &sp);
	cs->analysed = 1;
	double fund_db = 0.0;
	find_tone(x, n, w->rate, &sp, o, cs, &fund_db);
	spurs(&sp, o, cs, fund_db);
	if (dump)
		write_spectrum(&sp, o, ch);
	free(sp.db);
	free(x);
}

static double dbfs(double v)
{
	return v > 0.0 ? 20.0 * log10(v / 32768.0) : -INFINITY;
}

/* JSON has no infinities: -inf/inf become null. */
static void jnum(const char *key, double v, const char *fmt, int comma)
{
	printf("\"%s\": ", key);
	if (isfinite(v))
		printf(fmt, v);
	else
		printf("null");
	printf("%s", comma ? ", " : "");
}

static void jstr(const char *key, const char *v, int comma)
{
	printf("\"%s\": \"", key);
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			putchar('\\');
		putchar((unsigned char)*p < 0x20 ? '?' : *p);
	}
	printf("\"%s", comma ? ", " : "");
}

static void usage(void)
{
	fputs("usage: wavstat [--freq HZ] [--period FRAMES] [--alias] [--json]\n"
	      "               [--spectrum FILE] FILE.wav\n", stderr);
	exit(2);
}

static struct opts parse_args(int argc, char **argv)
{
	struct opts o = {.freq = 0.0, .period = 64u};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		char *end;
		if (!strcmp(a, "--freq") && i + 1 < argc) {
			errno = 0;
			o.freq = strtod(argv[++i], &end);
			if (errno || *end || !(o.freq > 0.0) || !isfinite(o.freq))
				die("--freq wants a frequency in Hz > 0, not '%s'", argv[i]);
		} else if (!strcmp(a, "--period") && i + 1 < argc) {
			errno = 0;
			unsigned long v = strtoul(argv[++i], &end, 10);
			if (errno || *end || v < 1 || v > 1000000)
				die("--period wants 1..1000000 frames, not '%s'", argv[i]);
			o.period = (uint32_t)v;
		} else if (!strcmp(a, "--alias")) {
			o.alias = 1;
		} else if (!strcmp(a, "--json")) {
			o.json = 1;
		} else if (!strcmp(a, "--spectrum") && i + 1 < argc) {
			o.spectrum = argv[++i];
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage();
		} else if (a[0] == '-' && a[1]) {
			die("unknown option '%s' (see --help)", a);
		} else if (!o.path) {
			o.path = a;
		} else {
			die("one file at a time ('%s')", a);
		}
	}
	if (!o.path)
		usage();
	return o;
}

/* The file as a whole: its signal span and the gaps inside it. */
struct file_stats {
	uint32_t frames;
	uint32_t first, span;        /* first non-silent frame, and frames to the last */
	uint32_t ngaps, kept, gap_frames;
	struct gap gaps[MAX_GAPS_KEPT];
};

/* The signal span (first to last frame with any non-zero sample), and the
 * gaps: runs of all-zero frames inside it longer than a period. */
static void file_stats(const struct wav_in *w, const struct opts *o, struct file_stats *fs)
{
	const uint32_t frames = fs->frames;
	uint32_t first = frames, last = 0;
	for (uint32_t i = 0; i < frames; i++)
		for (uint32_t c = 0; c < w->channels; c++)
			if (w->x[(size_t)i * w->channels + c] != 0.0f) {
				if (first == frames)
					first = i;
				last = i;
			}
	fs->span = first < frames ? last - first + 1u : 0u;
	fs->first = fs->span ? first : 0u;
	for (uint32_t i = first, run = 0; fs->span && i <= last; i++) {
		int zero = 1;
		for (uint32_t c = 0; c < w->channels && zero; c++)
			zero = w->x[(size_t)i * w->channels + c] == 0.0f;
		if (zero) {
			run++;
			continue;
		}
		if (run > o->period) {
			if (fs->kept < MAX_GAPS_KEPT)
				fs->gaps[fs->kept++] = (struct gap){i - run, run};
			fs->ngaps++;
			fs->gap_frames += run;
		}
		run = 0;
	}
}

static void json_channel(const struct chan_stats *s, const struct opts *o)
{
	jnum("peak", s->peak, "%.8g", 1);
	jnum("peak_dbfs", dbfs(s->peak), "%.3f", 1);
	jnum("rms", s->rms, "%.3f", 1);
	jnum("rms_dbfs", dbfs(s->rms), "%.3f", 1);
	jnum("dc", s->dc, "%.4f", 1);
	printf("\"at_full_scale\": %u, \"clipped\": %u, \"silent\": %s", s->at_rail,
	       s->clipped, s->silent ? "true" : "false");
	if (s->analysed && !s->tone) {
		printf(", \"tone\": false, ");
		jstr("no_tone", s->why, 0);
	} else if (s->analysed) {
		printf(", \"tone\": true, ");
		jnum("freq", s->freq, "%.4f", 1);
		jnum("freq_fft", s->freq_fft, "%.4f", 1);
		jnum("amplitude", s->amp, "%.3f", 1);
		jnum("sinad_db", s->sinad, "%.3f", 1);
		jnum("thdn_db", -s->sinad, "%.3f", 1);
		jnum("thdn_pct", 100.0 * pow(10.0, -s->sinad / 20.0), "%.6f", 1);
		printf("\"spur_kind\": \"%s\", ", o->alias ? "alias" : "spur");
		jnum("spur_dbc", s->spur_found ? s->spur_dbc : NAN, "%.2f", 1);
		jnum("spur_hz", s->spur_found ? s->spur_hz : NAN, "%.2f", 0);
	}
}

static void print_json(const struct wav_in *w, const struct opts *o,
		       const struct file_stats *fs, const struct chan_stats *cs)
{
	printf("{");
	jstr("file", o->path, 1);
	printf("\"rate\": %u, \"channels\": %u, ", w->rate, w->channels);
	jstr("format", w->format, 1);
	printf("\"frames\": %u, \"unfinished\": %s, ", fs->frames,
	       w->unfinished ? "true" : "false");
	jstr("note", w->note, 1);
	jnum("seconds", (double)fs->frames / w->rate, "%.6f", 1);
	printf("\"signal_first\": %u, \"signal_frames\": %u, \"period\": %u, ",
	       fs->first, fs->span, o->period);
	printf("\"gaps\": %u, \"gap_frames\": %u, \"gap_list\": [", fs->ngaps,
	       fs->gap_frames);
	for (uint32_t g = 0; g < fs->kept; g++)
		printf("%s{\"start\": %u, \"frames\": %u}", g ? ", " : "", fs->gaps[g].start,
		       fs->gaps[g].len);
	printf("], \"channel\": [");
	for (uint32_t c = 0; c < w->channels; c++) {
		printf("%s{", c ? ", " : "");
		json_channel(&cs[c], o);
		printf("}");
	}
	printf("]}\n");
}

static void text_channel(uint32_t c, const struct chan_stats *s, const struct opts *o)
{
	printf("channel %u\n", c);
	printf("  peak     %.8g (%.2f dBFS)  rms %.2f (%.2f dBFS)  dc %.4f LSB\n",
	       s->peak, dbfs(s->peak), s->rms, dbfs(s->rms), s->dc);
	printf("  clipped  %u samples in flat tops (%u at full scale)\n", s->clipped,
	       s->at_rail);
	if (s->silent) {
		printf("  silent\n");
		return;
	}
	if (!s->analysed) {
		printf("  too short to analyse\n");
		return;
	}
	if (!s->tone) {
		printf("  no tone found: %s\n", s->why);
		return;
	}
	if (o->freq > 0.0)
		printf("  tone     %.3f Hz (measured; SINAD at the given %.3f Hz; FFT %.3f Hz),"
		       " amplitude at the given frequency %.2f\n", s->freq, o->freq,
		       s->freq_fft, s->amp);
	else
		printf("  tone     %.3f Hz (detected; FFT %.3f Hz), amplitude %.2f\n", s->freq,
		       s->freq_fft, s->amp);
	printf("  SINAD    %.2f dB   THD+N %.2f dB (%.5f %%)\n", s->sinad, -s->sinad,
	       100.0 * pow(10.0, -s->sinad / 20.0));
	if (s->spur_found)
		printf("  %s %.2f dBc at %.2f Hz\n", o->alias ? "alias   " : "spur    ",
		       s->spur_dbc, s->spur_hz);
}

static void print_text(const struct wav_in *w, const struct opts *o,
		       const struct file_stats *fs, const struct chan_stats *cs)
{
	printf("file       %s\n", o->path);
	printf("format     %u Hz, %u channel%s, %s\n", w->rate, w->channels,
	       w->channels > 1 ? "s" : "", w->format);
	if (w->note[0])
		printf("note       %s\n", w->note);
	printf("frames     %u (%.6f s)\n", fs->frames, (double)fs->frames / w->rate);
	if (fs->span)
		printf("signal     %u frames from frame %u (%.6f s)\n", fs->span, fs->first,
		       (double)fs->span / w->rate);
	else
		printf("signal     none: digital silence throughout\n");
	printf("gaps       %u (%u frames) of digital silence longer than %u frames\n",
	       fs->ngaps, fs->gap_frames, o->period);
	for (uint32_t g = 0; g < fs->kept && g < 20u; g++)
		printf("  gap      %u frames at frame %u (%.3f ms)\n", fs->gaps[g].len,
		       fs->gaps[g].start, 1000.0 * fs->gaps[g].len / w->rate);
	for (uint32_t c = 0; c < w->channels; c++)
		text_channel(c, &cs[c], o);
}

int main(int argc, char **argv)
{
	const struct opts o = parse_args(argc, argv);
	struct wav_in w;
	char err[300];
	if (wav_read_file(o.path, &w, err, sizeof err))
		die("%s", err);
	if (w.channels > MAX_CHANNELS)
		die("%s: %u channels; 1 to %u supported", o.path, w.channels, MAX_CHANNELS);
	if (w.frames > UINT32_MAX)
		die("%s: too many frames", o.path);
	if (o.freq >= w.rate / 2.0)
		die("--freq must be below half the sample rate (%s)", o.path);
	static struct file_stats fs;
	fs.frames = (uint32_t)w.frames;
	file_stats(&w, &o, &fs);
	/* A fit at a given frequency needs a whole cycle to tell a sine from
	 * DC and a slope. */
	if (o.freq > 0.0 && fs.span && o.freq * fs.span < w.rate)
		die("--freq %g Hz: the %u-frame signal holds less than one cycle of it "
		    "(at least %.3f Hz)", o.freq, fs.span, (double)w.rate / fs.span);
	struct chan_stats cs[MAX_CHANNELS];
	int lacking = 0;
	for (uint32_t c = 0; c < w.channels; c++) {
		analyse(&w, c, fs.first, fs.span, &o, &cs[c], o.spectrum && c == 0);
		lacking |= cs[c].analysed && !cs[c].tone;
	}
	if (o.spectrum && !cs[0].analysed)
		die("%s: channel 0 has too little signal for a spectrum", o.path);
	if (o.json) {
		print_json(&w, &o, &fs, cs);
	} else {
		print_text(&w, &o, &fs, cs);
		fftw_cleanup();
	}
	wav_in_free(&w);
	return lacking ? 1 : 0;
}
