/*
 * cmdline.h — the firmware's command line: raw string -> words -> job ->
 * source.  Pure code (no I/O, no allocation), shared by the firmware and
 * tools/render.c, so both build exactly the same source from the same
 * arguments.
 *
 *   demo                                   (default) the tour + the tune
 *   tone [--freq HZ] [--seconds S] [--wave sine|square|saw|triangle|noise|pink]
 *        [--gain DB]                       defaults 997 Hz, 2 s, sine, 0 dB
 *   mix  [--voices N] [--seconds S] [WAVE:HZ[:DB[:PAN]]...]
 *                                          N default voices (8; as many as
 *                                          memory holds) or the given ones
 *   piano [--keys STRING]                  interactive, or the keys scripted
 *   pcm  [--format s8|u8|s16|s24|s32|float] [--rate HZ] [--channels 1|2]
 *        [--repeat N]                      a built-in clip through the converter
 *   help
 * Options for every program:
 *   --period FRAMES        period size, 1..65536 frames (default 0: the
 *                          caller's); the device may take fewer (its caps)
 *   --stall-after FRAMES   forced-underrun test: stall after this many frames
 *   --stall-periods N      ... for N periods (default 4)
 *
 * Errors: cmdline_parse() returns -EINVAL and writes one line saying what is
 * wrong into err; the caller prints it with cmdline_usage() and exits
 * non-zero.
 */
#ifndef KOI_CMDLINE_H
#define KOI_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

#include "audio/programs.h"

enum job_kind { JOB_DEMO, JOB_TONE, JOB_MIX, JOB_PIANO, JOB_PCM, JOB_HELP };

#define JOB_KEYS_MAX 256u
#define JOB_VOICE_SPECS 64u /* voices one command line can list */

struct job {
	enum job_kind kind;
	uint32_t period_frames;  /* 0 = not given */
	uint32_t stall_after;    /* 0 = no forced underrun */
	uint32_t stall_periods;
	/* tone */
	enum osc_wave wave;
	double freq, seconds, gain_db;
	/* mix (seconds shared with tone): nvoices listed voices, or with
	 * default_voices nvoices of prog_mix_default_voice() */
	uint32_t nvoices;
	int default_voices;
	struct prog_voice voices[JOB_VOICE_SPECS];
	/* piano */
	int keys_given;
	char keys[JOB_KEYS_MAX + 1];
	/* pcm */
	enum conv_format format;
	uint32_t rate, channels, repeat;
};

#define CMDLINE_MAX_ARGS 96 /* mix with 64 voice specs plus options */
#define CMDLINE_ERR_LEN 128

/* Split line in place into words (spaces/tabs separate; '...' and "..."
 * quote; backslash escapes the next character outside single quotes).
 * Returns the word count, -E2BIG for more than max words, -EINVAL for an
 * unterminated quote or a trailing backslash. */
int cmdline_split(char *line, char **argv, int max);

/* argv holds the arguments only (no program name).  0 or -EINVAL. */
int cmdline_parse(int argc, char *const *argv, struct job *job, char *err,
		  size_t errlen);

const char *cmdline_usage(void);
const char *job_kind_name(enum job_kind k);

/* Storage for whichever program a job needs. */
union job_program {
	struct prog_tone tone;
	struct prog_mix mix;
	struct prog_demo demo;
	struct prog_piano piano;
	struct prog_pcm pcm;
};

/* Build the job's source in storage; *out points into it.  -EINVAL for a
 * job with nothing to play (help) or a bad value. */
int job_source(const struct job *job, union job_program *storage,
	       struct koi_source **out);

/* One line describing the job ("tone sine 997 Hz 2 s 0 dB"), for summaries. */
void job_describe(const struct job *job, char *buf, size_t len);

#endif /* KOI_CMDLINE_H */
