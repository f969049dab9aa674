/*
 * osc.h — tone and noise generators, and ADSR envelopes.
 *
 * An oscillator renders mono float samples in S16 units (gain 1.0 = peak
 * 32767) into a caller's buffer; the caller (tone program, mixer voice)
 * decides how they reach the two channels.  Every waveform keeps a 32-bit
 * phase accumulator, stepped at the rate given to osc_init (at 44.1 kHz,
 * 44100 / 2^32 = 10.3 uHz resolution):
 *  - sine: 1024-step table, linear interpolation, one rounding at the end;
 *  - square, saw, triangle: band-limited wavetables, one level per octave
 *    of harmonic content with a crossfade between adjacent levels
 *    (audio/wavetab.h): every harmonic below Nyquist, aliases below
 *    -80 dBc at any frequency and rate, linear interpolation, stateless
 *    so they never drift, and no branch per frame (see "unit waves" in
 *    osc.c);
 *  - white noise: xorshift32; pink noise: Voss-McCartney over 16 octave rows
 *    of integer white noise (-3 dB/octave within +-1.5 dB from ~20 Hz up).
 * Frequency changes glide and gain changes ramp linearly over
 * OSC_RAMP_FRAMES, so neither clicks; the phase is always continuous.
 * All arithmetic follows dspmath.h (bit-identical on host and firmware),
 * and nothing depends on how a caller splits its renders: the same frames
 * come out of one call of n frames as out of n calls of one.
 *
 * Two fast paths render a steady (no glide, no gain ramp) sine, square,
 * saw or triangle with no intermediate buffer: osc_tone() straight to S16
 * (the tone program), osc_mix() straight into the mixer's accumulator with
 * the envelope and pan applied.  On ARM both compute four frames at a time
 * in NEON; the host, and ARM for the last frames of a run that are not a
 * multiple of four, compute the same operations one frame at a time.  The
 * two give the same bits because every operation is one IEEE single
 * precision + - * (no fused multiply-add, no division, no estimate) and no
 * result can depend on a subnormal: NEON flushes subnormals to zero, but
 * every value here that could be that small is below 2^-100 and is only
 * scaled by gains <= 2^15 and rounded to an integer, where it gives 0 with
 * or without the flush.  One exception, with the same result: where a
 * wavetable level's crossfade weight is 0 (2^k inc below 0.75 * 2^31, the
 * lower half of its octave), NEON leaves out the crossfade term, +-0 there:
 * it can change only the sign of a zero, rounded to the integer 0 either way.
 */
#ifndef KOI_OSC_H
#define KOI_OSC_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The waveforms, one line each: X(ENUM, name).  The periodic ones (a
 * function of the phase alone) have the fast paths; the noises do not.
 * From these two lists come enum osc_wave, the names the command line and
 * its usage take (osc_wave_name), and in osc.c every per-wave function of
 * the fast paths and their tables.  So a new periodic waveform is one line
 * in OSC_PERIODIC_WAVES plus its sample functions in osc.c, which the
 * lists ask for by name: unit_NAME (one frame, every build) and unit4_NAME
 * (four frames, NEON); a new noise is a line in OSC_NOISE_WAVES plus its
 * branch in render_noise().
 */
#define OSC_PERIODIC_WAVES(X) \
	X(SINE, sine)         \
	X(SQUARE, square)     \
	X(SAW, saw)           \
	X(TRIANGLE, triangle)
#define OSC_NOISE_WAVES(X) \
	X(NOISE, noise) /* white */ \
	X(PINK, pink)

#define OSC_ENUM_(NAME, name) OSC_##NAME,
#define OSC_ONE_(NAME, name) +1
enum osc_wave {
	OSC_PERIODIC_WAVES(OSC_ENUM_)
	OSC_NOISE_WAVES(OSC_ENUM_)
	OSC_WAVE_COUNT
};
/* The periodic waves are the first OSC_PERIODIC_COUNT. */
enum { OSC_PERIODIC_COUNT = 0 OSC_PERIODIC_WAVES(OSC_ONE_) };
#undef OSC_ENUM_
#undef OSC_ONE_

/**
 * Whether a wave is periodic (sine, square, saw, triangle: the first
 * OSC_PERIODIC_COUNT) rather than noise.
 * @param w  the wave
 * @return true if periodic
 */
static inline bool osc_wave_periodic(enum osc_wave w)
{
	return (unsigned)w < OSC_PERIODIC_COUNT;
}

#define OSC_RAMP_FRAMES 256u /* 5.8 ms: gain/frequency change window */
#define OSC_PINK_ROWS 16u

