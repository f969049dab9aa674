/* WAV header parsing, sample reading and header writing; see wavfile.h. */
#include "audio/wavfile.h"

#include <errno.h>
#include <string.h>

#include "lib/decimal.h"

#define TAG_PCM        0x0001u
#define TAG_FLOAT      0x0003u
#define TAG_ALAW       0x0006u
#define TAG_ULAW       0x0007u
#define TAG_EXTENSIBLE 0xfffeu
#define SIZE_UNKNOWN   0xffffffffu /* a data size never written back */

/* Header fields in the file's byte order (RIFX: big-endian). */
static uint32_t get16(const uint8_t *p, bool be)
{
	return be ? (uint32_t)p[0] << 8 | p[1] : p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const uint8_t *p, bool be)
{
	return be ? get16(p, be) << 16 | get16(p + 2, be) : get16(p, be) | get16(p + 2, be) << 16;
}

/* wavfile_header() writes little-endian RIFF only. */
static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

/* The tail every EXTENSIBLE SubFormat GUID of a WAVE_FORMAT_* shares,
 * {XXXXXXXX-0000-0010-8000-00AA00389B71}, after its first 2 bytes (the
 * tag), as little-endian files store it; sox writes it so in RIFX files
 * too, with only the tag big-endian.  A RIFX file may also store every
 * field big-endian: 00 00 tag, 00 00, 00 10, then the same last 8 bytes. */
static const uint8_t guid_tail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
				      0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};
static const uint8_t guid_be_mid[4] = {0x00, 0x00, 0x00, 0x10}; /* Data2, Data3 */

/* The SubFormat GUID at g: its tag, or -1 for a vendor's GUID. */
static int32_t guid_tag(const uint8_t *g, bool be)
{
	if (memcmp(g + 2, guid_tail, sizeof guid_tail) == 0)
		return (int32_t)get16(g, be);
	if (be && g[0] == 0 && g[1] == 0 && memcmp(g + 4, guid_be_mid, 4) == 0 &&
	    memcmp(g + 8, guid_tail + 6, 8) == 0)
		return (int32_t)get16(g + 2, be);
	return -1;
}

/* The compressed encodings users meet, by tag, for the refusal. */
static const struct {
	uint16_t tag;
	const char *name;
} compressed[] = {
	{0x0002, "MS ADPCM"},      {0x0011, "IMA ADPCM"},    {0x0014, "G.723 ADPCM"},
	{0x0022, "TrueSpeech"},    {0x0031, "GSM 6.10"},     {0x0040, "G.721 ADPCM"},
	{0x0050, "MPEG audio"},    {0x0055, "MP3"},          {0x0064, "G.726 ADPCM"},
	{0x0092, "AC-3 (S/PDIF)"}, {0x00ff, "AAC"},          {0x0161, "WMA"},
	{0x0162, "WMA Pro"},       {0x1610, "HE-AAC"},       {0x2000, "AC-3"},
	{0x2001, "DTS"},           {0xf1ac, "FLAC"},
};

static const char *compressed_name(uint32_t tag)
{
	for (size_t i = 0; i < sizeof compressed / sizeof compressed[0]; i++)
		if (compressed[i].tag == tag)
			return compressed[i].name;
	return NULL;
}

/* EXTENSIBLE's extra fields (b: the fmt body, n bytes): valid bits,
 * channel mask, the SubFormat's tag. */
static int parse_ext(const uint8_t *b, uint32_t n, struct wavfile_info *info)
{
	const bool be = info->big_endian;
	if (n < 40 || get16(b + 16, be) < 22)
		return -WAVFILE_E_FMT_SHORT;
	info->valid_bits = get16(b + 18, be);
	info->channel_mask = get32(b + 20, be);
	const int32_t tag = guid_tag(b + 24, be);
	if (tag < 0)
		return -WAVFILE_E_ENCODING; /* a vendor's GUID: sub_tag stays 0xfffe */
	info->sub_tag = (uint32_t)tag;
	if (info->valid_bits == 0)
		info->valid_bits = info->bits;
	return 0;
}

