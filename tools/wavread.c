/* The host tools' WAV reader; see wavread.h. */
#include "tools/wavread.h"

#include <math.h>
#include <sndfile.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE_BYTES (1ull << 31)
#define MAX_CHANNELS 1024u

/*
 * libsndfile reads through these from memory, and never sees the file as
 * it is: wav_read_mem() walks the RIFF chunk list itself and gives
 * libsndfile a canonical file made of two pieces, a header holding only
 * the 'fmt ' chunk (whose format details, EXTENSIBLE included, libsndfile
 * decodes) and the samples of the 'data' chunk, in place.  libsndfile's
 * own chunk parser (LIST, cue, ...) is never reached: the fuzzer found an
 * endless loop in it on a LIST chunk longer than the file (Debian's
 * libsndfile 1.2.0; tests/fuzz/regress/wav/libsndfile-endless-list-chunk).
 */
struct memfile {
	const uint8_t *head, *body;
	sf_count_t hlen, len, pos;  /* len: head and body together */
};

static sf_count_t mf_len(void *u)
{
	return ((struct memfile *)u)->len;
}

static sf_count_t mf_seek(sf_count_t off, int whence, void *u)
{
	struct memfile *m = u;
	sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->pos : m->len;
	/* Like a file: anywhere from 0 on, reads past the end give nothing
	 * (refusing a seek past the end made libsndfile's parser retry the
	 * pad byte of an odd data chunk for ever). */
	if ((off < 0 && -off > base) || (off > 0 && off > INT64_MAX / 2 - base))
		return -1;
	m->pos = base + off;
	return m->pos;
}

static sf_count_t mf_read(void *ptr, sf_count_t n, void *u)
{
	struct memfile *m = u;
	uint8_t *out = ptr;
	sf_count_t done = 0;
	if (n < 0 || m->pos >= m->len)
		return 0;
	if (n > m->len - m->pos)
		n = m->len - m->pos;
	while (done < n) {
		sf_count_t at = m->pos + done, k;
		if (at < m->hlen) {
			k = m->hlen - at < n - done ? m->hlen - at : n - done;
			memcpy(out + done, m->head + at, (size_t)k);
		} else {
			k = n - done;
			memcpy(out + done, m->body + (at - m->hlen), (size_t)k);
		}
		done += k;
	}
	m->pos += n;
	return n;
}

static sf_count_t mf_write(const void *ptr, sf_count_t n, void *u)
{
	(void)ptr;
	(void)n;
	(void)u;
	return 0; /* read only */
}

static sf_count_t mf_tell(void *u)
{
	return ((struct memfile *)u)->pos;
}

static SF_VIRTUAL_IO mf_io = {
	.get_filelen = mf_len, .seek = mf_seek, .read = mf_read,
	.write = mf_write, .tell = mf_tell,
};

