/*
 * player.h — plays one job's sound source through a PCM stream.
 *
 * The application layer: it ties a source (audio/programs via app/cmdline)
 * to a playback stream (audio/pcm) on an audio device (any audio_dev), with
 * the firmware's WFI-based wait, the TTY as the piano keyboard, and the
 * forced-underrun test hook of the command line.  It renders straight into
 * the stream's ring (pcm_mmap_begin/commit): no intermediate copy.
 *
 * An underrun is reported and recovered (pcm_prepare), never fatal: the
 * device plays silence meanwhile and the sound resumes where it stopped.
 */
#ifndef KOI_PLAYER_H
#define KOI_PLAYER_H

#include <stdint.h>

#include "app/cmdline.h"
#include "audio/audio_dev.h"
#include "audio/source.h"

/* Defaults when the command line gives no --period. */
#define PLAYER_PERIOD_FRAMES 512u /* 11.6 ms at 44.1 kHz */
#define PLAYER_PERIODS       4u   /* ring: 46.4 ms       */
#define PLAYER_PIANO_PERIOD  128u /* keys want latency   */
/* Watchdog: a running stream with no completed period for this many
 * periods plus the margin has stalled (player_run returns -ETIMEDOUT). */
#define PLAYER_WATCHDOG_PERIODS   16u
#define PLAYER_WATCHDOG_MARGIN_NS 50000000ull

struct player_report {
	uint32_t frames;         /* frames the device played */
	uint32_t rate;           /* the device's frames per second; 0 if the
	                            stream never opened */
	uint32_t period_frames, periods;
	uint32_t min_period, max_period; /* what the device takes (frames) */
	uint32_t underruns;
	uint32_t min_fill;       /* lowest ring fill while running (frames) */
	uint64_t start_ns, end_ns;       /* virtual time: first frame .. drained */
	/* The last forced stall (--stall-after): when the device ran dry
	 * (end of its last period) and when sound was handed to it again. */
	uint64_t starved_ns, resumed_ns;
	/* Non-zero when the watchdog ended the stream: no period completed
	 * for this long (the device stopped interrupting). */
	uint64_t watchdog_ns;
};

/* Plays src (built from job into prog by job_source()) to its end; the
 * interactive piano ends after a quit key.  0, -ERANGE if the device does
 * not take the job's period (rep->min_period..max_period say what it
 * takes), -ETIMEDOUT if the watchdog found the stream stalled (it is
 * stopped), or a negative errno from the stream (the report is filled as
 * far as it got). */
int player_run(struct audio_dev *dev, const struct job *job,
	       union job_program *prog, struct koi_source *src,
	       struct player_report *rep);

#endif /* KOI_PLAYER_H */
