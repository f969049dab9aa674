/*
 * Robustness of the audio path under faults, one scenario per run
 * (argv[1]), deterministic under icount:
 *
 *   storm      a timer interrupt storm, timer interrupts with nothing due
 *              (the line raised behind the driver's back) and IRQ
 *              exceptions with nothing pending, during playback: counted,
 *              survived, no alarm lost, audio unaffected
 *   mask1..3   the audio line masked at the PIC for 1.5, 2.5, 3.5 periods
 *              (lost and late interrupts) right after a completion
 *   sweep      the main loop stalls (stops feeding) at 16 points of the
 *              period until the device runs dry: every underrun detected
 *   misuse     API misuse in every state, stop racing the last buffer,
 *              start after end of stream, bad parameters
 *   stall      the audio line dies for good under the player: the watchdog
 *              ends the stream cleanly; the next play works
 *   slow       the ring runs dry while the player renders a chunk (a CPU
 *              that cannot keep up): recovered, every frame played
 *   late       a period submitted after the device ran dry but before its
 *              interrupt was taken: the stream counts the underrun
 *
 * The stream runs on the real goldfish driver through a recording shim
 * (another audio_dev that forwards every op) which models the device's
 * sample clock from the contract (docs/goldfish-audio.md §4.3: a buffer
 * written while starved starts at the frame playing at that moment) and so
 * predicts exactly what the device will report at exit: frames played,
 * underrun events and silent frames.  Each run prints that prediction as
 * "# expect-device: ..." and tests/target/run.sh compares it with the
 * device's own counters (printed by QEMU at exit).  The shim also checks
 * every submitted frame: each written frame carries its sequence number,
 * so a stale, repeated or skipped frame is caught where it leaves.
 *
 * Timestamps bracket each register write (a few instructions apart), so
 * the predicted clock is a range; it is one value unless a frame boundary
 * (every 22.7 us) falls inside a bracket.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/cmdline.h"
#include "app/player.h"
#include "audio/convert.h"
#include "audio/pcm.h"
#include "arch/arm/cpu.h"
#include "board/board.h"
#include "board/goldfish/goldfish.h"
#include "drivers/mmio.h"
#include "tests/target/tap.h"

/* The board's instances (board/goldfish/goldfish.h). */
static struct goldfish_pic *const pic = &goldfish_board.pic;
static struct goldfish_bus *const bus = &goldfish_board.bus;

#define RATE 44100u
#define P 256u          /* period, frames (5.8 ms) */
#define PERIODS 4u      /* ring */

static uint64_t frames_ns(uint64_t f)
{
	return (f * 1000000000ull + RATE - 1) / RATE;
}

/* ---- the recording shim ------------------------------------------------ */

/* One bound of the device model: lo uses the earliest possible clock, hi
 * the latest; every count below is monotonic in the clock. */
struct model {
	uint64_t end;     /* frame at which the queued audio runs out */
	uint64_t silent;
	uint64_t played;
	uint32_t underruns;
};

static struct shim {
	struct audio_dev dev;
	struct audio_dev *real;
	bool armed;         /* started, no stream yet (waits for t0) */
	bool running;       /* a device stream runs */
	uint64_t t0_lo, t0_hi;
	struct model m[2];  /* [0] earliest clock, [1] latest */
	uint32_t next_seq;  /* number the next submitted frame must carry */
	uint32_t bad_frames, submits;
	bool check_seq;
} sh;

static uint64_t clock_at(uint64_t t, uint64_t t0)
{
	return t > t0 ? (t - t0) * RATE / 1000000000ull : 0;
}

static void model_write(struct model *m, uint64_t clock, uint64_t k)
{
	uint64_t start = m->end;
	if (clock > start) { /* starved: the buffer starts at the frame playing now */
		m->silent += clock - start;
		m->underruns++;
		start = clock;
	}
	m->end = start + k;
	m->played += k;
}

/* The silence between the last buffer and the stop is the end of the
 * stream, not an underrun: the device counts it apart (tail frames). */
static void model_stop(struct model *m, uint64_t clock)
{
	if (clock < m->end)
		m->played -= m->end - clock; /* dropped, never played */
}

static int sh_get_caps(struct audio_dev *d, enum audio_dir dir, struct audio_caps *c)
{
	(void)d;
	return sh.real->ops->get_caps(sh.real, dir, c);
}

static void *sh_alloc(struct audio_dev *d, enum audio_dir dir, size_t bytes)
{
	(void)d;
	return sh.real->ops->alloc_buffer(sh.real, dir, bytes);
}

static int sh_configure(struct audio_dev *d, enum audio_dir dir, uint32_t bytes)
{
	(void)d;
	return sh.real->ops->configure(sh.real, dir, bytes);
}

static void sh_event(void *ctx, enum audio_dir dir, uint32_t ev, uint32_t count)
{
	(void)ctx;
	if (sh.dev.event)
		sh.dev.event(sh.dev.event_ctx, dir, ev, count);
}

