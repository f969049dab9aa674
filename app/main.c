/*
 * Koi firmware entry: the command line (from semihosting) picks a job, the
 * audio device is found on the platform bus, the job plays, a summary is
 * printed, and the exit status reaches the shell through semihosting:
 *   0 played, 1 stream error, 2 bad arguments, 3 no audio device.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/cmdline.h"
#include "app/player.h"
#include "boot/board.h"
#include "boot/highwater.h"
#include "drivers/goldfish_audio.h"
#include "drivers/goldfish_timer.h"

/* QEMU's audio core moves what the device played to the backend on its own
 * 10 ms tick, and nothing flushes it at exit: let that much virtual time
 * (and some) pass before leaving, or the last frames never reach out.wav. */
#define EXIT_FLUSH_NS 50000000ull

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
	stack_paint(); /* for the high-water marks in the summary */
	static struct job job;
	static union job_program prog; /* large: keep it off the stack */
	char err[CMDLINE_ERR_LEN];

	if (cmdline_parse(argc - 1, argv + 1, &job, err, sizeof err)) {
		fprintf(stderr, "koi: %s\n%s", err, cmdline_usage());
		return 2;
	}
	if (job.kind == JOB_HELP) {
		fputs(cmdline_usage(), stdout);
		return 0;
	}
	struct koi_source *src;
	int r = job_source(&job, &prog, &src);
	if (r) {
		fprintf(stderr, "koi: cannot build the sound for these arguments: %s (%d)\n%s",
			strerror(-r), r, cmdline_usage());
		return 2;
	}
	struct audio_dev *dev;
	r = goldfish_audio_probe(&dev);
	if (r) {
		fprintf(stderr, "koi: %s (error %d)\n",
			r == -ENODEV ? "no " BOARD_AUDIO_NAME " device on the platform bus"
				     : "the audio device failed to start",
			r);
		return 3;
	}

	char what[128];
	job_describe(&job, what, sizeof what);
	printf("koi: playing  %s%s\n", what,
	       job.kind == JOB_PIANO && !job.keys_given
		       ? "  (keys a s d f g h j k l play C D E..., w e t y u black keys, z/x octave, q quits)" : "");
	struct player_report rep;
	r = player_run(dev, &job, &prog, src, &rep);
	if (r == -ERANGE) {
		fprintf(stderr, "koi: --period: %lu frames: the audio device takes %lu..%lu\n",
			(unsigned long)rep.period_frames, (unsigned long)rep.min_period,
			(unsigned long)rep.max_period);
		return 2;
	}
	summary(what, &rep);
	struct memory_usage mu;
	memory_usage(&mu);
	printf("koi: memory   stack SVC %lu of %lu B, IRQ %lu of %lu B; heap %lu of %lu B\n",
	       (unsigned long)mu.svc_used, (unsigned long)mu.svc_size,
	       (unsigned long)mu.irq_used, (unsigned long)mu.irq_size,
	       (unsigned long)mu.heap_used, (unsigned long)mu.heap_size);
	timer_sleep_ns(EXIT_FLUSH_NS);
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