/* The encoding and container from sub_tag and the bits. */
static int set_encoding(struct wavfile_info *info)
{
	static const enum sample_format by_bytes[4] = {SAMPLE_U8, SAMPLE_S16, SAMPLE_S24,
						       SAMPLE_S32};
	const uint32_t t = info->sub_tag, bits = info->bits, cb = (bits + 7u) / 8u;
	if (t != TAG_PCM && t != TAG_FLOAT && t != TAG_ALAW && t != TAG_ULAW)
		return compressed_name(t) ? -WAVFILE_E_COMPRESSED : -WAVFILE_E_ENCODING;
	/* Plain PCM may state fewer bits than its container (12 bits in 2
	 * bytes); EXTENSIBLE states the container and the valid bits apart. */
	if (bits == 0 || (info->tag == TAG_EXTENSIBLE && bits % 8u) || info->valid_bits == 0 ||
	    info->valid_bits > bits)
		return -WAVFILE_E_BITS;
	info->bytes = cb;
	if (t == TAG_PCM) {
		if (cb > 4)
			return -WAVFILE_E_BITS;
		info->encoding = WAVFILE_PCM;
		info->format = by_bytes[cb - 1];
	} else if (t == TAG_FLOAT) {
		if ((bits != 32 && bits != 64) || info->valid_bits != bits)
			return -WAVFILE_E_BITS;
		info->encoding = WAVFILE_FLOAT;
		info->format = SAMPLE_F32;
	} else {
		if (bits != 8)
			return -WAVFILE_E_BITS;
		info->encoding = t == TAG_ULAW ? WAVFILE_ULAW : WAVFILE_ALAW;
		info->format = SAMPLE_S16;
	}
	return 0;
}

/* The rate and channel checks every container shares; block_align set. */
static int check_frame(struct wavfile_info *info)
{
	if (info->channels == 0 || info->channels > WAVFILE_CHUNK / info->bytes)
		return -WAVFILE_E_CHANNELS; /* a frame must fit the reader's buffer */
	if (info->rate == 0 || info->rate > WAVFILE_MAX_RATE)
		return -WAVFILE_E_RATE;
	info->block_align = info->channels * info->bytes;
	return 0;
}

/* The "fmt " chunk's body (n bytes) into info. */
static int parse_fmt(const uint8_t *b, uint32_t n, struct wavfile_info *info)
{
	const bool be = info->big_endian;
	if (n < 16)
		return -WAVFILE_E_FMT_SHORT;
	info->tag = info->sub_tag = get16(b, be);
	info->channels = get16(b + 2, be);
	info->rate = get32(b + 4, be);
	info->block_align = get16(b + 12, be);
	info->bits = info->valid_bits = get16(b + 14, be);
	int r = info->tag == TAG_EXTENSIBLE ? parse_ext(b, n, info) : 0;
	if (r == 0)
		r = set_encoding(info);
	if (r)
		return r;
	const uint32_t block = info->block_align;
	r = check_frame(info);
	if (r == 0 && block != info->block_align) {
		info->block_align = block; /* for the message */
		r = -WAVFILE_E_BLOCK;
	}
	return r;
}

/* "RIFF"/"RIFX" size "WAVE" or ".snd" at the start: 0 (container and
 * big_endian set) or why not. */
static int parse_magic(const struct wavfile_io *io, struct wavfile_info *info)
{
	uint8_t b[12];
	const uint32_t n = io->size < 12 ? io->size : 12;
	int r = n >= 4 ? io->read(io->ctx, 0, b, n) : 0;
	if (r)
		return r;
	if (n >= 4 && memcmp(b, ".snd", 4) == 0) {
		info->container = WAVFILE_AU;
		info->big_endian = true;
		return 0;
	}
	const bool riff = n >= 4 && (memcmp(b, "RIFF", 4) == 0 || memcmp(b, "RIFX", 4) == 0);
	if (n < 12)
		return riff ? -WAVFILE_E_TRUNCATED : -WAVFILE_E_NOT_WAV;
	info->big_endian = memcmp(b, "RIFX", 4) == 0;
	return riff && memcmp(b + 8, "WAVE", 4) == 0 ? 0 : -WAVFILE_E_NOT_WAV;
}

/* The chunk header b (at off) into info, for the walk and for messages. */
static void note_chunk(struct wavfile_info *info, const uint8_t *b, uint32_t off)
{
	memcpy(info->chunk_id, b, 4);
	for (int i = 0; i < 4; i++) /* printable in messages */
		if (info->chunk_id[i] < 0x20 || info->chunk_id[i] > 0x7e)
			info->chunk_id[i] = '?';
	info->chunk_off = off;
	info->chunk_size = get32(b + 4, info->big_endian);
}

