/* Koi's goldfish power switch; see goldfish_poweroff.h. */
#include "drivers/goldfish_poweroff.h"

#include <errno.h>

#include "drivers/mmio.h"

int goldfish_poweroff(uintptr_t base, uint8_t status)
{
	if (!base)
		return -ENODEV;
	mmio_write32(base + GOLDFISH_POWEROFF_REG_POWEROFF, status);
	/* QEMU exits inside the write; still here means it did not. */
	return -EIO;
}
