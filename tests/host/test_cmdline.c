/* Command line: splitting (quotes, escapes), parsing into jobs, every
 * error path, and job -> source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include "app/cmdline.h"

static struct job job;
static char err[CMDLINE_ERR_LEN];

/* Parse a raw command line the way the firmware does. */
static int parse(const char *line)
{
	static char buf[2048];
	char *argv[CMDLINE_MAX_ARGS];
	strcpy(buf, line);
	int argc = cmdline_split(buf, argv, CMDLINE_MAX_ARGS);
	assert_true(argc >= 0);
	return cmdline_parse(argc, argv, &job, err, sizeof err);
}

static void split(void **state)
{
	(void)state;
	char buf[128], *argv[8];
	strcpy(buf, "  tone  --freq\t997 ");
	assert_int_equal(cmdline_split(buf, argv, 8), 3);
	assert_string_equal(argv[0], "tone");
	assert_string_equal(argv[1], "--freq");
	assert_string_equal(argv[2], "997");
	strcpy(buf, "piano --keys 'a s \"d'  \"x y\\\" z\" a\\ b '' end");
	assert_int_equal(cmdline_split(buf, argv, 8), 7);
	assert_string_equal(argv[2], "a s \"d");
	assert_string_equal(argv[3], "x y\" z");
	assert_string_equal(argv[4], "a b");
	assert_string_equal(argv[5], "");
	assert_string_equal(argv[6], "end");
	strcpy(buf, "it's\\'");
	assert_int_equal(cmdline_split(buf, argv, 8), 1); /* backslash literal in '' */
	assert_string_equal(argv[0], "its\\");
	strcpy(buf, "it's");
	assert_int_equal(cmdline_split(buf, argv, 8), -EINVAL); /* unterminated */
	strcpy(buf, "a \"b");
	assert_int_equal(cmdline_split(buf, argv, 8), -EINVAL);
	strcpy(buf, "a b\\");
	assert_int_equal(cmdline_split(buf, argv, 8), -EINVAL);
	strcpy(buf, "1 2 3 4 5 6 7 8 9");
	assert_int_equal(cmdline_split(buf, argv, 8), -E2BIG);
	strcpy(buf, "   ");
	assert_int_equal(cmdline_split(buf, argv, 8), 0);
	strcpy(buf, "");
	assert_int_equal(cmdline_split(buf, argv, 8), 0);
}

static void programs_and_defaults(void **state)
{
	(void)state;
	assert_int_equal(parse(""), 0);
	assert_int_equal(job.kind, JOB_DEMO);
	assert_int_equal(job.period_frames, 0);
	assert_int_equal(parse("tone"), 0);
	assert_int_equal(job.kind, JOB_TONE);
	assert_true(job.freq == 997.0 && job.seconds == 2.0 && job.gain_db == 0.0);
	assert_int_equal(job.wave, OSC_SINE);
	assert_int_equal(parse("tone --freq 440.5 --seconds 0.25 --wave saw --gain -6.02 --period 64"), 0);
	assert_true(job.freq == 440.5 && job.seconds == 0.25 && job.gain_db == -6.02);
	assert_int_equal(job.wave, OSC_SAW);
	assert_int_equal(job.period_frames, 64);
	assert_int_equal(parse("--period 4096"), 0); /* options without a program: demo */
	assert_int_equal(job.period_frames, 4096);
	assert_int_equal(parse("--period 1"), 0); /* the device decides what it takes */
	assert_int_equal(job.period_frames, 1);
	assert_int_equal(parse("--period 4096"), 0);
	assert_int_equal(job.kind, JOB_DEMO);
	assert_int_equal(job.period_frames, 4096);
	assert_int_equal(parse("mix"), 0);
	assert_int_equal(job.nvoices, 8);
	assert_true(job.seconds == 3.0);
	assert_int_equal(parse("mix --voices 64 --seconds 1"), 0);
	assert_int_equal(job.nvoices, 64);
	assert_true(job.default_voices);
	for (uint32_t i = 0; i < 64; i++) {
		struct prog_voice v;
		prog_mix_default_voice(i, 64, &v);
		assert_true(v.gain_db <= -37.0 && v.hz < 22050);
	}
	/* the voice count is bounded by memory (job_source), not here */
	assert_int_equal(parse("mix --voices 65535"), 0);
	assert_int_equal(job.nvoices, 65535);
	assert_int_equal(parse("mix sine:440 square:660:-20 saw:880.5:-30:-0.75"), 0);
	assert_int_equal(job.nvoices, 3);
	assert_false(job.default_voices);
	assert_true(job.voices[0].hz == 440 && job.voices[0].gain_db == -12 && job.voices[0].pan == 0);
	assert_true(job.voices[2].hz == 880.5 && job.voices[2].gain_db == -30 &&
		    job.voices[2].pan == -0.75);
	assert_int_equal(job.voices[1].wave, OSC_SQUARE);
	assert_int_equal(parse("piano"), 0);
	assert_int_equal(job.keys_given, 0);
	assert_int_equal(parse("piano --keys 'asdf ghj'"), 0);
	assert_string_equal(job.keys, "asdf ghj");
	assert_int_equal(parse("pcm"), 0);
	assert_true(job.format == CONV_S16 && job.rate == 44100 && job.channels == 2 && job.repeat == 1);
	assert_int_equal(parse("pcm --format s24 --rate 11025 --channels 1 --repeat 5"), 0);
	assert_true(job.format == CONV_S24 && job.rate == 11025 && job.channels == 1 && job.repeat == 5);
	assert_int_equal(parse("tone --stall-after 10000 --stall-periods 3"), 0);
	assert_true(job.stall_after == 10000 && job.stall_periods == 3);
	assert_int_equal(parse("help"), 0);
	assert_int_equal(job.kind, JOB_HELP);
	assert_int_equal(parse("tone --help"), 0);
	assert_int_equal(job.kind, JOB_HELP);
	assert_non_null(strstr(cmdline_usage(), "tone"));
}

