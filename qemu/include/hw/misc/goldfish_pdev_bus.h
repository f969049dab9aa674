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
#include "regs/goldfish_pdev_bus.h"

#define TYPE_GOLDFISH_PDEV_BUS "goldfish_pdev_bus"
OBJECT_DECLARE_SIMPLE_TYPE(GoldfishPdevBusState, GOLDFISH_PDEV_BUS)

/* Registers and BUS_OP values: regs/goldfish_pdev_bus.h, shared with the
 * firmware and the tests (qemu/build.sh copies regs/ into the tree). */
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
