/*
 * pcm: a built-in clip (audio/assets.h) through the converter.
 *
 *   pcm [--format FORMAT] [--rate HZ] [--channels 1|2] [--repeat N]
 *
 * Defaults s16, 44100 Hz, 2 channels, once.  The clip is decoded, played
 * at the stream's rate and mapped to its channels (convert.h): stereo
 * clips carry different tones per channel; mono clips play on L at full
 * level and on R at half level, so a swap cannot hide.
 */
#include <errno.h>
#include <string.h>

#include "app/program.h"
#include "audio/assets.h"
#include "audio/convert.h"

struct pcm_args {
	enum sample_format format;
	uint32_t rate, channels, repeat;
};

static void defaults(void *a)
{
	*(struct pcm_args *)a = (struct pcm_args){SAMPLE_S16, 44100, 2, 1};
}

static void format_names(struct msg *m, const char *sep)
{
	for (int f = 0; f < SAMPLE_FORMAT_COUNT; f++) {
		if (f)
			msg_puts(m, sep);
		msg_puts(m, sample_format_name((enum sample_format)f));
	}
}

static int set_format(void *a, const char *v, struct msg *err)
{
	int f = sample_format_from_name(v);
	if (f < 0) {
		msg_fail(err, "--format: unknown format '", v, "' (");
		format_names(err, ", ");
		return msg_fail(err, ")", NULL, NULL);
	}
	((struct pcm_args *)a)->format = (enum sample_format)f;
	return 0;
}

static int set_rate(void *a, const char *v, struct msg *err)
{
	uint32_t u;
	if (arg_u32(v, &u) || convert_rate_supported(u))
		return msg_fail(err, "--rate: '", v,
				"' is not one of 8000 11025 16000 22050 32000 44100 48000");
	((struct pcm_args *)a)->rate = u;
	return 0;
}

static int set_channels(void *a, const char *v, struct msg *err)
{
	uint32_t u;
	if (arg_u32(v, &u) || (u != 1 && u != 2))
		return msg_fail(err, "--channels: '", v, "' is not 1 or 2");
	((struct pcm_args *)a)->channels = u;
	return 0;
}

static int set_repeat(void *a, const char *v, struct msg *err)
{
	uint32_t u;
	if (arg_u32(v, &u) || u == 0 || u > 100000)
		return msg_fail(err, "--repeat: '", v, "' is not in 1..100000");
	((struct pcm_args *)a)->repeat = u;
	return 0;
}

static const struct prog_option options[] = {
	{"--format", NULL, set_format, format_names},
	{"--rate", "HZ", set_rate, NULL},
	{"--channels", "1|2", set_channels, NULL},
	{"--repeat", "N", set_repeat, NULL},
	{NULL, NULL, NULL, NULL},
};

/* The converter and its filter for this clip rate and the stream's. */
static size_t state_size(const void *args, const struct stream_format *fmt)
{
	const struct pcm_args *a = args;
	return convert_size(a->rate, fmt->rate);
}

static int create(const void *args, const struct stream_format *fmt, void *state,
		  struct koi_source **src, struct msg *err)
{
	const struct pcm_args *a = args;
	struct convert *c = state;
	const struct koi_asset *clip = asset_find(a->format, a->rate, a->channels);
	if (!clip)
		return msg_fail(err, "pcm: no such clip", NULL, NULL);
	int r = convert_init(c, convert_size(a->rate, fmt->rate), clip->data, clip->frames,
			     a->format, a->channels, a->rate, a->repeat, fmt->rate,
			     fmt->channels, 0.5);
	*src = &c->src;
	return r;
}

static void describe(const void *args, struct msg *m)
{
	const struct pcm_args *a = args;
	msg_puts(m, sample_format_name(a->format));
	msg_puts(m, " ");
	msg_putu(m, a->rate);
	msg_puts(m, " Hz ");
	msg_putu(m, a->channels);
	msg_puts(m, a->channels == 1 ? " channel" : " channels");
	if (a->repeat > 1) {
		msg_puts(m, " x");
		msg_putu(m, a->repeat);
	}
}

const struct program program_pcm = {
	.name = "pcm",
	.help = "a built-in 10 ms clip through the converter (s16, 44100 Hz, stereo, once)",
	.args_size = sizeof(struct pcm_args),
	.defaults = defaults,
	.options = options,
	.state_size = state_size,
	.create = create,
	.describe = describe,
};
