/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Goldfish audio for Koi: the Android emulator's register map and status
 * semantics (docs/goldfish-audio.md; §7 lists where Koi differs), with a
 * sample clock of its own.
 *
 * Output is 44100 Hz stereo S16LE read from two guest buffers that play in
 * the order they were written, then alternately.  Frame n of a stream is
 * due at t0 + ceil(n * 1e9 / 44100) ns of QEMU_CLOCK_VIRTUAL, t0 being the
 * first WRITE_BUFFER_n after INT_ENABLE; samples are read from guest RAM as
 * their frames play and a buffer's EMPTY bit and interrupt come when its
 * last frame has played.  While the stream runs with both buffers empty the
 * device plays silence and counts it (QOM properties "underruns",
 * "silent-frames", "frames-played").  Capture: 8000 Hz mono S16LE.
 * docs/goldfish-audio.md is the full contract.
 */
#ifndef HW_AUDIO_GOLDFISH_AUDIO_H
#define HW_AUDIO_GOLDFISH_AUDIO_H

#include "hw/sysbus.h"
#include "audio/audio.h"
#include "hw/audio/goldfish_audio_capture.h"
#include "qemu/notify.h"
#include "qom/object.h"
#include "regs/goldfish_audio.h"

#define TYPE_GOLDFISH_AUDIO "goldfish_audio"
OBJECT_DECLARE_SIMPLE_TYPE(GoldfishAudioState, GOLDFISH_AUDIO)

/* Registers, bits, rates and limits: regs/goldfish_audio.h, shared with
 * the firmware and the tests (qemu/build.sh copies regs/ into the tree). */
/* Played frames wait here for the audio core; 1.49 s at 44.1 kHz. */
#define GOLDFISH_AUDIO_FIFO_BYTES       (65536 * GOLDFISH_AUDIO_OUT_FRAME)

typedef struct GoldfishAudioBuffer {
    uint64_t addr;          /* guest physical, set by SET_*_BUFFER(_HIGH) */
    uint64_t play_addr;     /* address latched when the length was written */
    uint32_t len;           /* bytes queued by the last valid length write */
    uint32_t pos;           /* bytes already played / captured */
} GoldfishAudioBuffer;

struct GoldfishAudioState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq;
    QEMUSoundCard card;
    SWVoiceOut *voice;
    SWVoiceIn *voice_in;
    QEMUTimer *timer;
    Notifier exit_notifier;

    uint32_t int_status;    /* sticky EMPTY/FULL bits */
    uint32_t int_enable;
    /*
     * Status bits set since the guest last read INT_STATUS.  The line is
     * (int_status & int_enable & irq_pending) != 0: an event raises it, the
     * INT_STATUS read acknowledges it, and a WRITE_BUFFER that clears the
     * event's status bit withdraws it, so it cannot stay stuck high.
     */
    uint32_t irq_pending;
    uint32_t irq_level;

    GoldfishAudioBuffer out[2];
    GoldfishAudioBuffer in;
    int32_t current;        /* output buffer playing: 0, 1, or -1 none */

    /* Sample clock; only the main loop touches it (under the BQL). */
    uint32_t running;       /* stream started, not yet stopped */
    uint32_t starved;       /* currently playing silence, no buffer */
    /*
     * Silent frames of the current starvation, not yet classified: a
     * buffer written while starved makes them an underrun (underruns,
     * silent_frames); the stream's stop (INT_ENABLE) makes them the
     * silence after its last period (tail_frames), which is no underrun.
     */
    uint64_t starved_frames;
    int64_t t0;             /* virtual ns of frame 0 */
    uint64_t clock;         /* frames of this stream already played */
    int64_t deadline;       /* when the timer is armed for, INT64_MAX none */

    /* Counters (QOM read-only properties), over the device's lifetime. */
    uint64_t frames_played;
    uint64_t silent_frames;
    uint64_t underruns;
    uint64_t dropped_frames; /* FIFO overflow, or skipped past max_backlog */
    uint64_t tail_frames;    /* silence between a stream's last EMPTY and
                                its stop: played, not an underrun */
    bool exit_report;        /* property: counters line at exit even if 0 */
    /*
     * Property "max-backlog-ms", 0 = unbounded: the most played sound the
     * FIFO keeps once the backend is full (a live job's bound on lag).
     */
    uint32_t max_backlog_ms;

    /*
     * Capture from a WAV file instead of the backend (property
     * "capture-file"; goldfish_audio_capture.h): a capture clock of its
     * own, frame k of a buffer due at in_t0 + ceil((k + 1) * 1e9 / 8000).
     */
    char *capture_path;
    GoldfishAudioCaptureFile capfile;
    QEMUTimer *in_timer;
    int64_t in_t0;          /* virtual ns of the capture buffer's START_READ */

    /* Ring of played S16LE frames waiting for the audio-core callback. */
    uint8_t fifo[GOLDFISH_AUDIO_FIFO_BYTES];
    uint32_t fifo_head;
    uint32_t fifo_count;
};

/*
 * The id of the audiodev the device plays to once realized: its audiodev
 * property, or the id of the default QEMU picked for it (the board names
 * the default it falls back to).  Never NULL.
 */
const char *goldfish_audio_audiodev_id(GoldfishAudioState *s);

#endif
