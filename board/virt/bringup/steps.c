/*
 * What virt adds to the bring-up checkpoints (tests/bringup/bringup.h).
 *
 * Step 7: the virtio-sound device that stage 6 found, through the
 * virtio-mmio transport (drivers/virtio_mmio.h) and the protocol's messages
 * straight from regs/virtio_snd.h: no sound driver, no audio_dev, no
 * interrupt.  The transport up (status handshake, the control and tx
 * queues, DRIVER_OK), PCM_INFO for stream 0, SET_PARAMS (48000 Hz, S16,
 * stereo, periods of PERIOD frames), PREPARE, START, then step7_frames of
 * step7_sample() as I/O messages of one period each, SLOTS of them in
 * flight, and a new message each time the device returns one, found by
 * polling the used ring.  Silence follows (QEMU drops what its audio core
 * holds at STOP), then STOP and RELEASE.
 *
 * The device decides the pace: QEMU returns a message once its audio timer
 * has taken the frames, so from START to the last message returned is the
 * sound's length, which is the check.
 *
 * No device: -device virtio-sound-device missing, or the slots' window
 * (regs/virt_machine.h) wrong.  The handshake fails: the transport version
 * (legacy needs GuestPageSize and QueuePFN, modern FEATURES_OK).  Requests
 * never answered: the control queue's addresses, or the notify.  Messages
 * never returned: START not sent, or the tx chain's device-writable status.
 *
 * Step 8: QEMU's virtio-sound returns a message once its audio core has
 * taken the frames into its own buffers (1024 frames for the wav backend,
 * 21.333 ms at 48 kHz), not once they are out; the driver holds it and
 * reports it done when it has been played by the clock, counted from when
 * QEMU took the first message (drivers/virtio_snd.h).  QEMU takes frames
 * on its audio timer's tick, every 10 ms: the sound starts up to 10 ms
 * after the first message is queued, so the last period is done up to
 * that much after the sound's length from there (docs/virtio-sound.md,
 * "Timing").  A real gap (a refill that missed its time) makes it later.
 */
#include <stdint.h>
#include <string.h>

#include "arch/arm/mmu.h"
#include "board/board.h"
#include "board/virt/virt.h"
#include "drivers/virtio_mmio.h"
#include "regs/virtio_snd.h"
#include "tests/bringup/bringup.h"

#define RATE 48000u
#define FRAMES (RATE / 2u)            /* 0.5 s */
#define PERIOD 1200u                  /* frames: 25 ms */
#define PERIODS (FRAMES / PERIOD)
#define TAIL_PERIODS 8u               /* 200 ms of silence after */
#define SLOTS 4u
#define LIMIT_NS 3000000000ull

const uint32_t step7_frames = FRAMES;
const uint64_t step8_slack_ns = 11000000u; /* QEMU's first tick, and 1 ms */
const uint64_t step8_early_ns = 0;

struct ctl { struct virtio_snd_pcm_set_params req; struct virtio_snd_hdr resp;
	     struct virtio_snd_pcm_info info; };
struct msg { struct virtio_snd_pcm_xfer xfer; struct virtio_snd_pcm_status st; };

static struct virtio_mmio vm;
static struct virtq ctlq, txq;
static struct ctl *c;
static struct msg *m;                 /* SLOTS */
static int16_t *pcm;                  /* SLOTS periods */

/* One control request, polled: the status code, 0 if none came. */
static uint32_t request(uint32_t req_len, uint32_t info_len)
{
	c->resp.code = 0;
	struct virtq_buf b[3] = { { &c->req, req_len }, { &c->resp, sizeof(c->resp) },
				  { &c->info, info_len } };
	if (virtq_add(&ctlq, b, 1, info_len ? 2u : 1u, c))
		return 0;
	virtq_kick(&ctlq);
	uint64_t end = board_now_ns() + LIMIT_NS;
	while (!virtq_get(&ctlq, NULL))
		if (board_now_ns() > end)
			return 0;
	return c->resp.code;
}

static uint32_t pcm_request(uint32_t code)
{
	memset(&c->req, 0, sizeof(c->req));
	c->req.hdr.hdr.code = code;
	c->req.hdr.stream_id = 0;
	if (code == VIRTIO_SND_R_PCM_SET_PARAMS) {
		c->req.buffer_bytes = SLOTS * PERIOD * 4u;
		c->req.period_bytes = PERIOD * 4u;
		c->req.channels = 2;
		c->req.format = VIRTIO_SND_PCM_FMT_S16;
		c->req.rate = VIRTIO_SND_PCM_RATE_48000;
		return request(sizeof(c->req), 0);
	}
	return request(sizeof(struct virtio_snd_pcm_hdr), 0);
}

