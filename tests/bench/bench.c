/* Shared pieces of the benchmark images; see bench.h. */
#include "tests/bench/bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm/pmu.h"
#include "board/board.h"
#include "drivers/semihost.h"

#define SYS_CLOSE 0x02u
#define SYS_SEEK  0x0au
#define OPEN_WB   5u /* fopen mode "wb" in the semihosting table */

void bench_init(void)
{
	/* Semihosting output costs the guest one trap, the TTY one MMIO store
	 * per byte: keep reports out of the measured time. */
	board_console_outputs(BOARD_CONSOLE_HOST);
	if (pmu_init()) {
		fprintf(stderr, "bench: this CPU has no PMU (use -cpu cortex-a15)\n");
		exit(3);
	}
	if (!pmu_counts_per_insn()) {
		fprintf(stderr, "bench: the cycle counter is not an instruction count (run under -icount)\n");
		exit(3);
	}
	bench_u("counts_per_insn", pmu_counts_per_insn());
}

void bench_u(const char *key, uint64_t v)
{
	printf("BENCH %s %llu\n", key, (unsigned long long)v);
}

void bench_centi(const char *key, uint64_t h)
{
	printf("BENCH %s %llu.%02u\n", key, (unsigned long long)(h / 100u), (unsigned)(h % 100u));
}

void bench_s(const char *key, const char *v)
{
	printf("BENCH %s %s\n", key, v);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static int header(struct bench_wav *w)
{
	uint8_t h[44];
	uint32_t data = w->frames * 4u;
	memcpy(h, "RIFF", 4); put32(h + 4, 36u + data);
	memcpy(h + 8, "WAVEfmt ", 8); put32(h + 16, 16);
	h[20] = 1; h[21] = 0; h[22] = 2; h[23] = 0;
	put32(h + 24, 44100); put32(h + 28, 44100u * 4u);
	h[32] = 4; h[33] = 0; h[34] = 16; h[35] = 0;
	memcpy(h + 36, "data", 4); put32(h + 40, data);
	uintptr_t blk[3] = {(uintptr_t)w->handle, (uintptr_t)h, sizeof h};
	return semihost_call(SEMIHOST_SYS_WRITE, (uintptr_t)blk) == 0 ? 0 : -EIO;
}

int bench_wav_open(struct bench_wav *w, const char *path)
{
	uintptr_t blk[3] = {(uintptr_t)path, OPEN_WB, strlen(path)};
	intptr_t h = (intptr_t)semihost_call(SEMIHOST_SYS_OPEN, (uintptr_t)blk);
	if (h == -1)
		return -EIO;
	w->handle = h;
	w->frames = 0;
	return header(w); /* placeholder lengths, rewritten on close */
}

int bench_wav_write(struct bench_wav *w, const int16_t *lr, uint32_t frames)
{
	uintptr_t blk[3] = {(uintptr_t)w->handle, (uintptr_t)lr, frames * 4u};
	if (semihost_call(SEMIHOST_SYS_WRITE, (uintptr_t)blk) != 0)
		return -EIO;
	w->frames += frames;
	return 0;
}

int bench_wav_close(struct bench_wav *w)
{
	uintptr_t seek[2] = {(uintptr_t)w->handle, 0};
	int r = semihost_call(SYS_SEEK, (uintptr_t)seek) == 0 ? header(w) : -EIO;
	uintptr_t h = (uintptr_t)w->handle;
	if (semihost_call(SYS_CLOSE, (uintptr_t)&h) != 0 && r == 0)
		r = -EIO;
	return r;
}
