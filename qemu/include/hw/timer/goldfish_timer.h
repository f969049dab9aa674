/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Goldfish timer, the classic register map of the Android emulator.
 *
 * A 64-bit nanosecond counter of QEMU_CLOCK_VIRTUAL (TIME_LOW latches the
 * high half for the following TIME_HIGH read) and a one-shot absolute alarm
 * whose interrupt stays raised until CLEAR_INTERRUPT or CLEAR_ALARM.
 * One 4 KiB MMIO page, one IRQ output.
 */
#ifndef HW_TIMER_GOLDFISH_TIMER_H
#define HW_TIMER_GOLDFISH_TIMER_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "regs/goldfish_timer.h"

#define TYPE_GOLDFISH_TIMER "goldfish_timer"
OBJECT_DECLARE_SIMPLE_TYPE(GoldfishTimerState, GOLDFISH_TIMER)

/* Registers: regs/goldfish_timer.h, shared with the firmware and the tests
 * (qemu/build.sh copies regs/ into the tree). */

struct GoldfishTimerState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    QEMUTimer *timer;
    qemu_irq irq;

    uint32_t time_high;     /* latched by the last TIME_LOW read */
    uint32_t alarm_high;    /* written before ALARM_LOW */
    uint64_t alarm;         /* armed absolute alarm, ns of the virtual clock */
    uint32_t alarm_armed;
    uint32_t irq_level;
};

#endif