static int sh_start(struct audio_dev *d, enum audio_dir dir)
{
	(void)d;
	sh.real->event = sh_event;
	int r = sh.real->ops->start(sh.real, dir);
	if (r == 0 && dir == AUDIO_PLAYBACK) {
		/* INT_ENABLE ended any stream; the next buffer starts one. */
		sh.armed = true;
		sh.running = false;
	}
	return r;
}

static int sh_stop(struct audio_dev *d, enum audio_dir dir)
{
	(void)d;
	uint32_t s = irq_save();
	uint64_t tb = board_now_ns();
	int r = sh.real->ops->stop(sh.real, dir);
	uint64_t ta = board_now_ns();
	if (r == 0 && dir == AUDIO_PLAYBACK && sh.running) {
		model_stop(&sh.m[0], clock_at(tb, sh.t0_hi));
		model_stop(&sh.m[1], clock_at(ta, sh.t0_lo));
		sh.running = false;
	}
	sh.armed = false;
	irq_restore(s);
	return r;
}

static void sh_fold(void);

static uint32_t frame_seq(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Called from the PCM pump: main loop or interrupt.  IRQs are masked
 * around the write so the bracket is a few instructions wide. */
static int sh_submit(struct audio_dev *d, enum audio_dir dir, void *buf, uint32_t bytes)
{
	(void)d;
	if (dir != AUDIO_PLAYBACK)
		return sh.real->ops->submit(sh.real, dir, buf, bytes);
	uint32_t s = irq_save();
	uint64_t tb = board_now_ns();
	int r = sh.real->ops->submit(sh.real, dir, buf, bytes);
	uint64_t ta = board_now_ns();
	if (r == 0) {
		uint64_t k = bytes / 4u;
		sh.submits++;
		if (sh.armed) {
			sh.armed = false;
			sh.running = true;
			sh.t0_lo = tb;
			sh.t0_hi = ta;
			sh_fold(); /* the previous stream's counts are final */
		}
		model_write(&sh.m[0], clock_at(tb, sh.t0_hi), k);
		model_write(&sh.m[1], clock_at(ta, sh.t0_lo), k);
		if (sh.check_seq) {
			const uint8_t *p = buf;
			for (uint64_t i = 0; i < k; i++, p += 4)
				if (frame_seq(p) != sh.next_seq++)
					sh.bad_frames++;
		}
	}
	irq_restore(s);
	return r;
}

static uint32_t sh_queued(struct audio_dev *d, enum audio_dir dir)
{
	(void)d;
	return sh.real->ops->queued(sh.real, dir);
}

static const struct audio_dev_ops sh_ops = {
	.get_caps = sh_get_caps, .alloc_buffer = sh_alloc, .configure = sh_configure,
	.start = sh_start, .stop = sh_stop, .submit = sh_submit, .queued = sh_queued,
};

/* Device totals over the whole run (QEMU counts per process). */
static struct model total[2];

static void sh_fold(void)
{
	for (int i = 0; i < 2; i++) {
		total[i].silent += sh.m[i].silent;
		total[i].played += sh.m[i].played;
		total[i].underruns += sh.m[i].underruns;
	}
	memset(sh.m, 0, sizeof sh.m);
}

/* The two bounds can differ in underrun count either way (an earlier
 * clock can give a short gap and then a second 1-frame one), so ranges
 * are taken over both. */
static uint32_t und_min(void)
{
	return total[0].underruns < total[1].underruns ? total[0].underruns : total[1].underruns;
}

static uint32_t und_max(void)
{
	return total[0].underruns > total[1].underruns ? total[0].underruns : total[1].underruns;
}

/* reported: the underruns the stream reported, which the device must
 * match exactly ("none unreported") when the model allows that value. */
static void expect_device(uint32_t reported)
{
	sh_fold();
	uint32_t lo = und_min(), hi = und_max();
	if (reported >= lo && reported <= hi)
		lo = hi = reported;
	tap_diag("expect-device: played %llu underruns %lu..%lu silent %llu..%llu",
		 (unsigned long long)total[0].played, (unsigned long)lo, (unsigned long)hi,
		 (unsigned long long)total[0].silent, (unsigned long long)total[1].silent);
}

/* ---- a playback stream fed from the main loop ----------------------- */

static struct pcm_stream st;
static uint32_t audio_irq;
static volatile uint32_t completions;
static void (*on_completion)(uint32_t n);
static int16_t chunk[2 * P];
static uint32_t seq; /* next frame number to write */

static void on_period(void *ctx, struct pcm_stream *s)
{
	(void)ctx;
	(void)s;
	uint32_t n = ++completions;
	if (on_completion)
		on_completion(n);
}

static void fill_chunk(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t v = seq + i;
		chunk[2 * i] = (int16_t)(uint16_t)(v & 0xffffu);
		chunk[2 * i + 1] = (int16_t)(uint16_t)(v >> 16);
	}
}