struct osc {
	/* First, where NEON loads them without an address computation: the
	 * phase of the next four frames, ph[0] + i * inc (ph[0] is the
	 * oscillator's phase), and 4 inc in each lane (set with inc). */
	uint32_t ph[4];
	uint32_t inc4[4];
	enum osc_wave wave;
	uint32_t rate; /* frames per second */
	uint32_t inc;
	/* Set with inc (osc_init, glide steps) for the saw, square and
	 * triangle: their wavetable level (audio/wavetab.h), the shift from
	 * phase to entry (32 - bits) and to the fraction (bits), and the
	 * crossfade weight towards the level below (0..1); bl_kw is 2^bits
	 * and bl_w's bits, one NEON load (consts4_of in osc.c). */
	const int16_t *bl;
	uint32_t bl_shift, bl_bits;
	float bl_w;
	uint32_t bl_kw[2];
	uint32_t inc_target;
	uint32_t inc_ramp;   /* glide steps still to take (0: steady frequency) */
	uint32_t glide_left; /* frames at this inc before the next glide step */
	int32_t inc_step;
	float gain, gain_target, gain_step;
	uint32_t gain_ramp; /* frames left of a gain ramp */
	uint32_t rng;       /* noise state, never 0 */
	uint32_t pink_count;
	int32_t pink_row[OSC_PINK_ROWS];
	int32_t pink_sum;
};

/**
 * A wave's name.
 * @param w  the wave
 * @return "sine", "square", "saw", "triangle", "noise", "pink"
 */
const char *osc_wave_name(enum osc_wave w);
/**
 * The wave of a name (the names osc_wave_name() gives).
 * @param name  NUL-terminated
 * @return the wave, or -1 for an unknown name
 */
int osc_wave_from_name(const char *name);

/**
 * Starts at phase 0 (sine starts at 0 so the first sample is silent) with
 * no ramp.
 * @param o     the oscillator
 * @param wave  the waveform
 * @param hz    the frequency
 * @param rate  frames per second
 * @param gain  linear, 1.0 = S16 full scale
 * @param seed  picks the noise sequence (any value; 0 is mapped to a fixed
 *              non-zero state)
 */
void osc_init(struct osc *o, enum osc_wave wave, double hz, uint32_t rate,
	      double gain, uint32_t seed);
/**
 * Glide to a new frequency over OSC_RAMP_FRAMES.
 * @param o   the oscillator
 * @param hz  the new frequency
 */
void osc_set_freq(struct osc *o, double hz);
/**
 * Ramp to a new gain over OSC_RAMP_FRAMES.
 * @param o     the oscillator
 * @param gain  linear, 1.0 = S16 full scale
 */
void osc_set_gain(struct osc *o, double gain);
/**
 * Render n mono samples (S16 units, not rounded).
 * @param o    the oscillator
 * @param out  room for n samples
 * @param n    samples
 */
void osc_render(struct osc *o, float *out, uint32_t n);

/**
 * Frames until a glide or gain ramp in progress is over.
 * @param o  the oscillator
 * @return frames (0 when steady)
 */
uint32_t osc_ramp_frames(const struct osc *o);
/**
 * Whether the fast paths can render o: a steady (no ramp) periodic wave
 * (sine, square, saw, triangle).
 * @param o  the oscillator
 * @return true if they can
 */
static inline bool osc_can_mix(const struct osc *o)
{
	return osc_wave_periodic(o->wave) && !(o->inc_ramp | o->gain_ramp);
}

/**
 * n frames of interleaved S16: with s the sample osc_render() gives,
 * rounded and saturated (koi_f2s16), L = k[0] * s and R = k[1] * s.  Only
 * when osc_can_mix(o).
 * @param o   the oscillator
 * @param lr  room for 2 * n samples
 * @param n   frames
 * @param k   each -1, 0 or 1 (the stereo layout: -1 is the inverted test
 *            pattern; s is never -32768 at a gain <= 1, so -s fits)
 */
void osc_tone(struct osc *o, int16_t *lr, uint32_t n, const int16_t k[2]);

/*
 * The mixer's accumulator.  Each voice adds, per frame and channel, its
 * sample rounded to an integer r plus MIX_BIAS (the bit pattern of the
 * float 1.5 * 2^23 + r, which is how NEON rounds to nearest-even without
 * a rounding conversion), modulo 2^32.  The mixer subtracts one MIX_BIAS
 * per voice that rendered into the block: what remains is the exact sum.
 */
#define MIX_BIAS 0x4b400000u
#define MIX_MAGIC 12582912.0f /* 1.5 * 2^23: |r| < 2^22 stays in its binade */

/* The envelope level over a run of frames (see env_next_run). */
struct env_run {
	uint32_t n;     /* frames; 0 once the envelope has ended */
	uint32_t q;     /* position of the run's first frame in its stage */
	float base;     /* slope == 0: the level of every frame */
	float slope;    /* otherwise frame j of the run: base + (q + j) * slope */
};

/*
 * Adds n frames of o into the accumulator acc (interleaved L, R).  With u
 * the unit waveform (peak 1), g the oscillator's gain, GL = gl * g and
 * GR = gr * g, rounding to nearest even:
 *   at a constant level lv:
 *       acc[2j] += MIX_BIAS + round(u * (lv * GL))       (GR for R)
 *   on a ramp, frame j at level lv_j = base + (q + j) * slope:
 *       acc[2j] += MIX_BIAS + round((u * lv_j) * GL)
 * Only when osc_can_mix(o).  |round(...)| <= 32768 * |lv * gl| per voice
 * and channel.
 *
 * osc_mix() applies one envelope run (slope 0: a level).  The mixer's
 * per-block path calls the wave's own function with its arguments
 * prepared once (osc_mix_prepare), so that a block costs little more than
 * its frames.
 */
