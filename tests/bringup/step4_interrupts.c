/*
 * Bring-up checkpoint 4: the interrupt controller and a timer interrupt.
 *
 * Stages 1-4: console, faults, memory, then the interrupt controller and
 * the timer with its interrupt attached; the CPU unmasks interrupts here.
 * The checks: time moves; ten alarms 1 ms apart each fire in their own
 * timer interrupt, in order, never early; board_wait() sleeps until an
 * interrupt (it returns only after one); board_sleep_ns() sleeps as long as
 * asked.  No alarm at all means the timer's line is not wired to the CPU
 * (controller, line number, or the IRQ vector's dispatch); an alarm early
 * means the timer counts in other units than ns.
 */
#include <stdint.h>

#include "arch/arm/cpu.h"
#include "board/board.h"
#include "board/boot.h"
#include "tests/bringup/bringup.h"

#define ALARMS 10u
#define GAP_NS 1000000u

static struct alarm alarms[ALARMS];
static uint64_t due[ALARMS], fired_at[ALARMS];
static uint32_t fired, out_of_order;

static void on_alarm(struct alarm *a, void *ctx)
{
	uint32_t i = (uint32_t)(uintptr_t)ctx;
	fired_at[i] = board_now_ns();
	if (i != fired)
		out_of_order++;
	fired++;
	(void)a;
}

static bool all_fired(const void *arg)
{
	(void)arg;
	return fired == ALARMS;
}

void boot_main(void)
{
	board_stage_console();
	board_stage_faults();
	board_stage_memory();
	board_stage_interrupts();
	irq_enable();
	say("koi bring-up 4: interrupt controller and timer up, interrupts on\n");
	uint64_t t0 = board_now_ns();
	board_delay_ns(10000);
	check(board_now_ns() > t0, "the clock runs");
	/* Armed in reverse: the queue, not the arming order, decides. */
	for (uint32_t k = ALARMS; k-- > 0;) {
		due[k] = t0 + (k + 1u) * GAP_NS;
		board_alarm_at(&alarms[k], due[k], on_alarm, (void *)(uintptr_t)k);
	}
	uint32_t waits = 0;
	while (!all_fired(NULL) && board_now_ns() < t0 + 100u * GAP_NS) {
		board_wait(NULL, all_fired, NULL);
		waits++;
	}
	bool early = false, late = false;
	for (uint32_t k = 0; k < fired; k++) {
		early |= fired_at[k] < due[k];
		late |= fired_at[k] > due[k] + 100000u;
	}
	check(fired == ALARMS, "10 alarms 1 ms apart fired");
	check(out_of_order == 0, "in time order");
	check(!early && !late, "none early, none more than 0.1 ms late");
	check(waits >= ALARMS, "board_wait returned once per interrupt, not before");
	uint64_t s0 = board_now_ns();
	board_sleep_ns(5000000u);
	uint64_t slept = board_now_ns() - s0;
	check(slept >= 5000000u && slept < 5100000u, "board_sleep_ns(5 ms) slept 5 ms");
	step_end();
}
