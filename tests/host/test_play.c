/*
 * The play program on real files (board/hostfile.c reads them with stdio on
 * the host, as koi-render does): every sample format comes out as the
 * converter decodes it, mono plays on both speakers, files follow each
 * other with no gap (two files of a rate play exactly as the one file
 * holding both), a change of rate goes on at once, the length is known
 * before play; every bad file is refused before anything plays with one
 * line naming it; a file that changes while it plays ends the sound there
 * and the job says why.
 */
#define _POSIX_C_SOURCE 200809L /* mkdir, truncate */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "audio/convert.h"
#include "audio/dspmath.h"
#include "audio/wavfile.h"
#include "tests/host/job_line.h"

#define DIR "build/host/play"

static struct job job;
static char err[CMDLINE_ERR_LEN];

/* Writes a WAV of frames frames of (rate, ch, fmt) whose samples are a
 * function of the sample index (distinct per channel). */
static void write_wav(const char *path, uint32_t rate, uint32_t ch, enum sample_format fmt,
		      uint32_t frames, uint32_t seed)
{
	uint8_t h[WAVFILE_HEADER];
	assert_int_equal(wavfile_header(h, rate, ch, fmt, frames), 0);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(h, 1, sizeof h, fp), sizeof h);
	const uint32_t bps = sample_format_bytes(fmt);
	for (uint32_t i = 0; i < frames * ch; i++) {
		uint32_t x = (i + seed) * 2654435761u;
		uint8_t b[4] = {(uint8_t)(x >> 8), (uint8_t)(x >> 16), (uint8_t)(x >> 24),
				(uint8_t)(x >> 13)};
		if (fmt == SAMPLE_F32) {
			float v = (float)(int16_t)(x >> 16) / 40000.0f;
			memcpy(b, &v, 4);
		}
		assert_int_equal(fwrite(b, 1, bps, fp), bps);
	}
	assert_int_equal(fclose(fp), 0);
}

/* The samples of a file as the converter decodes them. */
static float *decoded(const char *path, uint32_t *frames, uint32_t *ch)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	static uint8_t b[1 << 20];
	size_t n = fread(b, 1, sizeof b, fp);
	fclose(fp);
	uint32_t fmt = b[20] | b[21] << 8, bits = b[34];
	*ch = b[22];
	uint32_t bps = bits / 8;
	enum sample_format f = fmt == 3 ? SAMPLE_F32
			       : bps == 1 ? SAMPLE_U8
			       : bps == 2 ? SAMPLE_S16
			       : bps == 3 ? SAMPLE_S24
					  : SAMPLE_S32;
	*frames = (uint32_t)((n - 44) / (bps * *ch));
	float *x = malloc(sizeof(float) * *frames * *ch);
	for (uint32_t i = 0; i < *frames * *ch; i++)
		x[i] = convert_decode(f, b + 44 + i * bps);
	return x;
}

/* Renders line in the goldfish format; the frames, malloc'ed. */
static int16_t *render(const char *line, uint32_t *frames)
{
	struct job_sound s;
	int r = job_line(line, NULL, &job, &s, err, sizeof err);
	if (r)
		fail_msg("'%s': %d %s", line, r, err);
	size_t cap = 1 << 18;
	int16_t *out = malloc(cap * 4);
	uint32_t n = 0, got;
	while ((got = source_render(s.src, out + 2 * n, 1000)) > 0) {
		n += got;
		assert_true(n + 1000 < cap);
	}
	assert_int_equal(s.frames, n); /* the length, known before */
	assert_int_equal(job_result(&s, err, sizeof err), 0);
	job_free(&s);
	*frames = n;
	return out;
}

static int setup(void **state)
{
	(void)state;
	mkdir("build", 0755);
	mkdir("build/host", 0755);
	mkdir(DIR, 0755);
	return 0;
}

/* At the device's rate every format plays as the converter decodes it,
 * rounded once; mono goes to both speakers. */
static void formats_at_device_rate(void **state)
{
	(void)state;
	static const enum sample_format fmts[] = {SAMPLE_U8, SAMPLE_S16, SAMPLE_S24, SAMPLE_S32,
						  SAMPLE_F32};
	for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++)
		for (uint32_t ch = 1; ch <= 2; ch++) {
			write_wav(DIR "/f.wav", 44100, ch, fmts[k], 3000, (uint32_t)k);
			uint32_t n, fn, fch;
			int16_t *out = render("play " DIR "/f.wav", &n);
			float *x = decoded(DIR "/f.wav", &fn, &fch);
			assert_int_equal(n, 3000);
			for (uint32_t i = 0; i < n; i++) {
				int16_t l = koi_f2s16(x[i * ch]), r = koi_f2s16(x[i * ch + ch - 1]);
				if (out[2 * i] != l || out[2 * i + 1] != r)
					fail_msg("%s %u ch frame %u: %d %d, want %d %d",
						 sample_format_name(fmts[k]), ch, i, out[2 * i],
						 out[2 * i + 1], l, r);
			}
			free(out);
			free(x);
		}
}

