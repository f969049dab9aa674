/*
 * goldfish_audio.h — driver for the goldfish audio device behind the
 * audio_dev interface (drivers/audio_dev.h).
 *
 * Playback: 44.1 kHz stereo S16LE through two hardware slots
 * (WRITE_BUFFER_1/2).  The device plays whichever slot was written first
 * and then alternates, so completions come back in submission order; the
 * driver keeps that order in a two-entry queue.  Capture: 8 kHz mono S16LE,
 * one slot (START_READ / READ_BUFFER_FULL / READ_BUFFER_AVAILABLE), only
 * when READ_SUPPORTED says the backend can record.  Registers:
 * regs/goldfish_audio.h.
 *
 * The board finds the device, calls goldfish_audio_init() with its base,
 * attaches goldfish_audio_isr (context: the struct goldfish_audio) to its
 * interrupt line and enables the line; the PCM layer then uses &g->dev.
 *
 * Memory: alloc_buffer() returns one fixed area per direction in the
 * coherent (uncached) DMA region; asking again returns the same area, so
 * re-configuring never leaks.  The device reads a period while it plays it,
 * so a submitted buffer must stay untouched until its PERIOD_DONE.
 *
 * INT_ENABLE also resets the device (both directions), so it is written
 * only when the first direction starts and when the last one stops.  A
 * direction stopped while the other runs is forgotten by the driver at once
 * (no more events) but the device finishes the at most two periods it
 * holds: stop both, or stop capture first, for silence at once.  Starting
 * playback again while the device still plays those periods would queue
 * the new ones in front of a stale one (a slot written while it plays
 * restarts, the other plays on after it: a replay), so start() refuses it
 * with -EBUSY until the interrupt has seen them finish (at most two
 * periods).  A capture restarted while playback runs takes over the
 * device's capture buffer at once (START_READ replaces it): no replay.
 */
#ifndef KOI_GOLDFISH_AUDIO_H
#define KOI_GOLDFISH_AUDIO_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/audio_dev.h"
#include "regs/goldfish_audio.h"

#define GF_AUDIO_RATE           GOLDFISH_AUDIO_OUT_RATE
#define GF_AUDIO_CHANNELS       GOLDFISH_AUDIO_OUT_CHANNELS
#define GF_AUDIO_IN_RATE        GOLDFISH_AUDIO_IN_RATE
#define GF_AUDIO_IN_CHANNELS    GOLDFISH_AUDIO_IN_CHANNELS
/* The device plays any whole number of frames (hardware reference §3.4):
 * the smallest period is one frame.  How small a period the CPU keeps up
 * with is measured (make bench), not set here. */
#define GF_AUDIO_MIN_PERIOD     4u       /* 1 stereo frame */
#define GF_AUDIO_MAX_PERIOD     16384u
#define GF_AUDIO_IN_MIN_PERIOD  128u     /* 64 mono frames */
#define GF_AUDIO_PLAY_AREA      (256u * 1024u)
#define GF_AUDIO_CAP_AREA       (64u * 1024u)

/* Statistics for reports and tests. */
struct goldfish_audio_stats {
	uint32_t irqs;           /* interrupts handled */
	uint32_t empty_irqs;     /* interrupts that found no new event */
	uint32_t play_done;      /* playback periods completed */
	uint32_t play_idle;      /* times playback ran dry */
	uint32_t cap_done;       /* capture periods completed */
	uint32_t cap_short;      /* capture periods shorter than asked */
};

/*
 * One device.  Concurrency: the ISR and submit() (from the event callback,
 * i.e. the ISR, or from the main loop) share the slot queues.  Main-loop
 * entry points mask interrupts around every access, so each structure
 * below is only ever touched by one context at a time.  A playback
 * submit() also services completions itself (goldfish_audio.c), so the
 * event callback can run from inside submit(), as it would from an
 * interrupt taken right after it.
 */
struct gfa_play {
	bool started;
	uint8_t held;        /* slots (bits) still playing from a run stopped
	                        while capture kept the device enabled */
	uint32_t period;     /* configured bytes per period */
	uint8_t q[2];        /* slots in play order: q[0] completes next */
	uint32_t nq;
	uint8_t next_slot;   /* slot for the next submit when both are free */
	uint8_t *area;
};

struct gfa_cap {
	bool started;
	uint32_t period;
	bool busy;
	uint32_t asked;      /* bytes of the period in flight */
	uint8_t *area;
};

struct goldfish_audio {
	uintptr_t base;
	bool read_supported, enabled;
	struct gfa_play play;
	struct gfa_cap cap;
	struct goldfish_audio_stats st;
	struct audio_dev dev;    /* what the PCM layer uses; priv = this */
};

/**
 * Binds g to the device at base and resets it (line low); allocates the
 * two DMA areas on the first call.  Then &g->dev is ready.
 * @param g     the device
 * @param base  its registers
 * @return 0
 * @retval -ENODEV  base 0 (no such device)
 * @retval -ENOMEM  the DMA region is too small
 */
int goldfish_audio_init(struct goldfish_audio *g, uintptr_t base);
/**
 * The interrupt handler.
 * @param ctx  the struct goldfish_audio
 */
void goldfish_audio_isr(void *ctx);
/**
 * A snapshot of the statistics.
 * @param g   the device
 * @param st  receives them
 */
void goldfish_audio_get_stats(struct goldfish_audio *g, struct goldfish_audio_stats *st);

#endif /* KOI_GOLDFISH_AUDIO_H */
