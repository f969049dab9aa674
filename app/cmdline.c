/* Command line -> job -> source.  Numbers are parsed and printed by hand,
 * not by libc: newlib's and glibc's strtod/printf need not agree to the last
 * bit, and a decimal is parsed exactly (digits / 10^k, one correctly rounded
 * division) so host and firmware read "997.5" as the same double. */
#include "app/cmdline.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "audio/dspmath.h"

/* ---- splitting ---- */

int cmdline_split(char *line, char **argv, int max)
{
	int argc = 0;
	char *r = line, *w = line;
	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r)
			return argc;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = w;
		char q = 0;
		while (*r) {
			char ch = *r;
			if (q == '\'') {
				if (ch == '\'')
					q = 0;
				else
					*w++ = ch;
				r++;
			} else if (ch == '\\') {
				if (!r[1])
					return -EINVAL;
				*w++ = r[1];
				r += 2;
			} else if (q == '"') {
				if (ch == '"')
					q = 0;
				else
					*w++ = ch;
				r++;
			} else if (ch == '\'' || ch == '"') {
				q = ch;
				r++;
			} else if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
				break;
			} else {
				*w++ = ch;
				r++;
			}
		}
		if (q)
			return -EINVAL;
		/* The separator (if any) is overwritten only after it was read:
		 * w never passes r. */
		bool more = *r != '\0';
		if (more)
			r++;
		*w++ = '\0';
		if (!more)
			return argc;
	}
}

/* ---- small string builder ---- */

struct sb {
	char *p;
	size_t len, cap;
};

static void sb_puts(struct sb *b, const char *s)
{
	while (*s && b->len + 1 < b->cap)
		b->p[b->len++] = *s++;
	if (b->cap)
		b->p[b->len] = '\0';
}

static void sb_putu(struct sb *b, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	char out[24];
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	sb_puts(b, out);
}

/* Up to 3 decimals, trailing zeros dropped. */
static void sb_putd(struct sb *b, double v)
{
	if (v < 0) {
		sb_puts(b, "-");
		v = -v;
	}
	uint64_t m = (uint64_t)(v * 1000.0 + 0.5);
	sb_putu(b, m / 1000);
	uint32_t f = (uint32_t)(m % 1000);
	if (f) {
		char d[5] = {'.', (char)('0' + f / 100), (char)('0' + f / 10 % 10),
			     (char)('0' + f % 10), '\0'};
		for (int i = 3; i > 0 && d[i] == '0'; i--)
			d[i] = '\0';
		sb_puts(b, d);
	}
}

static int fail(char *err, size_t len, const char *a, const char *b,
		const char *c)
{
	struct sb s = {err, 0, len};
	sb_puts(&s, a);
	if (b)
		sb_puts(&s, b);
	if (c)
		sb_puts(&s, c);
	return -EINVAL;
}

/* ---- numbers ---- */

static int parse_double(const char *s, double *out)
{
	bool neg = false;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	uint64_t m = 0;
	int digits = 0, frac = -1;
	for (; *s; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (++digits > 15)
			return -EINVAL;
		m = m * 10 + (uint64_t)(*s - '0');
		if (frac >= 0)
			frac++;
	}
	if (!digits)
		return -EINVAL;
	double p = 1.0;
	for (int i = 0; i < frac; i++)
		p *= 10.0; /* exact: 10^15 < 2^53 */
	double v = (double)m / p;
	*out = neg ? -v : v;
	return 0;
}

static int parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return -EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

/* ---- parsing ---- */

static const char *const kind_names[] = {
	[JOB_DEMO] = "demo", [JOB_TONE] = "tone", [JOB_MIX] = "mix",
	[JOB_PIANO] = "piano", [JOB_PCM] = "pcm", [JOB_HELP] = "help",
};

const char *job_kind_name(enum job_kind k)
{
	return (unsigned)k <= JOB_HELP ? kind_names[k] : "?";
}

