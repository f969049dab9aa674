/*
 * bench_play — the firmware's playback path, instrumented:
 *
 *   bench_play.elf [--loops N] [--ramps] JOB-ARGS...   (JOB-ARGS as for the firmware)
 *
 * Plays the job like app/player.c (same source, PCM stream, driver and
 * WFI wait; the job restarts N times back to back for long runs) through a
 * thin wrapper around the driver's audio_dev ops.  --ramps (mix only)
 * gives every voice an attack over the first half of the run and a release
 * over the second: the envelope's costliest stages, all the time.  Reports:
 *  - reset_to_main: instructions from reset to the first statement of main
 *    (virtual time at that point, before anything has idled, over the
 *    time per instruction measured by the PMU);
 *  - reset_to_first_write: the same at the first submit() (WRITE_BUFFER);
 *  - irq_to_rearm min/avg/max: instructions from the IRQ vector to the
 *    return of the first submit() made by that interrupt (the next
 *    buffer re-armed), measured by the vector-table probe (irq_probe.S);
 *  - cpu_share: the share of virtual time not spent in WFI between the
 *    first WRITE_BUFFER and the drained end, i.e. the whole audio path
 *    (render, PCM, interrupts) against real time;
 *  - underruns (the stream's count), frames, period.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmdline.h"
#include "audio/pcm.h"
#include "boot/cpu.h"
#include "boot/pmu.h"
#include "drivers/goldfish_audio.h"
#include "drivers/goldfish_timer.h"
#include "tests/bench/bench.h"

extern const uint32_t bench_vectors[];
extern volatile uint32_t bench_irq_ccnt;
uint32_t bench_probe_overhead(void);

static struct audio_dev *real;
static uint32_t probe_overhead;
static uint64_t main_ns, first_write_ns;
/* Interrupt-side figures: written by submit() in IRQ context, read by the
 * main loop only after the stream is closed (no IRQs left), so plain
 * variables do. */
static uint32_t last_entry_seen;
static uint32_t irq_n, irq_min = UINT32_MAX, irq_max;
static uint64_t irq_sum;

static uint32_t cpu_mode(void)
{
	uint32_t cpsr;
	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	return cpsr & 0x1fu;
}

static int w_get_caps(struct audio_dev *d, enum audio_dir dir, struct audio_caps *c)
{
	(void)d;
	return real->ops->get_caps(real, dir, c);
}

static void *w_alloc(struct audio_dev *d, enum audio_dir dir, size_t bytes)
{
	(void)d;
	return real->ops->alloc_buffer(real, dir, bytes);
}

static int w_configure(struct audio_dev *d, enum audio_dir dir, uint32_t bytes)
{
	(void)d;
	return real->ops->configure(real, dir, bytes);
}

static int w_start(struct audio_dev *d, enum audio_dir dir)
{
	/* The driver calls its own dev's callback: hand it the stream's. */
	real->event = d->event;
	real->event_ctx = d->event_ctx;
	return real->ops->start(real, dir);
}

static int w_stop(struct audio_dev *d, enum audio_dir dir)
{
	(void)d;
	return real->ops->stop(real, dir);
}

static int w_submit(struct audio_dev *d, enum audio_dir dir, void *buf, uint32_t bytes)
{
	(void)d;
	if (!first_write_ns)
		first_write_ns = timer_now_ns();
	int r = real->ops->submit(real, dir, buf, bytes);
	uint32_t now = pmu_cycles();
	uint32_t entry = bench_irq_ccnt;
	if (cpu_mode() == 0x12u && entry != last_entry_seen) {
		/* First re-arm of this interrupt. */
		last_entry_seen = entry;
		uint32_t insns = pmu_insns(0, now - entry - probe_overhead);
		irq_n++;
		irq_sum += insns;
		if (insns < irq_min)
			irq_min = insns;
		if (insns > irq_max)
			irq_max = insns;
	}
	return r;
}

static uint32_t w_queued(struct audio_dev *d, enum audio_dir dir)
{
	(void)d;
	return real->ops->queued(real, dir);
}

static const struct audio_dev_ops wrap_ops = {
	.get_caps = w_get_caps, .alloc_buffer = w_alloc, .configure = w_configure,
	.start = w_start, .stop = w_stop, .submit = w_submit, .queued = w_queued,
};
static struct audio_dev wrap = {.name = "bench", .ops = &wrap_ops};

/* The player's wait, timed: virtual time spent in WFI is idle time. */
static uint64_t idle_ns;
static void bench_block(void *ctx, pcm_ready_fn ready, const void *arg)
{
	(void)ctx;
	uint32_t s = irq_save();
	if (!ready(arg)) {
		uint64_t a = timer_now_ns();
		cpu_wfi();
		idle_ns += timer_now_ns() - a;
	}
	irq_restore(s);
}

