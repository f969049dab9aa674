/* Plays a source through a PCM stream in the device's format; see player.h. */
#include "app/player.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "app/args.h"
#include "app/recorder.h"
#include "audio/convert.h"
#include "audio/pcm.h"
#include "board/board.h"

static struct pcm_stream out;
static struct pcm_hw_info hw; /* the open stream's device */
static const char *dev_name;  /* and its name */

/*
 * Virtual time of the last completed period.  Written by the period
 * callback (interrupt context), read by the main loop once pcm_mmap_begin()
 * has reported the underrun: the stream's state is stored with release
 * after the callback ran, and read with acquire, so this relaxed load sees
 * the completion that ended the sound.
 */
static _Atomic uint64_t last_period_ns;

static void on_period(void *ctx, struct pcm_stream *s)
{
	(void)ctx;
	(void)s;
	atomic_store_explicit(&last_period_ns, board_now_ns(), memory_order_relaxed);
}

/* The stream's clock for near misses (pcm_set_clock). */
static uint64_t now_ns(void *ctx)
{
	(void)ctx;
	return board_now_ns();
}

/*
 * Software watchdog on the period interrupt.  A running stream completes a
 * period every few ms; if none completes for PLAYER_WATCHDOG_PERIODS
 * periods (plus a margin) the device or its interrupt is dead and waiting
 * on would hang for ever.  The first period after a start, a restart or a
 * resume gets at least PLAYER_WATCHDOG_START_NS: a sound server takes a
 * while to take a new stream.  The check sits in the only place that waits,
 * fw_block(), with an alarm at the deadline so that WFI wakes to see it.
 * On expiry the stream is dropped (device stopped, pcm_wait/pcm_drain
 * return) and player_play() reports -ETIMEDOUT.  Main-loop state only.
 */
static uint64_t wd_since;  /* start of the current run of the stream */
static uint64_t wd_limit;  /* ns without a period before giving up */
static uint64_t wd_fired; /* the limit that ended the stream, or 0 */
static struct alarm wd_alarm;
static uint64_t wd_alarm_at;

static uint64_t frames_to_ns(uint64_t frames, uint32_t rate)
{
	return (frames * 1000000000ull + rate - 1) / rate;
}

static uint32_t wd_period; /* the period wd_limit was set for */
static uint32_t wd_rate;

/* The limit for periods of `period` frames: 16 of them and the margin. */
static void wd_follow(uint32_t period)
{
	if (period == wd_period)
		return;
	wd_period = period;
	wd_limit = frames_to_ns((uint64_t)PLAYER_WATCHDOG_PERIODS * period, wd_rate) +
		   PLAYER_WATCHDOG_MARGIN_NS;
}

static void wd_wake(struct alarm *a, void *ctx)
{
	(void)a;
	(void)ctx; /* the interrupt itself ends the WFI */
}

/* The stream's wait: the watchdog, then the board's WFI wait. */
static void fw_block(void *ctx, pcm_ready_fn ready, const void *arg)
{
	struct pcm_stream *stream = ctx;
	wd_follow(pcm_period_frames(stream));
	uint64_t last = atomic_load_explicit(&last_period_ns, memory_order_relaxed);
	uint64_t limit = wd_limit;
	if (last < wd_since) {
		/* No period yet since the stream (re)started: the device may
		 * still wait for its sound server (PLAYER_WATCHDOG_START_NS). */
		last = wd_since;
		if (limit < PLAYER_WATCHDOG_START_NS)
			limit = PLAYER_WATCHDOG_START_NS;
	}
	uint64_t deadline = last + limit;
	if (board_now_ns() >= deadline) {
		/* Dropping ends the wait: pcm_wait sees SETUP, pcm_drain's
		 * ready() is true once the stream left DRAINING. */
		wd_fired = limit;
		pcm_drop(stream);
		return;
	}
	if (deadline != wd_alarm_at) {
		/* Re-armed once per period at most: timer writes cost. */
		board_alarm_cancel(&wd_alarm);
		if (board_alarm_at(&wd_alarm, deadline, wd_wake, NULL) == 0)
			wd_alarm_at = deadline;
	}
	board_wait(NULL, ready, arg);
}

/* The controls' state over one play. */
struct control {
	const struct player_opts *o;
	bool paused, quit;
	uint32_t pauses;
};