static int stream_open(void)
{
	memset(&sh, 0, sizeof sh);
	int r = board_audio_dev(&sh.real);
	if (r)
		return r;
	sh.dev.name = "shim";
	sh.dev.ops = &sh_ops;
	sh.check_seq = true;
	sh.next_seq = seq = 1; /* never 0: a silent frame is (0, 0) */
	completions = 0;
	r = pcm_open(&st, &sh.dev, AUDIO_PLAYBACK);
	if (r)
		return r;
	pcm_set_block(&st, board_wait, NULL);
	pcm_set_period_callback(&st, on_period, NULL);
	r = pcm_hw_params(&st, P, PERIODS);
	return r ? r : pcm_prepare(&st);
}

/* Writes frames up to `until` (a sequence number), recovering from
 * underruns like the player does; stall(n) is called before each write
 * and may stop feeding for a while.  Returns recoveries or -errno. */
static int feed(uint32_t until, void (*stall)(void))
{
	int recoveries = 0;
	while (seq < until) {
		if (stall)
			stall();
		uint32_t n = until - seq < P ? until - seq : P;
		fill_chunk(n);
		int32_t w = pcm_write(&st, chunk, n);
		if (w == -EPIPE) {
			recoveries++;
			int r = pcm_recover(&st, (int)w, 0);
			if (r)
				return r;
			continue;
		}
		if (w < 0)
			return (int)w;
		seq += (uint32_t)w;
		if (w == 0) {
			int r = pcm_wait(&st);
			if (r && r != -EPIPE)
				return r;
		}
	}
	return recoveries;
}

static void stream_report(const char *what)
{
	struct pcm_stats s;
	pcm_get_stats(&st, &s);
	tap_diag("%s: %lu frames, %lu periods, %lu xruns, min fill %lu, state %s",
		 what, (unsigned long)s.frames, (unsigned long)s.periods_completed,
		 (unsigned long)s.xruns, (unsigned long)s.min_fill,
		 pcm_state_name(s.state));
}

static bool frames_ok(void)
{
	return tap_ok(sh.bad_frames == 0, "every submitted frame in order, none stale or repeated "
		      "(%lu submits)", (unsigned long)sh.submits);
}

/* ---- storm ----------------------------------------------------------- */

#define STORM_IRQS 20000u
#define STORM_GAP_NS 20000u
static struct alarm storm_alarm;
static volatile uint32_t storm_left, storm_fired;

static void storm_tick(struct alarm *a, void *ctx)
{
	(void)ctx;
	storm_fired++;
	if (--storm_left)
		board_alarm_at(a, board_now_ns() + (STORM_GAP_NS), storm_tick, NULL);
}

static int run_storm(void)
{
	int r = stream_open();
	if (!tap_ok(r == 0, "stream open (%d)", r))
		return tap_done();
	uint32_t sp0 = goldfish_pic_spurious_count(pic);
	uint32_t spurious_made = 0, injected = 0, forced = 0;
	const struct bus_dev *td = goldfish_bus_find(bus, "goldfish_timer", 0);
	uintptr_t timer_base = td ? td->base : 0;
	uint32_t timer_irqs0 = goldfish_pic_irq_count(pic, GOLDFISH_TIMER_IRQ);
	storm_left = STORM_IRQS;
	board_alarm_at(&storm_alarm, board_now_ns() + (1000000), storm_tick, NULL);
	/* 1 s of sound; spurious IRQ exceptions injected all along. */
	uint32_t until = RATE;
	int rec = 0;
	while (seq < until && rec >= 0) {
		uint32_t step = seq + 2000 < until ? seq + 2000 : until;
		rec = feed(step, NULL);
		for (int i = 0; i < 10; i++, forced++) {
			/* The timer's line raised with no alarm due: its handler
			 * must find nothing to run and re-program the real next
			 * alarm (the storm's), or the storm would stop. */
			uint32_t s = irq_save();
			mmio_write32(timer_base + TIMER_ALARM_HIGH, 0);
			mmio_write32(timer_base + TIMER_ALARM_LOW, 0);
			irq_restore(s);
		}
		for (int i = 0; i < 50; i++) {
			/* An IRQ exception that finds nothing pending, as a
			 * glitching line would cause: the dispatcher runs with
			 * interrupts masked, exactly as from the vector. */
			uint32_t s = irq_save();
			if (goldfish_pic_dispatch(pic) == 0)
				spurious_made++;
			irq_restore(s);
			injected++;
		}
	}
	r = pcm_drain(&st);
	tap_ok(rec == 0 && r == 0, "1 s played through the storm and drained (%d, %d)", rec, r);
	while (storm_left)
		board_sleep_ns(1000000);
	struct pcm_stats s;
	pcm_get_stats(&st, &s);
	stream_report("storm");
	/* A forced raise while the line is already high merges with it
	 * (level-triggered), so not every one is a separate interrupt. */
	uint32_t timer_irqs = goldfish_pic_irq_count(pic, GOLDFISH_TIMER_IRQ) - timer_irqs0;
	tap_ok(storm_fired == STORM_IRQS && timer_irqs >= STORM_IRQS + forced / 2,
	       "%lu storm alarms (every %u us) and %lu timer interrupts with nothing due: "
	       "%lu timer interrupts handled, no alarm lost", (unsigned long)storm_fired,
	       STORM_GAP_NS / 1000u, (unsigned long)forced,
	       (unsigned long)timer_irqs);
	tap_ok(goldfish_pic_spurious_count(pic) - sp0 == spurious_made && spurious_made > injected / 2,
	       "%lu of %lu injected IRQ exceptions found nothing pending: all counted as spurious",
	       (unsigned long)spurious_made, (unsigned long)injected);
	tap_ok(s.xruns == 0 && s.frames == until - 1, "audio unaffected: %lu frames, 0 underruns (%lu)",
	       (unsigned long)s.frames, (unsigned long)s.xruns);
	frames_ok();
	pcm_close(&st);
	expect_device(s.xruns);
	return tap_done();
}

