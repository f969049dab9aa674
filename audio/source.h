/*
 * source.h — anything that produces sound for the device.
 *
 * A source renders interleaved stereo S16 frames (L, R) at 44.1 kHz, the
 * goldfish device's own format.  render() writes up to `frames` frames and
 * returns how many it wrote; fewer than asked means the source has ended
 * (and every later call returns 0).  Sources never touch hardware and never
 * block; the PCM layer or the host renderer decides where the frames go.
 *
 * Implementations embed struct koi_source as their first member.
 */
#ifndef KOI_SOURCE_H
#define KOI_SOURCE_H

#include <stdint.h>

struct koi_source {
	uint32_t (*render)(struct koi_source *self, int16_t *lr, uint32_t frames);
	const char *name; /* short description for summaries */
};

static inline uint32_t source_render(struct koi_source *s, int16_t *lr,
				     uint32_t frames)
{
	return s->render(s, lr, frames);
}

#endif /* KOI_SOURCE_H */
