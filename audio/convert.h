/*
 * convert.h — the converter: sound in one format played in another.
 *
 * A converter is a source (source.h) that renders S16 at an output rate
 * and channel count (the stream's) from one of three inputs:
 *  - a clip: static PCM in any sample format (format.h), rate and channel
 *    count, played `repeat` times in a row (the pcm program);
 *  - another source, whose native rate or channel count differs from the
 *    stream's (a stereo synthesiser on a mono device, say);
 *  - an input (struct convert_input) that delivers frames already decoded to
 *    float, read from wherever it likes (the play program's WAV files,
 *    through audio/wavfile.h): any rate from 1000 to 384000 Hz, not
 *    only the clips' seven.  An input that fails ends the sound there; the
 *    converter keeps its error (convert_error).
 * The job builder (app/cmdline.h) places one between a source and the
 * device wherever their formats differ.  convert_render_as() then turns the
 * S16 that sources render into a device's own sample format (a float
 * device's from the converter's float output, before its rounding to S16:
 * render_float in source.h).
 *
 * Pipeline per frame: decode (S8, U8, S16, S24 packed, S32, float32, all
 * little-endian) to float in S16 units -> sample-rate conversion to the
 * output rate -> channel mapping -> one rounding to S16 (nearest even,
 * saturating).
 *
 * Decoding: S8 x*256, U8 (x-128)*256, S24 x/256, S32 x/65536 (rounded to a
 * float's 24 bits), float x*32768; NaN plays as 0, out-of-range saturates.
 *
 * Rate conversion (docs/audio.md, "The rate converter"): any input rate
 * from CONVERT_MIN_RATE to CONVERT_MAX_RATE (1000..384000 Hz) to any output
 * rate in that range down to in/50.  A Kaiser-windowed sinc prototype
 * (A = 117 dB, CONVERT_TAPS taps at the lower rate, -6 dB at 0.96 of the
 * lower Nyquist frequency, stopband from it), stretched by in/out when
 * downsampling; for the ratio out/in = L/M in lowest terms, L exact phases
 * when L is at most the phases the filter needs (CONVERT_PHASES per input
 * sample upsampling, CONVERT_PHASES * L / M downsampling), else that many
 * phases plus one with linear interpolation between adjacent ones by the
 * exact fraction.  Position by an exact integer accumulator.  Each row has
 * unity DC gain.  Measured on float output into 8000, 44100 and 48000 Hz
 * (tests/host/test_convert.c): flat within 0.0000 dB to 0.90 of the lower
 * Nyquist frequency, -1.85 dB at 0.95, images, aliases and interpolation
 * error -117.0 dB or less, a tone past the lower Nyquist frequency -118.4
 * dB or less.  Equal rates bypass the filter (a bit-exact copy for S16).
 * The table and the history are stored after the struct: convert_size()
 * says how much storage a pair of rates needs (0 when it cannot convert
 * between them).
 *
 * Channel mapping: equal counts keep every channel; mono -> stereo goes to
 * L, and to R scaled by mono_r_gain (1.0 = plain mono; the pcm test program
 * uses 0.5 so the two channels differ and a swap cannot hide); stereo ->
 * mono is (L + R) / 2.
 */
#ifndef KOI_CONVERT_H
#define KOI_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/format.h"
#include "audio/source.h"

/**
 * Decode one sample to float S16 units.
 * @param f  its format
 * @param p  its little-endian bytes
 * @return the sample
 */
float convert_decode(enum sample_format f, const uint8_t *p);
/**
 * Encode n S16 samples into format f (little-endian): S8/U8 keep the top
 * 8 bits, S24/S32 shift left, float divides by 32768 (all exact but the
 * 8-bit ones, which truncate toward minus infinity).
 * @param f    the format
 * @param in   n samples
 * @param n    samples
 * @param out  room for n samples of f
 */
