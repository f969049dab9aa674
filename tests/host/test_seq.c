/* Sequencer and programs: events land on their exact frame, the end of
 * the sound does not depend on how the caller chunks its renders, the demo
 * and the piano put different signals on L and R, the keyboard map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>

#include "audio/seq.h"
#include "tests/host/job_line.h"

static struct seq sq;

static uint32_t first_sound(const int16_t *lr, uint32_t n, uint32_t from)
{
	for (uint32_t i = from; i < n; i++)
		if (lr[2 * i] || lr[2 * i + 1])
			return i;
	return n;
}

static void note_timing(void **state)
{
	(void)state;
	static const struct seq_note notes[] = {
		{100, 200, 69, 127, OSC_SINE, -100},
		{500, 100, 81, 64, OSC_SQUARE, 100},
	};
	enum { N = 44100 };
	static int16_t lr[2 * N];
	assert_int_equal(seq_init(&sq, notes, 2, 0.5, false, 44100), 0);
	uint32_t got = source_render(&sq.src, lr, N);
	/* first note at 100 ms = frame 4410, on L only (pan -100) */
	/* a sine starts at phase 0, so its very first sample may be 0 */
	uint32_t f = first_sound(lr, N, 0);
	assert_true(f == 4410 || f == 4411);
	for (uint32_t i = 0; i < 22050; i++)
		assert_int_equal(lr[2 * i + 1], 0);
	/* second note at 500 ms = 22050, right only */
	assert_true(first_sound(lr, N, 20000) >= 22050);
	/* the end: note 2 off at 600 ms + 90 ms release = 30429 frames */
	struct env_params ep;
	seq_env_for(OSC_SQUARE, 44100, &ep);
	printf("# sequence rendered %u frames\n", got);
	assert_int_equal(got, 26460 + ep.release);
	assert_int_equal(source_render(&sq.src, lr, N), 0); /* ended stays ended */
}

static uint32_t render_all(struct koi_source *s, int16_t *out, uint32_t cap,
			   uint32_t chunk_seed)
{
	uint32_t total = 0, k = chunk_seed;
	for (;;) {
		uint32_t want = chunk_seed ? (k = k * 1103515245u + 12345u) % 300 + 1 : 4096;
		if (total + want > cap)
			want = cap - total;
		uint32_t n = source_render(s, out + 2 * total, want);
		total += n;
		if (n < want || total == cap)
			return total;
	}
}

static void demo_chunking_and_channels(void **state)
{
	(void)state;
	enum { CAP = 44100 * 12 };
	int16_t *a = malloc(CAP * 4), *b = malloc(CAP * 4);
	static struct job j1, j2;
	struct job_sound d1, d2;
	char err[CMDLINE_ERR_LEN];
	assert_int_equal(job_line("demo", NULL, &j1, &d1, err, sizeof err), 0);
	assert_int_equal(job_line("demo", NULL, &j2, &d2, err, sizeof err), 0);
	uint32_t na = render_all(d1.src, a, CAP, 0);
	uint32_t nb = render_all(d2.src, b, CAP, 7);
	job_free(&d1);
	job_free(&d2);
	printf("# demo: %u frames (%.3f s)\n", na, na / 44100.0);
	assert_true(na < CAP && na > 44100 * 8);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, (size_t)na * 4);
	/* L and R differ in nearly every sounding frame */
	uint32_t sounding = 0, differ = 0;
	for (uint32_t i = 0; i < na; i++)
		if (a[2 * i] || a[2 * i + 1]) {
			sounding++;
			differ += a[2 * i] != a[2 * i + 1];
		}
	printf("# demo: %u sounding frames, L != R in %u\n", sounding, differ);
	assert_true(differ > sounding * 95 / 100);
	/* the source ends where the sound ends */
	assert_true(a[2 * (na - 1)] || a[2 * (na - 1) + 1] || a[2 * (na - 2)] || a[2 * (na - 2) + 1]);
	free(a);
	free(b);
}

