/*
 * mix: voices at once, spread across the stereo field.
 *
 *   mix [--voices N] [--seconds S] [WAVE:HZ[:DB[:PAN]]...]
 *
 * N default voices (8 unless --voices says, up to 65535: as many as
 * memory holds) or the voices given (up to MIX_VOICE_SPECS; DB default
 * -12, PAN default 0), for S seconds (default 3).  All start together with
 * a 10 ms attack, sustain, and are released so that their 50 ms fade ends
 * at S.  The voices live in the job's state, from the heap: state_size()
 * grows with N.
 */
#include "app/programs/mix.h"

#include <errno.h>
#include <string.h>

#include "app/program.h"
#include "audio/dspmath.h"
#include "audio/mixer.h"

#define MIX_VOICE_SPECS 64u /* voices one command line can list */

struct mix_args {
	uint32_t nvoices;  /* voices listed, or default voices to make */
	bool defaults;     /* the voices are the default set */
	uint32_t voices_option; /* --voices N, 0 if not given */
	double seconds;
	struct mix_voice v[MIX_VOICE_SPECS];
};
_Static_assert(sizeof(struct mix_args) <= JOB_ARGS_MAX, "mix's arguments");

#define RELEASE_MS 50u

struct mix {
	struct koi_source src;
	struct mixer mix;
	uint32_t pos, release_at;
	struct mixer_voice voices[]; /* the mixer's storage: nvoices */
};

static void defaults(void *a)
{
	struct mix_args *m = a;
	memset(m, 0, sizeof *m);
	m->seconds = 3.0;
}

static int set_voices(void *a, const char *v, struct msg *err)
{
	uint32_t u;
	if (arg_u32(v, &u) || u == 0 || u > MIXER_MAX_VOICES)
		return msg_fail(err, "--voices: '", v, "' is not in 1..65535");
	((struct mix_args *)a)->voices_option = u;
	return 0;
}

static int set_seconds(void *a, const char *v, struct msg *err)
{
	double d;
	if (arg_double(v, &d) || !(d >= 0.1 && d <= 3600.0))
		return msg_fail(err, "--seconds: '", v, "' is not a duration in 0.1..3600");
	((struct mix_args *)a)->seconds = d;
	return 0;
}

static const struct prog_option options[] = {
	{"--voices", "N", set_voices, NULL},
	{"--seconds", "S", set_seconds, NULL},
	{NULL, NULL, NULL, NULL},
};

/* "WAVE:HZ[:DB[:PAN]]" -> voice.  s is copied, not modified.  The
 * frequency's upper limit depends on the rate: create() checks it. */
static int parse_voice(const char *s, struct mix_voice *v)
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
	if (arg_double(f[1], &v->hz) || !(v->hz > 0.0))
		return -EINVAL;
	if (nf > 2 && (arg_double(f[2], &v->gain_db) ||
		       !(v->gain_db <= 0.0 && v->gain_db >= -120.0)))
		return -EINVAL;
	if (nf > 3 && (arg_double(f[3], &v->pan) ||
		       !(v->pan >= -1.0 && v->pan <= 1.0)))
		return -EINVAL;
	return 0;
}

static int words(void *a, int n, char *const *w, struct msg *err)
{
	struct mix_args *m = a;
	(void)n;
	if (m->nvoices == MIX_VOICE_SPECS)
		return msg_fail(err, "mix: too many voices (64 at most; --voices N makes up to 65535)",
				NULL, NULL);
	if (parse_voice(w[0], &m->v[m->nvoices]))
		return msg_fail(err, "mix: bad voice '", w[0],
				"' (WAVE:HZ[:DB[:PAN]], DB -120..0, PAN -1..1)");
	m->nvoices++;
	return 1;
}

static int finish(void *a, struct msg *err)
{
	struct mix_args *m = a;
	if (m->voices_option && m->nvoices)
		return msg_fail(err, "mix: give --voices or voice specs, not both", NULL, NULL);
	if (!m->nvoices) {
		m->defaults = true;
		m->nvoices = m->voices_option ? m->voices_option : 8;
	}
	return 0;
}

double mix_default_gain_db(uint32_t n)
{
	/* -20*log10(n) - 1 dB without libm: log10 by bisection on
	 * koi_db_to_gain (n up to 10^5). */
	double lo = 0.0, hi = 100.0;
	for (int k = 0; k < 60; k++) {
		double mid = (lo + hi) / 2.0;
		if (koi_db_to_gain(mid) < (double)n)
			lo = mid;
		else
			hi = mid;
	}
	return -lo - 1.0;
}

void mix_default_voice(uint32_t i, uint32_t n, uint32_t rate, double gain_db,
		       struct mix_voice *v)
{
	static const enum osc_wave waves[] = {OSC_SINE, OSC_TRIANGLE, OSC_SAW};
	const double top = 0.4 * rate < 15000.0 ? 0.4 * rate : 15000.0;
	v->wave = waves[i % 3];
	v->hz = 110.0 * (double)(i + 1);
	while (v->hz > top)
		v->hz -= top - 1000.0;
	v->gain_db = gain_db;
	v->pan = (i & 1) ? 0.7 - 0.5 * (double)i / (double)n
			 : -0.7 + 0.5 * (double)i / (double)n;
}

