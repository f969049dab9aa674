/*
 * The C library's system calls (board/syscalls.c) as a program meets
 * them through newlib, and the PMU cycle counter (arch/arm/pmu.c):
 *   - the console is fds 0..2 and nothing else (EBADF), with no seeking
 *     (ESPIPE) and no files (ENOSYS); writing a negative length is EINVAL;
 *   - the heap is bounded: a request beyond it is ENOMEM, the heap as it
 *     was; the process is pid 1 and signal 0 is a no-op;
 *   - time (gettimeofday, times) is the board's clock, which only goes
 *     forward;
 *   - under -icount shift=3 (tests/target/run.sh) the cycle counter counts
 *     8 per instruction, and a block of N instructions reads as N.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>

#include "arch/arm/pmu.h"
#include "board/board.h"
#include "tests/target/tap.h"

/* Called directly where newlib's wrapper would not pass the value on. */
int _write(int fd, const char *buf, int len);
void *_sbrk(ptrdiff_t incr);
int _kill(int pid, int sig); /* kill() is POSIX, not C11 */

static void files(void)
{
	errno = 0;
	tap_ok(write(5, "x", 1) == -1 && errno == EBADF, "write to fd 5: EBADF");
	errno = 0;
	tap_ok(_write(1, "x", -1) == -1 && errno == EINVAL, "write of a negative length: EINVAL");
	tap_ok(write(2, "", 0) == 0, "write of nothing to fd 2: 0");
	char c;
	errno = 0;
	tap_ok(read(3, &c, 1) == -1 && errno == EBADF, "read from fd 3: EBADF");
	tap_ok(read(0, &c, 0) == 0, "read of nothing from fd 0: 0, without waiting");
	errno = 0;
	tap_ok(lseek(0, 0, SEEK_SET) == -1 && errno == ESPIPE, "lseek on the console: ESPIPE");
	errno = 0;
	tap_ok(open("koi.wav", O_RDONLY) == -1 && errno == ENOSYS, "open: ENOSYS (no files)");
	struct stat st;
	tap_ok(fstat(1, &st) == 0 && S_ISCHR(st.st_mode), "fstat(1): a character device");
	errno = 0;
	tap_ok(fstat(3, &st) == -1 && errno == EBADF, "fstat(3): EBADF");
	tap_ok(isatty(0) && isatty(2) && !isatty(3) && !isatty(-1), "isatty: fds 0..2 only");
	tap_ok(close(1) == 0, "close(1): 0 (the console stays)");
	tap_ok(write(1, "", 0) == 0, "fd 1 still writes after close");
}

static void process(void)
{
	extern char __heap_start[], __heap_end[];
	char *now = _sbrk(0);
	errno = 0;
	tap_ok(_sbrk(__heap_end - now + 1) == (void *)-1 && errno == ENOMEM && _sbrk(0) == now,
	       "sbrk past the heap's end: ENOMEM, the break where it was");
	errno = 0;
	tap_ok(_sbrk(-(now - __heap_start) - 1) == (void *)-1 && errno == ENOMEM &&
	       _sbrk(0) == now, "sbrk below the heap's start: ENOMEM");
	tap_ok(getpid() == 1, "getpid: 1");
	tap_ok(_kill(1, 0) == 0, "kill(1, 0): 0 (signal 0 sends nothing)");
}

static void clocks(void)
{
	struct timeval a, b;
	uint64_t before = board_now_ns();
	tap_ok(gettimeofday(&a, NULL) == 0, "gettimeofday: 0");
	for (volatile int i = 0; i < 20000; i++)
		;
	tap_ok(gettimeofday(&b, NULL) == 0, "gettimeofday again: 0");
	uint64_t ua = (uint64_t)a.tv_sec * 1000000u + (uint64_t)a.tv_usec;
	uint64_t ub = (uint64_t)b.tv_sec * 1000000u + (uint64_t)b.tv_usec;
	tap_ok(ua >= before / 1000u && ub > ua && a.tv_usec < 1000000 && b.tv_usec < 1000000,
	       "gettimeofday follows the board's clock forward (%llu -> %llu us)",
	       (unsigned long long)ua, (unsigned long long)ub);
	struct tms t;
	clock_t c = times(&t);
	clock_t c2 = times(NULL);
	tap_ok(c != (clock_t)-1 && t.tms_utime == c && t.tms_stime == 0 && t.tms_cutime == 0 &&
	       t.tms_cstime == 0 && c2 >= c, "times: user time is the clock, the rest 0");
}

static void cycles(void)
{
	tap_ok(pmu_init() == 0, "pmu_init: the cortex-a15 has a PMU");
	tap_ok(pmu_counts_per_insn() == 8, "8 counts per instruction under -icount shift=3 (%lu)",
	       (unsigned long)pmu_counts_per_insn());
	/* The same two reads around nothing, then around the block: the
	 * difference is the block. */
	uint32_t a0 = pmu_cycles();
	uint32_t b0 = pmu_cycles();
	uint32_t a = pmu_cycles();
	__asm__ volatile(".rept 100\n\tnop\n\t.endr");
	uint32_t b = pmu_cycles();
	uint32_t n = pmu_insns(a, b), n0 = pmu_insns(a0, b0);
	tap_ok(n - n0 == 100, "100 nops read as 100 instructions (%lu, reads alone %lu)",
	       (unsigned long)n, (unsigned long)n0);
	tap_ok(pmu_insns(b, b) == 0, "no time, no instructions");
}

int main(void)
{
	tap_init();
	files();
	process();
	clocks();
	cycles();
	return tap_done();
}
