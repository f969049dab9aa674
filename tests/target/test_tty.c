/*
 * TTY input through the interrupt-driven ring.  The runner feeds
 * "hello koi\n" then "second line\n" on the serial port; the first line is
 * read from the ring directly, the second through newlib's stdin.
 */
#include <stdio.h>
#include <string.h>

#include "board/board.h"
#include "board/goldfish/goldfish.h"
#include "tests/target/tap.h"

/* The board's instances (board/goldfish/goldfish.h). */
static struct goldfish_pic *const pic = &goldfish_board.pic;

int main(void)
{
	tap_init();
	tap_ok(board_console_input_start() == 0, "RX interrupt on");
	char got[64] = { 0 };
	size_t n = 0;
	/* No give-up in virtual time: under -icount with sleep=off the idle
	 * sleeps below cost no wall time, so any limit in them is a race with
	 * QEMU's main loop, which hands the runner's bytes over when the host
	 * gets round to it.  The runner's timeout ends a hang. */
	while (n < 10) {
		n += board_console_read(got + n, 10 - n);
		if (n < 10)
			board_sleep_ns(1000000);
	}
	tap_ok(n == 10 && !memcmp(got, "hello koi\n", 10), "ring delivers 'hello koi\\n' (%u bytes)",
	       (unsigned)n);
	tap_ok(goldfish_pic_irq_count(pic, GOLDFISH_TTY_IRQ) > 0, "TTY interrupts taken: %lu",
	       (unsigned long)goldfish_pic_irq_count(pic, GOLDFISH_TTY_IRQ));
	char line[64] = "";
	char *l = fgets(line, sizeof(line), stdin);
	tap_ok(l && !strcmp(line, "second line\n"),
	       "stdin (newlib _read) delivers the second line ('%s', %s)", line,
	       l ? "ok" : (ferror(stdin) ? "error" : "EOF"));
	tap_ok(goldfish_tty_rx_dropped(&goldfish_board.tty) == 0, "nothing dropped");
	return tap_done();
}
