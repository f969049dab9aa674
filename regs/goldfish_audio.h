/*
 * goldfish_audio registers — the one definition of the device's register
 * map, shared by the firmware's driver (drivers/goldfish_audio.c), Koi's
 * QEMU model (qemu/hw/audio/goldfish_audio.c, which qemu/build.sh gives a
 * copy of this folder) and the qtest suite (tests/regs.py parses it).
 * docs/goldfish-audio.md is the contract behind every value.
 *
 * Plain #define lines, one value each, so that C on both sides and the
 * Python parser read the same text: no enums, no casts, no includes.
 */
#ifndef KOI_REGS_GOLDFISH_AUDIO_H
#define KOI_REGS_GOLDFISH_AUDIO_H

/* Register offsets, named as in the Android emulator's device and Linux's
 * driver (docs/goldfish-audio.md §2) behind the device's own prefix, GFA_:
 * those call them AUDIO_INT_STATUS and so on, and AUDIO_* is the audio
 * device class's (drivers/audio_dev.h: AUDIO_EV_*, AUDIO_PLAYBACK). */
#define GFA_INT_STATUS                0x00u  /* R: sticky EMPTY/FULL bits; the read acknowledges */
#define GFA_INT_ENABLE                0x04u  /* W: interrupt mask; also resets the device */
#define GFA_SET_WRITE_BUFFER_1        0x08u  /* W: guest physical address of buffer 1 */
#define GFA_SET_WRITE_BUFFER_2        0x0cu  /* W: ... of buffer 2 */
#define GFA_WRITE_BUFFER_1            0x10u  /* W: bytes in buffer 1: queues it */
#define GFA_WRITE_BUFFER_2            0x14u  /* W: bytes in buffer 2: queues it */
#define GFA_READ_SUPPORTED            0x18u  /* R: 1 if the backend can record */
#define GFA_SET_READ_BUFFER           0x1cu  /* W: capture buffer address */
#define GFA_START_READ                0x20u  /* W: bytes to capture */
#define GFA_READ_BUFFER_AVAILABLE     0x24u  /* R: bytes captured */
#define GFA_SET_WRITE_BUFFER_1_HIGH   0x28u  /* W: address bits 63..32 */
#define GFA_SET_WRITE_BUFFER_2_HIGH   0x30u
#define GFA_SET_READ_BUFFER_HIGH      0x34u

/* INT_STATUS / INT_ENABLE bits. */
#define GFA_INT_WRITE_BUFFER_1_EMPTY   (1u << 0)
#define GFA_INT_WRITE_BUFFER_2_EMPTY   (1u << 1)
#define GFA_INT_READ_BUFFER_FULL       (1u << 2)
#define GFA_INT_MASK                   0x7u

/* The device's fixed formats and limits. */
#define GOLDFISH_AUDIO_MMIO_SIZE      0x1000u
#define GOLDFISH_AUDIO_OUT_RATE       44100u   /* frames per second */
#define GOLDFISH_AUDIO_OUT_CHANNELS   2u
#define GOLDFISH_AUDIO_OUT_FRAME      4u       /* bytes: S16LE left, right */
#define GOLDFISH_AUDIO_IN_RATE        8000u
#define GOLDFISH_AUDIO_IN_CHANNELS    1u
#define GOLDFISH_AUDIO_IN_FRAME       2u       /* bytes: S16LE mono */
#define GOLDFISH_AUDIO_MAX_LEN        (1u << 20) /* largest buffer length accepted */

#endif /* KOI_REGS_GOLDFISH_AUDIO_H */
