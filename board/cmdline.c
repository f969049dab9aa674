/* The command line from semihosting; see common.h. */
#include "board/board.h"
#include "board/common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/semihost.h"
#include "lib/argv_split.h"

int board_cmdline(char **argv)
{
	static char line[BOARD_CMDLINE_MAX];
	int n = semihost_get_cmdline(line, sizeof(line));
	if (n == -ENOSPC) {
		fprintf(stderr, "koi: command line longer than %u bytes\n",
			(unsigned)sizeof(line) - 1u);
		exit(KOI_EXIT_ARGS);
	}
	if (n <= 0)
		line[0] = '\0'; /* no semihosting: no arguments */
	/* QEMU hands over the program name first: "koi ARG...". */
	int argc = argv_split(line, argv, BOARD_MAX_ARGS);
	if (argc == -E2BIG) {
		fprintf(stderr, "koi: more than %u words on the command line\n",
			(unsigned)BOARD_MAX_ARGS);
		exit(KOI_EXIT_ARGS);
	}
	if (argc < 0) {
		fprintf(stderr, "koi: unterminated quote or trailing backslash on the command line\n");
		exit(KOI_EXIT_ARGS);
	}
	if (argc == 0)
		argv[argc++] = "koi";
	argv[argc] = NULL;
	return argc;
}
