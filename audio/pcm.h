/*
 * pcm.h — PCM streams on top of an audio_dev, modelled on ALSA's PCM layer.
 *
 * A stream is one direction of one audio_dev.  The application describes the
 * ring it wants (pcm_hw_params), fills it (playback: pcm_write or
 * pcm_mmap_begin/commit) or empties it (capture: pcm_read), and drives the
 * state machine with prepare/start/pause/drain/drop.  The device's interrupt
 * path retires completed periods and hands the next whole periods to the
 * driver straight from the ring: nothing is copied on the interrupt side.
 *
 * Contract:
 *  - Every call in a state where it makes no sense returns -EPERM and changes
 *    nothing.  Bad arguments give -EINVAL.  A stream in XRUN answers
 *    pcm_write/pcm_read/pcm_wait with -EPIPE until pcm_recover() (or
 *    pcm_prepare() or pcm_drop()).  Other errors are the driver's, passed through.
 *  - Playback never submits a frame the application did not write, and never
 *    submits a frame twice: after an underrun the device plays silence on its
 *    own, and the frames written but not yet played are played after
 *    recovery (pcm_prepare keeps them).
 *  - One application thread (the main loop) calls the pcm_* functions; the
 *    driver's event callback may interrupt it at any point.  Single core.
 *  - The period callback runs on the event path: usually in interrupt
 *    context, sometimes inside a pcm_* call; once per completed period,
 *    after the device has been handed its next periods and before any XRUN
 *    transition of the same event.  It must be short and must not
 *    call pcm_* functions other than the read-only ones (pcm_state,
 *    pcm_pointer, pcm_avail, pcm_fill, pcm_get_stats).
 *
 * States (see docs/audio.md for the full table):
 *   OPEN -hw_params-> SETUP -prepare-> PREPARED -start-> RUNNING
 *   RUNNING -pause(1)-> PAUSED -pause(0)-> RUNNING
 *   RUNNING -drain-> DRAINING -(all played)-> SETUP
 *   RUNNING -(device starved / ring full)-> XRUN -prepare-> PREPARED
 *   any but OPEN -drop-> SETUP
 */
#ifndef KOI_AUDIO_PCM_H
#define KOI_AUDIO_PCM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "drivers/audio_dev.h"

enum pcm_state {
	PCM_STATE_OPEN = 0, /* bound to a device, no ring yet            */
	PCM_STATE_SETUP,    /* ring configured, device stopped           */
	PCM_STATE_PREPARED, /* ready to start; playback may be prefilled */
	PCM_STATE_RUNNING,  /* device moving data                        */
	PCM_STATE_DRAINING, /* playback: finishing queued frames; capture:
	                       stopped, captured frames still readable  */
	PCM_STATE_PAUSED,   /* no new period goes to the device          */
	PCM_STATE_XRUN,     /* underrun (playback) / overrun (capture)   */
	PCM_STATE_COUNT
};

/* The device's description in frames (ALSA's snd_pcm_hardware): the frame
 * format (interleaved, little-endian) and the limits. */
struct pcm_hw_info {
	uint32_t rate;
	uint32_t channels;
	enum sample_format format;
	uint32_t frame_bytes;
	uint32_t min_period_frames;
	uint32_t max_period_frames;
	uint32_t hw_slots;          /* periods the device queues at once */
	uint32_t max_buffer_frames; /* largest ring                      */
};

