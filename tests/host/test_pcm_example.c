/*
 * The tone example of docs/audio.md, verbatim in play_tone(), run against
 * the fake device: what the device "played" must be exactly what the mixer
 * renders on its own, frame for frame, with the partial last period in.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audio/mixer.h"
#include "audio/pcm.h"
#include "tests/host/fake_audio_dev.h"

/* ---- from docs/audio.md ---- */
static struct pcm_stream out;
static struct mixer mix;
static struct mixer_voice voices[4];

/* Play `frames` frames of a sine; 0 or -errno. */
int play_tone(struct audio_dev *dev, pcm_block_fn block, void *block_ctx,
	      double hz, uint32_t frames)
{
	int r = pcm_open(&out, dev, AUDIO_PLAYBACK);
	if (r < 0)
		return r;
	pcm_set_block(&out, block, block_ctx);
	r = pcm_hw_params(&out, 1024, 4);      /* 4 x 23.2 ms */
	if (r == 0)
		r = pcm_prepare(&out);
	struct pcm_hw_info hw;                 /* a stereo S16 device here */
	if (r == 0)
		r = pcm_hw_info(&out, &hw);
	mixer_init(&mix, voices, 4, r == 0 ? hw.rate : 0); /* render at its rate */
	struct mixer_voice_params v = {
		.wave = OSC_SINE, .hz = hz, .gain = 0.5, .pan = 0.0,
		.env = {.attack = 441, .decay = 0, .sustain = 1.0f, .release = 441},
	};
	if (r == 0 && (r = mixer_voice_start(&mix, &v)) >= 0)
		r = 0;                         /* a voice index is not an error */
	while (r == 0 && frames) {
		void *area;
		uint32_t n;
		r = pcm_mmap_begin(&out, &area, &n);
		if (r == -EPIPE)                  /* underrun: say so, go on */
			r = pcm_recover(&out, r, 0);
		else if (r == 0 && n == 0)        /* ring full: sleep */
			r = pcm_wait(&out);
		else if (r == 0) {
			if (n > frames)
				n = frames;
			mixer_render(&mix, area, n);
			r = pcm_mmap_commit(&out, n);
			r = pcm_recover(&out, r, n);  /* an underrun meanwhile:
			                                 n stays, committed again */
			frames -= n;
		}
	}
	if (r == 0)
		r = pcm_drain(&out);               /* plays the partial period */
	pcm_close(&out);
	return r;
}
/* ---- end of the example ---- */

static void check_tone(uint32_t frames)
{
	struct fake_dev f;
	struct audio_caps pc = fake_caps_playback();
	fake_dev_init(&f, &pc, NULL);
	assert_int_equal(play_tone(&f.dev, fake_dev_block, &f, 997.0, frames), 0);
	assert_int_equal(f.violations, 0);
	assert_int_equal(f.d[0].silence_frames, 0);
	assert_int_equal(f.d[0].out_len, (size_t)frames * 4);

	static struct mixer ref;
	static struct mixer_voice ref_voices[4];
	mixer_init(&ref, ref_voices, 4, 44100);
	struct mixer_voice_params v = {
		.wave = OSC_SINE, .hz = 997.0, .gain = 0.5, .pan = 0.0,
		.env = {.attack = 441, .decay = 0, .sustain = 1.0f, .release = 441},
	};
	assert_true(mixer_voice_start(&ref, &v) >= 0);
	int16_t *want = malloc((size_t)frames * 4 + 4);
	assert_non_null(want);
	mixer_render(&ref, want, frames);
	assert_memory_equal(f.d[0].out, want, (size_t)frames * 4);
	/* Not trivially silent: 0.5 x the -3 dB centre pan = 11585 peak. */
	int peak = 0;
	for (uint32_t i = 0; i < 2 * frames; i++)
		if (abs(want[i]) > peak)
			peak = abs(want[i]);
	if (frames > 1000)
		assert_true(peak > 11000 && peak <= 11586);
	free(want);
	fake_dev_free(&f);
}

static void tone_whole_periods(void **state)
{
	(void)state;
	check_tone(1024 * 20);
}

static void tone_partial_period(void **state)
{
	(void)state;
	check_tone(44100 + 7);
}

static void tone_shorter_than_ring(void **state)
{
	(void)state;
	check_tone(1500); /* never reaches the start threshold: drain starts */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tone_whole_periods),
		cmocka_unit_test(tone_partial_period),
		cmocka_unit_test(tone_shorter_than_ring),
	};
	return cmocka_run_group_tests_name("pcm-example", tests, NULL, NULL);
}