static void tell(const struct player_opts *o, enum player_event ev, double value)
{
	if (o->event)
		o->event(o->ctx, ev, value);
}

/* Pauses or resumes the stream.  A running stream pauses in the PCM layer
 * (pcm_pause); one that has not started yet (its ring still filling, or
 * refilling after an underrun) is held by a start threshold of 0, so that
 * a key pressed at once is not lost.  A draining stream does not pause. */
static void toggle_pause(struct control *c)
{
	enum pcm_state st = pcm_state(&out);
	if (!c->paused) {
		if (st == PCM_STATE_RUNNING ? pcm_pause(&out, true)
					    : st != PCM_STATE_PREPARED ||
						      pcm_set_start_threshold(&out, 0))
			return;
		c->paused = true;
		c->pauses++;
		tell(c->o, PLAYER_PAUSED, 0.0);
		return;
	}
	if (st == PCM_STATE_PAUSED) {
		if (pcm_pause(&out, false))
			return;
	} else if (st == PCM_STATE_PREPARED) {
		/* Held before its start: the default threshold again, and a
		 * start now if a period is written (else the writes start it). */
		if (pcm_set_start_threshold(&out, pcm_buffer_frames(&out)))
			return;
		int r = pcm_start(&out);
		if (r && r != -EAGAIN)
			return;
	}
	c->paused = false;
	wd_since = board_now_ns(); /* no period completed meanwhile */
	tell(c->o, PLAYER_RESUMED, 0.0);
}

static void stop(struct control *c)
{
	if (c->quit)
		return;
	c->quit = true;
	if (c->paused)
		toggle_pause(c); /* the fade has to play */
	if (c->o->gain)
		gain_fade_out(c->o->gain);
	tell(c->o, PLAYER_STOPPING, 0.0);
}

/* One key typed on the console. */
static void on_key(struct control *c, int ch)
{
	const struct player_opts *o = c->o;
	struct gain *g = o->gain;
	const bool live = o->key != NULL;
	switch (ch) {
	case PLAYER_KEY_PAUSE:
		toggle_pause(c);
		return;
	case PLAYER_KEY_UP:
	case '=':
	case PLAYER_KEY_DOWN:
	case '_':
		if (g && !c->quit)
			tell(o, PLAYER_VOLUME,
			     gain_set_db(g, g->db + (ch == PLAYER_KEY_UP || ch == '='
							     ? PLAYER_VOLUME_STEP_DB
							     : -PLAYER_VOLUME_STEP_DB)));
		return;
	case PLAYER_KEY_MUTE:
		if (g && !c->quit) {
			gain_set_mute(g, !g->mute);
			tell(o, g->mute ? PLAYER_MUTED : PLAYER_UNMUTED, 0.0);
		}
		return;
	case PLAYER_KEY_QUIT:
	case 3:  /* Ctrl-C: the terminal is raw, so it arrives as a key */
	case 4:  /* Ctrl-D */
	case 27: /* Escape */
		if (!live) {
			stop(c);
			return;
		}
		break; /* a live program ends itself, after its last note */
	default:
		break;
	}
	if (live && !c->quit && o->key(o->key_ctx, ch) == 1)
		c->quit = true; /* the source fades out, then ends */
}

/* Every key typed on the console so far. */
static void feed_keys(struct control *c)
{
	char k[32];
	size_t n;
	while ((n = board_console_read(k, sizeof k)) > 0)
		for (size_t i = 0; i < n; i++)
			on_key(c, (unsigned char)k[i]);
}

static bool key_waiting(const void *arg)
{
	(void)arg;
	return board_console_pending() > 0;
}

int player_open(struct audio_dev *dev, struct stream_format *fmt, char *why,
		size_t whylen)
{
	return player_open_at(dev, 0, fmt, why, whylen);
}

