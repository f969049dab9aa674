/*
 * fake_audio_dev.h — a deterministic host-side audio_dev for unit tests.
 *
 * Simulates a device with hw_slots period slots per direction.  Nothing
 * moves by itself: the test advances time with fake_dev_complete(), one
 * period at a time, and each step calls the registered event callback the
 * way an interrupt would (synchronously, possibly in the middle of whatever
 * the test was doing when it steps from a hook).
 *
 * The fake checks the audio_dev contract and counts every breach in
 * `violations` (with the last message in `why`): submit outside the
 * alloc_buffer() area, of a size that is zero, not a whole frame or over the
 * configured period; more than hw_slots queued; submit or configure while
 * stopped/started wrongly; a queued buffer changed between submit and
 * completion (checksummed at both ends); two queued buffers overlapping.
 *
 * Playback output is recorded in `out` exactly as a listener would hear it:
 * every completed period's bytes, and one period of silence for every step
 * in which the device was started but starved.  Capture fills each completed
 * period with a known pattern (fake_dev_capture_sample).
 */
#ifndef KOI_TESTS_FAKE_AUDIO_DEV_H
#define KOI_TESTS_FAKE_AUDIO_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/audio_dev.h"
#include "audio/pcm.h"

#define FAKE_MAX_SLOTS 4

struct fake_slot {
	uint8_t *buf;
	uint32_t bytes;
	uint32_t sum;
};

struct fake_dir {
	bool present;
	bool started;
	struct audio_caps caps;
	uint32_t period_bytes;  /* configured */
	uint8_t *mem;           /* max_buffer_bytes, filled with 0xA5 junk */
	size_t alloc_bytes;     /* valid area handed out by alloc_buffer */
	struct fake_slot q[FAKE_MAX_SLOTS];
	uint32_t head, count;

	/* playback: what was played, silence included */
	uint8_t *out;
	size_t out_len, out_cap;
	uint32_t silence_frames;
	/* capture: frames produced so far */
	uint32_t cap_frames;

	uint32_t periods_done;
	uint32_t submits, starts, stops;
	int fail_submit;        /* next submit returns this if non-zero */
	uint32_t irq_in_submit; /* complete this many periods from inside
	                           the next submits (a nested interrupt) */
	bool batch_events;      /* report a step's completions in one event */
};

struct fake_dev {
	struct audio_dev dev;
	struct fake_dir d[2];
	uint32_t violations;
	char why[192];
	uint32_t rate_min, rate_max; /* fake_dev_allow_rates */
	struct audio_dev_ops ops;    /* ...its ops: fake_ops with set_rate */
};

/* A device with a choice of rates: set_rate takes min..max (both
 * directions), else -EINVAL.  Without this call the device has no
 * set_rate op at all (one rate, the caps'). */
void fake_dev_allow_rates(struct fake_dev *f, uint32_t min, uint32_t max);

/* caps NULL: the device has no such direction. */
void fake_dev_init(struct fake_dev *f, const struct audio_caps *play,
		   const struct audio_caps *cap);
void fake_dev_free(struct fake_dev *f);

/* Advance `dir` by n period times.  Each step completes the oldest queued
 * period (one PERIOD_DONE event, plus IDLE when the queue empties) or, if
 * the device is started but has nothing queued, plays one configured period
 * of silence.  Returns the number of periods completed. */
uint32_t fake_dev_complete(struct fake_dev *f, enum audio_dir dir, uint32_t n);
/* Complete up to n queued periods and report them in a single event with
 * count = n (drivers may coalesce interrupts). */
uint32_t fake_dev_complete_batch(struct fake_dev *f, enum audio_dir dir,
				 uint32_t n);

/* A pcm_block_fn (ctx = the fake_dev): if ready(arg) is false, advance
 * every started direction by one period, the "interrupt" that ends the
 * wait.  fake_dev_block_calls counts the calls. */
void fake_dev_block(void *ctx, pcm_ready_fn ready, const void *arg);
extern uint32_t fake_dev_block_calls;

/* Sample `ch` of captured frame `n`: distinct per frame and per channel. */
int16_t fake_dev_capture_sample(uint32_t n, uint32_t ch);

/* The goldfish-like shapes used by most tests. */
struct audio_caps fake_caps_playback(void); /* 44.1k stereo, 2 slots  */
struct audio_caps fake_caps_capture(void);  /* 8k mono, 1 slot        */
/* fake_caps_playback() in another frame format. */
struct audio_caps fake_caps_format(uint32_t rate, uint32_t channels,
				   enum sample_format format);

#endif /* KOI_TESTS_FAKE_AUDIO_DEV_H */