/* The data chunk, its body at `body`: the whole frames the file holds of
 * it, and what is missing (a chunk cut short, a last frame cut). */
static int data_chunk(const struct wavfile_io *io, struct wavfile_info *info, uint32_t body)
{
	const uint32_t size = info->chunk_size, room = io->size - body, ba = info->block_align;
	info->declared = size;
	info->held = size == SIZE_UNKNOWN || size > room ? room : size;
	info->data_off = body;
	info->frames = info->held / ba;
	info->data_bytes = info->frames * ba;
	uint64_t want = size == SIZE_UNKNOWN ? info->held : size;
	want = (want + ba - 1u) / ba * ba;
	want -= info->held;
	info->missing = want > UINT32_MAX ? UINT32_MAX : (uint32_t)want;
	return info->frames ? 0 : -WAVFILE_E_EMPTY;
}

/* AU's encodings: WAV's, with AU's numbers. */
static const struct {
	uint8_t au, encoding, bytes;
} au_encodings[] = {
	{1, WAVFILE_ULAW, 1},  {2, WAVFILE_PCM, 1},   {3, WAVFILE_PCM, 2},  {4, WAVFILE_PCM, 3},
	{5, WAVFILE_PCM, 4},   {6, WAVFILE_FLOAT, 4}, {7, WAVFILE_FLOAT, 8}, {27, WAVFILE_ALAW, 1},
};

static const char *au_compressed(uint32_t encoding)
{
	static const char *const name[4] = {"G.721 ADPCM", "G.722 ADPCM", "G.723 ADPCM (3-bit)",
					    "G.723 ADPCM (5-bit)"};
	return encoding >= 23 && encoding <= 26 ? name[encoding - 23] : NULL;
}

/* Sets info's encoding from its AU number (sub_tag). */
static int au_encoding(struct wavfile_info *info)
{
	static const enum sample_format pcm[4] = {SAMPLE_S8, SAMPLE_S16, SAMPLE_S24, SAMPLE_S32};
	for (size_t i = 0; i < sizeof au_encodings / sizeof au_encodings[0]; i++) {
		if (au_encodings[i].au != info->sub_tag)
			continue;
		info->encoding = (enum wavfile_encoding)au_encodings[i].encoding;
		info->bytes = au_encodings[i].bytes;
		info->bits = info->valid_bits = 8u * info->bytes;
		info->signed8 = true;
		info->format = info->encoding == WAVFILE_PCM     ? pcm[info->bytes - 1]
			       : info->encoding == WAVFILE_FLOAT ? SAMPLE_F32
								 : SAMPLE_S16;
		return 0;
	}
	return au_compressed(info->sub_tag) ? -WAVFILE_E_COMPRESSED : -WAVFILE_E_ENCODING;
}

/* A Sun/NeXT AU file: 24 bytes of big-endian header, then the samples. */
static int parse_au(const struct wavfile_io *io, struct wavfile_info *info)
{
	uint8_t b[24];
	if (io->size < 24)
		return -WAVFILE_E_TRUNCATED;
	int r = io->read(io->ctx, 0, b, 24);
	if (r)
		return r;
	info->chunk_off = get32(b + 4, true);
	info->chunk_size = get32(b + 8, true);
	info->tag = info->sub_tag = get32(b + 12, true);
	info->rate = get32(b + 16, true);
	info->channels = get32(b + 20, true);
	memcpy(info->chunk_id, ".snd", 4);
	r = au_encoding(info);
	if (r == 0)
		r = check_frame(info);
	if (r)
		return r;
	if (info->chunk_off < 24 || info->chunk_off > io->size)
		return -WAVFILE_E_AU_HEADER;
	return data_chunk(io, info, info->chunk_off);
}

int wavfile_parse_raw(const struct wavfile_io *io, struct wavfile_info *info)
{
	info->container = WAVFILE_RAW;
	int r = check_frame(info);
	if (r)
		return r;
	info->chunk_size = SIZE_UNKNOWN; /* the whole file */
	return data_chunk(io, info, 0);
}

