/*
 * Bring-up checkpoint 1: from reset to a first word on the console.
 *
 * What runs: arch/arm/start.S (vectors, a stack per mode, VFP on, .data
 * copied from its load image, .bss zeroed), then this boot_main: stage 1
 * binds the board's serial port, polled, with the MMU and caches still off.
 * What it proves: the image is linked where the board loads it, C runs,
 * the linker script's .data/.bss symbols are right, and the console's
 * address and register protocol are right.
 */
#include <stdint.h>

#include "board/board.h"
#include "board/boot.h"
#include "tests/bringup/bringup.h"

/* Not static: the compiler must not fold them into constants. */
uint32_t bringup_data_word = 0x6b6f6921u; /* "koi!" */
uint32_t bringup_bss_word;

void boot_main(void)
{
	board_stage_console();
	say("koi bring-up 1: reset reached C\n");
	check(bringup_data_word == 0x6b6f6921u, ".data holds its initial value (copied at reset)");
	check(bringup_bss_word == 0, ".bss is zero");
	step_end();
}
