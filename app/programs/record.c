/*
 * record: the device's capture input into a WAV file on the host, as
 * arecord does.
 *
 *   record [--seconds S] FILE
 *
 * S seconds (default 10; 0: until q) of the device's capture stream, in
 * its own format (goldfish: 8000 Hz mono 16-bit), into FILE (created, or
 * truncated).  The file is a complete WAV at every moment (app/recorder.h):
 * q, Ctrl-C or Ctrl-D on the console end it early, and even a run that is
 * killed leaves what it captured.  The goldfish model captures from a WAV
 * file when asked (make run CAPTURE=in.wav; docs/goldfish-audio.md §4.4),
 * from the host's microphone under make play.  Nothing plays: the program
 * has no sound of its own (no create()); koi-render has nothing to render.
 */
#include <errno.h>
#include <string.h>

#include "app/program.h"

struct record_args {
	double seconds;
	const char *path; /* the word itself (program.h) */
};

static void defaults(void *a)
{
	*(struct record_args *)a = (struct record_args){10.0, NULL};
}

static int set_seconds(void *a, const char *v, struct msg *err)
{
	double d;
	if (arg_double(v, &d) || !(d == 0.0 || (d >= 0.1 && d <= 3600.0)))
		return msg_fail(err, "--seconds: '", v,
				"' is not a duration in 0.1..3600 (or 0: until q)");
	((struct record_args *)a)->seconds = d;
	return 0;
}

static const struct prog_option options[] = {
	{"--seconds", "S", set_seconds, NULL},
	{NULL, NULL, NULL, NULL},
};

static int words(void *a, int n, char *const *w, struct msg *err)
{
	struct record_args *r = a;
	(void)n;
	if (r->path)
		return msg_fail(err, "record: one file only ('", w[0], "' is a second)");
	r->path = w[0];
	return 1;
}

static int finish(void *a, struct msg *err)
{
	const struct record_args *r = a;
	return r->path ? 0 : msg_fail(err, "record: into which file? (record FILE)", NULL, NULL);
}

static const char *record(const void *args, double *seconds)
{
	const struct record_args *r = args;
	*seconds = r->seconds;
	return r->path;
}

static void describe(const void *args, struct msg *m)
{
	const struct record_args *r = args;
	msg_puts(m, r->path ? r->path : "");
	msg_puts(m, ", ");
	if (r->seconds == 0.0) {
		msg_puts(m, "until q");
		return;
	}
	msg_putd(m, r->seconds);
	msg_puts(m, " s");
}

const struct program program_record = {
	.name = "record",
	.help = "the device's input into a WAV file on the host (10 s)",
	.words_usage = "FILE",
	.args_size = sizeof(struct record_args),
	.host_files = true,
	.defaults = defaults,
	.options = options,
	.words = words,
	.finish = finish,
	.record = record,
	.describe = describe,
};
