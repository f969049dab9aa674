/*
 * pcm.c — PCM stream state machine and zero-copy period ring.
 *
 * Concurrency model (single core): the application calls pcm_* from the
 * main loop; the driver calls pcm_event() from its interrupt handler, which
 * may preempt the main loop anywhere but is never preempted by it.  All ring
 * bookkeeping on the device side happens in pump(), which runs either in the
 * event callback or inside a pcm_* call, never twice at once (busy/pending
 * handshake below).  Each counter has exactly one writer (see pcm.h); state
 * changes that both sides make are compare-and-swap, so a main-loop
 * transition that loses a race with the interrupt side fails cleanly
 * instead of overwriting it.
 */
#include "audio/pcm.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

/* One audio_dev has a single event callback but up to two streams; the
 * callback's context is the device's binding, which knows both. */
#define PCM_MAX_DEVS 8 /* a device, and the ports of a mix (dmix.h) */
struct pcm_binding {
	struct audio_dev *dev;
	struct pcm_stream *_Atomic stream[2];
};
static struct pcm_binding bindings[PCM_MAX_DEVS];

static void pump(struct pcm_stream *s);

#define PCM_QUIET_BACKOFF_MAX 16u /* the step-down interval grows to x16 */

/* The accessors on the per-chunk path (pcm_mmap_begin/commit run once per
 * chunk the application renders, every frame at 1-frame periods): inlined
 * whatever the number of their callers, where GCC's size heuristics would
 * stop inlining them as callers are added (make bench: +6 % CPU at
 * 1-frame periods when pcm_avail() became a call). */
#define HOT static inline __attribute__((always_inline))

HOT enum pcm_state get_state(const struct pcm_stream *s)
{
	/* acquire: a state the event side set (XRUN) comes with the counters
	 * it updated before setting it. */
	return (enum pcm_state)atomic_load_explicit(&s->state,
						    memory_order_acquire);
}

/* Main-loop transition from `from` to `to`; false if the event side changed
 * the state in the meantime.  CAS on both sides also keeps the ARM
 * exclusive monitor honest: an interrupt that changes the state between our
 * LDREX and STREX makes our STREX fail. */
static bool transition(struct pcm_stream *s, enum pcm_state from,
		       enum pcm_state to)
{
	uint32_t expect = (uint32_t)from;
	return atomic_compare_exchange_strong_explicit(
		&s->state, &expect, (uint32_t)to, memory_order_acq_rel,
		memory_order_acquire);
}

static void set_state(struct pcm_stream *s, enum pcm_state to)
{
	/* exchange, not store: see transition(). */
	atomic_exchange_explicit(&s->state, (uint32_t)to, memory_order_acq_rel);
}

HOT uint32_t ld(const _Atomic uint32_t *p)
{
	/* acquire: pairs with the release of the other side's publication,
	 * so the ring contents (or the freed space) it announces are seen. */
	return atomic_load_explicit(p, memory_order_acquire);
}

static void st_rel(_Atomic uint32_t *p, uint32_t v)
{
	atomic_store_explicit(p, v, memory_order_release);
}

/* Statistics are independent words read without tearing; no ordering. */
HOT uint32_t ld_stat(const _Atomic uint32_t *p)
{
	return atomic_load_explicit(p, memory_order_relaxed);
}

static void st_stat(_Atomic uint32_t *p, uint32_t v)
{
	atomic_store_explicit(p, v, memory_order_relaxed);
}

HOT bool playback(const struct pcm_stream *s)
{
	return s->dir == AUDIO_PLAYBACK;
}

/* The period and buffer now (adaptive latency: see pcm.h). */
HOT uint32_t chunk_of(const struct pcm_stream *s)
{
	return atomic_load_explicit(&s->chunk, memory_order_relaxed);
}

HOT uint32_t limit_of(const struct pcm_stream *s)
{
	return atomic_load_explicit(&s->limit, memory_order_relaxed);
}

HOT uint8_t *ring_at(const struct pcm_stream *s, uint32_t off)
{
	return s->ring + (size_t)off * s->hw.frame_bytes;
}

HOT uint32_t wrap_add(const struct pcm_stream *s, uint32_t off, uint32_t n)
{
	off += n; /* off < buffer and n <= buffer: no overflow below 2^31 */
	return off >= s->buffer_frames ? off - s->buffer_frames : off;
}

HOT uint32_t fill_of(const struct pcm_stream *s)
{
	if (s->buffer_frames == 0)
		return 0;
	uint32_t appl = ld(&s->appl), hwp = ld(&s->hwp);
	return playback(s) ? appl - hwp : hwp - appl;
}

const char *pcm_state_name(enum pcm_state st)
{
	static const char *const names[PCM_STATE_COUNT] = {
		"OPEN", "SETUP", "PREPARED", "RUNNING", "DRAINING", "PAUSED", "XRUN",
	};
	return (unsigned)st < PCM_STATE_COUNT ? names[st] : "?";
}

/* ---- event side ------------------------------------------------------ */

static void pcm_event(void *ctx, enum audio_dir dir, uint32_t events,
		      uint32_t count)
{
	struct pcm_binding *b = ctx;
	if ((unsigned)dir > AUDIO_CAPTURE)
		return;
	struct pcm_stream *s =
		atomic_load_explicit(&b->stream[dir], memory_order_acquire);
	if (!s)
		return;
	if ((events & AUDIO_EV_PERIOD_DONE) && count)
		/* release: pump() must see the completion count only after
		 * everything the driver did before reporting it. */
		atomic_fetch_add_explicit(&s->ev_done, count,
					  memory_order_release);
	if (events & AUDIO_EV_IDLE)
		atomic_store_explicit(&s->ev_dry, true, memory_order_relaxed);
	pump(s);
}

/* What retire() took off the device's queue, for report(). */
struct retired {
	uint32_t periods;
	uint32_t frames;
};

/*
 * Retire completed periods: advance the played/captured position, which
 * frees their slots for the next submit.  Only what the next submit needs
 * happens here; the statistics and the period callback wait for report(),
 * after the device has been re-armed, so that they do not lengthen the
 * interrupt-to-re-arm path (the device may be one period from running dry).
 */