int wavfile_raw_format(const char *name, struct wavfile_info *info)
{
	static const struct {
		char name[10];
		uint8_t encoding, bytes, be, tag;
	} raw[] = {
		{"u8", WAVFILE_PCM, 1, 0, 1},        {"s8", WAVFILE_PCM, 1, 0, 1},
		{"s16", WAVFILE_PCM, 2, 0, 1},       {"s24", WAVFILE_PCM, 3, 0, 1},
		{"s32", WAVFILE_PCM, 4, 0, 1},       {"float", WAVFILE_FLOAT, 4, 0, 3},
		{"float64", WAVFILE_FLOAT, 8, 0, 3}, {"s16be", WAVFILE_PCM, 2, 1, 1},
		{"s24be", WAVFILE_PCM, 3, 1, 1},     {"s32be", WAVFILE_PCM, 4, 1, 1},
		{"floatbe", WAVFILE_FLOAT, 4, 1, 3}, {"float64be", WAVFILE_FLOAT, 8, 1, 3},
		{"mu-law", WAVFILE_ULAW, 1, 0, 7},   {"a-law", WAVFILE_ALAW, 1, 0, 6},
	};
	memset(info, 0, sizeof *info);
	for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
		if (strcmp(raw[i].name, name))
			continue;
		info->encoding = (enum wavfile_encoding)raw[i].encoding;
		info->bytes = raw[i].bytes;
		info->big_endian = raw[i].be;
		info->signed8 = i == 1;
		info->tag = info->sub_tag = raw[i].tag;
		info->bits = info->valid_bits = 8u * info->bytes;
		info->format = info->encoding == WAVFILE_FLOAT ? SAMPLE_F32
			       : info->bytes == 1	       ? (i == 1 ? SAMPLE_S8 : SAMPLE_U8)
							       : (enum sample_format)(SAMPLE_S16 + info->bytes - 2);
		if (info->encoding == WAVFILE_ULAW || info->encoding == WAVFILE_ALAW)
			info->format = SAMPLE_S16;
		return 0;
	}
	return -EINVAL;
}

/* The fmt chunk's body (size bytes at body) read and parsed. */
static int fmt_chunk(const struct wavfile_io *io, struct wavfile_info *info, uint32_t body,
		     uint32_t size)
{
	uint8_t b[40];
	int r = io->read(io->ctx, body, b, size < sizeof b ? size : sizeof b);
	return r ? r : parse_fmt(b, size, info);
}

int wavfile_parse(const struct wavfile_io *io, struct wavfile_info *info)
{
	memset(info, 0, sizeof *info);
	int r = parse_magic(io, info);
	if (r || info->container == WAVFILE_AU)
		return r ? r : parse_au(io, info);
	bool have_fmt = false;
	uint32_t off = 12;
	for (uint32_t n = 0;; n++) {
		if (io->size - off < 8)
			return have_fmt ? -WAVFILE_E_NO_DATA : -WAVFILE_E_NO_FMT;
		if (n == WAVFILE_MAX_CHUNKS)
			return -WAVFILE_E_TOO_MANY;
		uint8_t b[8];
		r = io->read(io->ctx, off, b, 8);
		if (r)
			return r;
		note_chunk(info, b, off);
		const uint32_t body = off + 8, size = info->chunk_size;
		if (memcmp(b, "data", 4) == 0)
			return have_fmt ? data_chunk(io, info, body) : -WAVFILE_E_NO_FMT;
		if (size > io->size - body)
			return -WAVFILE_E_CHUNK_SIZE;
		if (memcmp(b, "fmt ", 4) == 0) {
			if (have_fmt)
				return -WAVFILE_E_FMT_TWICE;
			r = fmt_chunk(io, info, body, size);
			if (r)
				return r;
			have_fmt = true;
		}
		/* Next chunk, after the pad byte of an odd size.  size <=
		 * io->size - body, so this cannot wrap; a pad byte past the
		 * end just ends the walk. */
		uint32_t next = body + size;
		if (size & 1u) {
			if (next == io->size)
				return have_fmt ? -WAVFILE_E_NO_DATA : -WAVFILE_E_NO_FMT;
			next++;
		}
		off = next;
	}
}

