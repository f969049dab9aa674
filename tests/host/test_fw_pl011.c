/*
 * PL011 driver logic against a register model of the UART: the set-up
 * order and divisors, output that waits for room in the transmit FIFO,
 * input by interrupt into the ring (every byte, in order), bytes with
 * errors skipped, a full ring counted as drops, nothing before init.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/pl011.h"
#include "tests/host/fw_mmio_fake.h"

#define BASE 0x10009000u

static struct {
	uint32_t ibrd, fbrd, lcr_h, cr, ifls, imsc, ris_extra;
	bool lcr_after_divisors;         /* LCR_H written after IBRD/FBRD */
	uint32_t rx[64], nrx, rpos;      /* received words (byte + error bits) */
	char tx[256];
	uint32_t ntx, busy_polls;        /* polls of TXFF still reading full */
} m;

static uint32_t ris(void)
{
	return (m.rpos < m.nrx ? UART_RXI : 0) | m.ris_extra;
}

static uint32_t rd(uintptr_t a)
{
	switch ((uint32_t)(a - BASE)) {
	case UARTFR: {
		uint32_t f = m.rpos < m.nrx ? 0 : UARTFR_RXFE;
		if (m.busy_polls) {
			m.busy_polls--;
			f |= UARTFR_TXFF;
		}
		return f;
	}
	case UARTDR: assert_true(m.rpos < m.nrx); return m.rx[m.rpos++];
	case UARTMIS: return ris() & m.imsc;
	case UARTRIS: return ris();
	default: fail_msg("read of %#x", (unsigned)(a - BASE)); return 0;
	}
}

static void wr(uintptr_t a, uint32_t v)
{
	switch ((uint32_t)(a - BASE)) {
	case UARTDR:
		assert_true(m.cr & UARTCR_UARTEN);
		assert_int_equal(m.busy_polls, 0); /* written only with room */
		m.tx[m.ntx++ % sizeof m.tx] = (char)v;
		break;
	case UARTRSR: m.ris_extra &= ~UART_ERRI; break;
	case UARTIBRD: m.ibrd = v; m.lcr_after_divisors = false; break;
	case UARTFBRD: m.fbrd = v; m.lcr_after_divisors = false; break;
	case UARTLCR_H: m.lcr_h = v; m.lcr_after_divisors = true; break;
	case UARTCR: m.cr = v; break;
	case UARTIFLS: m.ifls = v; break;
	case UARTIMSC: m.imsc = v; break;
	case UARTICR: m.ris_extra &= ~v; break;
	default: fail_msg("write of %#x", (unsigned)(a - BASE));
	}
}

static struct pl011 u;

static void receive(const char *s, uint32_t errors)
{
	for (; *s; s++)
		m.rx[m.nrx++] = (uint8_t)*s | errors;
	m.ris_extra |= UART_RTI;
}

static void serve(void)
{
	for (unsigned n = 0; ris() & m.imsc; n++) {
		assert_true(n < 4);
		pl011_isr(&u);
	}
}

static int setup(void **state)
{
	(void)state;
	memset(&m, 0, sizeof m);
	fw_fake_read = rd;
	fw_fake_write = wr;
	memset(&u, 0, sizeof u);
	return 0;
}

static void setup_order_and_divisors(void **state)
{
	(void)state;
	assert_false(pl011_ready(&u));
	assert_null(u.dev.ops); /* no serial_dev before init */
	/* Versatile Express: UARTCLK 24 MHz; 115200 baud = 13 + 1/64. */
	assert_int_equal(pl011_init(&u, BASE, 24000000u, 115200u), 0);
	assert_true(pl011_ready(&u));
	assert_non_null(u.dev.ops);
	assert_int_equal(m.ibrd, 13);
	assert_int_equal(m.fbrd, 1);
	assert_true(m.lcr_after_divisors);
	assert_int_equal(m.lcr_h, UARTLCR_H_WLEN_8 | UARTLCR_H_FEN);
	assert_int_equal(m.cr, UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE);
	assert_int_equal(m.imsc, 0);
	assert_int_equal(m.ntx, 0);
	/* 3.6864 MHz, 9600: exactly 24. */
	assert_int_equal(pl011_init(&u, BASE, 3686400u, 9600u), 0);
	assert_int_equal(m.ibrd, 24);
	assert_int_equal(m.fbrd, 0);
	struct pl011 v = {0};
	assert_int_equal(pl011_init(&v, BASE, 1000u, 115200u), -EINVAL);
	assert_int_equal(pl011_init(&v, BASE, 24000000u, 0), -EINVAL);
	assert_int_equal(pl011_init(&v, 0, 24000000u, 115200u), -EINVAL);
}

static void output_waits_for_room(void **state)
{
	(void)state;
	assert_int_equal(pl011_init(&u, BASE, 24000000u, 115200u), 0);
	m.busy_polls = 5;
	assert_int_equal(serial_write(&u.dev, "koi\n", 4), 0);
	assert_int_equal(m.ntx, 4);
	assert_memory_equal(m.tx, "koi\n", 4);
}

static void input_by_interrupt(void **state)
{
	(void)state;
	assert_int_equal(pl011_init(&u, BASE, 24000000u, 115200u), 0);
	receive("ignored", 0); /* input off: stays in the UART */
	serve();
	assert_int_equal(serial_rx_available(&u.dev), 0);
	m.nrx = m.rpos = 0;
	m.ris_extra = 0;
	assert_int_equal(serial_rx_start(&u.dev), 0);
	assert_int_equal(m.imsc, UART_RXI | UART_RTI);
	assert_int_equal(serial_rx_start(&u.dev), 0);
	receive("hel", 0);
	receive("#", 0x200u); /* a byte with a framing error */
	receive("lo", 0);
	serve();
	assert_int_equal(m.ris_extra & UART_RTI, 0); /* timeout cleared */
	char buf[16];
	assert_int_equal(serial_rx_available(&u.dev), 5);
	assert_int_equal(serial_read(&u.dev, buf, sizeof buf), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(u.rx_errors, 1);
	assert_int_equal(serial_read(&u.dev, buf, sizeof buf), 0);
}

static void full_ring_drops(void **state)
{
	(void)state;
	assert_int_equal(pl011_init(&u, BASE, 24000000u, 115200u), 0);
	assert_int_equal(serial_rx_start(&u.dev), 0);
	char line[33];
	memset(line, 'k', 32);
	line[32] = '\0';
	for (unsigned i = 0; i < PL011_RX_RING / 32u + 1u; i++) {
		m.nrx = m.rpos = 0;
		receive(line, 0);
		serve();
	}
	assert_int_equal(serial_rx_available(&u.dev), PL011_RX_RING);
	assert_int_equal(pl011_rx_dropped(&u), 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(setup_order_and_divisors, setup),
		cmocka_unit_test_setup(output_waits_for_room, setup),
		cmocka_unit_test_setup(input_by_interrupt, setup),
		cmocka_unit_test_setup(full_ring_drops, setup),
	};
	return cmocka_run_group_tests_name("fw_pl011", tests, NULL, NULL);
}
