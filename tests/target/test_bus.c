/*
 * The platform-bus table: every device of the goldfish machine with the
 * base, size and IRQ the machine wires, look-up by name, instance and
 * index, and the misses.  A fresh enumeration gives the same table.
 */
#include <string.h>

#include "drivers/goldfish_bus.h"
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

static void check_table(const char *when)
{
	tap_ok(bus_count() == NWANT, "%s: %u devices (%u)", when, (unsigned)NWANT,
	       (unsigned)bus_count());
	for (unsigned i = 0; i < NWANT; i++) {
		const struct bus_dev *d = bus_find(want[i].name, 0);
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
	for (unsigned i = 0; i < bus_count(); i++)
		order &= bus_get(i) == bus_find(bus_get(i)->name, 0);
	tap_ok(order, "bus_get(i) and bus_find(name) agree");
	tap_ok(bus_get(bus_count()) == NULL, "bus_get past the end: NULL");
	tap_ok(bus_find("goldfish_fb", 0) == NULL, "absent device: NULL");
	tap_ok(bus_find("goldfish_tty", 1) == NULL, "second instance of tty: NULL");
	tap_ok(bus_find("goldfish", 0) == NULL, "name prefix does not match");
	int n = bus_enumerate(GOLDFISH_BUS_BASE);
	tap_ok(n == (int)NWANT, "re-enumeration returns %d", n);
	check_table("again");
	return tap_done();
}