/* Each bad command line fails with a message naming the problem. */
static void errors(void **state)
{
	(void)state;
	static const struct {
		const char *line, *msg;
	} bad[] = {
		{"bogus", "unknown program 'bogus'"},
		{"tone --freq", "needs a value"},
		{"tone --freq 0", "--freq"},
		{"tone --freq 22050", "--freq"},
		{"tone --freq abc", "--freq"},
		{"tone --freq 1e3", "--freq"},
		{"tone --freq 1.2.3", "--freq"},
		{"tone --freq -5", "--freq"},
		{"tone --freq ''", "--freq"},
		{"tone --freq 1234567890123456", "--freq"},
		{"tone --seconds 0", "--seconds"},
		{"tone --seconds 4000", "--seconds"},
		{"tone --wave cosine", "unknown waveform 'cosine'"},
		{"tone --gain 3", "--gain"},
		{"tone --gain -121", "--gain"},
		{"tone --keys asdf", "unknown option --keys for tone"},
		{"tone extra", "unexpected argument 'extra'"},
		{"demo --freq 440", "unknown option --freq for demo"},
		{"--period 0", "--period"},
		{"--period 65537", "--period"},
		{"--period 100x", "--period"},
		{"--period 99999999999", "--period"},
		{"--stall-after 0", "--stall-after"},
		{"--stall-periods 0", "--stall-periods"},
		{"--bogus 1", "unknown option --bogus"},
		{"mix --voices 0", "--voices"},
		{"mix --voices 65536", "--voices"},
		{"mix sine", "bad voice 'sine'"},
		{"mix sine:440:+3", "bad voice"},
		{"mix sine:440:-3:2", "bad voice"},
		{"mix sine:440:-3:0:9", "bad voice"},
		{"mix hum:440", "bad voice"},
		{"mix sine:30000", "bad voice"},
		{"mix --voices 4 sine:440", "not both"},
		{"pcm --format s12", "unknown format 's12'"},
		{"pcm --rate 44000", "--rate"},
		{"pcm --channels 3", "--channels"},
		{"pcm --repeat 0", "--repeat"},
		{"piano --keys", "needs a value"},
		{"tone --bogus", "unknown option --bogus for tone"},
		{"pcm --freq", "unknown option --freq for pcm"},
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		int r = parse(bad[i].line);
		if (r != -EINVAL || !strstr(err, bad[i].msg))
			fail_msg("'%s': got %d '%s', want -EINVAL '%s'", bad[i].line, r, err,
				 bad[i].msg);
	}
	/* 65 voice specs */
	char line[2048] = "mix";
	for (int i = 0; i < 65; i++)
		strcat(line, " sine:100");
	assert_int_equal(parse(line), -EINVAL);
	assert_non_null(strstr(err, "too many voices"));
	/* keys longer than the limit */
	char keys[400] = "piano --keys ";
	memset(keys + strlen(keys), 'a', 300);
	assert_int_equal(parse(keys), -EINVAL);
	/* a tiny error buffer is never overrun */
	char small[8];
	char *argv[] = {"bogus-program-name"};
	assert_int_equal(cmdline_parse(1, argv, &job, small, sizeof small), -EINVAL);
	assert_int_equal(strlen(small), 7);
}

static void sources(void **state)
{
	(void)state;
	static union job_program prog;
	static int16_t lr[2 * 1024];
	struct koi_source *src;
	static const char *const lines[] = {
		"", "tone --freq 1000 --seconds 0.1", "tone --wave pink --seconds 0.1",
		"mix --voices 3 --seconds 0.2", "mix sine:300:-6:-1 saw:450:-12:1 --seconds 0.2",
		"piano --keys as", "piano", "pcm --format u8 --rate 8000 --channels 1",
	};
	for (unsigned i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		assert_int_equal(parse(lines[i]), 0);
		assert_int_equal(job_source(&job, &prog, &src), 0);
		assert_non_null(src);
		uint32_t n = source_render(src, lr, 1024);
		assert_true(n > 0);
		char d[160];
		job_describe(&job, d, sizeof d);
		printf("# %-50s -> %s\n", lines[i], d);
		assert_non_null(strstr(d, job_kind_name(job.kind)));
	}
	assert_int_equal(parse("tone --seconds 0.1"), 0);
	uint32_t total = 0, n;
	assert_int_equal(job_source(&job, &prog, &src), 0);
	while ((n = source_render(src, lr, 1000)) > 0)
		total += n;
	assert_int_equal(total, 4410);
	assert_int_equal(parse("help"), 0);
	assert_int_equal(job_source(&job, &prog, &src), -EINVAL);
	assert_null(src);
	char d[160];
	assert_int_equal(parse("tone --freq 997.25 --gain -3.5 --period 256"), 0);
	job_describe(&job, d, sizeof d);
	assert_string_equal(d, "tone sine 997.25 Hz 2 s -3.5 dB (R = -L), period 256");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split),
		cmocka_unit_test(programs_and_defaults),
		cmocka_unit_test(errors),
		cmocka_unit_test(sources),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
