/*
 * virtio_snd.h — the virtio sound device (VIRTIO 1.2, 5.14) as an
 * audio_dev (drivers/audio_dev.h), on the virtio-mmio transport
 * (drivers/virtio_mmio.h).  The protocol as Koi uses it, and how QEMU
 * times it: docs/virtio-sound.md.
 *
 * Streams: virtio_snd_init() asks the device for every stream's PCM_INFO
 * and takes the first output stream for playback and the first input
 * stream for capture.  Each direction plays in one format the driver
 * picks from what the stream offers (S16 first, then S32, FLOAT, U8, S8),
 * with 2 channels when the stream takes them, at 48000 Hz when offered
 * (set_rate picks any rate the stream lists).
 *
 * Data: one I/O message per period: {stream id}, the period's frames,
 * {status, latency}; at most VIRTIO_SND_SLOTS in flight per direction, on
 * the tx (playback) or rx (capture) queue.  A message the device returns
 * is a period done, reported in submission order.  Playback is paced by
 * the stream's clock: QEMU returns a message as soon as its audio core has
 * copied the frames, up to 2048 frames (43 ms at 48 kHz) before they are
 * heard, and the whole ring at once at the start; so a returned message is
 * reported done when, by the board's clock, its last frame has been
 * played (the stream's frames counted at its rate from when the device
 * first returns a message after start() or after it ran dry), or when it
 * comes back, if that is later.  A report that leaves none in flight while the stream
 * runs is AUDIO_EV_IDLE (by the clock the device has nothing left to play:
 * a gap), as is a PCM_XRUN event.  Capture is reported as it comes back.
 *
 * Control (main loop only): SET_PARAMS (buffer = VIRTIO_SND_SLOTS periods:
 * what the device can hold), PREPARE and START in start() (a started
 * stream with nothing queued plays nothing: the first submit() starts the
 * sound); STOP and RELEASE in stop(), which also waits for the device to
 * hand back every message.  A stop() with every message already returned
 * (the end of a drain) leaves STOP and RELEASE to the next start(): QEMU
 * drops the frames its audio core still holds when the stream stops, the
 * last 10 ms or more of the sound.  Control requests wait for the
 * device's answer at most VIRTIO_SND_CTL_TIMEOUT_NS of the board's clock:
 * -ETIMEDOUT then.
 *
 * Errors: a control answer other than OK fails the call that sent it
 * (BAD_MSG -EINVAL, NOT_SUPP -EOPNOTSUPP, IO_ERR and others -EIO; a short
 * answer -EIO).  An I/O message returned with a status other than OK or
 * too short, or DEVICE_NEEDS_RESET: the error is latched for the direction
 * and returned by its next submit() (so the PCM layer stops the stream
 * with it) and by virtio_snd_error().  A device that stops returning
 * messages is the player's watchdog's to report.
 *
 * The board finds the device (virtio_mmio_find for VIRTIO_ID_SOUND), calls
 * virtio_snd_init(), and attaches virtio_snd_isr (context: the struct
 * virtio_snd) to the slot's interrupt.
 */
#ifndef KOI_VIRTIO_SND_H
#define KOI_VIRTIO_SND_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/audio_dev.h"
#include "drivers/virtio_mmio.h"
#include "lib/alarmq.h"
#include "regs/virtio_snd.h"

#define VIRTIO_SND_SLOTS          4u     /* messages in flight per direction */
#define VIRTIO_SND_MAX_STREAMS    8u     /* PCM_INFO asked for at most these */
#define VIRTIO_SND_EVENTS         4u     /* event buffers kept posted */
#define VIRTIO_SND_CTL_SLOTS      2u     /* control requests outstanding */
#define VIRTIO_SND_MAX_PERIOD     16384u
#define VIRTIO_SND_AREA           (256u * 1024u) /* each direction's ring */
#define VIRTIO_SND_CTL_TIMEOUT_NS 1000000000ull

/* The board's clock: the control requests' deadlines and the playback
 * pacing.  alarm_at() arms a one-shot alarm whose callback runs in
 * interrupt context (-EBUSY if it is still armed); alarm_cancel() takes it
 * back (-ENOENT if it already ran).  Board.h's board_now_ns(),
 * board_alarm_at() and board_alarm_cancel() are such a clock. */
struct virtio_snd_clock {
	uint64_t (*now_ns)(void);     /* monotonic time, ns */
	int (*alarm_at)(struct alarm *a, uint64_t when, alarm_fn fn, void *ctx);
	int (*alarm_cancel)(struct alarm *a);
};

/* A control request and its answer, in coherent DMA memory. */
struct virtio_snd_ctl {
	union {
		struct virtio_snd_hdr hdr;
		struct virtio_snd_query_info query;
		struct virtio_snd_pcm_hdr pcm;
		struct virtio_snd_pcm_set_params params;
	} req;
	struct virtio_snd_hdr resp;
	struct virtio_snd_pcm_info info[VIRTIO_SND_MAX_STREAMS];
};

