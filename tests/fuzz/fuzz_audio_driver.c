/*
 * libFuzzer target: the goldfish_audio driver (drivers/goldfish_audio.c)
 * against a hostile device.  Everything the device says is fuzz input:
 * INT_STATUS on each interrupt (any bits, any time, including "done" for
 * slots never written), READ_BUFFER_AVAILABLE; and the driver's callers
 * issue start/stop/configure/submit in any order with any sizes.
 *
 * Whatever the device claims, the driver must never report more periods
 * done than were submitted, nor events for a stopped direction, nor hold
 * more than its slots; and every address it gives the device must lie in
 * the buffer it allocated.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "drivers/goldfish_audio.h"
#include "tests/host/fw_mmio_fake.h"

#define BASE 0xff004000u
#define IRQ 15u

static const uint8_t *in, *in_end;
static struct audio_dev *dev;
static uint8_t *area[2];
static size_t area_size[2] = { GF_AUDIO_PLAY_AREA, GF_AUDIO_CAP_AREA };
static uint64_t submitted[2], done[2];
static bool started[2];

static uint32_t next32(void)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v = v << 8 | (in < in_end ? *in++ : 0);
	return v;
}

static void die(const char *why)
{
	fprintf(stderr, "fuzz_audio_driver: %s\n", why);
	abort();
}

static uint32_t dev_read(uintptr_t a)
{
	switch (a - BASE) {
	case GFA_INT_STATUS:
	case GFA_READ_BUFFER_AVAILABLE:
		return next32();
	case GFA_READ_SUPPORTED:
		return 1;
	default:
		return 0;
	}
}

static void dev_write(uintptr_t a, uint32_t v)
{
	uint32_t off = (uint32_t)(a - BASE);
	int dir = off == GFA_SET_READ_BUFFER ? 1 : 0;
	if (off != GFA_SET_WRITE_BUFFER_1 && off != GFA_SET_WRITE_BUFFER_2 &&
	    off != GFA_SET_READ_BUFFER)
		return;
	uint8_t *p = fw_fake_dma(v);
	if (!p || p < area[dir] || p >= area[dir] + area_size[dir])
		die("buffer address outside the driver's area");
}

static void on_event(void *ctx, enum audio_dir d, uint32_t ev, uint32_t count)
{
	(void)ctx;
	if (!started[d])
		die("event for a stopped direction");
	if (ev & AUDIO_EV_PERIOD_DONE) {
		if (count == 0)
			die("PERIOD_DONE with count 0");
		done[d] += count;
		if (done[d] > submitted[d])
			die("more periods done than submitted");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fw_fake_read = dev_read;
	fw_fake_write = dev_write;
	if (!dev) {
		static struct goldfish_audio gfa;
		in = in_end = NULL;
		if (goldfish_audio_init(&gfa, BASE))
			die("init");
		dev = &gfa.dev;
		fw_fake_attach(IRQ, goldfish_audio_isr, &gfa);
		for (int d = 0; d < 2; d++)
			area[d] = dev->ops->alloc_buffer(dev, (enum audio_dir)d, area_size[d]);
		if (!area[0] || !area[1])
			die("alloc");
	}
	in = data;
	in_end = data + size;
	dev->event = on_event;
	for (int d = 0; d < 2; d++) {
		dev->ops->stop(dev, (enum audio_dir)d);
		started[d] = false;
		submitted[d] = done[d] = 0;
	}
	while (in < in_end) {
		uint8_t op = *in++;
		enum audio_dir d = (enum audio_dir)(op >> 7);
		uint32_t a = next32();
		switch (op & 7) {
		case 0:
			if (dev->ops->start(dev, d) == 0)
				started[d] = true;
			break;
		case 1:
			dev->ops->stop(dev, d);
			started[d] = false;
			submitted[d] = done[d]; /* the driver forgot the rest */
			break;
		case 2:
			dev->ops->configure(dev, d, a % 20000u);
			break;
		case 3:
		case 4: {
			/* Few distinct positions (and one odd one): the host's
			 * fake bus addresses give each buffer pointer a window,
			 * and it has only 64 of them. */
			static const uint32_t offs[8] = { 0, 256, 4096, 8192, 16384, 2, 1000, 60000 };
			uint32_t off = offs[(a >> 16) & 7u] % (uint32_t)area_size[d];
			uint32_t bytes = a & 0x7fffu;
			/* Counted before the call: a playback submit reads
			 * INT_STATUS after queuing and may report periods done
			 * from inside, this one too if the device says so. */
			submitted[d]++;
			if (dev->ops->submit(dev, d, area[d] + off, bytes) != 0)
				submitted[d]--;
			break;
		}
		default:
			fw_fake_irq(IRQ); /* the handler reads INT_STATUS from the input */
			break;
		}
		if (dev->ops->queued(dev, AUDIO_PLAYBACK) > 2 || dev->ops->queued(dev, AUDIO_CAPTURE) > 1)
			die("more queued than the device has slots");
		for (int k = 0; k < 2; k++)
			if (dev->ops->queued(dev, (enum audio_dir)k) != submitted[k] - done[k])
				die("queued disagrees with submitted - done");
	}
	return 0;
}
