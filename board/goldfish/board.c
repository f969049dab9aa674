/* From reset to main(); see board.h. */
#include "boot/board.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/console.h"
#include "boot/cpu.h"
#include "boot/exceptions.h"
#include "boot/mmu.h"
#include "drivers/goldfish_bus.h"
#include "drivers/goldfish_pic.h"
#include "drivers/goldfish_poweroff.h"
#include "drivers/goldfish_timer.h"
#include "drivers/goldfish_tty.h"
#include "drivers/semihost.h"
#include "lib/argv_split.h"

extern void __libc_init_array(void);

void irq_handle(void)
{
	pic_dispatch();
}

static const struct bus_dev *need(const char *name)
{
	const struct bus_dev *d = bus_find(name, 0);
	if (!d) {
		exc_puts("koi: no '");
		exc_puts(name);
		exc_puts("' on the platform bus\n");
		exc_panic(EXC_PANIC, "required device missing; devices found:",
			  (uint32_t)bus_count());
	}
	return d;
}

static void board_init(void)
{
	int n = bus_enumerate(GOLDFISH_BUS_BASE);
	if (n < 0 && bus_count() == 0)
		exc_panic(EXC_PANIC, "platform bus enumeration failed, errno", (uint32_t)-n);
	const struct bus_dev *pic = need(BOARD_PIC_NAME);
	pic_init(pic->base);
	/* The console first, so later failures are readable on the TTY. */
	const struct bus_dev *tty = bus_find(BOARD_TTY_NAME, 0);
	if (tty)
		tty_init(tty->base, tty->irq);
	const struct bus_dev *off = bus_find(BOARD_POWEROFF_NAME, 0);
	if (off)
		poweroff_init(off->base);
	const struct bus_dev *tmr = need(BOARD_TIMER_NAME);
	int r = timer_init(tmr->base, tmr->irq);
	if (r)
		exc_panic(EXC_PANIC, "timer init failed, errno", (uint32_t)-r);
}

/* The semihosting command line as words.  A line or a word count that does
 * not fit is refused (status 2, like any bad argument): truncating it would
 * run a different job than the one asked. */
static int get_args(char **argv)
{
	static char line[BOARD_CMDLINE_MAX];
	int n = semihost_get_cmdline(line, sizeof(line));
	if (n == -ENOSPC) {
		fprintf(stderr, "koi: command line longer than %u bytes\n",
			(unsigned)sizeof(line) - 1u);
		exit(2);
	}
	if (n <= 0)
		line[0] = '\0'; /* no semihosting: no arguments */
	/* QEMU hands over the program name first: "koi ARG...". */
	int argc = argv_split(line, argv, BOARD_MAX_ARGS);
	if (argc == -E2BIG) {
		fprintf(stderr, "koi: more than %u words on the command line\n",
			(unsigned)BOARD_MAX_ARGS);
		exit(2);
	}
	if (argc < 0) {
		fprintf(stderr, "koi: unterminated quote or trailing backslash on the command line\n");
		exit(2);
	}
	if (argc == 0)
		argv[argc++] = "koi";
	argv[argc] = NULL;
	return argc;
}

void board_exit(int status)
{
	semihost_exit(status);
	poweroff((uint8_t)status);
	exc_puts("koi: no semihosting and no goldfish_poweroff device to exit through: halted\n");
	for (;;) {
		irq_disable();
		cpu_wfi();
	}
}

void boot_main(void)
{
	static char *argv[BOARD_MAX_ARGS + 1];
	stack_canary_init();
	if (mmu_init())
		exc_panic(EXC_PANIC, "MMU tables do not fit the pool", 0);
	board_init();
	irq_enable();
	__libc_init_array();
	int argc = get_args(argv);
	exit(main(argc, argv));
}