int player_open_at(struct audio_dev *dev, uint32_t rate, struct stream_format *fmt,
		   char *why, size_t whylen)
{
	struct msg m = MSG(why, whylen);
	msg_puts(&m, "");
	int r = pcm_open(&out, dev, AUDIO_PLAYBACK);
	if (r == 0)
		r = pcm_hw_info(&out, &hw);
	if (r == 0 && rate) {
		r = pcm_set_rate(&out, rate);
		if (r) {
			msg_puts(&m, dev->name);
			if (r == -ENOTSUP) {
				msg_puts(&m, " plays ");
				msg_putu(&m, hw.rate);
				msg_puts(&m, " Hz only");
			} else {
				msg_puts(&m, r == -EINVAL ? " cannot play at " : " failed to set ");
				msg_putu(&m, rate);
				msg_puts(&m, " Hz");
			}
			pcm_close(&out);
			return r;
		}
		r = pcm_hw_info(&out, &hw);
	}
	if (r) {
		msg_fail(&m, dev->name, r == -ENODEV ? ": no playback direction"
						     : ": its description (caps) is unusable",
			 NULL);
		return r;
	}
	dev_name = dev->name;
	*fmt = (struct stream_format){hw.rate, hw.channels, hw.format};
	if (hw.rate >= PLAYER_MIN_RATE && hw.rate <= PLAYER_MAX_RATE &&
	    (hw.channels == 1 || hw.channels == 2) && hw.format < SAMPLE_FORMAT_COUNT)
		return 0;
	pcm_close(&out);
	msg_puts(&m, dev->name);
	msg_puts(&m, " plays ");
	msg_putu(&m, hw.rate);
	msg_puts(&m, " Hz, ");
	msg_putu(&m, hw.channels);
	msg_puts(&m, hw.channels == 1 ? " channel, " : " channels, ");
	msg_puts(&m, sample_format_name(hw.format));
	msg_puts(&m, "; Koi plays 8000..192000 Hz, 1 or 2 channels, s8 u8 s16 s24 s32 float");
	return -ENOTSUP;
}

const char *player_device(void)
{
	return dev_name ? dev_name : "?";
}

void player_close(void)
{
	pcm_close(&out);
}

/* The watchdog's limit for periods of `period` frames at `rate`; the
 * waits keep it following the period in use (wd_follow). */
static void wd_set_limit(uint32_t period, uint32_t rate)
{
	wd_rate = rate;
	wd_period = 0;
	wd_follow(period);
}

/* The largest period PLAYER_PERIODS of which the device's ring holds. */
static uint32_t device_max_period(void)
{
	uint32_t m = hw.max_buffer_frames / PLAYER_PERIODS;
	return m < hw.max_period_frames ? m : hw.max_period_frames;
}

/* The largest period adaptation may take from periods of p frames: the
 * buffer it makes (audio/pcm.h: periods of the size in use, as many as the
 * device queues, or the first buffer) at most PLAYER_ADAPT_FACTOR times
 * the first, and its ring within the device's memory. */
static uint32_t adapt_ceiling(uint32_t p)
{
	const uint64_t first = (uint64_t)PLAYER_PERIODS * p;
	const uint32_t held = hw.hw_slots < PLAYER_PERIODS ? hw.hw_slots : PLAYER_PERIODS;
	uint64_t m = p;
	for (;;) {
		uint64_t next = m * 2u, buf = held * next > first ? held * next : first;
		uint64_t ring = (buf + next - 1u) / next * next;
		if (next > hw.max_period_frames || buf > PLAYER_ADAPT_FACTOR * first ||
		    ring > hw.max_buffer_frames)
			return (uint32_t)m;
		m = next;
	}
}

static uint32_t max_period; /* main loop: this play's adaptation ceiling */

/* The period to start from, and the largest one adaptation may take into
 * max_period (the same: fixed).  A period asked for (--period) is kept as
 * it is, and fixed; a latency asked for, or the job's default, bends to
 * the device and adapts up to PLAYER_ADAPT_FACTOR times, by doublings. */
static uint32_t choose_periods(const struct player_opts *o)
{
	uint32_t p = o->period_frames;
	if (!p) {
		p = o->key ? PLAYER_LIVE_PERIOD : PLAYER_PERIOD_FRAMES;
		if (o->latency_us)
			p = (uint32_t)(((uint64_t)o->latency_us * hw.rate / PLAYER_PERIODS +
					500000u) / 1000000u);
		if (p < hw.min_period_frames)
			p = hw.min_period_frames;
		if (p > device_max_period() && device_max_period() >= hw.min_period_frames)
			p = device_max_period();
	}
	max_period = o->period_frames || o->no_adapt ? p : adapt_ceiling(p);
	return p;
}

