/*
 * pl011.h — the ARM PrimeCell UART (PL011, DDI0183) as a console: polled
 * output, interrupt-driven input.
 *
 * Output waits for room in the transmit FIFO (UARTFR.TXFF) byte by byte:
 * at 115200 baud a real UART takes 87 us a byte, QEMU's none.  Input: the
 * receive and receive-timeout interrupts (pl011_isr, which the board
 * attaches to the UART's line) move bytes from the 16-byte receive FIFO
 * into a 1 KiB ring; the main loop drains it with pl011_read().  Bytes that
 * arrive while the ring is full are dropped and counted, as are bytes
 * received with a framing, parity, break or overrun error.
 *
 * The same 8N1 format and FIFOs on every board; the baud rate divisor comes
 * from the UART's reference clock (UARTCLK), which is the board's to know.
 */
#ifndef KOI_PL011_H
#define KOI_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/ringbuf.h"

#define UARTDR     0x000u  /* data: write sends, read takes a byte + error bits */
#define UARTRSR    0x004u  /* receive status; write clears the errors (UARTECR) */
#define UARTFR     0x018u  /* flags */
#define UARTIBRD   0x024u  /* integer baud rate divisor */
#define UARTFBRD   0x028u  /* fractional baud rate divisor (6 bits) */
#define UARTLCR_H  0x02cu  /* line control: word length, FIFOs */
#define UARTCR     0x030u  /* control: enable, transmit, receive */
#define UARTIFLS   0x034u  /* FIFO levels that raise the interrupts */
#define UARTIMSC   0x038u  /* interrupt mask set/clear: 1 = enabled */
#define UARTRIS    0x03cu  /* raw interrupt status */
#define UARTMIS    0x040u  /* masked interrupt status */
#define UARTICR    0x044u  /* interrupt clear: write 1s */

#define UARTDR_ERRORS  0xf00u      /* OE BE PE FE of the byte read */
#define UARTFR_BUSY    (1u << 3)
#define UARTFR_RXFE    (1u << 4)   /* receive FIFO empty */
#define UARTFR_TXFF    (1u << 5)   /* transmit FIFO full */
#define UARTLCR_H_FEN  (1u << 4)   /* FIFOs on */
#define UARTLCR_H_WLEN_8 (3u << 5) /* 8 data bits (1 stop, no parity) */
#define UARTCR_UARTEN  (1u << 0)
#define UARTCR_TXE     (1u << 8)
#define UARTCR_RXE     (1u << 9)
#define UARTIFLS_RX_1_8 (0u << 3)  /* receive interrupt at 1/8 full */
#define UART_RXI       (1u << 4)   /* IMSC/RIS/MIS/ICR: receive */
#define UART_TXI       (1u << 5)   /*   transmit */
#define UART_RTI       (1u << 6)   /*   receive timeout: bytes waiting, line idle */
#define UART_ERRI      (0xfu << 7) /*   framing, parity, break, overrun */
#define UART_ALLI      0x7ffu

#define PL011_RX_RING 1024u

/* One UART.  The ring is the lock-free hand-over between the ISR
 * (producer) and the main loop (consumer); rx_dropped and rx_errors are
 * written by the ISR only. */
struct pl011 {
	uintptr_t base;       /* 0 until pl011_init succeeds */
	bool rx_on;
	uint32_t rx_dropped, rx_errors;
	struct ringbuf rx;
	uint8_t rx_storage[PL011_RX_RING];
};

/* Binds u to the UART at base, set to baud 8N1 with FIFOs from its
 * reference clock uartclk_hz; output on, input off.  -EINVAL for base 0 or
 * a baud rate the clock cannot make. */
int pl011_init(struct pl011 *u, uintptr_t base, uint32_t uartclk_hz, uint32_t baud);
/* true once pl011_init succeeded. */
bool pl011_ready(const struct pl011 *u);
/* Writes len bytes, polling for FIFO room; 0, or -ENODEV before init. */
int pl011_write(struct pl011 *u, const char *buf, size_t len);
/* One byte, polled, safe from any context; nothing before init. */
void pl011_putc_poll(struct pl011 *u, char c);
/* Turns the receive interrupts on (the board has attached the ISR);
 * calling it again is harmless.  -ENODEV before init. */
int pl011_rx_start(struct pl011 *u);
/* The interrupt handler; ctx is the struct pl011. */
void pl011_isr(void *ctx);
/* Copies up to n received bytes; returns the count (0: none yet). */
size_t pl011_read(struct pl011 *u, char *buf, size_t n);
size_t pl011_rx_available(struct pl011 *u);
uint32_t pl011_rx_dropped(const struct pl011 *u);

#endif /* KOI_PL011_H */