/* Period n of the sound (silence past its end) into slot n % SLOTS. */
static bool post(uint32_t n)
{
	uint32_t s = n % SLOTS;
	int16_t *p = pcm + (size_t)s * PERIOD * 2u;
	for (uint32_t i = 0; i < PERIOD; i++) {
		uint32_t f = n * PERIOD + i;
		p[2u * i] = f < FRAMES ? step7_sample(f, 0) : 0;
		p[2u * i + 1u] = f < FRAMES ? step7_sample(f, 1) : 0;
	}
	m[s].xfer.stream_id = 0;
	m[s].st.status = 0;
	struct virtq_buf b[3] = { { &m[s].xfer, sizeof(m[s].xfer) }, { p, PERIOD * 4u },
				  { &m[s].st, sizeof(m[s].st) } };
	if (virtq_add(&txq, b, 2, 1, &m[s]))
		return false;
	virtq_kick(&txq);
	return true;
}

static bool transport_up(void)
{
	uintptr_t base = VIRT_MMIO_SLOT_BASE(virt_board.snd_slot);
	c = dma_alloc_coherent(sizeof(*c), 64);
	m = dma_alloc_coherent(sizeof(*m) * SLOTS, 64);
	pcm = dma_alloc_coherent(SLOTS * PERIOD * 4u, 64);
	if (!c || !m || !pcm || virtio_mmio_init(&vm, base, 0) ||
	    virtq_init(&vm, &ctlq, VIRTIO_SND_VQ_CONTROL, 16) ||
	    virtq_init(&vm, &txq, VIRTIO_SND_VQ_TX, 16))
		return false;
	virtio_mmio_driver_ok(&vm);
	return true;
}

static bool stream_info(void)
{
	memset(&c->req, 0, sizeof(c->req));
	struct virtio_snd_query_info *q = (struct virtio_snd_query_info *)&c->req;
	q->hdr.code = VIRTIO_SND_R_PCM_INFO;
	q->start_id = 0;
	q->count = 1;
	q->size = sizeof(struct virtio_snd_pcm_info);
	if (request(sizeof(*q), sizeof(c->info)) != VIRTIO_SND_S_OK)
		return false;
	return c->info.direction == VIRTIO_SND_D_OUTPUT &&
	       (c->info.formats & 1ull << VIRTIO_SND_PCM_FMT_S16) &&
	       (c->info.rates & 1ull << VIRTIO_SND_PCM_RATE_48000) &&
	       c->info.channels_min <= 2u && c->info.channels_max >= 2u;
}

/* Plays every period, SLOTS in flight; the time from START to the last
 * sound period's return in *took_ns.  False on a failed status or a
 * message not returned in time. */
static bool play(uint64_t *took_ns)
{
	uint32_t next = 0, back = 0;
	bool ok = true;
	/* START first (docs/virtio-sound.md, "Stream states"). */
	uint64_t t0 = board_now_ns(), end = t0 + LIMIT_NS, t_sound = 0;
	if (pcm_request(VIRTIO_SND_R_PCM_START) != VIRTIO_SND_S_OK)
		return false;
	while (next < SLOTS)
		ok &= post(next++);
	while (back < PERIODS + TAIL_PERIODS) {
		struct msg *r = virtq_get(&txq, NULL);
		if (!r) {
			if (board_now_ns() > end)
				return false;
			continue;
		}
		ok &= r->st.status == VIRTIO_SND_S_OK;
		if (++back == PERIODS)
			t_sound = board_now_ns();
		if (next < PERIODS + TAIL_PERIODS)
			ok &= post(next++);
	}
	*took_ns = t_sound - t0;
	return ok;
}

void step7_play_polled(void)
{
	if (!check(virt_board.snd_slot >= 0, "stage 6 found a virtio-sound device (ID 25)"))
		return;
	if (!check(transport_up(), "transport up: status handshake, control and tx queues, DRIVER_OK"))
		return;
	say(vm.version == 1u ? "  legacy" : "  modern");
	say(" virtio-mmio interface in slot ");
	say_dec((uint32_t)virt_board.snd_slot);
	say("\n");
	check(stream_info(), "PCM_INFO: stream 0 is an output with S16, 48000 Hz, 2 channels");
	check(pcm_request(VIRTIO_SND_R_PCM_SET_PARAMS) == VIRTIO_SND_S_OK &&
	      pcm_request(VIRTIO_SND_R_PCM_PREPARE) == VIRTIO_SND_S_OK,
	      "SET_PARAMS and PREPARE answered OK");
	uint64_t took = 0;
	check(play(&took), "every message came back, status OK");
	say("  the sound's ");
	say_dec(PERIODS);
	say(" periods took ");
	say_milli(took / 1000u);
	say(" ms from START\n");
	uint64_t want = (uint64_t)FRAMES * 1000000000ull / RATE;
	check(took + want / 10u > want && took < want + want / 10u,
	      "the device takes them at 48 kHz (within 10 %)");
	check(pcm_request(VIRTIO_SND_R_PCM_STOP) == VIRTIO_SND_S_OK &&
	      pcm_request(VIRTIO_SND_R_PCM_RELEASE) == VIRTIO_SND_S_OK,
	      "STOP and RELEASE answered OK");
}