struct pcm_stats {
	enum pcm_state state;
	uint32_t periods_completed; /* since pcm_hw_params                 */
	uint32_t frames;            /* played/captured since pcm_hw_params
	                               (wraps after 2^32 frames, ~27 h)     */
	uint32_t xruns;             /* underruns (playback), overruns (capture) */
	uint32_t xruns_1s;          /* of them, in the first second of sound
	                               (rate frames) since pcm_hw_params     */
	uint32_t xrun_pointer;      /* pcm_pointer() at the last xrun       */
	uint32_t fill;              /* frames in the ring now (see pcm_fill) */
	uint32_t max_fill;          /* highest fill seen since pcm_hw_params */
	uint32_t min_fill;          /* lowest fill seen at a period completion
	                               while running (playback headroom)     */
	uint32_t queued;            /* periods in the device now            */
	int32_t  last_error;        /* last driver error on the event path  */
	/* Adaptive latency (pcm_hw_params_adapt); without it the period and
	 * buffer stay as set and the counts are 0. */
	uint32_t period_frames;     /* the period now                        */
	uint32_t buffer_frames;     /* the buffer (latency) now              */
	uint32_t max_buffer_frames; /* the largest buffer it took            */
	uint32_t max_period_frames; /* the largest period it took            */
	uint32_t grows, shrinks;    /* steps up (after an underrun or a near
	                               miss) and down                       */
	uint32_t changed_at;        /* frames played at the last step        */
	/* The margin (pcm_set_clock, adaptive streams only): frames still
	 * queued ahead of the device when the application's first write after
	 * a period completion landed, measured that many times; the lowest
	 * (valid when margins > 0; negative: the device had run dry, by the
	 * clock); near misses: margins from 0 to under the period in use /
	 * PCM_NEAR_MISS_DIV (a negative one also grows the stream, but is an
	 * underrun, not counted here). */
	uint32_t margins;
	int32_t min_margin;
	uint32_t near_misses;
};

/* A margin under period / PCM_NEAR_MISS_DIV frames is a near miss (see
 * pcm_hw_params_adapt). */
#define PCM_NEAR_MISS_DIV 2u

/* The clock for near misses: monotonic nanoseconds (only differences of
 * the low 32 bits are used, so it may wrap). */
typedef uint64_t (*pcm_clock_fn)(void *ctx);

struct pcm_stream;

/* Called once per completed period on the event path (see contract). */
typedef void (*pcm_period_fn)(void *ctx, struct pcm_stream *s);

/* The blocking primitive behind pcm_wait/pcm_drain.  It must return when
 * ready(arg) is true or an event has been delivered, whichever comes first,
 * and must not lose a wake-up: firmware masks interrupts, tests ready(arg),
 * executes WFI only if it is false (a pending interrupt still ends WFI),
 * then unmasks.  On the host the fake device advances instead. */
typedef bool (*pcm_ready_fn)(const void *arg);
typedef void (*pcm_block_fn)(void *ctx, pcm_ready_fn ready, const void *arg);

/* Everything below is private to pcm.c; it is in the header only so that
 * streams can be allocated statically.  Ownership of each field:
 *   [app]  written only by the pcm_* calls (main loop)
 *   [ev]   written only by the event path (pump, under `busy`)
 *   [irq]  written only by the driver's event callback
 *   [both] atomic read-modify-write from both sides
 * [ev] fields are also reset by the [app] side, but only while the device
 * is stopped and no event can arrive. */
struct pcm_stream {
	struct audio_dev *dev;
	enum audio_dir dir;
	struct audio_caps caps;
	struct pcm_hw_info hw;

	uint8_t *ring;          /* alloc_buffer() memory               */
	uint32_t ring_bytes;    /* what alloc_buffer() gave            */
	uint32_t period_frames; /* the period asked for (the smallest)  */
	uint32_t periods;
	uint32_t buffer_frames; /* the ring's frames (see pcm_hw_params_adapt) */
	uint32_t start_threshold;

	/* Adaptive latency.  The ring's memory is sized for the largest
	 * period; the period in use (`chunk`, what the device is handed) and
	 * the soft limit (`limit` = periods * chunk: how far ahead the
	 * application may write, the latency) change at period boundaries
	 * with no frame moved.  Written by the application side only; the
	 * event side reads chunk (relaxed: one word, any value it sees is a
	 * valid period, see next_len). */
	_Atomic uint32_t chunk;  /* [app] period now                     */
	_Atomic uint32_t limit;  /* [app] buffer now                     */
	uint32_t ad_target;      /* [app] the buffer for chunk; limit comes
	                            down to it as the ring drains        */
	uint32_t max_period;     /* [app] ceiling; == period_frames: fixed */
	uint32_t ad_quiet;       /* [app] frames without an underrun before
	                            a step down; 0: never               */
	uint32_t ad_quiet_cap;   /* [app] how far ad_quiet may back off  */
	uint32_t ad_from;        /* [app] st_frames at the last change or
	                            underrun                            */
	uint32_t ad_xruns;       /* [app] st_xruns already acted on      */
	bool ad_shrunk;          /* [app] the last change was a step down */
	uint32_t ad_grows, ad_shrinks, ad_max_limit, ad_max_chunk; /* [app] stats */
	uint32_t ad_changed_at;  /* [app] st_frames at the last step      */
	uint32_t zero_from;      /* [app] ring frames from here on not yet
	                            zeroed (until the first start)      */
	bool dev_started;       /* [app] ops->start called, not stopped */
	bool nonblock;          /* [app] pcm_set_nonblock */