/* Appends s to buf (len bytes, holding a terminated string). */
static void cat(char *buf, uint32_t len, const char *s)
{
	size_t n = strlen(buf);
	while (*s && n + 1 < len)
		buf[n++] = *s++;
	if (len)
		buf[n] = '\0';
}

static void catu(char *buf, uint32_t len, uint32_t v)
{
	char d[DEC_U64_CHARS];
	cat(buf, len, dec_u64(v, d));
}

static void cathex(char *buf, uint32_t len, uint32_t v)
{
	char d[7] = "0x0000";
	for (int i = 0; i < 4; i++)
		d[5 - i] = "0123456789abcdef"[v >> (4 * i) & 15u];
	cat(buf, len, d);
}

/* The messages that need no details. */
static const char *const fixed_msg[WAVFILE_E_END - WAVFILE_E_BASE] = {
	[WAVFILE_E_NOT_WAV - WAVFILE_E_BASE] = "not a WAV file (no RIFF/WAVE or RIFX/WAVE header)",
	[WAVFILE_E_TRUNCATED - WAVFILE_E_BASE] = "the file ends inside its header (cut short)",
	[WAVFILE_E_TOO_MANY - WAVFILE_E_BASE] = "more than 64 chunks before the samples",
	[WAVFILE_E_NO_FMT - WAVFILE_E_BASE] = "no 'fmt ' chunk before the samples",
	[WAVFILE_E_FMT_TWICE - WAVFILE_E_BASE] = "two 'fmt ' chunks",
	[WAVFILE_E_NO_DATA - WAVFILE_E_BASE] = "no 'data' chunk (no samples)",
	[WAVFILE_E_EMPTY - WAVFILE_E_BASE] = "its 'data' chunk holds no whole frame",
	[WAVFILE_E_MAP - WAVFILE_E_BASE] = "--channels-map picks a channel the file does not have",
};

/* WAVFILE_E_ENCODING and WAVFILE_E_COMPRESSED. */
static void encoding_msg(int e, const struct wavfile_info *in, char *buf, uint32_t len)
{
	const bool au = in->container == WAVFILE_AU;
	if (e == WAVFILE_E_COMPRESSED) {
		const char *name = au ? au_compressed(in->sub_tag) : compressed_name(in->sub_tag);
		cat(buf, len, name ? name : "a compressed encoding");
		cat(buf, len, au ? " (AU encoding " : " (format ");
		if (au)
			catu(buf, len, in->sub_tag);
		else
			cathex(buf, len, in->sub_tag);
		cat(buf, len, ") is compressed: Koi has no decoder for it; convert it to PCM "
			      "first (sox IN -e signed-integer OUT.wav)");
		return;
	}
	cat(buf, len, au ? "unknown encoding (AU encoding " : "unknown encoding (format ");
	if (au)
		catu(buf, len, in->sub_tag);
	else
		cathex(buf, len, in->sub_tag);
	cat(buf, len, in->sub_tag == TAG_EXTENSIBLE ? ", a vendor's SubFormat GUID" : "");
	cat(buf, len, "): Koi plays PCM, float, mu-law and A-law");
}

/* WAVFILE_E_BITS. */
static void bits_msg(const struct wavfile_info *in, char *buf, uint32_t len)
{
	static const char *const what[8] = {"-bit PCM", "-bit PCM",   "-bit PCM",   "-bit float",
					    "-bit PCM", "-bit PCM",   "-bit A-law", "-bit mu-law"};
	catu(buf, len, in->valid_bits);
	cat(buf, len, what[in->sub_tag & 7u]);
	if (in->valid_bits != in->bits) {
		cat(buf, len, " in ");
		catu(buf, len, in->bits);
		cat(buf, len, " bits");
	}
	cat(buf, len, ": Koi plays 8- to 32-bit PCM, 32- and 64-bit float, 8-bit mu-law "
		      "and A-law");
}

