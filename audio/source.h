/*
 * source.h — anything that produces sound for the device.
 *
 * A source renders interleaved S16 frames, `channels` samples each (L, R
 * for stereo), at `rate` frames per second: its native format, fixed when
 * it is built.  Programs build theirs at the stream's rate (app/program.h);
 * where the channel count (or rate) still differs from the stream's, a
 * converter (convert.h) sits between the source and the device.
 *
 * render() writes up to `frames` frames and returns how many it wrote;
 * fewer than asked means the source has ended (and every later call
 * returns 0).  Sources never touch hardware; the PCM layer or the host
 * renderer decides where the frames go.
 *
 * render_float() is optional (NULL: the source's sound is S16 by nature):
 * the same frames render() would give, as float S16 units before their
 * rounding to S16.  A source has one when the last thing it does is float
 * arithmetic, the rate converter's filter above all (convert.h), and the
 * stages after it (the play program, the volume stage) pass it on.  A
 * device whose samples are float gets them (convert_render_as()), so the
 * filter is not hidden behind a 16-bit rounding there.  Both calls
 * advance the same state.
 *
 * Implementations embed struct koi_source as their first member.
 */
#ifndef KOI_SOURCE_H
#define KOI_SOURCE_H

#include <stdint.h>

struct koi_source {
	uint32_t (*render)(struct koi_source *self, int16_t *out, uint32_t frames);
	const char *name;  /* short description for summaries */
	uint32_t rate;     /* frames per second */
	uint32_t channels; /* samples per frame: 1 or 2 */
	uint32_t (*render_float)(struct koi_source *self, float *out, uint32_t frames);
};

/**
 * Renders the next frames of s (its rate and channels, S16 interleaved).
 * @param s       the source
 * @param out     room for frames * s->channels samples
 * @param frames  frames wanted
 * @return frames rendered: fewer than asked only at the end of the sound,
 *         then 0
 */
static inline uint32_t source_render(struct koi_source *s, int16_t *out,
				     uint32_t frames)
{
	return s->render(s, out, frames);
}

#endif /* KOI_SOURCE_H */