static void retire(struct pcm_stream *s, struct retired *r)
{
	uint32_t done = ld(&s->ev_done);
	while (s->ev_seen != done) {
		s->ev_seen++;
		if (s->q_done == s->q_sub) {
			/* The driver reported more than we gave it. */
			atomic_store_explicit(&s->st_error, -EIO,
					      memory_order_relaxed);
			continue;
		}
		uint32_t len = s->qlen[s->q_done % PCM_MAX_SLOTS];
		s->q_done++;
		/* release: for capture the frames become readable, for
		 * playback the space becomes writable; in both cases the
		 * application must not act on it before this point. */
		st_rel(&s->hwp, ld(&s->hwp) + len);
		s->hw_off = wrap_add(s, s->hw_off, len);
		r->periods++;
		r->frames += len;
	}
}

/* The time of a report of completions, for measure_margin().  Out of
 * line: the interrupt path of a stream without it pays one test. */
static __attribute__((noinline)) void stamp_done(struct pcm_stream *s)
{
	atomic_store_explicit(&s->ev_done_ns, (uint32_t)s->clock(s->clock_ctx),
			      memory_order_relaxed);
}

/*
 * The bookkeeping of the periods retire() took, once the device is fed.
 * The fill seen here is the fill at the last completion: submitting does
 * not move appl or hwp, and every completion moves the fill the same way
 * (down for playback, up for capture), so the extreme over several
 * completions is the last one.
 */
static void report(struct pcm_stream *s, const struct retired *r)
{
	if (r->periods == 0)
		return;
	/* Before the count: the application pairs the two (measure_margin). */
	if (s->ad_margin)
		stamp_done(s);
	st_stat(&s->st_periods, ld_stat(&s->st_periods) + r->periods);
	st_stat(&s->st_frames, ld_stat(&s->st_frames) + r->frames);
	uint32_t fill = fill_of(s);
	if (playback(s)) {
		/* Headroom only means something while running; a drain or
		 * pause empties the ring on purpose. */
		if (get_state(s) == PCM_STATE_RUNNING &&
		    fill < ld_stat(&s->st_min_fill))
			st_stat(&s->st_min_fill, fill);
	} else if (fill > ld_stat(&s->st_max_fill)) {
		st_stat(&s->st_max_fill, fill);
	}
	if (s->period_cb)
		for (uint32_t i = 0; i < r->periods; i++)
			s->period_cb(s->period_ctx, s);
}

/* Next period the device may take, in frames; 0 if none. */
static uint32_t next_len(const struct pcm_stream *s, enum pcm_state st)
{
	uint32_t sub = atomic_load_explicit(&s->sub, memory_order_relaxed);
	if (playback(s)) {
		uint32_t pend = ld(&s->appl) - sub;
		/* Up to the next multiple of the period in the ring: one
		 * period, or after the period doubled, the rest of an old one.
		 * The ring holds a whole number of every period size, so a
		 * period never crosses its end.  At the first period (always,
		 * without adaptation) sub_off is a multiple of it: no division
		 * on the interrupt path, which an ARMv7-A without the divide
		 * extension (Cortex-A8, A9) pays as a libgcc call. */
		uint32_t c = chunk_of(s);
		uint32_t want = c == s->period_frames ? c : c - s->sub_off % c;
		if (pend >= want)
			return want;
		/* Only a drain sends the last partial period. */
		return st == PCM_STATE_DRAINING ? pend : 0;
	}
	uint32_t used = sub - ld(&s->appl); /* captured or being captured */
	return s->buffer_frames - used >= s->period_frames ? s->period_frames : 0;
}

/* Hand the device the next whole periods, as many as it has slots for. */
static void feed(struct pcm_stream *s, enum pcm_state st, struct retired *r)
{
	while (s->q_sub - s->q_done < s->hw.hw_slots) {
		uint32_t len = next_len(s, st);
		if (len == 0)
			break;
		int err = s->dev->ops->submit(s->dev, s->dir,
					      ring_at(s, s->sub_off),
					      len * s->hw.frame_bytes);
		if (err < 0) {
			if (err != -EBUSY)
				atomic_store_explicit(&s->st_error, err,
						      memory_order_relaxed);
			break;
		}
		s->qlen[s->q_sub % PCM_MAX_SLOTS] = len;
		s->q_sub++;
		s->sub_off = wrap_add(s, s->sub_off, len);
		atomic_store_explicit(
			&s->sub,
			atomic_load_explicit(&s->sub, memory_order_relaxed) + len,
			memory_order_release);
		/* A nested event may have completed periods meanwhile. */
		retire(s, r);
	}
}

/* An underrun, in the statistics (the event side's, after the re-arm). */
static void count_xrun(struct pcm_stream *s)
{
	st_stat(&s->st_xruns, ld_stat(&s->st_xruns) + 1);
	st_stat(&s->st_xrun_pointer, ld(&s->hwp) - s->start_pos);
	if (ld_stat(&s->st_frames) < s->hw.rate)
		st_stat(&s->st_xruns_1s, ld_stat(&s->st_xruns_1s) + 1);
}

static void pump_once(struct pcm_stream *s)
{
	struct retired r = {0, 0};
	retire(s, &r);
	/* The device said it has nothing left: it has been playing silence
	 * since its last period ended.  Below, that is an underrun whether or
	 * not the ring can refill it now: a late interrupt that found both
	 * slots done is a gap heard, even if the stream never enters XRUN. */
	bool dry = atomic_exchange_explicit(&s->ev_dry, false,
					    memory_order_relaxed);
	enum pcm_state st = get_state(s);
	bool feeding = st == PCM_STATE_RUNNING ||
		       (st == PCM_STATE_DRAINING && playback(s));
	if (feeding)
		feed(s, st, &r);
	/* Before any XRUN transition below: the application learns of the
	 * underrun from the state, and by then the callback has run. */
	report(s, &r);
	if (!feeding)
		return;
	if (s->q_sub != s->q_done) {
		if (dry && st == PCM_STATE_RUNNING && playback(s))
			count_xrun(s); /* refilled at once, but after a gap */
		return;
	}
	/* The device holds nothing: it is starving (playback: it plays
	 * silence on its own) or, for capture, has nowhere to write. */
	if (st == PCM_STATE_DRAINING && next_len(s, st) == 0)
		return; /* drain complete; pcm_drain() finishes it */
	if (transition(s, st, PCM_STATE_XRUN))
		count_xrun(s);
}

/*
 * Run pump_once() with mutual exclusion between the main loop and the
 * interrupt: whoever finds the stream busy leaves a note (`pending`) and
 * returns; the holder re-runs before leaving.  The busy release followed by
 * the pending check, and the busy exchange followed by the pending store on
 * the other side, are a store->load pattern: sequentially consistent order
 * is what makes sure one of the two sees the other.
 */
