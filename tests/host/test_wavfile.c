/*
 * The WAV parser and reader (audio/wavfile.h) on files built in memory:
 * every format it plays (8/16/24/32-bit PCM, float, EXTENSIBLE, mono and
 * stereo, chunks before and after fmt, odd-sized chunks), every refusal
 * with its message (truncated header, zero or three channels, huge chunk
 * sizes, ADPCM, 64-bit float, a bad block align, no fmt, no data), the
 * samples decoded exactly, read in pieces no larger than WAVFILE_CHUNK,
 * and the header that record writes read back.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "audio/convert.h"
#include "audio/wavfile.h"

/* ---- files in memory ---- */

struct mem {
	uint8_t b[1 << 16];
	uint32_t n;
	uint32_t reads, largest;
};

static struct mem f;

static int mem_read(void *ctx, uint32_t off, void *buf, uint32_t n)
{
	struct mem *m = ctx;
	m->reads++;
	if (n > m->largest)
		m->largest = n;
	if (n > WAVFILE_CHUNK)
		fail_msg("read of %u bytes: more than a chunk", n);
	if (off > m->n || n > m->n - off)
		return -EIO;
	memcpy(buf, m->b + off, n);
	return 0;
}

static void put(const void *p, uint32_t n)
{
	memcpy(f.b + f.n, p, n);
	f.n += n;
}

static void put16(uint32_t v)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	put(b, 2);
}

static void put32(uint32_t v)
{
	put16(v & 0xffffu);
	put16(v >> 16);
}

static void chunk(const char *id, uint32_t size)
{
	put(id, 4);
	put32(size);
}

static void riff(void)
{
	f.n = 0;
	chunk("RIFF", 0); /* never trusted: left 0 on purpose */
	put("WAVE", 4);
}

static void fmt_chunk(uint32_t tag, uint32_t ch, uint32_t rate, uint32_t bits, uint32_t block)
{
	chunk("fmt ", 16);
	put16(tag);
	put16(ch);
	put32(rate);
	put32(rate * block);
	put16(block);
	put16(bits);
}

static void fmt_ext(uint32_t sub, uint32_t ch, uint32_t rate, uint32_t bits, uint32_t valid)
{
	static const uint8_t tail[12] = {0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
					 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};
	uint32_t block = ch * bits / 8;
	chunk("fmt ", 40);
	put16(0xfffe);
	put16(ch);
	put32(rate);
	put32(rate * block);
	put16(block);
	put16(bits);
	put16(22);
	put16(valid);
	put32(ch == 1 ? 4 : 3); /* channel mask */
	put16(sub);
	put16(0);
	put(tail, sizeof tail);
}

static struct wavfile_io io(void)
{
	return (struct wavfile_io){mem_read, &f, f.n};
}

static int parse(struct wavfile_info *info)
{
	struct wavfile_io i = io();
	return wavfile_parse(&i, info);
}

static const char *why(int e, const struct wavfile_info *info)
{
	static char b[200];
	wavfile_strerror(e, info, b, sizeof b);
	return b;
}

/* ---- cases ---- */

static void formats(void **state)
{
	(void)state;
	static const struct {
		uint32_t tag, ch, bits, valid;
		enum sample_format want;
	} cases[] = {
		{1, 1, 8, 8, SAMPLE_U8},     {1, 2, 16, 16, SAMPLE_S16},
		{1, 1, 24, 24, SAMPLE_S24},  {1, 2, 32, 32, SAMPLE_S32},
		{3, 2, 32, 32, SAMPLE_F32},  {1, 1, 12, 12, SAMPLE_S16}, /* 12 bits in 2 bytes */
		{0xfffe, 2, 16, 16, SAMPLE_S16}, {0xfffe, 2, 24, 20, SAMPLE_S24},
		{0xfffe, 1, 32, 24, SAMPLE_S32}, {0xfffe, 2, 32, 0, SAMPLE_S32},
		{0xfffe + 3, 2, 32, 32, SAMPLE_F32}, /* EXTENSIBLE float */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const uint32_t ch = cases[i].ch, bytes = (cases[i].bits + 7) / 8;
		riff();
		chunk("LIST", 5); /* odd: a pad byte follows */
		put("abcde\0", 6);
		if (cases[i].tag >= 0xfffe)
			fmt_ext(cases[i].tag == 0xfffe ? 1 : 3, ch, 48000, cases[i].bits,
				cases[i].valid);
		else
			fmt_chunk(cases[i].tag, ch, 48000, cases[i].bits, ch * bytes);
		chunk("fact", 4);
		put32(3);
		const uint32_t partial = ch * bytes > 1; /* and a partial frame */
		chunk("data", 3 * ch * bytes + partial);
		for (uint32_t k = 0; k < 3 * ch * bytes + partial; k++)
			put("\x11", 1);
		struct wavfile_info info;
		int r = parse(&info);
		if (r)
			fail_msg("case %zu: %s", i, why(r, &info));
		assert_int_equal(info.format, cases[i].want);
		assert_int_equal(info.channels, ch);
		assert_int_equal(info.rate, 48000);
		if (info.frames != 3)
			fail_msg("case %zu: %u frames", i, info.frames);
		assert_int_equal(info.data_bytes, 3 * ch * bytes);
		assert_int_equal(info.sub_tag, cases[i].tag == 3 || cases[i].tag == 0xfffe + 3 ? 3 : 1);
	}
}

