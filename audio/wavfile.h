/*
 * wavfile.h — WAV files (RIFF/WAVE): the header parser and the sample
 * reader that the firmware's `play` and koi-render share, and the header
 * that `record` writes.
 *
 * Pure: no allocation and no I/O of its own.  The file is reached through
 * the caller's read-at-offset function (struct wavfile_io), in pieces of at
 * most WAVFILE_CHUNK bytes, so a file larger than RAM plays and the
 * fuzzer (tests/fuzz/fuzz_wavfile.c) feeds it from memory.
 *
 * What plays: integer PCM of 8 (unsigned), 16, 24 or 32 bits and IEEE
 * float of 32 bits, 1 or 2 channels, at any rate from 1 Hz to
 * WAVFILE_MAX_RATE (the caller decides which rates it can convert), as
 * WAVE_FORMAT_PCM (1), WAVE_FORMAT_IEEE_FLOAT (3) or
 * WAVE_FORMAT_EXTENSIBLE (0xFFFE) with the PCM or float SubFormat.  Fewer
 * valid bits than the container (20 in 24, 24 in 32) play as the container
 * (the unused low bits are zero by the format's rule).
 *
 * The parser walks the chunk list from offset 12: it needs "fmt " before
 * "data", skips any other chunk (LIST, fact, JUNK, ...: at most
 * WAVFILE_MAX_CHUNKS of them), honours the pad byte of odd-sized chunks,
 * and stops at the data chunk.  The RIFF size field is not trusted (writers
 * often leave it wrong); the file's real size is.  A data chunk whose size
 * says more than the file holds is refused (WAVFILE_E_CHUNK_SIZE: a file
 * cut short, or a streamed one never finalised), as is any chunk that runs
 * past the end.  A trailing partial frame is ignored.
 */
#ifndef KOI_WAVFILE_H
#define KOI_WAVFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/format.h"

#define WAVFILE_CHUNK      8192u    /* bytes read at once */
#define WAVFILE_MAX_CHUNKS 64u      /* chunks before the data */
#define WAVFILE_MAX_RATE   384000u
#define WAVFILE_HEADER     44u      /* bytes of wavfile_header()'s header */

struct wavfile_io {
	/* Reads exactly n bytes (n <= WAVFILE_CHUNK) at off into buf: 0, or
	 * a negative errno (-EIO when the file holds fewer bytes there). */
	int (*read)(void *ctx, uint32_t off, void *buf, uint32_t n);
	void *ctx;
	uint32_t size; /* the file's length in bytes */
};

/* Why a file does not play.  wavfile_parse() returns one of these,
 * negated, or a negative errno from io->read (all below -4095 are ours). */
enum wavfile_error {
	WAVFILE_E_BASE = 4096,
	WAVFILE_E_NOT_WAV,    /* no "RIFF" ... "WAVE" at the start */
	WAVFILE_E_TRUNCATED,  /* the file ends inside the header */
	WAVFILE_E_CHUNK_SIZE, /* a chunk runs past the end of the file */
	WAVFILE_E_TOO_MANY,   /* more than WAVFILE_MAX_CHUNKS before the data */
	WAVFILE_E_NO_FMT,     /* no "fmt " chunk before the data */
	WAVFILE_E_FMT_TWICE,  /* two "fmt " chunks */
	WAVFILE_E_FMT_SHORT,  /* "fmt " too short for its format */
	WAVFILE_E_NO_DATA,    /* no "data" chunk */
	WAVFILE_E_ENCODING,   /* neither PCM nor float (ADPCM, mu-law ...) */
	WAVFILE_E_CHANNELS,   /* 0, or more than 2 */
	WAVFILE_E_RATE,       /* 0 or above WAVFILE_MAX_RATE */
	WAVFILE_E_BITS,       /* a sample size Koi does not decode */
	WAVFILE_E_BLOCK,      /* block align not channels x sample bytes */
	WAVFILE_E_EMPTY,      /* no whole frame of data */
	WAVFILE_E_END
};

struct wavfile_info {
	uint32_t rate, channels;
	enum sample_format format; /* how each sample decodes */
	uint32_t block_align;      /* bytes per frame */
	uint32_t bits;             /* container bits per sample */
	uint32_t valid_bits;       /* meaningful bits (EXTENSIBLE), else bits */
	uint32_t tag;              /* the format tag as found (0xFFFE for
	                              EXTENSIBLE) */
	uint32_t sub_tag;          /* the encoding: 1 PCM, 3 float (EXTENSIBLE:
	                              its SubFormat's) */
	uint32_t data_off, data_bytes; /* the samples: whole frames only */
	uint32_t frames;
	/* Where it went wrong, for the message: the chunk being read. */
	char chunk_id[5];
	uint32_t chunk_off, chunk_size;
};

/* Reads the header of the file behind io into info.  0, -WAVFILE_E_*, or
 * io->read's error.  info says as much as was found either way. */
int wavfile_parse(const struct wavfile_io *io, struct wavfile_info *info);
/* The -WAVFILE_E_* code in words, with info's details where they help
 * ("3 channels: Koi plays 1 or 2"), into buf (always terminated). */
void wavfile_strerror(int err, const struct wavfile_info *info, char *buf, uint32_t len);

/* Reads frames of a parsed file one chunk at a time, decoded to float in
 * S16 units (audio/convert.h: convert_decode), interleaved. */
struct wavfile_reader {
	const struct wavfile_io *io;
	struct wavfile_info info;
	uint32_t next;     /* next frame to decode */
	uint32_t buf_first, buf_frames; /* frames now in buf */
	uint8_t buf[WAVFILE_CHUNK];
};

void wavfile_reader_init(struct wavfile_reader *r, const struct wavfile_io *io,
			 const struct wavfile_info *info);
/* Up to max frames into out (channels floats each): how many (0 at the
 * end), or io->read's negative errno. */
int32_t wavfile_read(struct wavfile_reader *r, float *out, uint32_t max);

/* The canonical 44-byte header for `frames` frames in (rate, channels,
 * format): PCM (8-bit unsigned, 16, 24, 32) or IEEE float.  -EINVAL for a
 * format a WAV file cannot hold (signed 8-bit) or sizes past 4 GiB. */
int wavfile_header(uint8_t out[WAVFILE_HEADER], uint32_t rate, uint32_t channels,
		   enum sample_format format, uint32_t frames);

#endif /* KOI_WAVFILE_H */
