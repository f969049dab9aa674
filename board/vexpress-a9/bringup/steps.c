/*
 * What vexpress-a9 adds to the bring-up checkpoints
 * (tests/bringup/bringup.h).
 *
 * Step 7: the PL041 AACI and its LM4549 codec straight from regs/pl041.h,
 * no driver, no audio_dev, no interrupt: the AC-link reset, a codec
 * command (register reset), a codec read (the vendor ID, "NSC1" for
 * National Semiconductor's LM4549), power up, the front-DAC rate, the
 * volumes; then channel 1's transmit FIFO on slots 3 and 4, 16-bit
 * samples, one write per sample, and one buffer of 0.5 s of
 * step7_sample() (480 Hz on the left, half as loud at 960 Hz on the right)
 * written into it whenever SR1 says it is not full.
 *
 * There is no DMA: the CPU writes every sample, and the FIFO decides the
 * pace.  It fills at once (with QEMU, so do the codec's buffer and the
 * audio backend's behind it); from then on the FIFO takes frames only as
 * fast as the device plays them, which is the check: the frames written
 * after the first time the FIFO was full took their length at 48 kHz.
 * Silence follows until the buffer has left QEMU (its codec passes sound
 * on in 512-frame blocks, its audio core drops what it holds when the
 * output goes idle).
 *
 * Nothing answers on the AC-link: the AACI's base, or MAINCR (the
 * interface and the slot 1/2 enables).  The FIFO never fills: TXCR1's
 * enable.  It never takes more once full: the slots (TXCR1 slot 3 and 4
 * bits) or the codec's power.  The wrong pace: the codec's rate register,
 * or (QEMU) an audio backend at another rate (-audiodev
 * ...,out.frequency=48000).
 *
 * Step 8: QEMU's PL041 takes sound on its audio backend's 10 ms tick,
 * about 960 frames every other tick at 48 kHz (docs/vexpress-a9.md,
 * "Timing"), so the last period goes into the FIFO up to one such burst,
 * 20 ms, after the sound's length; a real gap (a refill that missed the
 * interrupt) is longer than that and shows as an underrun in the stream.
 */
#include <stdint.h>

#include "board/board.h"
#include "board/vexpress-a9/vexpress.h"
#include "drivers/mmio.h"
#include "regs/lm4549.h"
#include "regs/pl041.h"
#include "tests/bringup/bringup.h"

#define RATE 48000u

const uint32_t step7_frames = RATE / 2u;
const uint64_t step8_slack_ns = 20000000u;
const uint64_t step8_early_ns = 0;

#define TIMEOUT_NS 3000000000ull
/* After the buffer: silence while it leaves the FIFO, the codec and
 * QEMU's buffers (at most ~3000 frames at 48 kHz) and QEMU's ticks. */
#define TAIL_NS 100000000ull

static uint32_t rd(uint32_t off) { return mmio_read32(VEXPRESS_AACI_BASE + off); }
static void wr(uint32_t off, uint32_t v) { mmio_write32(VEXPRESS_AACI_BASE + off, v); }

/* One AC'97 command: data in slot 2, then the address in slot 1 sends it;
 * a read's answer comes back in SL1RX/SL2RX.  Polls with a time limit. */
static bool slots_idle(void)
{
	uint64_t end = board_now_ns() + 1000000u;
	while (rd(AACISLFR) & (PL041_SLFR_SL1TXBUSY | PL041_SLFR_SL2TXBUSY))
		if (board_now_ns() > end)
			return false;
	return true;
}

static bool codec_write(uint32_t reg, uint16_t val)
{
	wr(AACISL2TX, (uint32_t)val << PL041_SL2_DATA_SHIFT);
	wr(AACISL1TX, reg << PL041_SL1_ADDR_SHIFT);
	return slots_idle();
}

static int32_t codec_read(uint32_t reg)
{
	wr(AACISL1TX, (reg << PL041_SL1_ADDR_SHIFT) | PL041_SL1TX_READ);
	uint64_t end = board_now_ns() + 1000000u;
	while (board_now_ns() < end)
		if ((rd(AACISLFR) & PL041_SLFR_SL1RXVALID) &&
		    (rd(AACISLFR) & PL041_SLFR_SL2RXVALID) &&
		    ((rd(AACISL1RX) >> PL041_SL1_ADDR_SHIFT) & PL041_SL1_ADDR_MASK) == reg)
			return (int32_t)((rd(AACISL2RX) >> PL041_SL2_DATA_SHIFT) & 0xffffu);
	return -1;
}