/* ---- masked line: lost and late interrupts --------------------------- */

static struct alarm unmask_alarm;
static uint64_t mask_ns, masked_at, unmasked_at;
#define MASK_AT 10u /* completion after which the line goes deaf */

static void unmask(struct alarm *a, void *ctx)
{
	(void)a;
	(void)ctx;
	unmasked_at = board_now_ns();
	goldfish_pic_enable(pic, audio_irq);
}

static void mask_on_completion(uint32_t n)
{
	if (n != MASK_AT)
		return;
	/* In the audio interrupt, before the pump refills: both slots will
	 * be full when it returns, 2 periods of sound ahead. */
	goldfish_pic_disable(pic, audio_irq);
	masked_at = board_now_ns();
	board_alarm_at(&unmask_alarm, board_now_ns() + (mask_ns), unmask, NULL);
}

static int run_mask(unsigned periods)
{
	int r = stream_open();
	if (!tap_ok(r == 0, "stream open (%d)", r))
		return tap_done();
	mask_ns = frames_ns((uint64_t)periods * P + P / 2);
	on_completion = mask_on_completion;
	int rec = feed(40 * P + 1, NULL);
	r = pcm_drain(&st);
	tap_ok(rec >= 0 && r == 0, "played and drained (%d, %d)", rec, r);
	struct pcm_stats s;
	pcm_get_stats(&st, &s);
	stream_report("mask");
	tap_diag("line masked %llu ns (%u.5 periods)",
		 (unsigned long long)(unmasked_at - masked_at), periods);
	tap_ok(masked_at && unmasked_at - masked_at >= mask_ns, "line was masked");
	/* Two periods were queued when the line went deaf: a deafness
	 * shorter than that is absorbed, a longer one is a gap. */
	bool gap = periods >= 2;
	tap_ok(s.xruns == (gap ? 1u : 0u), "stream reports %lu underrun(s), want %u",
	       (unsigned long)s.xruns, gap ? 1u : 0u);
	tap_ok(s.frames == 40 * P, "every written frame played once (%lu)", (unsigned long)s.frames);
	sh_fold();
	/* The gap: from the end of the 2 queued periods to the late
	 * interrupt's refill, i.e. (periods - 2 + 0.5) periods plus the
	 * interrupt's latency (a few us). */
	uint64_t want = gap ? (uint64_t)(periods - 2u) * P + P / 2 : 0;
	tap_ok(total[0].silent >= want && total[1].silent <= want + 8 &&
	       total[0].underruns == (gap ? 1u : 0u) && total[1].underruns == total[0].underruns,
	       "device silence %llu..%llu frames, want %llu (+ latency)",
	       (unsigned long long)total[0].silent, (unsigned long long)total[1].silent,
	       (unsigned long long)want);
	frames_ok();
	pcm_close(&st);
	expect_device(s.xruns);
	return tap_done();
}

/* tone OPTION VALUE, parsed and built for the goldfish device's format. */
static int tone_job(char *option, char *value)
{
	static struct job job;
	struct job_sound s;
	char err[CMDLINE_ERR_LEN];
	char *args[] = {"tone", option, value};
	const struct stream_format fmt = {RATE, 2, SAMPLE_S16};
	int r = cmdline_parse(3, args, &job, err, sizeof err);
	if (r == 0)
		r = job_build(&job, &fmt, &s, err, sizeof err);
	if (r == 0)
		job_free(&s);
	else
		tap_diag("tone %s %s: %s", option, value, err);
	return r;
}

/* ---- sweep: the main loop stalls at every point of the period ------- */

static bool completed_since(const void *at)
{
	return completions != *(const uint32_t *)at;
}

#define SWEEP_POINTS 16u
static unsigned sweep_i;
static uint32_t sweep_next_at;

