/* The wait, sleeping and busy-waiting; see board.h ("the wait", "time"). */
#include "board/board.h"

#include "arch/arm/cpu.h"

/* Main-loop state: board_wait is never called from an interrupt. */
static uint64_t idle_ns;

void board_wait(void *ctx, board_ready_fn ready, const void *arg)
{
	(void)ctx;
	uint32_t s = irq_save();
	if (!ready || !ready(arg)) {
		uint64_t t = board_now_ns();
		cpu_wfi();
		idle_ns += board_now_ns() - t;
		/* Take the interrupt that woke us here, even when the caller
		 * had interrupts masked: its handler runs before we return. */
		irq_window();
	}
	irq_restore(s);
}

uint64_t board_idle_ns(void)
{
	return idle_ns;
}

static void wake(struct alarm *a, void *ctx)
{
	(void)a;
	*(bool *)ctx = true;
}

static bool flag_set(const void *arg)
{
	return *(const bool *)arg;
}

void board_sleep_until(uint64_t when)
{
	/* Written by the alarm callback (interrupt context), read by flag_set
	 * with interrupts masked: board_wait's masking is a compiler barrier,
	 * so the flag is re-read after every interrupt. */
	bool done = false;
	struct alarm a = { 0 };
	if (board_alarm_at(&a, when, wake, &done))
		return;
	while (!done)
		board_wait(NULL, flag_set, &done);
}

void board_sleep_ns(uint64_t ns)
{
	board_sleep_until(board_now_ns() + ns);
}

void board_delay_ns(uint64_t ns)
{
	uint64_t end = board_now_ns() + ns;
	while (board_now_ns() < end)
		;
}