/* The samples come back as convert_decode makes them, in order, whatever
 * the size of the pieces asked for, and in reads of at most a chunk. */
static void samples(void **state)
{
	(void)state;
	const uint32_t frames = 5000; /* 20 kB of s16 stereo: several chunks */
	riff();
	fmt_chunk(1, 2, 44100, 16, 4);
	chunk("data", frames * 4);
	for (uint32_t i = 0; i < frames; i++) {
		put16((uint16_t)(i * 7u));
		put16((uint16_t)(0x8000u + i));
	}
	struct wavfile_info info;
	assert_int_equal(parse(&info), 0);
	struct wavfile_io i = io();
	static struct wavfile_reader rd;
	wavfile_reader_init(&rd, &i, &info, NULL);
	f.reads = f.largest = 0;
	static float out[2 * 5000];
	uint32_t got = 0;
	for (uint32_t ask = 1; got < frames; ask = ask * 3 % 1000 + 1) {
		int32_t n = wavfile_read(&rd, out + 2 * got, ask);
		assert_true(n > 0);
		got += (uint32_t)n;
	}
	assert_int_equal(wavfile_read(&rd, out, 10), 0);
	for (uint32_t k = 0; k < frames; k++) {
		assert_true(out[2 * k] == (float)(int16_t)(uint16_t)(k * 7u));
		assert_true(out[2 * k + 1] == (float)(int16_t)(uint16_t)(0x8000u + k));
	}
	printf("# %u frames in %u reads, the largest %u bytes\n", frames, f.reads, f.largest);
	assert_true(f.largest <= WAVFILE_CHUNK);
	assert_true(f.reads == (frames * 4 + WAVFILE_CHUNK - 1) / WAVFILE_CHUNK);
	/* 24-bit and float decode as the converter decodes them */
	riff();
	fmt_chunk(1, 1, 8000, 24, 3);
	chunk("data", 6);
	put("\x00\x00\x80\xff\xff\x7f", 6);
	assert_int_equal(parse(&info), 0);
	i = io();
	wavfile_reader_init(&rd, &i, &info, NULL);
	assert_int_equal(wavfile_read(&rd, out, 4), 2);
	assert_true(out[0] == -32768.0f && out[1] == 32767.99609375f);
}

static void refusals(void **state)
{
	(void)state;
	struct wavfile_info info;
	/* not a WAV at all, and cut inside the header */
	f.n = 0;
	put("hello world, this is text", 25);
	assert_int_equal(parse(&info), -WAVFILE_E_NOT_WAV);
	assert_string_equal(why(-WAVFILE_E_NOT_WAV, &info),
			    "not a WAV file (no RIFF/WAVE or RIFX/WAVE header)");
	f.n = 0;
	put("RIFF\0\0", 6);
	assert_int_equal(parse(&info), -WAVFILE_E_TRUNCATED);
	f.n = 0;
	assert_int_equal(parse(&info), -WAVFILE_E_NOT_WAV); /* empty file */
	riff();
	assert_int_equal(parse(&info), -WAVFILE_E_NO_FMT); /* 12 bytes */
	riff();
	fmt_chunk(1, 2, 44100, 16, 4);
	put("data", 4); /* a chunk header cut in half */
	assert_int_equal(parse(&info), -WAVFILE_E_NO_DATA);
	/* the fmt chunk cut short */
	riff();
	fmt_chunk(1, 2, 44100, 16, 4);
	f.n -= 4;
	assert_int_equal(parse(&info), -WAVFILE_E_CHUNK_SIZE);
	assert_string_equal(why(-WAVFILE_E_CHUNK_SIZE, &info),
			    "chunk 'fmt ' at byte 12 says 16 bytes, more than the file holds "
			    "(cut short, or never finished)");
	/* a huge chunk before the data */
	riff();
	chunk("LIST", 0xfffffff0u);
	fmt_chunk(1, 2, 44100, 16, 4);
	assert_int_equal(parse(&info), -WAVFILE_E_CHUNK_SIZE);
}

