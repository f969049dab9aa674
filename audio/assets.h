/*
 * assets.h — short PCM clips built into the image, one for every
 * combination of sample format (format.h), rate (8000 ... 48000) and
 * channel count (1, 2): the material of the `pcm` test program.
 *
 * Each clip lasts 10 ms (rate / 100 frames, 110 at 11025 Hz).  Stereo clips
 * carry a 400 Hz sine at 0.8 on L and a 700 Hz sine at 0.5 on R; mono clips
 * 500 Hz at 0.6 plus 1500 Hz at 0.25.  The data (build/gen/assets_data.c)
 * is generated at build time by tools/gen_assets.c from asset_synth()
 * below and never committed; a host test regenerates every byte and
 * compares.  Only the images that play the pcm program link it.
 */
#ifndef KOI_ASSETS_H
#define KOI_ASSETS_H

#include <stdint.h>

#include "lib/format.h"

struct koi_asset {
	uint8_t fmt;      /* enum sample_format */
	uint8_t channels;
	uint32_t rate;
	uint32_t frames;
	const uint8_t *data; /* little-endian, interleaved */
};

extern const struct koi_asset koi_assets[];
extern const uint32_t koi_asset_count;

/**
 * The built-in clip of a format.
 * @param fmt       sample format
 * @param rate      frames per second
 * @param channels  samples per frame
 * @return the clip, NULL if there is no such clip
 */
const struct koi_asset *asset_find(enum sample_format fmt, uint32_t rate,
				   uint32_t channels);

/* The definition of every clip: frame count, and the bytes of sample
 * (frame, ch). */
/**
 * A clip's length.
 * @param rate  frames per second
 * @return its frames
 */
uint32_t asset_frames(uint32_t rate);
/**
 * The bytes of one sample of a clip.
 * @param fmt       sample format
 * @param rate      frames per second
 * @param channels  samples per frame
 * @param frame     which frame
 * @param ch        which channel
 * @param out       receives sample_format_bytes(fmt) bytes
 */
void asset_synth(enum sample_format fmt, uint32_t rate, uint32_t channels,
		 uint32_t frame, uint32_t ch, uint8_t *out);

#endif /* KOI_ASSETS_H */
