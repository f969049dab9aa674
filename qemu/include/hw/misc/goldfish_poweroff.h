/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * goldfish_poweroff: Koi's power switch for the goldfish machine.
 *
 * Not a device of the Android emulator: Koi adds it so that a guest can
 * end the machine with an exit status without semihosting (the plain
 * `qemu-system-arm -M goldfish -kernel firmware.elf` run).  One 4 KiB page
 * on the platform bus as "goldfish_poweroff", no interrupt.
 *
 *   0x00  POWEROFF  W  the machine powers off now and QEMU exits with the
 *                      value as its status (0..255).  A larger value is a
 *                      guest error: logged, and the write is ignored.
 *                   R  0
 *   0x04  VERSION   R  1
 *
 * Other offsets read 0 and ignore writes, with a guest-error log.  The
 * exit is the one semihosting's SYS_EXIT makes (exit() from the vCPU
 * thread): atexit handlers run, so QEMU's wav backend completes its file,
 * but audio still queued inside QEMU's audio core is not played, exactly
 * as with SYS_EXIT.  docs/goldfish-machine.md has the guest's side.
 */
#ifndef HW_MISC_GOLDFISH_POWEROFF_H
#define HW_MISC_GOLDFISH_POWEROFF_H

#include "hw/sysbus.h"
#include "qom/object.h"
#include "regs/goldfish_poweroff.h"

#define TYPE_GOLDFISH_POWEROFF "goldfish_poweroff"
OBJECT_DECLARE_SIMPLE_TYPE(GoldfishPoweroffState, GOLDFISH_POWEROFF)

/* Registers and limits: regs/goldfish_poweroff.h, shared with the firmware
 * (qemu/build.sh copies regs/ into the tree). */

struct GoldfishPoweroffState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
};

#endif
