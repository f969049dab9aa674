/*
 * mixer.h — any number of simultaneous voices into one stereo stream.
 *
 * A voice is an oscillator (osc.h) shaped by an ADSR envelope, with its own
 * gain and constant-power pan.  Each voice's contribution is rounded to an
 * integer per channel and summed exactly in 32-bit integers; the final
 * master volume stage saturates to S16: loud mixes clip, they never wrap.
 * Master volume and mute ramp over OSC_RAMP_FRAMES so neither clicks.
 *
 * The voices live in the caller's storage (mixer_init): the number of
 * voices is a matter of memory, up to MIXER_MAX_VOICES, where the exact sum
 * could first overflow.  How many the CPU renders in real time is measured
 * by `make bench`, not assumed here.
 *
 * The mixer renders in blocks of MIXER_BLOCK frames into an integer
 * accumulator inside the struct: no allocation, no recursion.  Each voice
 * adds its block in runs of constant or linearly moving envelope level
 * (osc.h: env_next_run); steady sine, square, saw and triangle voices go
 * straight from phase to accumulator (osc_mix, four frames at a time in
 * NEON), the others (noise, a glide or gain ramp in progress) through a
 * float scratch buffer.  Which way a frame goes, and so its rounding,
 * depends only on the voice's state at that frame: the output never
 * depends on how the caller splits renders.  A voice whose next run
 * covers the whole block costs one call per block (the voice's plan,
 * mixer.c): about 45 instructions besides its frames.
 */
#ifndef KOI_MIXER_H
#define KOI_MIXER_H

#include <stdbool.h>
#include <stdint.h>

#include "audio/osc.h"

/* Each voice adds at most 32768 per frame and channel: 65535 voices keep
 * the exact sum inside int32. */
#define MIXER_MAX_VOICES 65535u
#define MIXER_BLOCK 128u

struct mixer_voice {
	struct osc osc;  /* first: the fast path passes the voice as the osc */
	bool active;
	uint32_t age;    /* start order, for stealing the oldest */
	struct env env;
	float gl, gr;    /* gain * pan law per channel */
	/* The next blocks' plan (mixer.c): while `left` frames remain of the
	 * current envelope run, each block is one call of fn (NULL: no plan). */
	osc_mix_fn *fn;
	uint32_t left;
	struct osc_mix_args args;
};

struct mixer {
	struct mixer_voice *v;        /* the caller's storage ... */
	uint32_t cap;                 /* ... of this many voices */
	uint32_t top;                 /* slots from top on were never used */
	uint32_t rate;                /* frames per second */
	uint32_t started;
	uint32_t nactive;             /* voices with active set */
	float volume;                 /* master volume while unmuted */
	float master, master_target;  /* applied gain, ramping to target */
	float master_step;
	uint32_t master_ramp;
	bool mute;
	float scratch[MIXER_BLOCK];
	uint32_t acc[2 * MIXER_BLOCK]; /* biased sums, see MIX_BIAS (osc.h) */
};

struct mixer_voice_params {
	enum osc_wave wave;
	double hz;
	double gain;  /* linear, 1.0 = full scale */
	double pan;   /* -1 left .. 0 centre .. +1 right */
	struct env_params env;
	uint32_t seed; /* noise voices */
};

/**
 * An empty mixer.
 * @param m         the mixer
 * @param voices    storage for capacity voices, owned by the mixer until
 *                  the next mixer_init()
 * @param capacity  1..MIXER_MAX_VOICES (clamped)
 * @param rate      frames per second it renders at
 */
void mixer_init(struct mixer *m, struct mixer_voice *voices, uint32_t capacity,
		uint32_t rate);
/**
 * Start a voice.  When all voices are busy the oldest one is taken over
 * (hard cut).
 * @param m  the mixer
 * @param p  the voice's wave, frequency, gain, pan and envelope
 * @return the voice's index
 * @retval -EINVAL  a bad parameter
 */
int mixer_voice_start(struct mixer *m, const struct mixer_voice_params *p);
/**
 * Gate off: the voice fades with its release and then frees itself.
 * @param m      the mixer
 * @param voice  an index mixer_voice_start() gave
 * @return 0
 * @retval -EINVAL  no such active voice
 */
int mixer_voice_release(struct mixer *m, int voice);
/**
 * Ramp a running voice's frequency (no click).
 * @param m      the mixer
 * @param voice  an index mixer_voice_start() gave
 * @param hz     >= 0
 * @return 0
 * @retval -EINVAL  no such active voice, or hz out of range
 */
int mixer_voice_set_freq(struct mixer *m, int voice, double hz);
/**
 * Ramp a running voice's gain (no click).
 * @param m      the mixer
 * @param voice  an index mixer_voice_start() gave
 * @param gain   linear, 0..1
 * @return 0
 * @retval -EINVAL  no such active voice, or gain out of range
 */
int mixer_voice_set_gain(struct mixer *m, int voice, double gain);
/**
 * Voices sounding now.
 * @param m  the mixer
 * @return their count
 */
uint32_t mixer_active_voices(const struct mixer *m);
/**
 * Master volume; mute keeps voices running.
 * @param m     the mixer
 * @param gain  linear (1.0 = unity)
 */
void mixer_set_master(struct mixer *m, double gain);
/**
 * Mute or unmute; voices keep running.
 * @param m     the mixer
 * @param mute  true to mute
 */
void mixer_set_mute(struct mixer *m, bool mute);
/**
 * Render n frames of interleaved stereo S16 (always exactly n).
 * @param m   the mixer
 * @param lr  room for 2 * n samples
 * @param n   frames
 * @return the number of those frames up to the last one any voice was
 *         still sounding in (n while voices remain active): with no voice
 *         left active, the frames after it are silence, and the sound
 *         ended exactly there
 */
uint32_t mixer_render(struct mixer *m, int16_t *lr, uint32_t n);

#endif /* KOI_MIXER_H */
