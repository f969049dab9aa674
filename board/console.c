/* Console routing; see board.h ("console") and common.h. */
#include "board/board.h"
#include "board/common.h"

#include <errno.h>

#include "drivers/semihost.h"

/* Set by the board at boot, before interrupts are on; read afterwards. */
static const struct console_serial *serial;
static unsigned outputs = BOARD_CONSOLE_SERIAL;

void console_bind_serial(const struct console_serial *s)
{
	serial = s;
}

void board_console_outputs(unsigned mask)
{
	outputs = mask & (BOARD_CONSOLE_SERIAL | BOARD_CONSOLE_HOST);
}

int board_console_write(const char *buf, size_t len)
{
	int r = 0, done = 0;
	if ((outputs & BOARD_CONSOLE_SERIAL) && serial) {
		r = serial->write(serial->dev, buf, len);
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
			serial->putc_poll(serial->dev, buf[i]);
	semihost_write(buf, len);
}

int board_console_input_start(void)
{
	if (!serial || !serial->input_start)
		return -ENODEV;
	return serial->input_start(serial->dev);
}

size_t board_console_read(char *buf, size_t n)
{
	return serial && serial->read ? serial->read(serial->dev, buf, n) : 0;
}

size_t board_console_pending(void)
{
	return serial && serial->pending ? serial->pending(serial->dev) : 0;
}