	pcm_period_fn period_cb;
	void *period_ctx;
	pcm_block_fn block;
	void *block_ctx;

	_Atomic uint32_t state; /* [both] enum pcm_state, CAS only      */

	/* The ring, as free-running frame counters (differences are taken
	 * modulo 2^32, so wrap-around is harmless).  Playback: appl = frames
	 * written, sub = frames submitted, hwp = frames played.  Capture:
	 * hwp = frames captured, appl = frames read, sub = frames of ring
	 * handed to the device to capture into.  Ring offsets are kept next
	 * to the counters by their owners, because counter % buffer_frames
	 * would jump at the 2^32 wrap when buffer_frames is not a power of 2. */
	_Atomic uint32_t appl;  /* [app] */
	uint32_t appl_off;      /* [app] ring offset of appl, frames  */
	_Atomic uint32_t sub;   /* [ev]  */
	uint32_t sub_off;       /* [ev]  */
	_Atomic uint32_t hwp;   /* [ev]  */
	uint32_t hw_off;        /* [ev]  */
	uint32_t start_pos;     /* [app] hwp at pcm_prepare           */

	/* Lengths (frames) of submitted, not yet completed periods, in order:
	 * only the last period of a drain is short, but completion must
	 * advance hwp by what was really submitted. */
#define PCM_MAX_SLOTS 4u
	uint32_t qlen[PCM_MAX_SLOTS]; /* [ev] */
	uint32_t q_sub;               /* [ev] periods submitted */
	uint32_t q_done;              /* [ev] periods completed */

	_Atomic uint32_t ev_done;     /* [irq] completions reported        */
	_Atomic bool ev_dry;          /* [irq] the device reported it ran dry */
	uint32_t ev_seen;             /* [ev]  completions retired         */
	_Atomic bool busy;            /* [both] pump running               */
	_Atomic bool pending;         /* [both] pump must run again        */

	/* Statistics: [ev], except max_fill [app] for playback. */
	_Atomic uint32_t st_periods;
	_Atomic uint32_t st_frames;
	_Atomic uint32_t st_xruns;
	_Atomic uint32_t st_xruns_1s;
	_Atomic uint32_t st_xrun_pointer;
	_Atomic uint32_t st_max_fill;
	_Atomic uint32_t st_min_fill;
	_Atomic int32_t st_error;

	/* Near misses (pcm_set_clock): the event side stamps each report of
	 * completions; the application's first commit after one measures how
	 * much was still queued then.  Last, so that the hot fields above
	 * keep their offsets (short immediates on the interrupt path). */
	pcm_clock_fn clock;      /* [app] NULL: no near misses            */
	void *clock_ctx;         /* [app]                                 */
	bool ad_margin;          /* [app] clock set and the stream adapts  */
	bool ad_near;            /* [app] a near miss not yet acted on    */
	uint32_t ad_fpns;        /* [app] frames per ns, 32.32 fixed point */
	uint32_t ad_seen;        /* [app] st_periods at the last measure   */
	uint32_t ad_margins, ad_near_misses; /* [app] stats              */
	int32_t ad_min_margin;   /* [app] stats                           */
	_Atomic uint32_t ev_done_ns; /* [ev] clock (low 32 bits) at the last
	                                report of completions           */
	/* Faster growth at the start (pcm_set_adapt_start); last, with the
	 * other fields of the out-of-line policy. */
	uint32_t ad_start_steps; /* [app] doublings for an early underrun */
	uint32_t ad_xruns_1s;    /* [app] st_xruns_1s already acted on    */
};

/**
 * Bind a stream to one direction of a device: state OPEN.
 * @param s    the stream
 * @param dev  the device
 * @param dir  the direction
 * @return 0
 * @retval -ENODEV  the device lacks the direction
 * @retval -EINVAL  its caps are unusable
 */
