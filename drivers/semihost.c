/* ARM semihosting; see semihost.h. */
#include "drivers/semihost.h"

#include <errno.h>
#include <string.h>

#include "arch/arm/exceptions.h"

#ifdef KOI_HOST
/* On the host there is no SVC vector: every call is one that trapped. */
uint32_t exc_semihost_trapped;

uintptr_t semihost_call(uint32_t op, uintptr_t arg)
{
	(void)op; (void)arg;
	exc_semihost_trapped = 1;
	return (uintptr_t)-1;
}
#else
uintptr_t semihost_call(uint32_t op, uintptr_t arg)
{
	register uintptr_t r0 __asm__("r0") = op;
	register uintptr_t r1 __asm__("r1") = arg;
	/* Without a host the trap is a real SVC exception, which overwrites
	 * the SVC-mode lr: hence the clobber. */
#ifdef __thumb__
	__asm__ volatile("svc 0xab" : "+r"(r0) : "r"(r1) : "memory", "lr");
#else
	__asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory", "lr");
#endif
	return r0;
}
#endif

/* The host's console handle.  Semihosting is one channel per machine (the
 * debugger's or QEMU's), so this is a deliberate singleton, not per-device
 * state: opened on first use, never closed. */
static int tt_handle = -1;

int semihost_present(void)
{
	if (tt_handle < 0 && !exc_semihost_trapped) {
		/* ":tt" opened for writing (mode 4) is the console's stdout. */
		static const char tt[] = ":tt";
		uintptr_t blk[3] = { (uintptr_t)tt, 4, sizeof(tt) - 1 };
		uintptr_t h = semihost_call(SEMIHOST_SYS_OPEN, (uintptr_t)blk);
		if (!exc_semihost_trapped && h != (uintptr_t)-1)
			tt_handle = (int)h;
	}
	return tt_handle >= 0 ? 0 : -ENOSYS;
}

int semihost_write(const char *buf, size_t len)
{
	if (semihost_present())
		return -ENOSYS;
	uintptr_t blk[3] = { (uintptr_t)tt_handle, (uintptr_t)buf, len };
	/* Returns the number of bytes NOT written. */
	uintptr_t left = semihost_call(SEMIHOST_SYS_WRITE, (uintptr_t)blk);
	return left == 0 ? 0 : -EIO;
}

int semihost_get_cmdline(char *buf, size_t size)
{
	if (size == 0)
		return -ENOSPC;
	if (exc_semihost_trapped)
		return -ENOSYS;
	uintptr_t blk[2] = { (uintptr_t)buf, size };
	uintptr_t r = semihost_call(SEMIHOST_SYS_GET_CMDLINE, (uintptr_t)blk);
	if (exc_semihost_trapped)
		return -ENOSYS;
	if (r != 0)
		return -ENOSPC; /* QEMU fails the call when the line is too long */
	size_t n = blk[1];
	if (n >= size)
		return -ENOSPC;
	buf[n] = '\0';
	return (int)n;
}

void semihost_exit(int code)
{
	uintptr_t blk[2] = { SEMIHOST_ADP_STOPPED_APPLICATION_EXIT, (uintptr_t)code };
	semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, (uintptr_t)blk);
}
