/* Stack and heap use, for the program's report; see board.h ("memory"). */
#include "board/board.h"

#include "arch/arm/highwater.h"

void board_memory_watch(void)
{
	stack_paint();
}

void board_memory_usage(struct board_memory *m)
{
	struct memory_usage u;
	memory_usage(&u);
	*m = (struct board_memory){
		.stack_used = u.svc_used, .stack_size = u.svc_size,
		.irq_stack_used = u.irq_used, .irq_stack_size = u.irq_size,
		.heap_used = u.heap_used, .heap_size = u.heap_size,
	};
}
