/*
 * newlib system calls on board.h, the same for every board: stdio on the
 * board's console, a bounded heap (the linker script's __heap_start..
 * __heap_end), time from board_now_ns(), exit through board_exit()
 * (semihosting, or the power switch) after the stack canaries are checked.
 * No files: open() fails with ENOSYS.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>

#include "arch/arm/exceptions.h"
#include "board/board.h"

extern char __heap_start[], __heap_end[];

int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
void *_sbrk(ptrdiff_t incr);
void _exit(int code) __attribute__((noreturn));
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _lseek(int fd, int off, int whence);
int _open(const char *path, int flags, ...);
int _getpid(void);
int _kill(int pid, int sig);
int _gettimeofday(struct timeval *tv, void *tz);
clock_t _times(struct tms *t);

int _write(int fd, const char *buf, int len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	if (len < 0) {
		errno = EINVAL;
		return -1;
	}
	int r = board_console_write(buf, (size_t)len);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return len;
}

static bool input_ready(const void *arg)
{
	(void)arg;
	return board_console_pending() != 0;
}

int _read(int fd, char *buf, int len)
{
	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	int r = board_console_input_start();
	if (r) {
		errno = -r;
		return -1;
	}
	if (len <= 0)
		return 0;
	/* Block until at least one byte: sleep between interrupts. */
	size_t n;
	while ((n = board_console_read(buf, (size_t)len)) == 0)
		board_wait(NULL, input_ready, NULL);
	return (int)n;
}

void *_sbrk(ptrdiff_t incr)
{
	static char *brk = __heap_start;
	char *old = brk;
	if ((incr > 0 && incr > __heap_end - brk) ||
	    (incr < 0 && -incr > brk - __heap_start)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk += incr;
	return old;
}

void _exit(int code)
{
	int c = stack_canary_check();
	if (c)
		exc_panic(EXC_STACK_OVERFLOW, "stack canary overwritten, stack #", (uint32_t)c);
	board_exit(code);
}

int _close(int fd)
{
	(void)fd;
	return 0;
}

int _fstat(int fd, struct stat *st)
{
	if (fd < 0 || fd > 2) {
		errno = EBADF;
		return -1;
	}
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

int _lseek(int fd, int off, int whence)
{
	(void)fd; (void)off; (void)whence;
	errno = ESPIPE;
	return -1;
}

int _open(const char *path, int flags, ...)
{
	(void)path; (void)flags;
	errno = ENOSYS;
	return -1;
}

int _getpid(void)
{
	return 1;
}

int _kill(int pid, int sig)
{
	(void)pid;
	if (sig)
		exc_panic(EXC_PANIC, "abort() or raise(), signal", (uint32_t)sig);
	return 0;
}

int _gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz;
	uint64_t ns = board_now_ns();
	tv->tv_sec = (time_t)(ns / 1000000000u);
	tv->tv_usec = (suseconds_t)(ns % 1000000000u / 1000u);
	return 0;
}

clock_t _times(struct tms *t)
{
	clock_t c = (clock_t)(board_now_ns() / (1000000000u / CLOCKS_PER_SEC));
	if (t) {
		t->tms_utime = c;
		t->tms_stime = 0;
		t->tms_cutime = 0;
		t->tms_cstime = 0;
	}
	return c;
}