static void pump(struct pcm_stream *s)
{
	if (s->buffer_frames == 0)
		return;
	if (atomic_exchange(&s->busy, true)) {
		atomic_store(&s->pending, true);
		return;
	}
	for (;;) {
		atomic_store(&s->pending, false);
		pump_once(s);
		atomic_store(&s->busy, false);
		if (!atomic_load(&s->pending) || atomic_exchange(&s->busy, true))
			return;
	}
}

/* ---- setup ------------------------------------------------------------ */

static int bind(struct pcm_stream *s)
{
	struct pcm_binding *free_b = NULL, *b = NULL;
	for (unsigned i = 0; i < PCM_MAX_DEVS; i++) {
		if (bindings[i].dev == s->dev)
			b = &bindings[i];
		else if (!bindings[i].dev && !free_b)
			free_b = &bindings[i];
	}
	if (!b) {
		if (!free_b)
			return -ENOMEM;
		b = free_b;
		b->dev = s->dev;
	}
	if (atomic_load(&b->stream[s->dir]))
		return -EBUSY;
	atomic_store(&b->stream[s->dir], s);
	s->dev->event_ctx = b;
	s->dev->event = pcm_event;
	return 0;
}

static void unbind(struct pcm_stream *s)
{
	for (unsigned i = 0; i < PCM_MAX_DEVS; i++) {
		struct pcm_binding *b = &bindings[i];
		if (b->dev != s->dev || atomic_load(&b->stream[s->dir]) != s)
			continue;
		atomic_store(&b->stream[s->dir], NULL);
		if (!atomic_load(&b->stream[!s->dir])) {
			s->dev->event = NULL;
			s->dev->event_ctx = NULL;
			b->dev = NULL;
		}
	}
}

/* Whether s is open on any device (found by address: s may be uninitialised
 * memory when it is not). */
static bool is_open(const struct pcm_stream *s)
{
	for (unsigned i = 0; i < PCM_MAX_DEVS; i++)
		for (unsigned d = 0; d <= AUDIO_CAPTURE; d++)
			if (atomic_load(&bindings[i].stream[d]) == s)
				return true;
	return false;
}

/* The device's caps for dir, checked, and their description in frames.
 * -EINVAL if they are unusable, or get_caps' error. */
static int read_caps(struct audio_dev *dev, enum audio_dir dir, struct audio_caps *caps,
		     struct pcm_hw_info *hw)
{
	struct audio_caps c;
	int r = dev->ops->get_caps(dev, dir, &c);
	if (r < 0)
		return r;
	if (c.channels == 0 || (unsigned)c.format >= SAMPLE_FORMAT_COUNT ||
	    c.frame_bytes != c.channels * sample_format_bytes(c.format) ||
	    c.rate == 0 || c.hw_slots == 0 || c.hw_slots > PCM_MAX_SLOTS ||
	    c.min_period_bytes > c.max_period_bytes)
		return -EINVAL;
	*hw = (struct pcm_hw_info){
		.rate = c.rate,
		.channels = c.channels,
		.format = c.format,
		.frame_bytes = c.frame_bytes,
		.min_period_frames = (c.min_period_bytes + c.frame_bytes - 1) /
				     c.frame_bytes,
		.max_period_frames = c.max_period_bytes / c.frame_bytes,
		.hw_slots = c.hw_slots,
		.max_buffer_frames = c.max_buffer_bytes / c.frame_bytes,
	};
	if (hw->min_period_frames == 0)
		hw->min_period_frames = 1;
	if (hw->min_period_frames > hw->max_period_frames)
		return -EINVAL;
	*caps = c;
	return 0;
}

int pcm_open(struct pcm_stream *s, struct audio_dev *dev, enum audio_dir dir)
{
	if (!s || !dev || !dev->ops || (unsigned)dir > AUDIO_CAPTURE)
		return -EINVAL;
	/* Re-opening an open stream would wipe it while its device may still
	 * report to it: refuse, and leave it as it is. */
	if (is_open(s))
		return -EBUSY;
	const struct audio_dev_ops *o = dev->ops;
	if (!o->get_caps || !o->alloc_buffer || !o->configure || !o->start ||
	    !o->stop || !o->submit)
		return -EINVAL;
	struct audio_caps c;
	struct pcm_hw_info hw;
	int r = read_caps(dev, dir, &c, &hw);
	if (r < 0)
		return r;

	memset(s, 0, sizeof(*s));
	s->dev = dev;
	s->dir = dir;
	s->caps = c;
	s->hw = hw;
	atomic_init(&s->state, PCM_STATE_OPEN);
	r = bind(s);
	if (r < 0) {
		s->dev = NULL;
		return r;
	}
	return 0;
}

int pcm_set_rate(struct pcm_stream *s, uint32_t rate)
{
	if (!s || !s->dev || rate == 0)
		return -EINVAL;
	if (get_state(s) != PCM_STATE_OPEN)
		return -EPERM;
	if (rate == s->hw.rate)
		return 0;
	if (!s->dev->ops->set_rate)
		return -ENOTSUP;
	int r = s->dev->ops->set_rate(s->dev, s->dir, rate);
	if (r == 0)
		r = read_caps(s->dev, s->dir, &s->caps, &s->hw);
	return r;
}

/* Stop the device; afterwards no event arrives and every [ev] field may be
 * written by the main loop. */
static void stop_dev(struct pcm_stream *s)
{
	if (s->dev_started) {
		s->dev->ops->stop(s->dev, s->dir);
		s->dev_started = false;
	}
	/* Retire completions reported before the stop, then forget whatever
	 * was still queued: the driver dropped it. */
	struct retired r = {0, 0};
	retire(s, &r);
	report(s, &r);
	s->q_sub = s->q_done;
	atomic_store_explicit(&s->sub, ld(&s->hwp), memory_order_relaxed);
	s->sub_off = s->hw_off;
}

void pcm_close(struct pcm_stream *s)
{
	if (!s || !s->dev)
		return;
	set_state(s, PCM_STATE_OPEN);
	stop_dev(s);
	unbind(s);
	s->dev = NULL;
}

int pcm_hw_info(const struct pcm_stream *s, struct pcm_hw_info *hw)
{
	if (!s || !s->dev || !hw)
		return -EINVAL;
	*hw = s->hw;
	return 0;
}

