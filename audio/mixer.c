/* Voice mixer.  Arithmetic rules: see dspmath.h. */
#include "audio/mixer.h"

#include <errno.h>
#include <string.h>

#include "audio/dspmath.h"

_Static_assert((int64_t)MIXER_MAX_VOICES * 32768 < INT32_MAX,
	       "the exact sum must fit in int32 with every voice at full scale");

void mixer_init(struct mixer *m, struct mixer_voice *voices, uint32_t capacity,
		uint32_t rate)
{
	memset(m, 0, sizeof *m);
	m->v = voices;
	m->cap = capacity < 1u ? 1u : capacity > MIXER_MAX_VOICES ? MIXER_MAX_VOICES : capacity;
	m->rate = rate;
	m->volume = m->master = m->master_target = 1.0f;
}

/* The envelope's position, which the fast path leaves to `left` (the run
 * ends on the frame before the stage's last, len - 1): brought up to date
 * before anything reads it. */
static void sync_env(struct mixer_voice *v)
{
	if (v->fn && v->env.stage != ENV_SUSTAIN)
		v->env.pos = v->env.len - 1u - v->left;
}

/*
 * The fast path's plan: when the voice's next frames are one envelope run
 * of a steady oscillator (sustain, or a ramp before its last frame), the
 * function and arguments that render it, and how many frames it lasts.
 * Made whenever anything about the voice changes (start, release, glide,
 * gain, a run ending); a block inside the run is then one call.  It
 * renders exactly what voice_render() would: the same run, the same
 * arithmetic.  An inactive voice has no plan (fn NULL).
 */
static void plan(struct mixer_voice *v)
{
	v->fn = NULL;
	if (!v->active || !osc_can_mix(&v->osc))
		return;
	struct env_run r = env_next_run(&v->env, UINT32_MAX);
	if (v->env.stage != ENV_SUSTAIN && r.slope == 0.0f && r.n == 1)
		return; /* a stage's last frame: a run of its own */
	v->left = r.n;
	v->fn = osc_mix_prepare(&v->osc, &r, v->gl, v->gr, &v->args);
}

int mixer_voice_start(struct mixer *m, const struct mixer_voice_params *p)
{
	if ((unsigned)p->wave >= OSC_WAVE_COUNT || !(p->hz >= 0.0) ||
	    !(p->gain >= 0.0 && p->gain <= 1.0) ||
	    !(p->pan >= -1.0 && p->pan <= 1.0))
		return -EINVAL;
	/* The lowest free slot, so that top stays at the peak polyphony: a
	 * slot below top if one is free, else the next unused one, else the
	 * oldest voice is taken over. */
	int slot = -1;
	if (m->nactive == m->top && m->top < m->cap) {
		slot = (int)m->top;
	} else {
		uint32_t oldest = 0;
		for (uint32_t i = 0; i < m->top; i++) {
			if (!m->v[i].active) {
				slot = (int)i;
				break;
			}
			if (slot < 0 || m->started - m->v[i].age > oldest) {
				oldest = m->started - m->v[i].age;
				slot = (int)i;
			}
		}
	}
	struct mixer_voice *v = &m->v[slot];
	if ((uint32_t)slot == m->top) {
		m->top++;
		v->active = false;
	}
	if (!v->active)
		m->nactive++;
	v->active = true;
	v->age = m->started++;
	osc_init(&v->osc, p->wave, p->hz, m->rate, 1.0, p->seed);
	env_start(&v->env, &p->env);
	/* Constant-power pan: cos/sin of (pan+1)*pi/4. */
	double th = (p->pan + 1.0) * (KOI_PI / 4.0);
	v->gl = (float)(p->gain * koi_cos(th));
	v->gr = (float)(p->gain * koi_sin(th));
	plan(v);
	return slot;
}

static struct mixer_voice *voice(struct mixer *m, int i)
{
	if (i < 0 || (unsigned)i >= m->top || !m->v[i].active)
		return NULL;
	return &m->v[i];
}

int mixer_voice_release(struct mixer *m, int i)
{
	struct mixer_voice *v = voice(m, i);
	if (!v)
		return -EINVAL;
	sync_env(v);
	env_release(&v->env);
	plan(v);
	return 0;
}

int mixer_voice_set_freq(struct mixer *m, int i, double hz)
{
	struct mixer_voice *v = voice(m, i);
	if (!v || !(hz >= 0.0))
		return -EINVAL;
	sync_env(v);
	osc_set_freq(&v->osc, hz);
	plan(v);
	return 0;
}

int mixer_voice_set_gain(struct mixer *m, int i, double gain)
{
	struct mixer_voice *v = voice(m, i);
	if (!v || !(gain >= 0.0 && gain <= 1.0))
		return -EINVAL;
	sync_env(v);
	osc_set_gain(&v->osc, gain);
	plan(v);
	return 0;
}

uint32_t mixer_active_voices(const struct mixer *m)
{
	return m->nactive;
}

static void master_retarget(struct mixer *m, float target)
{
	m->master_target = target;
	m->master_step = (target - m->master) / (float)OSC_RAMP_FRAMES;
	m->master_ramp = OSC_RAMP_FRAMES;
}

void mixer_set_master(struct mixer *m, double gain)
{
	if (!(gain >= 0.0))
		gain = 0.0;
	if (gain > 8.0)
		gain = 8.0;
	m->volume = (float)gain;
	if (!m->mute)
		master_retarget(m, m->volume);
}

void mixer_set_mute(struct mixer *m, bool mute)
{
	m->mute = mute;
	master_retarget(m, mute ? 0.0f : m->volume);
}

