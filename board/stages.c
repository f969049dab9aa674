/* The boot stages that are the same on every board, and the stages'
 * fatal report; see boot.h and common.h. */
#include "board/boot.h"

#include "arch/arm/cpu.h"
#include "arch/arm/exceptions.h"
#include "board/board.h"
#include "board/common.h"
#include "lib/decimal.h"

void board_fail(const char *what, int err)
{
	exc_puts("koi: ");
	exc_puts(what);
	exc_puts(": ");
	exc_panic(EXC_PANIC, "board start failed, errno", (uint32_t)-err);
}

void board_power_off(int status, void (*off)(void))
{
	char d[DEC_U64_CHARS];
	exc_puts("koi: exit status ");
	exc_puts(dec_u64((uint32_t)status & 0xffu, d));
	exc_puts("; powering the board off (or halting)\n");
	off();
	for (;;) {
		irq_disable();
		cpu_wfi();
	}
}

void board_stage_faults(void)
{
	stack_canary_init();
	exc_set_exit(board_exit);
}

void board_stage_memory(void)
{
	int r = mmu_init(board_io_windows, board_io_window_count);
	if (r)
		board_fail("MMU tables do not fit the pool", r);
}