int pcm_open(struct pcm_stream *s, struct audio_dev *dev, enum audio_dir dir);
/**
 * Stop the device if needed and unbind.  Any state; the stream must be
 * opened again before use.
 * @param s  the stream
 */
void pcm_close(struct pcm_stream *s);

/**
 * Ask the device to run at a rate (ALSA's rate in hw_params, for a device
 * that has a choice); pcm_hw_info() then says the rate it took, which may
 * be rounded.  OPEN only.
 * @param s     the stream
 * @param rate  frames per second
 * @return 0 (at once when it is the device's rate already)
 * @retval -EPERM    not OPEN
 * @retval -ENOTSUP  a device with one rate
 * @retval -EINVAL   a rate it cannot take
 */
int pcm_set_rate(struct pcm_stream *s, uint32_t rate);

/**
 * The device description, in frames.  Any state after pcm_open.
 * @param s   the stream
 * @param hw  receives it
 * @return 0
 * @retval -EINVAL  s not opened
 */
int pcm_hw_info(const struct pcm_stream *s, struct pcm_hw_info *hw);

/**
 * Ring of periods periods of period_frames frames.  OPEN or SETUP or
 * PREPARED (-> SETUP).  The ring is zeroed (with adaptive latency, the
 * part beyond the first buffer as the stream first starts: before that
 * the application cannot reach it).
 * @param s              the stream
 * @param period_frames  min_period <= period <= max_period
 * @param periods        >= 2, period * periods <= max_buffer
 * @return 0
 * @retval -EINVAL  outside those limits
 * @retval -ENOMEM  the device has no memory for it
 * @retval -EPERM   another state
 */
int pcm_hw_params(struct pcm_stream *s, uint32_t period_frames,
		  uint32_t periods);

/**
 * Playback with adaptive latency (PulseAudio raises its watermark after an
 * underrun, PipeWire grows its quantum): like pcm_hw_params(s,
 * period_frames, periods), but the ring's memory is sized for periods of
 * max_period_frames, and the stream moves between the two by itself:
 *  - after an underrun, or a near miss, it doubles its period, up to
 *    max_period_frames.  A near miss (with a clock: pcm_set_clock) is the
 *    application's first write after a period completed landing when
 *    less than period / PCM_NEAR_MISS_DIV frames were still queued ahead
 *    of the device (the frames written and not yet completed, less the
 *    frames played since that completion by the clock): the sound did
 *    not stop, but a little more delay would have stopped it (PulseAudio
 *    raises its watermark the same way, on the fill level at a wake-up).
 *    The buffer is the larger of the one asked for (periods x
 *    period_frames) and as many periods of the size in use as the device
 *    queues (min(hw_slots, periods)): only what the device holds survives
 *    a stall of the CPU that feeds it, so the first steps give the device
 *    the whole buffer in bigger pieces at the same latency, and the
 *    buffer grows after that.  A second underrun before the ring has
 *    turned over once at the new size says nothing new about it and does
 *    not grow it again;
 *  - after quiet_frames frames played without an underrun or near miss
 *    (each one starts the interval again) it halves its
 *    period (and the buffer follows), down to period_frames; 0 means it
 *    never shrinks.  A step up
 *    that follows a step down doubles that interval (up to 16 times), so
 *    a host that cannot sustain the lower latency is not asked every time.
 * A change takes effect at a period boundary, moves no frame and adds no
 * gap: the device is handed the next periods at the new size (one period
 * of the old size first when the ring position is not yet aligned to the
 * new one), and a smaller buffer comes down no faster than the ring
 * drains, keeping room for one period of the new size beyond the fill
 * until it is there (pcm_buffer_frames says the buffer now).  The changes are made by the application's
 * own calls (pcm_mmap_begin, pcm_write, pcm_recover), never on the
 * interrupt side.  pcm_period_frames/pcm_buffer_frames give the sizes now;
 * pcm_get_stats counts the steps.
 * Otherwise as pcm_hw_params.
 * @param s                  the stream
 * @param period_frames      the smallest period, and the start's
 * @param periods            as pcm_hw_params()
 * @param max_period_frames  period_frames times a power of 2 (1 included:
 *                           then it is pcm_hw_params) within the device's
 *                           limits; capture takes only 1
 * @param quiet_frames       frames without an underrun before a step down;
 *                           0: never
 * @return 0
 * @retval -EINVAL  max_period_frames not so, or the ring (the largest
 *                  buffer, rounded up to whole periods of the largest size)
 *                  beyond max_buffer; or as pcm_hw_params()
 * @retval -ENOMEM  as pcm_hw_params()
 * @retval -EPERM   as pcm_hw_params()
 */