static void piano(void **state)
{
	(void)state;
	assert_int_equal(seq_key_note('a', 60), 60);
	assert_int_equal(seq_key_note('w', 60), 61);
	assert_int_equal(seq_key_note('k', 60), 72);
	assert_int_equal(seq_key_note('\'', 60), 77);
	assert_int_equal(seq_key_note('1', 60), -1);
	assert_int_equal(seq_key_note('a', 120), 120);
	assert_int_equal(seq_key_note('k', 120), -1); /* beyond note 127 */
	enum { N = 44100 * 3 };
	int16_t *lr = malloc(N * 4);
	static struct job job;
	struct job_sound p;
	char err[CMDLINE_ERR_LEN];
	/* "a s" = C, rest, D */
	assert_int_equal(job_line("piano --keys 'a sq'", NULL, &job, &p, err, sizeof err), 0);
	assert_null(job_live(&job));
	uint32_t n = source_render(p.src, lr, N);
	assert_true(n < N);
	assert_true(first_sound(lr, n, 0) <= 1);
	/* the second note starts at 2 steps = 500 ms; before it, silence from
	 * the end of the first (220 ms + release) */
	uint32_t second = first_sound(lr, n, 44100 * 400 / 1000);
	assert_true(second >= 22050 && second <= 22052);
	job_free(&p);
	/* interactive: holds open, plays typed keys, ends after quit */
	assert_int_equal(job_line("piano", NULL, &job, &p, err, sizeof err), 0);
	assert_non_null(job_live(&job));
	assert_int_equal(source_render(p.src, lr, 1000), 1000);
	assert_int_equal(first_sound(lr, 1000, 0), 1000);
	assert_int_equal(job_key(&p, 'h'), 0);
	assert_int_equal(job_key(&p, '!'), 0); /* ignored */
	assert_int_equal(source_render(p.src, lr, 1000), 1000);
	assert_true(first_sound(lr, 1000, 0) < 3);
	assert_int_equal(job_key(&p, 'q'), 1);
	n = source_render(p.src, lr, N);
	assert_true(n > 0 && n < 44100);
	assert_int_equal(source_render(p.src, lr, N), 0);
	job_free(&p);
	free(lr);
}

static void bad_input(void **state)
{
	(void)state;
	static const struct seq_note unsorted[] = {
		{100, 100, 60, 100, OSC_SINE, 0}, {50, 100, 60, 100, OSC_SINE, 0}};
	assert_int_equal(seq_init(&sq, unsorted, 2, 0.5, false, 44100), -EINVAL);
	assert_int_equal(seq_init(&sq, NULL, 3, 0.5, false, 44100), -EINVAL);
	assert_int_equal(seq_init(&sq, NULL, 0, 1.5, false, 44100), -EINVAL);
	assert_int_equal(seq_init(&sq, NULL, 0, 0.5, true, 44100), 0);
	assert_int_equal(seq_play_now(&sq, 128, 100, 100, OSC_SINE, 0), -EINVAL);
	assert_int_equal(seq_play_now(&sq, 60, 0, 100, OSC_SINE, 0), -EINVAL);
	assert_int_equal(seq_play_now(&sq, 60, 100, 100, OSC_WAVE_COUNT, 0), -EINVAL);
	assert_int_equal(seq_play_now(&sq, 60, 100, 100, OSC_SINE, 101), -EINVAL);
	/* an empty, unheld sequence ends at once */
	int16_t lr[8];
	assert_int_equal(seq_init(&sq, NULL, 0, 0.5, false, 44100), 0);
	assert_int_equal(source_render(&sq.src, lr, 4), 0);
}

static void more_notes_than_voices(void **state)
{
	(void)state;
	static struct seq_note many[100];
	for (int i = 0; i < 100; i++)
		many[i] = (struct seq_note){(uint32_t)i, 2000, (uint8_t)(30 + i % 60), 50,
					    OSC_SINE, (int8_t)(i % 2 ? 50 : -50)};
	enum { N = 44100 * 4 };
	int16_t *lr = malloc(N * 4);
	assert_int_equal(seq_init(&sq, many, 100, 0.01, false, 44100), 0);
	uint32_t n = source_render(&sq.src, lr, N);
	printf("# 100 overlapping notes on 64 voices: %u frames\n", n);
	assert_true(n > 44100 * 2 && n < N);
	free(lr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(note_timing),
		cmocka_unit_test(demo_chunking_and_channels),
		cmocka_unit_test(piano),
		cmocka_unit_test(bad_input),
		cmocka_unit_test(more_notes_than_voices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
