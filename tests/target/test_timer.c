/*
 * Timer and interrupts in virtual time (-icount): alarms set out of order
 * fire in time order and on time, a cancelled alarm never fires, an alarm
 * in the past fires at once, a self-re-arming alarm keeps its period, WFI
 * sleep and busy delay last as long as asked, no spurious interrupts.
 */
#include <errno.h>
#include <stdint.h>

#include "arch/arm/cpu.h"
#include "board/board.h"
#include "board/goldfish/goldfish.h"
#include "tests/target/tap.h"

/* The board's instances (board/goldfish/goldfish.h). */
static struct goldfish_pic *const pic = &goldfish_board.pic;

#define US 1000u
#define MS 1000000u
/* Interrupt delivery under icount takes a few hundred instructions. */
#define LATE_MAX (20u * US)

struct rec {
	int id;
	uint64_t want, at;
};
static struct rec fired[16];
static unsigned nfired;

static void on_alarm(struct alarm *a, void *ctx)
{
	if (nfired < 16)
		fired[nfired++] = (struct rec){ (int)(intptr_t)ctx, a->when, board_now_ns() };
}

static unsigned ticks;
static uint64_t tick_at[10];
static void on_tick(struct alarm *a, void *ctx)
{
	(void)ctx;
	tick_at[ticks] = board_now_ns();
	if (++ticks < 10)
		board_alarm_at(a, a->when + 100u * US, on_tick, NULL);
}

/* Clobbers every caller-saved VFP/NEON register and FPSCR (round towards
 * zero, flush-to-zero): the IRQ entry must restore them all. */
static unsigned clobbers;
static void on_clobber(struct alarm *a, void *ctx)
{
	(void)ctx;
	__asm__ volatile(
		"vmov.i8 q0, #0x55\n\tvmov.i8 q1, #0x55\n\tvmov.i8 q2, #0x55\n\t"
		"vmov.i8 q3, #0x55\n\tvmov.i8 q8, #0x55\n\tvmov.i8 q9, #0x55\n\t"
		"vmov.i8 q10, #0x55\n\tvmov.i8 q11, #0x55\n\tvmov.i8 q12, #0x55\n\t"
		"vmov.i8 q13, #0x55\n\tvmov.i8 q14, #0x55\n\tvmov.i8 q15, #0x55\n\t"
		"vmsr fpscr, %0"
		:: "r"(0x03c00000u)
		: "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d16", "d17", "d18",
		  "d19", "d20", "d21", "d22", "d23", "d24", "d25", "d26", "d27", "d28",
		  "d29", "d30", "d31", "memory");
	if (++clobbers < 200)
		board_alarm_at(a, a->when + 20u * US, on_clobber, NULL);
}

static double accumulate(unsigned n)
{
	double acc = 0.0;
	float f = 1.0f;
	for (unsigned i = 0; i < n; i++) {
		acc += 1.0 / (double)(i + 3u);
		f = f * 1.0001f + 1e-7f;
	}
	return acc + f;
}

