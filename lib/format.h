/*
 * format.h — how frames of sound are laid out: sample formats and the
 * format of a stream (rate, channels, sample format).
 *
 * Every sample format here is little-endian; frames interleave their
 * channels (L, R for stereo).  A device states its own format in its caps
 * (audio_dev.h); the player opens the stream in that format, sources render
 * S16 at the stream's rate, and the converter (convert.h) bridges a source
 * whose native rate or channel count differs, and any sample format
 * (decoding clips, encoding for a device that is not S16).
 */
#ifndef KOI_FORMAT_H
#define KOI_FORMAT_H

#include <stdint.h>

enum sample_format {
	SAMPLE_S8,  /* signed 8-bit */
	SAMPLE_U8,  /* unsigned 8-bit, 128 = silence */
	SAMPLE_S16, /* signed 16-bit: what sources render */
	SAMPLE_S24, /* signed 24-bit packed in 3 bytes */
	SAMPLE_S32, /* signed 32-bit */
	SAMPLE_F32, /* IEEE single, full scale +-1.0 */
	SAMPLE_FORMAT_COUNT
};

/**
 * A format's name.
 * @param f  the format
 * @return "s8", "u8", "s16", "s24", "s32", "float"; "?" for anything else
 */
const char *sample_format_name(enum sample_format f);
/**
 * The format of a name (the names sample_format_name() gives).
 * @param name  NUL-terminated
 * @return the format, or -1 for no such name
 */
int sample_format_from_name(const char *name);
/**
 * Bytes per sample.
 * @param f  the format
 * @return bytes; 0 for an unknown format
 */
uint32_t sample_format_bytes(enum sample_format f);

struct stream_format {
	uint32_t rate;      /* frames per second */
	uint32_t channels;  /* samples per frame */
	enum sample_format sample;
};

#endif /* KOI_FORMAT_H */