static uint32_t mix_render(struct koi_source *src, int16_t *lr, uint32_t frames)
{
	struct mix *m = (struct mix *)src;
	uint32_t done = 0;
	while (done < frames) {
		if (m->pos >= m->release_at && mixer_active_voices(&m->mix) == 0)
			break;
		uint32_t n = frames - done;
		if (m->pos < m->release_at && m->release_at - m->pos < n)
			n = m->release_at - m->pos;
		uint32_t sounding = mixer_render(&m->mix, lr + 2 * done, n);
		if (m->pos >= m->release_at && mixer_active_voices(&m->mix) == 0) {
			/* The fade ended inside this block: end on its frame. */
			m->pos += sounding;
			done += sounding;
			break;
		}
		m->pos += n;
		done += n;
		if (m->pos == m->release_at)
			for (uint32_t i = 0; i < m->mix.top; i++)
				if (m->mix.v[i].active)
					mixer_voice_release(&m->mix, (int)i);
	}
	return done;
}

static size_t state_size(const void *a, const struct stream_format *fmt)
{
	(void)fmt;
	return sizeof(struct mix) +
	       (size_t)((const struct mix_args *)a)->nvoices * sizeof(struct mixer_voice);
}

/* The mix of args at rate, every voice with envelope env, released so
 * that the release ends after round(seconds * rate) frames. */
static int build(const struct mix_args *a, uint32_t rate, const struct env_params *envp,
		 void *state, struct koi_source **src, struct msg *err)
{
	const struct env_params env = *envp;
	struct mix *m = state;
	m->src.render = mix_render;
	m->src.name = "mix";
	m->src.rate = rate;
	m->src.channels = 2;
	mixer_init(&m->mix, m->voices, a->nvoices, rate);
	const uint32_t frames = (uint32_t)(a->seconds * (double)rate + 0.5);
	if (frames <= env.release)
		return msg_fail(err, "mix: shorter than its release", NULL, NULL);
	/* Once: 60 steps of bisection per voice would delay the first sample
	 * of a large mix. */
	const double gain_db = a->defaults ? mix_default_gain_db(a->nvoices) : 0.0;
	for (uint32_t i = 0; i < a->nvoices; i++) {
		struct mix_voice dv;
		if (a->defaults)
			mix_default_voice(i, a->nvoices, rate, gain_db, &dv);
		const struct mix_voice *v = a->defaults ? &dv : &a->v[i];
		if (!(v->hz < rate / 2.0))
			return msg_not_below_nyquist(err, "mix: a voice at '", v->hz, rate);
		struct mixer_voice_params p = {
			.wave = v->wave,
			.hz = v->hz,
			.gain = koi_db_to_gain(v->gain_db),
			.pan = v->pan,
			.env = env,
			.seed = 0x51ed27u + i,
		};
		int r = mixer_voice_start(&m->mix, &p);
		if (r < 0)
			return r;
	}
	m->release_at = frames - env.release;
	*src = &m->src;
	return 0;
}

static int create(const void *args, const struct stream_format *fmt, void *state,
		  struct koi_source **src, struct msg *err)
{
	const struct env_params env = {
		.attack = fmt->rate / 100u, /* 10 ms */
		.decay = 0,
		.sustain = 1.0f,
		.release = (uint32_t)((uint64_t)fmt->rate * RELEASE_MS / 1000u),
	};
	return build(args, fmt->rate, &env, state, src, err);
}

int mix_create_ramps(const void *args, const struct stream_format *fmt, void *state,
		     struct koi_source **src, struct msg *err)
{
	const struct mix_args *a = args;
	const uint32_t frames = (uint32_t)(a->seconds * (double)fmt->rate + 0.5);
	const struct env_params env = {
		.attack = frames / 2u,
		.decay = 0,
		.sustain = 1.0f,
		.release = frames - frames / 2u - 1u,
	};
	return build(a, fmt->rate, &env, state, src, err);
}

static void describe(const void *args, struct msg *m)
{
	const struct mix_args *a = args;
	msg_putu(m, a->nvoices);
	msg_puts(m, " voices ");
	msg_putd(m, a->seconds);
	msg_puts(m, " s");
}

const struct program program_mix = {
	.name = "mix",
	.help = "voices at once across the stereo field (8 default voices, 3 s)",
	.words_usage = "[WAVE:HZ[:DB[:PAN]]...]",
	.args_size = sizeof(struct mix_args),
	.defaults = defaults,
	.options = options,
	.words = words,
	.finish = finish,
	.state_size = state_size,
	.create = create,
	.describe = describe,
};
