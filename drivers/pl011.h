/*
 * pl011.h — the ARM PrimeCell UART (PL011, DDI0183) as a serial_dev
 * (drivers/serial_dev.h): polled output, interrupt-driven input.
 *
 * Output waits for room in the transmit FIFO (UARTFR.TXFF) byte by byte:
 * at 115200 baud a real UART takes 87 us a byte, QEMU's none.  Input: the
 * receive and receive-timeout interrupts (pl011_isr, which the board
 * attaches to the UART's line) move bytes from the 16-byte receive FIFO
 * into a 1 KiB ring; the main loop drains it with serial_read().  Bytes that
 * arrive while the ring is full are dropped and counted, as are bytes
 * received with a framing, parity, break or overrun error.
 *
 * Registers: regs/pl011.h.  The same 8N1 format and FIFOs on every board; the baud rate divisor comes
 * from the UART's reference clock (UARTCLK), which is the board's to know.
 */
#ifndef KOI_PL011_H
#define KOI_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/serial_dev.h"
#include "lib/ringbuf.h"
#include "regs/pl011.h"

#define PL011_RX_RING 1024u

/* One UART.  The ring is the lock-free hand-over between the ISR
 * (producer) and the main loop (consumer); rx_dropped and rx_errors are
 * written by the ISR only. */
struct pl011 {
	struct serial_dev dev; /* ops NULL until pl011_init succeeds */
	uintptr_t base;        /* 0 until pl011_init succeeds */
	bool rx_on;
	uint32_t rx_dropped, rx_errors;
	struct ringbuf rx;
	uint8_t rx_storage[PL011_RX_RING];
};

/**
 * Binds u to the UART at base, set to baud 8N1 with FIFOs; output on,
 * input off.
 * @param u           the UART
 * @param base        its registers
 * @param uartclk_hz  its reference clock
 * @param baud        bits per second
 * @return 0
 * @retval -EINVAL  base 0 or a baud rate the clock cannot make
 */
int pl011_init(struct pl011 *u, uintptr_t base, uint32_t uartclk_hz, uint32_t baud);
/**
 * Whether pl011_init() succeeded.
 * @param u  the UART
 * @return true once it did
 */
bool pl011_ready(const struct pl011 *u);
/**
 * The interrupt handler.
 * @param ctx  the struct pl011
 */
void pl011_isr(void *ctx);
/**
 * Received bytes dropped because the ring was full.
 * @param u  the UART
 * @return the count since init
 */
uint32_t pl011_rx_dropped(const struct pl011 *u);

#endif /* KOI_PL011_H */