/* An I/O message's header and status, in coherent DMA memory. */
struct virtio_snd_msg {
	struct virtio_snd_pcm_xfer xfer;
	struct virtio_snd_pcm_status status;
};

/* RUNNING: started (START answered).  DRAINED: stopped by the PCM layer
 * with every message played; the device still has the stream started
 * (see stop() in virtio_snd.c). */
enum virtio_snd_state { VSND_IDLE, VSND_RUNNING, VSND_DRAINED };

struct virtio_snd_dir {
	bool present;
	uint32_t stream_id;
	struct virtio_snd_pcm_info info;  /* as the device answered */
	struct audio_caps caps;
	uint8_t vformat, vrate;           /* VIRTIO_SND_PCM_FMT_*, _RATE_* */
	uint32_t period_bytes;            /* configured */
	void *area;                       /* alloc_buffer's ring */
	struct virtio_snd_msg *msg;       /* VIRTIO_SND_SLOTS, DMA */
	/* Main loop with the interrupt masked, or the ISR: */
	enum virtio_snd_state state;
	/* Messages submitted, back from the device (in order), and reported
	 * done: done <= back <= sub (mod 2^32).  Only playback holds
	 * messages between back and done (until they are due). */
	uint32_t sub, back, done;
	bool returned[VIRTIO_SND_SLOTS];  /* by slot: back, out of order */
	uint64_t due[VIRTIO_SND_SLOTS];   /* by slot: played by then, ns */
	/* Playback pacing: when the last frame submitted is played, by the
	 * clock (ns, and a fraction in 1/2^32 ns), and a frame's duration
	 * (Q32 ns, from the rate at start()). */
	uint64_t end_ns, ns_per_frame_q32;
	uint32_t end_frac;
	uint64_t start_ns;                /* the clock's start, ns ... */
	bool pace_sync;                   /* ... until the first message back */
	struct alarm pace;                /* for the oldest message held */
	bool pace_armed;
	int error;                        /* latched; 0 while all is well */
	uint32_t xruns;                   /* PCM_XRUN events */
	uint32_t periods;                 /* messages reported while running */
	uint32_t held;                    /* ... of them back before due */
	uint32_t dry;                     /* refills after none was in flight */
	bool ran_dry;                     /* none in flight since the last */
};

struct virtio_snd {
	struct audio_dev dev;
	struct virtio_mmio vm;
	struct virtq ctlq, eventq, txq, rxq;
	const struct virtio_snd_clock *clock;
	struct virtio_snd_ctl *ctl;       /* VIRTIO_SND_CTL_SLOTS, DMA */
	bool ctl_busy[VIRTIO_SND_CTL_SLOTS], ctl_done[VIRTIO_SND_CTL_SLOTS];
	uint32_t ctl_len[VIRTIO_SND_CTL_SLOTS];
	struct virtio_snd_event *events;  /* VIRTIO_SND_EVENTS, DMA */
	uint32_t streams, jacks, chmaps;  /* from the configuration */
	struct virtio_snd_dir dir[2];     /* by enum audio_dir */
	uint32_t events_seen;             /* event-queue messages */
};

/**
 * Takes the virtio-sound device at base: transport set-up, queues, event
 * buffers posted, DRIVER_OK, PCM_INFO for every stream.
 * @param s      the device
 * @param base   a virtio-mmio slot's registers
 * @param clock  the board's clock (see struct virtio_snd_clock), in memory
 *               that outlives the device
 * @return 0, or a status's errno (see above)
 * @retval -EINVAL     the clock lacks a function
 * @retval -ENODEV     no sound device there, or no output stream
 * @retval -ENOMEM     no DMA memory left
 * @retval -ETIMEDOUT  a control request went unanswered
 */
int virtio_snd_init(struct virtio_snd *s, uintptr_t base,
		    const struct virtio_snd_clock *clock);
/**
 * The interrupt handler.
 * @param ctx  the struct virtio_snd
 */
void virtio_snd_isr(void *ctx);
/**
 * The direction's latched error.
 * @param s    the device
 * @param dir  the direction
 * @return the error, 0 for none
 */
int virtio_snd_error(const struct virtio_snd *s, enum audio_dir dir);
/* A direction's counters since init, for reports and tests (the ISR
 * writes them; each is one 32-bit word, read old or new). */
struct virtio_snd_stats {
	uint32_t periods;  /* messages reported done while running */
	uint32_t held;     /* of them, returned by the device before they
			    * were due by the clock, and held until then */
	uint32_t dry;      /* periods queued after the device had run out of
			    * them while running: gaps (the end of a stream
			    * is not one) */
	uint32_t xruns;    /* PCM_XRUN events the device sent */
};
/**
 * A snapshot of a direction's counters.
 * @param s    the device
 * @param dir  the direction
 * @param st   receives them
 */
void virtio_snd_get_stats(const struct virtio_snd *s, enum audio_dir dir,
			  struct virtio_snd_stats *st);
/**
 * The transport the device offered.
 * @param s  the device
 * @return "legacy" or "modern"
 */
const char *virtio_snd_transport(const struct virtio_snd *s);

#endif /* KOI_VIRTIO_SND_H */