int pcm_hw_params_adapt(struct pcm_stream *s, uint32_t period_frames,
			uint32_t periods, uint32_t max_period_frames,
			uint32_t quiet_frames);

/**
 * Playback: start automatically once this many frames are written.
 * Default: the whole buffer.  SETUP or PREPARED.
 * @param s       the stream
 * @param frames  rounded to whole periods by the submit rule; clamped to
 *                [period, buffer]; 0 means only pcm_start() starts
 * @return 0
 * @retval -EPERM   another state
 * @retval -EINVAL  s not opened
 */
int pcm_set_start_threshold(struct pcm_stream *s, uint32_t frames);

/**
 * Grow faster at the start (pcm_hw_params_adapt): an underrun in the first
 * second of sound (hw rate frames played since pcm_hw_params_adapt: the
 * underruns pcm_stats.xruns_1s counts) doubles the period `steps` times at
 * once, up to the ceiling, instead of once.  On the wall clock an underrun
 * that early says the host is busy now, and one doubling at a time leaves
 * the stream at sizes that the next stalls of the same host still break,
 * one underrun each (docs/realtime.md).  A near miss, and any underrun
 * later, still takes one step; the one-step-per-turn rule holds for this
 * step too, and so does the step down after the quiet interval.
 * pcm_hw_params_adapt resets it to 1 (every step a single doubling).
 * SETUP or PREPARED.
 * @param s      the stream
 * @param steps  doublings for an underrun in the first second, 1 to
 *               PCM_ADAPT_START_CEILING (straight to the ceiling, whatever
 *               it is)
 * @return 0
 * @retval -EINVAL  s not opened, or steps out of range
 * @retval -EPERM   another state
 */
#define PCM_ADAPT_START_CEILING 32u
int pcm_set_adapt_start(struct pcm_stream *s, uint32_t steps);

/* Hooks; any state after pcm_open.  fn NULL disables. */
/**
 * The period hook: called as periods complete.
 * @param s    the stream
 * @param fn   NULL disables
 * @param ctx  passed to fn
 */
void pcm_set_period_callback(struct pcm_stream *s, pcm_period_fn fn, void *ctx);
/**
 * The block hook: how the stream waits (board_wait).
 * @param s    the stream
 * @param fn   NULL disables
 * @param ctx  passed to fn
 */
void pcm_set_block(struct pcm_stream *s, pcm_block_fn fn, void *ctx);
/**
 * The clock hook, for near misses (pcm_hw_params_adapt): with it an
 * adaptive playback stream reads fn on the event side once per batch of
 * completed periods and on the application side once per period (its
 * first commit after a completion).  Without it (the default), or on a
 * stream that does not adapt, only underruns move the latency.
 * @param s    the stream
 * @param fn   monotonic nanoseconds; NULL disables
 * @param ctx  passed to fn
 */
void pcm_set_clock(struct pcm_stream *s, pcm_clock_fn fn, void *ctx);
/**
 * Non-blocking mode (ALSA's SND_PCM_NONBLOCK), for a caller that runs
 * several streams from one loop: pcm_drain() of playback then never waits
 * and needs no block hook.  It starts the drain (RUNNING, PREPARED, XRUN ->
 * DRAINING, the partial period sent) and returns EAGAIN (negated) while
 * frames are left to play; called again in DRAINING, it returns 0 (-> SETUP)
 * once they have played.  Any state after pcm_open.
 * @param s   the stream
 * @param on  true for non-blocking
 */
void pcm_set_nonblock(struct pcm_stream *s, bool on);

/**
 * SETUP/PREPARED/XRUN -> PREPARED.  Empties the ring, except from XRUN on
 * playback, where frames written and never played stay and play first.
 * pcm_pointer() restarts from 0.
 * @param s  the stream
 * @return 0
 * @retval -EPERM   another state
 * @retval -EINVAL  s not opened
 */
