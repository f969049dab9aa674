/*
 * koi-render: renders on the host, with Koi's own source code, the sound the
 * firmware plays for the same arguments on a device of a given format, as
 * a WAV file.  The end-to-end tests compare QEMU's capture with it
 * (tools/wavcmp).
 *
 *   koi-render [-o OUT.wav] [--rate HZ] [--channels 1|2] [--format FMT]
 *              [FIRMWARE ARGS...]
 *
 * The device format defaults to the goldfish device's: 44100 Hz, 2
 * channels, s16.  FMT is u8, s16, s24, s32 or float (a WAV file cannot hold
 * signed 8-bit samples).  The samples are what the firmware's player
 * hands such a device (convert_render_as): for float, a job whose sound
 * ends in the converter (play FILE) gives its float output before the
 * rounding to S16, over 32768; any other job its S16 over 32768.  These options come before the firmware's
 * arguments (pcm has a --rate of its own).  Default OUT: expected.wav.
 *
 * Exit 0 on success, 2 on bad arguments (message + usage on stderr), 1 on
 * an I/O error.  A live job (the interactive piano) cannot be rendered:
 * give its input on the command line (--keys).
 *
 *   koi-render --what [FIRMWARE ARGS...]
 *
 * prints what the firmware will do with these arguments, one word, as its
 * own parser and program table say: `live` (takes keys from the console
 * and ends when told: run it on the wall clock), `records` (plays
 * nothing), `help`, or `plays`.  `make run` picks QEMU's timing with it,
 * so that no list of programs lives in the Makefile.  Bad arguments: the
 * message and exit 2, as for a render.
 *
 *   koi-render [-o OUT.wav] --decode IN.wav [--channels-map A[,B]]
 *              [--raw FMT,HZ,N]
 *
 * writes the samples of IN.wav as play's reader gives them to the
 * converter (audio/wavfile.h: decoded, mixed down past 2 channels or
 * picked by the map), before any rate conversion, at the file's rate, as
 * 32-bit float (S16 units / 32768): what the tests compare with an
 * independent decoder (sox).  --raw reads IN as headerless samples, as
 * play --raw --format FMT --rate HZ --channels N does.  --resample HZ
 * then converts them to HZ (1000..384000) with play's converter
 * (audio/convert.h, the firmware's code) and writes its float output
 * before the rounding to S16 that a device's stream gets: what the
 * converter's quality tests measure.  A file play refuses: its message,
 * exit 2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmdline.h"
#include "app/player.h"
#include "audio/convert.h"
#include "audio/wavfile.h"
#include "tools/wav.h"

#define BLOCK 4096u

static struct job job; /* large: keep it off the stack */

struct render_opts {
	const char *out, *decode, *map, *raw;
	uint32_t resample;         /* --decode's output rate, 0: the file's */
	struct stream_format fmt;
	bool what;
};

static int usage(const char *why, const char *what)
{
	fprintf(stderr, "koi-render: %s%s\nusage: koi-render [-o OUT.wav] [--rate HZ] "
			"[--channels 1|2] [--format u8|s16|s24|s32|float] [FIRMWARE ARGS...]\n"
			"       koi-render [-o OUT.wav] --decode IN.wav [--channels-map A[,B]] "
			"[--raw FMT,HZ,N] [--resample HZ]\n",
		why, what ? what : "");
	return 2;
}

/* One option a (with its value v) into o: 0, or the exit status. */
static int render_option(const char *a, const char *v, struct render_opts *o)
{
	uint32_t u = 0;
	int f;
	if (!strcmp(a, "-o")) {
		o->out = v;
	} else if (!strcmp(a, "--decode")) {
		o->decode = v;
	} else if (!strcmp(a, "--channels-map")) {
		o->map = v;
	} else if (!strcmp(a, "--raw")) {
		o->raw = v;
	} else if (!strcmp(a, "--resample")) {
		if (arg_u32(v, &u) || u < CONVERT_MIN_RATE || u > CONVERT_MAX_RATE)
			return usage("--resample: not in 1000..384000: ", v);
		o->resample = u;
	} else if (!strcmp(a, "--rate")) {
		if (arg_u32(v, &u) || u < PLAYER_MIN_RATE || u > PLAYER_MAX_RATE)
			return usage("--rate: not in 8000..192000: ", v);
		o->fmt.rate = u;
	} else if (!strcmp(a, "--channels")) {
		if (arg_u32(v, &u) || (u != 1 && u != 2))
			return usage("--channels: not 1 or 2: ", v);
		o->fmt.channels = u;
	} else {
		f = sample_format_from_name(v);
		if (f < 0 || f == SAMPLE_S8)
			return usage("--format: not u8, s16, s24, s32 or float "
				     "(a WAV file holds no signed 8-bit samples): ", v);
		o->fmt.sample = (enum sample_format)f;
	}
	return 0;
}

