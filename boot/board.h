/*
 * board.h — machine bring-up between reset and main(), and the one wait
 * (board_wait) everything that sleeps for an event uses afterwards.
 *
 * boot_main() (called from start.S) turns on the MMU, enumerates the
 * platform bus, starts the PIC, timer and TTY console from the bus table,
 * unmasks interrupts, runs newlib's constructors, fetches the command line
 * through semihosting, splits it the way a shell does (lib/argv_split.h)
 * and calls main(argc, argv).  Without semihosting there are no arguments
 * (argv is just "koi") and the console is the TTY alone.
 *
 * main's return value becomes QEMU's exit status through board_exit():
 * semihosting's SYS_EXIT when QEMU offers it, otherwise the machine's
 * power switch (goldfish_poweroff), otherwise a visible halt.
 *
 * Device names as the goldfish platform bus reports them:
 */
#ifndef KOI_BOARD_H
#define KOI_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#define BOARD_PIC_NAME   "goldfish_interrupt_controller"
#define BOARD_TIMER_NAME "goldfish_timer"
#define BOARD_TTY_NAME   "goldfish_tty"
#define BOARD_AUDIO_NAME "goldfish_audio"
#define BOARD_RTC_NAME   "goldfish_rtc"
#define BOARD_POWEROFF_NAME "goldfish_poweroff"

/* The semihosting command line, program name included: room for a mix of
 * 64 voice specs with options (app/cmdline.h, CMDLINE_MAX_ARGS). */
#define BOARD_MAX_ARGS    128
#define BOARD_CMDLINE_MAX 4096

int main(int argc, char **argv);
void boot_main(void) __attribute__((noreturn));
/* Ends the run with status (0..255); see above.  Safe from fault handlers. */
void board_exit(int status) __attribute__((noreturn));
/* The C entry of the IRQ vector. */
void irq_handle(void);

/*
 * The one wait of everything that sleeps for an event (the player's stream,
 * the test and bench images): returns at once if ready(arg), otherwise
 * sleeps in WFI until an interrupt has been handled.  ready() is tested
 * with interrupts masked and WFI runs masked too (a pending interrupt
 * still ends it, and is handled when they are unmasked on the way out), so
 * an event between the test and the sleep cannot be missed.  The caller
 * loops until what it waits for is true.  ctx is unused: board_wait is a
 * pcm_block_fn (audio/pcm.h) as it stands.
 */
void board_wait(void *ctx, bool (*ready)(const void *arg), const void *arg);
/* Virtual time spent asleep in board_wait since reset (ns): what is not
 * idle is the CPU's load (make bench reports it). */
uint64_t board_idle_ns(void);

#endif /* KOI_BOARD_H */