static void reset_ring(struct pcm_stream *s, uint32_t pos)
{
	atomic_store(&s->appl, pos);
	atomic_store(&s->sub, pos);
	atomic_store(&s->hwp, pos);
	s->appl_off = s->sub_off = s->hw_off = 0;
	s->q_sub = s->q_done = 0;
	s->ev_seen = atomic_load(&s->ev_done);
	s->start_pos = pos;
}

/*
 * The buffer for periods of `chunk` frames: the one asked for, or, once
 * the period has grown, as many of them as the device queues (up to
 * `periods`).  A device holds at most hw_slots periods, and only what it
 * holds survives a stall of the CPU that feeds it, so a period grows
 * first to fill the buffer in hw_slots pieces (the latency stays, the
 * margin against a stall doubles), and only then does the buffer grow.
 */
static uint64_t limit_for(uint32_t period, uint32_t periods, uint32_t slots,
			  uint32_t chunk)
{
	uint64_t base = (uint64_t)period * periods;
	uint64_t held = (uint64_t)chunk * (slots < periods ? slots : periods);
	return held > base ? held : base;
}

/* The ring for limit_for(.., max): a whole number of the largest period,
 * so that no period of any size in use crosses its end. */
static uint64_t ring_for(uint32_t period, uint32_t periods, uint32_t slots,
			 uint32_t max)
{
	uint64_t lim = limit_for(period, periods, slots, max);
	return (lim + max - 1) / max * max;
}

/* The adaptive-latency state for a new ring: at its smallest period. */
static void reset_adapt(struct pcm_stream *s, uint32_t max_period,
			uint32_t quiet)
{
	atomic_store_explicit(&s->chunk, s->period_frames, memory_order_relaxed);
	atomic_store_explicit(&s->limit, s->period_frames * s->periods,
			      memory_order_relaxed);
	s->max_period = max_period;
	s->ad_quiet = quiet;
	uint64_t cap = (uint64_t)quiet * PCM_QUIET_BACKOFF_MAX;
	s->ad_quiet_cap = cap > UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
	s->ad_from = s->ad_xruns = s->ad_xruns_1s = 0;
	s->ad_start_steps = 1;
	s->ad_shrunk = false;
	s->ad_grows = s->ad_shrinks = s->ad_changed_at = 0;
	s->ad_max_limit = s->ad_target = limit_of(s);
	s->ad_max_chunk = s->period_frames;
	s->ad_margin = s->clock && max_period != s->period_frames;
	s->ad_near = false;
	s->ad_seen = s->ad_margins = s->ad_near_misses = 0;
	s->ad_min_margin = INT32_MAX;
	/* Frames per ns in 32.32 (fits: any rate < 1e9), rounded up, so that
	 * the frames played by the clock are never undercounted: a margin
	 * is never larger than it was. */
	s->ad_fpns = (uint32_t)((((uint64_t)s->hw.rate << 32) + 999999999u) /
				1000000000u);
}

/* The statistics of a new ring (the device is stopped). */
static void reset_stats(struct pcm_stream *s)
{
	st_stat(&s->st_periods, 0);
	st_stat(&s->st_frames, 0);
	st_stat(&s->st_xruns, 0);
	st_stat(&s->st_xruns_1s, 0);
	st_stat(&s->st_xrun_pointer, 0);
	st_stat(&s->st_max_fill, 0);
	st_stat(&s->st_min_fill, UINT32_MAX);
	atomic_store(&s->st_error, 0);
}

/* Whether max is period times a power of 2 (1 included). */
static bool pow2_multiple(uint32_t period, uint32_t max)
{
	uint64_t p = period;
	while (p < max)
		p *= 2;
	return p == max;
}

int pcm_hw_params(struct pcm_stream *s, uint32_t period_frames,
		  uint32_t periods)
{
	return pcm_hw_params_adapt(s, period_frames, periods, period_frames, 0);
}

int pcm_hw_params_adapt(struct pcm_stream *s, uint32_t period_frames,
			uint32_t periods, uint32_t max_period_frames,
			uint32_t quiet_frames)
{
	if (!s || !s->dev)
		return -EINVAL;
	enum pcm_state st = get_state(s);
	if (st != PCM_STATE_OPEN && st != PCM_STATE_SETUP &&
	    st != PCM_STATE_PREPARED)
		return -EPERM;
	const struct pcm_hw_info *hw = &s->hw;
	uint32_t maxp = max_period_frames;
	if (period_frames < hw->min_period_frames || maxp > hw->max_period_frames ||
	    periods < 2 || maxp < period_frames || !pow2_multiple(period_frames, maxp) ||
	    (!playback(s) && maxp != period_frames))
		return -EINVAL;
	uint64_t frames = ring_for(period_frames, periods, hw->hw_slots, maxp);
	if (frames > hw->max_buffer_frames || frames > (1u << 30))
		return -EINVAL;
	uint32_t bytes = (uint32_t)frames * hw->frame_bytes;

	/* Memory from alloc_buffer() lives as long as the device: reuse the
	 * ring we have when it is big enough rather than asking again. */
	if (!s->ring || s->ring_bytes < bytes) {
		void *p = s->dev->ops->alloc_buffer(s->dev, s->dir, bytes);
		if (!p)
			return -ENOMEM;
		s->ring = p;
		s->ring_bytes = bytes;
	}
	/* PREPARED after an underrun keeps the device armed (playing silence
	 * until the ring refills); a new period size needs it stopped. */
	stop_dev(s);
	/* The device takes periods up to the largest; each one it is
	 * handed is a whole period of the size in use. */
	int r = s->dev->ops->configure(s->dev, s->dir, maxp * hw->frame_bytes);
	if (r < 0)
		return r;
	s->period_frames = period_frames;
	s->periods = periods;
	s->buffer_frames = (uint32_t)frames;
	reset_adapt(s, maxp, quiet_frames);
	/* Zeroed, so that even a bug that submitted unwritten frames would
	 * play silence rather than whatever the memory held: stale DMA contents
	 * are a classic cause of start-up pops.  Here only the first buffer,
	 * all the application can reach before the stream starts; the rest of
	 * a ring sized for adaptation (up to 3 times more) once the device
	 * runs (zero_tail), so that it does not delay the first sound. */
	memset(s->ring, 0, (size_t)limit_of(s) * hw->frame_bytes);
	s->zero_from = limit_of(s);
	s->start_threshold = limit_of(s);
	reset_ring(s, 0);
	reset_stats(s);
	set_state(s, PCM_STATE_SETUP);
	return 0;
}

