/*
 * pl041.h — the ARM PrimeCell Advanced Audio CODEC Interface (PL041 AACI,
 * DDI0173) as an AC'97 controller (drivers/ac97.h) and an audio_dev
 * (drivers/audio_dev.h): playback, stereo S16 at the rate of the codec
 * behind its AC-link (the LM4549: drivers/lm4549.h).  Registers:
 * regs/pl041.h.
 *
 * The link: the codec's registers are reached over the AC-link's command
 * slots: the data goes into slot 2 (AACISL2TX), then the address with the
 * read/write bit into slot 1 (AACISL1TX) sends the frame; a read's answer
 * comes back in AACISL1RX/AACISL2RX.  pl041_init() resets the link (an
 * AC'97 cold reset) and sizes the FIFO; p->link is then the ac97_bus the
 * codec's driver uses.  pl041_bind_codec() takes the codec the board set
 * up on it: the audio_dev plays at the codec's rate, and its set_rate()
 * asks the codec (while stopped).
 *
 * Playback uses transmit FIFO 1 (AACIDR1) in non-compact 16-bit mode: one
 * write per sample, left (slot 3) then right (slot 4).  There is no DMA:
 * the PCM layer's ring is ordinary memory (alloc_buffer), and the
 * interrupt handler copies submitted periods into the FIFO whenever the
 * FIFO is at most half full (TXINTR, the half-empty interrupt).  A period
 * is reported done once its last frame is in the FIFO: its buffer is free
 * from then on.  When the FIFO asks for data and no period is queued, the
 * driver masks the FIFO interrupt and unmasks it on the next submit, which
 * counts an underrun (stats.dry) if by then the sample clock (below) says
 * the device has played everything it had: a late refill that came in time
 * is none, and neither is the end of a stream, which no submit follows.
 *
 * No AUDIO_EV_IDLE: neither the FIFO nor QEMU's model can tell a starving
 * device from a busy one.  The FIFO's underrun flag (TXUNDERRUN, URINTR)
 * is raised by QEMU every time it moves the FIFO's contents on to the
 * codec, in normal operation as much as in an underrun, and an empty FIFO
 * there means the codec took it all.  The PCM layer's own rule finds the
 * underrun: a period completes and none is queued behind it
 * (docs/vexpress-a9.md, "Timing").
 *
 * The sample clock, kept by the driver: every frame written into the FIFO
 * leaves the device 1/rate after the one before it, or at once if the
 * device had run dry (out_end_ns).  On silicon that is when the DAC plays
 * it; in QEMU when the audio backend takes it, which happens on the
 * backend's 10 ms tick, and only while more data keeps following: QEMU's
 * codec passes its samples on in whole 512-frame blocks, and its audio
 * core drops what it still holds when the output goes idle.
 *
 * start() primes the device with silence until the FIFO is full: on real
 * silicon one FIFO (5 ms at 48 kHz); in QEMU the FIFO, the codec's buffer
 * and the audio core's mixing buffer behind it (1792 frames, 37 ms at
 * 48 kHz, with the wav backend), which would otherwise swallow the first
 * periods at once and leave a small ring empty: an underrun at every start
 * that nobody hears.  The capture starts with that silence.
 *
 * stop() drops the queued periods at once; what is already in the FIFO
 * plays out, and the driver writes silence behind it until the sample
 * clock says the last frame has left the device, and PL041_TAIL_NS more
 * (QEMU's ticks).  pl041_drain_ns() says how long that still is: a program
 * that ends right after its sound waits that long (board_audio_drain_ns).
 *
 * The board gives the driver its configuration (struct pl041_config,
 * const: the base, its clock, the ring's memory) and calls pl041_init(),
 * sets the codec up on p->link, calls pl041_bind_codec(), attaches
 * pl041_isr (context: the struct pl041) to the AACI's interrupt line and
 * enables it; the PCM layer then uses &p->dev.
 */
#ifndef KOI_PL041_H
#define KOI_PL041_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/ac97.h"
#include "drivers/audio_dev.h"
#include "regs/pl041.h"

#define PL041_SLOTS           2u
/* 512 frames: QEMU's codec passes sound on in blocks of 512 frames and
 * takes ~960 frames (at 48 kHz) every other 10 ms tick, which a ring of
 * four shorter periods cannot keep up with (docs/vexpress-a9.md, "Timing"). */
