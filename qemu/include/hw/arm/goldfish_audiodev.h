/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The goldfish machine's default audio backend (Koi).  The functions live
 * in QEMU's audio/audio.c (appended by qemu/glue/audio/audio.c.append),
 * because they need the audio core's private lists.
 */
#ifndef HW_ARM_GOLDFISH_AUDIODEV_H
#define HW_ARM_GOLDFISH_AUDIODEV_H

/* true if the command line defined any -audiodev, or one is running. */
bool audio_koi_audiodev_given(void);

/*
 * Defines and starts one audiodev from an -audiodev option string
 * ("pa,id=x").  true when its driver started; false, with nothing left
 * behind, when it could not (the driver may have logged why).
 */
bool audio_koi_start(const char *opt);

#endif
