/*
 * Bring-up checkpoint 2: the exception vectors and a deliberate fault.
 *
 * Stages 1-2: the console, then stack canaries and the fatal exit
 * (board_exit).  The check: an undefined instruction must land in
 * arch/arm/start.S's vector, build a register frame on the UND stack and
 * reach exc_fatal(), whose report names the fault and its pc and ends the
 * run with status 128 + 1 = 129.  A hang here means the vector table is not
 * where VBAR points, or the UND stack is not mapped.
 */
#include <stdint.h>

#include "board/board.h"
#include "board/boot.h"
#include "tests/bringup/bringup.h"

extern const uint32_t exc_vectors[];

void boot_main(void)
{
	board_stage_console();
	board_stage_faults();
	uint32_t vbar;
	__asm__ volatile("mrc p15, 0, %0, c12, c0, 0" : "=r"(vbar));
	say("koi bring-up 2: vectors at ");
	say_hex(vbar);
	say("\n");
	check(vbar == (uint32_t)(uintptr_t)exc_vectors, "VBAR points at the vector table");
	say("  provoking an undefined instruction: a report and exit status 129 follow\n");
	__asm__ volatile("udf #2");
	check(0, "the undefined instruction came back: the vector did not catch it");
	step_end();
}
