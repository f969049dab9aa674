/*
 * wavfile.h — sound files (WAV, AU, raw): the header parser and the sample
 * reader that the firmware's `play` and koi-render share, and the header
 * that `record` writes.
 *
 * Pure: no allocation and no I/O of its own.  The file is reached through
 * the caller's read-at-offset function (struct wavfile_io), in pieces of at
 * most WAVFILE_CHUNK bytes, so a file larger than RAM plays and the
 * fuzzer (tests/fuzz/fuzz_wavfile.c) feeds it from memory.
 *
 * What plays (docs/audio.md, "WAV files", has the full contract):
 *  - encodings: integer PCM of 8 (unsigned) to 32 bits in containers of 1
 *    to 4 bytes (fewer valid bits than the container, as
 *    WAVE_FORMAT_EXTENSIBLE or a plain 12-bit header state them, play as
 *    the container: the unused low bits are zero by the format's rule),
 *    IEEE float of 32 and 64 bits, G.711 mu-law (tag 7) and A-law (tag 6),
 *    as plain tags or EXTENSIBLE SubFormats;
 *  - byte order: little-endian "RIFF" and big-endian "RIFX" (every header
 *    field and every sample big-endian);
 *  - other containers: Sun/NeXT AU (".snd", found by wavfile_parse() from
 *    the first bytes) and headerless samples (wavfile_parse_raw());
 *  - channels: any count whose frame fits in WAVFILE_CHUNK bytes; files of
 *    more than 2 are mixed down to stereo by the reader (the matrix below),
 *    or channels are picked by hand (struct wavfile_map);
 *  - rates: 1 Hz to WAVFILE_MAX_RATE (the caller decides which rates it
 *    can convert).
 * Compressed encodings (ADPCM, MP3, GSM ...) are refused by name
 * (WAVFILE_E_COMPRESSED), any other tag as unknown (WAVFILE_E_ENCODING).
 *
 * Decoding, to float in S16 units (as audio/convert.h's convert_decode):
 * U8 (x-128)*256, 16-bit x, 24-bit x/256, 32-bit x/65536 (rounded once to a
 * float's 24 bits), float x*32768 (64-bit rounded to float first), NaN as 0,
 * floats beyond +-2.0 clamped there; mu-law and A-law to G.711's 16-bit
 * linear values (+-32124 and +-32256), as sox and the ITU tables give them.
 *
 * Downmix of more than 2 channels to stereo: each channel is a speaker, by
 * the EXTENSIBLE channel mask (the k-th channel is the k-th bit set) or,
 * without a mask, by the usual layout of its count (3: L R C; 4: L R BL BR;
 * 5: L R C BL BR; 6: 5.1 L R C LFE BL BR; 7: L R C LFE BC SL SR; 8: 7.1
 * L R C LFE BL BR SL SR).  Speakers go to (left, right) by ITU-R BS.775:
 * front left/right (and their centre-side neighbours) 1 to their side; centre
 * 0.7071 to both; back and side left/right, and top left/right 0.7071 to
 * their side; back, top and top-front/back centre 0.5 to both; LFE nowhere.
 * A channel past the mask's bits or the layout goes to left if its number
 * (from 0) is even, right if odd, at 1.  Each output row is then divided by
 * the sum of its coefficients when that is above 1, so no output can exceed
 * the loudest input: the downmix never clips (5.1: L' = (L + 0.7071 C +
 * 0.7071 BL) / 2.4142).  Files of 1 or 2 channels pass through as they are.
 *
 * The parser walks the chunk list from offset 12: it needs "fmt " before
 * "data", skips any other chunk (LIST, fact, cue, bext, iXML, JUNK, ...:
 * at most WAVFILE_MAX_CHUNKS of them), honours the pad byte of odd-sized
 * chunks, and stops at the data chunk.  The RIFF size field is not trusted
 * (writers often leave it wrong); the file's real size is.  A chunk before
 * the data that runs past the end is refused (WAVFILE_E_CHUNK_SIZE).  A data
 * chunk that says more than the file holds (cut short), or that ends inside
 * a frame, plays its whole frames: info->missing says how many bytes the
 * last frame or the chunk lacks, and wavfile_warning() words it.  A data
 * size of 0xFFFFFFFF (a writer that could not seek back) means "to the end
 * of the file", without a warning.
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
	WAVFILE_E_ENCODING,   /* an unknown format tag or SubFormat */
	WAVFILE_E_CHANNELS,   /* 0, or a frame over WAVFILE_CHUNK bytes */
	WAVFILE_E_RATE,       /* 0 or above WAVFILE_MAX_RATE */
	WAVFILE_E_BITS,       /* a sample size Koi does not decode */
	WAVFILE_E_BLOCK,      /* block align not channels x sample bytes */
	WAVFILE_E_EMPTY,      /* no whole frame of data */
	WAVFILE_E_COMPRESSED, /* a compressed encoding Koi has no decoder for */
	WAVFILE_E_MAP,        /* a wavfile_map picks a channel the file lacks */
	WAVFILE_E_AU_HEADER,  /* an AU header offset inside the header or
	                         past the end of the file */
	WAVFILE_E_END
};