static void sweep_stall(void)
{
	if (sweep_i >= SWEEP_POINTS || completions < sweep_next_at)
		return;
	/* At completion c, wait i/16 of a period, then stop feeding long
	 * enough for the ring and both hardware slots to run dry. */
	uint32_t at = completions;
	while (completions == at)
		board_wait(NULL, completed_since, &at);
	board_delay_ns(frames_ns((uint64_t)P * sweep_i / SWEEP_POINTS));
	board_sleep_ns(frames_ns((uint64_t)(PERIODS + 2) * P));
	sweep_i++;
	sweep_next_at = completions + 8;
}

static int run_sweep(void)
{
	int r = stream_open();
	if (!tap_ok(r == 0, "stream open (%d)", r))
		return tap_done();
	sweep_next_at = 8;
	int rec = feed(400 * P + 1, sweep_stall);
	r = pcm_drain(&st);
	struct pcm_stats s;
	pcm_get_stats(&st, &s);
	stream_report("sweep");
	tap_ok(sweep_i == SWEEP_POINTS, "%u stalls injected, at 0/16..15/16 of a period", sweep_i);
	tap_ok(rec == (int)SWEEP_POINTS && r == 0, "each stall recovered once (%d recoveries)", rec);
	sh_fold();
	tap_ok(s.xruns == SWEEP_POINTS && und_min() <= SWEEP_POINTS && und_max() >= SWEEP_POINTS,
	       "every underrun reported: stream %lu, device model %lu..%lu, stalls %u",
	       (unsigned long)s.xruns, (unsigned long)und_min(), (unsigned long)und_max(),
	       SWEEP_POINTS);
	tap_ok(s.frames == 400 * P, "every written frame played once (%lu)", (unsigned long)s.frames);
	frames_ok();
	pcm_close(&st);
	expect_device(s.xruns);
	return tap_done();
}

/* ---- misuse ------------------------------------------------------------ */

#define EXPECT(call, want, what) \
	do { int r_ = (call); tap_ok(r_ == (want), "%s: %d, want %d", what, r_, want); } while (0)

static bool consistent(enum pcm_state want, const char *when)
{
	enum pcm_state got = pcm_state(&st);
	uint32_t q = sh.real->ops->queued(sh.real, AUDIO_PLAYBACK);
	bool stopped = got == PCM_STATE_SETUP || got == PCM_STATE_PREPARED || got == PCM_STATE_OPEN;
	return tap_ok(got == want && (!stopped || q == 0) &&
		      pcm_fill(&st) + pcm_avail(&st) == pcm_buffer_frames(&st),
		      "%s: state %s (want %s), %lu queued in the device", when,
		      pcm_state_name(got), pcm_state_name(want), (unsigned long)q);
}

/* Completion of the period carrying frame number `last`: the drop races
 * the device finishing the final buffer. */
static uint32_t race_offset_ns;
static struct alarm race_alarm;
static volatile bool raced;

static void race(struct alarm *a, void *ctx)
{
	(void)a;
	(void)ctx;
	raced = true;
}

