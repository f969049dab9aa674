/*
 * gain.h — the volume stage: a source (source.h) that plays another one
 * louder or softer, muted, or fading out to its end.  The player's keys
 * and the command line's --volume and --mute act on it (app/player.h).
 *
 * Every change is a linear ramp of GAIN_RAMP_MS (at the stream's rate),
 * from wherever the gain is to the new target, so that no change clicks:
 * a step of the volume, a mute, an unmute, and the fade-out that ends the
 * sound (`q`).  The gain is applied in float to each S16 sample and
 * rounded once (dspmath.h, koi_f2s16: saturating).  At exactly unity and
 * not ramping it copies: a job at 0 dB renders bit for bit what its
 * source renders.  The host render (koi-render) runs the same code, so a
 * fixed --volume is bit-exact too.
 *
 * Main-loop only: the player calls the setters between renders.
 */
#ifndef KOI_GAIN_H
#define KOI_GAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "audio/source.h"

#define GAIN_RAMP_MS 20u
#define GAIN_MIN_DB  (-60.0)  /* quieter is mute */
#define GAIN_MAX_DB  12.0     /* louder saturates: a quiet file may want it */

struct gain {
	struct koi_source src;
	struct koi_source *up;
	double db;            /* the volume while not muted */
	bool mute;
	bool ending;          /* fading out; ends at silence */
	bool ended;
	float cur;            /* gain of the last frame rendered */
	float target;
	float step;           /* per frame while ramping */
	uint32_t ramp_left;   /* frames of the ramp still to go */
	uint32_t ramp_frames;
};

/**
 * Sets the stage up, at its volume from the first frame: no ramp at the
 * start.
 * @param g     the stage
 * @param up    any rate and channels: the stage has up's
 * @param db    the volume, clamped to GAIN_MIN_DB..GAIN_MAX_DB
 * @param mute  muted or not
 */
void gain_init(struct gain *g, struct koi_source *up, double db, bool mute);
/**
 * A new volume, reached by a ramp.
 * @param g   the stage
 * @param db  clamped to GAIN_MIN_DB..GAIN_MAX_DB
 * @return the volume now set (after clamping)
 */
double gain_set_db(struct gain *g, double db);
/**
 * Mute or unmute, by a ramp; the volume is kept for unmuting.
 * @param g     the stage
 * @param mute  true to mute
 */
void gain_set_mute(struct gain *g, bool mute);
/**
 * Fade out by a ramp and end the sound there (fewer frames than asked,
 * then 0), whatever up has left.
 * @param g  the stage
 */
void gain_fade_out(struct gain *g);

#endif /* KOI_GAIN_H */
