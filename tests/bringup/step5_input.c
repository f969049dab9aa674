/*
 * Bring-up checkpoint 5: console input.
 *
 * Stages 1-5: up to the serial port's receive interrupt.  The checkpoint
 * asks for a line, reads it as it arrives (interrupt-driven, buffered by
 * the driver; board_wait between bytes) and echoes it.  `make test` types
 * "hello koi"; `make bringup-5` waits for you (30 s).  Nothing arriving
 * means the receive interrupt never fires: its line number, its enable
 * bit in the device, or the device's input FIFO protocol.
 */
#include <stdint.h>

#include "arch/arm/cpu.h"
#include "board/board.h"
#include "board/boot.h"
#include "tests/bringup/bringup.h"

#define LINE_MAX 64u
#define TIMEOUT_NS 30000000000ull

static struct alarm timeout;

static void wake(struct alarm *a, void *ctx)
{
	(void)a;
	(void)ctx; /* the interrupt itself ends the wait */
}

static bool input(const void *arg)
{
	(void)arg;
	return board_console_pending() != 0;
}

void boot_main(void)
{
	board_stage_console();
	board_stage_faults();
	board_stage_memory();
	board_stage_interrupts();
	board_stage_input();
	irq_enable();
	say("koi bring-up 5: type a line and press Enter\n");
	check(board_console_input_start() == 0, "receive interrupt on");
	char line[LINE_MAX + 1];
	size_t n = 0;
	uint64_t end = board_now_ns() + TIMEOUT_NS;
	board_alarm_at(&timeout, end, wake, NULL);
	while (n < LINE_MAX && board_now_ns() < end) {
		char c;
		if (board_console_read(&c, 1) == 0) {
			board_wait(NULL, input, NULL);
			continue;
		}
		if (c == '\n' || c == '\r')
			break;
		line[n++] = c;
	}
	line[n] = '\0';
	say("  got: '");
	say(line);
	say("'\n");
	check(n > 0, "a line arrived by interrupt");
	step_end();
}
