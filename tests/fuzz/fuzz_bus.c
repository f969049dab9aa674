/*
 * libFuzzer target: platform-bus enumeration (drivers/goldfish_bus.c)
 * against a device that answers anything: BUS_OP codes (including unknown
 * ones and a bus that never says DONE), names of any length and content
 * written by "DMA" exactly as long as NAME_LEN claims, any base, size, IRQ.
 * The driver must return a documented code, never write past its name
 * buffer (ASan watches it) and leave a table of terminated names within
 * BUS_MAX_DEVS entries.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/goldfish_bus.h"
#include "regs/goldfish_machine.h"
#include "tests/host/fw_mmio_fake.h"

static struct goldfish_bus bus;

static const uint8_t *in, *in_end;
static uint32_t name_len;

static uint8_t next8(void)
{
	return in < in_end ? *in++ : 0;
}

static uint32_t next32(void)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v = v << 8 | next8();
	return v;
}

static uint32_t bus_read(uintptr_t addr)
{
	switch (addr - GOLDFISH_BUS_BASE) {
	case PDEV_BUS_OP: {
		if (in >= in_end)
			return PDEV_BUS_OP_DONE;
		uint8_t b = next8();
		/* Mostly ADD_DEV; DONE, REMOVE_DEV and garbage now and then. */
		return b < 200 ? PDEV_BUS_OP_ADD_DEV : b < 210 ? PDEV_BUS_OP_DONE
		     : b < 230 ? PDEV_BUS_OP_REMOVE_DEV : b;
	}
	case PDEV_BUS_NAME_LEN: {
		uint8_t b = next8();
		name_len = b < 240 ? b % 70u : next32();
		return name_len;
	}
	case PDEV_BUS_ID:
	case PDEV_BUS_IO_BASE:
	case PDEV_BUS_IO_SIZE:
	case PDEV_BUS_IRQ_BASE:
	case PDEV_BUS_IRQ_COUNT:
		return next32();
	default:
		return 0;
	}
}

static void bus_write(uintptr_t addr, uint32_t val)
{
	if (addr - GOLDFISH_BUS_BASE != PDEV_BUS_GET_NAME)
		return;
	uint8_t *dst = fw_fake_dma(val);
	if (!dst)
		abort(); /* the driver gave the device an address it never mapped */
	/* The device writes the whole name it announced, no NUL. */
	for (uint32_t i = 0; i < name_len; i++)
		dst[i] = next8();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in = data;
	in_end = data + size;
	fw_fake_read = bus_read;
	fw_fake_write = bus_write;
	int r = goldfish_bus_enumerate(&bus, GOLDFISH_BUS_BASE);
	if (!(r > 0 || r == -ENODEV || r == -E2BIG || r == -ENAMETOOLONG || r == -EIO))
		abort();
	if (r > 0 && (size_t)r != goldfish_bus_count(&bus))
		abort();
	if (goldfish_bus_count(&bus) > BUS_MAX_DEVS)
		abort();
	for (size_t i = 0; i < goldfish_bus_count(&bus); i++) {
		const struct bus_dev *d = goldfish_bus_get(&bus, i);
		const char *nul = memchr(d->name, '\0', BUS_NAME_MAX);
		if (!nul)
			abort(); /* unterminated */
		size_t n = (size_t)(nul - d->name);
		if (n && goldfish_bus_find(&bus, d->name, 0) == NULL)
			abort();
	}
	if (goldfish_bus_get(&bus, goldfish_bus_count(&bus)) != NULL)
		abort();
	return 0;
}
