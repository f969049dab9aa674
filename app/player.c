/* Plays a job through a PCM stream; see player.h. */
#include "app/player.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "audio/pcm.h"
#include "boot/cpu.h"
#include "drivers/goldfish_timer.h"
#include "drivers/goldfish_tty.h"

static struct pcm_stream out;

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
	atomic_store_explicit(&last_period_ns, timer_now_ns(), memory_order_relaxed);
}

/*
 * Software watchdog on the period interrupt.  A running stream completes a
 * period every few ms; if none completes for PLAYER_WATCHDOG_PERIODS
 * periods (plus a margin) the device or its interrupt is dead and waiting
 * on would hang for ever.  The check sits in the only place that waits,
 * fw_block(), with an alarm at the deadline so that WFI wakes to see it.
 * On expiry the stream is dropped (device stopped, pcm_wait/pcm_drain
 * return) and player_run() reports -ETIMEDOUT.  Main-loop state only.
 */
static uint64_t wd_since;  /* start of the current run of the stream */
static uint64_t wd_limit;  /* ns without a period before giving up */
static bool wd_fired;
static struct alarm wd_alarm;
static uint64_t wd_alarm_at;

static void wd_wake(struct alarm *a, void *ctx)
{
	(void)a;
	(void)ctx; /* the interrupt itself ends the WFI */
}

/* The stream's wait: sleep until an interrupt.  Testing readiness with IRQs
 * masked and then WFI cannot miss a wake-up: WFI wakes on a pending IRQ even
 * while it is masked, and the handler runs at irq_restore(). */
static void fw_block(void *ctx, pcm_ready_fn ready, const void *arg)
{
	struct pcm_stream *stream = ctx;
	uint64_t last = atomic_load_explicit(&last_period_ns, memory_order_relaxed);
	if (last < wd_since)
		last = wd_since;
	uint64_t deadline = last + wd_limit;
	if (timer_now_ns() >= deadline) {
		/* Dropping ends the wait: pcm_wait sees SETUP, pcm_drain's
		 * ready() is true once the stream left DRAINING. */
		wd_fired = true;
		pcm_drop(stream);
		return;
	}
	if (deadline != wd_alarm_at) {
		/* Re-armed once per period at most: timer writes cost. */
		timer_alarm_cancel(&wd_alarm);
		if (timer_alarm_at(&wd_alarm, deadline, wd_wake, NULL) == 0)
			wd_alarm_at = deadline;
	}
	uint32_t s = irq_save();
	if (!ready(arg))
		cpu_wfi();
	irq_restore(s);
}

/* Interactive piano: every key typed on the TTY so far. */
static bool feed_keys(struct prog_piano *piano)
{
	char k[32];
	bool quit = false;
	size_t n;
	while ((n = tty_read(k, sizeof k)) > 0)
		for (size_t i = 0; i < n; i++)
			quit |= prog_piano_key(piano, (unsigned char)k[i]) == 1;
	return quit;
}

static uint64_t frames_to_ns(uint64_t frames, uint32_t rate)
{
	return (frames * 1000000000ull + rate - 1) / rate;
}

