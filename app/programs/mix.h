/*
 * mix.h — what the benchmarks (tests/bench/) take from the mix program
 * (app/programs/mix.c) besides its table entry: its default voice set, to
 * give a baseline mixer the same voices, and its sound with every voice
 * in attack or release all the time, the envelope's costliest stages.
 */
#ifndef KOI_APP_PROGRAMS_MIX_H
#define KOI_APP_PROGRAMS_MIX_H

#include <stdint.h>

#include "app/args.h"
#include "audio/osc.h"
#include "audio/source.h"
#include "lib/format.h"

struct mix_voice {
	enum osc_wave wave;
	double hz, gain_db, pan; /* pan -1 left .. +1 right */
};

/**
 * The level of each of n default voices, so that n voices at full scale
 * cannot clip.
 * @param n  voices, up to 10^5
 * @return -20log10(n) - 1 dB
 */
double mix_default_gain_db(uint32_t n);
/**
 * Voice i of `mix --voices n`: a stack of sine/triangle/saw voices on a
 * harmonic series from 110 Hz (folded back below 15 kHz, or 40 % of the
 * rate where that is lower), panned alternately.
 * @param i        which voice
 * @param n        voices in all
 * @param rate     frames per second
 * @param gain_db  each voice's level (mix_default_gain_db(n))
 * @param v        receives the voice
 */
void mix_default_voice(uint32_t i, uint32_t n, uint32_t rate, double gain_db,
		       struct mix_voice *v);

/**
 * program_mix.create() with another envelope: every voice attacks over
 * the first half of the mix's frames and is released over the rest (one
 * frame of sustain between).
 * @param args   a parsed mix job's (job->args)
 * @param fmt    the stream's format
 * @param state  program_mix.state_size() bytes, zeroed
 * @param src    receives the source
 * @param err    receives a message on failure
 * @return 0, or program_mix.create()'s error (app/program.h)
 */
int mix_create_ramps(const void *args, const struct stream_format *fmt, void *state,
		     struct koi_source **src, struct msg *err);

#endif /* KOI_APP_PROGRAMS_MIX_H */
