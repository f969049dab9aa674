/*
 * bench_play — the firmware's playback path, instrumented:
 *
 *   bench_play.elf [--loops N] [--ramps] JOB-ARGS...   (JOB-ARGS as for the firmware)
 *
 * Plays the job with the firmware's own player (app/player.c: its PCM
 * stream, its WFI wait, its watchdog; the job restarts N times back to
 * back for long runs) on a thin wrapper around the driver's audio_dev ops.
 * --ramps (mix only) gives every voice an attack over the first half of
 * the run and a release over the second (app/programs/mix.h): the
 * envelope's costliest stages, all the time.  Reports:
 *  - reset_to_main: instructions from reset to the first statement of main
 *    (virtual time at that point, before anything has idled, over the
 *    time per instruction measured by the PMU);
 *  - reset_to_first_write: the same at the first submit() (WRITE_BUFFER);
 *  - irq_to_rearm min/avg/max: instructions from the IRQ vector to the
 *    return of the first submit() made by that interrupt (the next
 *    buffer re-armed), measured by the vector-table probe (irq_probe.S);
 *  - cpu_share: the share of virtual time not spent asleep in the
 *    board's wait (board_idle_ns) between the first WRITE_BUFFER and the
 *    drained end, i.e. the whole audio path (render, PCM, interrupts)
 *    against real time;
 *  - underruns (the stream's count), frames, period.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmdline.h"
#include "app/player.h"
#include "app/programs/mix.h"
#include "arch/arm/pmu.h"
#include "board/board.h"
#include "drivers/audio_dev.h"
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
		first_write_ns = board_now_ns();
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

/* The job played `loops` times back to back: when its sound ends, the
 * next pass is built and starts on the very next frame. */
struct loop {
	struct koi_source src;
	uint32_t left;
};

static struct job job;
static struct stream_format fmt;
static struct job_sound sound;
static struct koi_source *playing; /* sound.src, or the --ramps mix */
static int rebuild_error;

static uint32_t loop_render(struct koi_source *self, int16_t *out, uint32_t frames)
{
	struct loop *l = (struct loop *)self;
	char err[CMDLINE_ERR_LEN];
	uint32_t got = source_render(playing, out, frames);
	while (got < frames && --l->left > 0) {
		job_free(&sound);
		rebuild_error = job_build(&job, &fmt, &sound, err, sizeof err);
		if (rebuild_error)
			break;
		playing = sound.src;
		got += source_render(playing, out + (size_t)got * self->channels, frames - got);
	}
	return got;
}

int main(int argc, char **argv)
{
	/* First statement: nothing has idled yet, so virtual time is
	 * instructions since reset times the time per instruction. */
	main_ns = board_now_ns();
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
	if (job.help || job_live(&job)) {
		fprintf(stderr, "bench_play: help and live jobs cannot be timed\n");
		return 2;
	}
	err[0] = '\0';
	if (ramps && (job.prog != &program_mix || loops != 1)) {
		fprintf(stderr, "bench_play: --ramps is for one mix\n");
		return 2;
	}
	if (board_audio_dev(&real) || player_open(&wrap, &fmt, err, sizeof err) ||
	    job_build(&job, &fmt, &sound, err, sizeof err)) {
		fprintf(stderr, "bench_play: no sound or no device: %s\n", err);
		return 3;
	}
	playing = sound.src;
	if (ramps) {
		/* The same mix with the ramps' envelope, in storage of its own
		 * (the job's source is built but never played). */
		struct msg m = MSG(err, sizeof err);
		void *state = calloc(1, program_mix.state_size(job.args, &fmt));
		if (!state || mix_create_ramps(job.args, &fmt, state, &playing, &m)) {
			fprintf(stderr, "bench_play: no sound: %s\n", state ? err : "no memory");
			return 3;
		}
	}
	const uint32_t ns_per_insn = pmu_counts_per_insn(); /* 1 count per ns */
	bench_u("reset_to_main", main_ns / ns_per_insn);

	probe_overhead = bench_probe_overhead();
	last_entry_seen = bench_irq_ccnt;
	__asm__ volatile("mcr p15, 0, %0, c12, c0, 0\n\tisb" :: "r"(bench_vectors) : "memory");

	/* The firmware's own player: its stream, its wait (board_wait, whose
	 * idle time the board counts) and its watchdog. */
	struct loop l = {{loop_render, "loop", playing->rate, playing->channels, NULL}, loops};
	const struct player_opts opts = {.period_frames = job.period_frames};
	struct player_report rep;
	uint64_t idle0 = board_idle_ns();
	int r = player_play(&l.src, &opts, &rep);
	uint64_t idle_ns = board_idle_ns() - idle0;
	player_close();
	if (r == 0 && rebuild_error)
		r = rebuild_error;

	bench_u("period", rep.period_frames);
	bench_u("frames", rep.frames);
	bench_u("underruns", rep.underruns);
	bench_u("reset_to_first_write", first_write_ns / ns_per_insn);
	if (irq_n) {
		bench_u("irq_to_rearm_min", irq_min);
		bench_centi("irq_to_rearm_avg", (irq_sum * 100u + irq_n / 2u) / irq_n);
		bench_u("irq_to_rearm_max", irq_max);
		bench_u("irq_rearms", irq_n);
	}
	uint64_t span = rep.end_ns - first_write_ns;
	if (span)
		bench_centi("cpu_share_pct", ((span - idle_ns) * 10000u + span / 2u) / span);
	bench_u("virtual_ms", span / 1000000u);
	if (r) {
		fprintf(stderr, "bench_play: stream error %d\n", r);
		return 1;
	}
	return 0;
}