/* koi-render's own options, up to the firmware's arguments (*first). */
static int render_options(int argc, char **argv, struct render_opts *o, int *first)
{
	static const char *const names[] = {"-o", "--rate", "--channels", "--format",
					    "--decode", "--channels-map", "--raw", "--resample", NULL};
	int i = o->what ? 2 : 1;
	for (; i < argc; i += 2) {
		int k = 0;
		while (names[k] && strcmp(argv[i], names[k]))
			k++;
		if (!names[k])
			break;
		if (i + 1 >= argc)
			return usage(argv[i], " needs a value");
		int r = render_option(argv[i], argv[i + 1], o);
		if (r)
			return r;
	}
	*first = i;
	return 0;
}

static int file_read(void *ctx, uint32_t off, void *buf, uint32_t n)
{
	FILE *f = ctx;
	return fseek(f, off, SEEK_SET) || fread(buf, 1, n, f) != n ? -EIO : 0;
}

/* "A" or "A,B" (from 1) into m: 0, or -1. */
static int parse_map(const char *s, struct wavfile_map *m)
{
	unsigned a = 0, b = 0;
	char end = 0;
	int n = sscanf(s, "%u,%u%c", &a, &b, &end);
	if (n == 1 && sscanf(s, "%u%c", &a, &end) != 1)
		return -1;
	if (n < 1 || n > 2 || a == 0 || (n == 2 && b == 0))
		return -1;
	*m = (struct wavfile_map){(uint32_t)n, {a - 1u, n == 2 ? b - 1u : 0u}};
	return 0;
}

/* "FMT,HZ,N" into info, as play --raw takes them: 0, or -1. */
static int parse_raw(const char *s, struct wavfile_info *info)
{
	char name[16];
	unsigned rate = 0, ch = 0;
	char end = 0;
	if (sscanf(s, "%15[^,],%u,%u%c", name, &rate, &ch, &end) != 3 ||
	    wavfile_raw_format(name, info))
		return -1;
	info->rate = rate;
	info->channels = ch;
	return 0;
}

/* in's header (or --raw's format) into info, and r readied. */
static int decode_open(const struct render_opts *o, const struct wavfile_io *io,
		       struct wavfile_info *info, struct wavfile_reader *rd,
		       const struct wavfile_map *map)
{
	int r = o->raw ? wavfile_parse_raw(io, info) : wavfile_parse(io, info);
	return r ? r : wavfile_reader_init(rd, io, info, o->map ? map : NULL);
}

/* The frames of r into f as float WAV samples: frames written, or -1. */
static int64_t decode_frames(struct wavfile_reader *r, FILE *f)
{
	static float x[2 * BLOCK];
	static uint8_t b[8 * BLOCK];
	int64_t total = 0;
	int32_t n;
	while ((n = wavfile_read(r, x, BLOCK)) > 0) {
		for (uint32_t i = 0; i < (uint32_t)n * r->out_channels; i++) {
			float v = x[i] / 32768.0f;
			uint32_t u;
			memcpy(&u, &v, 4);
			wav_put32(b + 4 * i, u);
		}
		if (fwrite(b, 4u * r->out_channels, (size_t)n, f) != (size_t)n)
			return -1;
		total += n;
	}
	return n < 0 ? -1 : total;
}

