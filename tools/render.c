/*
 * koi-render: renders on the host, with Koi's own source code, the sound the
 * firmware plays for the same arguments, as a 44.1 kHz stereo S16 WAV.  The
 * end-to-end tests compare QEMU's capture with it (tools/wavcmp).
 *
 *   koi-render [-o OUT.wav] [FIRMWARE ARGS...]     (default OUT: expected.wav)
 *
 * Exit 0 on success, 2 on bad arguments (message + usage on stderr), 1 on
 * an I/O error.  The interactive piano cannot be rendered: give --keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmdline.h"
#include "tools/wav.h"

static union job_program prog; /* large: keep it off the stack */

int main(int argc, char **argv)
{
	const char *out = "expected.wav";
	int i = 1;
	if (i + 1 < argc && strcmp(argv[i], "-o") == 0) {
		out = argv[i + 1];
		i += 2;
	} else if (i < argc && strcmp(argv[i], "-o") == 0) {
		fprintf(stderr, "koi-render: -o needs a file name\n");
		return 2;
	}
	struct job job;
	char err[CMDLINE_ERR_LEN];
	if (cmdline_parse(argc - i, argv + i, &job, err, sizeof err)) {
		fprintf(stderr, "koi-render: %s\n%s", err, cmdline_usage());
		return 2;
	}
	if (job.kind == JOB_HELP) {
		fputs(cmdline_usage(), stdout);
		return 0;
	}
	if (job.kind == JOB_PIANO && !job.keys_given) {
		fprintf(stderr, "koi-render: the interactive piano cannot be rendered; "
				"give the keys with --keys\n");
		return 2;
	}
	struct koi_source *src;
	if (job_source(&job, &prog, &src)) {
		fprintf(stderr, "koi-render: cannot build the source for these arguments\n");
		return 2;
	}
	FILE *f = fopen(out, "wb");
	if (!f) {
		perror(out);
		return 1;
	}
	if (wav_write_header(f, 0)) {
		perror(out);
		return 1;
	}
	static int16_t buf[2 * 4096];
	uint8_t bytes[sizeof buf];
	uint64_t total = 0;
	for (;;) {
		uint32_t n = source_render(src, buf, 4096);
		for (uint32_t k = 0; k < 2 * n; k++) {
			bytes[2 * k] = (uint8_t)buf[k];
			bytes[2 * k + 1] = (uint8_t)((uint16_t)buf[k] >> 8);
		}
		if (fwrite(bytes, 4, n, f) != n) {
			perror(out);
			return 1;
		}
		total += n;
		if (total > 0x3fffffffu / 4u) {
			fprintf(stderr, "koi-render: output over 1 GiB, stopping\n");
			return 1;
		}
		if (n < 4096)
			break;
	}
	if (fseek(f, 0, SEEK_SET) || wav_write_header(f, (uint32_t)total) || fclose(f)) {
		perror(out);
		return 1;
	}
	char desc[160];
	job_describe(&job, desc, sizeof desc);
	fprintf(stderr, "koi-render: %s: %llu frames (%.3f s) -> %s\n", desc,
		(unsigned long long)total, (double)total / 44100.0, out);
	return 0;
}