void convert_encode(enum sample_format f, const int16_t *in, uint32_t n, uint8_t *out);
/**
 * Render up to frames frames of src (src->channels per frame) into out in
 * sample format f.  S16 goes straight into out; float, from a source with
 * a float path (source.h: render_float, a converter's and what passes it
 * on), is that path over 32768, saturated at +-1, NaN as 0, so that the
 * device gets the filter's output without a 16-bit rounding; every other
 * case is the source's S16 through convert_encode() by a small buffer on
 * the stack.
 * @param src     the source
 * @param f       the format
 * @param out     room for frames frames of f
 * @param frames  frames wanted
 * @return the source's return value
 */
uint32_t convert_render_as(struct koi_source *src, enum sample_format f, void *out,
			uint32_t frames);

/**
 * Whether rate is one of the built-in clips' rates, 8000 11025 16000 22050
 * 32000 44100 48000 (the rates tested in every pair).
 * @param rate  frames per second
 * @return 0 if it is
 * @retval -EINVAL  it is not
 */
int convert_rate_supported(uint32_t rate);

#define CONVERT_TAPS 192u            /* per phase, upsampling */
#define CONVERT_PHASES 512u          /* phases per input sample, upsampling */
#define CONVERT_MAX_TAPS 9600u       /* 384 kHz -> 8 kHz needs 9216 */
#define CONVERT_MIN_RATE 1000u
#define CONVERT_MAX_RATE 384000u
/* Floats a converter's storage holds at most (table and history). */
#define CONVERT_MAX_COEF 153600u     /* 600 KiB: 372334 Hz -> 8 kHz needs the most */
#define CONVERT_UP_BLOCK 128u        /* frames read from an input source at once */

/* Frames decoded to float in S16 units (convert_decode's scale), `channels`
 * (1 or 2) interleaved per frame, at `rate`.  read() writes up to max
 * frames into out and returns how many; 0 at the end (every later call
 * returns 0 too), or a negative errno when it failed. */
struct convert_input {
	int32_t (*read)(struct convert_input *in, float *out, uint32_t max);
	uint32_t rate, channels;
};

struct convert {
	struct koi_source src;
	/* Input: a clip (data != NULL), a source (up != NULL) or an input
	 * (in != NULL). */
	const uint8_t *data;
	uint32_t frames_in, repeat;
	enum sample_format fmt;
	struct koi_source *up;
	struct convert_input *in;
	int32_t in_error;          /* what in->read() failed with, or 0 */
	uint32_t up_len, up_pos;   /* frames in ubuf (fbuf), next one to read */
	bool up_ended;             /* up returned short: nothing after ubuf */
	uint32_t channels, rate;   /* of the input */
	float mono_r_gain;
	uint32_t L, M, taps;       /* ratio out/in = L/M; taps per phase */
	uint32_t phases, rows;     /* table rows per input sample (L when
	                              exact) and rows stored */
	uint64_t total_in;         /* input frames; a source's is UINT64_MAX
	                              until it ends */
	uint64_t read_in;          /* input frames read */
	uint64_t out_n, out_total; /* output frames done / to do (a clip's;
	                              UINT64_MAX for a source) */
	uint64_t in_i;             /* floor(out_n * M / L) */
	uint32_t phase;            /* (out_n * M) mod L */
	uint32_t step_q, step_r;   /* M = step_q * L + step_r: the step per
	                              output frame without a division */
	uint32_t row, rem;         /* phase * phases = row * L + rem (rows
	                              interpolated: the row and its fraction) */
	uint32_t row_q, row_r;     /* step_r * phases = row_q * L + row_r */
	uint64_t pushed;           /* input frames pushed into the history */
	uint32_t hpos;
	float *hist[2];            /* per channel, 2 * taps, written twice
	                              (in coef's storage, after the table) */
	int16_t ubuf[2 * CONVERT_UP_BLOCK];
	float fbuf[2 * CONVERT_UP_BLOCK];    /* an input's frames */
	float coef[];              /* [row][tap], rows * taps, then hist */
};