const char *cmdline_usage(void)
{
	return "usage: [demo]\n"
	       "       tone [--freq HZ] [--seconds S] [--wave sine|square|saw|triangle|noise|pink] [--gain DB]\n"
	       "       mix [--voices N] [--seconds S] [WAVE:HZ[:DB[:PAN]]...]\n"
	       "       piano [--keys STRING]\n"
	       "       pcm [--format s8|u8|s16|s24|s32|float] [--rate HZ] [--channels 1|2] [--repeat N]\n"
	       "       help\n"
	       "options: --period FRAMES (1..65536)  --stall-after FRAMES  --stall-periods N\n";
}

/* "WAVE:HZ[:DB[:PAN]]" -> voice.  s is copied, not modified. */
static int parse_voice(const char *s, struct prog_voice *v)
{
	char buf[64];
	size_t n = strlen(s);
	if (n >= sizeof buf)
		return -EINVAL;
	memcpy(buf, s, n + 1);
	char *f[4] = {buf, NULL, NULL, NULL};
	int nf = 1;
	for (char *p = buf; *p; p++)
		if (*p == ':') {
			if (nf == 4)
				return -EINVAL;
			*p = '\0';
			f[nf++] = p + 1;
		}
	if (nf < 2)
		return -EINVAL;
	int w = osc_wave_from_name(f[0]);
	if (w < 0)
		return -EINVAL;
	v->wave = (enum osc_wave)w;
	v->gain_db = -12.0;
	v->pan = 0.0;
	if (parse_double(f[1], &v->hz) || !(v->hz > 0.0 && v->hz < KOI_RATE / 2.0))
		return -EINVAL;
	if (nf > 2 && (parse_double(f[2], &v->gain_db) ||
		       !(v->gain_db <= 0.0 && v->gain_db >= -120.0)))
		return -EINVAL;
	if (nf > 3 && (parse_double(f[3], &v->pan) ||
		       !(v->pan >= -1.0 && v->pan <= 1.0)))
		return -EINVAL;
	return 0;
}

static void job_defaults(struct job *j)
{
	memset(j, 0, sizeof *j);
	j->kind = JOB_DEMO;
	j->stall_periods = 4;
	j->wave = OSC_SINE;
	j->freq = 997.0;
	j->seconds = 2.0;
	j->gain_db = 0.0;
	j->format = CONV_S16;
	j->rate = 44100;
	j->channels = 2;
	j->repeat = 1;
}

/* Whether option a exists for program k: only to tell "needs a value" from
 * "unknown option" when a is the last word. */
static bool option_applies(const char *a, enum job_kind k)
{
	static const struct {
		const char *name;
		int kind; /* -1: every program */
	} opts[] = {
		{"--period", -1}, {"--stall-after", -1}, {"--stall-periods", -1},
		{"--freq", JOB_TONE}, {"--seconds", JOB_TONE}, {"--seconds", JOB_MIX},
		{"--wave", JOB_TONE}, {"--gain", JOB_TONE}, {"--voices", JOB_MIX},
		{"--keys", JOB_PIANO}, {"--format", JOB_PCM}, {"--rate", JOB_PCM},
		{"--channels", JOB_PCM}, {"--repeat", JOB_PCM},
	};
	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if (strcmp(a, opts[i].name) == 0 && (opts[i].kind < 0 || opts[i].kind == (int)k))
			return true;
	return false;
}

