/*
 * goldfish_audio through its audio_dev ops, with interrupts: caps and
 * argument checks, then 16 periods of 64 frames streamed by refilling from
 * the event callback.  Periods must complete one at a time, in order, each
 * 64 frames (1451247 ns +-1) after the previous, ending with IDLE.
 * Capture (8 kHz mono) must work: tests/target/run.sh always gives the
 * device the none backend, which records (silence).
 */
#include <errno.h>
#include <string.h>

#include "arch/arm/mmu.h"
#include "board/board.h"
#include "board/goldfish/goldfish.h"
#include "tests/target/tap.h"

#define PERIOD 256u          /* 64 frames */
#define NPERIODS 16u
#define PERIOD_NS 1451247u   /* 64 / 44100 s */
#define JITTER_NS 20000u     /* interrupt latency under icount */

static struct audio_dev *dev;
static uint8_t *ring;
static unsigned submitted, completed, events, idles, bad_counts;
static uint64_t done_at[NPERIODS + 2];
static uint32_t queued_seen[NPERIODS + 2];

static void fill(unsigned k)
{
	uint8_t *p = ring + (k % 4u) * PERIOD;
	for (unsigned i = 0; i < PERIOD; i += 4) {
		p[i] = (uint8_t)k; p[i + 1] = 0x10;
		p[i + 2] = (uint8_t)i; p[i + 3] = 0x20;
	}
}

static void on_event(void *ctx, enum audio_dir dir, uint32_t ev, uint32_t count)
{
	(void)ctx;
	if (dir != AUDIO_PLAYBACK)
		return;
	events++;
	if (ev & AUDIO_EV_PERIOD_DONE) {
		if (count != 1)
			bad_counts++;
		for (uint32_t i = 0; i < count && completed < NPERIODS + 2; i++) {
			queued_seen[completed] = dev->ops->queued(dev, dir);
			done_at[completed++] = board_now_ns();
		}
	}
	if (ev & AUDIO_EV_IDLE)
		idles++;
	while (submitted < NPERIODS && dev->ops->queued(dev, dir) < 2) {
		fill(submitted);
		if (dev->ops->submit(dev, dir, ring + (submitted % 4u) * PERIOD, PERIOD))
			break;
		submitted++;
	}
}

static unsigned cap_done;
static void on_cap(void *ctx, enum audio_dir dir, uint32_t ev, uint32_t count)
{
	(void)ctx;
	if (dir == AUDIO_CAPTURE && (ev & AUDIO_EV_PERIOD_DONE))
		cap_done += count;
	else if (dir == AUDIO_PLAYBACK)
		on_event(ctx, dir, ev, count);
}

