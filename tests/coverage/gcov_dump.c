/*
 * Freestanding gcov for coverage builds of the firmware (mk/coverage.mk):
 * at exit, every object's counters (found through the .gcov_info section
 * that -fprofile-info-section fills) are serialised by libgcov's
 * __gcov_info_to_gcda() and written to host files through semihosting.
 *
 * Test images share objects, so each QEMU run writes its own set:
 * KOI_COV_OUT/<run>#<object path with '/' as '#'>.gcda, where <run> is the
 * first number whose KOI_COV_OUT/run-<n> marker file does not exist yet
 * (runs are sequential).  tests/coverage/report.py merges the sets.
 * A run that dies in an exception handler does not get here: its counts
 * are lost (the deliberate-fault tests).
 */
#include <gcov.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/semihost.h"

#ifndef KOI_COV_OUT
#error "KOI_COV_OUT (the host directory for .gcda files) must be defined"
#endif

#define SYS_OPEN  0x01u
#define SYS_CLOSE 0x02u
#define SYS_WRITE 0x05u
#define MODE_RB 1u
#define MODE_WB 5u

extern const struct gcov_info *const __gcov_info_start[];
extern const struct gcov_info *const __gcov_info_end[];

static int sh_open(const char *name, uint32_t mode)
{
	uintptr_t blk[3] = { (uintptr_t)name, mode, strlen(name) };
	return (int)semihost_call(SYS_OPEN, (uintptr_t)blk);
}

static void sh_close(int h)
{
	uintptr_t blk[1] = { (uintptr_t)h };
	semihost_call(SYS_CLOSE, (uintptr_t)blk);
}

static int out = -1;
static unsigned run;
static char path[512];

static void open_gcda(const char *filename, void *arg)
{
	(void)arg;
	int n = snprintf(path, sizeof path, "%s/%u", KOI_COV_OUT, run);
	for (const char *p = filename; *p && n > 0 && (size_t)n + 1 < sizeof path; p++)
		path[n++] = *p == '/' ? '#' : *p;
	path[n] = '\0';
	out = sh_open(path, MODE_WB);
}

static void write_gcda(const void *data, unsigned len, void *arg)
{
	(void)arg;
	if (out < 0)
		return;
	uintptr_t blk[3] = { (uintptr_t)out, (uintptr_t)data, len };
	semihost_call(SYS_WRITE, (uintptr_t)blk);
}

/* libgcov asks for scratch memory while it serialises: a bump arena. */
static void *scratch(unsigned len, void *arg)
{
	static uint8_t arena[16384] __attribute__((aligned(8)));
	static size_t used;
	(void)arg;
	len = (len + 7u) & ~7u;
	if (len > sizeof arena - used)
		return NULL;
	void *p = arena + used;
	used += len;
	return p;
}

static void dump(void)
{
	char marker[256];
	for (run = 0;; run++) {
		snprintf(marker, sizeof marker, "%s/run-%u", KOI_COV_OUT, run);
		int h = sh_open(marker, MODE_RB);
		if (h < 0)
			break;
		sh_close(h);
	}
	int h = sh_open(marker, MODE_WB);
	if (h < 0)
		return; /* no such directory: nothing to do */
	sh_close(h);
	for (const struct gcov_info *const *i = __gcov_info_start; i < __gcov_info_end; i++) {
		out = -1;
		__gcov_info_to_gcda(*i, open_gcda, write_gcda, scratch, NULL);
		if (out >= 0)
			sh_close(out);
	}
}

__attribute__((constructor)) static void cov_init(void)
{
	atexit(dump);
}
