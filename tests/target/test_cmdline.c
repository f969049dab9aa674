/*
 * Command line through SYS_GET_CMDLINE.  The runner passes
 * arg=test_cmdline,arg=--alpha,arg=42,arg=a,,b (",," is a literal comma).
 */
#include <errno.h>
#include <string.h>

#include "drivers/semihost.h"
#include "tests/target/tap.h"

int main(int argc, char **argv)
{
	tap_init();
	char buf[128];
	int n = semihost_get_cmdline(buf, sizeof(buf));
	tap_ok(n == (int)strlen("test_cmdline --alpha 42 a,b") && !strcmp(buf, "test_cmdline --alpha 42 a,b"),
	       "SYS_GET_CMDLINE: '%s' (%d)", n >= 0 ? buf : "", n);
	char small[8];
	tap_ok(semihost_get_cmdline(small, sizeof(small)) == -ENOSPC, "too small a buffer: -ENOSPC");
	tap_ok(semihost_get_cmdline(small, 0) == -ENOSPC, "zero-size buffer: -ENOSPC");
	tap_ok(argc == 4, "argc %d", argc);
	tap_ok(argc == 4 && !strcmp(argv[0], "test_cmdline") && !strcmp(argv[1], "--alpha") &&
	       !strcmp(argv[2], "42") && !strcmp(argv[3], "a,b") && argv[4] == NULL,
	       "argv split at spaces");
	return tap_done();
}
