/*
 * goldfish TTY registers (QEMU 7.2's hw/char/goldfish_tty.c, VERSION 1:
 * DATA_PTR is a physical address) — used by the firmware's driver
 * (drivers/goldfish_tty.c) and the tests.  The QEMU model is QEMU's own and
 * keeps its own enum; docs/goldfish-machine.md, "TTY", is the contract.
 */
#ifndef KOI_REGS_GOLDFISH_TTY_H
#define KOI_REGS_GOLDFISH_TTY_H

#define TTY_PUT_CHAR      0x00u  /* W: one byte out */
#define TTY_BYTES_READY   0x04u  /* R: bytes waiting in the input FIFO */
#define TTY_CMD           0x08u  /* W: a TTY_CMD_* command */
#define TTY_DATA_PTR      0x10u  /* W: buffer for WRITE_BUFFER/READ_BUFFER */
#define TTY_DATA_LEN      0x14u
#define TTY_DATA_PTR_HIGH 0x18u
#define TTY_VERSION       0x20u  /* R: 1 (0: the classic, virtual DATA_PTR) */

#define TTY_CMD_INT_DISABLE  0x00u
#define TTY_CMD_INT_ENABLE   0x01u
#define TTY_CMD_WRITE_BUFFER 0x02u
#define TTY_CMD_READ_BUFFER  0x03u

#define GOLDFISH_TTY_FIFO    128u   /* the model's input FIFO, bytes */

#endif /* KOI_REGS_GOLDFISH_TTY_H */
