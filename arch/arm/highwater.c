/* Stack and heap high-water marks; see highwater.h. */
#include "arch/arm/highwater.h"

#include <malloc.h>
#include <stddef.h>

#include "arch/arm/cpu.h"

extern uint32_t __stack_svc_bottom[], __stack_svc_top[];
extern uint32_t __stack_irq_bottom[], __stack_irq_top[];
extern char __heap_start[], __heap_end[];

#define PAINT 0x57ac57acu  /* not the canary pattern */
#define SKIP_WORDS 16u     /* the canary words at the bottom (exceptions.c) */
#define SLACK_WORDS 64u    /* below the caller's frame: paint's own frame */

static int painted;

static void paint(uint32_t *from, uint32_t *to)
{
	for (uint32_t *p = from; p < to; p++)
		*p = PAINT;
}

void stack_paint(void)
{
	uint32_t here;
	/* Our frame is the deepest live one on the SVC stack. */
	uintptr_t sp = (uintptr_t)&here - SLACK_WORDS * sizeof(uint32_t);
	uint32_t s = irq_save();
	paint(__stack_svc_bottom + SKIP_WORDS, (uint32_t *)sp);
	paint(__stack_irq_bottom + SKIP_WORDS, __stack_irq_top);
	painted = 1;
	irq_restore(s);
}

static uint32_t used(const uint32_t *bottom, const uint32_t *top)
{
	const uint32_t *p = bottom + SKIP_WORDS;
	while (p < top && *p == PAINT)
		p++;
	return (uint32_t)((const char *)top - (const char *)p);
}

void memory_usage(struct memory_usage *u)
{
	u->svc_size = (uint32_t)((char *)__stack_svc_top - (char *)__stack_svc_bottom);
	u->irq_size = (uint32_t)((char *)__stack_irq_top - (char *)__stack_irq_bottom);
	u->svc_used = painted ? used(__stack_svc_bottom, __stack_svc_top) : 0;
	u->irq_used = painted ? used(__stack_irq_bottom, __stack_irq_top) : 0;
	struct mallinfo mi = mallinfo();
	u->heap_used = (uint32_t)mi.arena;
	u->heap_size = (uint32_t)(__heap_end - __heap_start);
}
