/*
 * wavstat — what a capture sounds like, in numbers.
 *
 *   wavstat [--freq HZ] [--period FRAMES] [--alias] [--json]
 *           [--spectrum FILE] FILE.wav
 *
 * For a 16-bit PCM WAV (any rate, 1..8 channels) it prints the frame count
 * and duration, the span of the signal (first to last non-silent frame) and
 * the runs of digital silence longer than one period inside it (gaps: what
 * an underrun leaves), then per channel: peak, RMS, DC offset, clipped
 * samples, the frequency of the strongest tone (to 0.001 Hz), SINAD and
 * THD+N by a least-squares sine fit, and the worst spur in dBc.
 *
 *  - Frequency: FFT peak (7-term Blackman-Harris window, Gaussian
 *    interpolation), refined by a four-parameter sine fit (IEEE 1057:
 *    amplitude, phase, offset and frequency by Gauss-Newton) over the whole
 *    signal span.  --freq HZ fits at that frequency instead (three
 *    parameters) and reports the fitted one beside it.
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
 * Exit status: 0 analysed, 2 bad arguments or unreadable input (with a
 * message on stderr).
 */
#include <errno.h>
#include <fftw3.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

struct wav {
	uint32_t rate, channels, frames;
	int16_t *s; /* interleaved */
};

struct gap {
	uint32_t start, len;
};

struct chan_stats {
	int32_t peak;
	double rms, dc;
	uint32_t at_rail;  /* samples at +32767 or -32768 */
	uint32_t clipped;  /* samples in flat tops: >= CLIP_RUN in a row at a rail */
	int silent; /* every sample 0 in the signal span */
	int analysed;
	double freq;      /* detected or refined by the fit */
	double freq_fft;  /* the FFT estimate */
	double amp;       /* fitted amplitude */
	double sinad;     /* dB */
	double spur_dbc, spur_hz;
	int spur_found;
};

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "wavstat: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

static uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | get16(p + 2) << 16;
}

/* Reads a PCM S16 WAV.  A data chunk longer than the file (a capture that
 * was cut short or is still being written) is read as far as it goes. */
static void wav_load(const char *path, struct wav *w)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("%s: cannot open", path);
	if (fseek(f, 0, SEEK_END) != 0)
		die("%s: cannot seek", path);
	long size = ftell(f);
	rewind(f);
	if (size < 12 || size > (1L << 31))
		die("%s: not a WAV file (size)", path);
	uint8_t *b = malloc((size_t)size);
	if (!b || fread(b, 1, (size_t)size, f) != (size_t)size)
		die("%s: read error", path);
	fclose(f);
	if (memcmp(b, "RIFF", 4) || memcmp(b + 8, "WAVE", 4))
		die("%s: not a RIFF/WAVE file", path);
	int have_fmt = 0;
	for (long off = 12; off + 8 <= size;) {
		uint32_t len = get32(b + off + 4);
		const uint8_t *c = b + off + 8;
		long avail = size - off - 8;
		if (!memcmp(b + off, "fmt ", 4)) {
			if (len < 16 || avail < 16)
				die("%s: short fmt chunk", path);
			uint32_t fmt = get16(c), bits = get16(c + 14);
			w->channels = get16(c + 2);
			w->rate = get32(c + 4);
			if (fmt == 0xfffe && len >= 26 && avail >= 26)
				fmt = get16(c + 24); /* extensible: the sub-format */
			if (fmt != 1 || bits != 16)
				die("%s: only 16-bit integer PCM is supported", path);
			if (w->channels < 1 || w->channels > MAX_CHANNELS)
				die("%s: 1 to 8 channels supported", path);
			if (w->rate < 1000 || w->rate > 768000)
				die("%s: implausible sample rate", path);
			have_fmt = 1;
		} else if (!memcmp(b + off, "data", 4)) {
			if (!have_fmt)
				die("%s: data chunk before fmt chunk", path);
			uint64_t bytes = len < (uint64_t)avail ? len : (uint64_t)avail;
			uint32_t fb = 2u * w->channels;
			w->frames = (uint32_t)(bytes / fb);
			w->s = malloc((size_t)w->frames * fb + 2u);
			if (!w->s)
				die("%s: out of memory", path);
			for (uint64_t i = 0; i < (uint64_t)w->frames * w->channels; i++)
				w->s[i] = (int16_t)get16(c + 2 * i);
			free(b);
			return;
		}
		off += 8 + (long)len + (len & 1);
	}
	die("%s: no data chunk", path);
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
		die("%s", "out of memory");
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
		die("%s", "out of memory");
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