/* Formats Koi does not play, each in its own words. */
static void refusals_format(void **state)
{
	(void)state;
	struct wavfile_info info;
	/* zero channels, and a frame larger than the reader's buffer */
	riff();
	fmt_chunk(1, 0, 44100, 16, 0);
	chunk("data", 4);
	put32(0);
	assert_int_equal(parse(&info), -WAVFILE_E_CHANNELS);
	assert_string_equal(why(-WAVFILE_E_CHANNELS, &info), "0 channels (a broken header)");
	riff();
	fmt_chunk(1, 4097, 44100, 16, 8194);
	assert_int_equal(parse(&info), -WAVFILE_E_CHANNELS);
	assert_string_equal(why(-WAVFILE_E_CHANNELS, &info),
			    "4097 channels: a frame over 8192 bytes, more than Koi reads at once");
	/* encodings and sizes Koi does not decode */
	riff();
	fmt_chunk(2, 1, 44100, 4, 256); /* MS ADPCM */
	assert_int_equal(parse(&info), -WAVFILE_E_COMPRESSED);
	assert_string_equal(why(-WAVFILE_E_COMPRESSED, &info),
			    "MS ADPCM (format 0x0002) is compressed: Koi has no decoder for it; "
			    "convert it to PCM first (sox IN -e signed-integer OUT.wav)");
	riff();
	fmt_chunk(0x55, 2, 44100, 0, 1); /* MP3 */
	assert_int_equal(parse(&info), -WAVFILE_E_COMPRESSED);
	riff();
	fmt_chunk(0x1234, 1, 44100, 16, 2);
	assert_int_equal(parse(&info), -WAVFILE_E_ENCODING);
	assert_string_equal(why(-WAVFILE_E_ENCODING, &info),
			    "unknown encoding (format 0x1234): Koi plays PCM, float, mu-law and A-law");
	riff();
	fmt_chunk(3, 2, 44100, 16, 4);
	assert_int_equal(parse(&info), -WAVFILE_E_BITS);
	assert_string_equal(why(-WAVFILE_E_BITS, &info),
			    "16-bit float: Koi plays 8- to 32-bit PCM, 32- and 64-bit float, 8-bit "
			    "mu-law and A-law");
	riff();
	fmt_chunk(7, 1, 8000, 16, 2);
	assert_int_equal(parse(&info), -WAVFILE_E_BITS);
	riff();
	fmt_chunk(1, 2, 44100, 40, 10);
	assert_int_equal(parse(&info), -WAVFILE_E_BITS);
	riff();
	fmt_ext(1, 2, 44100, 16, 24); /* more valid bits than the container */
	assert_int_equal(parse(&info), -WAVFILE_E_BITS);
	riff();
	fmt_chunk(1, 2, 44100, 16, 6);
	assert_int_equal(parse(&info), -WAVFILE_E_BLOCK);
	assert_string_equal(why(-WAVFILE_E_BLOCK, &info),
			    "a frame of 6 bytes does not fit 2 channels of 16 bits");
	riff();
	fmt_chunk(1, 2, 0, 16, 4);
	assert_int_equal(parse(&info), -WAVFILE_E_RATE);
	riff();
	fmt_chunk(1, 2, 768000, 16, 4);
	assert_int_equal(parse(&info), -WAVFILE_E_RATE);
}

