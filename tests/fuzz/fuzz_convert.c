/*
 * libFuzzer target: the format and rate converter (audio/convert.h), i.e.
 * PCM data of any format, rate, channel count and content, played at any
 * output rate and channel count.  The first seven bytes choose the
 * parameters (including unsupported ones, which must be refused with
 * -EINVAL); the rest is the sample data.  An accepted clip must produce
 * exactly convert_out_frames() frames, then end; its samples encoded for
 * every device format must decode back within the format's precision.
 * UBSan checks the float-to-integer conversions on NaN, infinities and
 * huge values.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audio/convert.h"

#define MAX_DATA 1024u
static const uint32_t rates[] = {8000, 11025, 16000, 22050, 32000, 44100, 48000,
				 0, 7999, 96000, 44101, UINT32_MAX};
/* Room for the largest filter (up to 512 KiB of coefficients). */
#define CONV_BYTES (sizeof(struct convert) + CONVERT_MAX_COEF * sizeof(float))
static struct convert *conv;
static uint8_t clip[MAX_DATA];
static int16_t out[2 * 1024];
static uint8_t enc[4 * 2 * 1024];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 7)
		return 0;
	if (!conv && !(conv = malloc(CONV_BYTES)))
		abort();
	uint32_t fmt = data[0] % (SAMPLE_FORMAT_COUNT + 2u); /* 2 unknown ones */
	uint32_t channels = data[1] % 4u;                   /* 0 and 3 refused */
	uint32_t rate = rates[data[2] % (sizeof rates / sizeof rates[0])];
	uint32_t repeat = data[3] % 3u;                     /* 0 refused */
	uint32_t chunk = data[4] % 200u + 1u;
	double gain = ((int)data[5] - 128) / 100.0;         /* beyond +-1 refused */
	uint32_t out_rate = rates[(data[6] >> 2) % (sizeof rates / sizeof rates[0])];
	uint32_t out_ch = data[6] & 3u;                     /* 0 and 3 refused */
	data += 7;
	size -= 7;
	if (size > MAX_DATA)
		size = MAX_DATA;
	memcpy(clip, data, size); /* the converter keeps a pointer */

	/* Every decoder on every position of the data. */
	for (uint32_t f = 0; f < SAMPLE_FORMAT_COUNT; f++) {
		uint32_t b = sample_format_bytes(f);
		for (size_t i = 0; i + b <= size; i += b) {
			float v = convert_decode(f, clip + i);
			if (!(v >= -65536.0f && v <= 65536.0f))
				abort(); /* NaN decodes as 0; nothing beyond 2x full scale */
		}
	}

	uint32_t fb = fmt < SAMPLE_FORMAT_COUNT ? sample_format_bytes(fmt) : 1u;
	uint32_t frame = fb * (channels ? channels : 1u);
	uint32_t frames = (uint32_t)(size / frame);
	int r = convert_init(conv, CONV_BYTES, clip, frames, (enum sample_format)fmt, channels,
			     rate, repeat, out_rate, out_ch, gain);
	bool valid = fmt < SAMPLE_FORMAT_COUNT && (channels == 1 || channels == 2) &&
		     convert_rate_supported(rate) == 0 && repeat > 0 && frames > 0 &&
		     gain >= -1.0 && gain <= 1.0 && (out_ch == 1 || out_ch == 2) &&
		     convert_size(rate, out_rate) != 0;
	if (!valid) {
		if (r != -EINVAL)
			abort();
		return 0;
	}
	if (r)
		abort();
	uint64_t want = convert_out_frames(conv), got = 0;
	for (;;) {
		uint32_t n = source_render(&conv->src, out, chunk);
		if (n > chunk)
			abort();
		got += n;
		/* Each device format holds the samples (8 bits: the top byte). */
		for (uint32_t f = 0; f < SAMPLE_FORMAT_COUNT; f++) {
			uint32_t b = sample_format_bytes(f);
			convert_encode(f, out, n * out_ch, enc);
			for (uint32_t i = 0; i < n * out_ch; i++) {
				float v = convert_decode(f, enc + i * b);
				float w = (float)(b == 1 ? ((int32_t)out[i] + 32768) / 256 * 256 - 32768 : out[i]);
				if (v != w)
					abort();
			}
		}
		if (n < chunk)
			break;
	}
	if (got != want || source_render(&conv->src, out, chunk) != 0)
		abort();
	return 0;
}