int main(void)
{
	tap_init();
	int r = board_audio_dev(&dev);
	if (!tap_ok(r == 0 && dev, "probe finds goldfish_audio on the bus (%d)", r))
		return tap_done();
	const struct audio_dev_ops *o = dev->ops;
	struct audio_caps c;
	tap_ok(!o->get_caps(dev, AUDIO_PLAYBACK, &c) && c.rate == 44100 && c.channels == 2 &&
	       c.frame_bytes == 4 && c.min_period_bytes == 4 && c.max_period_bytes == 16384 &&
	       c.hw_slots == 2, "playback caps: 44100 Hz, 2 ch, periods 4..16384 B, 2 slots");
	ring = o->alloc_buffer(dev, AUDIO_PLAYBACK, 4 * PERIOD);
	tap_ok(ring && dma_is_coherent(ring, 4 * PERIOD), "alloc_buffer gives coherent DMA memory");
	tap_ok(o->alloc_buffer(dev, AUDIO_PLAYBACK, c.max_buffer_bytes + 1) == NULL,
	       "alloc_buffer beyond max_buffer_bytes: NULL");
	tap_ok(o->configure(dev, AUDIO_PLAYBACK, 0) == -EINVAL &&
	       o->configure(dev, AUDIO_PLAYBACK, 16388) == -EINVAL &&
	       o->configure(dev, AUDIO_PLAYBACK, 258) == -EINVAL, "configure rejects bad periods");
	tap_ok(o->submit(dev, AUDIO_PLAYBACK, ring, PERIOD) == -EPERM, "submit before start: -EPERM");
	tap_ok(o->configure(dev, AUDIO_PLAYBACK, PERIOD) == 0, "configure 64 frames");

	dev->event = on_cap;
	dev->event_ctx = NULL;
	tap_ok(o->start(dev, AUDIO_PLAYBACK) == 0, "start");
	tap_ok(o->configure(dev, AUDIO_PLAYBACK, 512) == -EPERM, "configure while started: -EPERM");
	tap_ok(o->submit(dev, AUDIO_PLAYBACK, ring, 6) == -EINVAL &&
	       o->submit(dev, AUDIO_PLAYBACK, ring, PERIOD + 4) == -EINVAL &&
	       o->submit(dev, AUDIO_PLAYBACK, (uint8_t *)&c, 4) == -EINVAL,
	       "submit rejects partial frames, oversize and foreign memory");

	uint64_t t0 = board_now_ns();
	for (int i = 0; i < 2; i++) {
		fill(submitted);
		o->submit(dev, AUDIO_PLAYBACK, ring + (submitted % 4u) * PERIOD, PERIOD);
		submitted++;
	}
	tap_ok(o->queued(dev, AUDIO_PLAYBACK) == 2, "two periods queued");
	tap_ok(o->submit(dev, AUDIO_PLAYBACK, ring + 2 * PERIOD, PERIOD) == -EBUSY,
	       "third submit: -EBUSY");
	board_sleep_until(t0 + (NPERIODS + 4) * (uint64_t)PERIOD_NS);

	tap_ok(completed == NPERIODS, "%u of %u periods completed", completed, NPERIODS);
	tap_ok(bad_counts == 0, "each event reports one period");
	int spacing = completed == NPERIODS;
	uint64_t worst = 0;
	for (unsigned k = 1; k < completed; k++) {
		/* Frame-exact device clock: period k ends at ceil(64k*1e9/44100). */
		uint64_t ideal = (64ull * k * 1000000000ull + 44099u) / 44100u -
				 (64ull * (k - 1) * 1000000000ull + 44099u) / 44100u;
		uint64_t d = done_at[k] - done_at[k - 1];
		uint64_t err = d > ideal ? d - ideal : ideal - d;
		if (err > worst)
			worst = err;
		spacing &= err < JITTER_NS;
	}
	tap_ok(spacing, "completions 1451247 ns apart (worst deviation %llu ns)",
	       (unsigned long long)worst);
	uint64_t first = completed ? done_at[0] - t0 : 0;
	tap_ok(completed && first >= PERIOD_NS && first < PERIOD_NS + JITTER_NS,
	       "first period done %llu ns after submit", (unsigned long long)first);
	int order = 1;
	for (unsigned k = 0; k + 2 < completed; k++)
		order &= queued_seen[k] == 1; /* the other slot still queued */
	tap_ok(order, "completions come one at a time with the next slot still queued");
	tap_ok(idles == 1 && o->queued(dev, AUDIO_PLAYBACK) == 0, "IDLE once at the end (%u)", idles);
	struct goldfish_audio_stats st;
	goldfish_audio_get_stats(&goldfish_board.audio, &st);
	tap_diag("irqs %lu, empty %lu, done %lu", (unsigned long)st.irqs,
		 (unsigned long)st.empty_irqs, (unsigned long)st.play_done);
	tap_ok(st.play_done == NPERIODS, "driver counted %lu periods", (unsigned long)st.play_done);
	tap_ok(o->stop(dev, AUDIO_PLAYBACK) == 0, "stop");
	unsigned ev_before = events;
	board_sleep_ns(5 * (uint64_t)PERIOD_NS);
	tap_ok(events == ev_before, "no events after stop");

	/* Capture: the none backend records, so READ_SUPPORTED must be 1. */
	if (!tap_ok(o->get_caps(dev, AUDIO_CAPTURE, &c) == 0,
		    "capture caps (the none backend records)")) {
		tap_diag("capture not tested: READ_SUPPORTED 0");
	} else {
		uint8_t *in = o->alloc_buffer(dev, AUDIO_CAPTURE, 1024);
		tap_ok(in && o->configure(dev, AUDIO_CAPTURE, 128) == 0 &&
		       o->start(dev, AUDIO_CAPTURE) == 0, "capture configured and started");
		uint64_t c0 = board_now_ns();
		tap_ok(o->submit(dev, AUDIO_CAPTURE, in, 128) == 0 &&
		       o->submit(dev, AUDIO_CAPTURE, in + 128, 128) == -EBUSY,
		       "capture: one slot");
		while (!cap_done && board_now_ns() - c0 < 100000000ull)
			board_sleep_ns(1000000);
		tap_ok(cap_done == 1, "capture period of 64 frames done after %llu ns",
		       (unsigned long long)(board_now_ns() - c0));
		o->stop(dev, AUDIO_CAPTURE);
	}
	return tap_done();
}
