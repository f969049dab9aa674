/* Console routing; see board.h ("console") and common.h. */
#include "board/board.h"
#include "board/common.h"

#include <errno.h>

#include "drivers/semihost.h"

/* Set by the board at boot, before interrupts are on; read afterwards. */
static struct serial_dev *serial;
static bool serial_input;
static unsigned outputs = BOARD_CONSOLE_SERIAL;

void console_bind_serial(struct serial_dev *s, bool input)
{
	serial = s;
	serial_input = s && input;
}

void board_console_outputs(unsigned mask)
{
	outputs = mask & (BOARD_CONSOLE_SERIAL | BOARD_CONSOLE_HOST);
}

int board_console_write(const char *buf, size_t len)
{
	int r = 0, done = 0;
	if ((outputs & BOARD_CONSOLE_SERIAL) && serial) {
		r = serial_write(serial, buf, len);
		done = 1;
	}
	if ((outputs & BOARD_CONSOLE_HOST) || !done) {
		int s = semihost_write(buf, len);
		if (!done)
			r = s;
	}
	return r;
}

void console_emergency_write(const char *buf, size_t len)
{
	if (serial)
		for (size_t i = 0; i < len; i++)
			serial_putc_poll(serial, buf[i]);
	semihost_write(buf, len);
}

int board_console_input_start(void)
{
	if (!serial_input)
		return -ENODEV;
	return serial_rx_start(serial);
}

size_t board_console_read(char *buf, size_t n)
{
	return serial_input ? serial_read(serial, buf, n) : 0;
}

size_t board_console_pending(void)
{
	return serial_input ? serial_rx_available(serial) : 0;
}