#define PL041_MIN_PERIOD      2048u
#define PL041_MAX_PERIOD      16384u
#define PL041_FIFO_MAX        2048u         /* entries: the PL041's largest */
/* Silence after the sound's last frame left, by the sample clock: QEMU's
 * audio backend takes frames on its 10 ms tick (two ticks, and one more
 * for the codec's block to fill behind the last frame). */
#define PL041_TAIL_NS         30000000ull
/* start()'s priming stops here if the FIFO never fills (a broken link). */
#define PL041_PRIME_MAX       16384u

struct pl041_stats {
	uint32_t irqs;           /* interrupts handled */
	uint32_t empty_irqs;     /* interrupts that moved nothing */
	uint32_t frames;         /* frames copied into the FIFO */
	uint32_t play_done;      /* periods completed */
	uint32_t dry;            /* underruns: the device ran out of sound,
	                            then more came */
	uint32_t primed;         /* frames of silence written by start() */
	uint32_t silent;         /* frames of silence written after stop() */
};

/* What the board gives the driver, fixed for the driver's life. */
struct pl041_config {
	uintptr_t base;
	void (*delay_us)(uint32_t us);  /* busy-wait (AC-link timing) */
	uint64_t (*now_ns)(void);       /* monotonic time (the sample clock) */
	/* The PCM ring's memory (alloc_buffer): any RAM, the CPU alone reads
	 * it (no DMA); its size is the caps' max_buffer_bytes. */
	uint8_t *ring;
	uint32_t ring_bytes;
};

/*
 * One AACI: its state.  Concurrency: the ISR and submit() (from the event
 * callback, i.e. the ISR, or from the main loop) share the period queue;
 * main-loop entry points mask interrupts around every access, so each
 * field below is only ever touched by one context at a time.
 */
struct pl041 {
	const struct pl041_config *cfg;
	struct ac97_bus link;    /* the codec's registers, for its driver */
	struct ac97_codec *codec; /* NULL until pl041_bind_codec */
	uint32_t fifo_frames;    /* transmit FIFO depth, in stereo frames */
	struct {
		bool started;
		bool irq_on;         /* IE1.TXIE set */
		uint32_t period;     /* configured bytes per period */
		struct {
			const uint8_t *buf;
			uint32_t bytes;
		} q[PL041_SLOTS];    /* q[0] is being copied */
		uint32_t nq, pos;    /* periods queued; bytes of q[0] copied */
		bool starving;       /* the FIFO asked with nothing queued */
		bool flushing;       /* stopped: silence until the sound is out */
		uint64_t out_end_ns; /* when the last frame written leaves */
		uint64_t sound_end_ns; /* when the last frame of sound leaves */
	} play;
	struct pl041_stats st;
	struct audio_dev dev;    /* what the PCM layer uses; priv = this */
};

/**
 * Binds p to the AACI cfg describes, resets the AC-link and sizes the
 * transmit FIFO; then p->link reaches the codec.
 * @param p    the AACI
 * @param cfg  must outlive p; every field required
 * @return 0
 * @retval -ENODEV  base 0 or no FIFO that fills (no AACI there)
 * @retval -EINVAL  a missing clock function or ring
 */
int pl041_init(struct pl041 *p, const struct pl041_config *cfg);
/**
 * The codec on p->link, set up by its driver: then &p->dev is ready.
 * @param p      the AACI
 * @param codec  its ops set by its driver
 * @return 0
 * @retval -EINVAL  a codec not set up
 */
int pl041_bind_codec(struct pl041 *p, struct ac97_codec *codec);
/**
 * The interrupt handler.
 * @param ctx  the struct pl041
 */
void pl041_isr(void *ctx);
/**
 * A snapshot of the statistics.
 * @param p   the AACI
 * @param st  receives them
 */
void pl041_get_stats(struct pl041 *p, struct pl041_stats *st);
/**
 * How long until the sound written so far has left the device, by the
 * sample clock, plus PL041_TAIL_NS.
 * @param p  the AACI
 * @return ns; 0 when it has
 */
uint64_t pl041_drain_ns(struct pl041 *p);

#endif /* KOI_PL041_H */
