/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest-RAM check shared by the goldfish devices that DMA (audio, platform
 * bus): a guest may hand them any address, including their own registers,
 * and a DMA access there would re-enter the device.  They only touch
 * [addr, addr + len) when this says it lies inside one writable RAM region.
 */
#ifndef HW_MISC_GOLDFISH_GUEST_RAM_H
#define HW_MISC_GOLDFISH_GUEST_RAM_H

#include "exec/memory.h"
#include "exec/address-spaces.h"

static inline bool goldfish_guest_ram(uint64_t addr, uint64_t len)
{
    MemoryRegionSection sec;
    bool ok;

    if (len == 0 || addr + len < addr) {
        return false;
    }
    sec = memory_region_find(get_system_memory(), addr, len);
    if (!sec.mr) {
        return false;
    }
    ok = memory_region_is_ram(sec.mr) && !memory_region_is_rom(sec.mr) &&
         int128_ge(sec.size, int128_make64(len));
    memory_region_unref(sec.mr);
    return ok;
}

#endif
