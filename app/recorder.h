/*
 * recorder.h — the capture side of the firmware: the device's capture
 * stream (audio/pcm.h) into a WAV file on the host (board.h's host files),
 * in the device's own capture format (goldfish: 8000 Hz mono S16), as
 * arecord does.
 *
 * The file is always a complete WAV of everything captured so far: its
 * header is written first (0 frames) and rewritten after every piece of
 * samples, so a run that ends early (q, Ctrl-C on the console, an error,
 * even QEMU killed) leaves a valid file of what it captured; the last
 * rewrite is at recorder_finish().
 *
 * Use: recorder_open() (the stream set up, the file created), then
 * recorder_start(), recorder_pump() whenever a period may have arrived
 * (recorder_ready() says so: a board_wait() condition), recorder_finish().
 * The playback side runs beside it untouched (app/player.h: opts.rec); on
 * its own, recorder_run() waits and pumps until the time is up or a key
 * stops it.  Main loop only.
 */
#ifndef KOI_RECORDER_H
#define KOI_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/pcm.h"
#include "board/board.h"

#define RECORDER_PERIOD_MS 64u  /* 512 frames at 8 kHz */
#define RECORDER_PERIODS   16u  /* about a second of headroom */
#define RECORDER_CHUNK     4096u /* bytes read out and written at once */

struct recorder {
	struct pcm_stream in;
	struct pcm_hw_info hw;
	struct board_file f;
	uint64_t limit;      /* frames to record; UINT64_MAX: until stopped */
	uint64_t frames;     /* frames in the file */
	uint32_t overruns;   /* times the ring was full (frames were lost) */
	bool stopped;        /* the limit was reached: the stream is stopped */
	int error;           /* the first write or stream error, or 0 */
	const char *device;  /* the device's name, for messages */
	uint8_t buf[RECORDER_CHUNK];
};

/**
 * Opens dev's capture stream and creates path.
 * @param r        the recorder
 * @param dev      the sound device
 * @param path     the WAV file to create (on the host)
 * @param seconds  how long to record; 0: as long as it is pumped, up to
 *                 what a WAV file holds
 * @param why      gets one line either way
 * @param whylen   bytes in why
 * @return 0, the file's error (board.h) or a stream error (pcm.h)
 * @retval -ENODEV  the device has no capture input here
 */
int recorder_open(struct recorder *r, struct audio_dev *dev, const char *path,
		  double seconds, char *why, size_t whylen);
/**
 * Starts capturing.
 * @param r  the recorder, open
 * @return 0, or pcm_start's error (kept in r->error too)
 */
int recorder_start(struct recorder *r);
/**
 * Moves what was captured into the file.
 * @param r  the recorder
 * @return 0, or the error (kept in r->error too)
 */
int recorder_pump(struct recorder *r);
/**
 * A board_wait() condition: a period is there to read, or the recorder
 * has stopped.
 * @param arg  the recorder
 * @return true when so
 */
bool recorder_ready(const void *arg);
/**
 * Stops the stream, writes what is left, finalises the header, closes.
 * @param r  the recorder
 * @return 0 or the first error
 */
int recorder_finish(struct recorder *r);
/**
 * The capture rate, once open.
 * @param r  the recorder
 * @return frames per second
 */
uint32_t recorder_rate(const struct recorder *r);

#endif /* KOI_RECORDER_H */
