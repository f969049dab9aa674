/*
 * The command-line splitter (lib/argv_split.h) in the build that ships,
 * on the quoting the firmware's command line can carry: each line and the
 * words a POSIX shell makes of it (the host suite compares the same code
 * with sh itself on random lines: tests/host/test_argv_split.c).
 */
#include <errno.h>
#include <string.h>

#include "lib/argv_split.h"
#include "tests/target/tap.h"

static const struct {
	const char *line;
	int argc; /* or -errno */
	const char *words[8];
} cases[] = {
	{"  tone  --freq\t997 \n", 3, {"tone", "--freq", "997"}},
	{"piano --keys 'a s \"d'  \"x y\\\" z\" a\\ b '' end", 7,
	 {"piano", "--keys", "a s \"d", "x y\" z", "a b", "", "end"}},
	{"it's\\'", 1, {"its\\"}},
	{"\"a\\b\\\\c\\$\\`\"", 1, {"a\\b\\c$`"}},
	{"a\\\nb \"c\\\nd\" '\\\n'", 3, {"ab", "cd", "\\\n"}},
	{"\\\n\\\n x", 1, {"x"}},
	{"a'b c'\"d\"e", 1, {"ab cde"}},
	{"$x `y` * \\$z", 4, {"$x", "`y`", "*", "$z"}},
	{"\"\" '' \"\"''", 3, {"", "", ""}},
	{"", 0, {0}},
	{" \t\n ", 0, {0}},
	{"it's", -EINVAL, {0}},
	{"a \"b", -EINVAL, {0}},
	{"a b\\", -EINVAL, {0}},
	{"\"a\\", -EINVAL, {0}},
	{"1 2 3 4 5 6 7 8 9", -E2BIG, {0}},
};

int main(void)
{
	tap_init();
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char line[128], *argv[8] = {0};
		strcpy(line, cases[i].line);
		int n = argv_split(line, argv, 8);
		int same = n == cases[i].argc;
		for (int k = 0; same && k < n; k++)
			same = argv[k] && strcmp(argv[k], cases[i].words[k]) == 0;
		tap_ok(same, "case %u: %d words (want %d)", i, n, cases[i].argc);
	}
	return tap_done();
}