struct osc_mix_args {
	float q[4];        /* ramp: positions of the next four frames, q[0] + i
	                      (exact: < 2^24); advance by n per call */
	float k[2];        /* level: lv * GL, lv * GR; ramp: GL, GR */
	float slope, base; /* ramp (after k: one NEON load takes all four) */
};
typedef void osc_mix_fn(struct osc *o, uint32_t *acc, uint32_t n, struct osc_mix_args *a);
/**
 * The function and arguments for a run; only when osc_can_mix(o).
 * @param o   the oscillator
 * @param r   the envelope run (its n ignored)
 * @param gl  left gain (gain * pan law)
 * @param gr  right gain
 * @param a   receives the arguments
 * @return the wave's function
 */
osc_mix_fn *osc_mix_prepare(const struct osc *o, const struct env_run *r, float gl,
			    float gr, struct osc_mix_args *a);
/**
 * Adds r->n frames of o into acc for one envelope run (above).
 * @param o    the oscillator; osc_can_mix(o)
 * @param acc  2 * r->n biased sums, interleaved L, R
 * @param r    the envelope run (slope 0: a level)
 * @param gl   left gain (gain * pan law)
 * @param gr   right gain
 */
static inline void osc_mix(struct osc *o, uint32_t *acc, const struct env_run *r,
			   float gl, float gr)
{
	struct osc_mix_args a;
	osc_mix_fn *f = osc_mix_prepare(o, r, gl, gr, &a);
	f(o, acc, r->n, &a);
}

/*
 * ADSR envelope, linear segments (no exponential tail that could reach
 * denormals).  Level 0..1.  Every stage lasts exactly its length and ends
 * exactly on its target level.  Frame q (1-based) of a ramp has the level
 * base + q * slope, computed afresh for every frame: the level depends
 * only on the position in the stage (never on how the caller splits its
 * renders), it never drifts, and four frames at a time cost one multiply
 * and one add.  Stages are at most ENV_MAX_FRAMES long (6.3 minutes), so
 * that q is exact in a float.
 */
#define ENV_MAX_FRAMES 0xffffffu
struct env_params {
	uint32_t attack, decay; /* frames */
	float sustain;          /* 0..1 */
	uint32_t release;       /* frames */
};

enum env_stage { ENV_IDLE, ENV_ATTACK, ENV_DECAY, ENV_SUSTAIN, ENV_RELEASE };

struct env {
	struct env_params p;
	enum env_stage stage;
	float base, slope;   /* ramp stages: frame q at base + q * slope */
	float target;        /* exact level on the stage's last frame; in
	                        sustain, the sustain level */
	uint32_t pos, len;   /* frames into / length of the stage */
};

/**
 * Gate on: the attack starts.
 * @param e  the envelope
 * @param p  its stages
 */
void env_start(struct env *e, const struct env_params *p);
/**
 * Gate off: the release starts.
 * @param e  the envelope
 */
void env_release(struct env *e);
/**
 * Whether the envelope is still sounding.
 * @param e  the envelope
 * @return false once it has ended (idle)
 */
static inline bool env_active(const struct env *e)
{
	return e->stage != ENV_IDLE;
}

/**
 * Ends the stage whose last frame was just rendered (env_advance).
 * @param e  the envelope
 */
void env_next_stage(struct env *e);

/**
 * The run starting at the next frame: the rest of a ramp up to its last
 * frame, that last frame alone (exactly its target), or sustain.  Inline:
 * the mixer asks once per voice and block.
 * @param e  the envelope
 * @param n  the longest run wanted, in frames
 * @return the run (its n 0 once the envelope has ended)
 */
static inline struct env_run env_next_run(const struct env *e, uint32_t n)
{
	struct env_run r = {0, 0, e->target, 0.0f};
	if (e->stage == ENV_SUSTAIN) {
		r.n = n;
	} else if (e->stage != ENV_IDLE) {
		uint32_t left = e->len - e->pos; /* >= 1 */
		if (left > 1) {
			r.n = left - 1 < n ? left - 1 : n;
			r.q = e->pos + 1;
			r.base = e->base;
			r.slope = e->slope;
		} else {
			r.n = n ? 1 : 0;
		}
	}
	return r;
}

/**
 * k frames of the run were rendered.  May end the envelope.
 * @param e  the envelope
 * @param k  frames
 */
static inline void env_advance(struct env *e, uint32_t k)
{
	if (e->stage == ENV_SUSTAIN)
		return;
	e->pos += k;
	if (e->pos == e->len)
		env_next_stage(e);
}

/**
 * Multiply buf[0..n) by the envelope, advancing it.
 * @param e    the envelope
 * @param buf  n samples
 * @param n    samples
 * @return how many of the n samples came before the envelope ended (n if
 *         it is still active): the exact frame a note falls silent,
 *         whatever the block size
 */
uint32_t env_apply(struct env *e, float *buf, uint32_t n);

#endif /* KOI_OSC_H */
