/* Voice mixer.  Arithmetic rules: see dspmath.h. */
#include "audio/mixer.h"

#include <errno.h>
#include <string.h>

#include "audio/dspmath.h"

_Static_assert((int64_t)MIXER_VOICES * 32768 * 2 < INT32_MAX,
	       "int32 accumulator must not overflow with every voice at full scale");

void mixer_init(struct mixer *m, uint32_t rate)
{
	memset(m, 0, sizeof *m);
	m->rate = rate;
	m->volume = m->master = m->master_target = 1.0f;
}

int mixer_voice_start(struct mixer *m, const struct mixer_voice_params *p)
{
	if ((unsigned)p->wave >= OSC_WAVE_COUNT || !(p->hz >= 0.0) ||
	    !(p->gain >= 0.0 && p->gain <= 1.0) ||
	    !(p->pan >= -1.0 && p->pan <= 1.0))
		return -EINVAL;
	int slot = -1;
	uint32_t oldest = 0;
	for (uint32_t i = 0; i < MIXER_VOICES; i++) {
		if (!m->v[i].active) {
			slot = (int)i;
			break;
		}
		if (slot < 0 || m->started - m->v[i].age > oldest) {
			oldest = m->started - m->v[i].age;
			slot = (int)i;
		}
	}
	struct mixer_voice *v = &m->v[slot];
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
	return slot;
}

static struct mixer_voice *voice(struct mixer *m, int i)
{
	if (i < 0 || (unsigned)i >= MIXER_VOICES || !m->v[i].active)
		return NULL;
	return &m->v[i];
}

int mixer_voice_release(struct mixer *m, int i)
{
	struct mixer_voice *v = voice(m, i);
	if (!v)
		return -EINVAL;
	env_release(&v->env);
	return 0;
}

int mixer_voice_set_freq(struct mixer *m, int i, double hz)
{
	struct mixer_voice *v = voice(m, i);
	if (!v || !(hz >= 0.0))
		return -EINVAL;
	osc_set_freq(&v->osc, hz);
	return 0;
}

int mixer_voice_set_gain(struct mixer *m, int i, double gain)
{
	struct mixer_voice *v = voice(m, i);
	if (!v || !(gain >= 0.0 && gain <= 1.0))
		return -EINVAL;
	osc_set_gain(&v->osc, gain);
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
 * buffer (its own gain included), then the level and pan.  Returns the
 * level after the run, as osc_mix() does. */
static float mix_scratch(struct mixer *m, struct mixer_voice *v, int32_t *acc,
			 uint32_t n, float lv, float step)
{
	float *s = m->scratch;
	const float gl = v->gl, gr = v->gr;
	osc_render(&v->osc, s, n);
	if (step == 0.0f) {
		const float kl = lv * gl, kr = lv * gr;
		for (uint32_t i = 0; i < n; i++) {
			acc[2 * i] += koi_lrintf(s[i] * kl);
			acc[2 * i + 1] += koi_lrintf(s[i] * kr);
		}
	} else {
		for (uint32_t i = 0; i < n; i++) {
			float y = s[i] * lv;
			acc[2 * i] += koi_lrintf(y * gl);
			acc[2 * i + 1] += koi_lrintf(y * gr);
			lv += step;
		}
	}
	return lv;
}

/* Adds one voice's block (n <= MIXER_BLOCK) into the accumulator; frees the
 * voice when its envelope has ended.  Returns the frames before that end
 * (n while it sounds on). */
static uint32_t voice_render(struct mixer *m, struct mixer_voice *v, uint32_t n)
{
	uint32_t done = 0;
	while (done < n) {
		struct env_run r = env_next_run(&v->env, n - done);
		if (!r.n)
			break;
		uint32_t k = r.n;
		int32_t *acc = m->acc + 2 * done;
		float lv;
		if (osc_can_mix(&v->osc)) {
			lv = osc_mix(&v->osc, acc, k, r.lv, r.step, v->gl, v->gr);
		} else {
			/* Up to the end of a ramp, so that the fast path takes over
			 * on the same frame however the renders are split. */
			uint32_t ramp = osc_ramp_frames(&v->osc);
			if (ramp && ramp < k)
				k = ramp;
			lv = mix_scratch(m, v, acc, k, r.lv, r.step);
		}
		env_advance(&v->env, k, lv);
		done += k;
	}
	/* Freed exactly when the envelope ends: slot choice then does not
	 * depend on how the caller chunks its renders. */
	if (!env_active(&v->env)) {
		v->active = false;
		m->nactive--;
	}
	return done;
}

uint32_t mixer_render(struct mixer *m, int16_t *lr, uint32_t n)
{
	uint32_t pos = 0, last = 0;
	while (n) {
		uint32_t b = n < MIXER_BLOCK ? n : MIXER_BLOCK;
		memset(m->acc, 0, 2 * b * sizeof m->acc[0]);
		for (uint32_t i = 0; i < MIXER_VOICES; i++)
			if (m->v[i].active) {
				uint32_t s = voice_render(m, &m->v[i], b);
				if (pos + s > last)
					last = pos + s;
			}
		/* Master stage.  |acc| < 2^24, so (float)acc is exact. */
		uint32_t i = 0;
		for (; i < b && m->master_ramp; i++, m->master_ramp--) {
			m->master += m->master_step;
			if (m->master_ramp == 1)
				m->master = m->master_target;
			lr[2 * i] = koi_f2s16((float)m->acc[2 * i] * m->master);
			lr[2 * i + 1] = koi_f2s16((float)m->acc[2 * i + 1] * m->master);
		}
		const float g = m->master;
		if (g == 1.0f) {
			for (; i < b; i++) {
				lr[2 * i] = koi_sat16(m->acc[2 * i]);
				lr[2 * i + 1] = koi_sat16(m->acc[2 * i + 1]);
			}
		} else {
			for (; i < b; i++) {
				lr[2 * i] = koi_f2s16((float)m->acc[2 * i] * g);
				lr[2 * i + 1] = koi_f2s16((float)m->acc[2 * i + 1] * g);
			}
		}
		lr += 2 * b;
		n -= b;
		pos += b;
	}
	return m->nactive ? pos : last;
}
