/*
 * goldfish_poweroff registers — Koi's own power switch (not a device of
 * the Android emulator), shared by the firmware's driver
 * (drivers/goldfish_poweroff.c) and Koi's QEMU model
 * (qemu/hw/misc/goldfish_poweroff.c).  docs/goldfish-machine.md,
 * "Power switch", is the contract.
 */
#ifndef KOI_REGS_GOLDFISH_POWEROFF_H
#define KOI_REGS_GOLDFISH_POWEROFF_H

#define GOLDFISH_POWEROFF_REG_POWEROFF 0x00u /* W: exit status 0..255; R: 0 */
#define GOLDFISH_POWEROFF_REG_VERSION  0x04u /* R: GOLDFISH_POWEROFF_VERSION */

#define GOLDFISH_POWEROFF_MMIO_SIZE    0x08u
#define GOLDFISH_POWEROFF_VERSION      1u
#define GOLDFISH_POWEROFF_STATUS_MAX   255u

#endif /* KOI_REGS_GOLDFISH_POWEROFF_H */
