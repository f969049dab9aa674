/*
 * The PCM API's refusals (audio/pcm.h) in the build that ships: every
 * call that returns an error, on no stream or on a stream that is not
 * open, is -EINVAL (pcm_state: OPEN; pcm_close: nothing); the accessors
 * of a stream never opened say 0; pcm_open() refuses an incomplete device, a device
 * whose caps cannot describe a stream, and a second stream on one
 * direction; setup calls refuse what the caps exclude and pass the
 * device's own errors on; calls out of their states are -EPERM.
 *
 * The device is a fake one (no hardware): caps, allocation and
 * configuration that the test sets to fail, one at a time.  The host
 * suite checks the same contract on the host's build (tests/host/
 * test_pcm_states.c); this one checks the target's.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "audio/pcm.h"
#include "tests/target/tap.h"

static struct fake {
	struct audio_dev dev;
	struct audio_caps caps;
	int caps_err, configure_err;
	int fail_alloc;
	uint8_t ring[4096] __attribute__((aligned(8)));
} F;

static int get_caps(struct audio_dev *d, enum audio_dir dir, struct audio_caps *c)
{
	(void)d;
	if (dir == AUDIO_CAPTURE)
		return -ENODEV;
	*c = F.caps;
	return F.caps_err;
}

static void *alloc_buffer(struct audio_dev *d, enum audio_dir dir, size_t bytes)
{
	(void)d; (void)dir;
	return F.fail_alloc || bytes > sizeof F.ring ? NULL : F.ring;
}

static int configure(struct audio_dev *d, enum audio_dir dir, uint32_t bytes)
{
	(void)d; (void)dir; (void)bytes;
	return F.configure_err;
}

static int no_op(struct audio_dev *d, enum audio_dir dir)
{
	(void)d; (void)dir;
	return 0;
}

static int submit(struct audio_dev *d, enum audio_dir dir, void *buf, uint32_t bytes)
{
	(void)d; (void)dir; (void)buf; (void)bytes;
	return 0;
}

static const struct audio_dev_ops ops = {
	.get_caps = get_caps, .alloc_buffer = alloc_buffer, .configure = configure,
	.start = no_op, .stop = no_op, .submit = submit,
};
/* Without submit(): not a device the PCM layer can drive. */
static const struct audio_dev_ops ops_incomplete = {
	.get_caps = get_caps, .alloc_buffer = alloc_buffer, .configure = configure,
	.start = no_op, .stop = no_op,
};

static const struct audio_caps good = {
	.rate = 44100, .channels = 2, .format = SAMPLE_S16, .frame_bytes = 4,
	.min_period_bytes = 64, .max_period_bytes = 1024, .hw_slots = 2,
	.max_buffer_bytes = 4096,
};

static void reset(void)
{
	F.dev = (struct audio_dev){ .name = "fake", .ops = &ops };
	F.caps = good;
	F.caps_err = F.configure_err = F.fail_alloc = 0;
}

#define EXPECT(call, want, what) do { \
	int got_ = (call); \
	tap_ok(got_ == (want), "%s: %d (want %d)", what, got_, (int)(want)); \
} while (0)

