/*
 * goldfish_tty.h — the goldfish TTY (QEMU 7.2 goldfish_tty, VERSION 1:
 * DATA_PTR is a physical address).
 *
 * Output: whole strings through the WRITE_BUFFER command (one command per
 * call, far fewer MMIO exits than one PUT_CHAR per byte), or single bytes
 * by polling PUT_CHAR for the fatal-error path.  Input: the RX interrupt
 * moves bytes from the device's 128-byte FIFO into a 1 KiB ring; the main
 * loop drains it with tty_read().  Bytes that arrive while the ring is
 * full are dropped and counted.
 */
#ifndef KOI_GOLDFISH_TTY_H
#define KOI_GOLDFISH_TTY_H

#include <stddef.h>
#include <stdint.h>

/* Registers (docs/goldfish-machine.md, "TTY"). */
#define TTY_PUT_CHAR      0x00u
#define TTY_BYTES_READY   0x04u
#define TTY_CMD           0x08u
#define TTY_DATA_PTR      0x10u
#define TTY_DATA_LEN      0x14u
#define TTY_DATA_PTR_HIGH 0x18u
#define TTY_VERSION       0x20u

#define TTY_CMD_INT_DISABLE  0u
#define TTY_CMD_INT_ENABLE   1u
#define TTY_CMD_WRITE_BUFFER 2u
#define TTY_CMD_READ_BUFFER  3u

#define TTY_RX_RING 1024u

/* Binds the driver to a device; input stays off.  -EINVAL for base 0,
 * -ENODEV if VERSION is 0 (the classic device, virtual DATA_PTR). */
int tty_init(uintptr_t base, uint32_t irq);
/* 1 once tty_init succeeded. */
int tty_ready(void);
/* Writes len bytes; returns 0, or -ENODEV before tty_init. */
int tty_write(const char *buf, size_t len);
/* One byte through PUT_CHAR, safe from any context. */
void tty_putc_poll(char c);
/* Starts interrupt-driven input (registers the PIC handler); calling it
 * again is harmless. */
int tty_rx_start(void);
/* Copies up to n buffered input bytes; returns the count (0: none yet). */
size_t tty_read(char *buf, size_t n);
size_t tty_rx_available(void);
uint32_t tty_rx_dropped(void);

#endif /* KOI_GOLDFISH_TTY_H */
