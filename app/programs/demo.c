/*
 * demo: the default program — a tour of the generators (sine, square, saw,
 * triangle, white and pink noise, alternately left and right of centre),
 * then the Minuet in G (melody left, bass right: audio/seq.h).
 */
#include <errno.h>
#include <string.h>

#include "app/program.h"
#include "audio/seq.h"

#define TOUR_MS 2900u
#define DEMO_MAX 96u

struct demo {
	struct seq seq;
	struct seq_note notes[DEMO_MAX];
};

static void defaults(void *a)
{
	(void)a; /* no arguments */
}

static size_t state_size(const void *a, const struct stream_format *fmt)
{
	(void)a;
	(void)fmt;
	return sizeof(struct demo);
}

static int create(const void *args, const struct stream_format *fmt, void *state,
		  struct koi_source **src, struct msg *err)
{
	(void)args;
	(void)err;
	struct demo *d = state;
	/* The tour: one note per generator, alternately left and right. */
	static const struct seq_note tour[] = {
		{0, 400, 72, 110, OSC_SINE, -60},
		{450, 400, 76, 110, OSC_SQUARE, 60},
		{900, 400, 79, 110, OSC_SAW, -30},
		{1350, 400, 84, 110, OSC_TRIANGLE, 30},
		{1800, 350, 60, 90, OSC_NOISE, -50},
		{2250, 350, 60, 127, OSC_PINK, 50},
	};
	const uint32_t nt = sizeof tour / sizeof tour[0];
	_Static_assert(sizeof tour / sizeof tour[0] + 64 <= DEMO_MAX, "demo table too small");
	if (nt + seq_demo_tune_len > DEMO_MAX)
		return -ENOMEM;
	memcpy(d->notes, tour, sizeof tour);
	for (uint32_t i = 0; i < seq_demo_tune_len; i++) {
		d->notes[nt + i] = seq_demo_tune[i];
		d->notes[nt + i].start_ms += TOUR_MS;
	}
	int r = seq_init(&d->seq, d->notes, nt + seq_demo_tune_len, 0.5, false, fmt->rate);
	d->seq.src.name = "demo";
	*src = &d->seq.src;
	return r;
}

static void describe(const void *args, struct msg *m)
{
	(void)args;
	msg_puts(m, "(generator tour + Minuet in G)");
}

const struct program program_demo = {
	.name = "demo",
	.help = "a tour of the generators, then the Minuet in G",
	.args_size = 0,
	.defaults = defaults,
	.state_size = state_size,
	.create = create,
	.describe = describe,
};
