/* Command line: parsing words into jobs, every error path, the usage text
 * from the program table, and job -> sound at the stream's format
 * (splitting: test_argv_split.c). */
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
#include "app/programs/mix.h"
#include "lib/argv_split.h"
#include "tests/host/job_line.h"

static struct job job;
static char err[CMDLINE_ERR_LEN];

/* Parse a raw command line the way the firmware does. */
static int parse(const char *line)
{
	static char buf[2048];
	char *argv[CMDLINE_MAX_ARGS];
	strcpy(buf, line);
	int argc = argv_split(buf, argv, CMDLINE_MAX_ARGS);
	assert_true(argc >= 0);
	return cmdline_parse(argc, argv, &job, err, sizeof err);
}

/* What the job says it plays (the summary line). */
static const char *described(const char *line)
{
	static char d[160];
	if (parse(line))
		fail_msg("'%s': %s", line, err);
	job_describe(&job, d, sizeof d);
	return d;
}

static void programs_and_defaults(void **state)
{
	(void)state;
	static const struct {
		const char *line, *desc;
	} cases[] = {
		{"", "demo (generator tour + Minuet in G)"},
		{"tone", "tone sine 997 Hz 2 s -6 dB both"},
		{"tone --freq 440.5 --seconds 0.25 --wave saw --gain -6.02 --period 64",
		 "tone saw 440.5 Hz 0.25 s -6.02 dB both, period 64"},
		{"tone --channel left", "tone sine 997 Hz 2 s -6 dB left"},
		{"tone --channel right --gain 0", "tone sine 997 Hz 2 s 0 dB right"},
		{"tone --channel inverted", "tone sine 997 Hz 2 s -6 dB inverted (R = -L)"},
		{"tone -v", "tone sine 997 Hz 2 s -6 dB both"},
		{"--period 4096", "demo (generator tour + Minuet in G), period 4096"},
		{"mix", "mix 8 voices 3 s"},
		{"mix --voices 64 --seconds 1", "mix 64 voices 1 s"},
		{"mix sine:440 square:660:-20 saw:880.5:-30:-0.75", "mix 3 voices 3 s"},
		{"piano", "piano interactive"},
		{"piano --keys 'asdf ghj'", "piano scripted keys"},
		{"pcm", "pcm s16 44100 Hz 2 channels"},
		{"pcm --format s24 --rate 11025 --channels 1 --repeat 5",
		 "pcm s24 11025 Hz 1 channel x5"},
		{"tone --freq 997.25 --gain -3.5 --period 256",
		 "tone sine 997.25 Hz 2 s -3.5 dB both, period 256"},
		{"piano --latency 5.8", "piano interactive, latency 5.8 ms"},
		{"mix --no-adapt --seconds 1", "mix 8 voices 1 s, latency fixed"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(described(cases[i].line), cases[i].desc);
	assert_int_equal(parse("tone --period 64"), 0);
	assert_int_equal(job.period_frames, 64);
	assert_int_equal(job.rate, 0);
	assert_false(job.help);
	assert_false(job.verbose);
	assert_int_equal(parse("tone -v --freq 440"), 0);
	assert_true(job.verbose);
	assert_int_equal(parse("pcm --verbose"), 0);
	assert_true(job.verbose);
	/* --rate before the program is the device's; after it, pcm's own. */
	assert_string_equal(described("--rate 48000 tone --seconds 1"),
			    "tone sine 997 Hz 1 s -6 dB both");
	assert_int_equal(job.rate, 48000);
	assert_string_equal(described("--rate 44100 pcm --rate 8000"), "pcm s16 8000 Hz 2 channels");
	assert_int_equal(job.rate, 44100);
	assert_string_equal(described("--rate 8000"), "demo (generator tour + Minuet in G)");
	assert_int_equal(job.rate, 8000);
	assert_int_equal(parse("--period 1"), 0); /* the device decides what it takes */
	assert_int_equal(job.period_frames, 1);
	assert_int_equal(parse("--period 65536"), 0);
	assert_int_equal(job.period_frames, 65536);
	/* adaptive latency: --latency is where it starts, --no-adapt holds it */
	assert_int_equal(parse("tone"), 0);
	assert_true(job.latency_us == 0 && !job.no_adapt);
	assert_int_equal(parse("tone --latency 11.6 --no-adapt"), 0);
	assert_true(job.latency_us == 11600 && job.no_adapt && job.period_frames == 0);
	assert_int_equal(parse("--latency 0.1"), 0);
	assert_int_equal(job.latency_us, 100);
	assert_int_equal(parse("--latency 2e3"), 0);
	assert_int_equal(job.latency_us, 2000000);
	/* the voice count is bounded by memory (job_build), not here */
	assert_int_equal(parse("mix --voices 65535"), 0);
	assert_string_equal(described("mix --voices 65535"), "mix 65535 voices 3 s");
	for (uint32_t i = 0; i < 64; i++) {
		struct mix_voice v;
		mix_default_voice(i, 64, 44100, mix_default_gain_db(64), &v);
		assert_true(v.gain_db <= -37.0 && v.hz < 22050);
	}
	assert_int_equal(parse("help"), 0);
	assert_true(job.help);
	assert_null(job.prog);
	assert_int_equal(parse("tone --help"), 0);
	assert_true(job.help);
	assert_int_equal(parse("pcm -h"), 0);
	assert_true(job.help);
	/* live jobs: the piano without keys, and nothing else */
	assert_int_equal(parse("piano"), 0);
	assert_non_null(job_live(&job));
	assert_int_equal(parse("piano --keys a"), 0);
	assert_null(job_live(&job));
	assert_int_equal(parse("tone"), 0);
	assert_null(job_live(&job));
}

/* The usage text lists every program of the table, its options and the
 * waveform and format names, from the same tables the parser uses. */
static void usage_from_tables(void **state)
{
	(void)state;
	const char *u = cmdline_usage();
	printf("%s", u);
	for (const struct program *const *p = koi_programs; *p; p++) {
		assert_non_null(strstr(u, (*p)->name));
		assert_non_null(strstr(u, (*p)->help));
		for (const struct prog_option *o = (*p)->options; o && o->name; o++)
			assert_non_null(strstr(u, o->name));
	}
	assert_non_null(strstr(u, "sine|square|saw|triangle|noise|pink"));
	assert_non_null(strstr(u, "s8|u8|s16|s24|s32|float"));
	assert_non_null(strstr(u, "--period FRAMES"));
	assert_non_null(strstr(u, "--latency MS"));
	assert_non_null(strstr(u, "--no-adapt"));
	assert_non_null(strstr(u, "[--rate HZ] [PROGRAM]"));
	assert_non_null(strstr(u, "help"));
	/* the unknown-program message lists the same programs */
	assert_int_equal(parse("bogus"), -EINVAL);
	assert_string_equal(err, "unknown program 'bogus' (demo, tone, mix, piano, pcm, play, record, help)");
	assert_int_equal(parse("tone --wave cosine"), -EINVAL);
	assert_string_equal(err, "--wave: unknown waveform 'cosine' "
				 "(sine, square, saw, triangle, noise, pink)");
	assert_non_null(strstr(u, "--channel both|left|right|inverted"));
	assert_int_equal(parse("tone --channel center"), -EINVAL);
	assert_string_equal(err, "--channel: unknown channel 'center' "
				 "(both, left, right, inverted)");
}

/* Exponents and any number of digits; the same bits as the nearest double
 * wherever one correctly rounded operation gives it. */
static void numbers(void **state)
{
	(void)state;
	static const struct {
		const char *arg;
		double want;
	} cases[] = {
		{"4e2", 400.0}, {"4E+2", 400.0}, {"997.5", 997.5}, {"0.9975e3", 997.5},
		{"99750e-2", 997.5}, {"+440", 440.0}, {"440.", 440.0}, {".5e3", 500.0},
		{"440.0000000000000000000000000001", 440.0},
		{"0000000000000000000000000000000440", 440.0},
		{"1234.5678", 1234.5678}, {"0.001e6", 1000.0},
		{"22049.99999", 22049.99999},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double d;
		assert_int_equal(arg_double(cases[i].arg, &d), 0);
		if (d != cases[i].want)
			fail_msg("%s read as %.17g", cases[i].arg, d);
		char line[96];
		snprintf(line, sizeof line, "tone --freq %s", cases[i].arg);
		assert_int_equal(parse(line), 0);
	}
	assert_string_equal(described("tone --period 1e2 --seconds 15e-1"),
			    "tone sine 997 Hz 1.5 s -6 dB both, period 100");
	assert_string_equal(described("tone --period 64.000 --gain -6e0"),
			    "tone sine 997 Hz 2 s -6 dB both, period 64");
	uint32_t u;
	assert_int_equal(arg_u32("4294967295", &u), 0);
	assert_int_equal(u, UINT32_MAX);
	assert_int_equal(arg_u32("4294967296", &u), -ERANGE);
	assert_int_equal(arg_u32("1.5", &u), -EINVAL);
	double d;
	assert_int_equal(arg_double("1e999", &d), -ERANGE);
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
		{"tone --freq 0", "--freq: '0' is not a frequency"},
		{"tone --freq abc", "--freq"},
		{"tone --freq 1e999", "--freq"},
		{"tone --freq 1e-999", "--freq"},
		{"tone --freq 4e", "--freq"},
		{"tone --freq e4", "--freq"},
		{"tone --period 64.5", "--period"},
		{"tone --period 1e10", "--period"},
		{"tone --period -64", "--period"},
		{"tone --freq 1.2.3", "--freq"},
		{"tone --freq -5", "--freq: '-5' is not a frequency"},
		{"tone --freq ''", "--freq"},
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
		{"--latency 0", "--latency: '0' is not a time in 0.1..2000 ms"},
		{"--latency 2001", "--latency"},
		{"--latency -5", "--latency"},
		{"--latency fast", "--latency"},
		{"tone --period 64 --latency 5", "give --period or --latency, not both"},
		{"tone --latency 5 --period 64", "give --period or --latency, not both"},
		{"--stall-after 4096", "unknown option --stall-after for demo"},
		{"--bogus 1", "unknown option --bogus"},
		{"mix --voices 0", "--voices"},
		{"mix --voices 65536", "--voices"},
		{"mix sine", "bad voice 'sine'"},
		{"mix sine:440:+3", "bad voice"},
		{"mix sine:440:-3:2", "bad voice"},
		{"mix sine:440:-3:0:9", "bad voice"},
		{"mix hum:440", "bad voice"},
		{"mix sine:0", "bad voice"},
		{"mix --voices 4 sine:440", "not both"},
		{"pcm --format s12", "unknown format 's12' (s8, u8, s16, s24, s32, float)"},
		{"pcm --rate 44000", "--rate"},
		{"pcm --channels 3", "--channels"},
		{"pcm --repeat 0", "--repeat"},
		{"piano --keys", "needs a value"},
		{"tone --bogus", "unknown option --bogus for tone"},
		{"pcm --freq", "unknown option --freq for pcm"},
		{"help --freq 1", "unknown option --freq for help"},
		{"help extra", "unexpected argument 'extra'"},
		{"--rate", "option --rate needs a value"},
		{"--rate 7999 tone", "--rate: '7999' is not a rate in 8000..192000 Hz"},
		{"--rate 192001", "--rate: '192001'"},
		{"--rate 44.1k tone", "--rate: '44.1k'"},
		{"tone --rate 48000", "unknown option --rate for tone"},
		{"--rate 48000 --rate 44100 tone", "unknown option --rate for demo"},
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

/* What depends on the device's rate is checked when the sound is built:
 * the same words play on one device and are refused on another, with a
 * message naming the limit. */
static void limits_at_the_stream_rate(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		uint32_t rate;
		const char *msg; /* NULL: plays */
	} cases[] = {
		{"tone --freq 22050", 44100,
		 "--freq: '22050' is not a frequency in (0, 22050) Hz at the device's 44100 Hz"},
		{"tone --freq 22050", 48000, NULL},
		{"tone --freq 30000", 44100, "--freq: '30000' is not a frequency"},
		{"tone --freq 1e5", 192000, "--freq: '100000' is not a frequency in (0, 96000) Hz"},
		{"tone --freq 22049.99999", 44100, NULL},
		{"tone --freq 5600", 11025, "--freq: '5600' is not a frequency in (0, 5512.5) Hz"},
		{"tone --freq 5000", 11025, NULL},
		{"tone --freq 4000", 8000, "at the device's 8000 Hz"},
		{"tone --freq 3999.5", 8000, NULL},
		{"mix sine:30000", 44100, "mix: a voice at '30000' is not a frequency in (0, 22050) Hz"},
		{"mix sine:300 saw:4000", 8000, "mix: a voice at '4000'"},
		{"mix sine:3000 saw:3900", 8000, NULL},
		{"mix --voices 64", 8000, NULL}, /* the default voices fold below the limit */
		{"pcm --rate 48000", 8000, NULL},
		{"pcm --rate 11025", 32000, NULL},
	};
	char e[CMDLINE_ERR_LEN];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct stream_format fmt = {cases[i].rate, 2, SAMPLE_S16};
		struct job_sound s;
		int r = job_line(cases[i].line, &fmt, &job, &s, e, sizeof e);
		if (cases[i].msg ? r != -EINVAL || !strstr(e, cases[i].msg) : r != 0)
			fail_msg("'%s' at %u Hz: %d '%s', want %s", cases[i].line, cases[i].rate, r,
				 r ? e : "", cases[i].msg ? cases[i].msg : "0");
		if (r == 0) {
			int16_t lr[2 * 64];
			assert_int_equal(source_render(s.src, lr, 64), 64);
		}
		job_free(&s);
		assert_null(s.state);
	}
	/* help builds nothing; nor do 3 channels */
	struct job_sound s;
	assert_int_equal(job_line("help", NULL, &job, &s, e, sizeof e), -EINVAL);
	struct stream_format three = {44100, 3, SAMPLE_S16};
	assert_int_equal(job_line("tone", &three, &job, &s, e, sizeof e), -EINVAL);
	assert_non_null(strstr(e, "cannot play 3 channels"));
}

/* Every program builds a sound that renders, in every stream layout, and
 * the source matches the stream (a converter behind it where needed). */
static void sources(void **state)
{
	(void)state;
	static int16_t lr[2 * 1024];
	static const char *const lines[] = {
		"", "tone --freq 1000 --seconds 0.1", "tone --wave pink --seconds 0.1",
		"mix --voices 3 --seconds 0.2", "mix sine:300:-6:-1 saw:450:-12:1 --seconds 0.2",
		"piano --keys as", "piano", "pcm --format u8 --rate 8000 --channels 1",
	};
	static const struct stream_format fmts[] = {
		{44100, 2, SAMPLE_S16}, {48000, 2, SAMPLE_S16}, {22050, 1, SAMPLE_S16},
		{8000, 1, SAMPLE_F32},
	};
	char e[CMDLINE_ERR_LEN];
	for (unsigned f = 0; f < sizeof fmts / sizeof fmts[0]; f++)
		for (unsigned i = 0; i < sizeof lines / sizeof lines[0]; i++) {
			struct job_sound s;
			if (job_line(lines[i], &fmts[f], &job, &s, e, sizeof e))
				fail_msg("'%s': %s", lines[i], e);
			assert_int_equal(s.src->rate, fmts[f].rate);
			assert_int_equal(s.src->channels, fmts[f].channels);
			assert_true(source_render(s.src, lr, 1024) > 0);
			job_free(&s);
			job_free(&s); /* twice is harmless */
		}
	/* 0.1 s at each rate */
	for (unsigned f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
		struct job_sound s;
		assert_int_equal(job_line("tone --seconds 0.1", &fmts[f], &job, &s, e, sizeof e), 0);
		uint32_t total = 0, n;
		while ((n = source_render(s.src, lr, 1000)) > 0)
			total += n;
		assert_int_equal(total, fmts[f].rate / 10);
		job_free(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(programs_and_defaults),
		cmocka_unit_test(usage_from_tables),
		cmocka_unit_test(numbers),
		cmocka_unit_test(errors),
		cmocka_unit_test(limits_at_the_stream_rate),
		cmocka_unit_test(sources),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
