/*
 * Deliberate faults, one per run (argv[1] picks it).  Each must end the
 * run with a report and exit status 128 + type; the runner checks both.
 * Reaching the end of main is the failure.
 */
#include <stdio.h>
#include <string.h>

#include "arch/arm/exceptions.h"
#include "board/goldfish/goldfish.h"
#include "drivers/mmio.h"
#include "tests/target/tap.h"

extern char __heap_end[], __rodata_start[], __dma_start[], __stack_svc_bottom[];

/* A bound the compiler cannot see through, far beyond the stack size. */
static volatile int depth_limit = 1 << 30;

static int recurse(int n)
{
	/* The array keeps every frame on the stack. */
	volatile char pad[256];
	pad[0] = (char)n;
	if (n >= depth_limit)
		return 0;
	return recurse(n + 1) + pad[0];
}

int main(int argc, char **argv)
{
	tap_init();
	const char *m = argc > 1 ? argv[1] : "";
	printf("# provoking: %s\n", m);
	fflush(stdout);
	if (!strcmp(m, "dabort")) {
		(void)*(volatile uint32_t *)(uintptr_t)__heap_end;
	} else if (!strcmp(m, "null")) {
		volatile uintptr_t null_plus_8 = 8;
		(void)*(volatile uint32_t *)null_plus_8;
	} else if (!strcmp(m, "rodata")) {
		*(volatile uint32_t *)(uintptr_t)__rodata_start = 1;
	} else if (!strcmp(m, "pabort")) {
		/* Execute-never: the DMA region. */
		*(volatile uint32_t *)(uintptr_t)__dma_start = 0xe12fff1e; /* bx lr */
		((void (*)(void))(uintptr_t)__dma_start)();
	} else if (!strcmp(m, "undef")) {
		__asm__ volatile("udf #42");
	} else if (!strcmp(m, "svc")) {
		__asm__ volatile("svc #1" ::: "lr", "memory");
	} else if (!strcmp(m, "stack")) {
		printf("%d\n", recurse(0));
	} else if (!strcmp(m, "canary")) {
		*(volatile uint32_t *)(uintptr_t)__stack_svc_bottom = 0;
		return 0; /* exit() checks the canaries */
	} else if (!strcmp(m, "irq")) {
		/* Audio line without a handler: INT_ENABLE raises it at once. */
		const struct bus_dev *d = goldfish_bus_find(&goldfish_board.bus, "goldfish_audio", 0);
		goldfish_pic_enable(&goldfish_board.pic, d->irq);
		mmio_write32(d->base + GFA_INT_ENABLE, 3);
		for (volatile int i = 0; i < 1000000; i++)
			;
	} else {
		printf("# unknown fault '%s'\n", m);
	}
	tap_ok(0, "fault '%s' was not caught", m);
	return tap_done();
}
