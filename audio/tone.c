/* An oscillator as a source; see tone.h. */
#include "audio/tone.h"

#include <errno.h>
#include <string.h>

#include "audio/dspmath.h"

static uint32_t tone_render(struct koi_source *src, int16_t *out, uint32_t frames)
{
	struct tone *t = (struct tone *)src;
	uint32_t n = frames < t->left ? frames : t->left;
	t->left -= n;
	if (src->channels == 2 && osc_can_mix(&t->osc)) {
		/* The same samples as below, without the float buffer. */
		osc_tone(&t->osc, out, n, t->k);
		return n;
	}
	for (uint32_t done = 0; done < n;) {
		uint32_t b = n - done < TONE_BLOCK ? n - done : TONE_BLOCK;
		osc_render(&t->osc, t->buf, b);
		if (src->channels == 2) {
			const int32_t kl = t->k[0], kr = t->k[1];
			for (uint32_t i = 0; i < b; i++) {
				/* Rounding to nearest even is symmetric: -s fits. */
				int32_t s = koi_f2s16(t->buf[i]);
				out[2 * i] = (int16_t)(s * kl);
				out[2 * i + 1] = (int16_t)(s * kr);
			}
		} else {
			for (uint32_t i = 0; i < b; i++)
				out[i] = koi_f2s16(t->buf[i]);
		}
		out += src->channels * b;
		done += b;
	}
	return n;
}

int tone_init(struct tone *t, uint32_t rate, uint32_t channels, enum osc_wave wave,
	      double hz, double gain, double seconds)
{
	if ((unsigned)wave >= OSC_WAVE_COUNT || (channels != 1 && channels != 2) ||
	    !(hz > 0.0 && hz < rate / 2.0) || !(seconds > 0.0 && seconds <= 3600.0) ||
	    !(gain >= 0.0 && gain <= 1.0))
		return -EINVAL;
	memset(t, 0, sizeof *t);
	t->src.render = tone_render;
	t->src.name = "tone";
	t->src.rate = rate;
	t->src.channels = channels;
	(void)tone_set_layout(t, TONE_INVERTED);
	/* Never more than 32767: -L then always fits in S16. */
	osc_init(&t->osc, wave, hz, rate, gain, 0x1234567u);
	t->left = (uint32_t)(seconds * (double)rate + 0.5);
	return 0;
}

int tone_set_layout(struct tone *t, enum tone_layout layout)
{
	if ((unsigned)layout >= TONE_LAYOUT_COUNT)
		return -EINVAL;
	/* Each channel's factor on the sample (osc_tone). */
	static const int16_t k[TONE_LAYOUT_COUNT][2] = {
		[TONE_INVERTED] = {1, -1}, [TONE_BOTH] = {1, 1},
		[TONE_LEFT] = {1, 0},      [TONE_RIGHT] = {0, 1},
	};
	t->layout = layout;
	t->k[0] = k[layout][0];
	t->k[1] = k[layout][1];
	return 0;
}

static const char *const layout_names[TONE_LAYOUT_COUNT] = {"inverted", "both", "left",
							    "right"};

const char *tone_layout_name(enum tone_layout layout)
{
	return (unsigned)layout < TONE_LAYOUT_COUNT ? layout_names[layout] : "?";
}

int tone_layout_from_name(const char *name)
{
	for (int i = 0; i < TONE_LAYOUT_COUNT; i++)
		if (strcmp(name, layout_names[i]) == 0)
			return i;
	return -1;
}
