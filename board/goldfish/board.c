/*
 * The goldfish board: from reset to main(), and board.h on goldfish's
 * devices.
 *
 * Boot (boot_main, called by arch/arm/start.S):
 *   1. fatal reports to the console, fatal ends through board_exit
 *   2. the MMU: the image (linker.ld) and the device window (memory map)
 *   3. discovery: the platform bus at its fixed base lists every device
 *   4. the device table below, in order: each device found on the bus is
 *      probed (driver bound, interrupt attached and enabled); a required
 *      one that is missing or fails ends the run with a report
 *   5. interrupts on, newlib's constructors, the command line, main()
 * The sound device is probed on first use (board_audio_dev), so a program
 * that plays nothing never touches it.
 */
#include "board/board.h"

#include <errno.h>
#include <stdlib.h>

#include "arch/arm/cpu.h"
#include "arch/arm/exceptions.h"
#include "arch/arm/mmu.h"
#include "board/common.h"
#include "board/goldfish/goldfish.h"
#include "drivers/goldfish_poweroff.h"
#include "drivers/semihost.h"

extern void __libc_init_array(void);

struct goldfish_board goldfish_board;
#define B goldfish_board

const struct mmu_region goldfish_io_windows[] = {
	{ GOLDFISH_IO_BASE, GOLDFISH_IO_SIZE, PT_DEVICE },
};
const unsigned goldfish_io_window_count =
	sizeof(goldfish_io_windows) / sizeof(goldfish_io_windows[0]);

/* ---- the devices ------------------------------------------------------- */

/* Binds a driver to a device the bus reported, wires its interrupt. */
static int attach_irq(const struct bus_dev *d, irq_handler_fn isr, void *ctx)
{
	if (!d->irq_count)
		return -ENODEV;
	int r = goldfish_pic_attach(&B.pic, d->irq, isr, ctx);
	if (!r)
		goldfish_pic_enable(&B.pic, d->irq);
	return r;
}

static int probe_pic(const struct bus_dev *d)
{
	goldfish_pic_init(&B.pic, d->base);
	return 0;
}

static int tty_write(void *dev, const char *buf, size_t len)
{
	return goldfish_tty_write(dev, buf, len);
}

static void tty_putc(void *dev, char c)
{
	goldfish_tty_putc_poll(dev, c);
}

static int tty_input_start(void *dev)
{
	return goldfish_tty_rx_start(dev);
}

static size_t tty_read(void *dev, char *buf, size_t n)
{
	return goldfish_tty_read(dev, buf, n);
}

static size_t tty_pending(void *dev)
{
	return goldfish_tty_rx_available(dev);
}

static const struct console_serial tty_console = {
	.dev = &B.tty, .write = tty_write, .putc_poll = tty_putc,
	.input_start = tty_input_start, .read = tty_read, .pending = tty_pending,
};
/* A TTY whose interrupt cannot be wired still writes. */
static const struct console_serial tty_console_output_only = {
	.dev = &B.tty, .write = tty_write, .putc_poll = tty_putc,
};

static int probe_tty(const struct bus_dev *d)
{
	int r = goldfish_tty_init(&B.tty, d->base);
	if (r)
		return r;
	r = attach_irq(d, goldfish_tty_isr, &B.tty);
	console_bind_serial(r ? &tty_console_output_only : &tty_console);
	return r;
}

static int probe_poweroff(const struct bus_dev *d)
{
	B.poweroff = d->base;
	return 0;
}

static int probe_timer(const struct bus_dev *d)
{
	int r = goldfish_timer_init(&B.timer, d->base);
	return r ? r : attach_irq(d, goldfish_timer_isr, &B.timer);
}

static int probe_audio(const struct bus_dev *d)
{
	if (!d->irq_count)
		return -ENODEV;
	int r = goldfish_audio_init(&B.audio, d->base);
	return r ? r : attach_irq(d, goldfish_audio_isr, &B.audio);
}

enum need { REQUIRED, OPTIONAL, ON_DEMAND };

/* In probe order: the interrupt controller before anything that attaches
 * to it, the console next so that later failures are readable on it. */
static const struct board_device {
	const char *name;   /* as the platform bus reports it */
	enum need need;
	int (*probe)(const struct bus_dev *d);
} devices[] = {
	{ "goldfish_interrupt_controller", REQUIRED, probe_pic },
	{ "goldfish_tty", OPTIONAL, probe_tty },
	{ "goldfish_poweroff", OPTIONAL, probe_poweroff },
	{ "goldfish_timer", REQUIRED, probe_timer },
	{ "goldfish_audio", ON_DEMAND, probe_audio },
};
#define AUDIO_ENTRY (&devices[4])

static void probe_at_boot(const struct board_device *dev)
{
	const struct bus_dev *d = goldfish_bus_find(&B.bus, dev->name, 0);
	if (!d && dev->need == REQUIRED) {
		exc_puts("koi: no '");
		exc_puts(dev->name);
		exc_puts("' on the platform bus\n");
		exc_panic(EXC_PANIC, "required device missing; devices found:",
			  (uint32_t)goldfish_bus_count(&B.bus));
	}
	if (!d)
		return;
	int r = dev->probe(d);
	if (r && dev->need == REQUIRED) {
		exc_puts("koi: ");
		exc_puts(dev->name);
		exc_puts(": ");
		exc_panic(EXC_PANIC, "probe failed, errno", (uint32_t)-r);
	}
}

int board_audio_dev(struct audio_dev **out)
{
	if (!B.audio_up) {
		const struct bus_dev *d = goldfish_bus_find(&B.bus, AUDIO_ENTRY->name, 0);
		int r = d ? AUDIO_ENTRY->probe(d) : -ENODEV;
		if (r)
			return r;
		B.audio_up = true;
	}
	*out = &B.audio.dev;
	return 0;
}

const char *board_audio_name(void)
{
	return "goldfish_audio device on the platform bus";
}

/* ---- time -------------------------------------------------------------- */

uint64_t board_now_ns(void)
{
	return goldfish_timer_now_ns(&B.timer);
}

int board_alarm_at(struct alarm *a, uint64_t when, alarm_fn fn, void *ctx)
{
	return goldfish_timer_alarm_at(&B.timer, a, when, fn, ctx);
}

int board_alarm_cancel(struct alarm *a)
{
	return goldfish_timer_alarm_cancel(&B.timer, a);
}

/* ---- start and end ----------------------------------------------------- */

void irq_handle(void)
{
	goldfish_pic_dispatch(&B.pic);
}

void board_exit(int status)
{
	semihost_exit(status);
	goldfish_poweroff(B.poweroff, (uint8_t)status);
	exc_puts("koi: no semihosting and no goldfish_poweroff device to exit through: halted\n");
	for (;;) {
		irq_disable();
		cpu_wfi();
	}
}

void boot_main(void)
{
	static char *argv[BOARD_MAX_ARGS + 1];
	exc_set_output(console_emergency_write);
	exc_set_exit(board_exit);
	stack_canary_init();
	if (mmu_init(goldfish_io_windows, goldfish_io_window_count))
		exc_panic(EXC_PANIC, "MMU tables do not fit the pool", 0);
	int n = goldfish_bus_enumerate(&B.bus, GOLDFISH_BUS_BASE);
	if (n < 0 && goldfish_bus_count(&B.bus) == 0)
		exc_panic(EXC_PANIC, "platform bus enumeration failed, errno", (uint32_t)-n);
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (devices[i].need != ON_DEMAND)
			probe_at_boot(&devices[i]);
	irq_enable();
	__libc_init_array();
	int argc = board_cmdline(argv);
	exit(main(argc, argv));
}