/* The adaptation's course, at the end of a play, from the stream's own
 * counts (nothing of it is tracked per chunk: pcm.h keeps the underruns of
 * the first second and where the period or buffer last changed). */
static void latency_report(struct player_report *rep, const struct pcm_stats *st)
{
	rep->end_buffer = st->buffer_frames;
	rep->max_buffer = st->max_buffer_frames;
	rep->end_period = st->period_frames;
	rep->top_period = st->max_period_frames;
	rep->grows = st->grows;
	rep->shrinks = st->shrinks;
	rep->underruns_1s = st->xruns_1s;
	rep->changed_at = st->changed_at;
	rep->near_misses = st->near_misses;
}

/* The period for o on the open device, and the range it takes, into rep:
 * -EINVAL for a source the device does not play as it is, -ERANGE for a
 * period outside the range. */
static int choose_period(const struct koi_source *src, const struct player_opts *o,
			 struct player_report *rep)
{
	/* The defaults bend to the device; a period asked for does not. */
	uint32_t period = choose_periods(o);
	rep->period_frames = period;
	rep->periods = PLAYER_PERIODS;
	rep->start_buffer = rep->end_buffer = period * PLAYER_PERIODS;
	rep->end_period = rep->top_period = period;
	if (src->rate != hw.rate || src->channels != hw.channels)
		return -EINVAL;
	rep->rate = hw.rate;
	/* The periods this device takes, with PLAYER_PERIODS in its ring. */
	rep->min_period = hw.min_period_frames;
	rep->max_period = hw.max_buffer_frames / PLAYER_PERIODS;
	if (rep->max_period > hw.max_period_frames)
		rep->max_period = hw.max_period_frames;
	if (period < rep->min_period || period > rep->max_period)
		return -ERANGE;
	return 0;
}

/* The stream set up for `period`-frame periods, its watchdog armed, the
 * console's input and the recording started, the caller's hooks told. */
static int start_stream(const struct player_opts *o, uint32_t period)
{
	if (pcm_state(&out) != PCM_STATE_OPEN)
		(void)pcm_drop(&out); /* a play that failed may have left it running */
	pcm_set_block(&out, fw_block, &out);
	wd_set_limit(period, hw.rate);
	wd_since = board_now_ns();
	wd_fired = 0;
	wd_alarm_at = 0;
	atomic_store_explicit(&last_period_ns, 0, memory_order_relaxed);
	pcm_set_period_callback(&out, on_period, NULL);
	pcm_set_clock(&out, now_ns, NULL);
	int r = pcm_hw_params_adapt(&out, period, PLAYER_PERIODS, max_period,
				    PLAYER_ADAPT_QUIET_S * hw.rate);
	/* An underrun in the first second of sound: the host is busy now,
	 * and a step at a time costs an underrun per step (docs/realtime.md,
	 * measured): straight to the ceiling. */
	if (r == 0)
		r = pcm_set_adapt_start(&out, PCM_ADAPT_START_CEILING);
	if (r == 0)
		r = pcm_prepare(&out);
	if (r == 0 && (o->key || o->controls))
		r = board_console_input_start();
	if (r == 0 && o->setup) {
		const struct player_setup su = {
			.rate = hw.rate, .channels = hw.channels, .format = hw.format,
			.period_frames = period, .periods = PLAYER_PERIODS,
			.buffer_frames = pcm_buffer_frames(&out),
			.start_threshold = pcm_start_threshold(&out),
		};
		o->setup(o->ctx, &su);
	}
	if (r == 0 && o->progress)
		o->progress(o->ctx, 0, false);
	if (r == 0 && o->rec)
		r = recorder_start(o->rec);
	return r;
}

/* One play's loop state. */
struct play {
	struct koi_source *src;
	const struct player_opts *o;
	struct player_report *rep;
	struct control ctl;
	bool live;
	bool resuming;          /* an underrun: the stream restarts */
	bool more;              /* the source has not ended */
	uint64_t next_second;   /* frames: the next progress call */
	uint64_t rec_frames;    /* the capture's frames at rec_since */
	uint64_t rec_since;     /* when they last moved (virtual ns) */
};