int cmdline_parse(int argc, char *const *argv, struct job *job, char *err,
		  size_t errlen)
{
	job_defaults(job);
	if (errlen)
		err[0] = '\0';
	int i = 0;
	if (argc > 0 && argv[0][0] != '-') {
		int k;
		for (k = 0; k <= JOB_HELP; k++)
			if (strcmp(argv[0], kind_names[k]) == 0)
				break;
		if (k > JOB_HELP)
			return fail(err, errlen, "unknown program '", argv[0],
				    "' (demo, tone, mix, piano, pcm, help)");
		job->kind = (enum job_kind)k;
		i = 1;
	}
	bool seconds_given = false;
	uint32_t default_voices = 0;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			job->kind = JOB_HELP;
			continue;
		}
		if (a[0] != '-' || a[1] != '-') {
			if (job->kind == JOB_MIX) {
				if (job->nvoices == JOB_VOICE_SPECS)
					return fail(err, errlen, "mix: too many voices", NULL, NULL);
				if (parse_voice(a, &job->voices[job->nvoices]))
					return fail(err, errlen, "mix: bad voice '", a,
						    "' (WAVE:HZ[:DB[:PAN]], DB -120..0, PAN -1..1)");
				job->nvoices++;
				continue;
			}
			return fail(err, errlen, "unexpected argument '", a, "'");
		}
		if (i + 1 >= argc && option_applies(a, job->kind))
			return fail(err, errlen, "option ", a, " needs a value");
		if (i + 1 >= argc)
			goto unknown;
		const char *v = argv[++i];
		uint32_t u;
		double d;
		const enum job_kind k = job->kind;
		if (strcmp(a, "--period") == 0) {
			if (parse_u32(v, &u) || u < 1 || u > 65536)
				return fail(err, errlen, "--period: '", v,
					    "' is not a frame count in 1..65536");
			job->period_frames = u;
		} else if (strcmp(a, "--stall-after") == 0) {
			if (parse_u32(v, &u) || u == 0)
				return fail(err, errlen, "--stall-after: '", v,
					    "' is not a positive frame count");
			job->stall_after = u;
		} else if (strcmp(a, "--stall-periods") == 0) {
			if (parse_u32(v, &u) || u == 0 || u > 1000)
				return fail(err, errlen, "--stall-periods: '", v,
					    "' is not in 1..1000");
			job->stall_periods = u;
		} else if (strcmp(a, "--freq") == 0 && k == JOB_TONE) {
			if (parse_double(v, &d) || !(d > 0.0 && d < KOI_RATE / 2.0))
				return fail(err, errlen, "--freq: '", v,
					    "' is not a frequency in (0, 22050) Hz");
			job->freq = d;
		} else if (strcmp(a, "--seconds") == 0 && (k == JOB_TONE || k == JOB_MIX)) {
			if (parse_double(v, &d) || !(d >= 0.1 && d <= 3600.0))
				return fail(err, errlen, "--seconds: '", v,
					    "' is not a duration in 0.1..3600");
			job->seconds = d;
			seconds_given = true;
		} else if (strcmp(a, "--wave") == 0 && k == JOB_TONE) {
			int w = osc_wave_from_name(v);
			if (w < 0)
				return fail(err, errlen, "--wave: unknown waveform '", v,
					    "' (sine, square, saw, triangle, noise, pink)");
			job->wave = (enum osc_wave)w;
		} else if (strcmp(a, "--gain") == 0 && k == JOB_TONE) {
			if (parse_double(v, &d) || !(d >= -120.0 && d <= 0.0))
				return fail(err, errlen, "--gain: '", v,
					    "' is not a level in -120..0 dB");
			job->gain_db = d;
		} else if (strcmp(a, "--voices") == 0 && k == JOB_MIX) {
			if (parse_u32(v, &u) || u == 0 || u > MIXER_MAX_VOICES)
				return fail(err, errlen, "--voices: '", v,
					    "' is not in 1..65535");
			default_voices = u;
		} else if (strcmp(a, "--keys") == 0 && k == JOB_PIANO) {
			size_t n = strlen(v);
			if (n > JOB_KEYS_MAX)
				return fail(err, errlen, "--keys: more than 256 keys", NULL, NULL);
			memcpy(job->keys, v, n + 1);
			job->keys_given = 1;
		} else if (strcmp(a, "--format") == 0 && k == JOB_PCM) {
			int f = conv_format_from_name(v);
			if (f < 0)
				return fail(err, errlen, "--format: unknown format '", v,
					    "' (s8, u8, s16, s24, s32, float)");
			job->format = (enum conv_format)f;
		} else if (strcmp(a, "--rate") == 0 && k == JOB_PCM) {
			if (parse_u32(v, &u) || conv_rate_supported(u))
				return fail(err, errlen, "--rate: '", v,
					    "' is not one of 8000 11025 16000 22050 32000 44100 48000");
			job->rate = u;
		} else if (strcmp(a, "--channels") == 0 && k == JOB_PCM) {
			if (parse_u32(v, &u) || (u != 1 && u != 2))
				return fail(err, errlen, "--channels: '", v, "' is not 1 or 2");
			job->channels = u;
		} else if (strcmp(a, "--repeat") == 0 && k == JOB_PCM) {
			if (parse_u32(v, &u) || u == 0 || u > 100000)
				return fail(err, errlen, "--repeat: '", v, "' is not in 1..100000");
			job->repeat = u;
		} else {
unknown:;
			struct sb s = {err, 0, errlen};
			sb_puts(&s, "unknown option ");
			sb_puts(&s, a);
			sb_puts(&s, " for ");
			sb_puts(&s, kind_names[job->kind]);
			return -EINVAL;
		}
	}
	if (job->kind == JOB_MIX) {
		if (default_voices && job->nvoices)
			return fail(err, errlen, "mix: give --voices or voice specs, not both",
				    NULL, NULL);
		if (!job->nvoices) {
			job->nvoices = default_voices ? default_voices : 8;
			job->default_voices = 1;
		}
		if (!seconds_given)
			job->seconds = 3.0;
	}
	return 0;
}

