/* The definition of every built-in clip, shared by tools/gen_assets.c and
 * the host test that regenerates the clips (so it links without the data). */
#include "audio/assets.h"

#include <string.h>

#include "audio/dspmath.h"

uint32_t asset_frames(uint32_t rate)
{
	return rate / 100u;
}

/* Round half away from zero and clamp: the generator's quantiser. */
static int64_t quant(double v, double scale, int64_t lo, int64_t hi)
{
	double x = v * scale;
	int64_t q = x >= 0.0 ? (int64_t)(x + 0.5) : -(int64_t)(-x + 0.5);
	return q < lo ? lo : q > hi ? hi : q;
}

void asset_synth(enum sample_format fmt, uint32_t rate, uint32_t channels,
		 uint32_t frame, uint32_t ch, uint8_t *out)
{
	double t = (double)frame / (double)rate;
	double v;
	if (channels == 2)
		v = ch == 0 ? 0.8 * koi_sin(2.0 * KOI_PI * 400.0 * t)
			    : 0.5 * koi_sin(2.0 * KOI_PI * 700.0 * t);
	else
		v = 0.6 * koi_sin(2.0 * KOI_PI * 500.0 * t) +
		    0.25 * koi_sin(2.0 * KOI_PI * 1500.0 * t);
	uint32_t u = 0;
	switch (fmt) {
	case SAMPLE_S8:
		out[0] = (uint8_t)quant(v, 128.0, -128, 127);
		return;
	case SAMPLE_U8:
		out[0] = (uint8_t)(quant(v, 128.0, -128, 127) + 128);
		return;
	case SAMPLE_S16:
		u = (uint32_t)quant(v, 32768.0, -32768, 32767);
		break;
	case SAMPLE_S24:
		u = (uint32_t)quant(v, 8388608.0, -8388608, 8388607);
		break;
	case SAMPLE_S32:
		u = (uint32_t)quant(v, 2147483648.0, INT32_MIN, INT32_MAX);
		break;
	case SAMPLE_F32: {
		float f = (float)v;
		memcpy(&u, &f, sizeof u);
		break;
	}
	default:
		return;
	}
	for (uint32_t b = 0; b < sample_format_bytes(fmt); b++)
		out[b] = (uint8_t)(u >> (8 * b));
}
