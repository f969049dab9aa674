/* A command line to a job's sound (job_line.h). */
#include "tests/host/job_line.h"

#include <errno.h>
#include <string.h>

#include "lib/argv_split.h"

const struct stream_format job_line_goldfish = {44100, 2, SAMPLE_S16};

int job_line(const char *line, const struct stream_format *fmt, struct job *job,
	     struct job_sound *sound, char *err, size_t errlen)
{
	static char buf[4096];
	char *argv[CMDLINE_MAX_ARGS];
	memset(sound, 0, sizeof *sound);
	if (strlen(line) >= sizeof buf)
		return -E2BIG;
	strcpy(buf, line);
	int argc = argv_split(buf, argv, CMDLINE_MAX_ARGS);
	if (argc < 0)
		return argc;
	int r = cmdline_parse(argc, argv, job, err, errlen);
	if (r)
		return r;
	return job_build(job, fmt ? fmt : &job_line_goldfish, sound, err, errlen);
}
