/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Goldfish timer (classic Android emulator register map) for Koi.
 *
 * The counter is QEMU_CLOCK_VIRTUAL in nanoseconds, so it stops while the
 * VM is stopped and is deterministic under -icount.  An alarm at or before
 * the current time fires at once, as in the reference.
 */

#include "qemu/osdep.h"
#include "hw/timer/goldfish_timer.h"
#include "hw/irq.h"
#include "migration/vmstate.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "trace.h"

static void goldfish_timer_set_irq(GoldfishTimerState *s, uint32_t level)
{
    s->irq_level = level;
    qemu_set_irq(s->irq, level);
}

static void goldfish_timer_expire(void *opaque)
{
    GoldfishTimerState *s = opaque;

    trace_goldfish_timer_fire(s->alarm);
    s->alarm_armed = 0;
    goldfish_timer_set_irq(s, 1);
}

static void goldfish_timer_arm(GoldfishTimerState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (s->alarm <= (uint64_t)now) {
        timer_del(s->timer);
        goldfish_timer_expire(s);
    } else {
        s->alarm_armed = 1;
        /* Alarms beyond INT64_MAX ns (292 years) are clamped. */
        timer_mod(s->timer, s->alarm > INT64_MAX ? INT64_MAX : (int64_t)s->alarm);
    }
}

static uint64_t goldfish_timer_read(void *opaque, hwaddr offset, unsigned size)
{
    GoldfishTimerState *s = opaque;
    uint64_t now;
    uint32_t r = 0;

    switch (offset) {
    case TIMER_TIME_LOW:
        now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        s->time_high = now >> 32;
        r = (uint32_t)now;
        break;
    case TIMER_TIME_HIGH:
        r = s->time_high;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_timer: read of write-only or unknown offset 0x%"
                      HWADDR_PRIx " (reads 0)\n", offset);
        break;
    }
    trace_goldfish_timer_read(offset, r);
    return r;
}

static void goldfish_timer_write(void *opaque, hwaddr offset, uint64_t value,
                                 unsigned size)
{
    GoldfishTimerState *s = opaque;

    trace_goldfish_timer_write(offset, value);
    switch (offset) {
    case TIMER_ALARM_LOW:
        s->alarm = ((uint64_t)s->alarm_high << 32) | (uint32_t)value;
        goldfish_timer_arm(s);
        break;
    case TIMER_ALARM_HIGH:
        s->alarm_high = value;
        break;
    case TIMER_CLEAR_INTERRUPT:
        goldfish_timer_set_irq(s, 0);
        break;
    case TIMER_CLEAR_ALARM:
        timer_del(s->timer);
        s->alarm_armed = 0;
        goldfish_timer_set_irq(s, 0);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_timer: write 0x%08" PRIx64
                      " to read-only or unknown offset 0x%" HWADDR_PRIx
                      " (ignored)\n", value, offset);
        break;
    }
}

static const MemoryRegionOps goldfish_timer_ops = {
    .read = goldfish_timer_read,
    .write = goldfish_timer_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

static int goldfish_timer_post_load(void *opaque, int version_id)
{
    GoldfishTimerState *s = opaque;

    if (s->alarm_armed) {
        timer_mod(s->timer, s->alarm > INT64_MAX ? INT64_MAX : (int64_t)s->alarm);
    } else {
        timer_del(s->timer);
    }
    return 0;
}

static const VMStateDescription vmstate_goldfish_timer = {
    .name = TYPE_GOLDFISH_TIMER,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = goldfish_timer_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(time_high, GoldfishTimerState),
        VMSTATE_UINT32(alarm_high, GoldfishTimerState),
        VMSTATE_UINT64(alarm, GoldfishTimerState),
        VMSTATE_UINT32(alarm_armed, GoldfishTimerState),
        VMSTATE_UINT32(irq_level, GoldfishTimerState),
        VMSTATE_END_OF_LIST()
    }
};

/* Reset, phase 1: the registers and the alarm, no outputs touched. */
static void goldfish_timer_reset_enter(Object *obj, ResetType type)
{
    GoldfishTimerState *s = GOLDFISH_TIMER(obj);

    timer_del(s->timer);
    s->time_high = 0;
    s->alarm_high = 0;
    s->alarm = 0;
    s->alarm_armed = 0;
}

/* Reset, phase 2: the interrupt line low. */
static void goldfish_timer_reset_hold(Object *obj, ResetType type)
{
    goldfish_timer_set_irq(GOLDFISH_TIMER(obj), 0);
}

static void goldfish_timer_realize(DeviceState *dev, Error **errp)
{
    GoldfishTimerState *s = GOLDFISH_TIMER(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    memory_region_init_io(&s->iomem, OBJECT(s), &goldfish_timer_ops, s,
                          "goldfish_timer", GOLDFISH_TIMER_MMIO_SIZE);
    sysbus_init_mmio(sbd, &s->iomem);
    sysbus_init_irq(sbd, &s->irq);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, goldfish_timer_expire, s);
}

static void goldfish_timer_unrealize(DeviceState *dev)
{
    GoldfishTimerState *s = GOLDFISH_TIMER(dev);

    timer_free(s->timer);
}

static void goldfish_timer_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = goldfish_timer_realize;
    dc->unrealize = goldfish_timer_unrealize;
    rc->phases.enter = goldfish_timer_reset_enter;
    rc->phases.hold = goldfish_timer_reset_hold;
    dc->vmsd = &vmstate_goldfish_timer;
    dc->desc = "goldfish timer (classic map)";
}

static const TypeInfo goldfish_timer_info = {
    .name = TYPE_GOLDFISH_TIMER,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GoldfishTimerState),
    .class_init = goldfish_timer_class_init,
};

static void goldfish_timer_register_types(void)
{
    type_register_static(&goldfish_timer_info);
}

type_init(goldfish_timer_register_types)
