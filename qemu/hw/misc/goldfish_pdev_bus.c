/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Goldfish platform bus for Koi: enumeration protocol of the Android
 * emulator's goldfish_device_bus (see the header for the contract).
 */

#include "qemu/osdep.h"
#include "hw/misc/goldfish_pdev_bus.h"
#include "hw/misc/goldfish_guest_ram.h"
#include "hw/irq.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "migration/vmstate.h"
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "trace.h"

int goldfish_pdev_bus_add(GoldfishPdevBusState *s, const char *name,
                          int32_t id, uint32_t base, uint32_t size,
                          uint32_t irq_base, uint32_t irq_count)
{
    GoldfishPdevEntry *e;

    if (s->ndev >= GOLDFISH_PDEV_BUS_MAX_DEVICES) {
        return -ENOSPC;
    }
    if (strlen(name) >= sizeof(e->name)) {
        return -EINVAL;
    }
    e = &s->dev[s->ndev++];
    pstrcpy(e->name, sizeof(e->name), name);
    e->id = id;
    e->base = base;
    e->size = size;
    e->irq_base = irq_base;
    e->irq_count = irq_count;
    return 0;
}

static void goldfish_pdev_bus_set_irq(GoldfishPdevBusState *s, uint32_t level)
{
    s->irq_level = level;
    qemu_set_irq(s->irq, level);
}

static const GoldfishPdevEntry *goldfish_pdev_bus_current(GoldfishPdevBusState *s,
                                                          hwaddr offset)
{
    if (s->cursor < 0 || (uint32_t)s->cursor >= s->ndev) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_pdev_bus: offset 0x%" HWADDR_PRIx
                      " accessed with no current device (read BUS_OP first)\n",
                      offset);
        return NULL;
    }
    return &s->dev[s->cursor];
}

/* A read of OP: the next device not reported yet (ADD_DEV, its fields
 * readable), or DONE with the bus's interrupt lowered. */
static uint32_t goldfish_pdev_bus_next(GoldfishPdevBusState *s)
{
    uint32_t i;

    for (i = 0; i < s->ndev; i++) {
        if (!(s->reported & (1u << i))) {
            break;
        }
    }
    if (i < s->ndev) {
        s->reported |= 1u << i;
        s->cursor = i;
        return PDEV_BUS_OP_ADD_DEV;
    }
    s->cursor = -1;
    goldfish_pdev_bus_set_irq(s, 0);
    return PDEV_BUS_OP_DONE;
}

/* A field of the device OP last reported (0 without one). */
static uint32_t goldfish_pdev_bus_field(GoldfishPdevBusState *s, hwaddr offset)
{
    const GoldfishPdevEntry *e = goldfish_pdev_bus_current(s, offset);

    if (!e) {
        return 0;
    }
    switch (offset) {
    case PDEV_BUS_NAME_LEN:
        return strlen(e->name);
    case PDEV_BUS_ID:
        return (uint32_t)e->id;
    case PDEV_BUS_IO_BASE:
        return e->base;
    case PDEV_BUS_IO_SIZE:
        return e->size;
    case PDEV_BUS_IRQ_BASE:
        return e->irq_base;
    default:
        return e->irq_count;
    }
}

static uint64_t goldfish_pdev_bus_read(void *opaque, hwaddr offset,
                                       unsigned size)
{
    GoldfishPdevBusState *s = opaque;
    uint32_t r = 0;

    switch (offset) {
    case PDEV_BUS_OP:
        r = goldfish_pdev_bus_next(s);
        break;
    case PDEV_BUS_NAME_LEN:
    case PDEV_BUS_ID:
    case PDEV_BUS_IO_BASE:
    case PDEV_BUS_IO_SIZE:
    case PDEV_BUS_IRQ_BASE:
    case PDEV_BUS_IRQ_COUNT:
        r = goldfish_pdev_bus_field(s, offset);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_pdev_bus: read of write-only or unknown offset 0x%"
                      HWADDR_PRIx " (reads 0)\n", offset);
        break;
    }
    trace_goldfish_pdev_bus_read(offset, r);
    return r;
}

