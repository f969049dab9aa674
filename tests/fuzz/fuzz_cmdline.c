/*
 * libFuzzer target: the firmware's command line, from the raw semihosting
 * string to the first frames of sound.  Whatever the bytes, argv_split
 * (the splitter the board runs) and cmdline_parse must return a documented
 * code, an error must come with a one-line message, and a command line
 * they accept must build a sound (job_build) that renders, at the goldfish
 * device's format and at 8 kHz mono, or be refused for that rate with a
 * message (a frequency above half of it).  The same code runs in
 * koi-render.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmdline.h"
#include "lib/argv_split.h"

#define LINE_MAX_BYTES 4096u
#define RENDER_FRAMES 512u /* enough to run every program's first block */

static char line[LINE_MAX_BYTES + 1];
static struct job job; /* large: not on the stack */
static int16_t pcm[2 * RENDER_FRAMES];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > LINE_MAX_BYTES)
		size = LINE_MAX_BYTES;
	memcpy(line, data, size);
	line[size] = '\0';

	char *argv[CMDLINE_MAX_ARGS];
	int argc = argv_split(line, argv, CMDLINE_MAX_ARGS);
	if (argc < 0) {
		if (argc != -E2BIG && argc != -EINVAL)
			abort();
		return 0;
	}
	if (argc > CMDLINE_MAX_ARGS)
		abort();

	char err[CMDLINE_ERR_LEN];
	memset(err, 'x', sizeof err);
	int r = cmdline_parse(argc, argv, &job, err, sizeof err);
	if (r) {
		/* A refusal says what is wrong, in a terminated string. */
		if (r != -EINVAL || !memchr(err, '\0', sizeof err) || err[0] == '\0')
			abort();
		return 0;
	}
	char what[128];
	job_describe(&job, what, sizeof what);
	if (!memchr(what, '\0', sizeof what))
		abort();
	if (job.help)
		return 0;

	static const struct stream_format fmts[] = {{44100, 2, SAMPLE_S16}, {8000, 1, SAMPLE_S16}};
	for (unsigned f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
		struct job_sound s;
		memset(err, 'x', sizeof err);
		r = job_build(&job, &fmts[f], &s, err, sizeof err);
		if (r) {
			/* Refused for this format only, and saying why. */
			if (r != -EINVAL || !memchr(err, '\0', sizeof err) || err[0] == '\0' ||
			    s.state || s.conv)
				abort();
			continue;
		}
		if (!s.src)
			abort();
		uint32_t got = source_render(s.src, pcm, RENDER_FRAMES);
		if (got > RENDER_FRAMES || s.src->rate != fmts[f].rate ||
		    s.src->channels != fmts[f].channels)
			abort();
		job_free(&s);
	}
	return 0;
}
