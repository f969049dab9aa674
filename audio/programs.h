/*
 * programs.h — the sound programs Koi plays, each a source (source.h), built
 * the same way by the firmware and by the host renderer (tools/render.c),
 * so the end-to-end tests can compare them frame for frame.
 *
 * Every program puts different signals on L and R (a channel swap or a
 * stride error must show up as mismatched frames):
 *  - tone:  the waveform on L, the same waveform in opposite polarity on R
 *           (R = -L exactly, since rounding is symmetric);
 *  - mix:   voices spread across the stereo field by their pan;
 *  - demo:  a tour of the generators (sine, square, saw, triangle, white
 *           and pink noise, alternately left and right of centre), then the
 *           Minuet in G (melody left, bass right);
 *  - piano: notes alternate slightly left and right with the key parity;
 *  - pcm:   stereo clips carry different tones per channel; mono clips play
 *           on L at full level and on R at half level.
 */
#ifndef KOI_PROGRAMS_H
#define KOI_PROGRAMS_H

#include <stdbool.h>
#include <stdint.h>

#include "audio/convert.h"
#include "audio/mixer.h"
#include "audio/osc.h"
#include "audio/seq.h"
#include "audio/source.h"

#define PROG_BLOCK 128u

struct prog_tone {
	struct koi_source src;
	struct osc osc;
	uint32_t left; /* frames still to play */
	float buf[PROG_BLOCK];
};
/* -EINVAL unless 0 < hz < 22050, 0 < seconds <= 3600, -120 <= gain_db <= 0. */
int prog_tone_init(struct prog_tone *t, enum osc_wave wave, double hz,
		   double seconds, double gain_db);

struct prog_voice {
	enum osc_wave wave;
	double hz, gain_db, pan;
};
#define PROG_MIX_RELEASE_MS 50u
struct prog_mix {
	struct koi_source src;
	struct mixer mix;
	uint32_t pos, release_at;
};
/* All voices start together, sustain, and are released so that their fade
 * ends at `seconds`.  v: n voices, or NULL for prog_mix_default_voice(i, n).
 * The voices' storage comes from the heap (malloc): one pool, grown as
 * needed and kept for the next prog_mix_init (one mix plays at a time), so
 * n is bounded by memory alone: -ENOMEM when it does not fit, -EINVAL for
 * n == 0 or above MIXER_MAX_VOICES. */
int prog_mix_init(struct prog_mix *m, const struct prog_voice *v, uint32_t n,
		  double seconds);
/* The same with another envelope (the benchmarks keep every voice in
 * attack or release); the release must be shorter than `seconds`. */
int prog_mix_init_env(struct prog_mix *m, const struct prog_voice *v, uint32_t n,
		      double seconds, const struct env_params *env);
/* The voice set of `mix --voices n`: a stack of sine/triangle/saw voices on
 * a harmonic series from 110 Hz, panned alternately, each at -20log10(n) dB
 * minus 1 dB so the sum cannot clip. */
void prog_mix_default_voice(uint32_t i, uint32_t n, struct prog_voice *v);

#define PROG_DEMO_MAX 96u
struct prog_demo {
	struct seq seq;
	struct seq_note notes[PROG_DEMO_MAX];
};
int prog_demo_init(struct prog_demo *d);

#define PROG_PIANO_KEYS 256u
#define PROG_PIANO_STEP_MS 250u /* scripted keys: one every 250 ms */
#define PROG_PIANO_NOTE_MS 220u
struct prog_piano {
	struct seq seq;
	int base; /* MIDI note of the 'a' key */
	struct seq_note notes[PROG_PIANO_KEYS];
};
/* keys == NULL: interactive (never ends by itself; feed prog_piano_key()).
 * Otherwise the keys are played one per PROG_PIANO_STEP_MS ('z'/'x' shift
 * an octave down/up, a space is a rest, other keys are ignored). */
int prog_piano_init(struct prog_piano *p, const char *keys);
/* A key typed in interactive mode: plays it.  Returns 1 for a quit key
 * ('q', Escape, Ctrl-D; the piano then ends after its last fade), 0
 * otherwise (unmapped keys are ignored). */
int prog_piano_key(struct prog_piano *p, int ch);

struct prog_pcm {
	struct convert conv;
};
int prog_pcm_init(struct prog_pcm *p, enum conv_format fmt, uint32_t rate,
		  uint32_t channels, uint32_t repeat);

#endif /* KOI_PROGRAMS_H */
