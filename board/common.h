/*
 * common.h — what the board-independent parts of board/ give a board's
 * implementation (board/NAME/).  Not for app/: programs see board.h only.
 *
 *   console.c   routes the console between the board's serial port and
 *               semihosting; the board binds its serial port here
 *   clock.c     board.h's time and alarms on the timer the board binds
 *   wait.c      board_wait, sleeping and busy-waiting, on top of the
 *               board's board_now_ns() and board_alarm_at()
 *   cmdline.c   the command line from semihosting, split like a shell
 *   syscalls.c  newlib's system calls on board.h
 *   memory.c    board_memory_* on the CPU's stacks and the heap
 *   stages.c    the stages every board does alike (2 faults, 3 memory:
 *               the MMU map of the board's io windows), board_fail and
 *               board_power_off
 */
#ifndef KOI_BOARD_COMMON_H
#define KOI_BOARD_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "drivers/serial_dev.h"
#include "drivers/timer_dev.h"

/**
 * A boot stage that cannot do its work: "koi: WHAT: " and the fatal
 * report with the errno (exit status 137).  Needs stage 1's writer to be
 * seen.
 * @param what  the stage's work
 * @param err   the negative errno it got
 */
void board_fail(const char *what, int err) __attribute__((noreturn));

/**
 * The way out of a board whose power switch carries no exit status (after
 * semihosting's exit, which does, has returned: no debugger host): says
 * "koi: exit status N; powering the board off (or halting)" on the fault
 * writer, calls off() (the board's power-off request), then waits with
 * interrupts off for ever, since QEMU powers off between instructions but a
 * board only when its controller gets to it.
 * @param status  the exit status N
 * @param off     the board's power-off request
 */
void board_power_off(int status, void (*off)(void)) __attribute__((noreturn));

/**
 * The program's entry, called by boot_main once the machine is up (a
 * program may also define it as int main(void)).
 * @param argc  words of the command line (board_cmdline())
 * @param argv  the words, argv[0] the program's name
 * @return the exit status
 */
int main(int argc, char **argv);

/**
 * Binds the board's serial port as the console: output at once (stage 1);
 * input too when `input` is true, once the board has attached the port's
 * interrupt (stage 5).  Until then board_console_input_start() fails with
 * -ENODEV.
 * @param serial  initialised by its driver (NULL: none)
 * @param input   true to take input from it too
 */
void console_bind_serial(struct serial_dev *serial, bool input);
/**
 * Binds the board's timer as board.h's clock and alarms (stage 4, with its
 * interrupt attached).  Before, the time is 0 and alarms fail with -ENODEV.
 * @param timer  initialised by its driver
 */
void clock_bind(struct timer_dev *timer);
/**
 * The fatal path's writer (exc_set_output): polled serial bytes plus
 * semihosting, no buffering, no interrupts.
 * @param buf  the bytes
 * @param len  how many
 */
void console_emergency_write(const char *buf, size_t len);

/* The semihosting command line, program name included: room for a mix of
 * 64 voice specs with options (app/cmdline.h, CMDLINE_MAX_ARGS). */
#define BOARD_MAX_ARGS    128
#define BOARD_CMDLINE_MAX 4096

/**
 * The words of the command line QEMU passed through semihosting.  Without
 * semihosting: argc 1, argv[0] "koi".  A line or a word count that does not
 * fit, or an unterminated quote, ends the run with KOI_EXIT_ARGS (2) and the reason
 * (truncating it would run a different job than the one asked).  Needs
 * newlib's stdio (it prints the reason).
 * @param argv  BOARD_MAX_ARGS + 1 entries, filled
 * @return argc
 */
int board_cmdline(char **argv);

#endif /* KOI_BOARD_COMMON_H */