/**
 * Bytes of storage a converter needs (the struct and its filter).
 * @param in_rate   frames per second in
 * @param out_rate  frames per second out
 * @return the bytes, or 0 if it cannot convert between them
 */
size_t convert_size(uint32_t in_rate, uint32_t out_rate);

/**
 * A clip, played repeat times in a row (the filter sees one continuous
 * signal), rendered at out_rate with out_channels.
 * @param c             the converter
 * @param size          bytes at c
 * @param data          frames frames in (fmt, channels, rate), interleaved
 * @param frames        frames of data
 * @param fmt           data's sample format
 * @param channels      data's channels
 * @param rate          data's frames per second
 * @param repeat        times played, not 0
 * @param out_rate      frames per second out
 * @param out_channels  channels out
 * @param mono_r_gain   a mono input in stereo: right = mono_r_gain * left,
 *                      -1..1
 * @return 0
 * @retval -EINVAL  an unsupported format, channel count, rate pair, empty
 *                  data or repeat 0
 * @retval -ENOMEM  size is less than convert_size()
 */
int convert_init(struct convert *c, size_t size, const void *data, uint32_t frames,
		 enum sample_format fmt, uint32_t channels, uint32_t rate,
		 uint32_t repeat, uint32_t out_rate, uint32_t out_channels,
		 double mono_r_gain);
/**
 * A source rendered at out_rate with out_channels; ends when up ends.
 * @param c             the converter
 * @param size          bytes at c
 * @param up            the source (its rate and channels)
 * @param out_rate      frames per second out
 * @param out_channels  channels out
 * @param mono_r_gain   as for convert_init()
 * @return 0
 * @retval -EINVAL  as for convert_init()
 * @retval -ENOMEM  as for convert_init()
 */
int convert_init_source(struct convert *c, size_t size, struct koi_source *up,
			uint32_t out_rate, uint32_t out_channels, double mono_r_gain);
/**
 * An input rendered at out_rate with out_channels; ends when in ends or
 * fails.
 * @param c             the converter
 * @param size          bytes at c
 * @param in            the input (its rate and channels)
 * @param out_rate      frames per second out
 * @param out_channels  channels out
 * @param mono_r_gain   as for convert_init()
 * @return 0
 * @retval -EINVAL  as for convert_init()
 * @retval -ENOMEM  as for convert_init()
 */
int convert_init_input(struct convert *c, size_t size, struct convert_input *in,
		       uint32_t out_rate, uint32_t out_channels, double mono_r_gain);
/**
 * The input's error once it failed (the sound ended there).
 * @param c  the converter
 * @return in->read()'s negative errno, else 0
 */
int convert_error(const struct convert *c);
/**
 * Frames a clip's converter produces in all.
 * @param c  the converter
 * @return ceil(frames*repeat*L/M)
 */
uint64_t convert_out_frames(const struct convert *c);
/**
 * Frames a converter makes of some input frames, as it renders them.
 * @param in_rate   frames per second in
 * @param out_rate  frames per second out
 * @param frames    input frames
 * @return ceil(frames * out / in)
 */
uint64_t convert_frames_for(uint32_t in_rate, uint32_t out_rate, uint64_t frames);

/**
 * Render up to frames frames as convert_render (the source's render) does,
 * but in float S16 units before the rounding to S16 (koi-render's float
 * output; the quality tests).  Interleaving with source_render() on one
 * converter is allowed: both advance the same state.
 * @param c       the converter
 * @param out     room for frames frames
 * @param frames  frames wanted
 * @return the frames written, fewer at the end
 */
uint32_t convert_render_float(struct convert *c, float *out, uint32_t frames);

/* Filter design parameters, exposed for the quality tests. */
/**
 * The Kaiser window's beta.
 * @return it
 */
double convert_kaiser_beta(void);
/**
 * The low-pass cutoff for a ratio out/in = L/M.
 * @param L  the ratio's numerator
 * @param M  its denominator
 * @return cycles per input sample
 */
double convert_cutoff(uint32_t L, uint32_t M);

#endif /* KOI_CONVERT_H */