int pcm_prepare(struct pcm_stream *s);
/**
 * PREPARED -> RUNNING.  The device gets whole periods only, at most
 * hw_slots of them.
 * @param s  the stream
 * @return 0, or the driver's error
 * @retval -EAGAIN  playback with less than one whole period written
 *                  (nothing changes)
 * @retval -EPERM   another state
 * @retval -EINVAL  s not opened
 */
int pcm_start(struct pcm_stream *s);
/**
 * Playback: RUNNING -> DRAINING -> SETUP, blocking until every written
 * frame has been played (a partial last period is sent short).  From
 * PREPARED or XRUN it starts first if frames are pending.  Capture:
 * RUNNING/PAUSED -> device stopped, DRAINING while captured frames remain
 * to be read, then SETUP.
 * @param s  the stream
 * @return 0, or the driver's error
 * @retval -EAGAIN  non-blocking, frames still to play (pcm_set_nonblock)
 * @retval -EPERM   it has to wait and has no block hook, or another state
 * @retval -EINVAL  s not opened
 */
int pcm_drain(struct pcm_stream *s);
/**
 * Any state but OPEN -> SETUP at once: the device stops, the ring empties.
 * @param s  the stream
 * @return 0
 * @retval -EPERM   OPEN
 * @retval -EINVAL  s not opened
 */
int pcm_drop(struct pcm_stream *s);
/**
 * on: RUNNING -> PAUSED.  No new period is submitted; the (at most
 * hw_slots) periods already in the device finish, so nothing is lost or
 * repeated.  off: PAUSED -> RUNNING, submitting what is ready.
 * @param s   the stream
 * @param on  true to pause
 * @return 0, or the driver's error
 * @retval -EPERM   another state
 * @retval -EINVAL  s not opened
 */
int pcm_pause(struct pcm_stream *s, bool on);

/**
 * The stream's state.
 * @param s  the stream
 * @return it
 */
enum pcm_state pcm_state(const struct pcm_stream *s);
/**
 * A state's name.
 * @param st  the state
 * @return "OPEN", "RUNNING", ...
 */
const char *pcm_state_name(enum pcm_state st);
/**
 * Frames played (capture: captured) since pcm_prepare, counted from
 * completed periods.
 * @param s  the stream
 * @return frames, modulo 2^32
 */
uint32_t pcm_pointer(const struct pcm_stream *s);
/**
 * Frames the application may write (playback) or read (capture) now.
 * @param s  the stream
 * @return frames
 */
uint32_t pcm_avail(const struct pcm_stream *s);
/**
 * Frames in the ring: written and not yet played (playback), captured and
 * not yet read (capture).  Playback: fill + avail == buffer size;
 * capture: avail == fill (what is captured is what may be read).
 * @param s  the stream
 * @return frames
 */
uint32_t pcm_fill(const struct pcm_stream *s);
/**
 * A snapshot of the statistics.
 * @param s   the stream
 * @param st  receives them
 */
void pcm_get_stats(const struct pcm_stream *s, struct pcm_stats *st);

/**
 * Copy up to frames frames into the ring without blocking.  PREPARED,
 * RUNNING, PAUSED.  Each completed period goes to the device at once if a
 * slot is free.
 * @param s       playback
 * @param src     the frames
 * @param frames  how many
 * @return the number copied (0 when full), or the driver's error
 * @retval -EPIPE   XRUN (pcm_recover())
 * @retval -EPERM   another state, or capture
 * @retval -EINVAL  s not opened
 */
int32_t pcm_write(struct pcm_stream *s, const void *src, uint32_t frames);
/* Zero-copy: the writable area contiguous from the write position, then
 * commit what was rendered there.  Same states as pcm_write. */
/**
 * The writable area contiguous from the write position.
 * @param s       playback
 * @param area    receives its address
 * @param frames  receives its frames (<= avail, never across the ring end)
 * @return 0
 * @retval -EPIPE   XRUN (pcm_recover())
 * @retval -EPERM   another state, or capture
 * @retval -EINVAL  s not opened
 */
int pcm_mmap_begin(struct pcm_stream *s, void **area, uint32_t *frames);
/**
 * Commits frames rendered in the area pcm_mmap_begin() gave.
 * @param s       playback
 * @param frames  at most what pcm_mmap_begin() gave
 * @return 0
 * @retval -EPIPE   XRUN (pcm_recover(): pass these frames as pending)
 * @retval -EPERM   another state, or capture
 * @retval -EINVAL  s not opened, or more frames than the area
 */
