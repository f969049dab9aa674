/*
 * goldfish_bus.h — the goldfish platform bus: enumerates the machine's
 * devices into a table once at boot; the board then looks up each device's
 * base address and interrupt line by name (the firmware's
 * platform_get_resource).  Registers: regs/goldfish_pdev_bus.h.
 *
 * The bus's own base is the one address the board must know (the memory
 * map, regs/goldfish_machine.h), like a device-tree root.  Enumeration
 * polls BUS_OP, so it needs no interrupt.
 */
#ifndef KOI_GOLDFISH_BUS_H
#define KOI_GOLDFISH_BUS_H

#include <stddef.h>
#include <stdint.h>

#include "regs/goldfish_pdev_bus.h"

#define BUS_NAME_MAX   32u  /* longest name kept, including the NUL */
#define BUS_MAX_DEVS   32u

struct bus_dev {
	char name[BUS_NAME_MAX];
	int32_t id;         /* -1: single-instance device */
	uint32_t base;
	uint32_t size;
	uint32_t irq;       /* first IRQ; meaningful if irq_count > 0 */
	uint32_t irq_count;
};

/* One bus and the table it reported.  Main-loop state only. */
struct goldfish_bus {
	uintptr_t base;
	size_t ndev;
	struct bus_dev table[BUS_MAX_DEVS];
	/* The device writes each name here by DMA: one cache line per name is
	 * plenty, invalidated around the transfer like any device-to-memory
	 * buffer. */
	char namebuf[64] __attribute__((aligned(64)));
};

/**
 * Walks the bus at base into bus->table.
 * @param bus   the table
 * @param base  the bus's registers
 * @return the number of devices
 * @retval -ENODEV        the bus reports none
 * @retval -E2BIG         more than BUS_MAX_DEVS (the first BUS_MAX_DEVS are
 *                        kept)
 * @retval -ENAMETOOLONG  a name that does not fit (that device is skipped,
 *                        the walk goes on)
 * @retval -EIO           a bus that never says DONE
 */
int goldfish_bus_enumerate(struct goldfish_bus *bus, uintptr_t base);

/**
 * Devices in the table.
 * @param bus  the table
 * @return the count
 */
size_t goldfish_bus_count(const struct goldfish_bus *bus);
/**
 * The index-th device in enumeration order.
 * @param bus    the table
 * @param index  0 for the first
 * @return the entry, NULL past the end
 */
const struct bus_dev *goldfish_bus_get(const struct goldfish_bus *bus, size_t index);
/**
 * The instance-th device called name.
 * @param bus       the table
 * @param name      the device's name on the bus
 * @param instance  0 for the first
 * @return the entry, NULL if none
 */
const struct bus_dev *goldfish_bus_find(const struct goldfish_bus *bus, const char *name,
					unsigned instance);

/**
 * Adds one entry (used by enumeration; exposed for tests).
 * @param bus        the table
 * @param name       the name, not NUL-terminated
 * @param name_len   its length, 1..BUS_NAME_MAX - 1
 * @param id         -1: single-instance device
 * @param base       registers
 * @param size       bytes of registers
 * @param irq        first IRQ
 * @param irq_count  IRQs
 * @return 0
 * @retval -ENAMETOOLONG  name_len is 0 or does not fit
 * @retval -E2BIG         the table is full
 */
int goldfish_bus_table_add(struct goldfish_bus *bus, const char *name, size_t name_len,
			   int32_t id, uint32_t base, uint32_t size, uint32_t irq,
			   uint32_t irq_count);
/**
 * Empties the table.
 * @param bus  the table
 */
void goldfish_bus_table_reset(struct goldfish_bus *bus);

#endif /* KOI_GOLDFISH_BUS_H */
