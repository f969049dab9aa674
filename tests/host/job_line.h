/*
 * job_line.h — a command line to a job's sound in one call, the way the
 * firmware does it (argv_split, cmdline_parse, job_build), for the host
 * tests.
 */
#ifndef KOI_TESTS_JOB_LINE_H
#define KOI_TESTS_JOB_LINE_H

#include <stddef.h>

#include "app/cmdline.h"

/* The goldfish device's format: 44100 Hz, 2 channels, s16. */
extern const struct stream_format job_line_goldfish;

/* Splits line, parses it into job and builds its sound for fmt (NULL: the
 * goldfish format) into sound (job_free() it).  0, or the first step's
 * error with its message in err. */
int job_line(const char *line, const struct stream_format *fmt, struct job *job,
	     struct job_sound *sound, char *err, size_t errlen);

#endif /* KOI_TESTS_JOB_LINE_H */
