/*
 * program.h — what a sound program is: one struct program, in one file of
 * app/programs/, named once in KOI_PROGRAMS below.  Nothing else in the
 * tree lists programs: the command line, the usage text, the summary line,
 * the player and koi-render all go through this table.
 *
 * Life of a job (app/cmdline.h):
 *   parse    the command line picks the program by name, fills its
 *            arguments (args_size bytes) with defaults(), then hands it
 *            each "--name value" through the option of that name and any
 *            other word to words(); finish() checks the whole.  Checks
 *            that need no device are made here.
 *   build    once the stream's format is known (the device's, or
 *            koi-render's --rate/--channels), create() builds the source
 *            at the stream's rate in state_size() bytes of storage, or
 *            says why these arguments cannot play at that rate (a
 *            frequency above half of it).  The source renders stereo or
 *            the stream's channel count; the job builder puts a converter
 *            behind it where they differ.
 *   play     the player renders the source; a live program (one that
 *            takes keys from the console, live() says so) gets every key
 *            through key().
 *
 * Words: words() and the options may keep pointers to the words they are
 * given rather than copies (play keeps its file names): the words outlive
 * the job (main's argv, koi-render's).
 *
 * Messages written into `err` are one line, without the "koi: " prefix,
 * and name what is wrong the way the user wrote it ("--freq: '0' is not a
 * frequency in ...").
 */
#ifndef KOI_PROGRAM_H
#define KOI_PROGRAM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/args.h"
#include "lib/format.h"
#include "audio/source.h"

/* Room for any program's arguments in a job (mix's voices are the most). */
#define JOB_ARGS_MAX 2560u

/* create()'s and result()'s answer for an input the job cannot play (a
 * host file that is missing, unreadable, not a WAV Koi plays, or that
 * changed while it was read): the message names it, exit status 2 like a
 * bad argument, but without the usage text. */
#define PROGRAM_BAD_INPUT (-EBADF)

struct prog_option {
	const char *name;  /* "--freq" */
	const char *value; /* what it takes, for the usage text: "HZ"; NULL
	                      with names NULL: a flag, which takes no value
	                      (set() gets "") */
	/* Reads value into args: 0, or -EINVAL with a message in err. */
	int (*set)(void *args, const char *value, struct msg *err);
	/* When the value is one of a list of names: writes them, separated
	 * by sep, so that the usage text and messages follow the list (the
	 * waveforms of osc.h, say).  NULL: value says it all. */
	void (*names)(struct msg *out, const char *sep);
};

struct program {
	const char *name;   /* the first word: "tone" */
	const char *help;   /* what it plays, for the usage text */
	const char *words_usage; /* the words() it takes, for the usage text
	                            ("[WAVE:HZ[:DB[:PAN]]...]"), or NULL */
	size_t args_size;   /* at most JOB_ARGS_MAX (app/cmdline.h) */
	bool host_files;    /* reads or writes the host's files
	                       (board/board.h): the command-line fuzzer
	                       does not build its jobs */
	void (*defaults)(void *args);
	const struct prog_option *options; /* ends with {NULL} */
	/* A word that is not an option: words[0..n) are it and the rest of
	 * the line.  Returns how many it took (>= 1) or -EINVAL with a
	 * message.  NULL: such a word is an error of the command line's. */
	int (*words)(void *args, int n, char *const *words, struct msg *err);
	/* After the last word: checks across options.  NULL: none. */
	int (*finish)(void *args, struct msg *err);
	/* Capture: the host file these arguments record the device's input
	 * into, with *seconds how long (0: as long as the job plays, or, for
	 * a job that plays nothing, until q); NULL when they record nothing.
	 * NULL: never records (app/recorder.h). */
	const char *(*record)(const void *args, double *seconds);
	/* The program's sound.  A program without create() plays nothing and
	 * only records (record): state_size and the rest are unused. */
	/* Storage create() needs for a stream of format fmt; 0 if the
	 * arguments cannot play in that format at all. */
	size_t (*state_size)(const void *args, const struct stream_format *fmt);
	/* The source, built in state (state_size() bytes, zeroed, aligned
	 * for any type) to render at fmt->rate, with fmt->channels or
	 * stereo.  0, -EINVAL with a message in err, or another -errno. */
	int (*create)(const void *args, const struct stream_format *fmt, void *state,
		      struct koi_source **src, struct msg *err);
	/* Frames the source renders in all, at the stream's rate, asked right
	 * after create() (for the progress line); 0 when not known in
	 * advance.  NULL: not known. */
	uint64_t (*length)(const void *state);
	/* Frees what create() took beyond state.  NULL: nothing. */
	void (*release)(void *state);
	/* After play: 0, or what went wrong with the job's input while it
	 * played (the sound ended early), with a message in err:
	 * PROGRAM_BAD_INPUT or another -errno.  NULL: nothing can. */
	int (*result)(void *state, struct msg *err);
	/* The job in a few words, after the program's name ("sine 997 Hz
	 * 2 s 0 dB (R = -L)"), for the summary. */
	void (*describe)(const void *args, struct msg *out);
	/* Live jobs: the hint printed before play when these arguments make
	 * the job take keys from the console (it then never ends by itself),
	 * NULL when they do not.  NULL: never live. */
	const char *(*live)(const void *args);
	/* A key typed during a live job: 1 to end it (it may fade out
	 * first), 0 otherwise. */
	int (*key)(void *state, int ch);
};

/* Every program, in the order of the usage text.  Adding one: its file in
 * app/programs/ defining `const struct program program_NAME`, and NAME
 * here.  The X-macro lets a test image list the same programs plus its own
 * (tests/e2e/stall.c). */
#define KOI_PROGRAMS(P) P(demo) P(tone) P(mix) P(piano) P(pcm) P(play) P(record)

#define KOI_PROGRAM_DECLARE(name) extern const struct program program_##name;
#define KOI_PROGRAM_ENTRY(name) &program_##name,
KOI_PROGRAMS(KOI_PROGRAM_DECLARE)

/* The table the command line searches: KOI_PROGRAMS, then NULL.  Defined
 * by app/programs.c in the firmware and koi-render. */
extern const struct program *const koi_programs[];

#endif /* KOI_PROGRAM_H */