/*
 * The capture beside the playback (o->rec) under a watchdog like a plain
 * recording's (player_record): no capture period for PLAYER_WATCHDOG_PERIODS
 * periods plus the margin, and the device has stopped capturing (virt with
 * QEMU's wav backend never completes one).  The recording then fails with
 * -ETIMEDOUT (kept in rec->error, which stops the play at the next pump),
 * and rep->capture_watchdog_ns says for how long nothing came.  Checked
 * at each turn of the play loop, which runs at least once per playback
 * period.
 */
static void watch_capture(struct play *p)
{
	struct recorder *rec = p->o->rec;
	uint64_t now = board_now_ns();
	if (rec->frames != p->rec_frames || rec->stopped || rec->error) {
		p->rec_frames = rec->frames;
		p->rec_since = now;
		return;
	}
	uint64_t limit = frames_to_ns((uint64_t)PLAYER_WATCHDOG_PERIODS *
					      pcm_period_frames(&rec->in),
				      recorder_rate(rec)) +
			 PLAYER_WATCHDOG_MARGIN_NS;
	if (now - p->rec_since >= limit) {
		rec->error = -ETIMEDOUT;
		p->rep->capture_watchdog_ns = limit;
	}
}

/* An underrun (-EPIPE): the device is already playing silence.  Noted, and
 * the stream re-armed with the `committed` frames just rendered kept at
 * the write position; the next full ring restarts it. */
static int underrun(struct play *p, int err, uint32_t committed)
{
	p->rep->starved_ns = atomic_load_explicit(&last_period_ns, memory_order_relaxed);
	p->resuming = true;
	return pcm_recover(&out, err, committed);
}

/* After a commit: when the sound started or resumed, and each second. */
static void note_progress(struct play *p)
{
	const struct player_opts *o = p->o;
	if (p->rep->start_ns == 0 && pcm_state(&out) == PCM_STATE_RUNNING)
		wd_since = p->rep->start_ns = board_now_ns();
	if (p->resuming && pcm_state(&out) == PCM_STATE_RUNNING) {
		wd_since = p->rep->resumed_ns = board_now_ns();
		p->resuming = false;
	}
	if (o->progress) {
		struct pcm_stats ps;
		pcm_get_stats(&out, &ps);
		if (ps.frames >= p->next_second) {
			p->next_second = ((uint64_t)ps.frames / hw.rate + 1u) * hw.rate;
			o->progress(o->ctx, ps.frames, false);
		}
	}
}

/* One turn of the loop: keys, the recording, then the next chunk of sound
 * rendered into the ring.  0 to go on (p->more false: the loop ends), or
 * a negative errno. */
static int play_turn(struct play *p)
{
	const struct player_opts *o = p->o;
	if (p->live || o->controls)
		feed_keys(&p->ctl);
	if (o->rec)
		watch_capture(p);
	if ((o->rec && recorder_pump(o->rec)) || /* the recording failed: say so, stop */
	    (p->ctl.quit && !o->gain && !p->live)) { /* no stage to fade with */
		p->more = false;
		return 0;
	}
	void *area;
	uint32_t n;
	int r = pcm_mmap_begin(&out, &area, &n);
	if (r == -EPIPE)
		return underrun(p, r, 0);
	if (r < 0)
		return r;
	if (n == 0 && p->ctl.paused) {
		/* Paused with a full ring: only a key moves us. */
		board_wait(NULL, key_waiting, NULL);
		return 0;
	}
	if (n == 0) {
		r = pcm_wait(&out);
		return r == -EPIPE ? 0 : r; /* recovered at the next pcm_mmap_begin */
	}
	uint32_t got = convert_render_as(p->src, hw.format, area, n);
	r = pcm_mmap_commit(&out, got);
	/* The ring ran dry while this chunk was rendered (the CPU fell
	 * behind): the chunk still sits at the write position. */
	if (r == -EPIPE)
		r = underrun(p, r, got);
	if (r < 0)
		return r;
	note_progress(p);
	if (got < n)
		p->more = false;
	return 0;
}

/* The end of a play: the sound out of the ring, the watchdog's verdict,
 * the report.  r: the loop's result. */