/*
 * Least-squares sine fit x ~ c + a cos(w t) + b sin(w t), t centred on the
 * span (better conditioned).  With refine, Gauss-Newton also moves w (the
 * fourth column is the derivative in w).  Returns the SINAD in dB and sets
 * *w (rad/sample) and *amp.
 */
static double sine_fit(const double *x, uint32_t n, double *w, int refine, double *amp)
{
	const double t0 = 0.5 * (double)(n - 1);
	double co[4] = {0, 0, 0, 0};
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
			break;
		co[0] = sol[0];
		co[1] = sol[1];
		co[2] = sol[2];
		if (np == 4) {
			*w += sol[3];
			if (fabs(sol[3]) < 1e-13 * (fabs(*w) + 1e-9))
				break; /* converged; amplitudes are redone below */
		}
	}
	if (refine) { /* final amplitudes at the converged frequency */
		double A[4][4] = {{0}}, r[4] = {0};
		for (uint32_t i = 0; i < n; i++) {
			double t = (double)i - t0, v[3] = {1.0, cos(*w * t), sin(*w * t)};
			for (int p = 0; p < 3; p++) {
				r[p] += v[p] * x[i];
				for (int q = 0; q < 3; q++)
					A[p][q] += v[p] * v[q];
			}
		}
		double sol[4];
		if (solve(A, r, 3, sol) == 0)
			memcpy(co, sol, sizeof(double) * 3);
	}
	double sig = 0.0, err = 0.0;
	for (uint32_t i = 0; i < n; i++) {
		double t = (double)i - t0;
		double fit = co[1] * cos(*w * t) + co[2] * sin(*w * t);
		double e = x[i] - co[0] - fit;
		sig += fit * fit;
		err += e * e;
	}
	*amp = hypot(co[1], co[2]);
	if (err <= 0.0)
		return INFINITY;
	return 10.0 * log10(sig / err);
}

struct opts {
	double freq;        /* 0: detect */
	uint32_t period;
	int alias, json;
	const char *spectrum;
	const char *path;
};