/* One frame as soon as the FIFO has room; false after the time limit. */
static bool put(int16_t l, int16_t r, uint64_t limit)
{
	while (rd(AACISR1) & PL041_SR_TXFF)
		if (board_now_ns() > limit)
			return false;
	wr(AACIDR1, (uint16_t)l);
	wr(AACIDR1, (uint16_t)r);
	return true;
}

/* The AC-link out of reset, the codec found, powered and set to RATE at
 * 0 dB; false if it does not answer (nothing more to check). */
static bool codec_up(void)
{
	/* AC'97 cold reset, then the interface and the command slots on. */
	wr(AACIMAINCR, 0);
	wr(AACIRESET, 0);
	board_delay_ns(2000);
	wr(AACIRESET, PL041_RESET_NRST);
	board_delay_ns(2000);
	wr(AACIMAINCR, PL041_MAINCR_IE | PL041_MAINCR_SL1RXEN | PL041_MAINCR_SL1TXEN |
	   PL041_MAINCR_SL2RXEN | PL041_MAINCR_SL2TXEN);
	bool ok = codec_write(AC97_RESET, 0);
	int32_t id1 = codec_read(AC97_VENDOR_ID1), id2 = codec_read(AC97_VENDOR_ID2);
	if (!check(ok && id1 == LM4549_VENDOR_ID1 && id2 == LM4549_VENDOR_ID2,
		   "the LM4549 answers on the AC-link (vendor ID NSC1)"))
		return false;
	ok = codec_write(AC97_POWERDOWN, 0) &&
	     (codec_read(AC97_POWERDOWN) & AC97_POWER_READY) == AC97_POWER_READY &&
	     codec_write(AC97_EXT_AUDIO_CTRL, AC97_VRA) &&
	     codec_write(AC97_PCM_FRONT_DAC_RATE, RATE) &&
	     codec_read(AC97_PCM_FRONT_DAC_RATE) == (int32_t)RATE &&
	     codec_write(AC97_MASTER_VOLUME, AC97_VOLUME_0DB) &&
	     codec_write(AC97_PCM_OUT_VOLUME, AC97_PCM_OUT_0DB);
	check(ok, "codec powered, front DAC at 48000 Hz, volumes at 0 dB");
	return true;
}

void step7_play_polled(void)
{
	if (!codec_up())
		return;
	wr(AACITXCR1, PL041_TXCR_TXEN | PL041_TXCR_TXSLOT3 | PL041_TXCR_TXSLOT4 |
	   PL041_TXCR_TSIZE_16 | PL041_TXCR_TXFEN);
	uint64_t t0 = board_now_ns(), limit = t0 + TIMEOUT_NS, t_full = 0;
	uint32_t written = 0, at_full = 0;
	while (written < step7_frames) {
		if (!t_full && (rd(AACISR1) & PL041_SR_TXFF)) {
			t_full = board_now_ns();
			at_full = written;
		}
		if (!put(step7_sample(written, 0), step7_sample(written, 1), limit))
			break;
		written++;
	}
	uint64_t t_end = board_now_ns();
	check(written == step7_frames, "every frame went into the FIFO, by polling SR1");
	/* The frames after the first time the FIFO was full entered as fast
	 * as the device played: at 48 kHz, QEMU's 10 ms ticks aside. */
	uint64_t want = (uint64_t)(written - at_full) * 1000000000ull / RATE;
	uint64_t took = t_end - t_full;
	say("  the FIFO was full after ");
	say_dec(at_full);
	say(" frames; the other ");
	say_dec(written - at_full);
	say(" took ");
	say_milli(took / 1000u);
	say(" ms\n");
	check(t_full && took + want / 10u > want && took < want + want / 10u,
	      "the device takes them at 48 kHz (within 10 %)");
	while (board_now_ns() < t_end + TAIL_NS && put(0, 0, t_end + TAIL_NS))
		;
	wr(AACITXCR1, 0);
}