int pcm_mmap_commit(struct pcm_stream *s, uint32_t frames);
/**
 * Capture: copy up to frames captured frames out.  RUNNING, PAUSED,
 * DRAINING.
 * @param s       capture
 * @param dst     room for frames frames
 * @param frames  how many
 * @return the count, or the driver's error
 * @retval -EPIPE   XRUN (pcm_recover())
 * @retval -EPERM   another state, or playback
 * @retval -EINVAL  s not opened
 */
int32_t pcm_read(struct pcm_stream *s, void *dst, uint32_t frames);

/**
 * Block until at least one period can be written (playback) / read
 * (capture); with adaptive latency, a period of the smallest size.
 * @param s  the stream
 * @return 0 when it can
 * @retval -EPIPE  xrun
 * @retval -EPERM  waiting could never end (not running, or no block hook)
 */
int pcm_wait(struct pcm_stream *s);

/**
 * Recover from what a pcm_* call returned: alsa-lib's snd_pcm_recover(),
 * the one underrun/overrun recovery for every caller.  `err` is that call's
 * result; `pending` is, for playback, the frames rendered at the write
 * position after pcm_mmap_begin whose pcm_mmap_commit gave -EPIPE (they
 * are committed again, so nothing rendered is lost), else 0.
 *  err == -EPIPE, stream in XRUN:
 *    playback: XRUN -> PREPARED (pcm_prepare: frames written and never
 *      played stay), then `pending` committed after them; the start
 *      threshold restarts the device, as at first.  0, or what that
 *      commit returns.
 *    capture: XRUN -> PREPARED -> RUNNING: the ring empties (the frames
 *      lost to the overrun are gone) and capture starts again at once,
 *      because pcm_read never starts a stream.  0, or the driver's error
 *      from the start.
 *  err == -EPIPE, stream not in XRUN: -EPERM, nothing changes.
 *  -EINVAL, nothing changes: s is NULL or not opened; `pending` on a
 *    capture stream, or more than the contiguous writable room.
 *  Any other err, 0 included, is returned unchanged and nothing is done,
 *  so `r = pcm_recover(s, r, 0)` can follow any call.  -ESTRPIPE is among
 *  them: Koi has no suspend state, so no call returns it.  No `silent`
 *  flag either: this layer never prints; the caller reports the xrun.
 * @param s        the stream
 * @param err      what the pcm_* call returned
 * @param pending  playback: frames rendered after pcm_mmap_begin whose
 *                 commit gave -EPIPE; else 0
 * @return 0, what the commit or the restart returns, or err unchanged
 * @retval -EPERM     err -EPIPE but the stream is not in XRUN
 * @retval -EINVAL    s NULL or not opened; pending on capture, or more
 *                    than the contiguous writable room
 * @retval -EPIPE     only if the commit of pending returns it
 * @retval -ESTRPIPE  never: Koi has no suspend state (any err but -EPIPE
 *                    is returned unchanged)
 */
int pcm_recover(struct pcm_stream *s, int err, uint32_t pending);

/* The application's period size and buffer now, for mmap users (with
 * adaptive latency they change; see pcm_hw_params_adapt). */
/**
 * The period size now.
 * @param s  the stream
 * @return frames
 */
uint32_t pcm_period_frames(const struct pcm_stream *s);
/**
 * The buffer now.
 * @param s  the stream
 * @return frames
 */
uint32_t pcm_buffer_frames(const struct pcm_stream *s);
/**
 * The start threshold (pcm_set_start_threshold).
 * @param s  the stream
 * @return frames; 0 = only pcm_start starts
 */
uint32_t pcm_start_threshold(const struct pcm_stream *s);

#ifdef KOI_HOST
/**
 * Test hook: in PREPARED with an empty ring, move every counter to pos.
 * @param s    the stream
 * @param pos  e.g. near UINT32_MAX to test the wrap
 * @return 0
 * @retval -EPERM  not PREPARED with an empty ring
 */
int pcm_test_set_position(struct pcm_stream *s, uint32_t pos);
#endif

#endif /* KOI_AUDIO_PCM_H */
