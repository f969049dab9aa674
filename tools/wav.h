/* wav.h — writes the WAV files koi-render makes (RIFF, 44.1 kHz stereo
 * S16).  Header-only; little-endian on disk regardless of the host.
 * Reading is tools/wavread.c's job (any PCM or float WAV). */
#ifndef KOI_TOOLS_WAV_H
#define KOI_TOOLS_WAV_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void wav_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* Writes the 44-byte header for `frames` stereo S16 frames at 44.1 kHz. */
static inline int wav_write_header(FILE *f, uint32_t frames)
{
	uint8_t h[44];
	uint32_t data = frames * 4u;
	memcpy(h, "RIFF", 4); wav_put32(h + 4, 36u + data);
	memcpy(h + 8, "WAVEfmt ", 8); wav_put32(h + 16, 16);
	h[20] = 1; h[21] = 0; h[22] = 2; h[23] = 0;      /* PCM, 2 channels */
	wav_put32(h + 24, 44100); wav_put32(h + 28, 44100u * 4u);
	h[32] = 4; h[33] = 0; h[34] = 16; h[35] = 0;     /* block 4, 16 bits */
	memcpy(h + 36, "data", 4); wav_put32(h + 40, data);
	return fwrite(h, 1, sizeof h, f) == sizeof h ? 0 : -1;
}

#endif /* KOI_TOOLS_WAV_H */