/* The slow path of one envelope run: the oscillator into the scratch
 * buffer (its own gain included), then the level and pan, each sample
 * rounded and biased as osc_mix() does. */
static void mix_scratch(struct mixer *m, struct mixer_voice *v, uint32_t *acc,
			const struct env_run *r)
{
	float *s = m->scratch;
	const float gl = v->gl, gr = v->gr;
	const uint32_t n = r->n;
	osc_render(&v->osc, s, n);
	if (r->slope == 0.0f) {
		const float kl = r->base * gl, kr = r->base * gr;
		for (uint32_t i = 0; i < n; i++) {
			acc[2 * i] += MIX_BIAS + (uint32_t)koi_lrintf(s[i] * kl);
			acc[2 * i + 1] += MIX_BIAS + (uint32_t)koi_lrintf(s[i] * kr);
		}
	} else {
		for (uint32_t i = 0; i < n; i++) {
			float y = s[i] * (r->base + (float)(r->q + i) * r->slope);
			acc[2 * i] += MIX_BIAS + (uint32_t)koi_lrintf(y * gl);
			acc[2 * i + 1] += MIX_BIAS + (uint32_t)koi_lrintf(y * gr);
		}
	}
}

/* Adds one voice's block (n <= MIXER_BLOCK) into the accumulator; frees the
 * voice when its envelope has ended.  Returns the frames before that end
 * (n while it sounds on).  Every frame of the block gets one MIX_BIAS per
 * channel from this voice, sounding or not. */
static uint32_t voice_render(struct mixer *m, struct mixer_voice *v, uint32_t n)
{
	uint32_t done = 0;
	sync_env(v);
	while (done < n) {
		struct env_run r = env_next_run(&v->env, n - done);
		if (!r.n)
			break;
		uint32_t *acc = m->acc + 2 * done;
		if (osc_can_mix(&v->osc)) {
			osc_mix(&v->osc, acc, &r, v->gl, v->gr);
		} else {
			/* Up to the end of a ramp, so that the fast path takes over
			 * on the same frame however the renders are split. */
			uint32_t ramp = osc_ramp_frames(&v->osc);
			if (ramp && ramp < r.n)
				r.n = ramp;
			mix_scratch(m, v, acc, &r);
		}
		env_advance(&v->env, r.n);
		done += r.n;
	}
	/* Freed exactly when the envelope ends: slot choice then does not
	 * depend on how the caller chunks its renders. */
	if (!env_active(&v->env)) {
		v->active = false;
		m->nactive--;
		for (uint32_t j = 2 * done; j < 2 * n; j++)
			m->acc[j] += MIX_BIAS;
	}
	plan(v);
	return done;
}

/* The master stage: acc minus the voices' biases is the exact sum. */
static void master(struct mixer *m, int16_t *lr, uint32_t b, uint32_t bias)
{
	const uint32_t *acc = m->acc;
	uint32_t i = 0;
	for (; i < b && m->master_ramp; i++, m->master_ramp--) {
		m->master += m->master_step;
		if (m->master_ramp == 1)
			m->master = m->master_target;
		lr[2 * i] = koi_f2s16((float)(int32_t)(acc[2 * i] - bias) * m->master);
		lr[2 * i + 1] = koi_f2s16((float)(int32_t)(acc[2 * i + 1] - bias) * m->master);
	}
	const float g = m->master;
	if (g == 1.0f) {
#if KOI_NEON
		const uint32x4_t bv = vdupq_n_u32(bias);
		for (; i + 4 <= b; i += 4) {
			int32x4_t x0 = vreinterpretq_s32_u32(vsubq_u32(vld1q_u32(acc + 2 * i), bv));
			int32x4_t x1 = vreinterpretq_s32_u32(vsubq_u32(vld1q_u32(acc + 2 * i + 4), bv));
			vst1q_s16(lr + 2 * i, vcombine_s16(vqmovn_s32(x0), vqmovn_s32(x1)));
		}
#endif
		for (; i < b; i++) {
			lr[2 * i] = koi_sat16((int32_t)(acc[2 * i] - bias));
			lr[2 * i + 1] = koi_sat16((int32_t)(acc[2 * i + 1] - bias));
		}
	} else {
		/* (float) of a sum beyond 2^24 rounds, to nearest even on both
		 * machines. */
		for (; i < b; i++) {
			lr[2 * i] = koi_f2s16((float)(int32_t)(acc[2 * i] - bias) * g);
			lr[2 * i + 1] = koi_f2s16((float)(int32_t)(acc[2 * i + 1] - bias) * g);
		}
	}
}

uint32_t mixer_render(struct mixer *m, int16_t *lr, uint32_t n)
{
	uint32_t pos = 0, last = 0;
	while (n) {
		uint32_t b = n < MIXER_BLOCK ? n : MIXER_BLOCK;
		memset(m->acc, 0, 2 * b * sizeof m->acc[0]);
		/* Every voice active now renders the block (and biases it). */
		const uint32_t voices = m->nactive;
		for (struct mixer_voice *v = m->v, *end = m->v + m->top; v != end; v++) {
			if (v->fn && v->left >= b) {
				/* The common case (only an active voice has a
				 * plan): the whole block inside the planned run,
				 * one call.  The envelope's position follows from
				 * left (sync_env). */
				v->left -= b;
				v->fn(&v->osc, m->acc, b, &v->args);
				continue;
			}
			if (!v->active)
				continue;
			uint32_t s = voice_render(m, v, b);
			if (pos + s > last)
				last = pos + s;
		}
		if (m->nactive)
			last = pos + b; /* a voice still active sounded to the end */
		master(m, lr, b, voices * MIX_BIAS);
		lr += 2 * b;
		n -= b;
		pos += b;
	}
	return last;
}