int pcm_set_start_threshold(struct pcm_stream *s, uint32_t frames)
{
	if (!s || !s->dev)
		return -EINVAL;
	enum pcm_state st = get_state(s);
	if (st != PCM_STATE_SETUP && st != PCM_STATE_PREPARED)
		return -EPERM;
	if (frames && frames < chunk_of(s))
		frames = chunk_of(s);
	if (frames > limit_of(s))
		frames = limit_of(s);
	s->start_threshold = frames;
	return 0;
}

int pcm_set_adapt_start(struct pcm_stream *s, uint32_t steps)
{
	if (!s || !s->dev || steps < 1 || steps > PCM_ADAPT_START_CEILING)
		return -EINVAL;
	enum pcm_state st = get_state(s);
	if (st != PCM_STATE_SETUP && st != PCM_STATE_PREPARED)
		return -EPERM;
	s->ad_start_steps = steps;
	return 0;
}

void pcm_set_period_callback(struct pcm_stream *s, pcm_period_fn fn, void *ctx)
{
	/* Written while events may run: ctx first, so the event side never
	 * calls a new function with an old context. */
	s->period_cb = NULL;
	atomic_signal_fence(memory_order_seq_cst);
	s->period_ctx = ctx;
	atomic_signal_fence(memory_order_seq_cst);
	s->period_cb = fn;
}

void pcm_set_clock(struct pcm_stream *s, pcm_clock_fn fn, void *ctx)
{
	s->clock = fn;
	s->clock_ctx = ctx;
	s->ad_margin = fn && s->max_period != s->period_frames;
	s->ad_seen = ld_stat(&s->st_periods);
}

void pcm_set_block(struct pcm_stream *s, pcm_block_fn fn, void *ctx)
{
	s->block = fn;
	s->block_ctx = ctx;
}

void pcm_set_nonblock(struct pcm_stream *s, bool on)
{
	s->nonblock = on;
}

/* ---- state machine ------------------------------------------------------ */

int pcm_prepare(struct pcm_stream *s)
{
	if (!s || !s->dev)
		return -EINVAL;
	enum pcm_state st = get_state(s);
	switch (st) {
	case PCM_STATE_SETUP:
	case PCM_STATE_PREPARED:
		stop_dev(s); /* a no-op unless a drain left it armed */
		reset_ring(s, 0);
		break;
	case PCM_STATE_XRUN:
		/* XRUN is only entered with nothing queued, and nothing is
		 * submitted in XRUN, so no frame is lost either way. */
		if (playback(s)) {
			/* The device stays armed: it goes on playing silence at
			 * its own clock, so the gap heard lasts exactly as long
			 * as the starvation and the next submit resumes the
			 * sound.  Stopping it would stop the device's clock too
			 * (goldfish: INT_ENABLE restarts it), and the silence
			 * would no longer match the time lost.  Keep the
			 * written, never played frames: sub == hwp and both are
			 * period-aligned in the ring. */
			pump(s);
			s->start_pos = ld(&s->hwp);
		} else {
			stop_dev(s);
			reset_ring(s, 0);
		}
		break;
	default:
		return -EPERM;
	}
	set_state(s, PCM_STATE_PREPARED);
	return 0;
}

static int start_dev(struct pcm_stream *s)
{
	if (s->dev_started)
		return 0;
	int r = s->dev->ops->start(s->dev, s->dir);
	if (r < 0)
		return r;
	s->dev_started = true;
	return 0;
}

/* The ring beyond the first buffer zeroed, at the first start after
 * pcm_hw_params (see there).  Until the stream starts the application
 * writes within the first buffer only (fill <= limit from position 0, and
 * the limit does not change before an underrun), so no frame it could
 * reach was left as the memory held. */
static void zero_tail(struct pcm_stream *s)
{
	if (s->zero_from >= s->buffer_frames)
		return;
	memset(ring_at(s, s->zero_from), 0,
	       (size_t)(s->buffer_frames - s->zero_from) * s->hw.frame_bytes);
	s->zero_from = s->buffer_frames;
}

/* PREPARED -> `to` with the device armed and the first periods submitted. */
static int do_start(struct pcm_stream *s, enum pcm_state to)
{
	int r = start_dev(s);
	if (r < 0)
		return r;
	if (!transition(s, PCM_STATE_PREPARED, to))
		return -EPERM; /* unreachable: no event runs while prepared */
	pump(s);
	zero_tail(s);
	return 0;
}

int pcm_start(struct pcm_stream *s)
{
	if (!s || !s->dev)
		return -EINVAL;
	if (get_state(s) != PCM_STATE_PREPARED)
		return -EPERM;
	/* Start threshold: never start playback on an empty ring; the device
	 * only ever gets whole periods the application wrote. */
	if (playback(s) && next_len(s, PCM_STATE_PREPARED) == 0)
		return -EAGAIN;
	/* No margin before the first completion of this run (the last one's
	 * time is from before the stop). */
	s->ad_seen = ld_stat(&s->st_periods);
	return do_start(s, PCM_STATE_RUNNING);
}

static bool drained(const void *arg)
{
	const struct pcm_stream *s = arg;
	return get_state(s) != PCM_STATE_DRAINING ||
	       ld(&s->hwp) == ld(&s->appl);
}

/* Drained: the device is stopped and only then the state says SETUP, so
 * it never claims stopped while the device still runs. */
static int drain_done(struct pcm_stream *s)
{
	if (get_state(s) == PCM_STATE_XRUN)
		return -EPIPE; /* the driver refused a period */
	stop_dev(s);
	set_state(s, PCM_STATE_SETUP);
	return 0;
}

static int drain_playback(struct pcm_stream *s)
{
	enum pcm_state st = get_state(s);
	/* Non-blocking: no hook needed, never waits (see pcm_set_nonblock). */
	const bool wait = !s->nonblock;
	for (;;) {
		switch (st) {
		case PCM_STATE_PREPARED:
		case PCM_STATE_XRUN:
			if (ld(&s->appl) == ld(&s->hwp)) {
				stop_dev(s);
				set_state(s, PCM_STATE_SETUP);
				return 0;
			}
			if (wait && !s->block)
				return -EPERM;
			if (st == PCM_STATE_XRUN) {
				stop_dev(s);
				s->start_pos = ld(&s->hwp);
				set_state(s, PCM_STATE_PREPARED);
			}
			int r = do_start(s, PCM_STATE_DRAINING);
			if (r < 0)
				return r;
			break;
		case PCM_STATE_RUNNING:
			if (wait && !s->block)
				return -EPERM;
			if (!transition(s, st, PCM_STATE_DRAINING)) {
				st = get_state(s); /* lost to an xrun */
				continue;
			}
			pump(s); /* send the partial period if a slot is free */
			break;
		case PCM_STATE_DRAINING:
			if (wait)
				return -EPERM; /* a blocking drain never returns here */
			break;             /* polled again: done yet? */
		default:
			return -EPERM;
		}
		break;
	}
	if (!wait)
		return drained(s) ? drain_done(s) : -EAGAIN;
	while (!drained(s))
		s->block(s->block_ctx, drained, s);
	return drain_done(s);
}

