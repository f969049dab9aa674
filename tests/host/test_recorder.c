/*
 * The recorder (app/recorder.h) on a fake device's capture direction,
 * into real files (board/hostfile.c: stdio on the host): the file holds
 * the captured frames in order, and is a complete WAV after every pump
 * (a run that ends at any moment leaves a valid file); a quit key stops
 * a recording alone; beside a playback (player opts.rec) the playback is
 * untouched and the take is the capture's first frames; no capture input,
 * or a path that cannot be created, is one line.
 */
#define _POSIX_C_SOURCE 200809L /* mkdir */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "app/player.h"
#include "app/recorder.h"
#include "audio/wavfile.h"
#include "tests/host/fake_audio_dev.h"
#include "tests/host/fake_board.h"
#include "tests/host/job_line.h"

#define DIR "build/host/rec"

static struct fake_dev dev;
static struct recorder rec;
static struct job job;
static char why[CMDLINE_ERR_LEN];

/* The file's header as the parser reads it, and its samples. */
static int16_t *read_take(const char *path, struct wavfile_info *info)
{
	static uint8_t b[1 << 21];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(b, 1, sizeof b, f);
	fclose(f);
	/* The canonical header, its sizes saying exactly what follows. */
	assert_true(n >= WAVFILE_HEADER);
	assert_memory_equal(b, "RIFF", 4);
	uint32_t data = b[40] | b[41] << 8 | (uint32_t)b[42] << 16 | (uint32_t)b[43] << 24;
	uint32_t riff = b[4] | b[5] << 8 | (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24;
	assert_int_equal(riff, 36 + data);
	assert_int_equal(data, n - WAVFILE_HEADER); /* the header says all it holds */
	info->rate = b[24] | b[25] << 8 | (uint32_t)b[26] << 16;
	info->channels = b[22];
	info->frames = data / 2;
	return (int16_t *)(b + WAVFILE_HEADER);
}

static void fresh(void)
{
	struct audio_caps play = fake_caps_playback(), cap = fake_caps_capture();
	fake_dev_free(&dev);
	fake_dev_init(&dev, &play, &cap);
	fake_board_use(&dev);
}

static int setup(void **state)
{
	(void)state;
	mkdir("build", 0755);
	mkdir("build/host", 0755);
	mkdir(DIR, 0755);
	return 0;
}

static void alone_complete_at_every_moment(void **state)
{
	(void)state;
	fresh();
	assert_int_equal(recorder_open(&rec, &dev.dev, DIR "/a.wav", 1.0, why, sizeof why), 0);
	assert_int_equal(rec.hw.rate, 8000);
	struct wavfile_info info;
	read_take(DIR "/a.wav", &info);
	assert_int_equal(info.frames, 0); /* a valid, empty WAV from the start */
	assert_int_equal(recorder_start(&rec), 0);
	uint32_t checks = 0;
	while (!rec.stopped) {
		board_wait(NULL, recorder_ready, &rec);
		assert_int_equal(recorder_pump(&rec), 0);
		const int16_t *x = read_take(DIR "/a.wav", &info);
		assert_int_equal(info.frames, rec.frames);
		for (uint32_t i = 0; i < info.frames; i++)
			assert_int_equal(x[i], fake_dev_capture_sample(i, 0));
		checks++;
	}
	assert_int_equal(recorder_finish(&rec), 0);
	const int16_t *x = read_take(DIR "/a.wav", &info);
	printf("# 1 s recorded: %u frames at %u Hz, the file checked after %u pumps\n",
	       info.frames, info.rate, checks);
	assert_int_equal(info.frames, 8000);
	assert_int_equal(info.rate, 8000);
	assert_int_equal(info.channels, 1);
	for (uint32_t i = 0; i < 8000; i++)
		assert_int_equal(x[i], fake_dev_capture_sample(i, 0));
}

static void quit_key_and_player_record(void **state)
{
	(void)state;
	fresh();
	fake_board_keys("||||||||q");
	assert_int_equal(recorder_open(&rec, &dev.dev, DIR "/b.wav", 0.0, why, sizeof why), 0);
	struct player_opts o = {.controls = true};
	struct player_report rep;
	assert_int_equal(player_record(&rec, &o, &rep), 0);
	assert_int_equal(recorder_finish(&rec), 0);
	struct wavfile_info info;
	const int16_t *x = read_take(DIR "/b.wav", &info);
	printf("# q after 8 periods: %u frames\n", info.frames);
	assert_true(info.frames >= 7 * 512 && info.frames <= 9 * 512);
	for (uint32_t i = 0; i < info.frames; i++)
		assert_int_equal(x[i], fake_dev_capture_sample(i, 0));
}

static void beside_playback(void **state)
{
	(void)state;
	fresh();
	struct stream_format fmt;
	assert_int_equal(player_open(&dev.dev, &fmt, why, sizeof why), 0);
	static struct job_sound s;
	const char *line = "tone --seconds 1 --channel inverted";
	assert_int_equal(job_line(line, &fmt, &job, &s, why, sizeof why), 0);
	assert_int_equal(recorder_open(&rec, &dev.dev, DIR "/c.wav", 0.0, why, sizeof why), 0);
	struct player_opts o = {.controls = true, .gain = &s.gain, .rec = &rec};
	struct player_report rep;
	assert_int_equal(player_play(s.src, &o, &rep), 0);
	assert_int_equal(recorder_finish(&rec), 0);
	player_close();
	job_free(&s);
	/* the playback is the render */
	struct job_sound r;
	assert_int_equal(job_line(line, NULL, &job, &r, why, sizeof why), 0);
	int16_t *want = malloc(44100 * 4);
	assert_int_equal(source_render(r.src, want, 44100), 44100);
	job_free(&r);
	assert_int_equal(dev.d[0].out_len, 44100 * 4);
	assert_memory_equal(dev.d[0].out, want, 44100 * 4);
	free(want);
	/* the take: the capture from the start, whole periods, about 1 s */
	struct wavfile_info info;
	const int16_t *x = read_take(DIR "/c.wav", &info);
	printf("# beside a 1 s playback: %u frames recorded\n", info.frames);
	assert_true(info.frames >= 7000 && info.frames <= 8704 && info.frames % 512 == 0);
	for (uint32_t i = 0; i < info.frames; i++)
		assert_int_equal(x[i], fake_dev_capture_sample(i, 0));
}

static void refusals(void **state)
{
	(void)state;
	struct audio_caps play = fake_caps_playback();
	fake_dev_free(&dev);
	fake_dev_init(&dev, &play, NULL); /* no capture direction */
	fake_board_use(&dev);
	assert_int_equal(recorder_open(&rec, &dev.dev, DIR "/d.wav", 1.0, why, sizeof why), -ENODEV);
	assert_non_null(strstr(why, "no capture input here"));
	fresh();
	assert_int_equal(recorder_open(&rec, &dev.dev, DIR "/no/such/d.wav", 1.0, why, sizeof why),
			 -ENOENT);
	assert_string_equal(why, DIR "/no/such/d.wav: no such file");
	/* the stream was given back: it opens again */
	assert_int_equal(recorder_open(&rec, &dev.dev, DIR "/d.wav", 1.0, why, sizeof why), 0);
	assert_int_equal(recorder_finish(&rec), 0);
	/* record is a job that plays nothing */
	struct job_sound s;
	assert_int_equal(job_line("record x.wav", NULL, &job, &s, why, sizeof why), -EINVAL);
	assert_string_equal(why, "record plays nothing: it records");
	double sec;
	assert_string_equal(job_record(&job, &sec), "x.wav");
	assert_true(sec == 10.0);
	assert_false(job_plays(&job));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alone_complete_at_every_moment),
		cmocka_unit_test(quit_key_and_player_record),
		cmocka_unit_test(beside_playback),
		cmocka_unit_test(refusals),
	};
	int r = cmocka_run_group_tests(tests, setup, NULL);
	fake_dev_free(&dev);
	return r;
}