static struct pcm_stream out;
static struct job job;
static union job_program prog;

int main(int argc, char **argv)
{
	/* First statement: nothing has idled yet, so virtual time is
	 * instructions since reset times the time per instruction. */
	main_ns = timer_now_ns();
	bench_init();
	uint32_t loops = 1;
	bool ramps = false;
	int a = 1;
	for (;;) {
		if (argc > a + 1 && !strcmp(argv[a], "--loops")) {
			loops = (uint32_t)strtoul(argv[a + 1], NULL, 10);
			if (loops < 1 || loops > 1000) {
				fprintf(stderr, "bench_play: --loops wants 1..1000\n");
				return 2;
			}
			a += 2;
		} else if (argc > a && !strcmp(argv[a], "--ramps")) {
			ramps = true;
			a++;
		} else {
			break;
		}
	}
	char err[CMDLINE_ERR_LEN];
	if (cmdline_parse(argc - a, argv + a, &job, err, sizeof err)) {
		fprintf(stderr, "bench_play: %s\n", err);
		return 2;
	}
	struct koi_source *src;
	if (job.kind == JOB_PIANO && !job.keys_given) {
		fprintf(stderr, "bench_play: the interactive piano cannot be timed\n");
		return 2;
	}
	if (ramps && (job.kind != JOB_MIX || loops != 1)) {
		fprintf(stderr, "bench_play: --ramps is for one mix\n");
		return 2;
	}
	if (job_source(&job, &prog, &src) || goldfish_audio_probe(&real)) {
		fprintf(stderr, "bench_play: no sound or no device\n");
		return 3;
	}
	if (ramps) {
		uint32_t frames = (uint32_t)(job.seconds * 44100.0 + 0.5);
		struct env_params env = {.attack = frames / 2u, .decay = 0, .sustain = 1.0f,
					 .release = frames - frames / 2u - 1u};
		if (prog_mix_init_env(&prog.mix, job.default_voices ? NULL : job.voices,
				      job.nvoices, job.seconds, &env)) {
			fprintf(stderr, "bench_play: no sound\n");
			return 3;
		}
	}
	const uint32_t ns_per_insn = pmu_counts_per_insn(); /* 1 count per ns */
	bench_u("reset_to_main", main_ns / ns_per_insn);

	probe_overhead = bench_probe_overhead();
	last_entry_seen = bench_irq_ccnt;
	__asm__ volatile("mcr p15, 0, %0, c12, c0, 0\n\tisb" :: "r"(bench_vectors) : "memory");

	uint32_t period = job.period_frames ? job.period_frames : 512u;
	int r = pcm_open(&out, &wrap, AUDIO_PLAYBACK);
	if (r == 0) {
		pcm_set_block(&out, bench_block, NULL);
		r = pcm_hw_params(&out, period, 4u);
	}
	if (r == 0)
		r = pcm_prepare(&out);
	bool more = true;
	while (r == 0 && more) {
		void *area;
		uint32_t n;
		r = pcm_mmap_begin(&out, &area, &n);
		if (r == -EPIPE) {
			r = pcm_prepare(&out);
			continue;
		}
		if (r < 0)
			break;
		if (n == 0) {
			r = pcm_wait(&out);
			if (r == -EPIPE)
				r = 0;
			continue;
		}
		int16_t *lr = area;
		uint32_t got = source_render(src, lr, n);
		while (got < n && --loops > 0) {
			/* The next pass starts on the very next frame. */
			if (job_source(&job, &prog, &src)) {
				r = -EINVAL;
				break;
			}
			got += source_render(src, lr + 2u * got, n - got);
		}
		if (r)
			break;
		r = pcm_mmap_commit(&out, got);
		if (got < n)
			more = false;
	}
	if (r == 0)
		r = pcm_drain(&out);
	uint64_t end_ns = timer_now_ns();
	struct pcm_stats st;
	pcm_get_stats(&out, &st);
	pcm_close(&out);

	bench_u("period", period);
	bench_u("frames", st.frames);
	bench_u("underruns", st.xruns);
	bench_u("reset_to_first_write", first_write_ns / ns_per_insn);
	if (irq_n) {
		bench_u("irq_to_rearm_min", irq_min);
		bench_centi("irq_to_rearm_avg", (irq_sum * 100u + irq_n / 2u) / irq_n);
		bench_u("irq_to_rearm_max", irq_max);
		bench_u("irq_rearms", irq_n);
	}
	uint64_t span = end_ns - first_write_ns;
	if (span)
		bench_centi("cpu_share_pct", ((span - idle_ns) * 10000u + span / 2u) / span);
	bench_u("virtual_ms", span / 1000000u);
	if (r) {
		fprintf(stderr, "bench_play: stream error %d\n", r);
		return 1;
	}
	return 0;
}
