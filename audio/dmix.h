/*
 * dmix.h — several playback streams at once on one device, mixed in
 * software, the way ALSA's dmix plugin does it.
 *
 * Each client is an ordinary PCM stream (audio/pcm.h) with its own state
 * machine, ring, period size, start threshold, pause and drain, opened on
 * a port: a virtual audio_dev of the mix's rate and channel count with S16
 * samples (the client's source keeps its own format and rate and is
 * converted before its stream, as any job's is; plug before dmix, in ALSA
 * terms).  The port takes the client's periods as a device would (up to
 * DMIX_SLOTS queued), and the mix consumes them: to a client, the mix is
 * its device, and a period is "played" when it has been mixed.
 *
 * The mix is itself a source (source.h): render() feeds every client from
 * its own source (pcm_mmap_begin/commit into the client's ring), then sums
 * what the ports hold, frame by frame, in 32 bits, saturated to S16 once
 * (dspmath.h: koi_sat16), and reports each client the periods it consumed.
 * The player plays it like any source, on the device's one stream.
 *
 * Isolation: a port with nothing queued (its client paused, starved, not
 * started yet, or finished) adds silence, and only that client sees the
 * consequences (its own underrun, counted in its own stream); the other
 * clients' frames go on at the same positions.  A client whose source ends
 * drains (non-blocking, pcm_set_nonblock) and leaves the mix at its last
 * frame; the mix ends after the last client's last frame.
 *
 * Bit-exact: nothing here depends on time.  Clients added before the first
 * render start together at frame 0, so the mix of sources a and b is
 * sat(a[n] + b[n]) frame for frame (the shorter one counting 0 past its
 * end): what koi-render renders with the same code.  Main loop only; the
 * ports never see an interrupt.
 */
#ifndef KOI_DMIX_H
#define KOI_DMIX_H

#include <stdbool.h>
#include <stdint.h>

#include "audio/pcm.h"
#include "audio/source.h"

#define DMIX_CLIENTS 4u
#define DMIX_PERIOD  256u   /* frames: each client's period */
#define DMIX_PERIODS 4u     /* each client's ring */
#define DMIX_SLOTS   2u     /* periods a port holds, as goldfish's slots */
#define DMIX_MAX_CHANNELS 2u

struct dmix;

/* A client's device.  Written by its client's pump (submit, start, stop)
 * and by the mix, both in the main loop. */
struct dmix_port {
	struct audio_dev dev;  /* priv: this port */
	struct dmix *mix;
	uint32_t period_bytes;
	bool started;
	struct {
		const uint8_t *buf;
		uint32_t bytes, pos;
	} q[DMIX_SLOTS];
	uint32_t head, count;  /* periods queued */
	uint32_t done;         /* periods consumed, not yet reported */
	bool dry;              /* the mix went on with nothing from it */
	bool idle_told;        /* the client knows it ran dry */
	uint8_t area[DMIX_PERIOD * DMIX_PERIODS * 2u * DMIX_MAX_CHANNELS];
};

struct dmix_client {
	struct dmix_port port;
	struct pcm_stream s;
	struct koi_source *src;
	bool src_ended;        /* src returned short: the stream drains */
	bool finished;         /* drained and stopped: out of the mix */
	uint32_t hold;         /* frames of mix it is not fed (dmix_starve) */
	uint32_t xruns;        /* underruns it recovered from */
};

struct dmix {
	struct koi_source src; /* the mix: S16 at rate, channels */
	uint32_t n;            /* clients */
	int error;             /* a client stream's error, or 0 */
	struct dmix_client c[DMIX_CLIENTS];
	int32_t acc[DMIX_PERIOD * DMIX_MAX_CHANNELS];
};

/**
 * An empty mix.
 * @param d         the mix
 * @param rate      frames per second, not 0
 * @param channels  1 or 2
 * @return 0
 * @retval -EINVAL  rate 0 or channels out of range
 */
int dmix_init(struct dmix *d, uint32_t rate, uint32_t channels);
/**
 * A client playing src: its stream opened on a port, DMIX_PERIODS periods
 * of DMIX_PERIOD frames.
 * @param d    the mix
 * @param src  must render at the mix's rate and channel count
 * @return the client's index, or the stream's error (pcm.h)
 * @retval -EINVAL  src's format is not the mix's
 * @retval -ENOSPC  DMIX_CLIENTS already
 */
int dmix_add(struct dmix *d, struct koi_source *src);
/**
 * Closes every client's stream.
 * @param d  the mix
 */
void dmix_free(struct dmix *d);

/**
 * Pause or resume one client (pcm_pause on its stream): the others play on.
 * @param d   the mix
 * @param i   the client's index
 * @param on  true to pause
 * @return 0 or pcm_pause's error
 */
int dmix_pause(struct dmix *d, uint32_t i, bool on);
/**
 * Starve one client: it is not fed for the next `frames` frames of mix
 * (its producer "falls behind"), so its port runs dry and its stream goes
 * through an underrun and recovers; the others are untouched.  For the
 * isolation tests.
 * @param d       the mix
 * @param i       the client's index
 * @param frames  frames of mix it is not fed
 */
void dmix_starve(struct dmix *d, uint32_t i, uint32_t frames);
/**
 * One client's stream statistics (pcm_get_stats) and its underruns.
 * @param d   the mix
 * @param i   the client's index (past the last: all zero)
 * @param st  receives them
 */
void dmix_client_stats(const struct dmix *d, uint32_t i, struct pcm_stats *st);

#endif /* KOI_DMIX_H */
