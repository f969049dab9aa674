/*
 * goldfish_audio.h — driver for the goldfish audio device behind the
 * audio_dev interface (audio/audio_dev.h).
 *
 * Playback: 44.1 kHz stereo S16LE through two hardware slots
 * (WRITE_BUFFER_1/2).  The device plays whichever slot was written first
 * and then alternates, so completions come back in submission order; the
 * driver keeps that order in a two-entry queue.  Capture: 8 kHz mono S16LE,
 * one slot (START_READ / READ_BUFFER_FULL / READ_BUFFER_AVAILABLE), only
 * when READ_SUPPORTED says the backend can record.
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
 * holds: stop both, or stop capture first, for silence at once.
 */
#ifndef KOI_GOLDFISH_AUDIO_H
#define KOI_GOLDFISH_AUDIO_H

#include <stdint.h>

#include "audio/audio_dev.h"

/* Registers (hardware reference §3.1). */
#define AUDIO_INT_STATUS             0x00u
#define AUDIO_INT_ENABLE             0x04u
#define AUDIO_SET_WRITE_BUFFER_1     0x08u
#define AUDIO_SET_WRITE_BUFFER_2     0x0cu
#define AUDIO_WRITE_BUFFER_1         0x10u
#define AUDIO_WRITE_BUFFER_2         0x14u
#define AUDIO_READ_SUPPORTED         0x18u
#define AUDIO_SET_READ_BUFFER        0x1cu
#define AUDIO_START_READ             0x20u
#define AUDIO_READ_BUFFER_AVAILABLE  0x24u
#define AUDIO_SET_WRITE_BUFFER_1_HIGH 0x28u
#define AUDIO_SET_WRITE_BUFFER_2_HIGH 0x30u
#define AUDIO_SET_READ_BUFFER_HIGH   0x34u

#define AUDIO_INT_WRITE_BUFFER_1_EMPTY (1u << 0)
#define AUDIO_INT_WRITE_BUFFER_2_EMPTY (1u << 1)
#define AUDIO_INT_READ_BUFFER_FULL     (1u << 2)
#define AUDIO_INT_MASK                 0x7u

#define GF_AUDIO_RATE           44100u
#define GF_AUDIO_CHANNELS       2u
#define GF_AUDIO_IN_RATE        8000u
#define GF_AUDIO_IN_CHANNELS    1u
/* The device plays any whole number of frames (hardware reference §3.4):
 * the smallest period is one frame.  How small a period the CPU keeps up
 * with is measured (make bench), not set here. */
#define GF_AUDIO_MIN_PERIOD     4u       /* 1 stereo frame */
#define GF_AUDIO_MAX_PERIOD     16384u
#define GF_AUDIO_IN_MIN_PERIOD  128u     /* 64 mono frames */
#define GF_AUDIO_PLAY_AREA      (256u * 1024u)
#define GF_AUDIO_CAP_AREA       (64u * 1024u)

/* Finds "goldfish_audio" on the platform bus, resets it and returns its
 * audio_dev in *out.  -ENODEV without the device (the caller should say so
 * and exit non-zero), -ENOMEM if the DMA region is too small, or a PIC
 * error.  Idempotent: a second call returns the same device. */
int goldfish_audio_probe(struct audio_dev **out);

/* Statistics for reports and tests. */
struct goldfish_audio_stats {
	uint32_t irqs;           /* interrupts handled */
	uint32_t empty_irqs;     /* interrupts that found no new event */
	uint32_t play_done;      /* playback periods completed */
	uint32_t play_idle;      /* times playback ran dry */
	uint32_t cap_done;       /* capture periods completed */
	uint32_t cap_short;      /* capture periods shorter than asked */
};
void goldfish_audio_get_stats(struct goldfish_audio_stats *st);

#endif /* KOI_GOLDFISH_AUDIO_H */
