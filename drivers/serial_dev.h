/*
 * serial_dev.h — the contract between the console (board/console.c) and a
 * serial port driver (drivers/): the device class of a UART as
 * drivers/audio_dev.h is of a sound device.
 *
 * The console owns routing (serial, semihosting or both) and the fatal
 * path; a driver owns registers, FIFOs, its receive ring and its interrupt.
 * A driver embeds a struct serial_dev in its own state (its operations get
 * the state back with container_of, lib/container_of.h) and fills in name
 * and ops in its init function; until then ops is NULL and the port must
 * not be used.  The board wires the rest: it binds the port to the
 * console (console_bind_serial, board/common.h) and attaches the driver's
 * receive interrupt handler to the port's line before input is started.
 *
 * Output: write() returns once the bytes are in the device (no output
 * interrupt, no buffering after return); putc_poll() writes one byte by
 * polling and must work from any context, fault handlers included, so it
 * takes no lock a fault could interrupt.  Input: the driver's ISR moves
 * received bytes into a ring of its own (lock-free: the ISR is the only
 * producer, the main loop the only consumer); read() and rx_available()
 * drain it without blocking.  Bytes that arrive while the ring is full
 * are dropped and counted by the driver.
 *
 * Contexts: write, rx_start, read and rx_available from the main loop;
 * putc_poll from anywhere.  Errors are negative errno values (<errno.h>).
 */
#ifndef KOI_SERIAL_DEV_H
#define KOI_SERIAL_DEV_H

#include <stddef.h>

struct serial_dev;

struct serial_dev_ops {
	/* Writes len bytes (0: nothing).  0, or a negative errno. */
	int (*write)(struct serial_dev *dev, const char *buf, size_t len);
	/* One byte, polled; any context. */
	void (*putc_poll)(struct serial_dev *dev, char c);
	/* Turns the receive interrupt on; the board has attached the
	 * driver's ISR to the line first.  Calling it again is harmless.
	 * 0, or a negative errno. */
	int (*rx_start)(struct serial_dev *dev);
	/* Copies up to n received bytes into buf; returns the count (0:
	 * nothing yet).  Never blocks. */
	size_t (*read)(struct serial_dev *dev, char *buf, size_t n);
	/* Bytes received and not yet read. */
	size_t (*rx_available)(struct serial_dev *dev);
};

struct serial_dev {
	const char *name;
	const struct serial_dev_ops *ops; /* NULL until the driver's init */
};

/* The operations, for callers (the console, tests): dev must have been
 * initialised by its driver. */
/**
 * Writes len bytes (0: nothing).
 * @param dev  the device
 * @param buf  the bytes
 * @param len  how many
 * @return 0, or a negative errno from the driver
 */
static inline int serial_write(struct serial_dev *dev, const char *buf, size_t len)
{
	return dev->ops->write(dev, buf, len);
}

/**
 * One byte, polled; any context.
 * @param dev  the device
 * @param c    the byte
 */
static inline void serial_putc_poll(struct serial_dev *dev, char c)
{
	dev->ops->putc_poll(dev, c);
}

/**
 * Turns the receive interrupt on; the board has attached the driver's ISR
 * to the line first.  Calling it again is harmless.
 * @param dev  the device
 * @return 0, or a negative errno from the driver
 */
static inline int serial_rx_start(struct serial_dev *dev)
{
	return dev->ops->rx_start(dev);
}

/**
 * Copies up to n received bytes into buf.  Never blocks.
 * @param dev  the device
 * @param buf  room for n bytes
 * @param n    bytes wanted
 * @return the count (0: nothing yet)
 */
static inline size_t serial_read(struct serial_dev *dev, char *buf, size_t n)
{
	return dev->ops->read(dev, buf, n);
}

/**
 * Bytes received and not yet read.
 * @param dev  the device
 * @return the count
 */
static inline size_t serial_rx_available(struct serial_dev *dev)
{
	return dev->ops->rx_available(dev);
}

#endif /* KOI_SERIAL_DEV_H */
