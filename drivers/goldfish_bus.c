/* Goldfish platform bus enumeration; see goldfish_bus.h. */
#include "drivers/goldfish_bus.h"

#include <errno.h>
#include <string.h>

#include "arch/arm/cache.h"
#include "drivers/mmio.h"

void goldfish_bus_table_reset(struct goldfish_bus *bus)
{
	bus->ndev = 0;
}

int goldfish_bus_table_add(struct goldfish_bus *bus, const char *name, size_t name_len,
			   int32_t id, uint32_t base, uint32_t size, uint32_t irq,
			   uint32_t irq_count)
{
	if (name_len == 0 || name_len >= BUS_NAME_MAX)
		return -ENAMETOOLONG;
	if (bus->ndev == BUS_MAX_DEVS)
		return -E2BIG;
	struct bus_dev *d = &bus->table[bus->ndev];
	memcpy(d->name, name, name_len);
	d->name[name_len] = '\0';
	d->id = id;
	d->base = base;
	d->size = size;
	d->irq = irq;
	d->irq_count = irq_count;
	bus->ndev++;
	return 0;
}

int goldfish_bus_enumerate(struct goldfish_bus *bus, uintptr_t base)
{
	char *namebuf = bus->namebuf;
	int err = 0;

	bus->base = base;
	goldfish_bus_table_reset(bus);
	mmio_write32(base + PDEV_BUS_OP, PDEV_BUS_OP_INIT);
	for (unsigned guard = 0; guard < 256; guard++) {
		uint32_t op = mmio_read32(base + PDEV_BUS_OP);
		if (op == PDEV_BUS_OP_DONE)
			return err ? err : (bus->ndev ? (int)bus->ndev : -ENODEV);
		if (op != PDEV_BUS_OP_ADD_DEV)
			continue; /* REMOVE_DEV: nothing was added yet at boot */
		uint32_t len = mmio_read32(base + PDEV_BUS_NAME_LEN);
		uint32_t dbase = mmio_read32(base + PDEV_BUS_IO_BASE);
		uint32_t dsize = mmio_read32(base + PDEV_BUS_IO_SIZE);
		uint32_t irq = mmio_read32(base + PDEV_BUS_IRQ_BASE);
		uint32_t nirq = mmio_read32(base + PDEV_BUS_IRQ_COUNT);
		int32_t id = (int32_t)mmio_read32(base + PDEV_BUS_ID);
		if (len == 0 || len >= sizeof(bus->namebuf)) {
			err = -ENAMETOOLONG;
			continue;
		}
		cache_invalidate_range(namebuf, sizeof(bus->namebuf));
		mmio_write32(base + PDEV_BUS_NAME_ADDR_HIGH, 0);
		mmio_write32(base + PDEV_BUS_GET_NAME, mmio_phys(namebuf));
		mmio_rmb();
		cache_invalidate_range(namebuf, sizeof(bus->namebuf));
		int r = goldfish_bus_table_add(bus, namebuf, len, id, dbase, dsize, irq, nirq);
		if (r && !err)
			err = r;
	}
	return -EIO; /* a bus that never says DONE */
}

size_t goldfish_bus_count(const struct goldfish_bus *bus)
{
	return bus->ndev;
}

const struct bus_dev *goldfish_bus_get(const struct goldfish_bus *bus, size_t index)
{
	return index < bus->ndev ? &bus->table[index] : NULL;
}

const struct bus_dev *goldfish_bus_find(const struct goldfish_bus *bus, const char *name,
					unsigned instance)
{
	for (size_t i = 0; i < bus->ndev; i++)
		if (!strcmp(bus->table[i].name, name) && instance-- == 0)
			return &bus->table[i];
	return NULL;
}
