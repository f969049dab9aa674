/*
 * player.h — plays a sound source through the playback stream of an audio
 * device, in the device's own format.
 *
 * player_open() opens the device's playback stream (audio/pcm.h) and reads
 * its frame format with pcm_hw_info(): rate, channels, sample format.  The
 * caller builds its sound for that format (app/cmdline.h: job_build puts a
 * converter where a source's native format differs) and player_play()
 * renders it straight into the stream's ring (pcm_mmap_begin/commit: no
 * intermediate copy for an S16 device; other sample formats are encoded
 * from S16 on the way in, convert.h: convert_render_as).  The player serves
 * PLAYER_MIN_RATE..PLAYER_MAX_RATE frames per second, 1 or 2 channels and
 * every sample format of format.h; it refuses any other device (-ENOTSUP,
 * and says why) rather than play it at the wrong pitch or as noise.
 *
 * It waits with board_wait() (WFI) under a watchdog, and takes keys from
 * the console: space pauses and resumes (pcm_pause: the periods in the
 * device finish, the device plays silence, nothing is lost or repeated),
 * + and - step the volume and m mutes (the job's volume stage, gain.h:
 * click-free ramps), q fades out and stops; a live program gets the rest.  An underrun is reported and recovered
 * (pcm_recover), never fatal: the device plays silence meanwhile and the
 * sound resumes where it stopped.
 */
#ifndef KOI_PLAYER_H
#define KOI_PLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/gain.h"
#include "audio/source.h"
#include "lib/format.h"

struct audio_dev; /* the board's sound device (board_audio_dev) */
struct recorder;  /* app/recorder.h */

#define PLAYER_MIN_RATE 8000u
#define PLAYER_MAX_RATE 192000u
/* Defaults when the caller gives no period. */
#define PLAYER_PERIOD_FRAMES 512u /* 11.6 ms at 44.1 kHz */
#define PLAYER_PERIODS       4u   /* ring: 46.4 ms       */
#define PLAYER_LIVE_PERIOD   128u /* keys want latency   */
/* Adaptive latency (audio/pcm.h, pcm_hw_params_adapt), unless the job
 * fixes its period: after underruns and near misses (a write that
 * landed with under half a period queued), larger periods (the device then
 * holds the whole buffer) and then a larger buffer, up to
 * PLAYER_ADAPT_FACTOR times the job's latency (an underrun in the first
 * second of sound goes straight there: pcm_set_adapt_start); back down a
 * step after PLAYER_ADAPT_QUIET_S seconds of sound without either. */
#define PLAYER_ADAPT_FACTOR   4u
#define PLAYER_ADAPT_QUIET_S  10u
#define PLAYER_MIN_LATENCY_MS 0.1    /* --latency's range */
#define PLAYER_MAX_LATENCY_MS 2000.0
/* Watchdog: a running stream with no completed period for this many
 * periods plus the margin has stalled (player_play returns -ETIMEDOUT). */
#define PLAYER_WATCHDOG_PERIODS   16u
#define PLAYER_WATCHDOG_MARGIN_NS 50000000ull
/* Until the first period completes after a start (or a restart after an
 * underrun, or a resume), the limit is at least this: a device that plays
 * through a sound server waits for the server to take the new stream.
 * Measured with QEMU 10.0's pa driver on PulseAudio 16 (docs/play.md):
 * 60 to 270 ms before the server asked for more than its first buffer,
 * during which vexpress-a9's PL041 (FIFO full) does not interrupt; the
 * steady-state limit (220 ms with the default periods) ended such streams
 * before their first period. */
#define PLAYER_WATCHDOG_START_NS  2000000000ull

/* The stream as negotiated, for `-v` (aplay -v prints the same). */
struct player_setup {
	uint32_t rate, channels;
	enum sample_format format;
	uint32_t period_frames, periods, buffer_frames;
	uint32_t start_threshold; /* frames written before it starts itself */
};

/* What the console's keys did, for the caller to say (app/main.c). */
enum player_event {
	PLAYER_PAUSED,
	PLAYER_RESUMED,
	PLAYER_VOLUME,   /* value: the volume now, in dB */
	PLAYER_MUTED,
	PLAYER_UNMUTED,
	PLAYER_STOPPING, /* q: fading out, then the end */
};

/* The keys every job takes from the console (controls on): */
#define PLAYER_KEY_PAUSE  ' '  /* pause / resume: nothing lost or repeated */
#define PLAYER_KEY_UP     '+'  /* +1 dB ('=' too: the same key unshifted) */
#define PLAYER_KEY_DOWN   '-'  /* -1 dB */
#define PLAYER_KEY_MUTE   'm'  /* mute / unmute */
#define PLAYER_KEY_QUIT   'q'  /* fade out and stop (Ctrl-C, Ctrl-D, Esc too) */
#define PLAYER_VOLUME_STEP_DB 1.0

