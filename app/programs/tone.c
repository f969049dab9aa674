/*
 * tone: one waveform, the same inverted on R.
 *
 *   tone [--freq HZ] [--seconds S] [--wave WAVE] [--gain DB]
 *
 * Defaults 997 Hz, 2 s, sine, 0 dB.  The sound is audio/tone.h's: stereo,
 * the waveform on L and exactly -L on R, so a channel swap or a stride
 * error shows; mono, L alone.
 */
#include <errno.h>
#include <string.h>

#include "app/program.h"
#include "audio/dspmath.h"
#include "audio/tone.h"

struct tone_args {
	enum osc_wave wave;
	double freq, seconds, gain_db;
};
_Static_assert(sizeof(struct tone_args) <= JOB_ARGS_MAX, "tone's arguments");

static void defaults(void *a)
{
	*(struct tone_args *)a = (struct tone_args){OSC_SINE, 997.0, 2.0, 0.0};
}

static int set_freq(void *a, const char *v, struct msg *err)
{
	double d;
	if (arg_double(v, &d) || !(d > 0.0))
		return msg_fail(err, "--freq: '", v, "' is not a frequency above 0 Hz");
	((struct tone_args *)a)->freq = d;
	return 0;
}

static int set_seconds(void *a, const char *v, struct msg *err)
{
	double d;
	if (arg_double(v, &d) || !(d >= 0.1 && d <= 3600.0))
		return msg_fail(err, "--seconds: '", v, "' is not a duration in 0.1..3600");
	((struct tone_args *)a)->seconds = d;
	return 0;
}

static void wave_names(struct msg *m, const char *sep)
{
	for (int w = 0; w < OSC_WAVE_COUNT; w++) {
		if (w)
			msg_puts(m, sep);
		msg_puts(m, osc_wave_name((enum osc_wave)w));
	}
}

static int set_wave(void *a, const char *v, struct msg *err)
{
	int w = osc_wave_from_name(v);
	if (w < 0) {
		msg_fail(err, "--wave: unknown waveform '", v, "' (");
		wave_names(err, ", ");
		return msg_fail(err, ")", NULL, NULL);
	}
	((struct tone_args *)a)->wave = (enum osc_wave)w;
	return 0;
}

static int set_gain(void *a, const char *v, struct msg *err)
{
	double d;
	if (arg_double(v, &d) || !(d >= -120.0 && d <= 0.0))
		return msg_fail(err, "--gain: '", v, "' is not a level in -120..0 dB");
	((struct tone_args *)a)->gain_db = d;
	return 0;
}

static const struct prog_option options[] = {
	{"--freq", "HZ", set_freq, NULL},
	{"--seconds", "S", set_seconds, NULL},
	{"--wave", NULL, set_wave, wave_names},
	{"--gain", "DB", set_gain, NULL},
	{NULL, NULL, NULL, NULL},
};

static size_t state_size(const void *a, const struct stream_format *fmt)
{
	(void)a;
	(void)fmt;
	return sizeof(struct tone);
}

static int create(const void *args, const struct stream_format *fmt, void *state,
		  struct koi_source **src, struct msg *err)
{
	const struct tone_args *a = args;
	struct tone *t = state;
	if (!(a->freq < fmt->rate / 2.0))
		return msg_not_below_nyquist(err, "--freq: '", a->freq, fmt->rate);
	*src = &t->src;
	return tone_init(t, fmt->rate, fmt->channels == 1 ? 1 : 2, a->wave, a->freq,
			 koi_db_to_gain(a->gain_db), a->seconds);
}

static void describe(const void *args, struct msg *m)
{
	const struct tone_args *a = args;
	msg_puts(m, osc_wave_name(a->wave));
	msg_puts(m, " ");
	msg_putd(m, a->freq);
	msg_puts(m, " Hz ");
	msg_putd(m, a->seconds);
	msg_puts(m, " s ");
	msg_putd(m, a->gain_db);
	msg_puts(m, " dB (R = -L)");
}

const struct program program_tone = {
	.name = "tone",
	.help = "one waveform on L, the same inverted on R (997 Hz sine, 2 s, 0 dB)",
	.args_size = sizeof(struct tone_args),
	.defaults = defaults,
	.options = options,
	.state_size = state_size,
	.create = create,
	.describe = describe,
};
