/*
 * goldfish_timer.h — the classic goldfish timer: a 64-bit count of
 * nanoseconds of QEMU virtual time and one hardware alarm, multiplexed
 * here into any number of one-shot software alarms.
 *
 * Alarm callbacks run in interrupt context, in time order, at or after
 * their time; they may (re)arm alarms.  timer_delay_ns() busy-waits;
 * timer_sleep_ns() sleeps in WFI so virtual time can jump ahead (under
 * -icount ... sleep=off an idle guest costs no host time).
 */
#ifndef KOI_GOLDFISH_TIMER_H
#define KOI_GOLDFISH_TIMER_H

#include <stdint.h>

#include "drivers/alarmq.h"

/* Registers (docs/goldfish-machine.md, "Timer"). */
#define TIMER_TIME_LOW        0x00u
#define TIMER_TIME_HIGH       0x04u
#define TIMER_ALARM_LOW       0x08u
#define TIMER_ALARM_HIGH      0x0cu
#define TIMER_CLEAR_INTERRUPT 0x10u
#define TIMER_CLEAR_ALARM     0x14u

int timer_init(uintptr_t base, uint32_t irq);
/* Monotonic virtual time in ns. */
uint64_t timer_now_ns(void);
/* One-shot alarm at absolute time when (in the past: fires at once).
 * -EBUSY if a is still queued, -EINVAL without callback, -ENODEV before
 * timer_init. */
int timer_alarm_at(struct alarm *a, uint64_t when, alarm_fn fn, void *ctx);
int timer_alarm_in(struct alarm *a, uint64_t delay_ns, alarm_fn fn, void *ctx);
/* -ENOENT if it already fired. */
int timer_alarm_cancel(struct alarm *a);
/* Busy-wait (no interrupts needed). */
void timer_delay_ns(uint64_t ns);
/* Sleep in WFI until the time has passed (interrupts keep running). */
void timer_sleep_ns(uint64_t ns);
void timer_sleep_until(uint64_t when);

#endif /* KOI_GOLDFISH_TIMER_H */
