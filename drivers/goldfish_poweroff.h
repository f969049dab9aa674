/*
 * goldfish_poweroff.h — Koi's power switch on the goldfish machine
 * ("goldfish_poweroff" on the platform bus; the register contract is in
 * docs/goldfish-machine.md and qemu/include/hw/misc/goldfish_poweroff.h).
 *
 * It lets the firmware end QEMU with its exit status when there is no
 * semihosting.  poweroff_init() records the base the bus reported;
 * poweroff() writes the status and does not return on a machine that has
 * the device.  Without the device (poweroff_init never called, or a QEMU
 * that ignores the write) it returns -ENODEV / -EIO.
 */
#ifndef KOI_GOLDFISH_POWEROFF_H
#define KOI_GOLDFISH_POWEROFF_H

#include <stdint.h>

#define GOLDFISH_POWEROFF_POWEROFF 0x00u /* W: exit status 0..255 */
#define GOLDFISH_POWEROFF_VERSION  0x04u /* R: 1 */

void poweroff_init(uintptr_t base);
int poweroff(uint8_t status);

#endif /* KOI_GOLDFISH_POWEROFF_H */