static int drain_capture(struct pcm_stream *s)
{
	enum pcm_state st = get_state(s);
	if (st != PCM_STATE_RUNNING && st != PCM_STATE_PAUSED &&
	    st != PCM_STATE_XRUN)
		return -EPERM;
	/* The event side neither submits nor flags an xrun in DRAINING. */
	set_state(s, PCM_STATE_DRAINING);
	stop_dev(s);
	if (fill_of(s) == 0)
		set_state(s, PCM_STATE_SETUP);
	return 0;
}

int pcm_drain(struct pcm_stream *s)
{
	if (!s || !s->dev)
		return -EINVAL;
	return playback(s) ? drain_playback(s) : drain_capture(s);
}

int pcm_drop(struct pcm_stream *s)
{
	if (!s || !s->dev)
		return -EINVAL;
	if (get_state(s) == PCM_STATE_OPEN)
		return -EPERM;
	/* SETUP first: from here on the event side submits nothing, so no
	 * period can be queued after the stop (buffers enqueued after a stop by a
	 * race are a classic cause of a next play that fails). */
	set_state(s, PCM_STATE_SETUP);
	stop_dev(s);
	reset_ring(s, 0);
	return 0;
}

int pcm_pause(struct pcm_stream *s, bool on)
{
	if (!s || !s->dev)
		return -EINVAL;
	if (on)
		return transition(s, PCM_STATE_RUNNING, PCM_STATE_PAUSED) ? 0
									  : -EPERM;
	if (!transition(s, PCM_STATE_PAUSED, PCM_STATE_RUNNING))
		return -EPERM;
	/* No margin across the pause: the last completion's time is old. */
	s->ad_seen = ld_stat(&s->st_periods);
	pump(s);
	return 0;
}

/* ---- queries ------------------------------------------------------------ */

enum pcm_state pcm_state(const struct pcm_stream *s)
{
	return s && s->dev ? get_state(s) : PCM_STATE_OPEN;
}

uint32_t pcm_pointer(const struct pcm_stream *s)
{
	return ld(&s->hwp) - s->start_pos;
}

uint32_t pcm_fill(const struct pcm_stream *s)
{
	return fill_of(s);
}

/* Playback: room under the soft limit (none while the ring holds more,
 * after the buffer shrank). */
HOT uint32_t room(const struct pcm_stream *s)
{
	uint32_t fill = fill_of(s), lim = limit_of(s);
	return fill < lim ? lim - fill : 0;
}

/* pcm_avail(), for the callers in this file. */
HOT uint32_t avail_of(const struct pcm_stream *s)
{
	if (s->buffer_frames == 0)
		return 0;
	return playback(s) ? room(s) : fill_of(s);
}

uint32_t pcm_avail(const struct pcm_stream *s)
{
	return avail_of(s);
}

uint32_t pcm_period_frames(const struct pcm_stream *s)
{
	return chunk_of(s);
}

uint32_t pcm_buffer_frames(const struct pcm_stream *s)
{
	return limit_of(s);
}

uint32_t pcm_start_threshold(const struct pcm_stream *s)
{
	return s->start_threshold;
}

void pcm_get_stats(const struct pcm_stream *s, struct pcm_stats *st)
{
	st->state = pcm_state(s);
	st->periods_completed = ld_stat(&s->st_periods);
	st->frames = ld_stat(&s->st_frames);
	st->xruns = ld_stat(&s->st_xruns);
	st->xruns_1s = ld_stat(&s->st_xruns_1s);
	st->xrun_pointer = ld_stat(&s->st_xrun_pointer);
	st->fill = fill_of(s);
	st->max_fill = ld_stat(&s->st_max_fill);
	uint32_t mn = ld_stat(&s->st_min_fill);
	st->min_fill = mn == UINT32_MAX ? 0 : mn;
	st->queued = s->q_sub - s->q_done;
	st->last_error = atomic_load_explicit(&s->st_error,
					      memory_order_relaxed);
	st->period_frames = chunk_of(s);
	st->buffer_frames = limit_of(s);
	st->max_buffer_frames = s->ad_max_limit;
	st->max_period_frames = s->ad_max_chunk;
	st->grows = s->ad_grows;
	st->shrinks = s->ad_shrinks;
	st->changed_at = s->ad_changed_at;
	st->margins = s->ad_margins;
	st->min_margin = s->ad_margins ? s->ad_min_margin : 0;
	st->near_misses = s->ad_near_misses;
}

/* ---- data ------------------------------------------------------------- */

static int io_state(const struct pcm_stream *s, enum audio_dir dir)
{
	if (!s || !s->dev)
		return -EINVAL;
	if (s->dir != dir)
		return -EPERM;
	enum pcm_state st = get_state(s);
	if (st == PCM_STATE_XRUN)
		return -EPIPE;
	if (dir == AUDIO_PLAYBACK)
		return st == PCM_STATE_PREPARED || st == PCM_STATE_RUNNING ||
			       st == PCM_STATE_PAUSED
		       ? 0
		       : -EPERM;
	return st == PCM_STATE_RUNNING || st == PCM_STATE_PAUSED ||
		       st == PCM_STATE_DRAINING
	       ? 0
	       : -EPERM;
}

/*
 * The margin at the application's first commit after a completion: the
 * frames written before it and not yet completed (appl - hwp), less those
 * the device has played since that completion by the clock (it plays on
 * from there).  Under period / PCM_NEAR_MISS_DIV it is a near miss, for
 * adapt() to act on at the next call.  The event side runs to its end
 * between two instructions of this one (or not at all), so a completion
 * between the reads shows as a changed count: then the next commit
 * measures instead.  Out of line: once per period, not per commit.
 */
