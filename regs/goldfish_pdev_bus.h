/*
 * goldfish platform bus ("goldfish_device_bus") registers — shared by the
 * firmware's driver (drivers/goldfish_bus.c), Koi's QEMU model
 * (qemu/hw/misc/goldfish_pdev_bus.c) and the qtest suite (tests/regs.py).
 * Named as in Linux's drivers/platform/goldfish/pdev_bus.c;
 * docs/goldfish-machine.md, "Platform bus", is the contract.
 */
#ifndef KOI_REGS_GOLDFISH_PDEV_BUS_H
#define KOI_REGS_GOLDFISH_PDEV_BUS_H

#define PDEV_BUS_OP             0x00u  /* R: next event; W: a command */
#define PDEV_BUS_GET_NAME       0x04u  /* W: copy the name to this guest address */
#define PDEV_BUS_NAME_LEN       0x08u  /* R: bytes in the name, no NUL */
#define PDEV_BUS_ID             0x0cu  /* R: instance, -1 for a single device */
#define PDEV_BUS_IO_BASE        0x10u
#define PDEV_BUS_IO_SIZE        0x14u
#define PDEV_BUS_IRQ_BASE       0x18u
#define PDEV_BUS_IRQ_COUNT      0x1cu
#define PDEV_BUS_NAME_ADDR_HIGH 0x20u  /* W: bits 63..32 of GET_NAME's address */

/* BUS_OP values. */
#define PDEV_BUS_OP_DONE        0x00u  /* read: no more devices */
#define PDEV_BUS_OP_REMOVE_DEV  0x04u  /* read: a device went away (never at boot) */
#define PDEV_BUS_OP_ADD_DEV     0x08u  /* read: the cursor is on a new device */
#define PDEV_BUS_OP_INIT        0x00u  /* write: restart the enumeration */

#define GOLDFISH_PDEV_BUS_MMIO_SIZE 0x1000u

#endif /* KOI_REGS_GOLDFISH_PDEV_BUS_H */
