/*
 * tone.h — one oscillator (osc.h) as a source (source.h): the tone
 * program's sound, and the smallest complete player's (tests/bench).
 *
 * Stereo puts the waveform on L and exactly -L on R (rounding to nearest
 * even is symmetric, so -L always fits in S16): a channel swap or a stride
 * error shows.  Mono plays L alone.  It ends after `seconds`.
 */
#ifndef KOI_TONE_H
#define KOI_TONE_H

#include <stdint.h>

#include "audio/osc.h"
#include "audio/source.h"

#define TONE_BLOCK 128u

struct tone {
	struct koi_source src;
	struct osc osc;
	uint32_t left; /* frames still to play */
	float buf[TONE_BLOCK];
};

/* hz at `rate` frames per second, `channels` 1 or 2, gain linear (1.0 =
 * S16 full scale, at most 1.0), for round(seconds * rate) frames.
 * -EINVAL unless 0 < hz < rate / 2, 0 < seconds <= 3600, 0 <= gain <= 1. */
int tone_init(struct tone *t, uint32_t rate, uint32_t channels, enum osc_wave wave,
	      double hz, double gain, double seconds);

#endif /* KOI_TONE_H */