/* Files of a rate follow each other as one signal: "play a b" is exactly
 * "play ab", also through the resampler; a new rate goes on at once. */
static void gapless(void **state)
{
	(void)state;
	const uint32_t na = 2205, nb = 1000;
	write_wav(DIR "/a.wav", 22050, 2, SAMPLE_S16, na, 1);
	write_wav(DIR "/b.wav", 22050, 2, SAMPLE_S16, nb, 1 + 2 * na); /* continues a */
	write_wav(DIR "/ab.wav", 22050, 2, SAMPLE_S16, na + nb, 1);
	uint32_t n1, n2;
	int16_t *two = render("play " DIR "/a.wav " DIR "/b.wav", &n1);
	int16_t *one = render("play " DIR "/ab.wav", &n2);
	assert_int_equal(n1, 2 * (na + nb));
	assert_int_equal(n1, n2);
	assert_memory_equal(two, one, (size_t)n1 * 4);
	free(two);
	free(one);
	/* 44.1 kHz s16 then 22.05 kHz: the first exactly, then the second's
	 * ceil(frames * 2) at once */
	write_wav(DIR "/c.wav", 44100, 2, SAMPLE_S16, 777, 9);
	int16_t *mixed = render("play " DIR "/c.wav " DIR "/b.wav " DIR "/c.wav", &n1);
	assert_int_equal(n1, 777 + 2 * nb + 777);
	uint32_t fn, fch;
	float *c = decoded(DIR "/c.wav", &fn, &fch);
	for (uint32_t i = 0; i < 777 * 2; i++) {
		assert_int_equal(mixed[i], koi_f2s16(c[i]));
		assert_int_equal(mixed[2 * (777 + 2 * nb) + i], koi_f2s16(c[i]));
	}
	free(c);
	free(mixed);
	/* a 96 kHz float file and an 8 kHz one: lengths as the converter's */
	write_wav(DIR "/d.wav", 96000, 2, SAMPLE_F32, 9600, 3);
	write_wav(DIR "/e.wav", 8000, 1, SAMPLE_S16, 801, 4);
	free(render("play " DIR "/d.wav " DIR "/e.wav", &n1));
	assert_int_equal(n1, 4410 + (801 * 441 + 79) / 80);
}

/* play --raw: the samples of a WAV without its header play as the WAV
 * does; its options are checked before anything plays. */
