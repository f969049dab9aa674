/*
 * convert.h — static PCM in any supported format/rate/layout, played as the
 * device's 44.1 kHz stereo S16.
 *
 * Pipeline per frame: decode (S8, U8, S16, S24 packed, S32, float32, all
 * little-endian) to float in S16 units -> sample-rate conversion to 44100
 * -> channel mapping -> one rounding to S16 (nearest even, saturating).
 *
 * Decoding: S8 x*256, U8 (x-128)*256, S24 x/256, S32 x/65536 (rounded to a
 * float's 24 bits), float x*32768; NaN plays as 0, out-of-range saturates.
 *
 * Rate conversion: exact rational ratio L/M (e.g. 441/80 from 8 kHz,
 * 147/160 from 48 kHz) by a polyphase windowed-sinc filter: Kaiser window
 * (beta 9.6), CONV_TAPS input samples per phase when upsampling (more when
 * downsampling, so the filter scales with the output band), stopband from
 * the lower of the two Nyquist frequencies, each phase normalised to unity
 * DC gain.  Measured by tests/host/test_convert.c for every rate: stopband
 * (from the lower Nyquist frequency up) <= -97.0 dB, passband ripple
 * <= 0.0003 dB up to 80 % of the lower Nyquist frequency (3.2 kHz from
 * 8 kHz, 17.6 kHz from 48 kHz); a converted -0.9 dBFS float sine keeps
 * SINAD >= 96.4 dB at the S16 output.
 * 44100 Hz input bypasses the filter (bit-exact copy for S16).
 *
 * Channel mapping: stereo keeps L and R; mono goes to L, and to R scaled by
 * mono_r_gain (1.0 = plain mono; the pcm test program uses 0.5 so the two
 * channels differ and a swap cannot hide).
 */
#ifndef KOI_CONVERT_H
#define KOI_CONVERT_H

#include <stdint.h>

#include "audio/source.h"

enum conv_format {
	CONV_S8,
	CONV_U8,
	CONV_S16,
	CONV_S24,
	CONV_S32,
	CONV_F32,
	CONV_FORMAT_COUNT
};

const char *conv_format_name(enum conv_format f);
int conv_format_from_name(const char *name); /* -1 if unknown */
uint32_t conv_format_bytes(enum conv_format f);
/* Decode one sample (little-endian bytes) to float S16 units. */
float conv_decode(enum conv_format f, const uint8_t *p);
/* 0 if rate is one of 8000 11025 16000 22050 32000 44100 48000, else
 * -EINVAL. */
int conv_rate_supported(uint32_t rate);

#define CONV_TAPS 64u              /* per phase, upsampling */
#define CONV_MAX_TAPS 72u          /* 48 kHz -> 44.1 kHz needs 70 */
#define CONV_MAX_COEF (441u * CONV_TAPS) /* largest L * taps */

struct convert {
	struct koi_source src;
	const uint8_t *data;
	uint32_t frames_in, repeat;
	enum conv_format fmt;
	uint32_t channels, rate;
	float mono_r_gain;
	uint32_t L, M, taps;       /* ratio out/in = L/M; taps per phase */
	uint64_t total_in;         /* frames_in * repeat */
	uint64_t out_n, out_total; /* output frames done / to do */
	uint64_t in_i;             /* floor(out_n * M / L) */
	uint32_t phase;            /* (out_n * M) mod L */
	uint64_t pushed;           /* input frames pushed into the history */
	uint32_t hpos;
	float hist[2][2 * CONV_MAX_TAPS]; /* per channel, written twice */
	float coef[CONV_MAX_COEF];        /* [phase][tap] */
};

/* Play `frames` frames of data (interleaved if stereo), `repeat` times in a
 * row (the filter sees one continuous signal).  -EINVAL for an unsupported
 * format, rate, channel count, empty data or repeat 0. */
int convert_init(struct convert *c, const void *data, uint32_t frames,
		 enum conv_format fmt, uint32_t channels, uint32_t rate,
		 uint32_t repeat, double mono_r_gain);
/* Frames the source will produce in all: ceil(frames*repeat*L/M). */
uint64_t convert_out_frames(const struct convert *c);

/* Filter design parameters, exposed for the quality tests. */
double conv_kaiser_beta(void);
double conv_cutoff(uint32_t L, uint32_t M); /* cycles per input sample */

#endif /* KOI_CONVERT_H */
