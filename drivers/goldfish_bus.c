/* Goldfish platform bus enumeration; see goldfish_bus.h. */
#include "drivers/goldfish_bus.h"

#include <errno.h>
#include <string.h>

#include "boot/cache.h"
#include "drivers/mmio.h"

static struct bus_dev table[BUS_MAX_DEVS];
static size_t ndev;

void bus_table_reset(void)
{
	ndev = 0;
}

int bus_table_add(const char *name, size_t name_len, int32_t id, uint32_t base,
		  uint32_t size, uint32_t irq, uint32_t irq_count)
{
	if (name_len == 0 || name_len >= BUS_NAME_MAX)
		return -ENAMETOOLONG;
	if (ndev == BUS_MAX_DEVS)
		return -E2BIG;
	struct bus_dev *d = &table[ndev];
	memcpy(d->name, name, name_len);
	d->name[name_len] = '\0';
	d->id = id;
	d->base = base;
	d->size = size;
	d->irq = irq;
	d->irq_count = irq_count;
	ndev++;
	return 0;
}

int bus_enumerate(uintptr_t base)
{
	/* The device writes the name here by DMA; one cache line per name is
	 * plenty, invalidated around the transfer like any device-to-memory
	 * buffer. */
	static char namebuf[64] __attribute__((aligned(64)));
	int err = 0;

	bus_table_reset();
	mmio_write32(base + PDEV_BUS_OP, PDEV_BUS_OP_INIT);
	for (unsigned guard = 0; guard < 256; guard++) {
		uint32_t op = mmio_read32(base + PDEV_BUS_OP);
		if (op == PDEV_BUS_OP_DONE)
			return err ? err : (ndev ? (int)ndev : -ENODEV);
		if (op != PDEV_BUS_OP_ADD_DEV)
			continue; /* REMOVE_DEV: nothing was added yet at boot */
		uint32_t len = mmio_read32(base + PDEV_BUS_NAME_LEN);
		uint32_t dbase = mmio_read32(base + PDEV_BUS_IO_BASE);
		uint32_t dsize = mmio_read32(base + PDEV_BUS_IO_SIZE);
		uint32_t irq = mmio_read32(base + PDEV_BUS_IRQ_BASE);
		uint32_t nirq = mmio_read32(base + PDEV_BUS_IRQ_COUNT);
		int32_t id = (int32_t)mmio_read32(base + PDEV_BUS_ID);
		if (len == 0 || len >= sizeof(namebuf)) {
			err = -ENAMETOOLONG;
			continue;
		}
		cache_invalidate_range(namebuf, sizeof(namebuf));
		mmio_write32(base + PDEV_BUS_NAME_ADDR_HIGH, 0);
		mmio_write32(base + PDEV_BUS_GET_NAME, mmio_phys(namebuf));
		mmio_rmb();
		cache_invalidate_range(namebuf, sizeof(namebuf));
		int r = bus_table_add(namebuf, len, id, dbase, dsize, irq, nirq);
		if (r && !err)
			err = r;
	}
	return -EIO; /* a bus that never says DONE */
}

size_t bus_count(void)
{
	return ndev;
}

const struct bus_dev *bus_get(size_t index)
{
	return index < ndev ? &table[index] : NULL;
}

const struct bus_dev *bus_find(const char *name, unsigned instance)
{
	for (size_t i = 0; i < ndev; i++)
		if (!strcmp(table[i].name, name) && instance-- == 0)
			return &table[i];
	return NULL;
}