static int fail(char *err, size_t errlen, const char *name, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s: %s", name, msg);
	return -1;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#define MAX_FMT 1024u  /* a 'fmt ' chunk is 16, 18 or 40 bytes */

/* Where the chunks we read are: fmt body, data body and its size as the
 * header declares it and as the file holds it. */
struct chunks {
	size_t fmt, fmt_len;
	size_t data, declared, held;
	bool have_fmt, have_data;
};

/* Walks the top-level chunks after "RIFF" size "WAVE": every step moves
 * on by at least 8 bytes, so it ends.  A chunk running past the end of the
 * file is an error, except the data chunk: that is a file being written or
 * cut short, read as far as it goes. */
static int walk(const uint8_t *buf, size_t len, struct chunks *c, char *why,
		size_t whylen)
{
	memset(c, 0, sizeof *c);
	size_t off = 12;
	while (off + 8 <= len && !(c->have_fmt && c->have_data)) {
		const uint8_t *id = buf + off;
		size_t size = le32(buf + off + 4), body = off + 8, room = len - body;
		if (!memcmp(id, "data", 4) && !c->have_data) {
			c->have_data = true;
			c->data = body;
			c->declared = size;
			c->held = size == 0 || size > room ? room : size;
			if (size == 0 || size > room)
				break; /* unfinished: the samples run to the end */
		} else if (!memcmp(id, "fmt ", 4) && !c->have_fmt) {
			if (size < 16 || size > MAX_FMT || size > room) {
				snprintf(why, whylen, "'fmt ' chunk of %zu bytes at byte %zu", size, off);
				return -1;
			}
			c->have_fmt = true;
			c->fmt = body;
			c->fmt_len = size;
		} else if (size > room) {
			snprintf(why, whylen, "chunk '%c%c%c%c' at byte %zu runs past the end of the file",
				 id[0] >= 0x20 && id[0] < 0x7f ? id[0] : '?',
				 id[1] >= 0x20 && id[1] < 0x7f ? id[1] : '?',
				 id[2] >= 0x20 && id[2] < 0x7f ? id[2] : '?',
				 id[3] >= 0x20 && id[3] < 0x7f ? id[3] : '?', off);
			return -1;
		}
		off = body + size + (size & 1);
	}
	if (!c->have_fmt || !c->have_data) {
		snprintf(why, whylen, "no '%s' chunk", c->have_fmt ? "data" : "fmt ");
		return -1;
	}
	return 0;
}

/* Bits per stored sample of a subtype we read; 0 for any other. */
static uint32_t subtype_bits(int format, bool *is_float)
{
	*is_float = false;
	switch (format & SF_FORMAT_SUBMASK) {
	case SF_FORMAT_PCM_U8:
		return 8;
	case SF_FORMAT_PCM_16:
		return 16;
	case SF_FORMAT_PCM_24:
		return 24;
	case SF_FORMAT_PCM_32:
		return 32;
	case SF_FORMAT_FLOAT:
		*is_float = true;
		return 32;
	case SF_FORMAT_DOUBLE:
		*is_float = true;
		return 64;
	default:
		return 0;
	}
}

/* Every sample of an opened file into w->x; frames is what to expect. */
static int read_samples(SNDFILE *sf, struct wav_in *w, uint64_t frames,
			const char *name, char *err, size_t errlen)
{
	uint64_t n = frames * w->channels;
	w->x = malloc((size_t)(n ? n : 1u) * sizeof(float));
	if (!w->x)
		return fail(err, errlen, name, "out of memory for %llu samples",
			    (unsigned long long)n);
	sf_count_t got = sf_readf_float(sf, w->x, (sf_count_t)frames);
	if (got < 0)
		got = 0;
	w->frames = (uint64_t)got;
	for (uint64_t i = 0; i < w->frames * w->channels; i++) {
		if (!isfinite(w->x[i]))
			return fail(err, errlen, name,
				    "frame %llu holds a NaN or infinite sample",
				    (unsigned long long)(i / w->channels));
		w->x[i] += 0.0f; /* -0.0 becomes 0.0: equal samples, equal bits */
	}
	return 0;
}

static void describe(struct wav_in *w, int format)
{
	int major = format & SF_FORMAT_TYPEMASK;
	snprintf(w->format, sizeof w->format, "%u-bit %s%s", (unsigned)w->bits,
		 w->is_float ? "float" : "PCM", major == SF_FORMAT_WAVEX ? ", EXTENSIBLE" : "");
}

/* The canonical file libsndfile reads, into m: a header holding the fmt
 * chunk (head, MAX_FMT + 28 bytes), then the held samples in place. */
static void canonical(const uint8_t *buf, const struct chunks *c, uint8_t *head,
		      struct memfile *m)
{
	size_t hlen = 12 + 8 + c->fmt_len + (c->fmt_len & 1) + 8;
	memset(head, 0, 12 + 8 + MAX_FMT + 8);
	memcpy(head, "RIFF", 4);
	put32(head + 4, (uint32_t)(hlen - 8 + c->held));
	memcpy(head + 8, "WAVEfmt ", 8);
	put32(head + 16, (uint32_t)c->fmt_len);
	memcpy(head + 20, buf + c->fmt, c->fmt_len);
	memcpy(head + hlen - 8, "data", 4);
	put32(head + hlen - 4, (uint32_t)c->held);
	*m = (struct memfile){.head = head, .hlen = (sf_count_t)hlen, .body = buf + c->data,
			      .len = (sf_count_t)(hlen + c->held)};
}

/* libsndfile's reason for not opening, as a message: its own is often
 * generic; the last line of its parse log says what it tripped on. */
static int open_failed(const char *name, char *err, size_t errlen)
{
	char log[2048] = "", *last = log;
	sf_command(NULL, SFC_GET_LOG_INFO, log, sizeof log);
	for (char *p = strtok(log, "\n"); p; p = strtok(NULL, "\n"))
		last = p;
	return fail(err, errlen, name, "not a readable WAV file (%s%s%s)", sf_strerror(NULL),
		    *last ? " " : "", last);
}

/* The opened file's format into w: 0, or -1 (message in err). */
static int take_format(const SF_INFO *info, struct wav_in *w, const char *name, char *err,
		       size_t errlen)
{
	w->bits = subtype_bits(info->format, &w->is_float);
	if (w->bits == 0)
		return fail(err, errlen, name,
			    "compressed or unknown sample encoding (libsndfile subtype 0x%x); "
			    "only PCM and float are read",
			    (unsigned)(info->format & SF_FORMAT_SUBMASK));
	if (info->channels < 1 || (uint32_t)info->channels > MAX_CHANNELS || info->samplerate < 1)
		return fail(err, errlen, name, "%d channels at %d Hz", info->channels,
			    info->samplerate);
	w->rate = (uint32_t)info->samplerate;
	w->channels = (uint32_t)info->channels;
	describe(w, info->format);
	return 0;
}

/* What was unusual: a header never finished, a file cut short. */
static void note_unfinished(struct wav_in *w, const struct chunks *c, uint64_t fbytes)
{
	w->declared = c->declared == 0xffffffffu ? w->frames : c->declared / fbytes;
	if (c->declared == 0 && c->held >= fbytes) {
		w->unfinished = true;
		snprintf(w->note, sizeof w->note,
			 "unfinished: the header says 0 frames (never finished; writer killed?); "
			 "read the %llu frames that follow it", (unsigned long long)w->frames);
	} else if (c->declared != 0xffffffffu && c->declared > c->held) {
		/* 0xffffffff: a writer that could not seek back (a pipe) */
		w->unfinished = true;
		snprintf(w->note, sizeof w->note,
			 "cut short: the header says %llu frames, the file holds %llu",
			 (unsigned long long)w->declared, (unsigned long long)w->frames);
	}
}

int wav_read_mem(const uint8_t *buf, size_t len, const char *name,
		 struct wav_in *w, char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	if (len > MAX_FILE_BYTES)
		return fail(err, errlen, name, "larger than 2 GiB");
	if (len < 12 || memcmp(buf, "RIFF", 4) || memcmp(buf + 8, "WAVE", 4))
		return fail(err, errlen, name, "not a RIFF/WAVE file");
	struct chunks c;
	char why[120];
	if (walk(buf, len, &c, why, sizeof why))
		return fail(err, errlen, name, "not a readable WAV file: %s", why);
	uint8_t head[12 + 8 + MAX_FMT + 8];
	struct memfile m;
	canonical(buf, &c, head, &m);
	SF_INFO info = {0};
	SNDFILE *sf = sf_open_virtual(&mf_io, SFM_READ, &info, &m);
	if (!sf)
		return open_failed(name, err, errlen);
	int r = take_format(&info, w, name, err, errlen);
	if (r) {
		sf_close(sf);
		return r;
	}
	const uint64_t fbytes = (uint64_t)w->channels * (w->bits / 8u);
	/* Never more than the bytes held can make. */
	uint64_t want = (uint64_t)info.frames < c.held / fbytes ? (uint64_t)info.frames
								: c.held / fbytes;
	r = read_samples(sf, w, want, name, err, errlen);
	sf_close(sf);
	if (r) {
		wav_in_free(w);
		return r;
	}
	note_unfinished(w, &c, fbytes);
	return 0;
}

int wav_read_file(const char *path, struct wav_in *w, char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	FILE *f = fopen(path, "rb");
	if (!f)
		return fail(err, errlen, path, "cannot open");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			if (cap >= MAX_FILE_BYTES) {
				free(buf);
				fclose(f);
				return fail(err, errlen, path, "larger than 2 GiB");
			}
			cap = cap ? cap * 2 : 1u << 16;
			uint8_t *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return fail(err, errlen, path, "out of memory");
			}
			buf = nb;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return fail(err, errlen, path, "read error");
	}
	int r = wav_read_mem(buf, len, path, w, err, errlen);
	free(buf);
	return r;
}

void wav_in_free(struct wav_in *w)
{
	free(w->x);
	w->x = NULL;
	w->frames = 0;
}
