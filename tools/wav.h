/* wav.h — minimal WAV (RIFF) writing in any of Koi's sample formats, and
 * reading of PCM S16, for the host tools.  Header-only; little-endian on disk regardless of the host. */
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

static inline uint32_t wav_get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Writes the 44-byte header for `frames` frames of `channels` samples of
 * `bits` bits at `rate`: integer PCM (format 1; 8-bit WAV is unsigned), or
 * IEEE float (format 3) when is_float. */
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

/* Reads a stereo S16 WAV of any rate into *lr (malloc'ed, interleaved)
 * and its rate into *rate.  On error returns -1 with a message in err.  A
 * data chunk longer than the file (a capture cut short) is read as far as
 * it goes. */
static inline int wav_read_s16(const char *path, int16_t **lr, uint32_t *frames,
			       uint32_t *rate, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open", path);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (size < 12 || size > (1L << 31)) {
		fclose(f);
		snprintf(err, errlen, "%s: not a WAV file", path);
		return -1;
	}
	uint8_t *b = malloc((size_t)size);
	if (!b || fread(b, 1, (size_t)size, f) != (size_t)size) {
		free(b);
		fclose(f);
		snprintf(err, errlen, "%s: read error", path);
		return -1;
	}
	fclose(f);
	int ok_fmt = 0;
	if (memcmp(b, "RIFF", 4) || memcmp(b + 8, "WAVE", 4)) {
		free(b);
		snprintf(err, errlen, "%s: not a RIFF/WAVE file", path);
		return -1;
	}
	for (long off = 12; off + 8 <= size;) {
		uint32_t len = wav_get32(b + off + 4);
		const uint8_t *c = b + off + 8;
		long avail = size - off - 8;
		if (!memcmp(b + off, "fmt ", 4) && len >= 16 && avail >= 16) {
			uint32_t fmt = c[0] | c[1] << 8, ch = c[2] | c[3] << 8;
			uint32_t hz = wav_get32(c + 4), bits = c[14] | c[15] << 8;
			if ((fmt != 1 && fmt != 0xfffe) || ch != 2 || hz == 0 || bits != 16) {
				free(b);
				snprintf(err, errlen,
					 "%s: need stereo 16-bit PCM (got format %u, %u ch, %u Hz, %u bits)",
					 path, fmt, ch, hz, bits);
				return -1;
			}
			*rate = hz;
			ok_fmt = 1;
		} else if (!memcmp(b + off, "data", 4)) {
			if (!ok_fmt) {
				free(b);
				snprintf(err, errlen, "%s: data before fmt chunk", path);
				return -1;
			}
			uint32_t n = (uint32_t)((long)len < avail ? (long)len : avail) / 4u;
			int16_t *s = malloc((size_t)n * 4u + 4u);
			if (!s) {
				free(b);
				snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			for (uint32_t i = 0; i < 2u * n; i++)
				s[i] = (int16_t)(uint16_t)(c[2 * i] | c[2 * i + 1] << 8);
			free(b);
			*lr = s;
			*frames = n;
			return 0;
		}
		off += 8 + (long)len + (len & 1);
	}
	free(b);
	snprintf(err, errlen, "%s: no data chunk", path);
	return -1;
}

#endif /* KOI_TOOLS_WAV_H */
