/*
 * Bring-up checkpoint 6: device discovery.
 *
 * Stages 1-6: the board fills its table of devices (goldfish: by walking
 * the platform bus, which must list the core devices where the memory map
 * put them; a board without a bus: its fixed table) and probes the ones it
 * needs at boot.  The checkpoint prints the table.  An empty or short
 * table: the bus's base, its BUS_OP protocol, or the DMA of the names
 * (cache maintenance around the name buffer).
 */
#include <stdint.h>

#include "board/board.h"
#include "board/boot.h"
#include "tests/bringup/bringup.h"

void boot_main(void)
{
	board_stage_console();
	board_stage_faults();
	board_stage_memory();
	board_stage_interrupts();
	board_stage_input();
	board_stage_devices();
	size_t n = board_device_count();
	say("koi bring-up 6: ");
	say_dec(n);
	say(" devices\n");
	struct board_device_info d;
	for (size_t i = 0; board_device_get(i, &d) == 0; i++) {
		say("  ");
		say(d.name);
		say(" at ");
		say_hex(d.base);
		if (d.irq >= 0) {
			say(", irq ");
			say_dec((uint32_t)d.irq);
		}
		say("\n");
	}
	check(n > 0, "the board knows its devices");
	check(board_device_get(n, &d) != 0, "the table ends at its count");
	step_end();
}