/* n frames of ch float samples in S16 units into f as float WAV samples. */
static int put_frames(const float *x, uint32_t n, uint32_t ch, FILE *f)
{
	static uint8_t b[8 * BLOCK];
	for (uint32_t i = 0; i < n * ch; i++) {
		float v = x[i] / 32768.0f;
		uint32_t u;
		memcpy(&u, &v, 4);
		wav_put32(b + 4 * i, u);
	}
	return fwrite(b, 4u * ch, (size_t)n, f) == (size_t)n ? 0 : -1;
}

/* The reader as the converter's input, as play's segments are. */
struct resample_input {
	struct convert_input in;
	struct wavfile_reader *rd;
};

static int32_t resample_read(struct convert_input *in, float *out, uint32_t max)
{
	return wavfile_read(((struct resample_input *)in)->rd, out, max);
}

/* --resample: the frames of r converted to rate (audio/convert.h, before
 * its rounding to S16) into f: frames written, or -1 (-2: no converter). */
static int64_t resample_frames(struct wavfile_reader *r, uint32_t in_rate, uint32_t rate,
			       FILE *f)
{
	static float x[2 * BLOCK];
	struct resample_input ri = {{resample_read, in_rate, r->out_channels}, r};
	size_t size = convert_size(in_rate, rate);
	struct convert *c = size ? calloc(1, size) : NULL;
	if (!c || convert_init_input(c, size, &ri.in, rate, r->out_channels, 1.0)) {
		free(c);
		return -2;
	}
	int64_t total = 0;
	uint32_t n;
	while ((n = convert_render_float(c, x, BLOCK)) > 0 && total >= 0) {
		total = put_frames(x, n, r->out_channels, f) ? -1 : total + n;
		if (n < BLOCK)
			break;
	}
	if (convert_error(c))
		total = -1;
	free(c);
	return total;
}

/* --decode: in's samples as play's reader gives them, into out. */
static int decode_file(const struct render_opts *o)
{
	static struct wavfile_reader rd;
	struct wavfile_map map = {0};
	struct wavfile_info info;
	if (o->map && parse_map(o->map, &map))
		return usage("--channels-map: not A or A,B: ", o->map);
	if (o->raw && parse_raw(o->raw, &info))
		return usage("--raw: not FMT,HZ,N (FMT: " WAVFILE_RAW_FORMATS "): ", o->raw);
	FILE *in = fopen(o->decode, "rb"), *out = NULL;
	if (!in || fseek(in, 0, SEEK_END)) {
		perror(o->decode);
		return 2;
	}
	long len = ftell(in);
	struct wavfile_io io = {file_read, in, len < 0 || len > 0xffffffffL ? 0u : (uint32_t)len};
	char why[200];
	int r = decode_open(o, &io, &info, &rd, &map);
	if (r) {
		wavfile_strerror(r, &info, why, sizeof why);
		fprintf(stderr, "koi-render: %s: %s\n", o->decode, why);
		fclose(in);
		return 2;
	}
	wavfile_warning(&info, why, sizeof why);
	if (why[0])
		fprintf(stderr, "koi-render: %s: %s\n", o->decode, why);
	uint32_t rate = o->resample ? o->resample : info.rate;
	out = fopen(o->out, "wb");
	int64_t n = -1;
	if (out && !wav_write_header(out, 0, rate, rd.out_channels, 32, 1))
		n = o->resample ? resample_frames(&rd, info.rate, rate, out) : decode_frames(&rd, out);
	fclose(in);
	if (n == -2) {
		fprintf(stderr, "koi-render: %s: cannot convert %u Hz to %u Hz\n", o->decode,
			info.rate, rate);
		return 2;
	}
	if (n < 0 || fseek(out, 0, SEEK_SET) ||
	    wav_write_header(out, (uint32_t)n, rate, rd.out_channels, 32, 1) || fclose(out)) {
		perror(o->out);
		return 1;
	}
	return 0;
}

/* What the firmware's parser makes of the arguments: 0 to render, or the
 * exit status (--what's answer, help, a job that cannot be rendered). */