/* The messages with numbers in them. */
static void detail_msg(int e, const struct wavfile_info *in, char *buf, uint32_t len)
{
	if (e == WAVFILE_E_CHUNK_SIZE) {
		cat(buf, len, "chunk '");
		cat(buf, len, in->chunk_id);
		cat(buf, len, "' at byte ");
		catu(buf, len, in->chunk_off);
		cat(buf, len, " says ");
		catu(buf, len, in->chunk_size);
		cat(buf, len, " bytes, more than the file holds (cut short, or never finished)");
	} else if (e == WAVFILE_E_FMT_SHORT) {
		cat(buf, len, "its 'fmt ' chunk of ");
		catu(buf, len, in->chunk_size);
		cat(buf, len, " bytes is too short for its format");
	} else if (e == WAVFILE_E_CHANNELS) {
		catu(buf, len, in->channels);
		cat(buf, len, in->channels ? " channels: a frame over 8192 bytes, more than Koi "
					     "reads at once"
					   : " channels (a broken header)");
	} else if (e == WAVFILE_E_RATE) {
		cat(buf, len, "a rate of ");
		catu(buf, len, in->rate);
		cat(buf, len, " Hz: Koi reads 1..384000 Hz");
	} else if (e == WAVFILE_E_AU_HEADER) {
		cat(buf, len, "its AU header puts the samples at byte ");
		catu(buf, len, in->chunk_off);
		cat(buf, len, ", inside the header or past the end of the file");
	} else if (e == WAVFILE_E_BLOCK) {
		cat(buf, len, "a frame of ");
		catu(buf, len, in->block_align);
		cat(buf, len, " bytes does not fit ");
		catu(buf, len, in->channels);
		cat(buf, len, " channels of ");
		catu(buf, len, in->bits);
		cat(buf, len, " bits");
	}
}

void wavfile_strerror(int err, const struct wavfile_info *in, char *buf, uint32_t len)
{
	const int e = -err;
	if (len)
		buf[0] = '\0';
	if (e > WAVFILE_E_BASE && e < WAVFILE_E_END && fixed_msg[e - WAVFILE_E_BASE])
		cat(buf, len, fixed_msg[e - WAVFILE_E_BASE]);
	else if (e == WAVFILE_E_ENCODING || e == WAVFILE_E_COMPRESSED)
		encoding_msg(e, in, buf, len);
	else if (e == WAVFILE_E_BITS)
		bits_msg(in, buf, len);
	else if (e > WAVFILE_E_BASE && e < WAVFILE_E_END)
		detail_msg(e, in, buf, len);
	else
		cat(buf, len, err == -EIO ? "cannot be read (cut short, or a host error)"
					  : "cannot be read");
}

void wavfile_warning(const struct wavfile_info *in, char *buf, uint32_t len)
{
	if (len)
		buf[0] = '\0';
	if (!in->missing)
		return;
	if (in->declared != SIZE_UNKNOWN && in->declared > in->held) {
		cat(buf, len, "cut short: its 'data' chunk says ");
		catu(buf, len, in->declared);
		cat(buf, len, " bytes, the file holds ");
		catu(buf, len, in->held);
		cat(buf, len, ": ");
	} else {
		cat(buf, len, "its last frame is cut: ");
	}
	catu(buf, len, in->missing);
	cat(buf, len, in->missing == 1 ? " byte missing; " : " bytes missing; ");
	catu(buf, len, in->frames);
	cat(buf, len, " whole frames play");
}

/* ---- decoding ----------------------------------------------------------- */

/* n (1..4) bytes of a sample as an unsigned number. */
static uint32_t load(const uint8_t *p, uint32_t n, bool be)
{
	uint32_t u = 0;
	for (uint32_t i = 0; i < n; i++)
		u |= (uint32_t)p[be ? n - 1u - i : i] << (8u * i);
	return u;
}

/* G.711 to 16-bit linear, as ITU-T G.711's reference code (and sox). */
static int32_t ulaw(uint32_t b)
{
	const uint32_t u = ~b & 0xffu;
	const int32_t t = (int32_t)((((u & 0x0fu) << 3) + 0x84u) << ((u & 0x70u) >> 4));
	return (u & 0x80u) ? 0x84 - t : t - 0x84;
}

static int32_t alaw(uint32_t b)
{
	const uint32_t a = b ^ 0x55u, seg = (a & 0x70u) >> 4;
	int32_t t = (int32_t)((a & 0x0fu) << 4) + (seg ? 0x108 : 8);
	if (seg > 1)
		t <<= seg - 1u;
	return (a & 0x80u) ? t : -t;
}

/* A float sample in S16 units: NaN is 0, beyond +-2.0 clamped (so an
 * infinity stays finite), a double rounded to float first. */