/* Every call on s, which is not open: refused or harmless. */
static void not_open(struct pcm_stream *s, const char *what)
{
	char buf[16];
	void *area;
	uint32_t n = 1;
	struct pcm_hw_info hw;
	tap_diag("%s", what);
	EXPECT(pcm_set_rate(s, 48000), -EINVAL, "set_rate");
	EXPECT(pcm_hw_info(s, &hw), -EINVAL, "hw_info");
	EXPECT(pcm_hw_params(s, 64, 4), -EINVAL, "hw_params");
	EXPECT(pcm_set_start_threshold(s, 0), -EINVAL, "set_start_threshold");
	EXPECT(pcm_prepare(s), -EINVAL, "prepare");
	EXPECT(pcm_start(s), -EINVAL, "start");
	EXPECT(pcm_drain(s), -EINVAL, "drain");
	EXPECT(pcm_drop(s), -EINVAL, "drop");
	EXPECT(pcm_pause(s, true), -EINVAL, "pause");
	EXPECT(pcm_write(s, buf, 1), -EINVAL, "write");
	EXPECT(pcm_read(s, buf, 1), -EINVAL, "read");
	EXPECT(pcm_mmap_begin(s, &area, &n), -EINVAL, "mmap_begin");
	EXPECT(pcm_mmap_commit(s, 1), -EINVAL, "mmap_commit");
	EXPECT(pcm_wait(s), -EINVAL, "wait");
	EXPECT(pcm_recover(s, -EPIPE, 0), -EINVAL, "recover");
	tap_ok(pcm_state(s) == PCM_STATE_OPEN, "state: OPEN");
	pcm_close(s);
	tap_ok(true, "close: no effect");
	if (!s)
		return; /* the accessors and setters take a stream (pcm.h) */
	tap_ok(pcm_avail(s) == 0 && pcm_fill(s) == 0, "avail and fill: 0");
	tap_ok(pcm_period_frames(s) == 0 && pcm_buffer_frames(s) == 0 &&
	       pcm_start_threshold(s) == 0, "period, buffer, threshold: 0");
	pcm_set_period_callback(s, NULL, NULL);
	pcm_set_block(s, NULL, NULL);
	pcm_set_nonblock(s, true);
	tap_ok(pcm_state(s) == PCM_STATE_OPEN, "callback, block, nonblock: still OPEN");
}

/* pcm_open() with F's caps changed by change(): -EINVAL. */
static void bad_caps(const char *what, void (*change)(struct audio_caps *c))
{
	struct pcm_stream s;
	memset(&s, 0, sizeof s);
	reset();
	change(&F.caps);
	EXPECT(pcm_open(&s, &F.dev, AUDIO_PLAYBACK), -EINVAL, what);
}

static void no_channels(struct audio_caps *c) { c->channels = 0; c->frame_bytes = 0; }
static void bad_format(struct audio_caps *c) { c->format = SAMPLE_FORMAT_COUNT; }
static void bad_frame(struct audio_caps *c) { c->frame_bytes = 6; }
static void no_rate(struct audio_caps *c) { c->rate = 0; }
static void no_slots(struct audio_caps *c) { c->hw_slots = 0; }
static void many_slots(struct audio_caps *c) { c->hw_slots = PCM_MAX_SLOTS + 1; }
static void min_over_max(struct audio_caps *c) { c->min_period_bytes = 2048; }
/* 5 bytes round up to 2 frames, 7 bytes down to 1: no period fits. */
static void no_whole_period(struct audio_caps *c)
{
	c->min_period_bytes = 5;
	c->max_period_bytes = 7;
}

static void opening(void)
{
	struct pcm_stream s, t;
	memset(&s, 0, sizeof s);
	memset(&t, 0, sizeof t);
	reset();
	EXPECT(pcm_open(NULL, &F.dev, AUDIO_PLAYBACK), -EINVAL, "open: no stream");
	EXPECT(pcm_open(&s, NULL, AUDIO_PLAYBACK), -EINVAL, "open: no device");
	EXPECT(pcm_open(&s, &F.dev, (enum audio_dir)7), -EINVAL, "open: direction 7");
	F.dev.ops = NULL;
	EXPECT(pcm_open(&s, &F.dev, AUDIO_PLAYBACK), -EINVAL, "open: a device without ops");
	F.dev.ops = &ops_incomplete;
	EXPECT(pcm_open(&s, &F.dev, AUDIO_PLAYBACK), -EINVAL, "open: a device without submit");
	reset();
	EXPECT(pcm_open(&s, &F.dev, AUDIO_CAPTURE), -ENODEV, "open: capture the device lacks");
	F.caps_err = -EIO;
	EXPECT(pcm_open(&s, &F.dev, AUDIO_PLAYBACK), -EIO, "open: get_caps' own error");
	bad_caps("open: 0 channels", no_channels);
	bad_caps("open: an unknown format", bad_format);
	bad_caps("open: a frame size that is not channels x sample", bad_frame);
	bad_caps("open: rate 0", no_rate);
	bad_caps("open: no hardware slot", no_slots);
	bad_caps("open: more slots than a stream tracks", many_slots);
	bad_caps("open: smallest period above the largest", min_over_max);
	bad_caps("open: no whole frame count between the period limits", no_whole_period);
	reset();
	F.caps.min_period_bytes = 0;
	EXPECT(pcm_open(&s, &F.dev, AUDIO_PLAYBACK), 0, "open: no smallest period (1 frame)");
	struct pcm_hw_info hw;
	EXPECT(pcm_hw_info(&s, NULL), -EINVAL, "hw_info into nothing");
	tap_ok(pcm_hw_info(&s, &hw) == 0 && hw.min_period_frames == 1 &&
	       hw.max_period_frames == 256 && hw.max_buffer_frames == 1024,
	       "hw_info: periods 1..256 frames, buffer 1024");
	EXPECT(pcm_open(&s, &F.dev, AUDIO_PLAYBACK), -EBUSY, "open an open stream again");
	EXPECT(pcm_open(&t, &F.dev, AUDIO_PLAYBACK), -EBUSY, "a second stream on one direction");
	pcm_close(&s);
	EXPECT(pcm_open(&t, &F.dev, AUDIO_PLAYBACK), 0, "open it once the first is closed");
	pcm_close(&t);
}

