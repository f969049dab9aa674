/* Shared pieces of the bring-up checkpoints; see bringup.h. */
#include "tests/bringup/bringup.h"

#include <string.h>

#include "board/board.h"
#include "lib/decimal.h"

static unsigned failed;

void say(const char *s)
{
	board_console_write(s, strlen(s));
}

void say_dec(uint64_t v)
{
	char b[DEC_U64_CHARS];
	say(dec_u64(v, b));
}

void say_hex(uint32_t v)
{
	char b[11] = "0x";
	for (int i = 0; i < 8; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xfu];
	b[10] = '\0';
	say(b);
}

void say_milli(uint64_t v)
{
	char frac[4] = { (char)('0' + v / 100u % 10u), (char)('0' + v / 10u % 10u),
			 (char)('0' + v % 10u), '\0' };
	say_dec(v / 1000u);
	say(".");
	say(frac);
}

bool check(bool cond, const char *text)
{
	say(cond ? "  ok   " : "  FAIL ");
	say(text);
	say("\n");
	if (!cond)
		failed++;
	return cond;
}

void step_end(void)
{
	say(failed ? "koi bring-up: checkpoint FAILED\n" : "koi bring-up: checkpoint passed\n");
	board_exit((int)(failed > 255 ? 255 : failed));
}