static float from_float(const uint8_t *p, uint32_t n, bool be)
{
	double d;
	if (n == 8) {
		uint64_t u = (uint64_t)load(p + (be ? 0 : 4), 4, be) << 32 | load(p + (be ? 4 : 0), 4, be);
		memcpy(&d, &u, sizeof d);
	} else {
		uint32_t u = load(p, 4, be);
		float x;
		memcpy(&x, &u, sizeof x);
		d = x;
	}
	if (!(d == d))
		return 0.0f;
	d = d > 2.0 ? 2.0 : d < -2.0 ? -2.0 : d;
	return (float)d * 32768.0f;
}

/* One sample in S16 units (the scale of audio/convert.h's convert_decode). */
static float decode(const struct wavfile_info *in, const uint8_t *p)
{
	const uint32_t n = in->bytes;
	uint32_t u;
	switch (in->encoding) {
	case WAVFILE_ULAW:
		return (float)ulaw(p[0]);
	case WAVFILE_ALAW:
		return (float)alaw(p[0]);
	case WAVFILE_FLOAT:
		return from_float(p, n, in->big_endian);
	case WAVFILE_PCM:
	default:
		u = load(p, n, in->big_endian);
		if (n == 1)
			return (float)(in->signed8 ? (int32_t)(int8_t)(uint8_t)u : (int32_t)u - 128) *
			       256.0f;
		if (n == 2)
			return (float)(int16_t)(uint16_t)u;
		if (n == 3) /* sign-extend from bit 23 without shifting into bit 31 */
			return (float)((int32_t)(u ^ 0x800000u) - 0x800000) * (1.0f / 256.0f);
		return (float)(int32_t)u * (1.0f / 65536.0f);
	}
}

/* ---- channels ----------------------------------------------------------- */

#define C3DB 0.70710678f /* -3 dB */
#define NO_SPEAKER 0xffu

/* (left, right) of each speaker, by its dwChannelMask bit: ITU-R BS.775's
 * downmix, extended to the positions it does not name (wavfile.h). */
static const float speaker_lr[18][2] = {
	{1, 0},       {0, 1},       {C3DB, C3DB}, {0, 0},       /* FL FR FC LFE */
	{C3DB, 0},    {0, C3DB},    {1, 0},       {0, 1},       /* BL BR FLC FRC */
	{0.5f, 0.5f}, {C3DB, 0},    {0, C3DB},    {0.5f, 0.5f}, /* BC SL SR TC */
	{C3DB, 0},    {0.5f, 0.5f}, {0, C3DB},    {C3DB, 0},    /* TFL TFC TFR TBL */
	{0.5f, 0.5f}, {0, C3DB},                                /* TBC TBR */
};

/* The usual layout of 3..8 channels without a mask (wavfile.h). */
static uint32_t default_mask(uint32_t channels)
{
	static const uint32_t mask[9] = {0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3f, 0x70f, 0x63f};
	return channels < 9 ? mask[channels] : 0;
}

/* Channel ch's coefficient in side (0 left, 1 right), before scaling. */
static float raw_coef(const struct wavfile_reader *r, uint32_t ch, uint32_t side)
{
	if (ch < WAVFILE_SPEAKERS && r->speaker[ch] != NO_SPEAKER)
		return speaker_lr[r->speaker[ch]][side];
	return ch % 2u == side ? 1.0f : 0.0f;
}

static void downmix_init(struct wavfile_reader *r)
{
	uint32_t mask = r->info.channel_mask ? r->info.channel_mask
					     : default_mask(r->info.channels);
	for (uint32_t ch = 0; ch < WAVFILE_SPEAKERS; ch++) {
		/* the ch-th set bit of the mask, if it names a speaker */
		uint32_t bit = 0;
		while (bit < 32 && !(mask >> bit & 1u))
			bit++;
		r->speaker[ch] = bit < 18 ? (uint8_t)bit : NO_SPEAKER;
		if (bit < 32)
			mask &= ~(1u << bit);
	}
	for (uint32_t side = 0; side < 2; side++) {
		float sum = 0.0f;
		for (uint32_t ch = 0; ch < r->info.channels; ch++)
			sum += raw_coef(r, ch, side);
		r->gain[side] = sum > 1.0f ? 1.0f / sum : 1.0f;
	}
}

