/*
 * goldfish_pic.h — the goldfish interrupt controller, QEMU 7.2 dialect:
 * 32 level-sensitive lines, enable/disable by bitmask, one output to the
 * CPU's IRQ.  Registers: regs/goldfish_pic.h.
 *
 * The board wires the machine's interrupts: it attaches each device
 * driver's ISR to that device's line (goldfish_pic_attach), enables the
 * line, and calls goldfish_pic_dispatch() from the IRQ vector.  Handlers
 * run in IRQ mode with interrupts masked (no nesting) and must do the
 * minimum: acknowledge the device, move data, note an event.  Dispatch
 * calls the handler of every pending enabled line.  An IRQ exception with
 * nothing pending is spurious: counted and survived.  A pending line
 * without a handler is a firmware bug: reported, fatal (exit status 133).
 */
#ifndef KOI_GOLDFISH_PIC_H
#define KOI_GOLDFISH_PIC_H

#include <stdint.h>

#include "regs/goldfish_pic.h"

typedef void (*irq_handler_fn)(void *ctx);

/* One controller.  handlers[] is written with interrupts masked and read
 * by dispatch (IRQ context); spurious and counts[] are written by dispatch
 * only and read by the main loop as single 32-bit words (a reader sees the
 * old or the new count). */
struct goldfish_pic {
	uintptr_t base;
	struct {
		irq_handler_fn fn;
		void *ctx;
	} handlers[PIC_NR_IRQS];
	uint32_t spurious;
	uint32_t counts[PIC_NR_IRQS];
};

/**
 * Binds pic to the registers at base and masks every line.
 * @param pic   the controller
 * @param base  its registers
 */
void goldfish_pic_init(struct goldfish_pic *pic, uintptr_t base);
/**
 * Installs the handler for a line (masked until goldfish_pic_enable()).
 * @param pic  the controller
 * @param irq  the line, 0..31
 * @param fn   called with ctx from IRQ context
 * @param ctx  passed to fn
 * @return 0
 * @retval -EINVAL  irq >= 32 or a NULL handler
 * @retval -EBUSY   the line is taken
 */
int goldfish_pic_attach(struct goldfish_pic *pic, uint32_t irq, irq_handler_fn fn,
			void *ctx);
/**
 * Masks the line and forgets its handler.
 * @param pic  the controller
 * @param irq  the line
 * @return 0
 * @retval -EINVAL  irq >= 32
 */
int goldfish_pic_detach(struct goldfish_pic *pic, uint32_t irq);
/**
 * Unmasks a line.
 * @param pic  the controller
 * @param irq  the line
 */
void goldfish_pic_enable(struct goldfish_pic *pic, uint32_t irq);
/**
 * Masks a line.
 * @param pic  the controller
 * @param irq  the line
 */
void goldfish_pic_disable(struct goldfish_pic *pic, uint32_t irq);
/**
 * Handles every pending line (IRQ context).
 * @param pic  the controller
 * @return how many handlers ran
 */
uint32_t goldfish_pic_dispatch(struct goldfish_pic *pic);
/**
 * IRQ exceptions that found nothing pending.
 * @param pic  the controller
 * @return the count
 */
uint32_t goldfish_pic_spurious_count(const struct goldfish_pic *pic);
/**
 * Handler calls for a line since goldfish_pic_init().
 * @param pic  the controller
 * @param irq  the line
 * @return the count
 */
uint32_t goldfish_pic_irq_count(const struct goldfish_pic *pic, uint32_t irq);

#endif /* KOI_GOLDFISH_PIC_H */