static int run_misuse(void)
{
	int r = stream_open();
	if (!tap_ok(r == 0, "stream open (%d)", r))
		return tap_done();
	const struct audio_dev_ops *o = sh.real->ops;
	struct audio_dev *dev = sh.real;

	/* PREPARED */
	EXPECT(pcm_start(&st), -EAGAIN, "start with nothing written");
	EXPECT(pcm_pause(&st, true), -EPERM, "pause while prepared");
	EXPECT(pcm_set_start_threshold(&st, 0), 0, "manual start");
	fill_chunk(P);
	EXPECT(pcm_write(&st, chunk, P), (int)P, "write one period");
	seq += P;
	EXPECT(pcm_start(&st), 0, "start");
	/* RUNNING */
	EXPECT(pcm_start(&st), -EPERM, "start twice");
	EXPECT(pcm_hw_params(&st, 512, 4), -EPERM, "hw_params while running");
	EXPECT(pcm_prepare(&st), -EPERM, "prepare while running");
	EXPECT(o->configure(dev, AUDIO_PLAYBACK, 512), -EPERM, "driver configure while running");
	consistent(PCM_STATE_RUNNING, "after refused calls");
	/* PAUSED */
	EXPECT(pcm_pause(&st, true), 0, "pause");
	EXPECT(pcm_pause(&st, true), -EPERM, "pause twice");
	EXPECT(pcm_drain(&st), -EPERM, "drain while paused");
	EXPECT(pcm_start(&st), -EPERM, "start while paused");
	board_sleep_ns(frames_ns(4 * P));
	consistent(PCM_STATE_PAUSED, "paused, slots finished");
	EXPECT(pcm_pause(&st, false), 0, "resume");
	/* SETUP after drop */
	EXPECT(pcm_drop(&st), 0, "drop");
	consistent(PCM_STATE_SETUP, "after drop");
	EXPECT(pcm_write(&st, chunk, P), -EPERM, "write after stop");
	EXPECT(pcm_pause(&st, false), -EPERM, "resume after stop");
	EXPECT(o->submit(dev, AUDIO_PLAYBACK, st.ring, 4 * P), -EPERM, "driver submit after stop");
	uint32_t ev0 = completions;
	board_sleep_ns(frames_ns(4 * P));
	tap_ok(completions == ev0, "no period completes after stop");
	/* Bad parameters, at both levels. */
	EXPECT(pcm_hw_params(&st, 0, 4), -EINVAL, "period 0");
	EXPECT(pcm_hw_params(&st, 1, 4), 0, "one-frame period (the device's smallest)");
	EXPECT(pcm_hw_params(&st, 4097, 2), -EINVAL, "period above the device maximum");
	EXPECT(pcm_hw_params(&st, 256, 0), -EINVAL, "0 periods");
	EXPECT(pcm_hw_params(&st, 256, 1), -EINVAL, "1 period");
	EXPECT(pcm_hw_params(&st, 4096, 17), -EINVAL, "ring beyond the device's memory");
	EXPECT(pcm_hw_params(&st, UINT32_MAX, UINT32_MAX), -EINVAL, "huge sizes");
	EXPECT(o->configure(dev, AUDIO_PLAYBACK, 0), -EINVAL, "driver period 0 bytes");
	EXPECT(o->configure(dev, AUDIO_PLAYBACK, 2), -EINVAL, "driver period below one frame");
	EXPECT(o->configure(dev, AUDIO_PLAYBACK, 257), -EINVAL, "driver period odd");
	EXPECT(o->configure(dev, AUDIO_PLAYBACK, 258), -EINVAL, "driver period not whole frames");
	EXPECT(o->configure(dev, AUDIO_PLAYBACK, 16384 + 4), -EINVAL, "driver period over the maximum");
	tap_ok(o->alloc_buffer(dev, AUDIO_PLAYBACK, (size_t)GF_AUDIO_PLAY_AREA + 1) == NULL,
	       "driver buffer beyond its area: NULL");
	EXPECT(pcm_hw_params(&st, 333, 3), 0, "odd period (333 frames) is fine");
	consistent(PCM_STATE_SETUP, "after bad parameters");
	EXPECT(pcm_hw_params(&st, P, PERIODS), 0, "back to 256 x 4");

	/* Stop racing the last buffer: drop at the moment the final period
	 * completes, shifted by -4..+4 us around it, every time a clean SETUP
	 * with the device stopped and no late event. */
	int race_ok = 0, races = 0;
	for (int k = -4; k <= 4; k++, races++) {
		EXPECT(pcm_prepare(&st), 0, "prepare");
		sh.next_seq = seq;
		uint64_t t = board_now_ns();
		fill_chunk(2 * P > P ? P : P);
		pcm_write(&st, chunk, P);
		seq += P;
		fill_chunk(P);
		pcm_write(&st, chunk, P);
		seq += P;
		pcm_start(&st);
		uint64_t end = t + frames_ns(2 * P);
		race_offset_ns = (uint32_t)(k * 1000);
		raced = false;
		board_alarm_at(&race_alarm, end + (uint64_t)(int64_t)k * 1000, race, NULL);
		while (!raced)
			board_sleep_ns(1000);
		pcm_drop(&st);
		uint32_t e0 = completions;
		board_sleep_ns(frames_ns(2 * P));
		if (pcm_state(&st) == PCM_STATE_SETUP && o->queued(dev, AUDIO_PLAYBACK) == 0 &&
		    completions == e0)
			race_ok++;
	}
	tap_ok(race_ok == races, "drop racing the last buffer: clean in %d of %d runs", race_ok, races);

	/* Start after end of stream: drain to the end, then play again. */
	EXPECT(pcm_prepare(&st), 0, "prepare");
	sh.next_seq = seq;
	int rec = feed(seq + 8 * P, NULL);
	EXPECT(pcm_drain(&st), 0, "drain to the end");
	consistent(PCM_STATE_SETUP, "after end of stream");
	EXPECT(pcm_drain(&st), -EPERM, "drain again");
	EXPECT(pcm_prepare(&st), 0, "prepare after end of stream");
	rec += feed(seq + 8 * P, NULL);
	EXPECT(pcm_drain(&st), 0, "second stream drained");
	struct pcm_stats s;
	pcm_get_stats(&st, &s);
	tap_ok(rec == 0 && s.xruns == 0, "both streams played without underrun (%d, %lu)", rec,
	       (unsigned long)s.xruns);
	frames_ok();
	pcm_close(&st);
	EXPECT(pcm_prepare(&st), -EINVAL, "prepare after close");

	/* Programs and converter parameters: refused while parsing, or
	 * when built for the device's 44.1 kHz (a frequency at or above
	 * half of it). */
	EXPECT(tone_job("--freq", "0"), -EINVAL, "tone at 0 Hz");
	EXPECT(tone_job("--freq", "-440"), -EINVAL, "negative frequency");
	EXPECT(tone_job("--freq", "22050"), -EINVAL, "tone at Nyquist");
	EXPECT(tone_job("--freq", "30000"), -EINVAL, "tone above Nyquist");
	EXPECT(tone_job("--gain", "0.5"), -EINVAL, "gain above 0 dB");
	EXPECT(tone_job("--gain", "-121"), -EINVAL, "gain below -120 dB");
	EXPECT(tone_job("--seconds", "0"), -EINVAL, "0 seconds");
	EXPECT(tone_job("--freq", "22049"), 0, "a good tone");
	static struct convert conv;
	static const int16_t clip[8];
	const size_t cs = sizeof conv; /* 44.1 kHz in and out: no filter */
	EXPECT(convert_init(&conv, cs, clip, 4, (enum sample_format)SAMPLE_FORMAT_COUNT, 2, 44100,
			    1, RATE, 2, 1.0), -EINVAL, "unknown sample format");
	EXPECT(convert_init(&conv, cs, clip, 4, SAMPLE_S16, 2, 12345, 1, RATE, 2, 1.0), -EINVAL,
	       "unknown rate");
	EXPECT(convert_init(&conv, cs, clip, 4, SAMPLE_S16, 3, 44100, 1, RATE, 2, 1.0), -EINVAL,
	       "3 channels");
	EXPECT(convert_init(&conv, cs, clip, 0, SAMPLE_S16, 2, 44100, 1, RATE, 2, 1.0), -EINVAL,
	       "no frames");
	EXPECT(convert_init(&conv, cs, clip, 4, SAMPLE_S16, 1, 44100, 1, RATE, 2, 1.5), -EINVAL,
	       "mono gain > 1");
	EXPECT(convert_init(&conv, cs, clip, 4, SAMPLE_S16, 2, 8000, 1, RATE, 2, 1.0), -ENOMEM,
	       "a filter without its storage");
	EXPECT(convert_init(&conv, cs, clip, 4, SAMPLE_S16, 2, 44100, 1, RATE, 2, 1.0), 0,
	       "a good clip");
	expect_device(s.xruns);
	return tap_done();
}