static void setup(void)
{
	struct pcm_stream s;
	memset(&s, 0, sizeof s);
	reset();
	EXPECT(pcm_open(&s, &F.dev, AUDIO_PLAYBACK), 0, "open");
	EXPECT(pcm_set_rate(&s, 0), -EINVAL, "set_rate 0");
	EXPECT(pcm_set_rate(&s, 44100), 0, "set_rate to the rate it has");
	EXPECT(pcm_set_rate(&s, 48000), -ENOTSUP, "set_rate on a device of one rate");
	EXPECT(pcm_set_start_threshold(&s, 0), -EPERM, "start threshold before hw_params");
	EXPECT(pcm_prepare(&s), -EPERM, "prepare before hw_params");
	EXPECT(pcm_start(&s), -EPERM, "start before hw_params");
	EXPECT(pcm_drop(&s), -EPERM, "drop before hw_params");
	EXPECT(pcm_pause(&s, true), -EPERM, "pause before hw_params");
	EXPECT(pcm_hw_params(&s, 15, 4), -EINVAL, "period below the smallest");
	EXPECT(pcm_hw_params(&s, 257, 4), -EINVAL, "period above the largest");
	EXPECT(pcm_hw_params(&s, 64, 1), -EINVAL, "one period");
	EXPECT(pcm_hw_params(&s, 256, 8), -EINVAL, "a buffer above the device's");
	F.fail_alloc = 1;
	EXPECT(pcm_hw_params(&s, 64, 4), -ENOMEM, "no ring from the device");
	F.fail_alloc = 0;
	F.configure_err = -EIO;
	EXPECT(pcm_hw_params(&s, 64, 4), -EIO, "configure's own error");
	F.configure_err = 0;
	EXPECT(pcm_hw_params(&s, 64, 4), 0, "64 x 4");
	EXPECT(pcm_set_rate(&s, 44100), -EPERM, "set_rate once set up");
	EXPECT(pcm_set_start_threshold(&s, 10), 0, "threshold below a period");
	tap_ok(pcm_start_threshold(&s) == 64, "... is a period (%lu)",
	       (unsigned long)pcm_start_threshold(&s));
	EXPECT(pcm_set_start_threshold(&s, 100000), 0, "threshold above the buffer");
	tap_ok(pcm_start_threshold(&s) == 256, "... is the buffer (%lu)",
	       (unsigned long)pcm_start_threshold(&s));
	EXPECT(pcm_prepare(&s), 0, "prepare");
	tap_ok(pcm_pointer(&s) == 0 && pcm_avail(&s) == 256 && pcm_fill(&s) == 0,
	       "prepared: pointer 0, the whole buffer free");
	EXPECT(pcm_drain(&s), 0, "drain with nothing written: done");
	pcm_close(&s);
	tap_ok(pcm_state(&s) == PCM_STATE_OPEN, "closed: OPEN");
}

int main(void)
{
	tap_init();
	not_open(NULL, "no stream");
	struct pcm_stream closed;
	memset(&closed, 0, sizeof closed);
	not_open(&closed, "a stream never opened");
	tap_ok(strcmp(pcm_state_name((enum pcm_state)99), "?") == 0, "state name of 99: ?");
	opening();
	setup();
	return tap_done();
}
