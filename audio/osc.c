/* Oscillators and envelopes.  Arithmetic rules: see dspmath.h and osc.h. */
#include "audio/osc.h"

#include <stddef.h>
#include <string.h>

#include "audio/dspmath.h"
#include "audio/wavetab.h"

/* The per-wave loops are written once and specialised by inlining with a
 * constant wave; NOINLINE keeps each specialised function's registers to
 * itself. */
#define INLINE static inline __attribute__((always_inline))
#define NOINLINE static __attribute__((noinline))

#define NAME_(NAME, name) [OSC_##NAME] = #name,
static const char *const wave_names[OSC_WAVE_COUNT] = {
	OSC_PERIODIC_WAVES(NAME_) OSC_NOISE_WAVES(NAME_)
};
#undef NAME_

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

/* The phase of the next frame (see struct osc). */
static void set_phase(struct osc *o, uint32_t ph)
{
	for (uint32_t i = 0; i < 4; i++)
		o->ph[i] = ph + i * o->inc;
}

/* The wavetable of wave w, if it has one (wavetab.h). */
static int bl_wave(enum osc_wave w)
{
	switch (w) {
	case OSC_SAW: return KOI_BL_SAW;
	case OSC_SQUARE: return KOI_BL_SQUARE;
	case OSC_TRIANGLE: return KOI_BL_TRIANGLE;
	default: return -1;
	}
}

/* The wavetable level for inc (see wavetab.h): the richest k with
 * 2^k inc <= 2^31 (every harmonic below Nyquist), and over the top quarter
 * of its octave (2^k inc from 0.75 * 2^31 up) a crossfade towards level
 * k - 1, linear in the frequency, reaching it exactly where level k stops
 * being alias-free.  Double arithmetic + - * only: the same on every
 * machine. */
static void set_level(struct osc *o, uint32_t inc)
{
	const int b = bl_wave(o->wave);
	if (b < 0)
		return;
	uint32_t k = 0;
	while (k < koi_bl_top((enum koi_bl_wave)b) && (uint64_t)inc << (k + 1u) <= 0x80000000u)
		k++;
	double w = (double)((uint64_t)inc << k) * 0x1p-29 - 3.0;
	const struct koi_bl_level *l = &koi_bl_tab[b][k];
	o->bl = l->e;
	o->bl_shift = 32u - l->bits;
	o->bl_bits = l->bits;
	o->bl_w = w <= 0.0 ? 0.0f : w >= 1.0 ? 1.0f : (float)w;
	o->bl_kw[0] = 1u << l->bits;
	memcpy(&o->bl_kw[1], &o->bl_w, sizeof o->bl_w);
}

/* The per-oscillator constants that follow from inc (see struct osc). */
static void set_inc(struct osc *o, uint32_t inc)
{
	o->inc = inc;
	set_phase(o, o->ph[0]);
	for (uint32_t i = 0; i < 4; i++)
		o->inc4[i] = 4u * inc;
	set_level(o, inc);
}

void osc_init(struct osc *o, enum osc_wave wave, double hz, uint32_t rate,
	      double gain, uint32_t seed)
{
	memset(o, 0, sizeof *o);
	o->wave = wave;
	o->rate = rate;
	set_inc(o, koi_hz_to_inc(hz, rate));
	o->inc_target = o->inc;
	o->gain = o->gain_target = (float)(gain * 32767.0);
	o->rng = seed ? seed : 0x2545f491u;
	if (wave == OSC_PINK) {
		for (uint32_t i = 0; i < OSC_PINK_ROWS; i++) {
			o->pink_row[i] = (int32_t)(xorshift32(&o->rng) >> 20) - 2048;
			o->pink_sum += o->pink_row[i];
		}
	}
}

/* Glides step the increment every GLIDE_CHUNK frames, counted from
 * osc_set_freq(), whatever the caller's render sizes.  Every frame: a
 * staircase of longer steps would modulate the phase at rate / GLIDE_CHUNK
 * and put sidebands (-72 dBc for a vibrato at 8 kHz with steps of 8
 * frames) where the band-limited waves promise nothing above -80 dBc.
 * Glides take the one-frame path (osc_render), so this costs only while
 * the pitch moves. */