int player_run(struct audio_dev *dev, const struct job *job,
	       union job_program *prog, struct koi_source *src,
	       struct player_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	const bool interactive = job->kind == JOB_PIANO && !job->keys_given;
	uint32_t period = job->period_frames ? job->period_frames
			  : interactive        ? PLAYER_PIANO_PERIOD
					       : PLAYER_PERIOD_FRAMES;
	rep->period_frames = period;
	rep->periods = PLAYER_PERIODS;

	int r = pcm_open(&out, dev, AUDIO_PLAYBACK);
	if (r < 0)
		return r;
	rep->rate = out.caps.rate;
	/* The periods this device takes, with PLAYER_PERIODS in its ring. */
	struct pcm_hw_info hw;
	r = pcm_hw_info(&out, &hw);
	if (r == 0) {
		rep->min_period = hw.min_period_frames;
		rep->max_period = hw.max_buffer_frames / PLAYER_PERIODS;
		if (rep->max_period > hw.max_period_frames)
			rep->max_period = hw.max_period_frames;
		if (period < rep->min_period || period > rep->max_period)
			r = -ERANGE;
	}
	if (r) {
		pcm_close(&out);
		return r;
	}
	pcm_set_block(&out, fw_block, &out);
	wd_limit = frames_to_ns((uint64_t)PLAYER_WATCHDOG_PERIODS * period, out.caps.rate) +
		   PLAYER_WATCHDOG_MARGIN_NS;
	wd_since = timer_now_ns();
	wd_fired = false;
	wd_alarm_at = 0;
	atomic_store_explicit(&last_period_ns, 0, memory_order_relaxed);
	pcm_set_period_callback(&out, on_period, NULL);
	r = pcm_hw_params(&out, period, PLAYER_PERIODS);
	if (r == 0)
		r = pcm_prepare(&out);
	if (r == 0 && interactive)
		r = tty_rx_start();

	const uint32_t rate = out.caps.rate;
	uint32_t written = 0;
	bool stalled = job->stall_after == 0, resuming = false, more = true;
	bool quit = false;
	while (r == 0 && more) {
		if (interactive && !quit && feed_keys(&prog->piano))
			quit = true; /* the piano fades out, then its source ends */
		void *area;
		uint32_t n;
		r = pcm_mmap_begin(&out, &area, &n);
		if (r == -EPIPE) {
			/* Underrun: the device is already playing silence.
			 * Re-arm the stream; the next full ring restarts it. */
			rep->starved_ns = atomic_load_explicit(&last_period_ns,
							       memory_order_relaxed);
			resuming = true;
			r = pcm_prepare(&out);
			continue;
		}
		if (r < 0)
			break;
		if (n == 0) {
			r = pcm_wait(&out);
			if (r == -EPIPE)
				r = 0; /* handled by the next pcm_mmap_begin */
			continue;
		}
		if (!stalled && n > job->stall_after - written)
			n = job->stall_after - written;
		uint32_t got = source_render(src, area, n);
		r = pcm_mmap_commit(&out, got);
		if (r == -EPIPE) {
			/* The ring ran dry while this chunk was rendered (the CPU
			 * fell behind).  The chunk still sits at the write
			 * position, which pcm_prepare keeps: re-arm, then
			 * commit it there. */
			rep->starved_ns = atomic_load_explicit(&last_period_ns,
							       memory_order_relaxed);
			resuming = true;
			void *again;
			uint32_t room;
			r = pcm_prepare(&out);
			if (r == 0)
				r = pcm_mmap_begin(&out, &again, &room);
			if (r == 0 && (again != area || room < got))
				r = -EIO; /* the ring moved: cannot happen */
			if (r == 0)
				r = pcm_mmap_commit(&out, got);
		}
		if (r < 0)
			break;
		written += got;
		if (rep->start_ns == 0 && pcm_state(&out) == PCM_STATE_RUNNING)
			wd_since = rep->start_ns = timer_now_ns();
		if (resuming && pcm_state(&out) == PCM_STATE_RUNNING) {
			wd_since = rep->resumed_ns = timer_now_ns();
			resuming = false;
		}
		if (got < n)
			more = false;
		if (!stalled && written == job->stall_after) {
			/* The forced underrun of the tests: the main loop stops
			 * feeding for stall_periods periods; the interrupt side
			 * goes on until the ring is empty. */
			stalled = true;
			timer_sleep_ns(frames_to_ns((uint64_t)job->stall_periods * period, rate));
		}
	}
	/* A short source still has to reach the device: drain starts it. */
	if (r == 0) {
		if (pcm_state(&out) != PCM_STATE_RUNNING)
			wd_since = timer_now_ns(); /* drain may start it */
		r = pcm_drain(&out);
	}
	timer_alarm_cancel(&wd_alarm);
	if (wd_fired) {
		r = -ETIMEDOUT;
		rep->watchdog_ns = wd_limit;
	}
	rep->end_ns = timer_now_ns();

	struct pcm_stats st;
	pcm_get_stats(&out, &st);
	rep->frames = st.frames;
	rep->underruns = st.xruns;
	rep->min_fill = st.min_fill;
	pcm_close(&out);
	return r;
}