static void refusals_structure(void **state)
{
	(void)state;
	struct wavfile_info info;
	/* structure: fmt short, twice, data first, no data, empty data */
	riff();
	chunk("fmt ", 14);
	put("\x01\x00\x02\x00\x44\xac\x00\x00\x10\xb1\x02\x00\x04\x00", 14);
	chunk("data", 0);
	assert_int_equal(parse(&info), -WAVFILE_E_FMT_SHORT);
	riff();
	fmt_chunk(1, 2, 44100, 16, 4);
	fmt_chunk(1, 2, 44100, 16, 4);
	assert_int_equal(parse(&info), -WAVFILE_E_FMT_TWICE);
	riff();
	chunk("data", 4);
	put32(0);
	fmt_chunk(1, 2, 44100, 16, 4);
	assert_int_equal(parse(&info), -WAVFILE_E_NO_FMT);
	riff();
	fmt_chunk(1, 2, 44100, 16, 4);
	chunk("LIST", 3);
	put("abc", 3); /* the pad byte is missing: the walk ends there */
	assert_int_equal(parse(&info), -WAVFILE_E_NO_DATA);
	riff();
	fmt_chunk(1, 2, 44100, 16, 4);
	chunk("data", 3);
	put("abc", 3);
	assert_int_equal(parse(&info), -WAVFILE_E_EMPTY);
	riff();
	fmt_chunk(1, 2, 44100, 16, 4);
	chunk("data", 4000);
	put("abc", 3); /* cut short inside the first frame */
	assert_int_equal(parse(&info), -WAVFILE_E_EMPTY);
	/* a vendor's EXTENSIBLE SubFormat */
	riff();
	fmt_ext(1, 2, 44100, 16, 16);
	f.b[12 + 8 + 30] ^= 1;
	assert_int_equal(parse(&info), -WAVFILE_E_ENCODING);
	/* endless little chunks: refused after 64 */
	riff();
	for (int k = 0; k < 70; k++)
		chunk("JUNK", 0);
	assert_int_equal(parse(&info), -WAVFILE_E_TOO_MANY);
	/* every code has words; a read error is passed through */
	for (int e = WAVFILE_E_BASE + 1; e < WAVFILE_E_END; e++)
		assert_true(strlen(why(-e, &info)) > 10);
	assert_string_equal(why(-EIO, &info), "cannot be read (cut short, or a host error)");
}

/* A file in the reader: the first `frames` frames of it into out. */
static void read_all(struct wavfile_info *info, float *out, uint32_t frames,
		     const struct wavfile_map *map)
{
	static struct wavfile_reader rd;
	struct wavfile_io i = io();
	int r = parse(info);
	if (r)
		fail_msg("%s", why(r, info));
	assert_int_equal(wavfile_reader_init(&rd, &i, info, map), 0);
	assert_int_equal(wavfile_read(&rd, out, frames), (int32_t)frames);
}

/* mu-law, A-law, 64-bit float, RIFX: G.711's end points and zero, exact
 * values; big-endian samples decode as their little-endian twins. */
static void encodings(void **state)
{
	(void)state;
	struct wavfile_info info;
	float out[16];
	static const uint8_t g711[4] = {0x00, 0x7f, 0xff, 0x80};
	riff();
	fmt_chunk(7, 1, 8000, 8, 1);
	chunk("data", 4);
	put(g711, 4);
	read_all(&info, out, 4, NULL);
	assert_true(info.encoding == WAVFILE_ULAW);
	assert_true(out[0] == -32124.0f && out[1] == 0.0f && out[2] == 0.0f && out[3] == 32124.0f);
	static const uint8_t alaw[4] = {0x55, 0xd5, 0x2a, 0xaa};
	riff();
	fmt_ext(6, 1, 8000, 8, 8);
	chunk("data", 4);
	put(alaw, 4);
	read_all(&info, out, 4, NULL);
	assert_true(info.encoding == WAVFILE_ALAW);
	assert_true(out[0] == -8.0f && out[1] == 8.0f && out[2] == -32256.0f && out[3] == 32256.0f);
	riff();
	fmt_chunk(3, 1, 1000, 64, 8);
	chunk("data", 24);
	put("\0\0\0\0\0\0\xe0\x3f\0\0\0\0\0\0\xf0\xbf\0\0\0\0\0\0\xf8\x7f", 24); /* .5 -1 NaN */
	read_all(&info, out, 3, NULL);
	assert_true(out[0] == 16384.0f && out[1] == -32768.0f && out[2] == 0.0f);
	/* RIFX: s16, s24 and float, big-endian everywhere */
	static const uint8_t rifx[] = "RIFX\0\0\0\0WAVEfmt \0\0\0\x10\0\x01\0\x02\0\0\x1f\x40"
				      "\0\0\0\0\0\x06\0\x18" "data\0\0\0\x06\x80\0\0\xff\xff\xff";
	f.n = 0;
	put(rifx, sizeof rifx - 1);
	read_all(&info, out, 1, NULL);
	assert_true(info.big_endian && info.rate == 8000 && info.format == SAMPLE_S24);
	assert_true(out[0] == -32768.0f && out[1] == -1.0f / 256.0f);
	static const uint8_t rifx_f[] = "RIFX\0\0\0\0WAVEfmt \0\0\0\x10\0\x03\0\x01\0\0\x1f\x40"
					"\0\0\0\0\0\x04\0\x20" "data\0\0\0\x04\x3f\0\0\0";
	f.n = 0;
	put(rifx_f, sizeof rifx_f - 1);
	read_all(&info, out, 1, NULL);
	assert_true(out[0] == 16384.0f);
	/* 20 valid bits in 24: plays as the container */
	riff();
	fmt_ext(1, 1, 96000, 24, 20);
	chunk("data", 3);
	put("\x10\x00\x80", 3);
	read_all(&info, out, 1, NULL);
	assert_true(out[0] == -32768.0f + 16.0f / 256.0f);
}