/* ---- stall: the watchdog ---------------------------------------------- */

static struct alarm deaf_alarm;

static void go_deaf(struct alarm *a, void *ctx)
{
	(void)a;
	(void)ctx;
	goldfish_pic_disable(pic, audio_irq); /* the device's interrupt is gone for good */
}

static int run_stall(void)
{
	static struct job job;
	static struct job_sound sound;
	char err[CMDLINE_ERR_LEN];
	char *args[] = {"tone", "--seconds", "1"};
	struct audio_dev *dev;
	struct stream_format fmt;
	const struct player_opts opts = {0};
	int r = cmdline_parse(3, args, &job, err, sizeof err);
	if (r == 0)
		r = board_audio_dev(&dev);
	if (r == 0)
		r = player_open(dev, &fmt, err, sizeof err);
	if (r == 0)
		r = job_build(&job, &fmt, &sound, err, sizeof err);
	if (!tap_ok(r == 0, "a 1 s tone and the device (%d)", r))
		return tap_done();
	struct player_report rep;
	board_alarm_at(&deaf_alarm, board_now_ns() + (200000000ull), go_deaf, NULL);
	uint64_t t = board_now_ns();
	r = player_play(sound.src, &opts, &rep);
	uint64_t took = board_now_ns() - t;
	uint64_t limit = frames_ns((uint64_t)PLAYER_WATCHDOG_PERIODS * PLAYER_PERIOD_FRAMES) +
			 PLAYER_WATCHDOG_MARGIN_NS;
	tap_diag("stalled play ended after %llu ms with %d, %lu frames played",
		 (unsigned long long)(took / 1000000u), r, (unsigned long)rep.frames);
	tap_ok(r == -ETIMEDOUT && rep.watchdog_ns == limit,
	       "the watchdog ends the stalled stream: -ETIMEDOUT after %llu ms without a period",
	       (unsigned long long)(rep.watchdog_ns / 1000000u));
	tap_ok(took < 200000000ull + limit + 20000000ull, "within its limit (%llu ms)",
	       (unsigned long long)(took / 1000000u));
	tap_ok(dev->ops->queued(dev, AUDIO_PLAYBACK) == 0, "device stopped");
	/* Recovery: the interrupt is back, the next play works. */
	goldfish_pic_enable(pic, audio_irq);
	job_free(&sound);
	r = job_build(&job, &fmt, &sound, err, sizeof err);
	if (r == 0)
		r = player_play(sound.src, &opts, &rep);
	player_close();
	job_free(&sound);
	tap_ok(r == 0 && rep.frames == RATE && rep.underruns == 0,
	       "the next play is whole: %d, %lu frames, %lu underruns", r,
	       (unsigned long)rep.frames, (unsigned long)rep.underruns);
	return tap_done();
}

