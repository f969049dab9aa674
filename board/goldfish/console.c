/* Console routing; see console.h. */
#include "boot/console.h"

#include <errno.h>

#include "drivers/goldfish_tty.h"
#include "drivers/semihost.h"

static unsigned outputs = CONSOLE_TTY;

void console_set_outputs(unsigned mask)
{
	outputs = mask & (CONSOLE_TTY | CONSOLE_SEMIHOST);
}

unsigned console_outputs(void)
{
	return outputs;
}

int console_write(const char *buf, size_t len)
{
	int r = 0, done = 0;
	if ((outputs & CONSOLE_TTY) && tty_ready()) {
		r = tty_write(buf, len);
		done = 1;
	}
	if ((outputs & CONSOLE_SEMIHOST) || !done) {
		int s = semihost_write(buf, len);
		if (!done)
			r = s;
	}
	return r;
}

void console_emergency_write(const char *buf, size_t len)
{
	if (tty_ready())
		for (size_t i = 0; i < len; i++)
			tty_putc_poll(buf[i]);
	semihost_write(buf, len);
}
