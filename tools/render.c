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
 * signed 8-bit samples).  These options come before the firmware's
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
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmdline.h"
#include "app/player.h"
#include "tools/wav.h"

#define BLOCK 4096u

static struct job job; /* large: keep it off the stack */

static int usage(const char *why, const char *what)
{
	fprintf(stderr, "koi-render: %s%s\nusage: koi-render [-o OUT.wav] [--rate HZ] "
			"[--channels 1|2] [--format u8|s16|s24|s32|float] [FIRMWARE ARGS...]\n",
		why, what ? what : "");
	return 2;
}

int main(int argc, char **argv)
{
	const char *out = "expected.wav";
	struct stream_format fmt = {44100, 2, SAMPLE_S16};
	int i = 1;
	const bool what = argc > 1 && !strcmp(argv[1], "--what");
	if (what)
		i = 2;
	for (; i < argc; i += 2) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-o") && strcmp(a, "--rate") && strcmp(a, "--channels") &&
		    strcmp(a, "--format"))
			break;
		if (!v)
			return usage(a, " needs a value");
		uint32_t u = 0;
		int f = -1;
		if (!strcmp(a, "-o")) {
			out = v;
		} else if (!strcmp(a, "--rate")) {
			if (arg_u32(v, &u) || u < PLAYER_MIN_RATE || u > PLAYER_MAX_RATE)
				return usage("--rate: not in 8000..192000: ", v);
			fmt.rate = u;
		} else if (!strcmp(a, "--channels")) {
			if (arg_u32(v, &u) || (u != 1 && u != 2))
				return usage("--channels: not 1 or 2: ", v);
			fmt.channels = u;
		} else {
			f = sample_format_from_name(v);
			if (f < 0 || f == SAMPLE_S8)
				return usage("--format: not u8, s16, s24, s32 or float "
					     "(a WAV file holds no signed 8-bit samples): ", v);
			fmt.sample = (enum sample_format)f;
		}
	}
	char err[CMDLINE_ERR_LEN];
	if (cmdline_parse(argc - i, argv + i, &job, err, sizeof err)) {
		fprintf(stderr, "koi-render: %s\n%s", err, cmdline_usage());
		return 2;
	}
	if (what) {
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
	struct job_sound sound;
	int r = job_build(&job, &fmt, &sound, err, sizeof err);
	if (r) {
		fprintf(stderr, "koi-render: %s\n%s", err, r == -EINVAL ? cmdline_usage() : "");
		return r == -EINVAL || r == PROGRAM_BAD_INPUT ? 2 : 1;
	}
	FILE *f = fopen(out, "wb");
	if (!f) {
		perror(out);
		return 1;
	}
	const uint32_t bytes = sample_format_bytes(fmt.sample);
	const int is_float = fmt.sample == SAMPLE_F32;
	if (wav_write_header(f, 0, fmt.rate, fmt.channels, 8u * bytes, is_float)) {
		perror(out);
		return 1;
	}
	static int16_t buf[2 * BLOCK];
	static uint8_t enc[2 * BLOCK * 4];
	const uint32_t frame = fmt.channels * bytes;
	uint64_t total = 0;
	for (;;) {
		/* The samples the firmware's player hands the device
		 * (convert_render_as): the same encoder, from the same S16. */
		uint32_t n = source_render(sound.src, buf, BLOCK);
		convert_encode(fmt.sample, buf, n * fmt.channels, enc);
		if (fwrite(enc, frame, n, f) != n) {
			perror(out);
			return 1;
		}
		total += n;
		if (total * frame > 0x3fffffffu) {
			fprintf(stderr, "koi-render: output over 1 GiB, stopping\n");
			return 1;
		}
		if (n < BLOCK)
			break;
	}
	/* An input that failed while it was read (a file that changed): the
	 * firmware stops there too, and says the same. */
	r = job_result(&sound, err, sizeof err);
	job_free(&sound);
	if (r) {
		fclose(f);
		fprintf(stderr, "koi-render: %s\n", err);
		return r == PROGRAM_BAD_INPUT ? 2 : 1;
	}
	if (fseek(f, 0, SEEK_SET) ||
	    wav_write_header(f, (uint32_t)total, fmt.rate, fmt.channels, 8u * bytes, is_float) ||
	    fclose(f)) {
		perror(out);
		return 1;
	}
	char desc[160];
	job_describe(&job, desc, sizeof desc);
	fprintf(stderr, "koi-render: %s: %llu frames (%.3f s, %u Hz, %u ch, %s) -> %s\n", desc,
		(unsigned long long)total, (double)total / fmt.rate, fmt.rate, fmt.channels,
		sample_format_name(fmt.sample), out);
	return 0;
}
