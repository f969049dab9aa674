/*
 * bench.h — shared pieces of the benchmark images (tests/bench/).
 *
 * A bench image is a main() linked with every firmware object except
 * app/main.c.  It measures with the PMU cycle counter (arch/arm/pmu.h) under
 * -icount, prints each figure as one line "BENCH key value" for
 * tests/bench/run.sh, and writes the sound it measured to host files through
 * semihosting so the host can analyse exactly what was timed.
 */
#ifndef KOI_BENCH_H
#define KOI_BENCH_H

#include <stdint.h>

/* PMU up, console on semihosting; exits with status 3 (and says why)
 * without a PMU or without -icount. */
void bench_init(void);

/* "BENCH key value": integers, and fixed-point decimals (value/100). */
void bench_u(const char *key, uint64_t v);
void bench_centi(const char *key, uint64_t hundredths);
void bench_s(const char *key, const char *v);

/* A 44.1 kHz stereo S16 WAV written on the host (path relative to QEMU's
 * working directory).  0 or a negative errno; a failed write is fatal to
 * the figure, so callers check. */
struct bench_wav {
	intptr_t handle;
	uint32_t frames;
};
int bench_wav_open(struct bench_wav *w, const char *path);
int bench_wav_write(struct bench_wav *w, const int16_t *lr, uint32_t frames);
int bench_wav_close(struct bench_wav *w);

#endif /* KOI_BENCH_H */
