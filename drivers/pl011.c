/* PL011 UART as a serial_dev; see pl011.h. */
#include "drivers/pl011.h"

#include <errno.h>

#include "drivers/mmio.h"
#include "lib/container_of.h"

/* Reads of UARTFR while a byte still shifts out at init: enough for one
 * byte at 300 baud on any CPU this runs on; QEMU never sets BUSY. */
#define BUSY_POLLS 100000u

static uint32_t rd(const struct pl011 *u, uint32_t off) { return mmio_read32(u->base + off); }
static void wr(const struct pl011 *u, uint32_t off, uint32_t v) { mmio_write32(u->base + off, v); }

bool pl011_ready(const struct pl011 *u)
{
	return u->base != 0;
}

static void uart_putc_poll(struct serial_dev *dev, char c)
{
	const struct pl011 *u = container_of(dev, struct pl011, dev);
	while (rd(u, UARTFR) & UARTFR_TXFF)
		;
	wr(u, UARTDR, (uint8_t)c);
}

static int uart_write(struct serial_dev *dev, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		uart_putc_poll(dev, buf[i]);
	return 0;
}

static int uart_rx_start(struct serial_dev *dev)
{
	struct pl011 *u = container_of(dev, struct pl011, dev);
	if (u->rx_on)
		return 0;
	u->rx_on = true;
	/* Receive (FIFO at its level) and timeout (fewer bytes, line idle for
	 * 32 bit times): together every byte raises an interrupt. */
	wr(u, UARTIMSC, UART_RXI | UART_RTI);
	return 0;
}

void pl011_isr(void *ctx)
{
	struct pl011 *u = ctx;
	/* Clear first, then drain: a byte that arrives after the last look
	 * at RXFE raises the line again instead of waiting unseen.  Reading
	 * the FIFO below its level is what lowers the receive interrupt. */
	wr(u, UARTICR, UART_RXI | UART_RTI | UART_ERRI);
	while (!(rd(u, UARTFR) & UARTFR_RXFE)) {
		uint32_t d = rd(u, UARTDR);
		if (d & UARTDR_ERRORS) {
			u->rx_errors++;
			wr(u, UARTRSR, 0); /* UARTECR: clear the error flags */
			continue;
		}
		uint8_t b = (uint8_t)d;
		u->rx_dropped += 1u - ringbuf_put(&u->rx, &b, 1);
	}
}

static size_t uart_read(struct serial_dev *dev, char *buf, size_t n)
{
	struct pl011 *u = container_of(dev, struct pl011, dev);
	return ringbuf_get(&u->rx, (uint8_t *)buf, (uint32_t)n);
}

static size_t uart_rx_available(struct serial_dev *dev)
{
	struct pl011 *u = container_of(dev, struct pl011, dev);
	return ringbuf_used(&u->rx);
}

static const struct serial_dev_ops pl011_ops = {
	.write = uart_write,
	.putc_poll = uart_putc_poll,
	.rx_start = uart_rx_start,
	.read = uart_read,
	.rx_available = uart_rx_available,
};

int pl011_init(struct pl011 *u, uintptr_t base, uint32_t uartclk_hz, uint32_t baud)
{
	if (!base || !baud)
		return -EINVAL;
	/* BAUDDIV = UARTCLK / (16 * baud), as 16.6 fixed point, rounded. */
	uint64_t div = ((uint64_t)uartclk_hz * 4u + baud / 2u) / baud;
	uint32_t ibrd = (uint32_t)(div >> 6), fbrd = (uint32_t)(div & 63u);
	if (ibrd == 0 || ibrd > 0xffffu || (ibrd == 0xffffu && fbrd))
		return -EINVAL;
	u->base = base;
	u->rx_on = false;
	u->rx_dropped = u->rx_errors = 0;
	ringbuf_init(&u->rx, u->rx_storage, sizeof(u->rx_storage));
	/* The TRM's order: disable, let the last byte go, flush the FIFOs
	 * (FEN off), divisors, then LCR_H, whose write latches them. */
	wr(u, UARTCR, 0);
	for (uint32_t i = 0; i < BUSY_POLLS && (rd(u, UARTFR) & UARTFR_BUSY); i++)
		;
	wr(u, UARTLCR_H, 0);
	wr(u, UARTIBRD, ibrd);
	wr(u, UARTFBRD, fbrd);
	wr(u, UARTLCR_H, UARTLCR_H_WLEN_8 | UARTLCR_H_FEN);
	wr(u, UARTIFLS, UARTIFLS_RX_1_8);
	wr(u, UARTIMSC, 0);
	wr(u, UARTICR, UART_ALLI);
	wr(u, UARTCR, UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE);
	u->dev = (struct serial_dev){ .name = "pl011", .ops = &pl011_ops };
	return 0;
}


uint32_t pl011_rx_dropped(const struct pl011 *u)
{
	return u->rx_dropped;
}
