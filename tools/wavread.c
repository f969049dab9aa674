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

/* libsndfile reads through these from memory: the whole file is loaded
 * first, which is also what lets us look at the data chunk's size field. */
struct memfile {
	const uint8_t *p;
	sf_count_t len, pos;
};

static sf_count_t mf_len(void *u)
{
	return ((struct memfile *)u)->len;
}

static sf_count_t mf_seek(sf_count_t off, int whence, void *u)
{
	struct memfile *m = u;
	sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->pos : m->len;
	/* Outside [0, len]: refuse and stay put (libsndfile checks). */
	if ((off < 0 && -off > base) || (off > 0 && off > m->len - base))
		return -1;
	m->pos = base + off;
	return m->pos;
}

static sf_count_t mf_read(void *ptr, sf_count_t n, void *u)
{
	struct memfile *m = u;
	sf_count_t left = m->len - m->pos;
	if (n < 0)
		return 0;
	if (n > left)
		n = left;
	memcpy(ptr, m->p + m->pos, (size_t)n);
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
		 w->is_float ? "float" : "PCM",
		 major == SF_FORMAT_WAVEX ? ", EXTENSIBLE" :
		 major == SF_FORMAT_RF64 ? ", RF64" : "");
}

int wav_read_mem(const uint8_t *buf, size_t len, const char *name,
		 struct wav_in *w, char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	if (len > MAX_FILE_BYTES)
		return fail(err, errlen, name, "larger than 2 GiB");
	/* Only WAV: libsndfile would also open AIFF, FLAC and dozens more. */
	if (len < 12 || (memcmp(buf, "RIFF", 4) && memcmp(buf, "RF64", 4)) ||
	    memcmp(buf + 8, "WAVE", 4))
		return fail(err, errlen, name, "not a RIFF/WAVE file");

	struct memfile m = {.p = buf, .len = (sf_count_t)len};
	SF_INFO info = {0};
	SNDFILE *sf = sf_open_virtual(&mf_io, SFM_READ, &info, &m);
	if (!sf) {
		/* libsndfile's own reason is often generic; the last line of
		 * its parse log says what it tripped on. */
		char log[2048] = "", *last = log;
		sf_command(NULL, SFC_GET_LOG_INFO, log, sizeof log);
		for (char *p = strtok(log, "\n"); p; p = strtok(NULL, "\n"))
			last = p;
		return fail(err, errlen, name, "not a readable WAV file (%s%s%s)",
			    sf_strerror(NULL), *last ? " " : "", last);
	}
	/* libsndfile leaves the file at the first sample after opening. */
	sf_count_t data = m.pos;
	int major = info.format & SF_FORMAT_TYPEMASK;
	int r = 0;
	w->bits = subtype_bits(info.format, &w->is_float);
	if (major != SF_FORMAT_WAV && major != SF_FORMAT_WAVEX && major != SF_FORMAT_RF64) {
		r = fail(err, errlen, name, "not a WAV file (libsndfile format 0x%x)",
			 (unsigned)info.format);
	} else if (w->bits == 0) {
		r = fail(err, errlen, name,
			 "compressed or unknown sample encoding (libsndfile subtype 0x%x); "
			 "only PCM and float are read",
			 (unsigned)(info.format & SF_FORMAT_SUBMASK));
	} else if (info.channels < 1 || (uint32_t)info.channels > MAX_CHANNELS ||
		   info.samplerate < 1) {
		r = fail(err, errlen, name, "%d channels at %d Hz", info.channels,
			 info.samplerate);
	}
	if (r) {
		sf_close(sf);
		return r;
	}
	w->rate = (uint32_t)info.samplerate;
	w->channels = (uint32_t)info.channels;
	describe(w, info.format);
	const uint64_t fbytes = (uint64_t)w->channels * (w->bits / 8u);
	const uint64_t present = data > 0 && data <= m.len ? (uint64_t)(m.len - data) / fbytes : 0;
	/* The data chunk's own size field is just before the first sample. */
	bool have_size = major != SF_FORMAT_RF64 && data >= 20 &&
			 memcmp(buf + data - 8, "data", 4) == 0;
	uint32_t size = have_size ? le32(buf + data - 4) : 0;
	w->declared = (uint64_t)info.frames;

	if (have_size && size == 0 && present > 0) {
		/* Never finished: read what follows the header as raw samples of
		 * the format the header gives. */
		sf_close(sf);
		struct memfile raw = {.p = buf + data, .len = (sf_count_t)(present * fbytes)};
		SF_INFO ri = {.samplerate = info.samplerate, .channels = info.channels,
			      .format = SF_FORMAT_RAW | (info.format & SF_FORMAT_SUBMASK) |
					SF_ENDIAN_LITTLE};
		sf = sf_open_virtual(&mf_io, SFM_READ, &ri, &raw);
		if (!sf)
			return fail(err, errlen, name, "cannot read the samples after the header (%s)",
				    sf_strerror(NULL));
		w->declared = 0;
		w->unfinished = true;
		r = read_samples(sf, w, present, name, err, errlen);
		snprintf(w->note, sizeof w->note,
			 "unfinished: the header says 0 frames (never finished; writer killed?); "
			 "read the %llu frames that follow it",
			 (unsigned long long)w->frames);
	} else {
		/* Never more than the bytes after the header can hold. */
		uint64_t want = (uint64_t)info.frames < present ? (uint64_t)info.frames : present;
		r = read_samples(sf, w, want, name, err, errlen);
		if (have_size && size != 0xffffffffu && size / fbytes > w->frames) {
			w->unfinished = true;
			w->declared = size / fbytes;
			snprintf(w->note, sizeof w->note,
				 "cut short: the header says %llu frames, the file holds %llu",
				 (unsigned long long)w->declared, (unsigned long long)w->frames);
		}
	}
	sf_close(sf);
	if (r) {
		wav_in_free(w);
		return r;
	}
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
