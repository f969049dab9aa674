/*
 * board.h — machine bring-up between reset and main().
 *
 * boot_main() (called from start.S) turns on the MMU, enumerates the
 * platform bus, starts the PIC, timer and TTY console from the bus table,
 * unmasks interrupts, runs newlib's constructors, fetches the command line
 * through semihosting and calls main(argc, argv).  main's return value
 * becomes QEMU's exit status.
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

/* The semihosting command line, program name included: room for a mix of
 * 64 voice specs with options (app/cmdline.h, CMDLINE_MAX_ARGS). */
#define BOARD_MAX_ARGS    128
#define BOARD_CMDLINE_MAX 4096

int main(int argc, char **argv);
void boot_main(void) __attribute__((noreturn));
/* The C entry of the IRQ vector. */
void irq_handle(void);

#endif /* KOI_BOARD_H */
