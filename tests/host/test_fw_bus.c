/* Platform-bus enumeration against a register model of the bus. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/goldfish_bus.h"
#include "tests/host/fw_mmio_fake.h"

static struct goldfish_bus bus;

#define BASE 0xff001000u

static struct {
	const char *names[48];
	int n, cursor, reported;
	int never_done;
	uint32_t name_high;
} m;

static uint32_t bus_read(uintptr_t a)
{
	assert_true(a >= BASE && a < BASE + 0x1000);
	uint32_t off = (uint32_t)(a - BASE);
	if (off == PDEV_BUS_OP) {
		if (m.never_done)
			return PDEV_BUS_OP_ADD_DEV;
		if (m.reported < m.n) {
			m.cursor = m.reported++;
			return PDEV_BUS_OP_ADD_DEV;
		}
		m.cursor = -1;
		return PDEV_BUS_OP_DONE;
	}
	if (m.cursor < 0)
		return 0;
	switch (off) {
	case PDEV_BUS_NAME_LEN: return (uint32_t)strlen(m.names[m.cursor]);
	case PDEV_BUS_ID: return (uint32_t)(m.cursor == 2 ? 0 : -1);
	case PDEV_BUS_IO_BASE: return 0xff000000u + (uint32_t)m.cursor * 0x1000u;
	case PDEV_BUS_IO_SIZE: return 0x1000u;
	case PDEV_BUS_IRQ_BASE: return (uint32_t)m.cursor + 1u;
	case PDEV_BUS_IRQ_COUNT: return m.cursor ? 1u : 0u;
	default: fail_msg("read of offset %#x", off); return 0;
	}
}

static void bus_write(uintptr_t a, uint32_t v)
{
	uint32_t off = (uint32_t)(a - BASE);
	if (off == PDEV_BUS_OP) {
		assert_int_equal(v, PDEV_BUS_OP_INIT);
		m.reported = 0;
		m.cursor = -1;
	} else if (off == PDEV_BUS_NAME_ADDR_HIGH) {
		m.name_high = v;
	} else if (off == PDEV_BUS_GET_NAME) {
		assert_int_equal(m.name_high, 0);
		char *p = fw_fake_dma(v);
		assert_non_null(p);
		memcpy(p, m.names[m.cursor], strlen(m.names[m.cursor])); /* no NUL */
	} else {
		fail_msg("write of offset %#x", off);
	}
}

static int setup(void **state)
{
	(void)state;
	memset(&m, 0, sizeof(m));
	m.cursor = -1;
	fw_fake_read = bus_read;
	fw_fake_write = bus_write;
	return 0;
}

static void enumerates_and_looks_up(void **state)
{
	(void)state;
	const char *names[] = { "goldfish_interrupt_controller", "goldfish_device_bus",
				"goldfish_tty", "goldfish_timer", "goldfish_tty" };
	m.n = 5;
	memcpy(m.names, names, sizeof(names));
	assert_int_equal(goldfish_bus_enumerate(&bus, BASE), 5);
	assert_int_equal(goldfish_bus_count(&bus), 5);
	const struct bus_dev *d = goldfish_bus_find(&bus, "goldfish_timer", 0);
	assert_non_null(d);
	assert_string_equal(d->name, "goldfish_timer");
	assert_int_equal(d->base, 0xff003000u);
	assert_int_equal(d->irq, 4);
	assert_int_equal(d->irq_count, 1);
	assert_int_equal(d->id, -1);
	assert_int_equal(goldfish_bus_find(&bus, "goldfish_tty", 0)->id, 0);
	assert_ptr_equal(goldfish_bus_find(&bus, "goldfish_tty", 1), goldfish_bus_get(&bus, 4));
	assert_null(goldfish_bus_find(&bus, "goldfish_tty", 2));
	assert_null(goldfish_bus_find(&bus, "goldfish", 0));
	assert_int_equal(goldfish_bus_get(&bus, 0)->irq_count, 0);
	assert_null(goldfish_bus_get(&bus, 5));
	/* A shorter name after a longer one: no leftovers from the buffer. */
	assert_string_equal(goldfish_bus_get(&bus, 2)->name, "goldfish_tty");
}

static void empty_bus(void **state)
{
	(void)state;
	assert_int_equal(goldfish_bus_enumerate(&bus, BASE), -ENODEV);
	assert_int_equal(goldfish_bus_count(&bus), 0);
}

static void long_name_skipped(void **state)
{
	(void)state;
	m.n = 3;
	m.names[0] = "a";
	m.names[1] = "a_name_that_is_far_too_long_for_the_table";
	m.names[2] = "c";
	assert_int_equal(goldfish_bus_enumerate(&bus, BASE), -ENAMETOOLONG);
	assert_int_equal(goldfish_bus_count(&bus), 2);
	assert_non_null(goldfish_bus_find(&bus, "c", 0));
}

static void too_many(void **state)
{
	(void)state;
	m.n = 40;
	for (int i = 0; i < 40; i++)
		m.names[i] = "dev";
	assert_int_equal(goldfish_bus_enumerate(&bus, BASE), -E2BIG);
	assert_int_equal(goldfish_bus_count(&bus), BUS_MAX_DEVS);
}

static void endless_bus_terminates(void **state)
{
	(void)state;
	m.n = 1;
	m.names[0] = "x";
	m.never_done = 1;
	m.cursor = 0;
	assert_true(goldfish_bus_enumerate(&bus, BASE) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(enumerates_and_looks_up, setup),
		cmocka_unit_test_setup(empty_bus, setup),
		cmocka_unit_test_setup(long_name_skipped, setup),
		cmocka_unit_test_setup(too_many, setup),
		cmocka_unit_test_setup(endless_bus_terminates, setup),
	};
	return cmocka_run_group_tests_name("fw_bus", tests, NULL, NULL);
}
