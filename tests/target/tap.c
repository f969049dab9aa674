/* TAP for target tests; see tap.h. */
#include "tests/target/tap.h"

#include <stdarg.h>
#include <stdio.h>

#include "board/board.h"

static int n, failed;

void tap_init(void)
{
	board_console_outputs(BOARD_CONSOLE_HOST);
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static void line(const char *prefix, const char *suffix, const char *fmt, va_list ap)
{
	printf("%s %d - ", prefix, ++n);
	vprintf(fmt, ap);
	printf("%s\n", suffix);
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line(cond ? "ok" : "not ok", "", fmt, ap);
	va_end(ap);
	if (!cond)
		failed++;
	return cond;
}

void tap_skip(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line("ok", " # SKIP", fmt, ap);
	va_end(ap);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

int tap_done(void)
{
	printf("1..%d\n", n);
	fflush(stdout);
	return failed;
}