static __attribute__((noinline)) void measure_margin(struct pcm_stream *s,
						     uint32_t appl_before)
{
	uint32_t periods = ld_stat(&s->st_periods);
	uint32_t done = atomic_load_explicit(&s->ev_done_ns, memory_order_relaxed);
	uint32_t queued = appl_before - ld(&s->hwp);
	uint32_t now = (uint32_t)s->clock(s->clock_ctx);
	if (ld_stat(&s->st_periods) != periods)
		return;
	s->ad_seen = periods;
	uint64_t played = ((uint64_t)(now - done) * s->ad_fpns) >> 32;
	int64_t m = (int64_t)queued - (int64_t)played;
	int32_t margin = m < INT32_MIN ? INT32_MIN : (int32_t)m;
	s->ad_margins++;
	if (margin < s->ad_min_margin)
		s->ad_min_margin = margin;
	/* Below 0 the device ran dry by the clock: an underrun, which the
	 * count of underruns has (or a clock slightly off): acted on, not
	 * counted as a near miss. */
	if (margin < (int32_t)(chunk_of(s) / PCM_NEAR_MISS_DIV)) {
		s->ad_near_misses += margin >= 0;
		s->ad_near = true;
	}
}

static void commit(struct pcm_stream *s, uint32_t n)
{
	uint32_t appl = ld(&s->appl) + n;
	s->appl_off = wrap_add(s, s->appl_off, n);
	/* release: the frames just stored in the ring must be visible before
	 * the event side sees them counted and hands them to the device. */
	st_rel(&s->appl, appl);
	uint32_t fill = appl - ld(&s->hwp);
	if (fill > ld_stat(&s->st_max_fill))
		st_stat(&s->st_max_fill, fill);
	enum pcm_state st = get_state(s);
	if (st == PCM_STATE_PREPARED) {
		uint32_t thr = s->start_threshold < limit_of(s) ? s->start_threshold
							  : limit_of(s);
	if (thr && appl - ld(&s->sub) >= thr) {
			int r = pcm_start(s);
			if (r < 0)
				atomic_store_explicit(&s->st_error, r,
						      memory_order_relaxed);
		}
	} else if (st == PCM_STATE_RUNNING) {
		if (s->ad_margin && ld_stat(&s->st_periods) != s->ad_seen)
			measure_margin(s, appl - n);
		/* A period completed while a device slot was free: the event
		 * side will not come back for it before the device starves. */
		pump(s);
	}
}

/* ---- adaptive latency ------------------------------------------------ */

/*
 * Lower the buffer towards its target no faster than the ring drains: the
 * device must still get the next period of the new size while the last
 * one of the old size plays, so the limit stays at fill + one period until
 * that is no more than the target.  (Cut at once, the device would be left
 * with a single old period and nothing more could be written: an
 * underrun made by the step down.)
 */
static void settle_limit(struct pcm_stream *s)
{
	uint32_t lim = limit_of(s);
	if (lim <= s->ad_target)
		return;
	uint32_t keep = fill_of(s) + chunk_of(s);
	if (keep < lim)
		atomic_store_explicit(&s->limit, keep > s->ad_target ? keep : s->ad_target,
				      memory_order_relaxed);
}

static void set_chunk(struct pcm_stream *s, uint32_t chunk)
{
	/* The event side may pick the new period for its next submit at any
	 * point from here: next_len() keeps it aligned either way. */
	uint32_t lim = (uint32_t)limit_for(s->period_frames, s->periods,
					   s->hw.hw_slots, chunk);
	s->ad_target = lim;
	atomic_store_explicit(&s->chunk, chunk, memory_order_relaxed);
	if (lim > limit_of(s))
		atomic_store_explicit(&s->limit, lim, memory_order_relaxed);
	else
		settle_limit(s);
	if (lim > s->ad_max_limit)
		s->ad_max_limit = lim;
	if (chunk > s->ad_max_chunk)
		s->ad_max_chunk = chunk;
	s->ad_from = s->ad_changed_at = ld_stat(&s->st_frames);
}

/* After an underrun or a near miss: one step up (`steps` doublings of the
 * period, up to the ceiling), unless the last step up has not been tried
 * yet (the ring has not turned over once since). */
static void grow(struct pcm_stream *s, uint32_t chunk, uint32_t played,
		 uint32_t steps)
{
	if (chunk >= s->max_period) {
		s->ad_from = ld_stat(&s->st_frames);
		return;
	}
	if (!s->ad_shrunk && s->ad_grows && played < limit_of(s))
		return;
	if (s->ad_shrunk && s->ad_quiet <= s->ad_quiet_cap / 2u)
		s->ad_quiet *= 2; /* the lower latency did not hold: wait longer */
	s->ad_shrunk = false;
	s->ad_grows++;
	/* max_period is chunk times a power of 2: no overshoot, and no
	 * overflow (next < max_period before each doubling). */
	uint32_t next = chunk * 2;
	while (--steps && next < s->max_period)
		next *= 2;
	set_chunk(s, next);
}

/*
 * The policy, run by the application's calls: grow after an underrun or a
 * near miss, shrink after a quiet interval.  It reads the event side's
 * counters (relaxed: a count seen one call late only delays the step by a
 * call).
 * Out of line: adapt() calls it only when there is something to do.
 */
static __attribute__((noinline)) void adapt_step(struct pcm_stream *s)
{
	settle_limit(s);
	uint32_t xruns = ld_stat(&s->st_xruns), chunk = chunk_of(s);
	uint32_t played = ld_stat(&s->st_frames) - s->ad_from;
	if (xruns != s->ad_xruns || s->ad_near) {
		/* An underrun in the first second of sound: the host is busy
		 * now, several doublings at once (pcm_set_adapt_start). */
		uint32_t early = ld_stat(&s->st_xruns_1s);
		uint32_t steps = early != s->ad_xruns_1s ? s->ad_start_steps : 1;
		s->ad_xruns = xruns;
		s->ad_xruns_1s = early;
		s->ad_near = false;
		/* Grown or at the ceiling, the quiet interval starts again
		 * (within a turn of the ring after a step up it started at
		 * the step, a buffer ago at most). */
		grow(s, chunk, played, steps);
		return;
	}
	if (chunk > s->period_frames && s->ad_quiet && played >= s->ad_quiet) {
		s->ad_shrunk = true;
		s->ad_shrinks++;
		set_chunk(s, chunk / 2);
	}
}