static void goldfish_pdev_bus_write(void *opaque, hwaddr offset,
                                    uint64_t value, unsigned size)
{
    GoldfishPdevBusState *s = opaque;
    const GoldfishPdevEntry *e;
    hwaddr addr;
    size_t len;

    trace_goldfish_pdev_bus_write(offset, value);
    switch (offset) {
    case PDEV_BUS_OP:
        if (value != PDEV_BUS_OP_INIT) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "goldfish_pdev_bus: BUS_OP write of %" PRIu64
                          " (only 0 = OP_INIT exists; ignored)\n", value);
            break;
        }
        s->reported = 0;
        s->cursor = -1;
        goldfish_pdev_bus_set_irq(s, s->ndev != 0);
        break;
    case PDEV_BUS_GET_NAME:
        e = goldfish_pdev_bus_current(s, offset);
        if (!e) {
            break;
        }
        addr = ((hwaddr)s->name_addr_high << 32) | (uint32_t)value;
        len = strlen(e->name);
        if (!goldfish_guest_ram(addr, len)) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "goldfish_pdev_bus: GET_NAME to 0x%" HWADDR_PRIx
                          " (+%zu) is not RAM (nothing written)\n", addr, len);
            break;
        }
        address_space_write(&address_space_memory, addr,
                            MEMTXATTRS_UNSPECIFIED, e->name, len);
        break;
    case PDEV_BUS_NAME_ADDR_HIGH:
        s->name_addr_high = value;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_pdev_bus: write 0x%08" PRIx64
                      " to read-only or unknown offset 0x%" HWADDR_PRIx
                      " (ignored)\n", value, offset);
        break;
    }
}

static const MemoryRegionOps goldfish_pdev_bus_ops = {
    .read = goldfish_pdev_bus_read,
    .write = goldfish_pdev_bus_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static const VMStateDescription vmstate_goldfish_pdev_bus = {
    .name = TYPE_GOLDFISH_PDEV_BUS,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_INT32(cursor, GoldfishPdevBusState),
        VMSTATE_UINT32(reported, GoldfishPdevBusState),
        VMSTATE_UINT32(name_addr_high, GoldfishPdevBusState),
        VMSTATE_UINT32(irq_level, GoldfishPdevBusState),
        VMSTATE_END_OF_LIST()
    }
};

/* Reset, phase 1: the walk starts over; phase 2 drops the line. */
static void goldfish_pdev_bus_reset_enter(Object *obj, ResetType type)
{
    GoldfishPdevBusState *s = GOLDFISH_PDEV_BUS(obj);

    s->cursor = -1;
    s->reported = 0;
    s->name_addr_high = 0;
}

static void goldfish_pdev_bus_reset_hold(Object *obj, ResetType type)
{
    goldfish_pdev_bus_set_irq(GOLDFISH_PDEV_BUS(obj), 0);
}

static void goldfish_pdev_bus_realize(DeviceState *dev, Error **errp)
{
    GoldfishPdevBusState *s = GOLDFISH_PDEV_BUS(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    memory_region_init_io(&s->iomem, OBJECT(s), &goldfish_pdev_bus_ops, s,
                          "goldfish_pdev_bus", GOLDFISH_PDEV_BUS_MMIO_SIZE);
    sysbus_init_mmio(sbd, &s->iomem);
    sysbus_init_irq(sbd, &s->irq);
}

static void goldfish_pdev_bus_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = goldfish_pdev_bus_realize;
    rc->phases.enter = goldfish_pdev_bus_reset_enter;
    rc->phases.hold = goldfish_pdev_bus_reset_hold;
    dc->vmsd = &vmstate_goldfish_pdev_bus;
    dc->desc = "goldfish platform bus (device enumeration)";
    /* The device table is filled by the board in C. */
    dc->user_creatable = false;
}

static const TypeInfo goldfish_pdev_bus_info = {
    .name = TYPE_GOLDFISH_PDEV_BUS,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GoldfishPdevBusState),
    .class_init = goldfish_pdev_bus_class_init,
};

static void goldfish_pdev_bus_register_types(void)
{
    type_register_static(&goldfish_pdev_bus_info);
}

type_init(goldfish_pdev_bus_register_types)