#define GLIDE_CHUNK 1u

/* Takes the next glide step; the new inc holds for the next GLIDE_CHUNK
 * frames, and the last step lands exactly on the target. */
static void glide_step(struct osc *o)
{
	if (--o->inc_ramp == 0) {
		set_inc(o, o->inc_target);
		o->glide_left = 0;
	} else {
		set_inc(o, (uint32_t)((int32_t)o->inc + o->inc_step));
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
		set_inc(o, o->inc_target);
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

/*
 * ---- unit waves (peak 1): the arithmetic every path follows ----
 *
 * These one-frame functions are the definition; the NEON code further down
 * performs the same operations in the same order on four frames at once.
 *
 * Sine: table entry ph >> 22, interpolated by the 22 bits below it.
 *
 * Saw, square and triangle read their band-limited wavetable level
 * (wavetab.h, chosen with inc by set_level): with q the phase (twice the
 * phase for a half-cycle table, whose second half is the first negated),
 * entry i = q >> (32 - bits) and the fraction fr = (q << bits) / 2^32
 * (rounded to a float, as NEON's fixed-point conversion rounds), the
 * level's sample x and the difference D to the level below, each
 * interpolated linearly, give x + w D.  Entries are Q15: * 2^-15 is exact.
 */
/* The unit waves, one frame: peak 1 at phase ph, every one with the same
 * arguments so that the wave lists can name them (o: the table level). */
static inline float unit_sine(uint32_t ph, const struct osc *o)
{
	(void)o;
	const struct koi_sine_entry *e = &koi_sine_tab[ph >> (32 - KOI_SINE_BITS)];
	/* < 2^22, so exact; times 2^-22, exact. */
	float fr = (float)(ph & ((1u << (32 - KOI_SINE_BITS)) - 1u)) * 0x1p-22f;
	return e->v + e->d * fr;
}
_Static_assert(KOI_SINE_BITS == 10, "unit_sine takes 22 fraction bits");

INLINE float unit_bl(uint32_t ph, const struct osc *o, int half)
{
	const uint32_t q = half ? ph << 1 : ph;
	const int16_t *e = o->bl + 2u * (q >> o->bl_shift);
	const float fr = (float)(q << o->bl_bits) * 0x1p-32f;
	const float x = (float)e[0] * 0x1p-15f, dx = (float)(e[2] - e[0]) * 0x1p-15f;
	const float d = (float)e[1] * 0x1p-15f, dd = (float)(e[3] - e[1]) * 0x1p-15f;
	const float u = (x + dx * fr) + (d + dd * fr) * o->bl_w;
	return half && (ph & 0x80000000u) ? -u : u;
}

static inline float unit_saw(uint32_t ph, const struct osc *o)
{
	return unit_bl(ph, o, 0);
}

static inline float unit_square(uint32_t ph, const struct osc *o)
{
	return unit_bl(ph, o, 1);
}

static inline float unit_triangle(uint32_t ph, const struct osc *o)
{
	return unit_bl(ph, o, 1);
}

/* Wave w's sample; w is a constant wherever speed matters, so this folds
 * to the one function. */
INLINE float
unit(enum osc_wave w, uint32_t ph, const struct osc *o)
{
#define UNIT_(NAME, name) if (w == OSC_##NAME) return unit_##name(ph, o);
	OSC_PERIODIC_WAVES(UNIT_)
#undef UNIT_
	return 0.0f; /* a noise: never asked (osc_can_mix) */
}

INLINE void
render_unit(struct osc *o, float *out, uint32_t n, float g, enum osc_wave w)
{
	uint32_t ph = o->ph[0];
	const uint32_t inc = o->inc;
	for (uint32_t i = 0; i < n; i++, ph += inc)
		out[i] = g * unit(w, ph, o);
	set_phase(o, ph);
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
#define RENDER_(NAME, name) case OSC_##NAME: render_unit(o, out, n, g, OSC_##NAME); break;
	OSC_PERIODIC_WAVES(RENDER_)
#undef RENDER_
	default:
		render_noise(o, out, n, g);
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

/* ---- the fast paths, one frame at a time (host; ARM's last frames) ---- */

/* A ramp's next four frame positions (q < 2^24: exact in a float). */
static void set_positions(struct osc_mix_args *a, uint32_t q)
{
	for (uint32_t i = 0; i < 4; i++)
		a->q[i] = (float)(q + i);
}

INLINE uint32_t tone_1(const struct osc *o, uint32_t ph, int16_t *lr, uint32_t n,
		       const int16_t *k, enum osc_wave w)
{
	const float g = o->gain;
	const int32_t kl = k[0], kr = k[1];
	for (uint32_t i = 0; i < n; i++, ph += o->inc) {
		/* Rounding to nearest even is symmetric: -s is the exact negative. */
		int32_t s = koi_f2s16(g * unit(w, ph, o));
		lr[2 * i] = (int16_t)(s * kl);
		lr[2 * i + 1] = (int16_t)(s * kr);
	}
	return ph;
}

INLINE uint32_t level_1(const struct osc *o, uint32_t ph, uint32_t *acc, uint32_t n,
			float kl, float kr, enum osc_wave w)
{
	for (uint32_t j = 0; j < n; j++, ph += o->inc) {
		float u = unit(w, ph, o);
		acc[2 * j] += MIX_BIAS + (uint32_t)koi_lrintf(u * kl);
		acc[2 * j + 1] += MIX_BIAS + (uint32_t)koi_lrintf(u * kr);
	}
	return ph;
}

INLINE uint32_t ramp_1(const struct osc *o, uint32_t ph, uint32_t *acc, uint32_t n,
		       uint32_t q, float base, float slope, float gl, float gr,
		       enum osc_wave w)
{
	for (uint32_t j = 0; j < n; j++, ph += o->inc) {
		float lv = base + (float)(q + j) * slope;
		float y = unit(w, ph, o) * lv;
		acc[2 * j] += MIX_BIAS + (uint32_t)koi_lrintf(y * gl);
		acc[2 * j + 1] += MIX_BIAS + (uint32_t)koi_lrintf(y * gr);
	}
	return ph;
}

#if KOI_NEON
/* ---- the fast paths, four frames at a time (NEON) ----
 *
 * Lane i of a vector is frame j + i.  Each line below is the one-frame
 * code's operation on four frames: vmla/vmls multiply, round, then add or
 * subtract, rounding again, exactly like the separate C operations (VMLA
 * is not fused).  Rounding to an integer adds 1.5 * 2^23 (MIX_MAGIC): the
 * sum's last bit is then the units digit, rounded to nearest even, so the
 * float's bit pattern is MIX_BIAS + round(x).
 */
/* Scalars ride in lanes of D registers (vmul/vmla by scalar): NEON has 16
 * Q registers, and the ramp loops need nearly all of them. */
struct consts4 {
	uint32x4_t sign, tab; /* tab: the sine table or the wavetable level */
	float32x2_t kw;       /* wavetable: 2^bits (as bits: u32) and the
	                         crossfade weight w (unit_bl) */
};

/* Only what wave w uses is loaded (the rest is never read). */
INLINE struct consts4
consts4_of(const struct osc *o, enum osc_wave w)
{
	struct consts4 c;
	const int sine = w == OSC_SINE;
	c.sign = vdupq_n_u32(0x80000000u);
	c.tab = vdupq_n_u32(sine ? (uint32_t)(uintptr_t)koi_sine_tab : (uint32_t)(uintptr_t)o->bl);
	/* 2^bits and w, one load (the sine never reads them). */
	c.kw = vreinterpret_f32_u32(vld1_u32(o->bl_kw));
	return c;
}

/* The four addresses of a vector, two at a time to core registers: NEON
 * has no gather. */
#define ADDRS4_(adr, a0, a1, a2, a3)                                    \
	__asm__("vmov	%0, %1, %e4\n\t"                               \
		"vmov	%2, %3, %f4"                                     \
		: "=r"(a0), "=r"(a1), "=r"(a2), "=r"(a3) : "w"(adr))

/* Four table entries: four lane loads fetch them, each putting v into one
 * vector and d into the other (vld2 de-interleaves).  A lane load names
 * two D registers two apart, so v and d are pinned to q8 (d16-d17) and q9
 * (d18-d19). */
INLINE float32x4_t
sine4(uint32x4_t p, const struct consts4 *c)
{
	uint32x4_t adr = vaddq_u32(vshlq_n_u32(vshrq_n_u32(p, 32 - KOI_SINE_BITS), 3), c->tab);
	uint32_t a0, a1, a2, a3;
	ADDRS4_(adr, a0, a1, a2, a3);
	register float32x4_t v __asm__("d16");
	register float32x4_t d __asm__("d18");
	__asm__("vld2.32	{%e[v][0], %e[d][0]}, [%[a0]]\n\t"
		"vld2.32	{%e[v][1], %e[d][1]}, [%[a1]]\n\t"
		"vld2.32	{%f[v][0], %f[d][0]}, [%[a2]]\n\t"
		"vld2.32	{%f[v][1], %f[d][1]}, [%[a3]]"
		: [v] "=w"(v), [d] "=w"(d)
		: [a0] "r"(a0), [a1] "r"(a1), [a2] "r"(a2), [a3] "r"(a3), "m"(koi_sine_tab));
	float32x4_t fr = vcvtq_n_f32_u32(vshlq_n_u32(p, KOI_SINE_BITS), 32);
	return vmlaq_f32(v, d, fr);
}

/* The unit waves, four frames: lane i is unit_NAME of frame j + i. */
INLINE float32x4_t
unit4_sine(uint32x4_t p, const struct consts4 *c, int x)
{
	(void)x;
	return sine4(p, c);
}

/* unit_bl, four frames.  q * 2^bits as 64-bit products: the high words
 * are the entries (q >> (32 - bits)), the low words the fractions
 * (q << bits), one constant for both (the ramp loops have no Q register
 * to spare for two shift vectors).  One vld4 lane load per frame brings
 * entries i and i + 1, both halves (x, D): lo = q14 holds x[i] (d28) and
 * D[i] (d29), hi = q15 x[i+1] (d30) and D[i+1] (d31); pinned high, where
 * they disturb the compiler's allocation least.  x == 0 leaves the
 * crossfade out, for a level whose weight w is 0: (d + dd fr) w is then
 * +-0, and adding it changes nothing but the sign of a zero, which every
 * path then rounds to the same integer (0), so the output is the same
 * bits as with it (and as unit_bl's on the host); the loop saves the D
 * half's two widenings, two conversions and two multiply-adds. */
INLINE float32x4_t
unit4_bl(uint32x4_t p, const struct consts4 *c, int half, int x)
{
	const uint32x4_t q = half ? vshlq_n_u32(p, 1) : p;
	const uint32x2_t k = vreinterpret_u32_f32(c->kw);
	const uint32x4x2_t m = vuzpq_u32(vreinterpretq_u32_u64(vmull_lane_u32(vget_low_u32(q), k, 0)),
					 vreinterpretq_u32_u64(vmull_lane_u32(vget_high_u32(q), k, 0)));
	uint32x4_t adr = vaddq_u32(vshlq_n_u32(m.val[1], 2), c->tab);
	uint32_t a0, a1, a2, a3;
	ADDRS4_(adr, a0, a1, a2, a3);
	register int16x8_t lo __asm__("d28");
	register int16x8_t hi __asm__("d30");
	__asm__("vld4.16	{%e[l][0], %f[l][0], %e[h][0], %f[h][0]}, [%[a0]]\n\t"
		"vld4.16	{%e[l][1], %f[l][1], %e[h][1], %f[h][1]}, [%[a1]]\n\t"
		"vld4.16	{%e[l][2], %f[l][2], %e[h][2], %f[h][2]}, [%[a2]]\n\t"
		"vld4.16	{%e[l][3], %f[l][3], %e[h][3], %f[h][3]}, [%[a3]]"
		: [l] "=w"(lo), [h] "=w"(hi)
		: [a0] "r"(a0), [a1] "r"(a1), [a2] "r"(a2), [a3] "r"(a3), "m"(koi_bl_tab));
	const int16x4_t x0 = vget_low_s16(lo), d0 = vget_high_s16(lo);
	float32x4_t v = vcvtq_n_f32_s32(vmovl_s16(x0), 15);
	float32x4_t dv = vcvtq_n_f32_s32(vsubl_s16(vget_low_s16(hi), x0), 15);
	float32x4_t fr = vcvtq_n_f32_u32(m.val[0], 32);
	float32x4_t u = vmlaq_f32(v, dv, fr);
	if (x) {
		float32x4_t d = vcvtq_n_f32_s32(vmovl_s16(d0), 15);
		float32x4_t dd = vcvtq_n_f32_s32(vsubl_s16(vget_high_s16(hi), d0), 15);
		u = vmlaq_lane_f32(u, vmlaq_f32(d, dd, fr), c->kw, 1);
	}
	if (!half)
		return u;
	return vreinterpretq_f32_u32(veorq_u32(vreinterpretq_u32_f32(u), vandq_u32(p, c->sign)));
}

INLINE float32x4_t
unit4_saw(uint32x4_t p, const struct consts4 *c, int x)
{
	return unit4_bl(p, c, 0, x);
}

INLINE float32x4_t
unit4_square(uint32x4_t p, const struct consts4 *c, int x)
{
	return unit4_bl(p, c, 1, x);
}

INLINE float32x4_t
unit4_triangle(uint32x4_t p, const struct consts4 *c, int x)
{
	return unit4_bl(p, c, 1, x);
}

/* w and x (crossfade or not) are always constants here: this folds to the
 * one function. */
INLINE float32x4_t
unit4(enum osc_wave w, int x, uint32x4_t p, const struct consts4 *c)
{
	switch (w) {
#define UNIT4_(NAME, name) case OSC_##NAME: return unit4_##name(p, c, x);
	OSC_PERIODIC_WAVES(UNIT4_)
#undef UNIT4_
	default: /* a noise: never asked (osc_can_mix) */
		return vdupq_n_f32(0.0f);
	}
}

/* The phase lanes, and back. */
static inline uint32x4_t lanes_of(const struct osc *o, enum osc_wave w,
				  const struct consts4 *c)
{
	(void)w;
	(void)c;
	return vld1q_u32(o->ph);
}

static inline void store_lanes(struct osc *o, uint32x4_t p, enum osc_wave w,
			       const struct consts4 *c)
{
	(void)w;
	(void)c;
	vst1q_u32(o->ph, p);
}

/* Rounded to nearest even, as MIX_BIAS + r (see above). */
static inline uint32x4_t round4(float32x4_t x, float32x4_t magic)
{
	return vreinterpretq_u32_f32(vaddq_f32(x, magic));
}

/* Each loop takes n4 frames (a multiple of 4). */
INLINE void tone_4(struct osc *o, int16_t *lr, uint32_t n4, const int16_t *k,
		   enum osc_wave w, int x)
{
	const struct consts4 c = consts4_of(o, w);
	const float32x4_t magic = vdupq_n_f32(MIX_MAGIC);
	const uint32x4_t bias = vdupq_n_u32(MIX_BIAS), inc4 = vld1q_u32(o->inc4);
	const float32x4_t g = vld1q_dup_f32(&o->gain);
	/* The stereo layout: one multiply per channel, by k = -1, 0 or 1. */
	const int16x4_t kl = vld1_dup_s16(&k[0]), kr = vld1_dup_s16(&k[1]);
	uint32x4_t p = lanes_of(o, w, &c);
	int16_t *const end = lr + 2 * n4;
	do { /* n4 > 0 */
		float32x4_t u = unit4(w, x, p, &c);
		int32x4_t r = vreinterpretq_s32_u32(vsubq_u32(round4(vmulq_f32(u, g), magic), bias));
		int16x4_t s = vqmovn_s32(r);
		int16x4x2_t out;
		out.val[0] = vmul_s16(s, kl);
		out.val[1] = vmul_s16(s, kr);
		vst2_s16(lr, out);
		p = vaddq_u32(p, inc4);
		lr += 8;
	} while (lr != end);
	store_lanes(o, p, w, &c);
}

INLINE void level_4(struct osc *o, uint32_t *acc, uint32_t n4,
		    const struct osc_mix_args *arg, enum osc_wave w, int x)
{
	const struct consts4 c = consts4_of(o, w);
	const float32x4_t magic = vdupq_n_f32(MIX_MAGIC);
	const uint32x4_t inc4 = vld1q_u32(o->inc4);
	const float32x2_t klr = vld1_f32(arg->k);
	uint32x4_t p = lanes_of(o, w, &c);
	uint32_t *const end = acc + 2 * n4;
	do { /* n4 > 0 */
		float32x4_t u = unit4(w, x, p, &c);
		uint32x4x2_t a = vld2q_u32(acc);
		a.val[0] = vaddq_u32(a.val[0], round4(vmulq_lane_f32(u, klr, 0), magic));
		a.val[1] = vaddq_u32(a.val[1], round4(vmulq_lane_f32(u, klr, 1), magic));
		vst2q_u32(acc, a);
		p = vaddq_u32(p, inc4);
		acc += 8;
	} while (acc != end);
	store_lanes(o, p, w, &c);
}

INLINE void ramp_4(struct osc *o, uint32_t *acc, uint32_t n4, struct osc_mix_args *arg,
		   enum osc_wave w, int x)
{
	const struct consts4 c = consts4_of(o, w);
	const float32x4_t magic = vdupq_n_f32(MIX_MAGIC);
	const uint32x4_t inc4 = vld1q_u32(o->inc4);
	/* k, then slope and base: one load. */
	const float32x4_t ks = vld1q_f32(arg->k);
	const float32x2_t glr = vget_low_f32(ks), sb = vget_high_f32(ks);
	const float32x4_t b = vdupq_lane_f32(sb, 1);
	/* A literal, not a load: the compiler may make it again in the loop
	 * (one VMOV) rather than keep a Q register for it, which the wave
	 * loops (unit4_bl) need. */
	const float32x4_t four = vdupq_n_f32(4.0f);
	/* q < 2^24 (ENV_MAX_FRAMES): exact, and so are the +4 steps. */
	float32x4_t qf = vld1q_f32(arg->q);
	uint32x4_t p = lanes_of(o, w, &c);
	uint32_t *const end = acc + 2 * n4;
	do { /* n4 > 0 */
		float32x4_t lv = vaddq_f32(b, vmulq_lane_f32(qf, sb, 0));
		float32x4_t y = vmulq_f32(unit4(w, x, p, &c), lv);
		uint32x4x2_t a = vld2q_u32(acc);
		a.val[0] = vaddq_u32(a.val[0], round4(vmulq_lane_f32(y, glr, 0), magic));
		a.val[1] = vaddq_u32(a.val[1], round4(vmulq_lane_f32(y, glr, 1), magic));
		vst2q_u32(acc, a);
		p = vaddq_u32(p, inc4);
		qf = vaddq_f32(qf, four); /* exact */
		acc += 8;
	} while (acc != end);
	vst1q_f32(arg->q, qf);
	store_lanes(o, p, w, &c);
}

/* The last n % 4 frames of a run, out of line so that the NEON loops keep
 * their registers to themselves. */
NOINLINE void tone_tail(struct osc *o, int16_t *lr, uint32_t n, const int16_t *k)
{
	set_phase(o, tone_1(o, o->ph[0], lr, n, k, o->wave));
}

NOINLINE void level_tail(struct osc *o, uint32_t *acc, uint32_t n,
			 const struct osc_mix_args *a)
{
	set_phase(o, level_1(o, o->ph[0], acc, n, a->k[0], a->k[1], o->wave));
}

NOINLINE void ramp_tail(struct osc *o, uint32_t *acc, uint32_t n, struct osc_mix_args *a)
{
	const uint32_t q = (uint32_t)a->q[0];
	set_phase(o, ramp_1(o, o->ph[0], acc, n, q, a->base, a->slope, a->k[0], a->k[1],
			    o->wave));
	set_positions(a, q + n);
}
#endif /* KOI_NEON */

/* One function per wave and path, each with only its own loop: what a
 * render block costs besides its frames is a call, a few constants and
 * the phase (the mixer's fixed cost per voice, measured by make bench). */
INLINE void tone_wave(struct osc *o, int16_t *lr, uint32_t n, const int16_t *k,
		      enum osc_wave w, int x)
{
#if KOI_NEON
	uint32_t n4 = n & ~3u;
	if (n4)
		tone_4(o, lr, n4, k, w, x);
	if (n & 3u)
		tone_tail(o, lr + 2 * n4, n & 3u, k);
#else
	(void)x; /* the host's unit_bl always crossfades: the same bits */
	set_phase(o, tone_1(o, o->ph[0], lr, n, k, w));
#endif
}

INLINE void level_wave(struct osc *o, uint32_t *acc, uint32_t n,
		       struct osc_mix_args *a, enum osc_wave w, int x)
{
#if KOI_NEON
	uint32_t n4 = n & ~3u;
	if (n4)
		level_4(o, acc, n4, a, w, x);
	if (n & 3u)
		level_tail(o, acc + 2 * n4, n & 3u, a);
#else
	(void)x;
	set_phase(o, level_1(o, o->ph[0], acc, n, a->k[0], a->k[1], w));
#endif
}

INLINE void ramp_wave(struct osc *o, uint32_t *acc, uint32_t n, struct osc_mix_args *a,
		      enum osc_wave w, int x)
{
#if KOI_NEON
	uint32_t n4 = n & ~3u;
	if (n4)
		ramp_4(o, acc, n4, a, w, x);
	if (n & 3u)
		ramp_tail(o, acc + 2 * n4, n & 3u, a);
#else
	(void)x;
	const uint32_t q = (uint32_t)a->q[0];
	set_phase(o, ramp_1(o, o->ph[0], acc, n, q, a->base, a->slope, a->k[0], a->k[1], w));
	set_positions(a, q + n);
#endif
}

/* The ramp loops of the wavetable waves (unit4_bl inside ramp_4) hold
 * nearly all 16 Q registers.  GCC's scheduling before register allocation
 * lengthens the values' lives until four of them spill to the stack inside
 * the loop (seven loads per four frames, and the stores before it); without
 * that pass one does.  Only there: the other loops fit either way and
 * schedule better with it (make bench: fixed cost per voice and block in
 * attack/release 52.67 -> 49.33 instructions, 192 voices in attack 2085 ->
 * 1979 a frame). */
#if KOI_NEON && defined(__GNUC__) && !defined(__clang__)
#define RAMP_ATTR __attribute__((optimize("no-schedule-insns")))
#else
#define RAMP_ATTR
#endif

typedef void tone_fn(struct osc *, int16_t *, uint32_t, const int16_t *);

/* Per periodic wave NAME and crossfade X (1, or 0: the level's weight is
 * 0, see unit4_bl), the path's loop with both constants: tone_NAME_X,
 * level_NAME_X and ramp_NAME_X; the sine, which has no crossfade, only
 * its _1.  osc_tone() and osc_mix_prepare() take them from tables indexed
 * by [X][enum osc_wave]. */
#define PATHS_(NAME, name, X)                                                           \
	NOINLINE void tone_##name##_##X(struct osc *o, int16_t *lr, uint32_t n,         \
					const int16_t *k)                               \
	{                                                                               \
		tone_wave(o, lr, n, k, OSC_##NAME, X);                                  \
	}                                                                               \
	static void level_##name##_##X(struct osc *o, uint32_t *acc, uint32_t n,        \
				       struct osc_mix_args *a)                          \
	{                                                                               \
		level_wave(o, acc, n, a, OSC_##NAME, X);                                \
	}                                                                               \
	RAMP_ATTR static void ramp_##name##_##X(struct osc *o, uint32_t *acc,           \
						uint32_t n, struct osc_mix_args *a)     \
	{                                                                               \
		ramp_wave(o, acc, n, a, OSC_##NAME, X);                                 \
	}
#define PATHS1_(NAME, name) PATHS_(NAME, name, 1)
OSC_PERIODIC_WAVES(PATHS1_)
PATHS_(SQUARE, square, 0)
PATHS_(SAW, saw, 0)
PATHS_(TRIANGLE, triangle, 0)
#undef PATHS1_
#undef PATHS_

#define TONE_(NAME, name) [OSC_##NAME] = tone_##name##_1,
#define LEVEL_(NAME, name) [OSC_##NAME] = level_##name##_1,
#define RAMP_(NAME, name) [OSC_##NAME] = ramp_##name##_1,
#define BL0_(pre) {[OSC_SINE] = pre##sine_1, [OSC_SQUARE] = pre##square_0,            \
		   [OSC_SAW] = pre##saw_0, [OSC_TRIANGLE] = pre##triangle_0}
_Static_assert(OSC_PERIODIC_COUNT == 4, "BL0_ names every periodic wave");
static tone_fn *const tone_fns[2][OSC_PERIODIC_COUNT] = {
	BL0_(tone_), {OSC_PERIODIC_WAVES(TONE_)}};
static osc_mix_fn *const level_fns[2][OSC_PERIODIC_COUNT] = {
	BL0_(level_), {OSC_PERIODIC_WAVES(LEVEL_)}};
static osc_mix_fn *const ramp_fns[2][OSC_PERIODIC_COUNT] = {
	BL0_(ramp_), {OSC_PERIODIC_WAVES(RAMP_)}};
#undef TONE_
#undef LEVEL_
#undef RAMP_
#undef BL0_

/* 0 when the wavetable level's crossfade weight is 0 (the sine's too). */
static inline int crossfades(const struct osc *o)
{
	return o->bl_w != 0.0f;
}

void osc_tone(struct osc *o, int16_t *lr, uint32_t n, const int16_t k[2])
{
	tone_fns[crossfades(o)][o->wave](o, lr, n, k);
}

osc_mix_fn *osc_mix_prepare(const struct osc *o, const struct env_run *r, float gl,
			    float gr, struct osc_mix_args *a)
{
	const float g_l = gl * o->gain, g_r = gr * o->gain;
	if (r->slope == 0.0f) {
		a->k[0] = r->base * g_l;
		a->k[1] = r->base * g_r;
		return level_fns[crossfades(o)][o->wave];
	}
	a->k[0] = g_l;
	a->k[1] = g_r;
	a->slope = r->slope;
	a->base = r->base;
	set_positions(a, r->q);
	return ramp_fns[crossfades(o)][o->wave];
}

/* ---- ADSR ---- */

/* Starts a ramp from level `from` (the level the next frame would have
 * had): frame q of it is at from + q * slope, the last exactly target. */
static void ramp_to(struct env *e, enum env_stage s, float from, float target,
		    uint32_t len)
{
	e->stage = s;
	e->pos = 0;
	e->len = len == 0 ? 1 : len > ENV_MAX_FRAMES ? ENV_MAX_FRAMES : len;
	e->base = from;
	e->target = target;
	e->slope = (target - from) / (float)e->len;
}

void env_start(struct env *e, const struct env_params *p)
{
	e->p = *p;
	if (!(e->p.sustain >= 0.0f))
		e->p.sustain = 0.0f;
	if (e->p.sustain > 1.0f)
		e->p.sustain = 1.0f;
	ramp_to(e, ENV_ATTACK, 0.0f, 1.0f, e->p.attack);
}

void env_release(struct env *e)
{
	if (e->stage == ENV_IDLE || e->stage == ENV_RELEASE)
		return;
	float next = e->target; /* sustain, or the stage's last frame */
	if (e->stage != ENV_SUSTAIN && e->pos + 1u < e->len)
		next = e->base + (float)(e->pos + 1u) * e->slope;
	ramp_to(e, ENV_RELEASE, next, 0.0f, e->p.release);
}

void env_next_stage(struct env *e)
{
	switch (e->stage) {
	case ENV_ATTACK:
		ramp_to(e, ENV_DECAY, e->target, e->p.sustain, e->p.decay);
		break;
	case ENV_DECAY:
		/* A zero sustain is the end of a percussive note. */
		e->stage = e->target > 0.0f ? ENV_SUSTAIN : ENV_IDLE;
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
		if (r.slope == 0.0f) {
			for (uint32_t j = 0; j < r.n; j++)
				buf[i + j] *= r.base;
		} else {
			for (uint32_t j = 0; j < r.n; j++)
				buf[i + j] *= r.base + (float)(r.q + j) * r.slope;
		}
		env_advance(e, r.n);
		i += r.n;
	}
	const uint32_t sounding = i; /* n unless the envelope ended */
	for (; i < n; i++)
		buf[i] = 0.0f;
	return sounding;
}
