/* The volume stage; see gain.h. */
#include "audio/gain.h"

#include <string.h>

#include "audio/dspmath.h"

static double clamp_db(double db)
{
	if (!(db >= GAIN_MIN_DB)) /* NaN too */
		return GAIN_MIN_DB;
	return db > GAIN_MAX_DB ? GAIN_MAX_DB : db;
}

/* The gain the stage is heading for. */
static float goal(const struct gain *g)
{
	if (g->mute || g->ending)
		return 0.0f;
	/* 0 dB is exactly unity: the stage then copies (bit-exact). */
	return g->db == 0.0 ? 1.0f : (float)koi_db_to_gain(g->db);
}

static void retarget(struct gain *g)
{
	g->target = goal(g);
	g->ramp_left = g->ramp_frames;
	g->step = (g->target - g->cur) / (float)g->ramp_frames;
}

/* The next frame's gain while a ramp runs; its last frame lands on the
 * target. */
static float ramp_step(struct gain *g)
{
	g->cur = --g->ramp_left ? g->cur + g->step : g->target;
	return g->cur;
}

/* After a ramp's frames: true when a fade-out has ended the sound there. */
static bool faded(struct gain *g)
{
	if (g->ending && !g->ramp_left)
		g->ended = true;
	return g->ended;
}

static uint32_t gain_render(struct koi_source *src, int16_t *out, uint32_t frames)
{
	struct gain *g = (struct gain *)src;
	if (g->ended)
		return 0;
	uint32_t n = source_render(g->up, out, frames);
	const uint32_t ch = src->channels;
	uint32_t i = 0;
	for (; i < n && g->ramp_left; i++) {
		const float k = ramp_step(g);
		for (uint32_t c = 0; c < ch; c++)
			out[i * ch + c] = koi_f2s16((float)out[i * ch + c] * k);
	}
	if (faded(g))
		return i;
	if (g->cur != 1.0f)
		for (uint32_t k = i * ch; k < n * ch; k++)
			out[k] = koi_f2s16((float)out[k] * g->cur);
	return n;
}

/* gain_render() before its rounding, on up's float frames (only when up
 * has them): the same gains, frame by frame. */
static uint32_t gain_render_float(struct koi_source *src, float *out, uint32_t frames)
{
	struct gain *g = (struct gain *)src;
	if (g->ended)
		return 0;
	uint32_t n = g->up->render_float(g->up, out, frames);
	const uint32_t ch = src->channels;
	uint32_t i = 0;
	for (; i < n && g->ramp_left; i++) {
		const float k = ramp_step(g);
		for (uint32_t c = 0; c < ch; c++)
			out[i * ch + c] *= k;
	}
	if (faded(g))
		return i;
	if (g->cur != 1.0f)
		for (uint32_t k = i * ch; k < n * ch; k++)
			out[k] *= g->cur;
	return n;
}

void gain_init(struct gain *g, struct koi_source *up, double db, bool mute)
{
	memset(g, 0, sizeof *g);
	g->src = (struct koi_source){gain_render, up->name, up->rate, up->channels,
				     up->render_float ? gain_render_float : NULL};
	g->up = up;
	g->db = clamp_db(db);
	g->mute = mute;
	g->ramp_frames = up->rate * GAIN_RAMP_MS / 1000u;
	if (g->ramp_frames == 0)
		g->ramp_frames = 1;
	g->cur = g->target = goal(g);
}

double gain_set_db(struct gain *g, double db)
{
	g->db = clamp_db(db);
	if (!g->ending)
		retarget(g);
	return g->db;
}

void gain_set_mute(struct gain *g, bool mute)
{
	g->mute = mute;
	if (!g->ending)
		retarget(g);
}

void gain_fade_out(struct gain *g)
{
	if (g->ending)
		return;
	g->ending = true;
	retarget(g);
}
