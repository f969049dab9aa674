/* WAV header parsing, sample reading and header writing; see wavfile.h. */
#include "audio/wavfile.h"

#include <errno.h>
#include <string.h>

#include "audio/convert.h"

#define TAG_PCM        0x0001u
#define TAG_FLOAT      0x0003u
#define TAG_EXTENSIBLE 0xfffeu

static uint32_t get16(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

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

/* The tail every EXTENSIBLE SubFormat GUID of a WAVE_FORMAT_* shares:
 * {XXXXXXXX-0000-0010-8000-00AA00389B71}, the first 4 bytes the tag. */
static const uint8_t guid_tail[12] = {0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
				      0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};

/* The "fmt " chunk's body (n bytes) into info. */
static int parse_fmt(const uint8_t *b, uint32_t n, struct wavfile_info *info)
{
	if (n < 16)
		return -WAVFILE_E_FMT_SHORT;
	info->tag = info->sub_tag = get16(b);
	info->channels = get16(b + 2);
	info->rate = get32(b + 4);
	info->block_align = get16(b + 12);
	info->bits = info->valid_bits = get16(b + 14);
	if (info->tag == TAG_EXTENSIBLE) {
		/* cbSize >= 22: valid bits, channel mask, SubFormat. */
		if (n < 40 || get16(b + 16) < 22)
			return -WAVFILE_E_FMT_SHORT;
		info->valid_bits = get16(b + 18);
		if (get16(b + 26) != 0 || memcmp(b + 28, guid_tail, sizeof guid_tail))
			return -WAVFILE_E_ENCODING; /* a vendor's GUID */
		info->sub_tag = get16(b + 24);
		if (info->valid_bits == 0)
			info->valid_bits = info->bits;
	}
	if (info->sub_tag != TAG_PCM && info->sub_tag != TAG_FLOAT)
		return -WAVFILE_E_ENCODING;
	if (info->channels == 0 || info->channels > 2)
		return -WAVFILE_E_CHANNELS;
	if (info->rate == 0 || info->rate > WAVFILE_MAX_RATE)
		return -WAVFILE_E_RATE;
	/* Bytes per sample: the container.  Plain PCM may state fewer bits
	 * than its container (12 bits in 2 bytes); EXTENSIBLE states the
	 * container and gives the valid bits apart. */
	uint32_t cb = (info->bits + 7u) / 8u;
	if (info->bits == 0 || cb > 4 || (info->tag == TAG_EXTENSIBLE && info->bits % 8u) ||
	    info->valid_bits == 0 || info->valid_bits > info->bits)
		return -WAVFILE_E_BITS;
	if (info->sub_tag == TAG_FLOAT) {
		if (info->bits != 32 || info->valid_bits != 32)
			return -WAVFILE_E_BITS;
		info->format = SAMPLE_F32;
	} else {
		static const enum sample_format by_bytes[4] = {SAMPLE_U8, SAMPLE_S16, SAMPLE_S24,
							       SAMPLE_S32};
		info->format = by_bytes[cb - 1];
	}
	if (info->block_align != info->channels * cb)
		return -WAVFILE_E_BLOCK;
	return 0;
}

int wavfile_parse(const struct wavfile_io *io, struct wavfile_info *info)
{
	memset(info, 0, sizeof *info);
	uint8_t b[40];
	if (io->size < 12)
		return io->size >= 4 && io->read(io->ctx, 0, b, 4) == 0 &&
				       memcmp(b, "RIFF", 4) == 0
			       ? -WAVFILE_E_TRUNCATED
			       : -WAVFILE_E_NOT_WAV;
	int r = io->read(io->ctx, 0, b, 12);
	if (r)
		return r;
	if (memcmp(b, "RIFF", 4) || memcmp(b + 8, "WAVE", 4))
		return -WAVFILE_E_NOT_WAV;
	bool have_fmt = false;
	uint32_t off = 12;
	for (uint32_t n = 0;; n++) {
		if (io->size - off < 8)
			return have_fmt ? -WAVFILE_E_NO_DATA : -WAVFILE_E_NO_FMT;
		if (n == WAVFILE_MAX_CHUNKS)
			return -WAVFILE_E_TOO_MANY;
		r = io->read(io->ctx, off, b, 8);
		if (r)
			return r;
		memcpy(info->chunk_id, b, 4);
		for (int i = 0; i < 4; i++) /* printable in messages */
			if (info->chunk_id[i] < 0x20 || info->chunk_id[i] > 0x7e)
				info->chunk_id[i] = '?';
		info->chunk_off = off;
		info->chunk_size = get32(b + 4);
		const uint32_t body = off + 8, size = info->chunk_size;
		if (size > io->size - body)
			return -WAVFILE_E_CHUNK_SIZE;
		if (memcmp(b, "fmt ", 4) == 0) {
			if (have_fmt)
				return -WAVFILE_E_FMT_TWICE;
			r = io->read(io->ctx, body, b, size < sizeof b ? size : sizeof b);
			if (r)
				return r;
			r = parse_fmt(b, size, info);
			if (r)
				return r;
			have_fmt = true;
		} else if (memcmp(b, "data", 4) == 0) {
			if (!have_fmt)
				return -WAVFILE_E_NO_FMT;
			info->data_off = body;
			info->frames = size / info->block_align;
			info->data_bytes = info->frames * info->block_align;
			return info->frames ? 0 : -WAVFILE_E_EMPTY;
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
	char d[11];
	int i = 10;
	d[i] = '\0';
	do {
		d[--i] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	cat(buf, len, d + i);
}

static void cathex(char *buf, uint32_t len, uint32_t v)
{
	char d[7] = "0x0000";
	for (int i = 0; i < 4; i++)
		d[5 - i] = "0123456789abcdef"[v >> (4 * i) & 15u];
	cat(buf, len, d);
}

void wavfile_strerror(int err, const struct wavfile_info *in, char *buf, uint32_t len)
{
	if (len)
		buf[0] = '\0';
	switch (-err) {
	case WAVFILE_E_NOT_WAV:
		cat(buf, len, "not a WAV file (no RIFF/WAVE header)");
		break;
	case WAVFILE_E_TRUNCATED:
		cat(buf, len, "the file ends inside its header (cut short)");
		break;
	case WAVFILE_E_CHUNK_SIZE:
		cat(buf, len, "chunk '");
		cat(buf, len, in->chunk_id);
		cat(buf, len, "' at byte ");
		catu(buf, len, in->chunk_off);
		cat(buf, len, " says ");
		catu(buf, len, in->chunk_size);
		cat(buf, len, " bytes, more than the file holds (cut short, or never finished)");
		break;
	case WAVFILE_E_TOO_MANY:
		cat(buf, len, "more than 64 chunks before the samples");
		break;
	case WAVFILE_E_NO_FMT:
		cat(buf, len, "no 'fmt ' chunk before the samples");
		break;
	case WAVFILE_E_FMT_TWICE:
		cat(buf, len, "two 'fmt ' chunks");
		break;
	case WAVFILE_E_FMT_SHORT:
		cat(buf, len, "its 'fmt ' chunk of ");
		catu(buf, len, in->chunk_size);
		cat(buf, len, " bytes is too short for its format");
		break;
	case WAVFILE_E_NO_DATA:
		cat(buf, len, "no 'data' chunk (no samples)");
		break;
	case WAVFILE_E_ENCODING:
		cat(buf, len, "encoding ");
		cathex(buf, len, in->sub_tag);
		cat(buf, len, " is not PCM (0x0001) or IEEE float (0x0003)");
		break;
	case WAVFILE_E_CHANNELS:
		catu(buf, len, in->channels);
		cat(buf, len, " channels: Koi plays 1 or 2");
		break;
	case WAVFILE_E_RATE:
		cat(buf, len, "a rate of ");
		catu(buf, len, in->rate);
		cat(buf, len, " Hz: Koi reads 1..384000 Hz");
		break;
	case WAVFILE_E_BITS:
		catu(buf, len, in->valid_bits);
		cat(buf, len, in->sub_tag == TAG_FLOAT ? "-bit float" : "-bit PCM");
		if (in->valid_bits != in->bits) {
			cat(buf, len, " in ");
			catu(buf, len, in->bits);
			cat(buf, len, " bits");
		}
		cat(buf, len, ": Koi plays 8/16/24/32-bit PCM and 32-bit float");
		break;
	case WAVFILE_E_BLOCK:
		cat(buf, len, "a frame of ");
		catu(buf, len, in->block_align);
		cat(buf, len, " bytes does not fit ");
		catu(buf, len, in->channels);
		cat(buf, len, " channels of ");
		catu(buf, len, in->bits);
		cat(buf, len, " bits");
		break;
	case WAVFILE_E_EMPTY:
		cat(buf, len, "its 'data' chunk holds no whole frame");
		break;
	default:
		cat(buf, len, err == -EIO ? "cannot be read (cut short, or a host error)"
					  : "cannot be read");
		break;
	}
}

void wavfile_reader_init(struct wavfile_reader *r, const struct wavfile_io *io,
			 const struct wavfile_info *info)
{
	r->io = io;
	r->info = *info;
	r->next = 0;
	r->buf_first = r->buf_frames = 0;
}

int32_t wavfile_read(struct wavfile_reader *r, float *out, uint32_t max)
{
	const struct wavfile_info *in = &r->info;
	const uint32_t bps = sample_format_bytes(in->format);
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
		const uint8_t *p = r->buf + (r->next - r->buf_first) * in->block_align;
		for (uint32_t ch = 0; ch < in->channels; ch++)
			out[done * in->channels + ch] = convert_decode(in->format, p + ch * bps);
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