static void raw_files(void **state)
{
	(void)state;
	write_wav(DIR "/r.wav", 22050, 2, SAMPLE_S24, 3000, 7);
	FILE *in = fopen(DIR "/r.wav", "rb"), *out = fopen(DIR "/r.raw", "wb");
	static uint8_t b[44 + 3000 * 6];
	assert_int_equal(fread(b, 1, sizeof b, in), sizeof b);
	assert_int_equal(fwrite(b + 44, 1, sizeof b - 44, out), sizeof b - 44);
	fclose(in);
	fclose(out);
	uint32_t n1, n2;
	int16_t *one = render("play " DIR "/r.wav", &n1);
	int16_t *two = render("play --raw --format s24 --rate 22050 --channels 2 " DIR "/r.raw", &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(one, two, (size_t)n1 * 4);
	free(one);
	free(two);
	static const char *const bad[][2] = {
		{"play --raw " DIR "/r.raw", "play: --raw needs --format, --rate and --channels"},
		{"play --rate 8000 " DIR "/r.wav",
		 "play: --format, --rate and --channels describe --raw files (a WAV or AU file says "
		 "its own)"},
		{"play --raw --format s17 --rate 8000 --channels 1 " DIR "/r.raw",
		 "--format: 's17' is not one of " WAVFILE_RAW_FORMATS},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct job_sound s;
		assert_int_equal(job_line(bad[i][0], NULL, &job, &s, err, sizeof err), -EINVAL);
		assert_string_equal(err, bad[i][1]);
	}
}

/* Refused before anything plays, one line naming the file. */
static void bad_files(void **state)
{
	(void)state;
	static const struct {
		const char *bytes; /* NULL: no file */
		size_t n;
		const char *want;
	} cases[] = {
#define B(s) s, sizeof(s) - 1
		{NULL, 0, "play: " DIR "/x.wav: no such file"},
		{B("just text, not a wav file"), "play: " DIR "/x.wav: not a WAV file (no RIFF/WAVE or RIFX/WAVE header)"},
		{B("RIFF\x24\x00\x00\x00WA"), "play: " DIR "/x.wav: the file ends inside its header (cut short)"},
		{B("RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0\0\0\x44\xac\0\0\0\0\0\0\0\0\x10\0data\4\0\0\0\0\0\0\0"),
		 "play: " DIR "/x.wav: 0 channels (a broken header)"},
		{B("RIFF\0\0\0\0WAVELIST\xff\xff\xff\x7f\0\0\0\0"),
		 "play: " DIR "/x.wav: chunk 'LIST' at byte 12 says 2147483647 bytes, more than the "
		     "file holds (cut short, or never finished)"},
		{B("RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x02\0\x02\0\x44\xac\0\0\0\0\0\0\x04\0\x10\0data\4\0\0\0\0\0\0\0"),
		 "play: " DIR "/x.wav: MS ADPCM (format 0x0002) is compressed: Koi has no decoder "
		     "for it; convert it to PCM first (sox IN -e signed-integer OUT.wav)"},
		{B("RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0\x02\0\x44\xac\0\0\0\0\0\0\x04\0\x10\0data\x04\0\0\0\0\0\0\0"),
		 NULL}, /* good: --channels-map 3 below */
#undef B
	};
	write_wav(DIR "/good.wav", 44100, 2, SAMPLE_S16, 100, 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unlink(DIR "/x.wav");
		if (cases[i].bytes) {
			FILE *fp = fopen(DIR "/x.wav", "wb");
			fwrite(cases[i].bytes, 1, cases[i].n, fp);
			fclose(fp);
		}
		/* the bad file second: the good first one does not play either */
		struct job_sound s;
		int r = job_line(cases[i].want ? "play " DIR "/good.wav " DIR "/x.wav"
					       : "play --channels-map 1,3 " DIR "/good.wav " DIR "/x.wav",
				 NULL, &job, &s, err, sizeof err);
		assert_int_equal(r, PROGRAM_BAD_INPUT);
		assert_string_equal(err, cases[i].want ? cases[i].want
						       : "play: " DIR "/good.wav: --channels-map picks "
							 "channel 3, the file has 2 channels");
		assert_null(s.src);
		assert_null(s.state);
	}
	struct job_sound s;
	assert_int_equal(job_line("play " DIR, NULL, &job, &s, err, sizeof err), PROGRAM_BAD_INPUT);
	assert_string_equal(err, "play: " DIR ": is a directory");
	assert_int_equal(job_line("play", NULL, &job, &s, err, sizeof err), -EINVAL);
	assert_string_equal(err, "play: which file? (play FILE...)");
	/* a rate below the converter's range (every rate from 1000 to 384000
	 * Hz converts: test_convert.c's every_input_rate) */
	write_wav(DIR "/x.wav", 999, 1, SAMPLE_S16, 100, 0);
	assert_int_equal(job_line("play " DIR "/x.wav", NULL, &job, &s, err, sizeof err),
			 PROGRAM_BAD_INPUT);
	assert_string_equal(err, "play: " DIR "/x.wav: cannot convert 999 Hz to the device's "
				 "44100 Hz (the converter takes 1000 to 384000 Hz)");
}

/* A file that changes while it plays ends the sound there; the job says
 * which and why.  Frames before the change are the file's own. */
static void changes_while_read(void **state)
{
	(void)state;
	const uint32_t frames = 20000; /* 80 kB: ten chunks */
	static int16_t buf[2 * 4000];
	for (int when = 0; when < 2; when++) {
		write_wav(DIR "/g.wav", 44100, 2, SAMPLE_S16, frames, 5);
		write_wav(DIR "/h.wav", 44100, 2, SAMPLE_S16, frames, 6);
		struct job_sound s;
		assert_int_equal(job_line("play " DIR "/g.wav " DIR "/h.wav", NULL, &job, &s, err,
					  sizeof err),
				 0);
		assert_int_equal(source_render(s.src, buf, 4000), 4000);
		uint32_t fn, fch;
		float *x = decoded(DIR "/g.wav", &fn, &fch);
		for (uint32_t i = 0; i < 8000; i++)
			assert_int_equal(buf[i], koi_f2s16(x[i]));
		free(x);
		/* 0: the playing file is cut; 1: the next one is rewritten */
		if (when == 0)
			assert_int_equal(truncate(DIR "/g.wav", 44 + 4 * 10000), 0);
		else
			write_wav(DIR "/h.wav", 22050, 1, SAMPLE_S16, 100, 0);
		uint32_t n = 4000, got;
		while ((got = source_render(s.src, buf, 4000)) > 0)
			n += got;
		if (when == 0) {
			assert_true(n < frames);
			assert_int_equal(job_result(&s, err, sizeof err), PROGRAM_BAD_INPUT);
			assert_string_equal(err, "play: " DIR "/g.wav: changed while it was read "
						 "(80044 bytes when checked, 40044 now)");
		} else {
			assert_int_equal(n, frames); /* all of g, none of h */
			assert_int_equal(job_result(&s, err, sizeof err), PROGRAM_BAD_INPUT);
			assert_string_equal(err, "play: " DIR "/h.wav: changed while it was read "
						 "(80044 bytes when checked, 244 now)");
		}
		job_free(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_at_device_rate),
		cmocka_unit_test(gapless),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(raw_files),
		cmocka_unit_test(changes_while_read),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