/* ---- slow: the CPU falls behind while rendering --------------------- */

/* A source that, once, takes longer to render a chunk than the ring holds:
 * the ring runs dry between pcm_mmap_begin and pcm_mmap_commit. */
struct slow_source {
	struct koi_source src;
	uint32_t left, calls;
};

static uint32_t slow_render(struct koi_source *self, int16_t *lr, uint32_t frames)
{
	struct slow_source *s = (struct slow_source *)self;
	uint32_t n = frames < s->left ? frames : s->left;
	for (uint32_t i = 0; i < n; i++) {
		lr[2 * i] = (int16_t)(s->left - i);
		lr[2 * i + 1] = 1;
	}
	s->left -= n;
	if (++s->calls == 20)
		board_delay_ns(frames_ns(8 * PLAYER_PERIOD_FRAMES));
	return n;
}

static int run_slow(void)
{
	char err[CMDLINE_ERR_LEN];
	struct audio_dev *dev;
	struct stream_format fmt;
	int r = board_audio_dev(&dev);
	if (r == 0)
		r = player_open(dev, &fmt, err, sizeof err);
	if (!tap_ok(r == 0, "the device (%d)", r))
		return tap_done();
	struct slow_source src = { { slow_render, "slow", RATE, 2, NULL }, RATE / 2, 0 };
	const struct player_opts opts = {0};
	struct player_report rep;
	r = player_play(&src.src, &opts, &rep);
	player_close();
	tap_ok(r == 0, "an underrun while a chunk renders is recovered, not fatal (%d)", r);
	tap_ok(rep.frames == RATE / 2, "every rendered frame played: %lu of %u",
	       (unsigned long)rep.frames, RATE / 2);
	tap_ok(rep.underruns == 1, "one underrun reported (%lu)", (unsigned long)rep.underruns);
	return tap_done();
}

/* ---- late: a submit that lands after the device ran dry -------------- */

/*
 * The real-time window (docs/audio.md): the only queued period plays out,
 * the device starts its underrun silence, and the main loop submits the
 * next period before the completion interrupt is taken (here interrupts are
 * masked from before the end of the period until after the submit; without
 * icount a loaded host does the same by delaying the interrupt).  The
 * device counts one underrun; the stream must count it too, not only the
 * device.
 */
static int run_late(void)
{
	int r = stream_open();
	if (!tap_ok(r == 0, "stream open (%d)", r))
		return tap_done();
	pcm_set_start_threshold(&st, 0);
	fill_chunk(P);
	int32_t w = pcm_write(&st, chunk, P);
	seq += P;
	r = pcm_start(&st);
	tap_ok(w == (int32_t)P && r == 0, "one period written and started (%ld, %d)", (long)w, r);
	uint32_t s = irq_save();
	uint64_t until = board_now_ns() + frames_ns(P) + 1000000u; /* 1 ms of silence */
	while (board_now_ns() < until)
		;
	fill_chunk(P);
	w = pcm_write(&st, chunk, P);
	seq += P;
	irq_restore(s);
	tap_ok(w == (int32_t)P, "the next period written while the device was dry (%ld)", (long)w);
	r = feed(seq + 8 * P, NULL);
	int d = pcm_drain(&st);
	struct pcm_stats ps;
	pcm_get_stats(&st, &ps);
	stream_report("late");
	tap_ok(r == 0 && d == 0, "played on and drained (%d, %d)", r, d);
	sh_fold();
	tap_ok(und_min() == 1 && und_max() == 1, "device model: one underrun (%lu..%lu)",
	       (unsigned long)und_min(), (unsigned long)und_max());
	tap_ok(ps.xruns == 1, "the stream counts it: %lu underrun(s), want 1",
	       (unsigned long)ps.xruns);
	tap_ok(ps.frames == 10 * P, "every written frame played once (%lu)", (unsigned long)ps.frames);
	frames_ok();
	pcm_close(&st);
	expect_device(ps.xruns);
	return tap_done();
}

int main(int argc, char **argv)
{
	tap_init();
	const char *m = argc > 1 ? argv[1] : "";
	const struct bus_dev *d = goldfish_bus_find(bus, "goldfish_audio", 0);
	audio_irq = d ? d->irq : 0;
	if (!strcmp(m, "storm"))
		return run_storm();
	if (!strncmp(m, "mask", 4) && m[4] >= '1' && m[4] <= '3')
		return run_mask((unsigned)(m[4] - '0'));
	if (!strcmp(m, "sweep"))
		return run_sweep();
	if (!strcmp(m, "misuse"))
		return run_misuse();
	if (!strcmp(m, "stall"))
		return run_stall();
	if (!strcmp(m, "slow"))
		return run_slow();
	if (!strcmp(m, "late"))
		return run_late();
	tap_ok(0, "unknown scenario '%s'", m);
	return tap_done();
}