struct player_opts {
	uint32_t period_frames; /* fixed: no adaptation (an ALSA application
	                           that sets its period); 0: adaptive */
	uint32_t latency_us;    /* adaptive: the buffer to start from (periods
	                           of a quarter of it, bent to the device);
	                           0: PLAYER_PERIODS x PLAYER_PERIOD_FRAMES, or
	                           x PLAYER_LIVE_PERIOD for a live job */
	bool no_adapt;          /* the start latency, fixed */
	/* The console's keys control the sound (see PLAYER_KEY_*); the keys
	 * they do not use go to key() of a live job. */
	bool controls;
	/* The volume stage the keys act on (the job's: app/cmdline.h), or
	 * NULL: the volume and mute keys do nothing, q stops at once. */
	struct gain *gain;
	/* Told what a key did.  NULL: not told. */
	void (*event)(void *ctx, enum player_event ev, double value);
	/* Called once the stream is configured, before the first frame.
	 * NULL: not told. */
	void (*setup)(void *ctx, const struct player_setup *s);
	/* Called from the main loop each time another whole second has
	 * played, with the frames played so far, and once more at the end.
	 * NULL: not told. */
	void (*progress)(void *ctx, uint64_t frames_played, bool end);
	void *ctx;              /* for setup and progress */
	/* Capture beside the playback, from its start to the end of its
	 * drain (app/recorder.h: opened, not started); NULL: none.  Under
	 * the same watchdog as a plain recording: no capture period for
	 * PLAYER_WATCHDOG_PERIODS of them plus the margin, and the recording
	 * fails with -ETIMEDOUT (rec->error, recorder_finish returns it) and
	 * the play stops as for any recording error. */
	struct recorder *rec;
	/* Live play: each key typed on the console (that the controls do
	 * not take) goes to key(key_ctx, ch), which returns 1 once the job
	 * should end (its source then ends by itself; its quit keys go to it,
	 * not to the controls).  NULL: not live. */
	int (*key)(void *key_ctx, int ch);
	void *key_ctx;
};

struct player_report {
	uint32_t frames;         /* frames the device played */
	uint32_t rate;           /* the device's frames per second; 0 if the
	                            stream never opened */
	uint32_t period_frames, periods;
	uint32_t min_period, max_period; /* what the device takes (frames) */
	uint32_t underruns;
	uint32_t pauses;         /* times the user paused */
	uint32_t min_fill;       /* lowest ring fill while running (frames) */
	/* Adaptive latency: the buffer (frames) at the start, the largest it
	 * took, at the end, and the same of the period (the start's is
	 * period_frames); its steps up and down; the underruns in the first
	 * second of sound; frames played when the buffer last changed. */
	uint32_t start_buffer, max_buffer, end_buffer;
	uint32_t top_period, end_period;
	uint32_t grows, shrinks;
	uint32_t near_misses;    /* steps up may follow these as well */
	uint32_t underruns_1s;
	uint32_t changed_at;
	uint64_t start_ns, end_ns;       /* virtual time: first frame .. drained */
	/* The last underrun: when the device ran dry (end of its last
	 * period) and when sound was handed to it again. */
	uint64_t starved_ns, resumed_ns;
	/* Non-zero when the watchdog ended the stream: no period completed
	 * for this long (the device stopped interrupting). */
	uint64_t watchdog_ns;
	/* Non-zero when the capture beside the playback (opts.rec) got no
	 * period for this long: the recording failed with -ETIMEDOUT, and the
	 * play stopped. */
	uint64_t capture_watchdog_ns;
};

/**
 * Opens dev's playback stream, with one line in why either way.
 * @param dev     the board's sound device
 * @param fmt     receives the device's frame format
 * @param why     one line: what opened, or why not
 * @param whylen  bytes in why
 * @return 0, or the stream's error
 * @retval -ENOTSUP  a format the player cannot serve
 * @retval -ENODEV   the stream's error (audio/pcm.h, pcm_open)
 * @retval -EINVAL   the stream's error (audio/pcm.h, pcm_open)
 */
int player_open(struct audio_dev *dev, struct stream_format *fmt, char *why,
		size_t whylen);
/**
 * The same as player_open(), asking the device for rate frames per second
 * first (audio/pcm.h, pcm_set_rate).
 * @param dev     the board's sound device
 * @param rate    frames per second; 0: the device's own rate
 * @param fmt     receives the device's frame format
 * @param why     one line: what opened, or why not
 * @param whylen  bytes in why
 * @return 0, or player_open()'s errors
 * @retval -ENOTSUP  a device with one other rate (or a format the player
 *                   cannot serve)
 * @retval -EINVAL   a rate the device cannot take
 */
int player_open_at(struct audio_dev *dev, uint32_t rate, struct stream_format *fmt,
		   char *why, size_t whylen);
/**
 * Plays src to its end; a live job ends after its key() said so and its
 * source ended.  The report is filled as far as it got.  May be called
 * again.
 * @param src  at the device's rate and channel count
 * @param o    the options
 * @param rep  receives the report
 * @return 0, or a negative errno from the stream
 * @retval -ERANGE     the device does not take the period
 *                     (rep->min_period..max_period say what it takes)
 * @retval -ETIMEDOUT  the watchdog found the stream stalled (it is stopped)
 * @retval -EINVAL     a source in another format
 */
int player_play(struct koi_source *src, const struct player_opts *o,
		struct player_report *rep);
/**
 * The name of the device player_open() opened.
 * @return it ("goldfish_audio")
 */
const char *player_device(void);
/** Closes the stream player_open() opened. */
void player_close(void);
/**
 * Nothing to play, only rec to fill: until its limit or until a quit key
 * (q, Ctrl-C, Ctrl-D, Esc), under a watchdog like play's.  The report's
 * frames are the frames recorded.
 * @param rec  opened, not started (app/recorder.h)
 * @param o    the options (the keys)
 * @param rep  receives the report
 * @return 0, or the recorder's error
 * @retval -ETIMEDOUT  the device stopped capturing
 */
int player_record(struct recorder *rec, const struct player_opts *o,
		  struct player_report *rep);

#endif /* KOI_PLAYER_H */
