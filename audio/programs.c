/* The sound programs (see programs.h for what each puts on L and R). */
#include "audio/programs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "audio/assets.h"
#include "audio/dspmath.h"

/* ---- tone ---- */

static uint32_t tone_render(struct koi_source *src, int16_t *lr, uint32_t frames)
{
	struct prog_tone *t = (struct prog_tone *)src;
	uint32_t n = frames < t->left ? frames : t->left;
	t->left -= n;
	if (osc_can_mix(&t->osc)) {
		/* The same samples as below, without the float buffer. */
		osc_tone(&t->osc, lr, n);
		return n;
	}
	for (uint32_t done = 0; done < n;) {
		uint32_t b = n - done < PROG_BLOCK ? n - done : PROG_BLOCK;
		osc_render(&t->osc, t->buf, b);
		for (uint32_t i = 0; i < b; i++) {
			/* Rounding to nearest even is symmetric: R == -L. */
			int16_t l = koi_f2s16(t->buf[i]);
			lr[2 * i] = l;
			lr[2 * i + 1] = (int16_t)-l;
		}
		lr += 2 * b;
		done += b;
	}
	return n;
}

static uint32_t seconds_to_frames(double s)
{
	return (uint32_t)(s * (double)KOI_RATE + 0.5);
}

int prog_tone_init(struct prog_tone *t, enum osc_wave wave, double hz,
		   double seconds, double gain_db)
{
	if ((unsigned)wave >= OSC_WAVE_COUNT || !(hz > 0.0 && hz < KOI_RATE / 2.0) ||
	    !(seconds > 0.0 && seconds <= 3600.0) ||
	    !(gain_db >= -120.0 && gain_db <= 0.0))
		return -EINVAL;
	memset(t, 0, sizeof *t);
	t->src.render = tone_render;
	t->src.name = "tone";
	/* Never more than 32767: -L then always fits in S16. */
	osc_init(&t->osc, wave, hz, koi_db_to_gain(gain_db), 0x1234567u);
	t->left = seconds_to_frames(seconds);
	return 0;
}

/* ---- mix ---- */

