/*
 * osc.h — tone and noise generators, and ADSR envelopes.
 *
 * An oscillator renders mono float samples in S16 units (gain 1.0 = peak
 * 32767) into a caller's buffer; the caller (tone program, mixer voice)
 * decides how they reach the two channels.  Every waveform keeps a 32-bit
 * phase accumulator, stepped at the rate given to osc_init (at 44.1 kHz,
 * 44100 / 2^32 = 10.3 uHz resolution):
 *  - sine: 1024-step table, linear interpolation, one rounding at the end;
 *  - square, saw, triangle: band-limited by PolyBLEP (steps) and PolyBLAMP
 *    (the triangle's corners), stateless so they never drift;
 *  - white noise: xorshift32; pink noise: Voss-McCartney over 16 octave rows
 *    of integer white noise (-3 dB/octave within +-1.5 dB from ~20 Hz up).
 * Frequency changes glide and gain changes ramp linearly over
 * OSC_RAMP_FRAMES, so neither clicks; the phase is always continuous.
 * All arithmetic follows dspmath.h (bit-identical on host and firmware),
 * and nothing depends on how a caller splits its renders: the same frames
 * come out of one call of n frames as out of n calls of one.
 *
 * The mixer's fast path, osc_mix(), renders a steady sine, square, saw or
 * triangle straight into a stereo int32 accumulator with the envelope and
 * pan gains applied, with no intermediate buffer.
 */
#ifndef KOI_OSC_H
#define KOI_OSC_H

#include <stdbool.h>
#include <stdint.h>

enum osc_wave {
	OSC_SINE,
	OSC_SQUARE,
	OSC_SAW,
	OSC_TRIANGLE,
	OSC_NOISE, /* white */
	OSC_PINK,
	OSC_WAVE_COUNT
};

#define OSC_RAMP_FRAMES 256u /* 5.8 ms: gain/frequency change window */
#define OSC_PINK_ROWS 16u

struct osc {
	enum osc_wave wave;
	uint32_t rate; /* frames per second */
	uint32_t phase, inc;
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

/* Name <-> wave ("sine", "square", "saw", "triangle", "noise", "pink").
 * osc_wave_from_name returns -1 for an unknown name. */
const char *osc_wave_name(enum osc_wave w);
int osc_wave_from_name(const char *name);

/* Starts at phase 0 (sine starts at 0 so the first sample is silent) with
 * no ramp, rendering hz at `rate` frames per second.  gain is linear, 1.0 =
 * S16 full scale.  seed picks the noise sequence (any value; 0 is mapped to
 * a fixed non-zero state). */
void osc_init(struct osc *o, enum osc_wave wave, double hz, uint32_t rate,
	      double gain, uint32_t seed);
/* Glide to a new frequency / ramp to a new gain over OSC_RAMP_FRAMES. */
void osc_set_freq(struct osc *o, double hz);
void osc_set_gain(struct osc *o, double gain);
/* Render n mono samples (S16 units, not rounded). */
void osc_render(struct osc *o, float *out, uint32_t n);

/* Frames until a glide or gain ramp in progress is over (0 when steady). */
uint32_t osc_ramp_frames(const struct osc *o);
/* True when osc_mix() can render o: a steady (no ramp) sine, square, saw or
 * triangle. */
bool osc_can_mix(const struct osc *o);
/*
 * Adds n frames of o into interleaved stereo acc, under a level lv that
 * moves by step per frame (frame j has lv + step + ... + step, j float
 * additions).  With u the unit waveform (peak 1) and g the oscillator's
 * gain in S16 units:
 *   step == 0: acc[2j] += round(u * (lv * (g * gl)))     (and gr for R)
 *   otherwise: acc[2j] += round((u * lv_j) * (g * gl))
 * Returns the level after the last frame's step (lv_n).  Only when
 * osc_can_mix(o).  |round(...)| <= 32768 * |lv * gl| per voice and channel.
 */
float osc_mix(struct osc *o, int32_t *acc, uint32_t n, float lv, float step,
	      float gl, float gr);

/* ADSR envelope, linear segments (no exponential tail that could reach
 * denormals).  Level 0..1.  Every stage lasts exactly its length and ends
 * exactly on its target level.  Inside a ramp the level moves by one float
 * addition per frame, and is recomputed from the frame's position in the
 * stage (base + pos * slope) every ENV_ANCHOR frames of the stage, so the
 * rounding error never builds up beyond ENV_ANCHOR additions (< 1e-5 of
 * full scale) and the levels depend only on the position, never on how
 * the caller splits its renders. */
#define ENV_ANCHOR 64u
struct env_params {
	uint32_t attack, decay; /* frames */
	float sustain;          /* 0..1 */
	uint32_t release;       /* frames */
};

enum env_stage { ENV_IDLE, ENV_ATTACK, ENV_DECAY, ENV_SUSTAIN, ENV_RELEASE };

struct env {
	struct env_params p;
	enum env_stage stage;
	float lv;            /* level of the next frame */
	float base, slope;   /* ramp stages: level at pos ~ base + pos * slope */
	float target;        /* exact level on the stage's last frame */
	uint32_t pos, len;   /* frames into / length of the stage */
};

/* The next frames of an envelope whose level is one linear run: n frames
 * (0 once the envelope has ended), the first at level lv, each next one
 * step higher (step 0: constant).  See osc_mix() for how a run is applied. */
struct env_run {
	uint32_t n;
	float lv, step;
};

void env_start(struct env *e, const struct env_params *p); /* gate on */
void env_release(struct env *e);                            /* gate off */
bool env_active(const struct env *e);
/* The run starting at the next frame, at most n frames long. */
struct env_run env_next_run(const struct env *e, uint32_t n);
/* k frames of that run were rendered; lv_after is the run's level after
 * them (what osc_mix() returns).  May end the envelope. */
void env_advance(struct env *e, uint32_t k, float lv_after);
/* Multiply buf[0..n) by the envelope, advancing it.  Returns how many of
 * the n samples came before the envelope ended (n if it is still active):
 * the exact frame a note falls silent, whatever the block size. */
uint32_t env_apply(struct env *e, float *buf, uint32_t n);

#endif /* KOI_OSC_H */
