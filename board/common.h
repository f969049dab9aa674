/*
 * common.h — what the board-independent parts of board/ give a board's
 * implementation (board/NAME/).  Not for app/: programs see board.h only.
 *
 *   console.c   routes the console between the board's serial port and
 *               semihosting; the board binds its serial port here
 *   wait.c      board_wait, sleeping and busy-waiting, on top of the
 *               board's board_now_ns() and board_alarm_at()
 *   cmdline.c   the command line from semihosting, split like a shell
 *   syscalls.c  newlib's system calls on board.h
 *   memory.c    board_memory_* on the CPU's stacks and the heap
 *   stages.c    the stages every board does alike (2 faults, 3 memory:
 *               the MMU map of the board's io windows) and board_fail
 */
#ifndef KOI_BOARD_COMMON_H
#define KOI_BOARD_COMMON_H

#include <stddef.h>

/* The board's serial port as the console needs it.  dev is the driver's
 * handle, passed back to every function.  putc_poll must work from a fault
 * handler (polled, no interrupts); input may be absent (NULL functions). */
struct console_serial {
	void *dev;
	int (*write)(void *dev, const char *buf, size_t len);
	void (*putc_poll)(void *dev, char c);
	int (*input_start)(void *dev);
	size_t (*read)(void *dev, char *buf, size_t n);
	size_t (*pending)(void *dev);
};

/* A boot stage that cannot do its work: "koi: WHAT: " and the fatal
 * report with the errno (exit status 137).  Needs stage 1's writer to be
 * seen. */
void board_fail(const char *what, int err) __attribute__((noreturn));

/* The program's entry, called by boot_main once the machine is up (a
 * program may also define it as int main(void)). */
int main(int argc, char **argv);

/* Binds the serial port (NULL: none); the struct must outlive the run. */
void console_bind_serial(const struct console_serial *serial);
/* The fatal path's writer (exc_set_output): polled serial bytes plus
 * semihosting, no buffering, no interrupts. */
void console_emergency_write(const char *buf, size_t len);

/* The semihosting command line, program name included: room for a mix of
 * 64 voice specs with options (app/cmdline.h, CMDLINE_MAX_ARGS). */
#define BOARD_MAX_ARGS    128
#define BOARD_CMDLINE_MAX 4096

/* Fills argv (BOARD_MAX_ARGS + 1 entries) with the words of the command
 * line QEMU passed through semihosting and returns argc.  Without
 * semihosting: argc 1, argv[0] "koi".  A line or a word count that does not
 * fit, or an unterminated quote, ends the run with status 2 and the reason
 * (truncating it would run a different job than the one asked).  Needs
 * newlib's stdio (it prints the reason). */
int board_cmdline(char **argv);

#endif /* KOI_BOARD_COMMON_H */
