/*
 * cmdline.h — the firmware's command line: words (lib/argv_split.h) -> job
 * -> sound.  Shared by the firmware and tools/render.c, so both build
 * exactly the same source from the same arguments and stream format.
 *
 *   [--rate HZ] [PROGRAM] [--period FRAMES] [PROGRAM'S OPTIONS AND WORDS]  | help
 *
 * --rate HZ, before the program, asks the audio device for that rate
 * (8000..192000; a device with a choice, such as vexpress-a9's codec, takes
 * it, one without refuses it unless it is its own).  koi-render takes the
 * same words for the device it renders for.
 * The programs, their options and the usage text come from the program
 * table (app/program.h); the first program (demo) is the default.  Options
 * for every program:
 *   --period FRAMES        period size, 1..65536 frames (default 0: the
 *                          player's); the device may take fewer (its caps)
 *   --volume DB            the volume stage's level, -60..12 dB (default 0)
 *   --mute                 start muted (the m key unmutes)
 *   -v, --verbose          print the stream's negotiated parameters
 *   --help, -h             the usage text instead of a sound
 *
 * Parsing needs no device and checks everything it can.  Building the
 * sound needs the stream's format (the device's, or koi-render's) and
 * checks what depends on it: a frequency must lie below half the rate.
 * Either step returns -EINVAL with one line saying what is wrong in err;
 * the caller prints it with cmdline_usage() and exits non-zero.
 *
 * cmdline_parse() does no I/O and no allocation; job_build() takes the
 * job's storage from the heap (malloc) and job_free() gives it back.
 */
#ifndef KOI_CMDLINE_H
#define KOI_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/program.h"
#include "audio/convert.h"
#include "audio/gain.h"
#include "audio/source.h"
#include "lib/format.h"

struct job {
	const struct program *prog; /* NULL for help */
	bool help;                  /* help, --help or -h */
	bool verbose;               /* -v or --verbose */
	bool mute;                  /* --mute */
	double volume_db;           /* --volume, 0 = unity */
	uint32_t rate;              /* --rate before the program: the device's
	                               rate asked for; 0 = the device's own */
	uint32_t period_frames;     /* --period: fixed, no adaptation; 0 = not given */
	uint32_t latency_us;        /* --latency: where adaptation starts; 0 = the
	                               job's default */
	bool no_adapt;              /* --no-adapt: the latency stays put */
	_Alignas(8) unsigned char args[JOB_ARGS_MAX]; /* the program's */
};

#define CMDLINE_MAX_ARGS 96 /* mix with 64 voice specs plus options */
#define CMDLINE_ERR_LEN 160

/**
 * Parses the command line into a job.
 * @param argc    words in argv
 * @param argv    the arguments only (no program name)
 * @param job     receives the job
 * @param err     receives a message on failure
 * @param errlen  bytes in err
 * @return 0
 * @retval -EINVAL  arguments that make no job (the message says why)
 */
int cmdline_parse(int argc, char *const *argv, struct job *job, char *err,
		  size_t errlen);

/**
 * The usage text, generated from the program table.
 * @return it
 */
const char *cmdline_usage(void);

/**
 * "tone sine 997 Hz 2 s 0 dB (R = -L), period 256", for summaries.
 * @param job  the job
 * @param buf  receives the text, always terminated
 * @param len  bytes in buf
 */
void job_describe(const struct job *job, char *buf, size_t len);

/**
 * The host file the job records the device's input into.
 * @param job      the job
 * @param seconds  receives how long (0: as long as it plays, or until q)
 * @return the path, NULL: none
 */
const char *job_record(const struct job *job, double *seconds);
/**
 * Whether the job has a sound to play (record has none: it only records).
 * @param job  the job
 * @return true if it has
 */
bool job_plays(const struct job *job);

/**
 * The hint to print before a live job (one that takes keys from the
 * console and never ends by itself).
 * @param job  the job
 * @return the hint, NULL for any other job
 */
const char *job_live(const struct job *job);

/* A job's sound for one stream format: the program's source, a converter
 * behind it when its rate or channel count is not the stream's, and the
 * volume stage last (audio/gain.h: the player's keys act on it; at 0 dB
 * it copies).  src renders S16 at fmt's rate and channel count. */
struct job_sound {
	const struct job *job;
	void *state;            /* the program's storage (heap) */
	struct convert *conv;   /* NULL when the source plays as it is */
	struct gain gain;       /* the volume stage: src is gain.src */
	struct koi_source *src;
	uint64_t frames;        /* what src renders in all; 0 if not known */
};

/**
 * Build job's sound for a stream of format fmt.
 * @param job     the job
 * @param fmt     the stream's format
 * @param out     receives the sound (job_free() it)
 * @param err     receives a message on failure
 * @param errlen  bytes in err
 * @return 0, or PROGRAM_BAD_INPUT with a message (an input file that
 *         cannot play: no usage text, exit 2)
 * @retval -EINVAL  with a message in err (the arguments cannot play in this
 *                  format; help)
 * @retval -ENOMEM  no memory for the program's state or the converter
 */
int job_build(const struct job *job, const struct stream_format *fmt,
	      struct job_sound *out, char *err, size_t errlen);
/**
 * Frees what job_build took; safe on a zeroed or already freed sound.
 * @param s  the sound
 */
void job_free(struct job_sound *s);
/**
 * After play: what ended the job's sound early (an input file that
 * changed while it was read), with a message in err.
 * @param s       the sound
 * @param err     receives the message
 * @param errlen  bytes in err
 * @return 0, or PROGRAM_BAD_INPUT or another negative errno
 */
int job_result(struct job_sound *s, char *err, size_t errlen);
/**
 * A key typed during a live job.  The shape of the player's key callback
 * (app/player.h).
 * @param sound  its struct job_sound
 * @param ch     the key
 * @return 1 once it should end, 0 otherwise
 */
int job_key(void *sound, int ch);

#endif /* KOI_CMDLINE_H */
