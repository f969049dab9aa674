/*
 * console.h — where stdout/stderr go: the goldfish TTY (QEMU's serial,
 * normally the terminal), semihosting (QEMU's stderr), or both.
 *
 * Default: the TTY, or semihosting while no TTY is bound yet.  Test images
 * switch to semihosting so their TAP output is separate from the serial.
 */
#ifndef KOI_CONSOLE_H
#define KOI_CONSOLE_H

#include <stddef.h>

#define CONSOLE_TTY      0x1u
#define CONSOLE_SEMIHOST 0x2u

void console_set_outputs(unsigned mask);
unsigned console_outputs(void);
/* Normal path (newlib's _write): returns 0 or a negative errno. */
int console_write(const char *buf, size_t len);
/* Fatal path: polled TTY bytes plus semihosting, no buffering. */
void console_emergency_write(const char *buf, size_t len);

#endif /* KOI_CONSOLE_H */
