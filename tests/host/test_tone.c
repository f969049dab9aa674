/*
 * The tone program as speaker-test users expect it: both channels in
 * phase at -6 dBFS by default, --channel left/right/both/inverted, a
 * mono device gets the waveform whatever the layout; and the status text
 * of `-v` (aplay -v's words) and of the progress line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app/status.h"
#include "audio/dspmath.h"
#include "audio/tone.h"
#include "tests/host/job_line.h"

static struct job job;

/* Renders line on a stream of rate/channels: n frames into out. */
static void render(const char *line, uint32_t rate, uint32_t channels, int16_t *out,
		   uint32_t n)
{
	struct stream_format fmt = {rate, channels, SAMPLE_S16};
	struct job_sound s;
	char err[CMDLINE_ERR_LEN];
	if (job_line(line, &fmt, &job, &s, err, sizeof err))
		fail_msg("'%s': %s", line, err);
	assert_int_equal(source_render(s.src, out, n), n);
	assert_int_equal(s.frames, (uint64_t)(2.0 * rate)); /* the default 2 s */
	job_free(&s);
}

static int16_t peak(const int16_t *x, uint32_t n, uint32_t stride)
{
	int16_t p = 0;
	for (uint32_t i = 0; i < n; i++)
		if (x[i * stride] > p)
			p = x[i * stride];
	return p;
}

static void layouts(void **state)
{
	(void)state;
	enum { N = 4410 };
	static int16_t both[2 * N], left[2 * N], right[2 * N], inv[2 * N], mono[N], loud[2 * N];
	render("tone", 44100, 2, both, N);
	render("tone --channel left", 44100, 2, left, N);
	render("tone --channel right", 44100, 2, right, N);
	render("tone --channel inverted", 44100, 2, inv, N);
	render("tone --channel right", 44100, 1, mono, N);
	render("tone --gain 0", 44100, 2, loud, N);
	/* -6 dBFS: a peak of 32767 * 10^(-6/20) = 16422.7, the sine's top */
	int16_t p = peak(both, N, 2);
	printf("# default peak %d (0 dB: %d)\n", p, peak(loud, N, 2));
	assert_true(p >= 16400 && p <= 16423);
	assert_true(peak(loud, N, 2) >= 32700);
	for (uint32_t i = 0; i < N; i++) {
		int16_t v = both[2 * i];
		assert_int_equal(both[2 * i + 1], v);  /* in phase */
		assert_int_equal(left[2 * i], v);
		assert_int_equal(left[2 * i + 1], 0);
		assert_int_equal(right[2 * i], 0);
		assert_int_equal(right[2 * i + 1], v);
		assert_int_equal(inv[2 * i], v);
		assert_int_equal(inv[2 * i + 1], -v);
		assert_int_equal(mono[i], v);       /* one speaker: the waveform */
	}
}

static void tone_api(void **state)
{
	(void)state;
	struct tone t;
	assert_int_equal(tone_init(&t, 48000, 2, OSC_SINE, 1000.0, 0.5, 1.0), 0);
	assert_int_equal(t.layout, TONE_INVERTED); /* what the benches expect */
	assert_int_equal(tone_set_layout(&t, TONE_LAYOUT_COUNT), -22);
	assert_int_equal(tone_set_layout(&t, TONE_LEFT), 0);
	for (int l = 0; l < TONE_LAYOUT_COUNT; l++)
		assert_int_equal(tone_layout_from_name(tone_layout_name((enum tone_layout)l)), l);
	assert_int_equal(tone_layout_from_name("centre"), -1);
	assert_string_equal(tone_layout_name(TONE_LAYOUT_COUNT), "?");
}

static void setup_text(void **state)
{
	(void)state;
	char buf[512];
	struct msg m = MSG(buf, sizeof buf);
	const struct player_setup s = {44100, 2, SAMPLE_S16, 512, 4, 2048, 2048};
	status_setup(&m, "PLAYBACK, MMAP_INTERLEAVED", &s);
	assert_string_equal(buf, "koi: setup    PLAYBACK, MMAP_INTERLEAVED\n"
				 "koi:   format          : S16_LE\n"
				 "koi:   channels        : 2\n"
				 "koi:   rate            : 44100\n"
				 "koi:   period_size     : 512 (11.609 ms)\n"
				 "koi:   periods         : 4\n"
				 "koi:   buffer_size     : 2048 (46.439 ms)\n"
				 "koi:   start_threshold : 2048\n");
	assert_string_equal(status_alsa_format(SAMPLE_S24), "S24_3LE");
	assert_string_equal(status_alsa_format(SAMPLE_F32), "FLOAT_LE");
	assert_string_equal(status_alsa_format(SAMPLE_U8), "U8");
	assert_string_equal(status_alsa_format(SAMPLE_FORMAT_COUNT), "?");
}

static void progress_text(void **state)
{
	(void)state;
	static const struct {
		uint64_t played, total;
		const char *want;
	} cases[] = {
		{0, 441000, "koi: 0:00 of 0:10"},
		{44099, 441000, "koi: 0:00 of 0:10"},
		{44100 * 9, 441000, "koi: 0:09 of 0:10"},
		{44100ull * 207, 44100ull * 3600 * 2 + 44100ull * 65, "koi: 3:27 of 2:01:05"},
		{44100ull * 3601, 44100ull * 3601, "koi: 1:00:01 of 1:00:01"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[64];
		struct msg m = MSG(buf, sizeof buf);
		status_progress(&m, cases[i].played, cases[i].total, 44100);
		assert_string_equal(buf, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layouts),
		cmocka_unit_test(tone_api),
		cmocka_unit_test(setup_text),
		cmocka_unit_test(progress_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
