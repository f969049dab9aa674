/*
 * highwater.h — how much of each stack and of the heap the program used.
 *
 * stack_paint() fills the unused part of the SVC stack (below the caller's
 * frame) and the whole IRQ stack with a pattern, with interrupts masked so
 * no handler is live on the IRQ stack meanwhile; the canary words at each
 * stack's bottom are left alone.  Call it once, early in main().
 * memory_usage() then reports the deepest point each stack reached since
 * the paint (the first word from the bottom no longer holding the pattern)
 * and the heap's high water (what _sbrk handed to malloc, which never
 * shrinks).  A stack that was never painted reports 0.
 */
#ifndef KOI_HIGHWATER_H
#define KOI_HIGHWATER_H

#include <stdint.h>

struct memory_usage {
	uint32_t svc_used, svc_size; /* bytes */
	uint32_t irq_used, irq_size;
	uint32_t heap_used, heap_size;
};

/**
 * Paints the SVC stack below the caller's frame and the whole IRQ stack
 * (the contract above).  Once, early in main().
 */
void stack_paint(void);
/**
 * The stacks' and the heap's high-water marks since the paint, and their
 * sizes.
 * @param u  receives them, in bytes (0 used for a stack never painted)
 */
void memory_usage(struct memory_usage *u);

#endif /* KOI_HIGHWATER_H */
