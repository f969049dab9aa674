/*
 * The platform-bus table: every device of the goldfish machine with the
 * base, size and IRQ the machine wires, look-up by name, instance and
 * index, and the misses.  A fresh enumeration gives the same table.
 */
#include <string.h>

#include "board/goldfish/goldfish.h"
#include "tests/target/tap.h"

static const struct {
	const char *name;
	int32_t id;
	uint32_t base, irq_count, irq;
} want[] = {
	{ "goldfish_interrupt_controller", -1, 0xff000000u, 0, 0 },
	{ "goldfish_device_bus", -1, 0xff001000u, 1, 1 },
	{ "goldfish_tty", 0, 0xff002000u, 1, 4 },
	{ "goldfish_timer", -1, 0xff003000u, 1, 3 },
	{ "goldfish_audio", -1, 0xff004000u, 1, 15 },
	{ "goldfish_poweroff", -1, 0xff005000u, 0, 0 },
	{ "goldfish_rtc", -1, 0xff010000u, 1, 10 },
};
#define NWANT (sizeof(want) / sizeof(want[0]))

/* The table the board filled at boot (board/goldfish/board.c, stage 6). */
static struct goldfish_bus *const bus = &goldfish_board.bus;

static void check_table(const char *when)
{
	tap_ok(goldfish_bus_count(bus) == NWANT, "%s: %u devices (%u)", when, (unsigned)NWANT,
	       (unsigned)goldfish_bus_count(bus));
	for (unsigned i = 0; i < NWANT; i++) {
		const struct bus_dev *d = goldfish_bus_find(bus, want[i].name, 0);
		tap_ok(d && d->id == want[i].id && d->base == want[i].base &&
		       d->size == 0x1000u && d->irq_count == want[i].irq_count &&
		       (!d->irq_count || d->irq == want[i].irq),
		       "%s: %s at %08lx irq %lu", when, want[i].name,
		       (unsigned long)want[i].base, (unsigned long)want[i].irq);
	}
}

int main(void)
{
	tap_init();
	check_table("at boot");
	int order = 1;
	for (unsigned i = 0; i < goldfish_bus_count(bus); i++)
		order &= goldfish_bus_get(bus, i) == goldfish_bus_find(bus, goldfish_bus_get(bus, i)->name, 0);
	tap_ok(order, "bus_get(i) and bus_find(name) agree");
	tap_ok(goldfish_bus_get(bus, goldfish_bus_count(bus)) == NULL, "bus_get past the end: NULL");
	tap_ok(goldfish_bus_find(bus, "goldfish_fb", 0) == NULL, "absent device: NULL");
	tap_ok(goldfish_bus_find(bus, "goldfish_tty", 1) == NULL, "second instance of tty: NULL");
	tap_ok(goldfish_bus_find(bus, "goldfish", 0) == NULL, "name prefix does not match");
	int n = goldfish_bus_enumerate(bus, GOLDFISH_BUS_BASE);
	tap_ok(n == (int)NWANT, "re-enumeration returns %d", n);
	check_table("again");
	return tap_done();
}
