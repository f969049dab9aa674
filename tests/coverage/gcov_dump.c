/*
 * Freestanding gcov for the instrumented build (COVERAGE=1, mk/coverage.mk):
 * when the firmware ends, every object's counters (found through the
 * .gcov_info section that -fprofile-info-section fills) are serialised by
 * libgcov's __gcov_info_to_gcda() and written to host files through
 * semihosting.
 *
 * When: every image is linked with --wrap=board_exit, so this runs on every
 * way out that reaches the board's exit: main's return, exit(), the fatal
 * path of a fault (arch/arm/exceptions.c ends through board_exit as well).
 * A run QEMU itself ends (killed, timed out) writes nothing.
 *
 * Where: KOI_COV_OUT/<run>#<object path with '/' as '#'>.gcda, one set per
 * run, for tests/coverage/report.py to merge.  <run> is unique without any
 * help from the test that started QEMU: the name semihosting's SYS_TMPNAM
 * gives (QEMU makes it from its process id, so two QEMUs running at the
 * same time never share it), then the first free number n of a marker file
 * <that name>-n (for a later QEMU that got the same process id).  Without
 * the directory KOI_COV_OUT (an instrumented image run outside `make
 * coverage`) or without semihosting (the plain QEMU command), nothing is
 * written.
 *
 * This file is not instrumented, and calls nothing that is: semihosting by
 * its own SVC, strings by hand (newlib's printf wants more stack than a
 * fault handler's 4 KiB).
 */
#include <gcov.h>
#include <stddef.h>
#include <stdint.h>

#ifndef KOI_COV_OUT
#error "KOI_COV_OUT (the host directory for .gcda files) must be defined"
#endif

#define SYS_OPEN   0x01u
#define SYS_CLOSE  0x02u
#define SYS_WRITE  0x05u
#define SYS_TMPNAM 0x0du
#define MODE_RB 1u
#define MODE_WB 5u

extern const struct gcov_info *const __gcov_info_start[];
extern const struct gcov_info *const __gcov_info_end[];

void __real_board_exit(int status) __attribute__((noreturn));
void __wrap_board_exit(int status) __attribute__((noreturn));

/* The semihosting trap (drivers/semihost.c's, which is instrumented).
 * Without a host it is a real SVC, which overwrites the SVC-mode lr. */
static uintptr_t sh(uint32_t op, uintptr_t arg)
{
	register uintptr_t r0 __asm__("r0") = op;
	register uintptr_t r1 __asm__("r1") = arg;
	__asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory", "lr");
	return r0;
}

static size_t len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static int sh_open(const char *name, uint32_t mode)
{
	uintptr_t blk[3] = { (uintptr_t)name, mode, len(name) };
	return (int)sh(SYS_OPEN, (uintptr_t)blk);
}

static void sh_close(int h)
{
	uintptr_t blk[1] = { (uintptr_t)h };
	sh(SYS_CLOSE, (uintptr_t)blk);
}

/* Appends s to buf (size bytes, holding n), '/' as '#' if flat; returns
 * the new length, or size if it did not fit. */
static size_t put(char *buf, size_t size, size_t n, const char *s, int flat)
{
	for (; *s && n < size; s++)
		buf[n++] = flat && *s == '/' ? '#' : *s;
	if (n >= size)
		return size;
	buf[n] = '\0';
	return n;
}

static size_t put_uint(char *buf, size_t size, size_t n, unsigned v)
{
	char d[11];
	int i = 10;
	d[i] = '\0';
	do {
		d[--i] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	return put(buf, size, n, &d[i], 0);
}

static char run[96];  /* KOI_COV_OUT/<run>, the prefix of every file */
static size_t run_len;
static int out = -1;

/* This QEMU's name from SYS_TMPNAM ("/tmp/qemu-<pid><id>"): its last part,
 * or "x" if the host gives none. */
static const char *qemu_name(char *buf, size_t size)
{
	uintptr_t blk[3] = { (uintptr_t)buf, 0, size };
	if (sh(SYS_TMPNAM, (uintptr_t)blk) != 0)
		return "x";
	buf[size - 1] = '\0';
	const char *base = buf;
	for (const char *p = buf; *p; p++)
		if (*p == '/')
			base = p + 1;
	return *base ? base : "x";
}

/* Claims the run's name: the first <name>-n with no marker file yet.
 * Returns 0, or -1 without the directory or without semihosting. */
static int claim_run(void)
{
	char name[64], marker[128];
	const char *q = qemu_name(name, sizeof name);
	for (unsigned n = 0; n < 100000u; n++) {
		size_t k = put(run, sizeof run, 0, KOI_COV_OUT "/", 0);
		k = put(run, sizeof run, k, q, 0);
		k = put(run, sizeof run, k, "-", 0);
		run_len = put_uint(run, sizeof run, k, n);
		size_t m = put(marker, sizeof marker, 0, run, 0);
		if (run_len >= sizeof run || put(marker, sizeof marker, m, ".run", 0) >= sizeof marker)
			return -1;
		int h = sh_open(marker, MODE_RB);
		if (h >= 0) {
			sh_close(h);
			continue;
		}
		h = sh_open(marker, MODE_WB);
		if (h < 0)
			return -1;
		sh_close(h);
		return 0;
	}
	return -1;
}

static void open_gcda(const char *filename, void *arg)
{
	static char path[512];
	(void)arg;
	size_t n = put(path, sizeof path, 0, run, 0);
	n = put(path, sizeof path, n, "#", 0);
	out = put(path, sizeof path, n, filename, 1) < sizeof path ? sh_open(path, MODE_WB) : -1;
}

static void write_gcda(const void *data, unsigned n, void *arg)
{
	(void)arg;
	if (out < 0)
		return;
	uintptr_t blk[3] = { (uintptr_t)out, (uintptr_t)data, n };
	sh(SYS_WRITE, (uintptr_t)blk);
}

/* libgcov asks for scratch memory while it serialises: a bump arena. */
static void *scratch(unsigned n, void *arg)
{
	static uint8_t arena[16384] __attribute__((aligned(8)));
	static size_t used;
	(void)arg;
	n = (n + 7u) & ~7u;
	if (n > sizeof arena - used)
		return NULL;
	void *p = arena + used;
	used += n;
	return p;
}

static void dump(void)
{
	if (claim_run())
		return;
	for (const struct gcov_info *const *i = __gcov_info_start; i < __gcov_info_end; i++) {
		out = -1;
		__gcov_info_to_gcda(*i, open_gcda, write_gcda, scratch, NULL);
		if (out >= 0)
			sh_close(out);
	}
}

void __wrap_board_exit(int status)
{
	/* Once: a fault while dumping ends through here again. */
	static int dumped;
	if (!dumped) {
		dumped = 1;
		dump();
	}
	__real_board_exit(status);
}
