/*
 * argv_split.h — a command-line string into words, the way a POSIX shell
 * splits a simple command with no expansions.
 *
 * This is the one splitter Koi has: the board runs it on the command line
 * the host hands over (semihosting SYS_GET_CMDLINE), the host tests and the
 * fuzzer run the very same code.  tools/koi-qemu quotes each word with
 * single quotes, so what the user typed in `make run ARGS="..."` arrives
 * word for word, exactly as `koi-render` receives it from the shell.
 *
 * Rules (POSIX XCU 2.2 and 2.6.5 restricted to quoting):
 *   - space, tab and newline separate words; runs of them count as one;
 *   - '...' keeps every character literally (a backslash too);
 *   - "..." keeps every character literally except that a backslash before
 *     $ ` " \ or newline escapes it (a backslash-newline pair vanishes);
 *     before anything else the backslash stays;
 *   - outside quotes a backslash makes the next character literal, and a
 *     backslash-newline pair vanishes;
 *   - quotes join with their neighbours: a'b c'"d" is one word, "" is an
 *     empty word.
 * Nothing is expanded: $, `, *, ? and [ are ordinary characters.
 *
 * argv_split() works in place: the words are written over the line (never
 * longer than it), argv[i] point into it.
 */
#ifndef KOI_ARGV_SPLIT_H
#define KOI_ARGV_SPLIT_H

/**
 * Splits line into words, in place (the rules above).
 *
 * On error the line's contents are unspecified.
 * @param line  NUL-terminated; the words are written over it
 * @param argv  receives up to max pointers into line
 * @param max   room in argv
 * @return the word count
 * @retval -E2BIG   more than max words
 * @retval -EINVAL  an unterminated quote or a backslash at the very end
 */
int argv_split(char *line, char **argv, int max);

#endif /* KOI_ARGV_SPLIT_H */
