/*
 * pl041.h — the ARM PrimeCell Advanced Audio CODEC Interface (PL041 AACI,
 * DDI0173) with the National LM4549 AC'97 codec behind its AC-link, as an
 * audio_dev (audio/audio_dev.h): playback, stereo S16 at the codec's
 * front-DAC rate (48 kHz after reset; 4..48 kHz with the codec's variable
 * rate audio).
 *
 * Registers: regs/pl041.h.  The codec's registers are reached over the AC-link's command slots: the
 * data goes into slot 2 (AACISL2TX), then the address with the read/write
 * bit into slot 1 (AACISL1TX) sends the frame; a read's answer comes back
 * in AACISL1RX/AACISL2RX.  pl041_init() resets the link and the codec,
 * checks the codec's vendor ID, powers it up, enables variable rate audio,
 * sets the front-DAC rate and puts the master and PCM-out volumes at 0 dB.
 *
 * Playback uses transmit FIFO 1 (AACIDR1) in non-compact 16-bit mode: one
 * write per sample, left (slot 3) then right (slot 4).  There is no DMA:
 * the PCM layer's ring is ordinary memory (alloc_buffer), and the
 * interrupt handler copies submitted periods into the FIFO whenever the
 * FIFO is at most half full (TXINTR, the half-empty interrupt).  A period
 * is reported done once its last frame is in the FIFO: its buffer is free
 * from then on.  When the FIFO asks for data and no period is queued, the
 * driver masks the FIFO interrupt and unmasks it on the next submit, which
 * counts the underrun (stats.dry; the end of a stream, which no submit
 * follows, is not one).
 *
 * No AUDIO_EV_IDLE: neither the FIFO nor QEMU's model can tell a starving
 * device from a busy one.  The FIFO's underrun flag (TXUNDERRUN, URINTR)
 * is raised by QEMU every time it moves the FIFO's contents on to the
 * codec, in normal operation as much as in an underrun, and an empty FIFO
 * there means the codec took it all.  The PCM layer's own rule finds the
 * underrun: a period completes and none is queued behind it
 * (docs/vexpress-a9.md, "Timing").
 *
 * start() primes the device with silence until the FIFO is full: on real
 * silicon one FIFO (5 ms at 48 kHz); in QEMU the FIFO, the codec's
 * 512-frame buffer and the audio backend's mixing buffer behind it (1792
 * frames, 37 ms, with the wav backend), which would otherwise swallow the
 * first periods at once and leave a small ring empty: an underrun at every
 * start that nobody hears.  The capture starts with that silence.
 *
 * stop() drops the queued periods at once, but what is already in the
 * FIFO plays out: the driver then writes PL041_FLUSH_FRAMES frames of
 * silence behind it, enough to push the last frames through QEMU's
 * codec, which forwards its samples in blocks of 512 frames.  On real
 * silicon that is 16 ms of silence after the sound.
 *
 * The board calls pl041_init() with the base and a microsecond busy-wait
 * (AC-link timing), attaches pl041_isr (context: the struct pl041) to the
 * AACI's interrupt line and enables it; the PCM layer then uses &p->dev.
 */
#ifndef KOI_PL041_H
#define KOI_PL041_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/audio_dev.h"
#include "regs/pl041.h"

#define PL041_RATE_DEFAULT    48000u
#define PL041_SLOTS           2u
#define PL041_MIN_PERIOD      256u          /* 64 stereo frames */
#define PL041_MAX_PERIOD      16384u
#define PL041_AREA            (64u * 1024u) /* the ring's memory */
/* Silence after stop(): the FIFO's depth plus the 512-frame blocks in
 * which QEMU's LM4549 passes its samples on (see above). */
#define PL041_CODEC_BLOCK     512u
#define PL041_FIFO_MAX        2048u         /* entries: the PL041's largest */
/* start()'s priming stops here if the FIFO never fills (a broken link). */
#define PL041_PRIME_MAX       16384u

struct pl041_stats {
	uint32_t irqs;           /* interrupts handled */
	uint32_t empty_irqs;     /* interrupts that moved nothing */
	uint32_t frames;         /* frames copied into the FIFO */
	uint32_t play_done;      /* periods completed */
	uint32_t dry;            /* underruns: the FIFO asked with nothing queued,
	                            then more sound came */
	uint32_t primed;         /* frames of silence written by start() */
	uint32_t silent;         /* frames of silence written by stop() (flush) */
};

/*
 * One AACI and its codec.  Concurrency: the ISR and submit() (from the
 * event callback, i.e. the ISR, or from the main loop) share the period
 * queue; main-loop entry points mask interrupts around every access, so
 * each field below is only ever touched by one context at a time.
 */
struct pl041 {
	uintptr_t base;
	void (*delay_us)(uint32_t us);
	uint32_t fifo_frames;    /* transmit FIFO depth, in stereo frames */
	uint32_t rate;           /* the codec's front-DAC rate */
	bool vra;                /* the codec can change it */
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
		uint32_t flush;      /* frames of silence still to write */
		uint32_t start_frames; /* st.frames at start */
	} play;
	struct pl041_stats st;
	struct audio_dev dev;    /* what the PCM layer uses; priv = this */
	_Alignas(64) uint8_t area[PL041_AREA];
};

/* Binds p to the AACI at base, resets the AC-link and the codec and sets
 * the codec up for playback at rate (see above); delay_us busy-waits (NULL
 * only where time does not matter: host tests).  -ENODEV if no LM4549
 * answers, -ETIMEDOUT if the link or the codec's power-up hangs, -EINVAL
 * for a rate the codec cannot play.  Then &p->dev is ready. */
int pl041_init(struct pl041 *p, uintptr_t base, uint32_t rate,
	       void (*delay_us)(uint32_t us));
/* The interrupt handler; ctx is the struct pl041. */
void pl041_isr(void *ctx);
void pl041_get_stats(struct pl041 *p, struct pl041_stats *st);
/* The codec's registers, for bring-up and tests: 0 or -ETIMEDOUT. */
int pl041_codec_read(struct pl041 *p, uint32_t reg, uint16_t *val);
int pl041_codec_write(struct pl041 *p, uint32_t reg, uint16_t val);

#endif /* KOI_PL041_H */
