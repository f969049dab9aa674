/*
 * status.h — what the firmware tells the user while a job plays, as text:
 * the stream's negotiated parameters (`-v`, in the order and words of
 * `aplay -v`), and the progress line ("time played of total").  Pure
 * formatting into a caller's buffer (app/args.h: struct msg), so the host
 * tests check the exact words; app/main.c prints them.
 */
#ifndef KOI_STATUS_H
#define KOI_STATUS_H

#include <stdint.h>

#include "app/args.h"
#include "app/player.h"
#include "lib/format.h"

/**
 * The sample format as ALSA names it.
 * @param f  the format
 * @return "S16_LE", "S24_3LE", "FLOAT_LE", ...
 */
const char *status_alsa_format(enum sample_format f);

/**
 * The setup, several lines each starting with "koi: ", as aplay -v:
 *   koi: setup    PLAYBACK, MMAP_INTERLEAVED
 *   koi:   format          : S16_LE
 *   koi:   channels        : 2
 *   koi:   rate            : 44100
 *   koi:   period_size     : 512 (11.609 ms)
 *   koi:   periods         : 4
 *   koi:   buffer_size     : 2048 (46.439 ms)
 *   koi:   start_threshold : 2048
 * @param m       the message it is appended to
 * @param stream  the direction and access ("PLAYBACK, MMAP_INTERLEAVED")
 * @param s       the stream's setup
 */
void status_setup(struct msg *m, const char *stream, const struct player_setup *s);

/* Progress is shown for jobs of at least this length, on a terminal. */
#define STATUS_PROGRESS_MIN_S 5u

/**
 * "koi: 0:03 of 3:27" (h:mm:ss past an hour), whole seconds, rounded down.
 * @param m       the message it is appended to
 * @param played  frames played
 * @param total   frames in all
 * @param rate    frames per second
 */
void status_progress(struct msg *m, uint64_t played, uint64_t total, uint32_t rate);

#endif /* KOI_STATUS_H */