/*
 * Called once per chunk the application writes: a few loads and compares,
 * and the policy itself only after an underrun, while a smaller buffer
 * settles, or once the quiet interval may have passed.  A fixed stream
 * (and capture) has max_period == period_frames and stops at the first
 * test.
 */
HOT void adapt(struct pcm_stream *s)
{
	if (s->max_period == s->period_frames)
		return;
	if (ld_stat(&s->st_xruns) != s->ad_xruns || s->ad_near ||
	    limit_of(s) > s->ad_target ||
	    (chunk_of(s) > s->period_frames && s->ad_quiet &&
	     ld_stat(&s->st_frames) - s->ad_from >= s->ad_quiet))
		adapt_step(s);
}

/* Frames the application may touch now in one piece at appl_off: what is
 * available, up to the end of the ring (the rest wraps to its start). */
HOT uint32_t avail_contig(const struct pcm_stream *s)
{
	uint32_t n = avail_of(s), contig = s->buffer_frames - s->appl_off;
	return n < contig ? n : contig;
}

int32_t pcm_write(struct pcm_stream *s, const void *src, uint32_t frames)
{
	int r = io_state(s, AUDIO_PLAYBACK);
	if (r < 0)
		return r;
	adapt(s);
	if (!src && frames)
		return -EINVAL;
	const uint8_t *p = src;
	uint32_t done = 0, fb = s->hw.frame_bytes;
	while (done < frames) {
		uint32_t n = avail_contig(s);
		if (n > frames - done)
			n = frames - done;
		if (n == 0)
			break;
		memcpy(ring_at(s, s->appl_off), p + (size_t)done * fb,
		       (size_t)n * fb);
		commit(s, n);
		done += n;
	}
	return (int32_t)done;
}

int pcm_mmap_begin(struct pcm_stream *s, void **area, uint32_t *frames)
{
	int r = io_state(s, AUDIO_PLAYBACK);
	if (r < 0)
		return r;
	adapt(s);
	if (!area || !frames)
		return -EINVAL;
	*area = ring_at(s, s->appl_off);
	*frames = avail_contig(s);
	return 0;
}

int pcm_mmap_commit(struct pcm_stream *s, uint32_t frames)
{
	int r = io_state(s, AUDIO_PLAYBACK);
	if (r < 0)
		return r;
	/* avail only grows between begin and commit, so this bound covers
	 * whatever begin handed out. */
	if (frames > avail_contig(s))
		return -EINVAL;
	if (frames)
		commit(s, frames);
	return 0;
}

int32_t pcm_read(struct pcm_stream *s, void *dst, uint32_t frames)
{
	int r = io_state(s, AUDIO_CAPTURE);
	if (r < 0)
		return r;
	if (!dst && frames)
		return -EINVAL;
	uint8_t *p = dst;
	uint32_t done = 0, fb = s->hw.frame_bytes;
	while (done < frames) {
		uint32_t n = avail_contig(s);
		if (n > frames - done)
			n = frames - done;
		if (n == 0)
			break;
		memcpy(p + (size_t)done * fb, ring_at(s, s->appl_off),
		       (size_t)n * fb);
		s->appl_off = wrap_add(s, s->appl_off, n);
		/* release: our reads of those frames are done before the
		 * event side may let the device write there again. */
		st_rel(&s->appl, ld(&s->appl) + n);
		done += n;
	}
	enum pcm_state st = get_state(s);
	if (st == PCM_STATE_RUNNING && done)
		pump(s);
	else if (st == PCM_STATE_DRAINING && fill_of(s) == 0)
		set_state(s, PCM_STATE_SETUP); /* device already stopped */
	return (int32_t)done;
}

/* Playback: re-arm, then commit again the frames the caller rendered at
 * the write position before its commit failed.  pcm_prepare from XRUN
 * leaves appl, appl_off and hwp as they are (nothing is submitted in XRUN,
 * so nothing is played either), so the room checked here is the room the
 * commit will find, and a refused `pending` changes nothing. */
static int recover_playback(struct pcm_stream *s, uint32_t pending)
{
	if (pending > avail_contig(s))
		return -EINVAL;
	/* The underrun's step up before the restart: it moves no frame, so
	 * the room checked above only grows. */
	adapt(s);
	int r = pcm_prepare(s);
	if (r == 0 && pending)
		r = pcm_mmap_commit(s, pending);
	return r;
}

int pcm_recover(struct pcm_stream *s, int err, uint32_t pending)
{
	if (err != -EPIPE)
		return err; /* not an xrun: nothing here can fix it */
	if (!s || !s->dev)
		return -EINVAL;
	if (get_state(s) != PCM_STATE_XRUN)
		return -EPERM;
	if (playback(s))
		return recover_playback(s, pending);
	if (pending)
		return -EINVAL;
	/* Capture: pcm_read does not start a stream (ALSA's does, at its
	 * start threshold), so restart here: going on is the point. */
	int r = pcm_prepare(s);
	return r ? r : pcm_start(s);
}

static bool can_transfer(const void *arg)
{
	const struct pcm_stream *s = arg;
	return get_state(s) != PCM_STATE_RUNNING ||
	       avail_of(s) >= s->period_frames;
}

int pcm_wait(struct pcm_stream *s)
{
	if (!s || !s->dev)
		return -EINVAL;
	for (;;) {
		enum pcm_state st = get_state(s);
		if (st == PCM_STATE_XRUN)
			return -EPIPE;
		bool io = st == PCM_STATE_PREPARED || st == PCM_STATE_RUNNING ||
			  st == PCM_STATE_PAUSED ||
			  (st == PCM_STATE_DRAINING && !playback(s));
		if (!io || (st == PCM_STATE_PREPARED && !playback(s)))
			return -EPERM;
		/* The smallest period, not the one in use: after a change
		 * of size the next submit may need only that much (and with
		 * the buffer in hw_slots periods, a whole one of the new size
		 * would come too late). */
		if (avail_of(s) >= s->period_frames ||
		    (st == PCM_STATE_DRAINING && avail_of(s) > 0))
			return 0;
		/* Only a running stream makes progress by itself. */
		if (st != PCM_STATE_RUNNING || !s->block)
			return -EPERM;
		s->block(s->block_ctx, can_transfer, s);
	}
}

#ifdef KOI_HOST
int pcm_test_set_position(struct pcm_stream *s, uint32_t pos)
{
	if (get_state(s) != PCM_STATE_PREPARED || fill_of(s) != 0 ||
	    s->dev_started)
		return -EPERM;
	reset_ring(s, pos);
	return 0;
}
#endif