/* Where the samples are: a RIFF or RIFX WAVE file, a Sun/NeXT AU file
 * (".snd", big-endian; encodings 1 mu-law, 2..5 8..32-bit signed PCM, 6
 * and 7 float, 27 A-law; a data size of 0xFFFFFFFF runs to the end), or
 * headerless samples whose format the caller gives (wavfile_parse_raw). */
enum wavfile_container { WAVFILE_RIFF, WAVFILE_AU, WAVFILE_RAW };

/* How the samples are stored. */
enum wavfile_encoding {
	WAVFILE_PCM,   /* integer: unsigned in 1 byte, signed in 2..4 */
	WAVFILE_FLOAT, /* IEEE float, 4 or 8 bytes */
	WAVFILE_ULAW,  /* G.711 mu-law, 1 byte */
	WAVFILE_ALAW,  /* G.711 A-law, 1 byte */
};

struct wavfile_info {
	uint32_t rate, channels;
	enum wavfile_encoding encoding;
	uint32_t bytes;            /* container bytes per sample */
	enum wavfile_container container;
	bool big_endian;           /* RIFX, AU, a raw s16be ... */
	bool signed8;              /* 8-bit PCM is signed (AU, raw s8) */
	uint32_t channel_mask;     /* EXTENSIBLE's dwChannelMask, else 0 */
	/* The nearest format.h format, for tests and messages: U8, S16,
	 * S24, S32 for PCM by container, F32 for both floats, S16 for G.711. */
	enum sample_format format;
	uint32_t block_align;      /* bytes per frame */
	uint32_t bits;             /* container bits per sample */
	uint32_t valid_bits;       /* meaningful bits (EXTENSIBLE), else bits */
	uint32_t tag;              /* the format tag as found (0xFFFE for
	                              EXTENSIBLE) */
	uint32_t sub_tag;          /* the encoding: 1 PCM, 3 float, 6 A-law,
	                              7 mu-law (EXTENSIBLE: its SubFormat's) */
	uint32_t data_off, data_bytes; /* the samples: whole frames only */
	uint32_t frames;
	uint32_t declared;         /* the data chunk's size field */
	uint32_t held;             /* data bytes the file holds (of declared) */
	uint32_t missing;          /* bytes the data lacks: a chunk cut short
	                              or a last frame cut; 0 when whole */
	/* Where it went wrong, for the message: the chunk being read. */
	char chunk_id[5];
	uint32_t chunk_off, chunk_size;
};

/**
 * Reads the header of the file behind io into info.
 * @param io    the file
 * @param info  receives as much as was found, either way
 * @return 0, -WAVFILE_E_* (why it does not play), or io->read's error
 */
int wavfile_parse(const struct wavfile_io *io, struct wavfile_info *info);
/**
 * Headerless samples (play --raw): the rest of info is found as for a WAV
 * file (the whole file is the data; a last frame cut short is `missing`).
 * @param io    the file
 * @param info  the caller's: encoding, bytes, big_endian and signed8 as
 *              wavfile_raw_format() set them, then rate and channels
 * @return 0, or -WAVFILE_E_RATE, _CHANNELS, _EMPTY (these fields as
 *         given), or io's error
 */
int wavfile_parse_raw(const struct wavfile_io *io, struct wavfile_info *info);
/**
 * A raw sample format by name: u8 s8 s16 s24 s32 float float64
 * (little-endian), the same with "be" appended (s16be ...: big-endian),
 * mu-law, a-law.  WAVFILE_RAW_FORMATS lists them for messages.
 * @param name  the name
 * @param info  zeroed first, receives the format
 * @return 0
 * @retval -EINVAL  another name
 */
