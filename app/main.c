/*
 * Koi firmware entry: the command line (from semihosting) picks a job, the
 * board gives its audio device, whose stream is opened in the device's own
 * format, the job's sound is built for that format and plays, a summary
 * is printed, and the exit status reaches the shell through the board's
 * exit:
 *   0 played, 1 stream error, 2 bad arguments (for this device's format),
 *   3 no audio device, one whose format Koi cannot play, or a --rate it
 *     cannot take.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/cmdline.h"
#include "app/player.h"
#include "board/board.h"

/* ms with three decimals, without floating point in printf. */
static void print_ms(const char *label, uint64_t ns)
{
	printf("%s%lu.%03lu ms", label, (unsigned long)(ns / 1000000u),
	       (unsigned long)(ns / 1000u % 1000u));
}

static void summary(const char *what, const struct player_report *r)
{
	uint32_t rate = r->rate;
	printf("koi: played   %s\n", what);
	if (rate == 0) {
		printf("koi: the stream did not open: nothing played\n");
		return;
	}
	printf("koi: frames   %lu (%lu.%03lu s of sound)\n", (unsigned long)r->frames,
	       (unsigned long)(r->frames / rate),
	       (unsigned long)((uint64_t)r->frames * 1000u / rate % 1000u));
	printf("koi: period   %lu frames x %lu", (unsigned long)r->period_frames,
	       (unsigned long)r->periods);
	print_ms(" (latency ", (uint64_t)r->period_frames * r->periods * 1000000000ull / rate);
	printf(")\n");
	if (r->start_ns) {
		print_ms("koi: time     ", r->end_ns - r->start_ns);
		printf(" of virtual time from first period to drained\n");
	} else {
		printf("koi: time     the stream never started\n");
	}
	printf("koi: underruns %lu, lowest ring fill %lu frames\n",
	       (unsigned long)r->underruns, (unsigned long)r->min_fill);
	if (r->resumed_ns > r->starved_ns && r->starved_ns) {
		uint64_t gap = r->resumed_ns - r->starved_ns;
		print_ms("koi: stall    device starved for ", gap);
		printf(" (~%lu frames of silence)\n",
		       (unsigned long)((gap * rate + 500000000u) / 1000000000u));
	}
}

int main(int argc, char **argv)
{
	board_memory_watch(); /* for the high-water marks in the summary */
	static struct job job; /* large: keep it off the stack */
	static struct job_sound sound;
	char err[CMDLINE_ERR_LEN];

	if (cmdline_parse(argc - 1, argv + 1, &job, err, sizeof err)) {
		fprintf(stderr, "koi: %s\n%s", err, cmdline_usage());
		return 2;
	}
	if (job.help) {
		fputs(cmdline_usage(), stdout);
		return 0;
	}
	struct audio_dev *dev;
	int r = board_audio_dev(&dev);
	if (r) {
		if (r == -ENODEV)
			fprintf(stderr, "koi: no %s (error %d)\n", board_audio_name(), r);
		else
			fprintf(stderr, "koi: the audio device failed to start (error %d)\n", r);
		return 3;
	}
	/* The device's format decides the sound's: open first, then build. */
	struct stream_format fmt;
	r = player_open_at(dev, job.rate, &fmt, err, sizeof err);
	if (r) {
		fprintf(stderr, "koi: %s (error %d)\n", err, r);
		return 3;
	}
	r = job_build(&job, &fmt, &sound, err, sizeof err);
	if (r) {
		fprintf(stderr, "koi: %s\n%s", err, r == -EINVAL ? cmdline_usage() : "");
		player_close();
		return r == -EINVAL ? 2 : 1;
	}

	char what[128];
	job_describe(&job, what, sizeof what);
	const char *live = job_live(&job);
	printf("koi: playing  %s%s\n", what, live ? live : "");
	printf("koi: device   %s: %lu Hz, %lu channel%s, %s\n", player_device(),
	       (unsigned long)fmt.rate, (unsigned long)fmt.channels,
	       fmt.channels == 1 ? "" : "s", sample_format_name(fmt.sample));
	const struct player_opts opts = {
		.period_frames = job.period_frames,
		.key = live ? job_key : NULL,
		.key_ctx = &sound,
	};
	struct player_report rep;
	r = player_play(sound.src, &opts, &rep);
	player_close();
	job_free(&sound);
	if (r == -ERANGE) {
		fprintf(stderr, "koi: --period: %lu frames: the audio device takes %lu..%lu\n",
			(unsigned long)rep.period_frames, (unsigned long)rep.min_period,
			(unsigned long)rep.max_period);
		return 2;
	}
	summary(what, &rep);
	struct board_memory mu;
	board_memory_usage(&mu);
	printf("koi: memory   stack SVC %lu of %lu B, IRQ %lu of %lu B; heap %lu of %lu B\n",
	       (unsigned long)mu.stack_used, (unsigned long)mu.stack_size,
	       (unsigned long)mu.irq_stack_used, (unsigned long)mu.irq_stack_size,
	       (unsigned long)mu.heap_used, (unsigned long)mu.heap_size);
	board_sleep_ns(board_audio_drain_ns());
	if (r == -ETIMEDOUT) {
		print_ms("koi: stalled: no period completed for ", rep.watchdog_ns);
		printf("; the audio device stopped interrupting, stream stopped\n");
	}
	if (r) {
		fprintf(stderr, "koi: playback failed: %s (%d)\n", strerror(-r), r);
		return 1;
	}
	return 0;
}
