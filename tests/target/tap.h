/*
 * tap.h — TAP reporting for test images running in QEMU.  Output goes
 * through semihosting (QEMU's stderr), apart from the TTY; tap_done()
 * prints the plan and returns the number of failures, which main()
 * returns as the image's exit status.
 */
#ifndef KOI_TAP_H
#define KOI_TAP_H

#include <stdbool.h>

void tap_init(void);
/* One case: returns cond. */
bool tap_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A "# ..." diagnostic line. */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int tap_done(void);

#endif /* KOI_TAP_H */