static int finish(struct play *p, int r)
{
	/* Paused as the sound ended: the rest waits in the ring for the key
	 * that resumes it (a drain cannot run paused). */
	while (r == 0 && p->ctl.paused) {
		board_wait(NULL, key_waiting, NULL);
		feed_keys(&p->ctl);
	}
	/* A short source still has to reach the device: drain starts it. */
	if (r == 0) {
		if (pcm_state(&out) != PCM_STATE_RUNNING)
			wd_since = board_now_ns(); /* drain may start it */
		r = pcm_drain(&out);
	}
	/* The recording ends with the playback (the caller finishes it: its
	 * ring holds the drain's part, about a second of room). */
	board_alarm_cancel(&wd_alarm);
	struct player_report *rep = p->rep;
	if (wd_fired) {
		r = -ETIMEDOUT;
		rep->watchdog_ns = wd_fired;
	}
	rep->end_ns = board_now_ns();
	struct pcm_stats st;
	pcm_get_stats(&out, &st);
	rep->frames = st.frames;
	rep->underruns = st.xruns;
	rep->pauses = p->ctl.pauses;
	rep->min_fill = st.min_fill;
	latency_report(rep, &st);
	if (p->o->progress)
		p->o->progress(p->o->ctx, st.frames, true);
	return r;
}

int player_play(struct koi_source *src, const struct player_opts *o,
		struct player_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	int r = choose_period(src, o, rep);
	if (r)
		return r;
	r = start_stream(o, rep->period_frames);
	struct play p = {
		.src = src, .o = o, .rep = rep, .ctl = {.o = o}, .live = o->key != NULL,
		.more = true, .next_second = hw.rate, .rec_since = board_now_ns(),
	};
	while (r == 0 && p.more)
		r = play_turn(&p);
	return finish(&p, r);
}

/* ---- recording alone ------------------------------------------------------ */

static bool record_wake(const void *arg)
{
	return recorder_ready(arg) || board_console_pending() > 0;
}

int player_record(struct recorder *rec, const struct player_opts *o,
		  struct player_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->rate = recorder_rate(rec);
	rep->period_frames = pcm_period_frames(&rec->in);
	rep->periods = pcm_buffer_frames(&rec->in) / rep->period_frames;
	int r = o->controls ? board_console_input_start() : 0;
	if (r == 0)
		r = recorder_start(rec);
	rep->start_ns = board_now_ns();
	/* Watchdog: a running capture completes a period every
	 * RECORDER_PERIOD_MS; none for PLAYER_WATCHDOG_PERIODS of them, and
	 * the device has stopped.  An alarm wakes the wait to see it. */
	const uint64_t limit = (uint64_t)PLAYER_WATCHDOG_PERIODS * rep->period_frames *
				       1000000000ull / rep->rate + PLAYER_WATCHDOG_MARGIN_NS;
	uint64_t frames = 0, since = board_now_ns(), next_second = rep->rate;
	struct alarm wake = {0};
	bool quit = false;
	while (r == 0 && !rec->stopped && !quit) {
		char k[16];
		size_t n;
		while ((n = board_console_read(k, sizeof k)) > 0)
			for (size_t i = 0; i < n; i++)
				quit |= k[i] == PLAYER_KEY_QUIT || k[i] == 3 || k[i] == 4 || k[i] == 27;
		if (quit)
			break;
		r = recorder_pump(rec);
		if (rec->frames != frames) {
			frames = rec->frames;
			since = board_now_ns();
		} else if (board_now_ns() - since >= limit) {
			r = -ETIMEDOUT;
			rep->watchdog_ns = limit;
			break;
		}
		if (o->progress && frames >= next_second) {
			next_second = (frames / rep->rate + 1u) * rep->rate;
			o->progress(o->ctx, frames, false);
		}
		if (r == 0 && !rec->stopped) {
			(void)board_alarm_at(&wake, since + limit, wd_wake, NULL);
			board_wait(NULL, record_wake, rec);
			(void)board_alarm_cancel(&wake);
		}
	}
	if (quit)
		tell(o, PLAYER_STOPPING, 0.0);
	rep->end_ns = board_now_ns();
	rep->frames = (uint32_t)rec->frames;
	rep->underruns = rec->overruns;
	if (o->progress)
		o->progress(o->ctx, rec->frames, true);
	return r ? r : rec->error;
}
