/* wav.h — minimal WAV (RIFF) writing in any of Koi's sample formats, for
 * the host tools.  Header-only; little-endian on disk regardless of the
 * host.  Reading is tools/wavread.c's job (any PCM or float WAV). */
#ifndef KOI_TOOLS_WAV_H
#define KOI_TOOLS_WAV_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/**
 * Stores a 32-bit little-endian word.
 * @param p  4 bytes
 * @param v  the word
 */
static inline void wav_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/**
 * Writes the 44-byte header: integer PCM (format 1; 8-bit WAV is
 * unsigned), or IEEE float (format 3) when is_float.
 * @param f         the file, at its start
 * @param frames    frames that follow
 * @param rate      frames per second
 * @param channels  samples per frame
 * @param bits      bits per sample
 * @param is_float  nonzero for IEEE float
 * @return 0, or -1 if the write failed
 */
static inline int wav_write_header(FILE *f, uint32_t frames, uint32_t rate,
				   uint32_t channels, uint32_t bits, int is_float)
{
	uint8_t h[44];
	uint32_t block = channels * bits / 8u, data = frames * block;
	memcpy(h, "RIFF", 4); wav_put32(h + 4, 36u + data);
	memcpy(h + 8, "WAVEfmt ", 8); wav_put32(h + 16, 16);
	h[20] = is_float ? 3 : 1; h[21] = 0;
	h[22] = (uint8_t)channels; h[23] = 0;
	wav_put32(h + 24, rate); wav_put32(h + 28, rate * block);
	h[32] = (uint8_t)block; h[33] = 0; h[34] = (uint8_t)bits; h[35] = 0;
	memcpy(h + 36, "data", 4); wav_put32(h + 40, data);
	return fwrite(h, 1, sizeof h, f) == sizeof h ? 0 : -1;
}

#endif /* KOI_TOOLS_WAV_H */
