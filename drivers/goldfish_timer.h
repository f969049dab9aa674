/*
 * goldfish_timer.h — the classic goldfish timer as a timer_dev
 * (drivers/timer_dev.h): a 64-bit count of nanoseconds of QEMU virtual
 * time, and one alarm register for the class's software alarms.
 * Registers: regs/goldfish_timer.h.
 *
 * The board attaches goldfish_timer_isr (context: the struct
 * goldfish_timer) to the timer's interrupt line and binds t->dev as its
 * clock.
 */
#ifndef KOI_GOLDFISH_TIMER_H
#define KOI_GOLDFISH_TIMER_H

#include <stdint.h>

#include "drivers/timer_dev.h"
#include "regs/goldfish_timer.h"

struct goldfish_timer {
	struct timer_dev dev; /* ops NULL until goldfish_timer_init */
	uintptr_t base;
};

/**
 * Binds t to the registers at base, no alarm armed.
 * @param t     the timer
 * @param base  its registers
 * @return 0
 * @retval -EINVAL  base 0
 */
int goldfish_timer_init(struct goldfish_timer *t, uintptr_t base);
/**
 * The interrupt handler.
 * @param ctx  the struct goldfish_timer
 */
void goldfish_timer_isr(void *ctx);

#endif /* KOI_GOLDFISH_TIMER_H */
