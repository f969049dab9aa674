/* Oscillators and envelopes.  Arithmetic rules: see dspmath.h. */
#include "audio/osc.h"

#include <stddef.h>
#include <string.h>

#include "audio/dspmath.h"

static const char *const wave_names[OSC_WAVE_COUNT] = {
	[OSC_SINE] = "sine",     [OSC_SQUARE] = "square",
	[OSC_SAW] = "saw",       [OSC_TRIANGLE] = "triangle",
	[OSC_NOISE] = "noise",   [OSC_PINK] = "pink",
};

const char *osc_wave_name(enum osc_wave w)
{
	return (unsigned)w < OSC_WAVE_COUNT ? wave_names[w] : "?";
}

int osc_wave_from_name(const char *name)
{
	for (int i = 0; i < OSC_WAVE_COUNT; i++)
		if (strcmp(name, wave_names[i]) == 0)
			return i;
	return -1;
}

static uint32_t xorshift32(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

void osc_init(struct osc *o, enum osc_wave wave, double hz, double gain,
	      uint32_t seed)
{
	memset(o, 0, sizeof *o);
	o->wave = wave;
	o->inc = o->inc_target = koi_hz_to_inc(hz);
	o->gain = o->gain_target = (float)(gain * 32767.0);
	o->rng = seed ? seed : 0x2545f491u;
	if (wave == OSC_PINK) {
		for (uint32_t i = 0; i < OSC_PINK_ROWS; i++) {
			o->pink_row[i] = (int32_t)(xorshift32(&o->rng) >> 20) - 2048;
			o->pink_sum += o->pink_row[i];
		}
	}
}

/* Glides step the increment every GLIDE_CHUNK frames: fine enough to be
 * inaudible, coarse enough that the inner loops keep a constant inc. */
#define GLIDE_CHUNK 8u

void osc_set_freq(struct osc *o, double hz)
{
	o->inc_target = koi_hz_to_inc(hz);
	uint32_t steps = OSC_RAMP_FRAMES / GLIDE_CHUNK;
	int64_t diff = (int64_t)o->inc_target - (int64_t)o->inc;
	o->inc_step = (int32_t)(diff / (int64_t)steps);
	o->inc_ramp = o->inc_step ? steps : 0;
	if (!o->inc_ramp)
		o->inc = o->inc_target;
}

void osc_set_gain(struct osc *o, double gain)
{
	o->gain_target = (float)(gain * 32767.0);
	o->gain_step = (o->gain_target - o->gain) / (float)OSC_RAMP_FRAMES;
	o->gain_ramp = OSC_RAMP_FRAMES;
}

/* The hot loop of the whole stack: about a dozen instructions per sample. */
static void render_sine(struct osc *o, float *out, uint32_t n, float g)
{
	const struct koi_sine_entry *t = koi_sine_table();
	uint32_t ph = o->phase;
	const uint32_t inc = o->inc;
	for (uint32_t i = 0; i < n; i++) {
		const struct koi_sine_entry *e = &t[ph >> (32 - KOI_SINE_BITS)];
		float fr = (float)(int32_t)(ph & ((1u << (32 - KOI_SINE_BITS)) - 1u)) *
			   0x1p-22f;
		out[i] = g * (e->v + e->d * fr);
		ph += inc;
	}
	o->phase = ph;
}

/* PolyBLEP residual of a unit upward step at phase 0, t and dt in cycles. */
static inline float blep(float t, float dt, float inv_dt)
{
	if (t < dt) {
		float y = 1.0f - t * inv_dt;
		return -0.5f * y * y;
	}
	if (t > 1.0f - dt) {
		float y = 1.0f + (t - 1.0f) * inv_dt;
		return 0.5f * y * y;
	}
	return 0.0f;
}

/* PolyBLAMP residual of a unit (per sample) slope increase at phase 0. */
static inline float blamp(float t, float dt, float inv_dt)
{
	if (t < dt) {
		float y = 1.0f - t * inv_dt;
		return y * y * y * (1.0f / 6.0f);
	}
	if (t > 1.0f - dt) {
		float y = 1.0f + (t - 1.0f) * inv_dt;
		return y * y * y * (1.0f / 6.0f);
	}
	return 0.0f;
}

/* Phase as float cycles: the top 24 bits, exactly representable. */
static inline float cyc(uint32_t ph)
{
	return (float)(int32_t)(ph >> 8) * 0x1p-24f;
}

static void render_blep(struct osc *o, float *out, uint32_t n, float g)
{
	uint32_t ph = o->phase;
	const uint32_t inc = o->inc;
	const float dt = cyc(inc);
	/* inc == 0 (0 Hz): no edges move, so no correction is needed; a dt of
	 * 0 makes both blep windows empty. */
	const float inv_dt = dt > 0.0f ? 1.0f / dt : 0.0f;
	switch (o->wave) {
	case OSC_SAW:
		for (uint32_t i = 0; i < n; i++, ph += inc) {
			float t = cyc(ph);
			out[i] = g * (2.0f * t - 1.0f - 2.0f * blep(t, dt, inv_dt));
		}
		break;
	case OSC_SQUARE:
		for (uint32_t i = 0; i < n; i++, ph += inc) {
			float t = cyc(ph), t2 = cyc(ph + 0x80000000u);
			float v = t < 0.5f ? 1.0f : -1.0f;
			v += 2.0f * (blep(t, dt, inv_dt) - blep(t2, dt, inv_dt));
			out[i] = g * v;
		}
		break;
	default: /* OSC_TRIANGLE */
		for (uint32_t i = 0; i < n; i++, ph += inc) {
			float t = cyc(ph), t2 = cyc(ph + 0x80000000u);
			float v = t < 0.5f ? 4.0f * t - 1.0f : 3.0f - 4.0f * t;
			v += 8.0f * dt * (blamp(t, dt, inv_dt) - blamp(t2, dt, inv_dt));
			out[i] = g * v;
		}
		break;
	}
	o->phase = ph;
}

static void render_noise(struct osc *o, float *out, uint32_t n, float g)
{
	uint32_t s = o->rng;
	if (o->wave == OSC_NOISE) {
		const float k = g * (1.0f / 32768.0f);
		for (uint32_t i = 0; i < n; i++)
			out[i] = k * (float)((int32_t)(xorshift32(&s) >> 16) - 32768);
	} else {
		/* Voss-McCartney: row k is refreshed every 2^(k+1) samples, so the
		 * sum of the rows falls at 3 dB/octave.  17 terms of 12 bits: the
		 * peak is 17 * 2048. */
		const float k = g * (1.0f / 34816.0f);
		uint32_t c = o->pink_count;
		int32_t sum = o->pink_sum;
		for (uint32_t i = 0; i < n; i++) {
			c++;
			if (c != 0) {
				uint32_t r = (uint32_t)__builtin_ctz(c);
				if (r < OSC_PINK_ROWS) {
					int32_t nv = (int32_t)(xorshift32(&s) >> 20) - 2048;
					sum += nv - o->pink_row[r];
					o->pink_row[r] = nv;
				}
			}
			int32_t white = (int32_t)(xorshift32(&s) >> 20) - 2048;
			out[i] = k * (float)(sum + white);
		}
		o->pink_count = c;
		o->pink_sum = sum;
	}
	o->rng = s;
}

static void render_wave(struct osc *o, float *out, uint32_t n, float g)
{
	switch (o->wave) {
	case OSC_SINE:
		render_sine(o, out, n, g);
		break;
	case OSC_NOISE:
	case OSC_PINK:
		render_noise(o, out, n, g);
		break;
	default:
		render_blep(o, out, n, g);
		break;
	}
}

void osc_render(struct osc *o, float *out, uint32_t n)
{
	while (n) {
		uint32_t chunk = n;
		if (o->inc_ramp) {
			/* One glide step per chunk; the last lands exactly. */
			chunk = chunk < GLIDE_CHUNK ? chunk : GLIDE_CHUNK;
			if (--o->inc_ramp == 0)
				o->inc = o->inc_target;
			else
				o->inc = (uint32_t)((int32_t)o->inc + o->inc_step);
		}
		if (o->gain_ramp) {
			if (chunk > o->gain_ramp)
				chunk = o->gain_ramp;
			render_wave(o, out, chunk, 1.0f);
			float g = o->gain;
			for (uint32_t i = 0; i < chunk; i++) {
				g += o->gain_step;
				out[i] *= g;
			}
			o->gain_ramp -= chunk;
			o->gain = o->gain_ramp ? g : o->gain_target;
		} else {
			render_wave(o, out, chunk, o->gain);
		}
		out += chunk;
		n -= chunk;
	}
}

/* ---- ADSR ---- */

static void ramp_to(struct env *e, enum env_stage s, float target, uint32_t len)
{
	e->stage = s;
	e->pos = 0;
	e->len = len ? len : 1;
	e->base = e->level;
	e->target = target;
	e->slope = (target - e->level) / (float)e->len;
}

void env_start(struct env *e, const struct env_params *p)
{
	e->p = *p;
	if (!(e->p.sustain >= 0.0f))
		e->p.sustain = 0.0f;
	if (e->p.sustain > 1.0f)
		e->p.sustain = 1.0f;
	e->level = 0.0f;
	ramp_to(e, ENV_ATTACK, 1.0f, e->p.attack);
}

void env_release(struct env *e)
{
	if (e->stage != ENV_IDLE && e->stage != ENV_RELEASE)
		ramp_to(e, ENV_RELEASE, 0.0f, e->p.release);
}

bool env_active(const struct env *e)
{
	return e->stage != ENV_IDLE;
}

uint32_t env_apply(struct env *e, float *buf, uint32_t n)
{
	uint32_t i = 0, idle_at = 0;
	while (i < n) {
		if (e->stage == ENV_IDLE) {
			for (; i < n; i++)
				buf[i] = 0.0f;
			break;
		}
		if (e->stage == ENV_SUSTAIN) {
			if (e->level <= 0.0f) {
				/* A zero sustain is the end of a percussive note. */
				e->stage = ENV_IDLE;
				idle_at = i;
				continue;
			}
			for (; i < n; i++)
				buf[i] *= e->level;
			break;
		}
		uint32_t k = e->len - e->pos;
		if (k > n - i)
			k = n - i;
		for (uint32_t j = 0; j < k; j++, i++) {
			e->pos++;
			/* The stage's last frame lands exactly on the target. */
			float lv = e->pos == e->len ? e->target
						    : e->base + (float)e->pos * e->slope;
			buf[i] *= lv;
		}
		if (e->pos < e->len) {
			e->level = e->base + (float)e->pos * e->slope;
			continue;
		}
		e->level = e->target;
		switch (e->stage) {
		case ENV_ATTACK:
			ramp_to(e, ENV_DECAY, e->p.sustain, e->p.decay);
			break;
		case ENV_DECAY:
			e->stage = ENV_SUSTAIN;
			break;
		default: /* release done */
			e->stage = ENV_IDLE;
			idle_at = i;
			break;
		}
	}
	return e->stage == ENV_IDLE ? idle_at : n;
}
