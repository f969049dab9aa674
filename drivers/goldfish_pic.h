/*
 * goldfish_pic.h — the goldfish interrupt controller, QEMU 7.2 dialect:
 * 32 level-sensitive lines, enable/disable by bitmask, one output to the
 * CPU's IRQ.
 *
 * Handlers run in IRQ mode with interrupts masked (no nesting) and must
 * do the minimum: acknowledge the device, move data, note an event.
 * pic_dispatch() calls the handler of every pending enabled line.  An IRQ
 * exception with nothing pending is spurious: counted and survived.  A
 * pending line without a handler is a firmware bug: reported, fatal.
 */
#ifndef KOI_GOLDFISH_PIC_H
#define KOI_GOLDFISH_PIC_H

#include <stdint.h>

/* Registers (docs/goldfish-machine.md, "Interrupts": QEMU 7.2's bitmask dialect). */
#define PIC_STATUS      0x00u  /* R: number of pending enabled lines */
#define PIC_PENDING     0x04u  /* R: bitmask of pending enabled lines */
#define PIC_DISABLE_ALL 0x08u  /* W: clears pending and enabled */
#define PIC_DISABLE     0x0cu  /* W: enabled &= ~value */
#define PIC_ENABLE      0x10u  /* W: enabled |= value */

#define PIC_NR_IRQS 32u

typedef void (*irq_handler_fn)(void *ctx);

/* Masks every line; handlers are forgotten. */
void pic_init(uintptr_t base);
/* Installs the handler for a line (masked until pic_enable).
 * -EINVAL for irq >= 32 or a NULL handler, -EBUSY if the line is taken. */
int pic_register(uint32_t irq, irq_handler_fn fn, void *ctx);
int pic_unregister(uint32_t irq);
void pic_enable(uint32_t irq);
void pic_disable(uint32_t irq);
/* Handles every pending line; returns how many handlers ran. */
uint32_t pic_dispatch(void);
/* IRQ exceptions that found nothing pending. */
uint32_t pic_spurious_count(void);
/* Handler calls per line since boot. */
uint32_t pic_irq_count(uint32_t irq);

/* Called for a pending line without a handler (default: fatal report).
 * Tests of the dispatcher replace it. */
extern void (*pic_unexpected_hook)(uint32_t irq);

#endif /* KOI_GOLDFISH_PIC_H */
