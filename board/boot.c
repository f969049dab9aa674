/* From reset to main(), the same on every board; see boot.h. */
#include "board/boot.h"

#include <stdlib.h>

#include "arch/arm/cpu.h"
#include "arch/arm/exceptions.h"
#include "board/board.h"
#include "board/common.h"

extern void __libc_init_array(void);

void boot_main(void)
{
	static char *argv[BOARD_MAX_ARGS + 1];
	board_stage_console();
	board_stage_faults();
	board_stage_memory();
	board_stage_interrupts();
	board_stage_input();
	board_stage_devices();
	irq_enable();
	__libc_init_array();
	int argc = board_cmdline(argv);
	exit(main(argc, argv));
}
