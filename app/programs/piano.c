/*
 * piano: notes from keys, laid out like a piano keyboard on a QWERTY row
 * (audio/seq.h: seq_key_note), on a triangle wave, alternately slightly
 * left and right with the note's parity.
 *
 *   piano                 live: the keys typed on the console
 *   piano --keys STRING   scripted: one key every 250 ms ('z'/'x' shift an
 *                         octave down/up, a space is a rest, other keys are
 *                         ignored)
 *
 * Live, 'q', Escape or Ctrl-D end it after the last note's fade.
 */
#include <errno.h>
#include <string.h>

#include "app/program.h"
#include "audio/seq.h"

#define KEYS_MAX 256u
#define STEP_MS 250u /* scripted keys: one every 250 ms */
#define NOTE_MS 220u

struct piano_args {
	bool keys_given;
	char keys[KEYS_MAX + 1];
};
_Static_assert(sizeof(struct piano_args) <= JOB_ARGS_MAX, "piano's arguments");

struct piano {
	struct seq seq;
	int base; /* MIDI note of the 'a' key */
	struct seq_note notes[KEYS_MAX];
};

static void defaults(void *a)
{
	memset(a, 0, sizeof(struct piano_args));
}

static int set_keys(void *args, const char *v, struct msg *err)
{
	struct piano_args *a = args;
	size_t n = strlen(v);
	if (n > KEYS_MAX)
		return msg_fail(err, "--keys: more than 256 keys", NULL, NULL);
	memcpy(a->keys, v, n + 1);
	a->keys_given = true;
	return 0;
}

static const struct prog_option options[] = {
	{"--keys", "STRING", set_keys, NULL},
	{NULL, NULL, NULL, NULL},
};

/* 'z'/'x': an octave down/up, within MIDI 0..108 for the 'a' key. */
static void shift_octave(int *base, int ch)
{
	int b = *base + (ch == 'z' ? -12 : 12);
	if (b >= 0 && b <= 108)
		*base = b;
}

static size_t state_size(const void *a, const struct stream_format *fmt)
{
	(void)a;
	(void)fmt;
	return sizeof(struct piano);
}

static int create(const void *args, const struct stream_format *fmt, void *state,
		  struct koi_source **src, struct msg *err)
{
	(void)err;
	const struct piano_args *a = args;
	struct piano *p = state;
	p->base = 60;
	uint32_t n = 0, t = 0;
	for (const char *k = a->keys_given ? a->keys : ""; *k; k++) {
		if (*k == 'z' || *k == 'x') {
			shift_octave(&p->base, *k);
			continue;
		}
		int note = seq_key_note(*k, p->base);
		if (note >= 0)
			p->notes[n++] = (struct seq_note){
				t, NOTE_MS, (uint8_t)note, 100,
				OSC_TRIANGLE, (int8_t)(note & 1 ? 30 : -30)};
		if (note >= 0 || *k == ' ')
			t += STEP_MS;
	}
	int r = seq_init(&p->seq, p->notes, n, 0.6, !a->keys_given, fmt->rate);
	p->seq.src.name = "piano";
	p->base = 60;
	*src = &p->seq.src;
	return r;
}

static int key(void *state, int ch)
{
	struct piano *p = state;
	if (ch == 'q' || ch == 27 || ch == 4) {
		seq_finish(&p->seq);
		return 1;
	}
	if (ch == 'z' || ch == 'x') {
		shift_octave(&p->base, ch);
		return 0;
	}
	int note = seq_key_note(ch, p->base);
	if (note >= 0)
		(void)seq_play_now(&p->seq, note, 100, NOTE_MS, OSC_TRIANGLE,
				   note & 1 ? 30 : -30);
	return 0;
}

static const char *live(const void *args)
{
	const struct piano_args *a = args;
	return a->keys_given ? NULL
			     : "  (keys a s d f g h j k l ; ' play C D E F..., w e t y u o p the "
			       "black keys, z/x octave down/up, q quits)";
}

static void describe(const void *args, struct msg *m)
{
	const struct piano_args *a = args;
	msg_puts(m, a->keys_given ? "scripted keys" : "interactive");
}

const struct program program_piano = {
	.name = "piano",
	.help = "notes from the console's keys, or from --keys one every 250 ms",
	.args_size = sizeof(struct piano_args),
	.defaults = defaults,
	.options = options,
	.state_size = state_size,
	.create = create,
	.describe = describe,
	.live = live,
	.key = key,
};
