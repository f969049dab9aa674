/*
 * wavread.h — the host tools' one WAV reader (wavcmp, wavstat).
 *
 * Reads any PCM or float RIFF WAVE file, EXTENSIBLE included
 * (WAVE_FORMAT_EXTENSIBLE, by its SubFormat): 8-, 16-, 24- and 32-bit
 * integer PCM, 32- and 64-bit float.  The chunk list is walked here (any
 * chunks in any order, only 'fmt ' and 'data' read); libsndfile decodes
 * the format chunk and the samples.  Samples come back as float,
 * full scale 1.0 (a 16-bit sample s is s / 32768): exact for 8-, 16- and
 * 24-bit PCM and 32-bit float, so two files with the same sound compare
 * equal sample for sample whatever their container.
 *
 * An unfinished file is read with what is there, and said so:
 *  - a data chunk whose size is still 0 with samples after it: the writer
 *    was killed before it finished the header (QEMU's wav backend writes
 *    the sizes only at exit); the samples up to the end of the file are
 *    read (whole frames);
 *  - a data chunk that claims more than the file holds: the file was cut
 *    short; what it holds is read.
 * In both cases `unfinished` is set and `note` says what happened; the
 * tools print the note and go on.
 *
 * Errors (message in err, return -1): cannot open or read, not a RIFF/WAVE
 * file (RF64 included), no fmt or data chunk, another chunk running past
 * the end of the file, compressed or otherwise not PCM/float, a NaN or
 * infinite float sample, larger than 2 GiB.  Never aborts, never hangs.
 */
#ifndef KOI_TOOLS_WAVREAD_H
#define KOI_TOOLS_WAVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wav_in {
	uint32_t rate;        /* frames per second */
	uint32_t channels;
	uint64_t frames;      /* frames read */
	float *x;             /* frames * channels samples, interleaved */
	uint32_t bits;        /* bits per stored sample: 8, 16, 24, 32, 64 */
	bool is_float;
	bool unfinished;      /* header unfinished or file cut short */
	uint64_t declared;    /* frames the header declares */
	char format[64];      /* e.g. "16-bit PCM", "32-bit float, EXTENSIBLE" */
	char note[200];       /* "" or what was unusual about the file */
};

/**
 * Reads a WAV file (any PCM or float WAV, EXTENSIBLE included).
 * @param path    the file
 * @param w       receives its format and samples (wav_in_free() them)
 * @param err     receives a message naming the file on failure
 * @param errlen  bytes in err
 * @return 0, or -1 with the message in err
 */
int wav_read_file(const char *path, struct wav_in *w, char *err, size_t errlen);

/**
 * Same as wav_read_file(), from memory.
 * @param buf     len bytes
 * @param len     their count
 * @param name    used in messages
 * @param w       receives the format and samples (wav_in_free() them)
 * @param err     receives a message on failure
 * @param errlen  bytes in err
 * @return 0, or -1 with the message in err
 */
int wav_read_mem(const uint8_t *buf, size_t len, const char *name,
		 struct wav_in *w, char *err, size_t errlen);

/**
 * Frees what wav_read_file() or wav_read_mem() allocated.
 * @param w  the file read
 */
void wav_in_free(struct wav_in *w);

#endif /* KOI_TOOLS_WAVREAD_H */