static uint32_t mix_render(struct koi_source *src, int16_t *lr, uint32_t frames)
{
	struct prog_mix *m = (struct prog_mix *)src;
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

/* -20*log10(n) - 1 dB: n voices at full scale cannot clip.  log10 without
 * libm: by bisection on koi_db_to_gain (n up to 10^5). */
static double default_gain_db(uint32_t n)
{
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

static void default_voice(uint32_t i, uint32_t n, double gain_db, struct prog_voice *v)
{
	static const enum osc_wave waves[] = {OSC_SINE, OSC_TRIANGLE, OSC_SAW};
	v->wave = waves[i % 3];
	v->hz = 110.0 * (double)(i + 1);
	while (v->hz > 15000.0)
		v->hz -= 14000.0;
	v->gain_db = gain_db;
	v->pan = (i & 1) ? 0.7 - 0.5 * (double)i / (double)n
			 : -0.7 + 0.5 * (double)i / (double)n;
}

void prog_mix_default_voice(uint32_t i, uint32_t n, struct prog_voice *v)
{
	default_voice(i, n, default_gain_db(n), v);
}

/* The mix program's voices (see prog_mix_init). */
static struct mixer_voice *mix_pool;
static uint32_t mix_pool_voices;

int prog_mix_init(struct prog_mix *m, const struct prog_voice *v, uint32_t n,
		  double seconds)
{
	const struct env_params env = {
		.attack = KOI_RATE / 100u, /* 10 ms */
		.decay = 0,
		.sustain = 1.0f,
		.release = KOI_RATE * PROG_MIX_RELEASE_MS / 1000u,
	};
	return prog_mix_init_env(m, v, n, seconds, &env);
}

int prog_mix_init_env(struct prog_mix *m, const struct prog_voice *v, uint32_t n,
		      double seconds, const struct env_params *envp)
{
	const struct env_params env = *envp;
	if (n == 0 || n > MIXER_MAX_VOICES || !(seconds > 0.06 && seconds <= 3600.0) ||
	    seconds_to_frames(seconds) <= env.release)
		return -EINVAL;
	if (n > mix_pool_voices) {
		struct mixer_voice *p = realloc(mix_pool, n * sizeof *p);
		if (!p)
			return -ENOMEM;
		mix_pool = p;
		mix_pool_voices = n;
	}
	memset(m, 0, sizeof *m);
	m->src.render = mix_render;
	m->src.name = "mix";
	mixer_init(&m->mix, mix_pool, n);
	const double gain_db = v ? 0.0 : default_gain_db(n);
	for (uint32_t i = 0; i < n; i++) {
		struct prog_voice dv;
		if (!v)
			default_voice(i, n, gain_db, &dv);
		const struct prog_voice *vi = v ? &v[i] : &dv;
		if (!(vi->gain_db <= 0.0 && vi->gain_db >= -120.0))
			return -EINVAL;
		struct mixer_voice_params p = {
			.wave = vi->wave,
			.hz = vi->hz,
			.gain = koi_db_to_gain(vi->gain_db),
			.pan = vi->pan,
			.env = env,
			.seed = 0x51ed27u + i,
		};
		if (!(p.hz > 0.0 && p.hz < KOI_RATE / 2.0))
			return -EINVAL;
		int r = mixer_voice_start(&m->mix, &p);
		if (r < 0)
			return r;
	}
	m->release_at = seconds_to_frames(seconds) - env.release;
	return 0;
}

/* ---- demo ---- */

#define TOUR_MS 2900u

int prog_demo_init(struct prog_demo *d)
{
	/* The tour: one note per generator, alternately left and right. */
	static const struct seq_note tour[] = {
		{0, 400, 72, 110, OSC_SINE, -60},
		{450, 400, 76, 110, OSC_SQUARE, 60},
		{900, 400, 79, 110, OSC_SAW, -30},
		{1350, 400, 84, 110, OSC_TRIANGLE, 30},
		{1800, 350, 60, 90, OSC_NOISE, -50},
		{2250, 350, 60, 127, OSC_PINK, 50},
	};
	const uint32_t nt = sizeof tour / sizeof tour[0];
	_Static_assert(sizeof tour / sizeof tour[0] + 64 <= PROG_DEMO_MAX,
		       "demo table too small");
	if (nt + seq_demo_tune_len > PROG_DEMO_MAX)
		return -ENOMEM;
	memcpy(d->notes, tour, sizeof tour);
	for (uint32_t i = 0; i < seq_demo_tune_len; i++) {
		d->notes[nt + i] = seq_demo_tune[i];
		d->notes[nt + i].start_ms += TOUR_MS;
	}
	int r = seq_init(&d->seq, d->notes, nt + seq_demo_tune_len, 0.5, false);
	d->seq.src.name = "demo";
	return r;
}

/* ---- piano ---- */

int prog_piano_init(struct prog_piano *p, const char *keys)
{
	memset(p->notes, 0, sizeof p->notes);
	p->base = 60;
	uint32_t n = 0;
	if (keys) {
		uint32_t t = 0;
		for (const char *k = keys; *k; k++) {
			if (*k == 'z' || *k == 'x') {
				int b = p->base + (*k == 'z' ? -12 : 12);
				if (b >= 0 && b <= 108)
					p->base = b;
				continue;
			}
			int note = seq_key_note(*k, p->base);
			if (note >= 0) {
				if (n == PROG_PIANO_KEYS)
					return -E2BIG;
				p->notes[n++] = (struct seq_note){
					t, PROG_PIANO_NOTE_MS, (uint8_t)note, 100,
					OSC_TRIANGLE, (int8_t)(note & 1 ? 30 : -30)};
			}
			if (note >= 0 || *k == ' ')
				t += PROG_PIANO_STEP_MS;
		}
	}
	int r = seq_init(&p->seq, p->notes, n, 0.6, keys == NULL);
	p->seq.src.name = "piano";
	p->base = 60;
	return r;
}

int prog_piano_key(struct prog_piano *p, int ch)
{
	if (ch == 'q' || ch == 27 || ch == 4) {
		seq_finish(&p->seq);
		return 1;
	}
	if (ch == 'z' || ch == 'x') {
		int b = p->base + (ch == 'z' ? -12 : 12);
		if (b >= 0 && b <= 108)
			p->base = b;
		return 0;
	}
	int note = seq_key_note(ch, p->base);
	if (note >= 0)
		(void)seq_play_now(&p->seq, note, 100, PROG_PIANO_NOTE_MS,
				   OSC_TRIANGLE, note & 1 ? 30 : -30);
	return 0;
}

/* ---- pcm ---- */

int prog_pcm_init(struct prog_pcm *p, enum conv_format fmt, uint32_t rate,
		  uint32_t channels, uint32_t repeat)
{
	const struct koi_asset *a = asset_find(fmt, rate, channels);
	if (!a || repeat == 0 || repeat > 100000)
		return -EINVAL;
	return convert_init(&p->conv, a->data, a->frames, fmt, channels, rate,
			    repeat, 0.5);
}
