/*
 * goldfish_tty.h — the goldfish TTY (QEMU 7.2 goldfish_tty, VERSION 1:
 * DATA_PTR is a physical address).  Registers: regs/goldfish_tty.h.
 *
 * Output: whole strings through the WRITE_BUFFER command (one command per
 * call, far fewer MMIO exits than one PUT_CHAR per byte), or single bytes
 * by polling PUT_CHAR for the fatal-error path.  Input: the RX interrupt
 * (goldfish_tty_isr, which the board attaches to the TTY's line) moves
 * bytes from the device's 128-byte FIFO into a 1 KiB ring; the main loop
 * drains it with goldfish_tty_read().  Bytes that arrive while the ring is
 * full are dropped and counted.
 */
#ifndef KOI_GOLDFISH_TTY_H
#define KOI_GOLDFISH_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ringbuf.h"
#include "regs/goldfish_tty.h"

#define TTY_RX_RING 1024u

/* One TTY.  The ring is the lock-free hand-over between the ISR (producer)
 * and the main loop (consumer); rx_dropped is written by the ISR only. */
struct goldfish_tty {
	uintptr_t base;       /* 0 until goldfish_tty_init succeeds */
	bool rx_on;
	uint32_t rx_dropped;
	struct ringbuf rx;
	uint8_t rx_storage[TTY_RX_RING];
	/* Device -> memory bounce buffer, one line-aligned block per ISR run. */
	uint8_t rx_bounce[GOLDFISH_TTY_FIFO] __attribute__((aligned(64)));
};

/* Binds tty to the device at base; input stays off.  -EINVAL for base 0,
 * -ENODEV if VERSION is 0 (the classic device, virtual DATA_PTR). */
int goldfish_tty_init(struct goldfish_tty *tty, uintptr_t base);
/* true once goldfish_tty_init succeeded. */
bool goldfish_tty_ready(const struct goldfish_tty *tty);
/* Writes len bytes; 0, or -ENODEV before init. */
int goldfish_tty_write(struct goldfish_tty *tty, const char *buf, size_t len);
/* One byte through PUT_CHAR, safe from any context; nothing before init. */
void goldfish_tty_putc_poll(struct goldfish_tty *tty, char c);
/* Turns the device's RX interrupt on (the board has attached the ISR);
 * calling it again is harmless.  -ENODEV before init. */
int goldfish_tty_rx_start(struct goldfish_tty *tty);
/* The RX interrupt handler; ctx is the struct goldfish_tty. */
void goldfish_tty_isr(void *ctx);
/* Copies up to n buffered input bytes; returns the count (0: none yet). */
size_t goldfish_tty_read(struct goldfish_tty *tty, char *buf, size_t n);
size_t goldfish_tty_rx_available(struct goldfish_tty *tty);
uint32_t goldfish_tty_rx_dropped(const struct goldfish_tty *tty);

#endif /* KOI_GOLDFISH_TTY_H */