static int check_job(const struct render_opts *o)
{
	if (o->what) {
		puts(job.help ? "help" : !job_plays(&job) ? "records" : job_live(&job) ? "live" : "plays");
		return 0;
	}
	if (job.help) {
		fputs(cmdline_usage(), stdout);
		return 0;
	}
	if (!job_plays(&job)) {
		fprintf(stderr, "koi-render: %s records the device's input and plays nothing: "
				"there is nothing to render\n",
			job.prog->name);
		return 2;
	}
	if (job_live(&job)) {
		fprintf(stderr, "koi-render: this %s job takes its keys live from the console "
				"and cannot be rendered; give them on the command line (--keys)\n",
			job.prog->name);
		return 2;
	}
	return -1;
}

/* The sound's frames into f in fmt's sample format: frames, or -1 (with a
 * message) on an I/O error or past 1 GiB. */
static int64_t render_frames(struct job_sound *sound, const struct stream_format *fmt, FILE *f,
			     const char *out)
{
	static _Alignas(float) uint8_t enc[2 * BLOCK * 4];
	const uint32_t frame = fmt->channels * sample_format_bytes(fmt->sample);
	uint64_t total = 0;
	for (;;) {
		/* The samples the firmware's player hands the device: the same
		 * call (a float device's from the converter's float output). */
		uint32_t n = convert_render_as(sound->src, fmt->sample, enc, BLOCK);
		if (fwrite(enc, frame, n, f) != n) {
			perror(out);
			return -1;
		}
		total += n;
		if (total * frame > 0x3fffffffu) {
			fprintf(stderr, "koi-render: output over 1 GiB, stopping\n");
			return -1;
		}
		if (n < BLOCK)
			return (int64_t)total;
	}
}

/* The built job rendered into o->out. */
static int render_file(const struct render_opts *o)
{
	const struct stream_format *fmt = &o->fmt;
	char err[CMDLINE_ERR_LEN];
	struct job_sound sound;
	int r = job_build(&job, fmt, &sound, err, sizeof err);
	if (r) {
		fprintf(stderr, "koi-render: %s\n%s", err, r == -EINVAL ? cmdline_usage() : "");
		return r == -EINVAL || r == PROGRAM_BAD_INPUT ? 2 : 1;
	}
	const uint32_t bits = 8u * sample_format_bytes(fmt->sample);
	const int is_float = fmt->sample == SAMPLE_F32;
	FILE *f = fopen(o->out, "wb");
	if (!f || wav_write_header(f, 0, fmt->rate, fmt->channels, bits, is_float)) {
		perror(o->out);
		return 1;
	}
	const int64_t total = render_frames(&sound, fmt, f, o->out);
	/* An input that failed while it was read (a file that changed): the
	 * firmware stops there too, and says the same. */
	r = job_result(&sound, err, sizeof err);
	job_free(&sound);
	if (total < 0 || r) {
		fclose(f);
		if (r)
			fprintf(stderr, "koi-render: %s\n", err);
		return r == PROGRAM_BAD_INPUT ? 2 : 1;
	}
	if (fseek(f, 0, SEEK_SET) ||
	    wav_write_header(f, (uint32_t)total, fmt->rate, fmt->channels, bits, is_float) ||
	    fclose(f)) {
		perror(o->out);
		return 1;
	}
	job_describe(&job, err, sizeof err);
	fprintf(stderr, "koi-render: %s: %llu frames (%.3f s, %u Hz, %u ch, %s) -> %s\n", err,
		(unsigned long long)total, (double)total / fmt->rate, fmt->rate, fmt->channels,
		sample_format_name(fmt->sample), o->out);
	return 0;
}

int main(int argc, char **argv)
{
	struct render_opts o = {"expected.wav", NULL, NULL, NULL, 0, {44100, 2, SAMPLE_S16}, false};
	o.what = argc > 1 && !strcmp(argv[1], "--what");
	int first = 0;
	int r = render_options(argc, argv, &o, &first);
	if (r)
		return r;
	if (o.decode) {
		if (first < argc)
			return usage("--decode takes no firmware arguments: ", argv[first]);
		return decode_file(&o);
	}
	if (o.resample)
		return usage("--resample is an option of --decode", NULL);
	char err[CMDLINE_ERR_LEN];
	if (cmdline_parse(argc - first, argv + first, &job, err, sizeof err)) {
		fprintf(stderr, "koi-render: %s\n%s", err, cmdline_usage());
		return 2;
	}
	r = check_job(&o);
	return r >= 0 ? r : render_file(&o);
}
