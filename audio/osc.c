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

void osc_init(struct osc *o, enum osc_wave wave, double hz, uint32_t rate,
	      double gain, uint32_t seed)
{
	memset(o, 0, sizeof *o);
	o->wave = wave;
	o->rate = rate;
	o->inc = o->inc_target = koi_hz_to_inc(hz, rate);
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
 * inaudible, coarse enough that the inner loops keep a constant inc.  The
 * steps fall on frames counted from osc_set_freq(), whatever the caller's
 * render sizes. */
#define GLIDE_CHUNK 8u

/* Takes the next glide step; the new inc holds for the next GLIDE_CHUNK
 * frames, and the last step lands exactly on the target. */
static void glide_step(struct osc *o)
{
	if (--o->inc_ramp == 0) {
		o->inc = o->inc_target;
		o->glide_left = 0;
	} else {
		o->inc = (uint32_t)((int32_t)o->inc + o->inc_step);
		o->glide_left = GLIDE_CHUNK;
	}
}

void osc_set_freq(struct osc *o, double hz)
{
	o->inc_target = koi_hz_to_inc(hz, o->rate);
	uint32_t steps = OSC_RAMP_FRAMES / GLIDE_CHUNK;
	int64_t diff = (int64_t)o->inc_target - (int64_t)o->inc;
	o->inc_step = (int32_t)(diff / (int64_t)steps);
	o->inc_ramp = o->inc_step ? steps : 0;
	o->glide_left = 0;
	if (o->inc_ramp)
		glide_step(o); /* the first step applies from the next frame */
	else
		o->inc = o->inc_target;
}

void osc_set_gain(struct osc *o, double gain)
{
	o->gain_target = (float)(gain * 32767.0);
	o->gain_step = (o->gain_target - o->gain) / (float)OSC_RAMP_FRAMES;
	o->gain_ramp = OSC_RAMP_FRAMES;
}

uint32_t osc_ramp_frames(const struct osc *o)
{
	uint32_t g = o->inc_ramp ? o->glide_left + (o->inc_ramp - 1u) * GLIDE_CHUNK : 0;
	return g > o->gain_ramp ? g : o->gain_ramp;
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

/*
 * x / 2^F for x < 2^24, which is exact.  On ARM one fixed-point vcvt
 * (VFPv3) does both the conversion and the scaling; GCC does not always
 * find it by itself.
 */
#if defined(__arm__) && !defined(KOI_HOST)
#define DEF_FIX(F)                                                           \
	static inline float fix##F(uint32_t x)                               \
	{                                                                    \
		float f;                                                     \
		__builtin_memcpy(&f, &x, sizeof f);                          \
		__asm__("vcvt.f32.s32 %0, %0, #" #F : "+t"(f));              \
		return f;                                                    \
	}
#else
#define DEF_FIX(F)                                                           \
	static inline float fix##F(uint32_t x)                               \
	{                                                                    \
		return (float)(int32_t)x * (1.0f / (float)(1u << F));        \
	}
#endif
DEF_FIX(22)
DEF_FIX(23)
DEF_FIX(24)

/* Phase as float cycles: the top 24 bits, exactly representable. */
static inline float cyc(uint32_t ph)
{
	return fix24(ph >> 8);
}

/*
 * Per-oscillator constants of the band-limited waves.  A PolyBLEP/BLAMP
 * window is t < dt or t > 1 - dt around an edge; since t = (ph >> 8) / 2^24
 * and dt = (inc >> 8) / 2^24 exactly, every frame inside the window has
 * (ph + inc) mod 2^32 < 2 * inc (and, for the two edges of square and
 * triangle at t = 0 and 1/2, (2 ph + 2 inc) mod 2^32 < 4 inc).  That one
 * integer compare keeps the float tests out of the common case; frames it
 * lets through are tested exactly by blep()/blamp(), so the samples are
 * the same as with the float tests alone.
 */
struct blw {
	float dt, inv_dt, k8; /* k8 = 8 * dt, the triangle's corner scale */
	uint32_t inc, lim1, lim2;
};

static inline struct blw blw_of(uint32_t inc)
{
	struct blw b;
	b.dt = cyc(inc);
	/* inc == 0 (0 Hz): no edges move, so no correction is needed; a dt
	 * of 0 makes both blep windows empty. */
	b.inv_dt = b.dt > 0.0f ? 1.0f / b.dt : 0.0f;
	b.k8 = 8.0f * b.dt;
	b.inc = inc;
	b.lim1 = 2u * inc; /* inc < 2^31: koi_hz_to_inc stays below Nyquist */
	/* Above 11025 Hz 4 inc overflows: then every frame takes the exact
	 * test. */
	b.lim2 = inc < 0x40000000u ? 4u * inc : UINT32_MAX;
	return b;
}

/* The unit (peak 1) band-limited waves at phase ph.  2t and 4t are taken
 * straight from the phase (exact, as 2.0f * t and 4.0f * t are). */
static inline float unit_saw(uint32_t ph, const struct blw *b)
{
	float u = fix23(ph >> 8) - 1.0f;
	if (ph + b->inc < b->lim1)
		u -= 2.0f * blep(cyc(ph), b->dt, b->inv_dt);
	return u;
}

static const float square_level[2] = {1.0f, -1.0f};

static inline float unit_square(uint32_t ph, const struct blw *b)
{
	float v = square_level[ph >> 31];  /* t < 0.5: +1 */
	if (2u * ph + 2u * b->inc < b->lim2) {
		float t = cyc(ph), t2 = cyc(ph + 0x80000000u);
		v += 2.0f * (blep(t, b->dt, b->inv_dt) - blep(t2, b->dt, b->inv_dt));
	}
	return v;
}

static inline float unit_triangle(uint32_t ph, const struct blw *b)
{
	float t4 = fix22(ph >> 8);
	float v = ph < 0x80000000u ? t4 - 1.0f : 3.0f - t4;
	if (2u * ph + 2u * b->inc < b->lim2) {
		float t = cyc(ph), t2 = cyc(ph + 0x80000000u);
		v += b->k8 * (blamp(t, b->dt, b->inv_dt) - blamp(t2, b->dt, b->inv_dt));
	}
	return v;
}

static void render_blep(struct osc *o, float *out, uint32_t n, float g)
{
	uint32_t ph = o->phase;
	const uint32_t inc = o->inc;
	const struct blw b = blw_of(inc);
	switch (o->wave) {
	case OSC_SAW:
		for (uint32_t i = 0; i < n; i++, ph += inc)
			out[i] = g * unit_saw(ph, &b);
		break;
	case OSC_SQUARE:
		for (uint32_t i = 0; i < n; i++, ph += inc)
			out[i] = g * unit_square(ph, &b);
		break;
	default: /* OSC_TRIANGLE */
		for (uint32_t i = 0; i < n; i++, ph += inc)
			out[i] = g * unit_triangle(ph, &b);
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
		if (o->inc_ramp && chunk > o->glide_left)
			chunk = o->glide_left;
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
		if (o->inc_ramp) {
			o->glide_left -= chunk;
			if (o->glide_left == 0)
				glide_step(o);
		}
		out += chunk;
		n -= chunk;
	}
}

/* ---- the mixer's fast path ---- */

bool osc_can_mix(const struct osc *o)
{
	return o->wave <= OSC_TRIANGLE && !o->inc_ramp && !o->gain_ramp;
}

_Static_assert(KOI_SINE_BITS == 10, "unit_sine takes 22 fraction bits");
static inline float unit_sine(uint32_t ph, const struct koi_sine_entry *t)
{
	const struct koi_sine_entry *e = &t[ph >> (32 - KOI_SINE_BITS)];
	float fr = fix22(ph & ((1u << (32 - KOI_SINE_BITS)) - 1u));
	return e->v + e->d * fr;
}

/*
 * a[0] += round(l), a[1] += round(r); returns a + 2.  On ARM the two
 * rounded values land in one NEON register and the pair is added with one
 * integer vadd (NEON integer arithmetic is exact, so host and firmware
 * still agree to the bit); this saves the two VFP-to-core moves and the
 * separate loads, adds and stores.
 */
static inline int32_t *acc_add(int32_t *a, float l, float r)
{
#if defined(__arm__) && !defined(KOI_HOST)
	int32_t *p = a;
	__asm__("vcvtr.s32.f32 s14, %[l]\n\t"
		"vcvtr.s32.f32 s15, %[r]\n\t"
		"vld1.32 {d6}, [%[p]]\n\t"
		"vadd.i32 d6, d6, d7\n\t"
		"vst1.32 {d6}, [%[p]]!"
		: [p] "+r"(p), "+m"(*(int32_t(*)[2])a)
		: [l] "t"(l), [r] "t"(r)
		: "d6", "d7");
	return p;
#else
	a[0] += koi_lrintf(l);
	a[1] += koi_lrintf(r);
	return a + 2;
#endif
}

/*
 * One loop per wave and per kind of level (constant or ramp), each with
 * the wave inlined: the only per-frame branch left is the rarely taken
 * BLEP window.  GCC specialises mix_loop() for each constant w.
 */
static inline __attribute__((always_inline)) float
mix_loop(struct osc *o, int32_t *acc, uint32_t n, float lv, float step,
	 float gl, float gr, enum osc_wave w)
{
	const struct koi_sine_entry *tab = koi_sine_table();
	const struct blw b = blw_of(o->inc);
	const uint32_t inc = o->inc;
	uint32_t ph = o->phase;
#define UNIT(ph) (w == OSC_SINE ? unit_sine(ph, tab) : w == OSC_SAW ? unit_saw(ph, &b) \
		  : w == OSC_SQUARE ? unit_square(ph, &b) : unit_triangle(ph, &b))
	int32_t *const end = acc + 2 * n;
	if (step == 0.0f) {
		const float kl = lv * gl, kr = lv * gr;
		for (int32_t *a = acc; a != end; ph += inc) {
			float u = UNIT(ph);
			a = acc_add(a, u * kl, u * kr);
		}
	} else {
		for (int32_t *a = acc; a != end; ph += inc) {
			float y = UNIT(ph) * lv;
			a = acc_add(a, y * gl, y * gr);
			lv += step;
		}
	}
#undef UNIT
	o->phase = ph;
	return lv;
}

float osc_mix(struct osc *o, int32_t *acc, uint32_t n, float lv, float step,
	      float gl, float gr)
{
	gl *= o->gain;
	gr *= o->gain;
	switch (o->wave) {
	case OSC_SINE:
		return mix_loop(o, acc, n, lv, step, gl, gr, OSC_SINE);
	case OSC_SAW:
		return mix_loop(o, acc, n, lv, step, gl, gr, OSC_SAW);
	case OSC_SQUARE:
		return mix_loop(o, acc, n, lv, step, gl, gr, OSC_SQUARE);
	default: /* OSC_TRIANGLE: osc_can_mix() */
		return mix_loop(o, acc, n, lv, step, gl, gr, OSC_TRIANGLE);
	}
}

/* ---- ADSR ---- */

/* The exact level of frame q (1-based) of the current ramp. */
static float ramp_level(const struct env *e, uint32_t q)
{
	return q == e->len ? e->target : e->base + (float)q * e->slope;
}

/* Starts a ramp from the level the next frame would have had. */
static void ramp_to(struct env *e, enum env_stage s, float target, uint32_t len)
{
	e->stage = s;
	e->pos = 0;
	e->len = len ? len : 1;
	e->base = e->lv;
	e->target = target;
	e->slope = (target - e->base) / (float)e->len;
	e->lv = ramp_level(e, 1);
}

void env_start(struct env *e, const struct env_params *p)
{
	e->p = *p;
	if (!(e->p.sustain >= 0.0f))
		e->p.sustain = 0.0f;
	if (e->p.sustain > 1.0f)
		e->p.sustain = 1.0f;
	e->lv = 0.0f;
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

struct env_run env_next_run(const struct env *e, uint32_t n)
{
	struct env_run r = {0, e->lv, 0.0f};
	if (e->stage == ENV_IDLE)
		return r;
	if (e->stage == ENV_SUSTAIN) {
		r.n = n;
		return r;
	}
	uint32_t q = e->pos + 1; /* the next frame, 1-based in the stage */
	if (q == e->len) {
		r.n = n ? 1 : 0; /* the last frame: exactly the target */
		return r;
	}
	/* Up to the frame before the stage's last one or the next anchor. */
	uint32_t k = e->len - q, to_anchor = ENV_ANCHOR - q % ENV_ANCHOR;
	if (k > to_anchor)
		k = to_anchor;
	r.n = k < n ? k : n;
	r.step = e->slope;
	return r;
}

void env_advance(struct env *e, uint32_t k, float lv_after)
{
	if (e->stage == ENV_IDLE || e->stage == ENV_SUSTAIN)
		return;
	e->pos += k;
	if (e->pos < e->len) {
		uint32_t q = e->pos + 1;
		e->lv = q == e->len || q % ENV_ANCHOR == 0 ? ramp_level(e, q) : lv_after;
		return;
	}
	e->lv = e->target;
	switch (e->stage) {
	case ENV_ATTACK:
		ramp_to(e, ENV_DECAY, e->p.sustain, e->p.decay);
		break;
	case ENV_DECAY:
		/* A zero sustain is the end of a percussive note. */
		e->stage = e->lv > 0.0f ? ENV_SUSTAIN : ENV_IDLE;
		break;
	default: /* release done */
		e->stage = ENV_IDLE;
		break;
	}
}

uint32_t env_apply(struct env *e, float *buf, uint32_t n)
{
	uint32_t i = 0;
	while (i < n) {
		struct env_run r = env_next_run(e, n - i);
		if (!r.n)
			break;
		float lv = r.lv;
		if (r.step == 0.0f) {
			for (uint32_t j = 0; j < r.n; j++)
				buf[i + j] *= lv;
		} else {
			for (uint32_t j = 0; j < r.n; j++) {
				buf[i + j] *= lv;
				lv += r.step;
			}
		}
		env_advance(e, r.n, lv);
		i += r.n;
	}
	const uint32_t sounding = i; /* n unless the envelope ended */
	for (; i < n; i++)
		buf[i] = 0.0f;
	return sounding;
}