/* A data chunk cut short or ending inside a frame plays its whole
 * frames; the warning says what is missing.  0xFFFFFFFF: to the end. */
static void cut_short(void **state)
{
	(void)state;
	struct wavfile_info info;
	char w[200];
	riff();
	fmt_chunk(1, 2, 44100, 16, 4);
	chunk("data", 4000);
	for (int k = 0; k < 301; k++)
		put("\x01", 1);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.frames, 75);
	assert_int_equal(info.missing, 3699);
	wavfile_warning(&info, w, sizeof w);
	assert_string_equal(w, "cut short: its 'data' chunk says 4000 bytes, the file holds 301: "
			       "3699 bytes missing; 75 whole frames play");
	riff();
	fmt_chunk(1, 2, 44100, 16, 4);
	chunk("data", 10);
	put("0123456789", 10);
	chunk("LIST", 2);
	put("ab", 2);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.frames, 2);
	wavfile_warning(&info, w, sizeof w);
	assert_string_equal(w, "its last frame is cut: 2 bytes missing; 2 whole frames play");
	riff();
	fmt_chunk(1, 2, 44100, 16, 4);
	chunk("data", 0xffffffffu);
	put("01234567", 8);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.frames, 2);
	wavfile_warning(&info, w, sizeof w);
	assert_string_equal(w, "");
}

/* Channels past 2: the mask's speakers by BS.775, scaled so no output
 * can pass full scale; without a mask the usual layout; a map picks. */
static void downmix(void **state)
{
	(void)state;
	struct wavfile_info info;
	static struct wavfile_reader rd;
	float out[4];
	const float g = 1.0f / (1.0f + 2.0f * 0.70710678f);
	for (int masked = 0; masked < 2; masked++) {
		riff();
		uint32_t at = f.n;
		if (masked)
			fmt_ext(1, 6, 48000, 16, 16);
		else
			fmt_chunk(1, 6, 48000, 16, 12);
		if (masked)
			memcpy(f.b + at + 8 + 20, "\x3f\0\0\0", 4); /* 5.1 */
		chunk("data", 24);
		for (int k = 0; k < 6; k++)
			put16(0x8000u); /* every channel at full scale, negative */
		static const int16_t v[6] = {1000, 2000, 3000, 4000, 5000, 6000};
		for (int k = 0; k < 6; k++)
			put16((uint16_t)v[k]);
		read_all(&info, out, 2, NULL);
		struct wavfile_io i = io();
		wavfile_reader_init(&rd, &i, &info, NULL);
		assert_true(fabsf(wavfile_downmix_coef(&rd, 0, 0) - g) < 1e-6f);
		assert_true(wavfile_downmix_coef(&rd, 3, 0) == 0.0f); /* LFE */
		assert_true(wavfile_downmix_coef(&rd, 5, 0) == 0.0f);
		assert_true(fabsf(wavfile_downmix_coef(&rd, 5, 1) - 0.70710678f * g) < 1e-6f);
		assert_true(out[0] >= -32768.0f && out[0] < -32767.0f); /* no clip */
		assert_true(fabsf(out[2] - (1000 + 0.70710678f * (3000 + 5000)) * g) < 0.01f);
		assert_true(fabsf(out[3] - (2000 + 0.70710678f * (3000 + 6000)) * g) < 0.01f);
	}
	/* 10 channels, no mask: even ones left, odd ones right, 1/5 each */
	riff();
	fmt_chunk(1, 10, 8000, 8, 10);
	chunk("data", 10);
	put("\x80\x80\x80\x80\x80\x80\x80\x80\x80\xff", 10);
	read_all(&info, out, 1, NULL);
	assert_true(out[0] == 0.0f && fabsf(out[1] - 127.0f * 256.0f / 5.0f) < 0.01f);
	/* picked by hand: channels 10 and 1 (from 0: 9, 0) */
	const struct wavfile_map map = {2, {9, 0}};
	read_all(&info, out, 1, &map);
	assert_true(out[0] == 127.0f * 256.0f && out[1] == 0.0f);
	const struct wavfile_map bad = {1, {10}};
	assert_int_equal(wavfile_out_channels(&info, &bad), 0);
	struct wavfile_io i = io();
	assert_int_equal(wavfile_reader_init(&rd, &i, &info, &bad), -WAVFILE_E_MAP);
	assert_int_equal(wavfile_read(&rd, out, 1), 0);
}

