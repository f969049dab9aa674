/*
 * audio_dev.h — the contract between the PCM layer (audio/) and a sound
 * device driver (drivers/).
 *
 * The PCM layer owns streams, rings, states and policy; a driver owns
 * registers, DMA memory and interrupts.  A driver fills in an audio_dev with
 * its ops; the PCM layer calls them and registers one event callback that
 * the driver calls from its interrupt handler.  Nothing here knows about
 * notes or mixers; a device states its own frame format (format.h) and the
 * layers above play in it.
 *
 * Data moves in periods: the PCM layer hands the driver one period at a
 * time with submit(); the buffer must stay untouched (playback) or unread
 * (capture) until the driver reports that period done.  The driver queues
 * at most caps.hw_slots periods at once (goldfish: 2 for playback, 1 for
 * capture) and reports completions in submission order.
 *
 * Errors are negative errno values (<errno.h>): -EINVAL bad argument,
 * -EBUSY no free slot, -ENODEV no such direction, -EPERM wrong state.
 *
 * Why here and not in audio/: this is the device class a driver implements,
 * so it sits in the drivers' layer (as Zephyr's drivers/i2s.h does); a
 * driver then includes nothing above its own layer, and audio/ includes
 * this one header from below.  tools/check-layers enforces both.
 */
#ifndef KOI_AUDIO_DEV_H
#define KOI_AUDIO_DEV_H

#include <stddef.h>
#include <stdint.h>

#include "lib/format.h"

enum audio_dir {
	AUDIO_PLAYBACK = 0,
	AUDIO_CAPTURE  = 1,
};

/* What a device can do in one direction: one frame format, fixed by the
 * device (interleaved, little-endian). */
struct audio_caps {
	uint32_t rate;             /* frames per second */
	uint32_t channels;         /* samples per frame */
	enum sample_format format; /* of each sample */
	uint32_t frame_bytes;      /* channels * sample_format_bytes(format) */
	uint32_t min_period_bytes; /* smallest period the device takes */
	uint32_t max_period_bytes; /* largest period (one hardware buffer) */
	uint32_t hw_slots;         /* periods the device can hold queued at once */
	uint32_t max_buffer_bytes; /* largest ring alloc_buffer() can give */
};

/* Events the driver reports through the callback, from interrupt context. */
#define AUDIO_EV_PERIOD_DONE 0x1u /* oldest submitted period played/captured */
/* The device ran out of periods (it plays silence), possibly just before a
 * period submitted since reached it: a gap may have been heard. */
#define AUDIO_EV_IDLE        0x2u

struct audio_dev;

/* Called from the driver's interrupt handler: events is a mask of
 * AUDIO_EV_*, count is the number of periods completed (PERIOD_DONE).
 * Must not block; may call submit() to queue the next period.  A driver
 * may also call it from inside submit() (goldfish: completions it found
 * there), exactly as if its interrupt had been taken at that point; the
 * count may then include the period being submitted. */
typedef void (*audio_dev_event_fn)(void *ctx, enum audio_dir dir,
				   uint32_t events, uint32_t count);

struct audio_dev_ops {
	/* -ENODEV if the device has no such direction. */
	int (*get_caps)(struct audio_dev *dev, enum audio_dir dir,
			struct audio_caps *caps);
	/* Memory the device can DMA from/to (coherent, never cached), for the
	 * PCM layer's ring; stays valid until the device is released.  NULL
	 * if bytes > caps.max_buffer_bytes. */
	void *(*alloc_buffer)(struct audio_dev *dev, enum audio_dir dir,
			      size_t bytes);
	/* Fix the period size for the next start; -EINVAL outside the caps or
	 * not a multiple of the frame; -EPERM while started. */
	int (*configure)(struct audio_dev *dev, enum audio_dir dir,
			 uint32_t period_bytes);
	/* Arm the direction: interrupts on, no data yet.  The first submit()
	 * after start() starts the sound. */
	int (*start)(struct audio_dev *dev, enum audio_dir dir);
	/* Stop at once: queued periods are dropped, no more events. */
	int (*stop)(struct audio_dev *dev, enum audio_dir dir);
	/* Queue one period (buf inside the alloc_buffer() area, bytes a
	 * multiple of the frame, at most the configured period).  -EBUSY when
	 * all hw_slots are taken.  Callable from the event callback. */
	int (*submit)(struct audio_dev *dev, enum audio_dir dir, void *buf,
		      uint32_t bytes);
	/* Periods queued in the device and not yet reported done. */
	uint32_t (*queued)(struct audio_dev *dev, enum audio_dir dir);
	/* Optional (NULL: the device has one rate).  Play (record) at `rate`
	 * frames per second from now on; get_caps() then reports the rate the
	 * device set.  -EINVAL for a rate it cannot take, -EPERM while
	 * started, or the device's error. */
	int (*set_rate)(struct audio_dev *dev, enum audio_dir dir, uint32_t rate);
};

struct audio_dev {
	const char *name;
	const struct audio_dev_ops *ops;
	/* Set by the PCM layer before start(); called by the driver. */
	audio_dev_event_fn event;
	void *event_ctx;
	void *priv; /* the driver's own state */
};

#endif /* KOI_AUDIO_DEV_H */
