/*
 * board.h — machine bring-up between reset and main().
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

#endif /* KOI_BOARD_H */
