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
#define SEMIHOST_SYS_CLOSE         0x02u
#define SEMIHOST_SYS_WRITEC        0x03u
#define SEMIHOST_SYS_WRITE0        0x04u
#define SEMIHOST_SYS_WRITE         0x05u
#define SEMIHOST_SYS_READ          0x06u
#define SEMIHOST_SYS_ISTTY         0x09u
#define SEMIHOST_SYS_SEEK          0x0au
#define SEMIHOST_SYS_FLEN          0x0cu
#define SEMIHOST_SYS_ERRNO         0x13u
#define SEMIHOST_SYS_GET_CMDLINE   0x15u
#define SEMIHOST_SYS_EXIT          0x18u
#define SEMIHOST_SYS_EXIT_EXTENDED 0x20u
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026u

/**
 * Raw call.
 * @param op   in r0 (SEMIHOST_SYS_*)
 * @param arg  in r1
 * @return r0
 */
uintptr_t semihost_call(uint32_t op, uintptr_t arg);

/**
 * Whether QEMU answers semihosting calls (probes once).
 * @return 0 if it does
 * @retval -ENOSYS  it does not
 */
int semihost_present(void);

/**
 * Writes len bytes to the semihosting console.
 * @param buf  the bytes
 * @param len  how many
 * @return 0
 * @retval -ENOSYS  without a host
 */
int semihost_write(const char *buf, size_t len);

/**
 * The command line QEMU was given (-semihosting-config ...,arg=A,arg=B
 * yields "A B"), NUL-terminated.
 * @param buf   receives it
 * @param size  bytes in buf
 * @return its length
 * @retval -ENOSYS  without a host
 * @retval -ENOSPC  it does not fit in size bytes
 */
int semihost_get_cmdline(char *buf, size_t size);

/**
 * Ends the run with a status.  Returns only without semihosting.
 * @param code  the exit status
 */
void semihost_exit(int code);

/*
 * Host files (the host's own paths, relative to QEMU's working directory).
 * Every call returns a negative errno on failure: the host's errno as
 * SYS_ERRNO reports it (-ENOENT, -EACCES, -EISDIR ...; Linux and newlib
 * number these alike), -EIO when the host gives none, -ENOSYS without
 * semihosting.  Positions and lengths are 32-bit: the AArch32 calls are.
 */
#define SEMIHOST_OPEN_RB 1u /* "rb": read */
#define SEMIHOST_OPEN_WB 5u /* "wb": create or truncate, write */
/**
 * Opens a host file.
 * @param path  the host's path
 * @param mode  SEMIHOST_OPEN_*
 * @return a handle (>= 0), or the host's errno negated (above)
 * @retval -ENOSYS  without semihosting
 */
int semihost_open(const char *path, uint32_t mode);
/**
 * Closes a handle.
 * @param handle  from semihost_open()
 * @return 0, or the host's errno negated (above)
 * @retval -ENOSYS  without semihosting
 */
int semihost_close(int handle);
/**
 * Reads up to len bytes at the file position.
 * @param handle  from semihost_open()
 * @param buf     room for len bytes
 * @param len     bytes wanted
 * @return the count read, which is short at the end of the file and on a
 *         host error alike
 */
int32_t semihost_read(int handle, void *buf, uint32_t len);
/**
 * Writes all len bytes at the file position.
 * @param handle  from semihost_open()
 * @param buf     the bytes
 * @param len     how many
 * @return 0
 * @retval -EIO     not all went
 * @retval -ENOSYS  without semihosting
 */
int semihost_write_file(int handle, const void *buf, uint32_t len);
/**
 * Moves the file position to pos bytes from the start.
 * @param handle  from semihost_open()
 * @param pos     bytes from the start
 * @return 0, or the host's errno negated (above)
 * @retval -ENOSYS  without semihosting
 */
int semihost_seek(int handle, uint32_t pos);
/**
 * The file's length.
 * @param handle  from semihost_open()
 * @param len     receives it, in bytes
 * @return 0, or the host's errno negated (above)
 * @retval -ENOSYS  without semihosting
 */
int semihost_flen(int handle, uint32_t *len);
/**
 * The host's errno of the last failed call, negated.
 * @return it
 * @retval -EIO  the host gives none
 */
int semihost_last_error(void);
/**
 * Whether the host's stdout (where the console goes under QEMU's -serial
 * stdio) is a terminal.
 * @return 1 if it is, 0 if not or without semihosting
 */
int semihost_stdout_is_tty(void);

#endif /* KOI_SEMIHOST_H */