int job_source(const struct job *job, union job_program *st,
	       struct koi_source **out)
{
	int r;
	switch (job->kind) {
	case JOB_DEMO:
		r = prog_demo_init(&st->demo);
		*out = &st->demo.seq.src;
		break;
	case JOB_TONE:
		r = prog_tone_init(&st->tone, job->wave, job->freq, job->seconds,
				   job->gain_db);
		*out = &st->tone.src;
		break;
	case JOB_MIX:
		r = prog_mix_init(&st->mix, job->default_voices ? NULL : job->voices,
				  job->nvoices, job->seconds);
		*out = &st->mix.src;
		break;
	case JOB_PIANO:
		r = prog_piano_init(&st->piano, job->keys_given ? job->keys : NULL);
		*out = &st->piano.seq.src;
		break;
	case JOB_PCM:
		r = prog_pcm_init(&st->pcm, job->format, job->rate, job->channels,
				  job->repeat);
		*out = &st->pcm.conv.src;
		break;
	default:
		r = -EINVAL;
		break;
	}
	if (r)
		*out = NULL;
	return r;
}

void job_describe(const struct job *job, char *buf, size_t len)
{
	struct sb s = {buf, 0, len};
	sb_puts(&s, job_kind_name(job->kind));
	switch (job->kind) {
	case JOB_TONE:
		sb_puts(&s, " ");
		sb_puts(&s, osc_wave_name(job->wave));
		sb_puts(&s, " ");
		sb_putd(&s, job->freq);
		sb_puts(&s, " Hz ");
		sb_putd(&s, job->seconds);
		sb_puts(&s, " s ");
		sb_putd(&s, job->gain_db);
		sb_puts(&s, " dB (R = -L)");
		break;
	case JOB_MIX:
		sb_puts(&s, " ");
		sb_putu(&s, job->nvoices);
		sb_puts(&s, " voices ");
		sb_putd(&s, job->seconds);
		sb_puts(&s, " s");
		break;
	case JOB_PIANO:
		sb_puts(&s, job->keys_given ? " scripted keys" : " interactive");
		break;
	case JOB_PCM:
		sb_puts(&s, " ");
		sb_puts(&s, conv_format_name(job->format));
		sb_puts(&s, " ");
		sb_putu(&s, job->rate);
		sb_puts(&s, " Hz ");
		sb_putu(&s, job->channels);
		sb_puts(&s, job->channels == 1 ? " channel" : " channels");
		if (job->repeat > 1) {
			sb_puts(&s, " x");
			sb_putu(&s, job->repeat);
		}
		break;
	case JOB_DEMO:
		sb_puts(&s, " (generator tour + Minuet in G)");
		break;
	default:
		break;
	}
	if (job->period_frames) {
		sb_puts(&s, ", period ");
		sb_putu(&s, job->period_frames);
	}
}
