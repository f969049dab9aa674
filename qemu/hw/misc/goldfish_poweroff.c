/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * goldfish_poweroff: Koi's power switch (the contract is in the header).
 */

#include "qemu/osdep.h"
#include "hw/misc/goldfish_poweroff.h"
#include "gdbstub/syscalls.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "trace.h"

static uint64_t goldfish_poweroff_read(void *opaque, hwaddr offset,
                                       unsigned size)
{
    uint32_t r = 0;

    switch (offset) {
    case GOLDFISH_POWEROFF_REG_POWEROFF:
        break;
    case GOLDFISH_POWEROFF_REG_VERSION:
        r = GOLDFISH_POWEROFF_VERSION;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_poweroff: read of unknown offset 0x%"
                      HWADDR_PRIx "\n", offset);
        break;
    }
    trace_goldfish_poweroff_read(offset, r);
    return r;
}

static void goldfish_poweroff_write(void *opaque, hwaddr offset,
                                    uint64_t value, unsigned size)
{
    trace_goldfish_poweroff_write(offset, value);
    switch (offset) {
    case GOLDFISH_POWEROFF_REG_POWEROFF:
        if (value > GOLDFISH_POWEROFF_STATUS_MAX) {
            qemu_log_mask(LOG_GUEST_ERROR,
                          "goldfish_poweroff: exit status %" PRIu64
                          " is over %u; ignored\n", value,
                          GOLDFISH_POWEROFF_STATUS_MAX);
            return;
        }
        /*
         * End the way semihosting's SYS_EXIT does (QEMU 10's
         * arm-compat-semi.c): tell an attached gdb, then exit() at once.
         * A shutdown request (qemu_system_shutdown_request_with_code)
         * would let the vCPU and the audio timer run on until the main
         * loop sees it, and the capture could grow by a period of
         * silence after the firmware's last sample.
         */
        gdb_exit((int)value);
        exit((int)value);
    case GOLDFISH_POWEROFF_REG_VERSION:
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_poweroff: write of 0x%" PRIx64
                      " to %s offset 0x%" HWADDR_PRIx "; ignored\n", value,
                      offset == GOLDFISH_POWEROFF_REG_VERSION ? "read-only"
                                                              : "unknown",
                      offset);
        break;
    }
}

static const MemoryRegionOps goldfish_poweroff_ops = {
    .read = goldfish_poweroff_read,
    .write = goldfish_poweroff_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static void goldfish_poweroff_init(Object *obj)
{
    GoldfishPoweroffState *s = GOLDFISH_POWEROFF(obj);

    memory_region_init_io(&s->iomem, obj, &goldfish_poweroff_ops, s,
                          TYPE_GOLDFISH_POWEROFF, GOLDFISH_POWEROFF_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->iomem);
}

static void goldfish_poweroff_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "goldfish power switch with an exit status (Koi)";
    /* No state: a saved machine restores with nothing to carry. */
    dc->user_creatable = false;
}

static const TypeInfo goldfish_poweroff_info = {
    .name = TYPE_GOLDFISH_POWEROFF,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GoldfishPoweroffState),
    .instance_init = goldfish_poweroff_init,
    .class_init = goldfish_poweroff_class_init,
};

static void goldfish_poweroff_register_types(void)
{
    type_register_static(&goldfish_poweroff_info);
}

type_init(goldfish_poweroff_register_types)
