/*
 * generic_timer.h — the Arm generic timer (the Cortex-A15's, and every
 * ARMv7-A with the Generic Timer Extension) as a timer_dev
 * (drivers/timer_dev.h): a monotonic clock and the hardware alarm under
 * the class's software alarms, from a 64-bit counter with a compare
 * register, so nothing to extend.
 *
 * The virtual timer (CNTVCT, CNTV_CVAL, CNTV_CTL; regs/generic_timer.h):
 * time is (CNTVCT - its value at init) ticks of CNTFRQ, converted to ns
 * (QEMU's Cortex-A15: 62.5 MHz, 16 ns).  The alarm is CNTV_CVAL; with
 * none the interrupt is masked.  Its interrupt is the PPI
 * GENERIC_TIMER_PPI_VIRT, a level: it stays raised until CVAL moves past
 * the count or the timer is masked, which the class's next set_alarm or
 * clear_alarm does.
 *
 * The board attaches generic_timer_isr (context: the struct
 * generic_timer) to that PPI and binds t->dev as its clock.
 */
#ifndef KOI_GENERIC_TIMER_H
#define KOI_GENERIC_TIMER_H

#include <stdint.h>

#include "drivers/timer_dev.h"
#include "regs/generic_timer.h"

struct generic_timer {
	struct timer_dev dev; /* ops NULL until generic_timer_init */
	uint32_t freq_hz;     /* CNTFRQ */
	uint64_t start;       /* the count at init: time 0 */
};

/**
 * Reads CNTFRQ, starts the clock from 0 with no alarm armed.
 * @param t  the timer
 * @return 0
 * @retval -ENODEV  CNTFRQ is not set (0: firmware before us should have,
 *                  QEMU does) or is outside 1 kHz .. 1 GHz
 */
int generic_timer_init(struct generic_timer *t);
/**
 * The interrupt handler.
 * @param ctx  the struct generic_timer
 */
void generic_timer_isr(void *ctx);

#endif /* KOI_GENERIC_TIMER_H */
