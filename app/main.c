/*
 * Koi firmware entry (minimal bring-up version): banner, the platform-bus
 * table, exit 0.  Unknown arguments print usage and exit 2.
 */
#include <stdio.h>

#include "boot/board.h"
#include "drivers/goldfish_bus.h"
#include "drivers/goldfish_timer.h"

static int usage(const char *prog)
{
	fprintf(stderr, "usage: %s\n  (no options yet: boots, lists devices, exits)\n", prog);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		fprintf(stderr, "%s: unknown argument '%s'\n", argv[0], argv[1]);
		return usage(argv[0]);
	}
	printf("Koi: bare-metal audio on goldfish — up at %llu ns\n",
	       (unsigned long long)timer_now_ns());
	printf("%-3s %-24s %4s %-10s %-6s %s\n", "#", "device", "id", "base", "size", "irq");
	for (size_t i = 0; i < bus_count(); i++) {
		const struct bus_dev *d = bus_get(i);
		printf("%-3u %-24s %4ld 0x%08lx 0x%04lx ", (unsigned)i, d->name,
		       (long)d->id, (unsigned long)d->base, (unsigned long)d->size);
		if (d->irq_count)
			printf("%lu\n", (unsigned long)d->irq);
		else
			printf("-\n");
	}
	return 0;
}
