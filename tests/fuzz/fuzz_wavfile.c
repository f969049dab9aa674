/*
 * libFuzzer target: the WAV header parser and sample reader
 * (audio/wavfile.h) that play and koi-render share.  The input is the
 * file.  Whatever its bytes: wavfile_parse() returns 0 or a documented
 * code, never reads outside the file or more than a chunk at once, and
 * gives up after WAVFILE_MAX_CHUNKS chunks (no hang on a file of empty
 * chunks); every refusal has a terminated message; an accepted file's
 * samples lie inside it, and the reader returns exactly its frames, each
 * sample finite and within the decoder's range, whether it reads the
 * channels as they are, mixed down, or picked by a channel map (the
 * file's last byte picks one); the same bytes as headerless samples
 * (play --raw) in a format their first bytes choose.  The corpus holds
 * every encoding (PCM 8..32, float 32/64, mu-law, A-law), RIFX, AU, 6 to 10
 * channels with and without a mask, cut data and frames cut in the middle,
 * odd chunks and compressed tags.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audio/wavfile.h"

struct mem {
	const uint8_t *b;
	uint32_t n, reads;
};

static int mem_read(void *ctx, uint32_t off, void *buf, uint32_t n)
{
	struct mem *m = ctx;
	if (n > WAVFILE_CHUNK)
		abort();
	m->reads++;
	if (off > m->n || n > m->n - off)
		return -EIO;
	memcpy(buf, m->b + off, n);
	return 0;
}

static struct wavfile_reader rd;
static float out[2 * 1000];

/* An accepted file: its fields hold together, and the reader gives
 * exactly its frames, each in range, through the map or without it. */
static void check_accepted(const struct wavfile_io *io, const struct wavfile_info *info,
			   const uint8_t *data, size_t size)
{
	char msg[200];
	if (info->channels < 1 || info->frames == 0 || info->bytes < 1 || info->bytes > 8 ||
	    info->rate == 0 || info->rate > WAVFILE_MAX_RATE ||
	    info->block_align != info->channels * info->bytes ||
	    info->block_align > WAVFILE_CHUNK ||
	    info->data_bytes != info->frames * info->block_align || info->data_off > size ||
	    info->data_bytes > size - info->data_off || info->held < info->data_bytes ||
	    (info->missing == 0) != (info->held == info->data_bytes &&
				     (info->declared == 0xffffffffu || info->declared <= info->held)))
		abort();
	memset(msg, 'x', sizeof msg);
	wavfile_warning(info, msg, sizeof msg);
	if (!memchr(msg, '\0', sizeof msg) || (msg[0] != '\0') != (info->missing != 0))
		abort();
	const uint8_t last = data[size - 1];
	const struct wavfile_map map = {1 + (last & 1u),
					{last % info->channels, (last >> 1) % info->channels}};
	const struct wavfile_map *pick = last & 0x80u ? &map : NULL;
	if (wavfile_reader_init(&rd, io, info, pick))
		abort();
	const uint32_t oc = wavfile_out_channels(info, pick);
	if (oc < 1 || oc > 2 || oc != rd.out_channels)
		abort();
	uint32_t total = 0;
	int32_t got;
	while ((got = wavfile_read(&rd, out, 1000)) > 0) {
		for (int32_t i = 0; i < got * (int32_t)oc; i++)
			if (!(out[i] >= -65536.0f && out[i] <= 65536.0f))
				abort();
		total += (uint32_t)got;
	}
	if (got < 0 || total != info->frames)
		abort();
}

/* The same bytes as headerless samples (play --raw), in a format, rate
 * and channel count their first bytes choose. */
static void check_raw(const struct wavfile_io *io, const uint8_t *data, size_t size)
{
	static const char *const names[] = {"u8", "s8", "s16", "s24", "s32", "float", "float64",
					    "s16be", "s24be", "s32be", "floatbe", "float64be",
					    "mu-law", "a-law"};
	struct wavfile_info info;
	if (size < 3)
		return;
	if (wavfile_raw_format(names[data[0] % 14u], &info))
		abort();
	info.rate = 1u + data[1] * 1500u;
	info.channels = data[2] % 12u;
	int r = wavfile_parse_raw(io, &info);
	if (r == 0)
		check_accepted(io, &info, data, size);
	else if (r != -WAVFILE_E_CHANNELS && r != -WAVFILE_E_EMPTY && r != -WAVFILE_E_RATE)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 20))
		return 0;
	struct mem m = {data, (uint32_t)size, 0};
	const struct wavfile_io io = {mem_read, &m, (uint32_t)size};
	struct wavfile_info info;
	int r = wavfile_parse(&io, &info);
	char msg[200];
	memset(msg, 'x', sizeof msg);
	wavfile_strerror(r, &info, msg, sizeof msg);
	if (!memchr(msg, '\0', sizeof msg))
		abort();
	/* the header walk is bounded: 1 + 2 reads per chunk */
	if (m.reads > 2 * WAVFILE_MAX_CHUNKS + 3)
		abort();
	if (r == 0)
		check_accepted(&io, &info, data, size);
	else if (r != -EIO && (r >= -WAVFILE_E_BASE || r <= -WAVFILE_E_END))
		abort();
	check_raw(&io, data, size);
	return 0;
}
