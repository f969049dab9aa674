/*
 * libFuzzer target: the host tools' WAV reader (tools/wavread.c, libsndfile
 * underneath) on any bytes: headers of any size and order, EXTENSIBLE with
 * any SubFormat, data sizes of 0 (an unfinished capture), too large, odd.
 * It must return an error with a message, or a result that holds together:
 * a rate and 1..1024 channels, no more frames than the bytes can hold,
 * every sample finite, the note set exactly when the file is unfinished.
 * ASan checks every sample is readable.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tools/wavread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wav_in w;
	char err[300];
	if (wav_read_mem(data, size, "fuzz", &w, err, sizeof err)) {
		if (strncmp(err, "fuzz: ", 6) != 0 || !err[6])
			abort(); /* every error names the file and says why */
		return 0;
	}
	uint32_t bytes = w.bits / 8u;
	if (!w.rate || !w.channels || w.channels > 1024u || !bytes || !w.x ||
	    w.frames * w.channels * bytes > size || !w.format[0] ||
	    (w.unfinished != (w.note[0] != '\0')))
		abort();
	for (uint64_t i = 0; i < w.frames * w.channels; i++)
		if (!isfinite(w.x[i]))
			abort();
	wav_in_free(&w);
	return 0;
}
