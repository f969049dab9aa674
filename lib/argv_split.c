/* Shell-style word splitting; the rules are in argv_split.h. */
#include "lib/argv_split.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Characters a backslash escapes inside double quotes. */
static bool dq_escapable(char c)
{
	return c == '$' || c == '`' || c == '"' || c == '\\' || c == '\n';
}

/* Separators, and backslash-newline pairs, between words. */
static const char *skip_separators(const char *r)
{
	for (;;) {
		if (is_sep(*r))
			r++;
		else if (r[0] == '\\' && r[1] == '\n')
			r += 2;
		else
			return r;
	}
}

/* One word from *rp, unquoted and unescaped, written at *wp (which never
 * passes *rp) and terminated; both move past it.  -EINVAL for an
 * unterminated quote or a backslash at the end. */
static int one_word(const char **rp, char **wp)
{
	const char *r = *rp;
	char *w = *wp;
	char q = 0; /* the open quote, or 0 */
	for (;;) {
		char c = *r;
		if (!c) {
			if (q)
				return -EINVAL;
			break;
		}
		if (q == '\'') {
			r++;
			if (c == '\'')
				q = 0;
			else
				*w++ = c;
		} else if (q == '"') {
			r++;
			if (c == '"') {
				q = 0;
			} else if (c == '\\' && dq_escapable(*r)) {
				if (*r != '\n')
					*w++ = *r;
				r++;
			} else {
				*w++ = c;
			}
		} else if (c == '\\') {
			if (!r[1])
				return -EINVAL;
			if (r[1] != '\n')
				*w++ = r[1];
			r += 2;
		} else if (c == '\'' || c == '"') {
			q = c;
			r++;
		} else if (is_sep(c)) {
			r++; /* read before the terminator overwrites it */
			break;
		} else {
			*w++ = c;
			r++;
		}
	}
	*w++ = '\0'; /* at or before the separator just read */
	*rp = r;
	*wp = w;
	return 0;
}

int argv_split(char *line, char **argv, int max)
{
	int argc = 0;
	const char *r = line; /* reads ahead of w: w never passes r */
	char *w = line;
	for (;;) {
		r = skip_separators(r);
		if (!*r)
			return argc;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = w;
		if (one_word(&r, &w))
			return -EINVAL;
	}
}
