/*
 * goldfish_tty.h — the goldfish TTY (QEMU 7.2 goldfish_tty, VERSION 1:
 * DATA_PTR is a physical address) as a serial_dev (drivers/serial_dev.h).
 * Registers: regs/goldfish_tty.h.
 *
 * Output: whole strings through the WRITE_BUFFER command (one command per
 * call, far fewer MMIO exits than one PUT_CHAR per byte), or single bytes
 * by polling PUT_CHAR for the fatal-error path.  Input: the RX interrupt
 * (goldfish_tty_isr, which the board attaches to the TTY's line) moves
 * bytes from the device's 128-byte FIFO into a 1 KiB ring; the main loop
 * drains it with serial_read().  Bytes that arrive while the ring is
 * full are dropped and counted.
 */
#ifndef KOI_GOLDFISH_TTY_H
#define KOI_GOLDFISH_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/serial_dev.h"
#include "lib/ringbuf.h"
#include "regs/goldfish_tty.h"

#define TTY_RX_RING 1024u

/* One TTY.  The ring is the lock-free hand-over between the ISR (producer)
 * and the main loop (consumer); rx_dropped is written by the ISR only. */
struct goldfish_tty {
	struct serial_dev dev; /* ops NULL until goldfish_tty_init succeeds */
	uintptr_t base;        /* 0 until goldfish_tty_init succeeds */
	bool rx_on;
	uint32_t rx_dropped;
	struct ringbuf rx;
	uint8_t rx_storage[TTY_RX_RING];
	/* Device -> memory bounce buffer, one line-aligned block per ISR run. */
	uint8_t rx_bounce[GOLDFISH_TTY_FIFO] __attribute__((aligned(64)));
};

/**
 * Binds tty to the device at base; input stays off.
 * @param tty   the TTY
 * @param base  its registers
 * @return 0
 * @retval -EINVAL  base 0
 * @retval -ENODEV  VERSION is 0 (the classic device, virtual DATA_PTR)
 */
int goldfish_tty_init(struct goldfish_tty *tty, uintptr_t base);
/**
 * Whether goldfish_tty_init() succeeded.
 * @param tty  the TTY
 * @return true once it did
 */
bool goldfish_tty_ready(const struct goldfish_tty *tty);
/**
 * The RX interrupt handler.
 * @param ctx  the struct goldfish_tty
 */
void goldfish_tty_isr(void *ctx);
/**
 * Input bytes dropped because the ring was full.
 * @param tty  the TTY
 * @return the count since init
 */
uint32_t goldfish_tty_rx_dropped(const struct goldfish_tty *tty);

#endif /* KOI_GOLDFISH_TTY_H */
