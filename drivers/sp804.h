/*
 * sp804.h — the ARM Dual-Timer Module (SP804, DDI0271) as a timer_dev
 * (drivers/timer_dev.h): a monotonic clock and the hardware alarm under
 * the class's software alarms, from a device that only counts down.
 *
 *   Timer 1  free-running, 32-bit, counting down from 0xffffffff at TIMCLK;
 *            its interrupt at each wrap extends the count to 64 bits
 *   Timer 2  one-shot, 32-bit: the hardware alarm, set by the class for
 *            the earliest software alarm
 *
 * Registers: regs/sp804.h.  Time is ticks of TIMCLK converted to ns (1 MHz on the Versatile Express
 * motherboard: 1 us resolution).  A wrap of timer 1 happens every
 * 2^32 / TIMCLK s (71.6 minutes at 1 MHz); a reader who finds the wrap
 * interrupt pending but not yet counted counts it itself, so the time
 * never steps back.
 *
 * Both timers share one interrupt line; the board attaches sp804_isr
 * (context: the struct sp804) to it and binds t->dev as its clock.
 */
#ifndef KOI_SP804_H
#define KOI_SP804_H

#include <stdint.h>

#include "drivers/timer_dev.h"
#include "regs/sp804.h"

struct sp804 {
	struct timer_dev dev; /* ops NULL until sp804_init */
	uintptr_t base;
	uint32_t clk_hz;      /* TIMCLK */
	/* Shared with the ISR: touched only with interrupts masked. */
	uint32_t wraps;       /* timer 1 wraps counted: bits 63..32 of the count */
};

/**
 * Binds t to the dual timer at base and starts the clock from 0 with no
 * alarm armed.
 * @param t       the timer
 * @param base    its registers
 * @param clk_hz  TIMCLK, 1 kHz .. 1 GHz
 * @return 0
 * @retval -EINVAL  base 0 or clk_hz out of range
 */
int sp804_init(struct sp804 *t, uintptr_t base, uint32_t clk_hz);
/**
 * The interrupt handler.
 * @param ctx  the struct sp804
 */
void sp804_isr(void *ctx);

#endif /* KOI_SP804_H */
