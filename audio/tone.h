/*
 * tone.h — one oscillator (osc.h) as a source (source.h): the tone
 * program's sound, and the smallest complete player's (tests/bench).
 *
 * Stereo layouts (tone_set_layout; speaker-test's --channel):
 *   TONE_INVERTED  the waveform on L and exactly -L on R (rounding to
 *                  nearest even is symmetric, so -L always fits in S16): a
 *                  test pattern in which a channel swap or a stride error
 *                  shows.  It cancels to silence on a mono speaker.  What
 *                  tone_init() sets, for the tests and benchmarks.
 *   TONE_BOTH      the same samples on L and R (in phase)
 *   TONE_LEFT      the waveform on L, silence on R
 *   TONE_RIGHT     silence on L, the waveform on R
 * Mono plays the waveform, whatever the layout (there is one speaker).  It
 * ends after `seconds`.
 */
#ifndef KOI_TONE_H
#define KOI_TONE_H

#include <stdint.h>

#include "audio/osc.h"
#include "audio/source.h"

#define TONE_BLOCK 128u

enum tone_layout {
	TONE_INVERTED,
	TONE_BOTH,
	TONE_LEFT,
	TONE_RIGHT,
	TONE_LAYOUT_COUNT
};

struct tone {
	struct koi_source src;
	struct osc osc;
	uint32_t left; /* frames still to play */
	enum tone_layout layout;
	int16_t k[2]; /* L and R: k * the sample (osc_tone) */
	float buf[TONE_BLOCK];
};

/**
 * A tone of round(seconds * rate) frames, in the TONE_INVERTED layout.
 * @param t         the source
 * @param rate      frames per second
 * @param channels  1 or 2
 * @param wave      the waveform
 * @param hz        0 < hz < rate / 2
 * @param gain      linear, 1.0 = S16 full scale; 0 <= gain <= 1
 * @param seconds   0 < seconds <= 3600
 * @return 0
 * @retval -EINVAL  any argument out of its range
 */
int tone_init(struct tone *t, uint32_t rate, uint32_t channels, enum osc_wave wave,
	      double hz, double gain, double seconds);
/**
 * Another stereo layout, before the first render.
 * @param t       the source
 * @param layout  one of enum tone_layout
 * @return 0
 * @retval -EINVAL  no such layout
 */
int tone_set_layout(struct tone *t, enum tone_layout layout);
/**
 * A layout's name.
 * @param layout  the layout
 * @return "inverted", "both", "left", "right"; "?" for anything else
 */
const char *tone_layout_name(enum tone_layout layout);
/**
 * The layout of a name.
 * @param name  NUL-terminated
 * @return the layout, or -1 for no such name
 */
int tone_layout_from_name(const char *name);

#endif /* KOI_TONE_H */
