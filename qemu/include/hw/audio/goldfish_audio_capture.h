/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The goldfish audio device's capture input from a WAV file (device
 * property "capture-file"; docs/goldfish-audio.md §4.4): a tape the device
 * reads frame by frame as its capture clock runs.  The file must hold what
 * the device captures, 8000 Hz mono signed 16-bit PCM; anything else is
 * refused when the machine starts, with the reason.  Past its end the
 * input is silence.
 */
#ifndef HW_AUDIO_GOLDFISH_AUDIO_CAPTURE_H
#define HW_AUDIO_GOLDFISH_AUDIO_CAPTURE_H

#include "qapi/error.h"

typedef struct GoldfishAudioCaptureFile {
    int fd;                 /* -1 when closed */
    uint64_t data_off;      /* byte offset of frame 0 */
    uint64_t frames;        /* frames in the file */
    uint64_t pos;           /* next frame to read */
} GoldfishAudioCaptureFile;

/* Opens path and checks it is an 8000 Hz mono S16 PCM WAV; false with
 * errp set (the reason, and how to convert) otherwise. */
bool goldfish_audio_capture_open(GoldfishAudioCaptureFile *f, const char *path,
                                 Error **errp);
/* The next n frames into buf (2n bytes, S16LE); zeros past the end. */
void goldfish_audio_capture_read(GoldfishAudioCaptureFile *f, uint8_t *buf,
                                 uint32_t n);
void goldfish_audio_capture_close(GoldfishAudioCaptureFile *f);

#endif