int wavfile_raw_format(const char *name, struct wavfile_info *info);
#define WAVFILE_RAW_FORMATS \
	"u8 s8 s16 s24 s32 float float64 s16be s24be s32be floatbe float64be mu-law a-law"
/**
 * The -WAVFILE_E_* code in words, with info's details where they help
 * ("MS ADPCM (0x0002) is compressed: ...").
 * @param err   what wavfile_parse() returned
 * @param info  what it found
 * @param buf   receives the words, always terminated
 * @param len   bytes in buf
 */
void wavfile_strerror(int err, const struct wavfile_info *info, char *buf, uint32_t len);
/**
 * What info->missing means, in words ("cut short: its 'data' chunk says
 * 4000 bytes, the file holds 3000: 1000 bytes missing; 750 whole frames
 * play"), or "" when nothing is missing.
 * @param info  what wavfile_parse() found
 * @param buf   receives the words, always terminated
 * @param len   bytes in buf
 */
void wavfile_warning(const struct wavfile_info *info, char *buf, uint32_t len);

/* Channels picked by hand (play --channels-map): output channel i is the
 * file's channel ch[i] (from 0).  n 0: the default (1 or 2 channels as
 * they are, more mixed down to stereo). */
#define WAVFILE_MAP_MAX 2u
struct wavfile_map {
	uint32_t n;
	uint32_t ch[WAVFILE_MAP_MAX];
};

/**
 * How many channels wavfile_read() gives for info under map.
 * @param info  what wavfile_parse() found
 * @param map   NULL: the default
 * @return 1 or 2; 0 if map picks a channel the file lacks
 */
uint32_t wavfile_out_channels(const struct wavfile_info *info, const struct wavfile_map *map);

/* Reads frames of a parsed file one chunk at a time, decoded to float in
 * S16 units, mixed or picked to wavfile_out_channels(), interleaved. */
#define WAVFILE_SPEAKERS 32u  /* channels placed by the mask or layout */
struct wavfile_reader {
	const struct wavfile_io *io;
	struct wavfile_info info;
	uint32_t out_channels;
	struct wavfile_map map;        /* n 0: the downmix (or as they are) */
	uint8_t speaker[WAVFILE_SPEAKERS]; /* the downmix: channel k's speaker */
	float gain[2];                 /* the downmix rows' scale */
	uint32_t next;     /* next frame to decode */
	uint32_t buf_first, buf_frames; /* frames now in buf */
	uint8_t buf[WAVFILE_CHUNK];
};

/**
 * Readies r for info's samples through io, channels as map says.
 * @param r     the reader
 * @param io    the file
 * @param info  what wavfile_parse() found
 * @param map   NULL: the default
 * @return 0, or -WAVFILE_E_MAP when map picks a channel the file lacks (r
 *         then reads nothing)
 */
int wavfile_reader_init(struct wavfile_reader *r, const struct wavfile_io *io,
			const struct wavfile_info *info, const struct wavfile_map *map);
/**
 * Reads up to max frames.
 * @param r    the reader
 * @param out  room for max frames of out_channels floats each
 * @param max  frames wanted
 * @return how many (0 at the end), or io->read's negative errno
 */
int32_t wavfile_read(struct wavfile_reader *r, float *out, uint32_t max);
/**
 * The downmix's coefficient, scale included: what wavfile_read() applies
 * (for tests and docs).
 * @param r     the reader
 * @param ch    the file's channel, from 0
 * @param side  output side: 0 left, 1 right
 * @return the coefficient
 */
float wavfile_downmix_coef(const struct wavfile_reader *r, uint32_t ch, uint32_t side);

/**
 * The canonical 44-byte header: PCM (8-bit unsigned, 16, 24, 32) or IEEE
 * float.
 * @param out       receives it
 * @param rate      frames per second
 * @param channels  samples per frame
 * @param format    the sample format
 * @param frames    frames that follow
 * @return 0
 * @retval -EINVAL  a format a WAV file cannot hold (signed 8-bit) or sizes
 *                  past 4 GiB
 */
int wavfile_header(uint8_t out[WAVFILE_HEADER], uint32_t rate, uint32_t channels,
		   enum sample_format format, uint32_t frames);

#endif /* KOI_WAVFILE_H */
