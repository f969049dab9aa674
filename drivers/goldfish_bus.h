/*
 * goldfish_bus.h — the goldfish platform bus: enumerates the machine's
 * devices into a table once at boot; drivers then look up their base
 * address and IRQ by name (the firmware's platform_get_resource).
 *
 * The bus's own base (GOLDFISH_BUS_BASE) is the one hard-coded address, like
 * a device-tree root.  Enumeration polls BUS_OP, so it needs no interrupt.
 */
#ifndef KOI_GOLDFISH_BUS_H
#define KOI_GOLDFISH_BUS_H

#include <stddef.h>
#include <stdint.h>

#define GOLDFISH_BUS_BASE 0xff001000u

/* Registers (docs/goldfish-machine.md, "Platform bus"). */
#define PDEV_BUS_OP             0x00u
#define PDEV_BUS_GET_NAME       0x04u
#define PDEV_BUS_NAME_LEN       0x08u
#define PDEV_BUS_ID             0x0cu
#define PDEV_BUS_IO_BASE        0x10u
#define PDEV_BUS_IO_SIZE        0x14u
#define PDEV_BUS_IRQ_BASE       0x18u
#define PDEV_BUS_IRQ_COUNT      0x1cu
#define PDEV_BUS_NAME_ADDR_HIGH 0x20u

#define PDEV_BUS_OP_DONE        0x00u
#define PDEV_BUS_OP_REMOVE_DEV  0x04u
#define PDEV_BUS_OP_ADD_DEV     0x08u
#define PDEV_BUS_OP_INIT        0x00u

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

/* Walks the bus at base into the table.  Returns the number of devices,
 * -ENODEV if the bus reports none, -E2BIG if more than BUS_MAX_DEVS
 * (the first BUS_MAX_DEVS are kept), -ENAMETOOLONG for a name that does
 * not fit (that device is skipped, the walk goes on). */
int bus_enumerate(uintptr_t base);

/* Devices in the table. */
size_t bus_count(void);
/* The index-th device in enumeration order, NULL past the end. */
const struct bus_dev *bus_get(size_t index);
/* The instance-th device called name (0 = first), NULL if none. */
const struct bus_dev *bus_find(const char *name, unsigned instance);

/* Adds one entry (used by enumeration; exposed for tests). */
int bus_table_add(const char *name, size_t name_len, int32_t id, uint32_t base,
		  uint32_t size, uint32_t irq, uint32_t irq_count);
void bus_table_reset(void);

#endif /* KOI_GOLDFISH_BUS_H */
