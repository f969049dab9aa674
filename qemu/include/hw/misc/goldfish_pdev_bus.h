/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Goldfish platform bus ("goldfish_device_bus"): lets the guest enumerate
 * the board's devices (name, id, MMIO base and size, IRQ base and count)
 * the way Linux's drivers/platform/goldfish/pdev_bus.c does.
 *
 * The board describes each device with goldfish_pdev_bus_add() before the
 * guest runs; the list is fixed afterwards (no hot-plug, no REMOVE_DEV).
 * Names are copied to guest *physical* memory (the classic emulator used
 * virtual addresses; identical with the MMU off) and only into RAM.
 */
#ifndef HW_MISC_GOLDFISH_PDEV_BUS_H
#define HW_MISC_GOLDFISH_PDEV_BUS_H

#include "hw/sysbus.h"
#include "qom/object.h"

#define TYPE_GOLDFISH_PDEV_BUS "goldfish_pdev_bus"
OBJECT_DECLARE_SIMPLE_TYPE(GoldfishPdevBusState, GOLDFISH_PDEV_BUS)

/* Register offsets, named as in Linux's goldfish_pdev_bus (docs/goldfish-machine.md, "Platform bus"). */
#define PDEV_BUS_OP             0x00
#define PDEV_BUS_GET_NAME       0x04
#define PDEV_BUS_NAME_LEN       0x08
#define PDEV_BUS_ID             0x0c
#define PDEV_BUS_IO_BASE        0x10
#define PDEV_BUS_IO_SIZE        0x14
#define PDEV_BUS_IRQ_BASE       0x18
#define PDEV_BUS_IRQ_COUNT      0x1c
#define PDEV_BUS_NAME_ADDR_HIGH 0x20

/* BUS_OP values */
#define PDEV_BUS_OP_DONE        0x00    /* read: no more devices */
#define PDEV_BUS_OP_REMOVE_DEV  0x04    /* never produced by this model */
#define PDEV_BUS_OP_ADD_DEV     0x08    /* read: cursor is on a new device */
#define PDEV_BUS_OP_INIT        0x00    /* write: restart enumeration */

#define GOLDFISH_PDEV_BUS_MMIO_SIZE 0x1000
#define GOLDFISH_PDEV_BUS_MAX_DEVICES 32

typedef struct GoldfishPdevEntry {
    char name[32];
    int32_t id;
    uint32_t base;
    uint32_t size;
    uint32_t irq_base;
    uint32_t irq_count;
} GoldfishPdevEntry;

struct GoldfishPdevBusState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq;

    GoldfishPdevEntry dev[GOLDFISH_PDEV_BUS_MAX_DEVICES];
    uint32_t ndev;              /* board configuration, not migrated */

    int32_t cursor;             /* device last returned by BUS_OP, -1 none */
    uint32_t reported;          /* bit i: dev[i] already returned */
    uint32_t name_addr_high;
    uint32_t irq_level;
};

/*
 * Describe one device of the board.  Called by the machine before the guest
 * runs; returns 0, or -ENOSPC when the table is full, -EINVAL for a name that
 * does not fit.
 */
int goldfish_pdev_bus_add(GoldfishPdevBusState *s, const char *name,
                          int32_t id, uint32_t base, uint32_t size,
                          uint32_t irq_base, uint32_t irq_count);

#endif
