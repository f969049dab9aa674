/*
 * stall — the forced underrun of the end-to-end tests: a program of the
 * test image build/e2e/firmware-test.elf, never of the shipped firmware.
 *
 *   stall --after FRAMES --for FRAMES PROGRAM [ARGS...]
 *
 * Plays PROGRAM [ARGS...] (any program of the firmware, built for the
 * same stream) and, at the first render after FRAMES frames of it, sleeps
 * for --for frames' worth of time before rendering on: the main loop stops
 * feeding, the device runs dry, and the player must report the underrun
 * and resume where the sound stopped.  The sound itself is the inner
 * program's, so koi-render renders PROGRAM [ARGS...] to compare with.
 * --period goes before PROGRAM (the player's period is the outer job's).
 *
 * This file also holds the test image's program table: the firmware's
 * programs, then stall.
 */
#include <errno.h>
#include <string.h>

#include "app/cmdline.h"
#include "app/program.h"
#include "board/board.h"

struct stall_args {
	uint32_t after, for_frames;
	struct job *inner; /* the program to stall (one stall per run) */
};

struct stall {
	struct koi_source src;
	struct job_sound inner;
	uint64_t done;     /* frames rendered */
	uint32_t after;
	uint64_t sleep_ns;
	bool stalled;
};

static struct job inner_job;

static void defaults(void *a)
{
	*(struct stall_args *)a = (struct stall_args){0, 0, NULL};
}

static int set_frames(const char *v, uint32_t *out, const char *what, struct msg *err)
{
	if (arg_u32(v, out) || *out == 0)
		return msg_fail(err, what, v, "' is not a positive frame count");
	return 0;
}

static int set_after(void *a, const char *v, struct msg *err)
{
	return set_frames(v, &((struct stall_args *)a)->after, "--after: '", err);
}

static int set_for(void *a, const char *v, struct msg *err)
{
	return set_frames(v, &((struct stall_args *)a)->for_frames, "--for: '", err);
}

static const struct prog_option options[] = {
	{"--after", "FRAMES", set_after, NULL},
	{"--for", "FRAMES", set_for, NULL},
	{NULL, NULL, NULL, NULL},
};

/* PROGRAM [ARGS...]: the rest of the line is the inner job's. */
static int words(void *a, int n, char *const *w, struct msg *err)
{
	struct stall_args *s = a;
	if (cmdline_parse(n, w, &inner_job, err->p, err->cap))
		return -EINVAL;
	if (inner_job.help || !inner_job.prog)
		return msg_fail(err, "stall: give it a program to play", NULL, NULL);
	s->inner = &inner_job;
	return n;
}

static int finish(void *a, struct msg *err)
{
	const struct stall_args *s = a;
	if (!s->after || !s->for_frames || !s->inner)
		return msg_fail(err, "stall: needs --after FRAMES --for FRAMES PROGRAM", NULL, NULL);
	return 0;
}

static uint32_t stall_render(struct koi_source *src, int16_t *out, uint32_t frames)
{
	struct stall *s = (struct stall *)src;
	if (!s->stalled && s->done >= s->after) {
		/* The frames so far are in the ring; stop feeding it. */
		s->stalled = true;
		board_sleep_ns(s->sleep_ns);
	}
	uint32_t got = source_render(s->inner.src, out, frames);
	s->done += got;
	return got;
}

static size_t state_size(const void *a, const struct stream_format *fmt)
{
	(void)a;
	(void)fmt;
	return sizeof(struct stall);
}

static int create(const void *args, const struct stream_format *fmt, void *state,
		  struct koi_source **src, struct msg *err)
{
	const struct stall_args *a = args;
	struct stall *s = state;
	int r = job_build(a->inner, fmt, &s->inner, err->p, err->cap);
	if (r)
		return r;
	s->src.render = stall_render;
	s->src.name = "stall";
	s->src.rate = s->inner.src->rate;
	s->src.channels = s->inner.src->channels;
	s->after = a->after;
	s->sleep_ns = ((uint64_t)a->for_frames * 1000000000u + fmt->rate - 1) / fmt->rate;
	*src = &s->src;
	return 0;
}

static void release(void *state)
{
	job_free(&((struct stall *)state)->inner);
}

static void describe(const void *args, struct msg *m)
{
	const struct stall_args *a = args;
	char inner[128];
	job_describe(a->inner, inner, sizeof inner);
	msg_puts(m, inner);
	msg_puts(m, ", stalled after ");
	msg_putu(m, a->after);
	msg_puts(m, " frames for ");
	msg_putu(m, a->for_frames);
}

const struct program program_stall = {
	.name = "stall",
	.help = "(test image) PROGRAM, with the main loop asleep once after --after frames",
	.words_usage = "PROGRAM [ARGS...]",
	.args_size = sizeof(struct stall_args),
	.defaults = defaults,
	.options = options,
	.words = words,
	.finish = finish,
	.state_size = state_size,
	.create = create,
	.release = release,
	.describe = describe,
};

const struct program *const koi_programs[] = {KOI_PROGRAMS(KOI_PROGRAM_ENTRY) &program_stall, NULL};
