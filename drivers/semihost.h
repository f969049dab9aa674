/*
 * semihost.h — ARM semihosting calls to QEMU (-semihosting-config enable=on).
 *
 * Output written here goes to QEMU's stderr (or its semihosting chardev),
 * separate from the TTY console.  semihost_exit() ends QEMU with the given
 * status via SYS_EXIT_EXTENDED, so the shell sees the firmware's exit code.
 *
 * Without semihosting the call traps as an SVC; arch/arm/start.S answers -1
 * and sets exc_semihost_trapped, so every function here fails cleanly
 * (-ENOSYS) instead of hanging.
 */
#ifndef KOI_SEMIHOST_H
#define KOI_SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

#define SEMIHOST_SYS_OPEN          0x01u
#define SEMIHOST_SYS_WRITEC        0x03u
#define SEMIHOST_SYS_WRITE0        0x04u
#define SEMIHOST_SYS_WRITE         0x05u
#define SEMIHOST_SYS_GET_CMDLINE   0x15u
#define SEMIHOST_SYS_EXIT          0x18u
#define SEMIHOST_SYS_EXIT_EXTENDED 0x20u
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026u

/* Raw call: op in r0, arg in r1; returns r0. */
uintptr_t semihost_call(uint32_t op, uintptr_t arg);

/* 0 if QEMU answers semihosting calls (probes once). */
int semihost_present(void);

/* Writes len bytes to the semihosting console; -ENOSYS without a host. */
int semihost_write(const char *buf, size_t len);

/* The command line QEMU was given (-semihosting-config ...,arg=A,arg=B
 * yields "A B"), NUL-terminated.  Returns its length, -ENOSYS without a
 * host, -ENOSPC if it does not fit in size bytes. */
int semihost_get_cmdline(char *buf, size_t size);

/* Ends the run with status code.  Returns only without semihosting. */
void semihost_exit(int code);

#endif /* KOI_SEMIHOST_H */
