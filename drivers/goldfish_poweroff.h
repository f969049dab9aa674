/*
 * goldfish_poweroff.h — Koi's power switch on the goldfish machine
 * ("goldfish_poweroff" on the platform bus; registers in
 * regs/goldfish_poweroff.h, the contract in docs/goldfish-machine.md).
 *
 * It lets the firmware end QEMU with its exit status when there is no
 * semihosting.  goldfish_poweroff() writes the status and does not return
 * on a machine that has the device.  With base 0 (the board found no such
 * device) it returns -ENODEV; a QEMU that ignores the write gives -EIO.
 * The device has no state, so the driver needs none: the base is the
 * handle.
 */
#ifndef KOI_GOLDFISH_POWEROFF_H
#define KOI_GOLDFISH_POWEROFF_H

#include <stdint.h>

#include "regs/goldfish_poweroff.h"

/**
 * Ends QEMU with status; does not return on a machine with the device.
 * @param base    the device's registers, 0 if the board found none
 * @param status  the exit status
 * @return only on failure
 * @retval -ENODEV  base 0: no such device
 * @retval -EIO     QEMU ignored the write
 */
int goldfish_poweroff(uintptr_t base, uint8_t status);

#endif /* KOI_GOLDFISH_POWEROFF_H */