int main(void)
{
	tap_init();
	uint64_t prev = board_now_ns(), t;
	int mono = 1;
	for (int i = 0; i < 1000; i++) {
		t = board_now_ns();
		mono &= t >= prev;
		prev = t;
	}
	tap_ok(mono, "1000 reads of the clock never go back");

	struct alarm a1 = { 0 }, a2 = { 0 }, a3 = { 0 }, ax = { 0 };
	uint64_t t0 = board_now_ns();
	tap_ok(!board_alarm_at(&a3, t0 + 3 * MS, on_alarm, (void *)3) &&
	       !board_alarm_at(&a1, t0 + 1 * MS, on_alarm, (void *)1) &&
	       !board_alarm_at(&ax, t0 + 1500 * US, on_alarm, (void *)99) &&
	       !board_alarm_at(&a2, t0 + 2 * MS, on_alarm, (void *)2),
	       "four alarms queued out of order");
	tap_ok(board_alarm_at(&a2, t0, on_alarm, NULL) == -EBUSY, "re-queueing a pending alarm: -EBUSY");
	tap_ok(board_alarm_cancel(&ax) == 0, "cancel a pending alarm");
	board_sleep_until(t0 + 4 * MS);
	tap_ok(nfired == 3, "three alarms fired (%u)", nfired);
	int order = nfired == 3 && fired[0].id == 1 && fired[1].id == 2 && fired[2].id == 3;
	tap_ok(order, "in time order 1, 2, 3");
	for (unsigned i = 0; i < nfired && i < 3; i++) {
		int64_t late = (int64_t)(fired[i].at - fired[i].want);
		tap_ok(late >= 0 && late < (int64_t)LATE_MAX, "alarm %d on time: %lld ns late",
		       fired[i].id, (long long)late);
	}
	tap_ok(board_alarm_cancel(&ax) == -ENOENT && board_alarm_cancel(&a1) == -ENOENT,
	       "cancel after firing/cancelling: -ENOENT");

	nfired = 0;
	uint64_t tp = board_now_ns();
	board_alarm_at(&a1, tp - 1 * MS, on_alarm, (void *)7);
	board_sleep_ns(100 * US);
	tap_ok(nfired == 1 && fired[0].at - tp < LATE_MAX, "alarm in the past fires at once (%llu ns)",
	       nfired ? (unsigned long long)(fired[0].at - tp) : 0ull);

	struct alarm tick = { 0 };
	uint64_t ts = board_now_ns();
	board_alarm_at(&tick, ts + 100 * US, on_tick, NULL);
	board_sleep_until(ts + 1100 * US);
	int period_ok = ticks == 10;
	for (unsigned i = 0; i < ticks; i++) {
		int64_t late = (int64_t)(tick_at[i] - (ts + (i + 1) * 100u * US));
		period_ok &= late >= 0 && late < (int64_t)LATE_MAX;
	}
	tap_ok(period_ok, "self-re-arming alarm: 10 ticks of 100 us, none late");

	uint64_t s0 = board_now_ns();
	board_sleep_ns(10 * MS);
	uint64_t slept = board_now_ns() - s0;
	tap_ok(slept >= 10 * MS && slept < 10 * MS + LATE_MAX, "WFI sleep 10 ms: %llu ns",
	       (unsigned long long)slept);
	s0 = board_now_ns();
	board_delay_ns(1 * MS);
	uint64_t busy = board_now_ns() - s0;
	tap_ok(busy >= 1 * MS && busy < 1 * MS + LATE_MAX, "busy delay 1 ms: %llu ns",
	       (unsigned long long)busy);
	/* VFP state survives interrupts whose handlers use all of it. */
	double want = accumulate(200000);
	struct alarm clob = { 0 };
	board_alarm_at(&clob, board_now_ns() + (20 * US), on_clobber, NULL);
	double got = accumulate(200000);
	while (clobbers < 200)
		board_sleep_ns(100 * US);
	uint32_t fpscr;
	__asm__ volatile("vmrs %0, fpscr" : "=r"(fpscr));
	tap_ok(got == want && clobbers == 200 && (fpscr & 0x03c00000u) == 0,
	       "VFP/NEON registers and FPSCR survive 200 interrupts (%u)", clobbers);

	uint32_t sp0 = goldfish_pic_spurious_count(pic);
	irq_disable();
	goldfish_pic_dispatch(pic); /* an IRQ exception with nothing pending */
	irq_enable();
	tap_ok(goldfish_pic_spurious_count(pic) == sp0 + 1,
	       "dispatch with nothing pending counts a spurious IRQ");
	sp0 = goldfish_pic_spurious_count(pic);
	tap_ok(goldfish_pic_irq_count(pic, GOLDFISH_TIMER_IRQ) >= 14, "timer IRQs handled: %lu",
	       (unsigned long)goldfish_pic_irq_count(pic, GOLDFISH_TIMER_IRQ));
	tap_ok(sp0 == 1, "no other spurious interrupts");
	return tap_done();
}