float wavfile_downmix_coef(const struct wavfile_reader *r, uint32_t ch, uint32_t side)
{
	return raw_coef(r, ch, side) * r->gain[side];
}

uint32_t wavfile_out_channels(const struct wavfile_info *info, const struct wavfile_map *map)
{
	if (!map || map->n == 0)
		return info->channels > 2 ? 2 : info->channels;
	if (map->n > WAVFILE_MAP_MAX)
		return 0;
	for (uint32_t i = 0; i < map->n; i++)
		if (map->ch[i] >= info->channels)
			return 0;
	return map->n;
}

/* ---- reading ------------------------------------------------------------ */

int wavfile_reader_init(struct wavfile_reader *r, const struct wavfile_io *io,
			const struct wavfile_info *info, const struct wavfile_map *map)
{
	memset(r->speaker, NO_SPEAKER, sizeof r->speaker);
	r->io = io;
	r->info = *info;
	r->next = 0;
	r->buf_first = r->buf_frames = 0;
	r->map = map ? *map : (struct wavfile_map){0};
	r->gain[0] = r->gain[1] = 1.0f;
	r->out_channels = wavfile_out_channels(info, map);
	if (r->out_channels == 0) {
		r->info.frames = 0;
		return -WAVFILE_E_MAP;
	}
	if (r->map.n == 0 && info->channels > 2)
		downmix_init(r);
	return 0;
}

/* One frame at p into y (out_channels values). */
static void frame_out(const struct wavfile_reader *r, const uint8_t *p, float *y)
{
	const struct wavfile_info *in = &r->info;
	if (r->map.n) {
		for (uint32_t i = 0; i < r->map.n; i++)
			y[i] = decode(in, p + r->map.ch[i] * in->bytes);
	} else if (in->channels <= 2) {
		for (uint32_t ch = 0; ch < in->channels; ch++)
			y[ch] = decode(in, p + ch * in->bytes);
	} else {
		float acc[2] = {0.0f, 0.0f};
		for (uint32_t ch = 0; ch < in->channels; ch++) {
			const float x = decode(in, p + ch * in->bytes);
			acc[0] += x * raw_coef(r, ch, 0);
			acc[1] += x * raw_coef(r, ch, 1);
		}
		y[0] = acc[0] * r->gain[0];
		y[1] = acc[1] * r->gain[1];
	}
}

int32_t wavfile_read(struct wavfile_reader *r, float *out, uint32_t max)
{
	const struct wavfile_info *in = &r->info;
	uint32_t done = 0;
	while (done < max && r->next < in->frames) {
		if (r->next - r->buf_first >= r->buf_frames) {
			/* Refill: whole frames, at most a chunk. */
			uint32_t n = WAVFILE_CHUNK / in->block_align;
			if (n > in->frames - r->next)
				n = in->frames - r->next;
			int e = r->io->read(r->io->ctx, in->data_off + r->next * in->block_align,
					    r->buf, n * in->block_align);
			if (e)
				return e;
			r->buf_first = r->next;
			r->buf_frames = n;
		}
		frame_out(r, r->buf + (r->next - r->buf_first) * in->block_align,
			  out + done * r->out_channels);
		r->next++;
		done++;
	}
	return (int32_t)done;
}

int wavfile_header(uint8_t h[WAVFILE_HEADER], uint32_t rate, uint32_t channels,
		   enum sample_format format, uint32_t frames)
{
	const uint32_t bps = sample_format_bytes(format), block = channels * bps;
	if (format == SAMPLE_S8 || bps == 0 || channels == 0 || channels > 8 || rate == 0 ||
	    (uint64_t)frames * block > UINT32_MAX - 36u || (uint64_t)rate * block > UINT32_MAX)
		return -EINVAL;
	const uint32_t data = frames * block;
	memcpy(h, "RIFF", 4);
	put32(h + 4, 36u + data);
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);
	put16(h + 20, format == SAMPLE_F32 ? TAG_FLOAT : TAG_PCM);
	put16(h + 22, channels);
	put32(h + 24, rate);
	put32(h + 28, rate * block);
	put16(h + 32, block);
	put16(h + 34, 8u * bps);
	memcpy(h + 36, "data", 4);
	put32(h + 40, data);
	return 0;
}