/* Sun AU files (big-endian, signed 8-bit) and headerless samples. */
static void au_and_raw(void **state)
{
	(void)state;
	struct wavfile_info info;
	float out[8];
	static const uint8_t au[] = ".snd\0\0\0\x20\0\0\0\x06\0\0\0\x03\0\0\x1f\x40\0\0\0\x01"
				    "annotate\x80\0\x7f\xff\x00\x01";
	f.n = 0;
	put(au, sizeof au - 1);
	read_all(&info, out, 3, NULL);
	assert_true(info.container == WAVFILE_AU && info.rate == 8000 && info.missing == 0);
	assert_true(out[0] == -32768.0f && out[1] == 32767.0f && out[2] == 1.0f);
	f.b[11] = 0x08; /* says 8 bytes, holds 6 */
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.missing, 2);
	f.b[15] = 2; /* 8-bit linear: signed */
	f.b[11] = 6;
	read_all(&info, out, 6, NULL);
	assert_true(out[0] == -32768.0f && out[1] == 0.0f && out[2] == 127.0f * 256.0f);
	f.b[15] = 23;
	assert_int_equal(parse(&info), -WAVFILE_E_COMPRESSED);
	assert_string_equal(why(-WAVFILE_E_COMPRESSED, &info),
			    "G.721 ADPCM (AU encoding 23) is compressed: Koi has no decoder for it; "
			    "convert it to PCM first (sox IN -e signed-integer OUT.wav)");
	f.b[15] = 3;
	f.b[7] = 0x40; /* the samples past the end */
	assert_int_equal(parse(&info), -WAVFILE_E_AU_HEADER);
	/* raw: s16be stereo, a last frame cut */
	assert_int_equal(wavfile_raw_format("s16be", &info), 0);
	assert_int_equal(wavfile_raw_format("s17", &info), -EINVAL);
	assert_int_equal(wavfile_raw_format("s16be", &info), 0);
	info.rate = 8000;
	info.channels = 2;
	f.n = 0;
	put("\x80\x00\x00\x01\x12", 5);
	struct wavfile_io i = io();
	assert_int_equal(wavfile_parse_raw(&i, &info), 0);
	assert_int_equal(info.frames, 1);
	assert_int_equal(info.missing, 3);
	info.channels = 0;
	assert_int_equal(wavfile_parse_raw(&i, &info), -WAVFILE_E_CHANNELS);
}

static void header_round_trip(void **state)
{
	(void)state;
	uint8_t h[WAVFILE_HEADER];
	assert_int_equal(wavfile_header(h, 8000, 1, SAMPLE_S16, 16000), 0);
	f.n = 0;
	put(h, sizeof h);
	f.n += 32000; /* the samples (whatever they are) */
	struct wavfile_info info;
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.rate, 8000);
	assert_int_equal(info.channels, 1);
	assert_int_equal(info.format, SAMPLE_S16);
	assert_int_equal(info.frames, 16000);
	assert_int_equal(info.data_off, 44);
	assert_int_equal(wavfile_header(h, 48000, 2, SAMPLE_F32, 10), 0);
	f.n = 0;
	put(h, sizeof h);
	f.n += 80;
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.format, SAMPLE_F32);
	assert_int_equal(wavfile_header(h, 48000, 2, SAMPLE_S8, 10), -EINVAL);
	assert_int_equal(wavfile_header(h, 48000, 2, SAMPLE_S32, 0x20000000u), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats),
		cmocka_unit_test(samples),
		cmocka_unit_test(refusals),
		cmocka_unit_test(refusals_format),
		cmocka_unit_test(refusals_structure),
		cmocka_unit_test(encodings),
		cmocka_unit_test(cut_short),
		cmocka_unit_test(downmix),
		cmocka_unit_test(au_and_raw),
		cmocka_unit_test(header_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
