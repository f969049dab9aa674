/* Goldfish TTY as a serial_dev; see goldfish_tty.h. */
#include "drivers/goldfish_tty.h"

#include <errno.h>

#include "arch/arm/cache.h"
#include "arch/arm/cpu.h"
#include "drivers/mmio.h"
#include "lib/container_of.h"

static void tty_putc_poll(struct serial_dev *dev, char c)
{
	const struct goldfish_tty *tty = container_of(dev, struct goldfish_tty, dev);
	mmio_write32(tty->base + TTY_PUT_CHAR, (uint8_t)c);
}

static int tty_write(struct serial_dev *dev, const char *buf, size_t len)
{
	const struct goldfish_tty *tty = container_of(dev, struct goldfish_tty, dev);
	if (!len)
		return 0;
	cache_clean_range(buf, len);
	mmio_wmb();
	/* DATA_PTR/LEN/CMD is one transaction the RX ISR also uses. */
	uint32_t s = irq_save();
	mmio_write32(tty->base + TTY_DATA_PTR, mmio_phys(buf));
	mmio_write32(tty->base + TTY_DATA_PTR_HIGH, 0);
	mmio_write32(tty->base + TTY_DATA_LEN, (uint32_t)len);
	mmio_write32(tty->base + TTY_CMD, TTY_CMD_WRITE_BUFFER);
	irq_restore(s);
	return 0;
}

void goldfish_tty_isr(void *ctx)
{
	struct goldfish_tty *tty = ctx;
	/* Reading the FIFO empty is what lowers the line; drain it all even
	 * if the ring is full (the excess is counted as dropped). */
	for (;;) {
		uint32_t n = mmio_read32(tty->base + TTY_BYTES_READY);
		if (!n)
			break;
		if (n > sizeof(tty->rx_bounce))
			n = sizeof(tty->rx_bounce);
		cache_invalidate_range(tty->rx_bounce, sizeof(tty->rx_bounce));
		mmio_write32(tty->base + TTY_DATA_PTR, mmio_phys(tty->rx_bounce));
		mmio_write32(tty->base + TTY_DATA_PTR_HIGH, 0);
		mmio_write32(tty->base + TTY_DATA_LEN, n);
		mmio_write32(tty->base + TTY_CMD, TTY_CMD_READ_BUFFER);
		mmio_rmb();
		cache_invalidate_range(tty->rx_bounce, sizeof(tty->rx_bounce));
		tty->rx_dropped += n - ringbuf_put(&tty->rx, tty->rx_bounce, n);
	}
}

static int tty_rx_start(struct serial_dev *dev)
{
	struct goldfish_tty *tty = container_of(dev, struct goldfish_tty, dev);
	if (tty->rx_on)
		return 0;
	tty->rx_on = true;
	mmio_write32(tty->base + TTY_CMD, TTY_CMD_INT_ENABLE);
	return 0;
}

static size_t tty_read(struct serial_dev *dev, char *buf, size_t n)
{
	struct goldfish_tty *tty = container_of(dev, struct goldfish_tty, dev);
	return ringbuf_get(&tty->rx, (uint8_t *)buf, (uint32_t)n);
}

static size_t tty_rx_available(struct serial_dev *dev)
{
	struct goldfish_tty *tty = container_of(dev, struct goldfish_tty, dev);
	return ringbuf_used(&tty->rx);
}

static const struct serial_dev_ops goldfish_tty_ops = {
	.write = tty_write,
	.putc_poll = tty_putc_poll,
	.rx_start = tty_rx_start,
	.read = tty_read,
	.rx_available = tty_rx_available,
};

int goldfish_tty_init(struct goldfish_tty *tty, uintptr_t base)
{
	if (!base)
		return -EINVAL;
	if (mmio_read32(base + TTY_VERSION) == 0)
		return -ENODEV;
	mmio_write32(base + TTY_CMD, TTY_CMD_INT_DISABLE);
	ringbuf_init(&tty->rx, tty->rx_storage, sizeof(tty->rx_storage));
	tty->rx_dropped = 0;
	tty->rx_on = false;
	tty->base = base;
	tty->dev = (struct serial_dev){ .name = "goldfish_tty", .ops = &goldfish_tty_ops };
	return 0;
}

bool goldfish_tty_ready(const struct goldfish_tty *tty)
{
	return tty->base != 0;
}

uint32_t goldfish_tty_rx_dropped(const struct goldfish_tty *tty)
{
	return tty->rx_dropped;
}