static void analyse(const struct wav *w, uint32_t ch, uint32_t first, uint32_t n,
		    const struct opts *o, struct chan_stats *cs, int dump)
{
	memset(cs, 0, sizeof(*cs));
	double sum = 0.0, sq = 0.0;
	int32_t peak = 0, rail = 0;
	uint32_t run = 0;
	for (uint32_t i = 0; i <= w->frames; i++) {
		int32_t v = i < w->frames ? w->s[(size_t)i * w->channels + ch] : 0;
		int32_t r = v == 32767 ? 1 : v == -32768 ? -1 : 0;
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
		int32_t a = v < 0 ? -v : v;
		if (a > peak)
			peak = a;
		sum += v;
		sq += (double)v * v;
	}
	cs->peak = peak;
	if (w->frames) {
		cs->dc = sum / w->frames;
		cs->rms = sqrt(sq / w->frames);
	}
	double *x = malloc(sizeof(double) * (n ? n : 1u));
	if (!x)
		die("%s", "out of memory");
	int any = 0;
	for (uint32_t i = 0; i < n; i++) {
		x[i] = w->s[(size_t)(first + i) * w->channels + ch];
		any |= x[i] != 0.0;
	}
	cs->silent = !any;
	if (!any || n < 2u * FFT_MIN) {
		free(x);
		return;
	}
	struct spectrum sp;
	spectrum_of(x, n, w->rate, &sp);
	const uint32_t half = sp.m / 2u;
	/* The tone: the known frequency's bin, or the highest peak. */
	uint32_t kf = LOBE + 1u;
	if (o->freq > 0.0) {
		kf = (uint32_t)lrint(o->freq / sp.bin_hz);
		if (kf > half)
			kf = half;
	} else {
		for (uint32_t k = LOBE + 1u; k < half; k++)
			if (sp.db[k] > sp.db[kf])
				kf = k;
	}
	double fund_db;
	double kpos = interp_peak(&sp, kf, &fund_db);
	cs->freq_fft = kpos * sp.bin_hz;
	double wrad = 2.0 * M_PI * (o->freq > 0.0 ? o->freq : cs->freq_fft) / w->rate;
	cs->sinad = sine_fit(x, n, &wrad, o->freq <= 0.0, &cs->amp);
	cs->freq = wrad * w->rate / (2.0 * M_PI);
	if (o->freq > 0.0) { /* also report where the tone really is */
		double wr = wrad, a;
		(void)sine_fit(x, n, &wr, 1, &a);
		cs->freq = wr * w->rate / (2.0 * M_PI);
	}
	/* Worst spur: highest local maximum outside DC, the tone's lobe and
	 * (with --alias) every harmonic's lobe. */
	double f0 = cs->freq;
	double best = -INFINITY;
	uint32_t bestk = 0;
	for (uint32_t k = LOBE + 1u; k < half; k++) {
		if (!(sp.db[k] >= sp.db[k - 1] && sp.db[k] >= sp.db[k + 1]))
			continue;
		double hz = k * sp.bin_hz;
		if (fabs(hz - f0) <= LOBE * sp.bin_hz)
			continue;
		if (o->alias && f0 > 0.0) {
			double h = floor(hz / f0 + 0.5);
			if (h >= 1.0 && fabs(hz - h * f0) <= LOBE * sp.bin_hz)
				continue;
		}
		if (sp.db[k] > best) {
			best = sp.db[k];
			bestk = k;
		}
	}
	if (bestk) {
		double lvl;
		double pos = interp_peak(&sp, bestk, &lvl);
		cs->spur_found = 1;
		cs->spur_dbc = lvl - fund_db;
		cs->spur_hz = pos * sp.bin_hz;
	}
	cs->analysed = 1;
	if (dump) {
		FILE *f = fopen(o->spectrum, "w");
		if (!f)
			die("%s: cannot write", o->spectrum);
		fprintf(f, "# %s channel %u: %u-point FFT, 7-term Blackman-Harris, dBFS\n",
			o->path, ch, sp.m);
		for (uint32_t k = 0; k <= half; k++)
			fprintf(f, "%.3f %.2f\n", k * sp.bin_hz, sp.db[k]);
		if (fclose(f) != 0)
			die("%s: write error", o->spectrum);
	}
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

static void usage(void)
{
	fputs("usage: wavstat [--freq HZ] [--period FRAMES] [--alias] [--json]\n"
	      "               [--spectrum FILE] FILE.wav\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o = {.freq = 0.0, .period = 64u};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		char *end;
		if (!strcmp(a, "--freq") && i + 1 < argc) {
			errno = 0;
			o.freq = strtod(argv[++i], &end);
			if (errno || *end || !(o.freq > 0.0))
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
	struct wav w = {0};
	wav_load(o.path, &w);
	if (o.freq >= w.rate / 2.0)
		die("--freq must be below half the sample rate (%s)", o.path);

	/* The signal span: first to last frame with any non-zero sample. */
	uint32_t first = w.frames, last = 0;
	for (uint32_t i = 0; i < w.frames; i++)
		for (uint32_t c = 0; c < w.channels; c++)
			if (w.s[(size_t)i * w.channels + c]) {
				if (first == w.frames)
					first = i;
				last = i;
			}
	uint32_t span = first < w.frames ? last - first + 1u : 0u;
	/* Gaps: runs of all-zero frames inside the span, longer than a period. */
	static struct gap gaps[MAX_GAPS_KEPT];
	uint32_t ngaps = 0, kept = 0, gap_frames = 0;
	for (uint32_t i = first, run = 0; span && i <= last; i++) {
		int zero = 1;
		for (uint32_t c = 0; c < w.channels && zero; c++)
			zero = w.s[(size_t)i * w.channels + c] == 0;
		if (zero) {
			run++;
			continue;
		}
		if (run > o.period) {
			if (kept < MAX_GAPS_KEPT)
				gaps[kept++] = (struct gap){i - run, run};
			ngaps++;
			gap_frames += run;
		}
		run = 0;
	}

	struct chan_stats cs[MAX_CHANNELS];
	for (uint32_t c = 0; c < w.channels; c++)
		analyse(&w, c, span ? first : 0, span, &o, &cs[c], o.spectrum && c == 0);
	if (o.spectrum && !cs[0].analysed)
		die("%s: channel 0 has too little signal for a spectrum", o.path);

	double secs = (double)w.frames / w.rate;
	if (o.json) {
		printf("{\"file\": \"");
		for (const char *p = o.path; *p; p++) {
			if (*p == '"' || *p == '\\')
				putchar('\\');
			putchar((unsigned char)*p < 0x20 ? '?' : *p);
		}
		printf("\", \"rate\": %u, \"channels\": %u, \"frames\": %u, ", w.rate, w.channels,
		       w.frames);
		jnum("seconds", secs, "%.6f", 1);
		printf("\"signal_first\": %u, \"signal_frames\": %u, \"period\": %u, ",
		       span ? first : 0u, span, o.period);
		printf("\"gaps\": %u, \"gap_frames\": %u, \"gap_list\": [", ngaps, gap_frames);
		for (uint32_t g = 0; g < kept; g++)
			printf("%s{\"start\": %u, \"frames\": %u}", g ? ", " : "", gaps[g].start,
			       gaps[g].len);
		printf("], \"channel\": [");
		for (uint32_t c = 0; c < w.channels; c++) {
			const struct chan_stats *s = &cs[c];
			printf("%s{\"peak\": %d, ", c ? ", " : "", (int)s->peak);
			jnum("peak_dbfs", dbfs(s->peak), "%.3f", 1);
			jnum("rms", s->rms, "%.3f", 1);
			jnum("rms_dbfs", dbfs(s->rms), "%.3f", 1);
			jnum("dc", s->dc, "%.4f", 1);
			printf("\"at_full_scale\": %u, \"clipped\": %u, \"silent\": %s", s->at_rail,
			       s->clipped, s->silent ? "true" : "false");
			if (s->analysed) {
				printf(", ");
				jnum("freq", s->freq, "%.4f", 1);
				jnum("freq_fft", s->freq_fft, "%.4f", 1);
				jnum("amplitude", s->amp, "%.3f", 1);
				jnum("sinad_db", s->sinad, "%.3f", 1);
				jnum("thdn_db", -s->sinad, "%.3f", 1);
				jnum("thdn_pct", 100.0 * pow(10.0, -s->sinad / 20.0), "%.6f", 1);
				printf("\"spur_kind\": \"%s\", ", o.alias ? "alias" : "spur");
				jnum("spur_dbc", s->spur_found ? s->spur_dbc : NAN, "%.2f", 1);
				jnum("spur_hz", s->spur_found ? s->spur_hz : NAN, "%.2f", 0);
			}
			printf("}");
		}
		printf("]}\n");
		return 0;
	}

	printf("file       %s\n", o.path);
	printf("format     %u Hz, %u channel%s, 16-bit PCM\n", w.rate, w.channels,
	       w.channels > 1 ? "s" : "");
	printf("frames     %u (%.6f s)\n", w.frames, secs);
	if (span)
		printf("signal     %u frames from frame %u (%.6f s)\n", span, first,
		       (double)span / w.rate);
	else
		printf("signal     none: digital silence throughout\n");
	printf("gaps       %u (%u frames) of digital silence longer than %u frames\n", ngaps,
	       gap_frames, o.period);
	for (uint32_t g = 0; g < kept && g < 20u; g++)
		printf("  gap      %u frames at frame %u (%.3f ms)\n", gaps[g].len, gaps[g].start,
		       1000.0 * gaps[g].len / w.rate);
	for (uint32_t c = 0; c < w.channels; c++) {
		const struct chan_stats *s = &cs[c];
		printf("channel %u\n", c);
		printf("  peak     %d (%.2f dBFS)  rms %.2f (%.2f dBFS)  dc %.4f LSB\n",
		       (int)s->peak, dbfs(s->peak), s->rms, dbfs(s->rms), s->dc);
		printf("  clipped  %u samples in flat tops (%u at full scale)\n", s->clipped,
		       s->at_rail);
		if (s->silent) {
			printf("  silent\n");
			continue;
		}
		if (!s->analysed) {
			printf("  too short to analyse\n");
			continue;
		}
		printf("  tone     %.3f Hz (%s; FFT %.3f Hz), amplitude %.2f\n", s->freq,
		       o.freq > 0.0 ? "fitted; SINAD at the given frequency" : "detected",
		       s->freq_fft, s->amp);
		printf("  SINAD    %.2f dB   THD+N %.2f dB (%.5f %%)\n", s->sinad, -s->sinad,
		       100.0 * pow(10.0, -s->sinad / 20.0));
		if (s->spur_found)
			printf("  %s %.2f dBc at %.2f Hz\n", o.alias ? "alias   " : "spur    ",
			       s->spur_dbc, s->spur_hz);
	}
	free(w.s);
	fftw_cleanup();
	return 0;
}
