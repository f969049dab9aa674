/* Command line -> job -> sound, over the program table (program.h). */
#include "app/cmdline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/player.h"

/* ---- options every program takes ---- */

static int set_period(void *job, const char *v, struct msg *err)
{
	uint32_t u;
	if (arg_u32(v, &u) || u < 1 || u > 65536)
		return msg_fail(err, "--period: '", v, "' is not a frame count in 1..65536");
	struct job *j = job;
	if (j->latency_us)
		return msg_fail(err, "--period: give --period or --latency, not both", NULL, NULL);
	j->period_frames = u;
	return 0;
}

/* --latency MS: the buffer adaptation starts from (aplay's --buffer-time,
 * in ms), PLAYER_PERIODS periods of a quarter of it. */
static int set_latency(void *job, const char *v, struct msg *err)
{
	double d;
	struct job *j = job;
	if (arg_double(v, &d) || !(d >= PLAYER_MIN_LATENCY_MS && d <= PLAYER_MAX_LATENCY_MS))
		return msg_fail(err, "--latency: '", v, "' is not a time in 0.1..2000 ms");
	if (j->period_frames)
		return msg_fail(err, "--latency: give --period or --latency, not both", NULL, NULL);
	j->latency_us = (uint32_t)(d * 1000.0 + 0.5);
	return 0;
}

static int set_volume(void *job, const char *v, struct msg *err)
{
	double d;
	if (arg_double(v, &d) || !(d >= GAIN_MIN_DB && d <= GAIN_MAX_DB))
		return msg_fail(err, "--volume: '", v, "' is not a level in -60..12 dB");
	((struct job *)job)->volume_db = d;
	return 0;
}

/* set() gets the job, not the program's arguments. */
static const struct prog_option common_options[] = {
	{"--period", "FRAMES", set_period, NULL},
	{"--latency", "MS", set_latency, NULL},
	{"--volume", "DB", set_volume, NULL},
	{NULL, NULL, NULL, NULL},
};

static const struct prog_option *find_option(const struct prog_option *o, const char *name)
{
	for (; o && o->name; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

static const struct program *find_program(const char *name)
{
	for (const struct program *const *p = koi_programs; *p; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}

/* ---- parsing ---- */

static int unknown_program(struct msg *m, const char *name)
{
	msg_puts(m, "unknown program '");
	msg_puts(m, name);
	msg_puts(m, "' (");
	for (const struct program *const *p = koi_programs; *p; p++) {
		msg_puts(m, (*p)->name);
		msg_puts(m, ", ");
	}
	msg_puts(m, "help)");
	return -EINVAL;
}

static void use_program(struct job *job, const struct program *p)
{
	job->prog = p;
	memset(job->args, 0, sizeof job->args);
	if (p)
		p->defaults(job->args);
}

/* The words before the options: the device's --rate (before the program:
 * pcm has a --rate of its own, for its clip), then the program's name.
 * Returns the index of the first word after them, or -EINVAL. */
static int parse_head(int argc, char *const *argv, struct job *job, struct msg *m)
{
	int i = 0;
	if (argc > 0 && strcmp(argv[0], "--rate") == 0) {
		uint32_t u;
		if (argc < 2)
			return msg_fail(m, "option --rate needs a value", NULL, NULL);
		if (arg_u32(argv[1], &u) || u < PLAYER_MIN_RATE || u > PLAYER_MAX_RATE)
			return msg_fail(m, "--rate: '", argv[1], "' is not a rate in 8000..192000 Hz");
		job->rate = u;
		i = 2;
	}
	if (argc > i && argv[i][0] != '-') {
		if (strcmp(argv[i], "help") == 0) {
			job->help = true;
			use_program(job, NULL);
		} else {
			const struct program *p = find_program(argv[i]);
			if (!p)
				return unknown_program(m, argv[i]);
			use_program(job, p);
		}
		i++;
	}
	return i;
}

/* The flags every program takes; false for any other word. */
static bool common_flag(struct job *job, const char *a)
{
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
		job->help = true;
	else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)
		job->verbose = true;
	else if (strcmp(a, "--mute") == 0)
		job->mute = true;
	else if (strcmp(a, "--no-adapt") == 0)
		job->no_adapt = true;
	else
		return false;
	return true;
}

/* The option argv[i] (common, or the program's) and its value if it takes
 * one: the words it used (1 for a flag, 2 with a value), or -EINVAL. */
static int parse_option(int argc, char *const *argv, int i, struct job *job, struct msg *m)
{
	const struct program *p = job->prog;
	const char *a = argv[i];
	const struct prog_option *common = find_option(common_options, a);
	const struct prog_option *o = common ? common : find_option(p ? p->options : NULL, a);
	if (o && !o->value && !o->names) /* a flag: no value */
		return o->set(job->args, "", m) ? -EINVAL : 1;
	if (o && i + 1 >= argc)
		return msg_fail(m, "option ", a, " needs a value");
	if (!o) {
		msg_puts(m, "unknown option ");
		msg_puts(m, a);
		return msg_fail(m, " for ", p ? p->name : "help", NULL);
	}
	if (o->set(common ? (void *)job : (void *)job->args, argv[i + 1], m))
		return -EINVAL;
	return 2;
}

int cmdline_parse(int argc, char *const *argv, struct job *job, char *err,
		  size_t errlen)
{
	struct msg m = MSG(err, errlen);
	msg_puts(&m, "");
	memset(job, 0, sizeof *job);
	use_program(job, koi_programs[0]);
	int i = parse_head(argc, argv, job, &m);
	const struct program *p = job->prog;
	while (i >= 0 && i < argc) {
		const char *a = argv[i];
		int used;
		if (common_flag(job, a))
			used = 1;
		else if (a[0] == '-' && a[1] == '-')
			used = parse_option(argc, argv, i, job, &m);
		else if (p && p->words)
			used = p->words(job->args, argc - i, argv + i, &m);
		else
			used = msg_fail(&m, "unexpected argument '", a, "'");
		i = used < 0 ? -EINVAL : i + used;
	}
	if (i < 0)
		return -EINVAL;
	if (p && p->finish && p->finish(job->args, &m))
		return -EINVAL;
	return 0;
}

/* ---- usage ---- */

static void usage_options(struct msg *m, const struct prog_option *o)
{
	for (; o && o->name; o++) {
		msg_puts(m, " [");
		msg_puts(m, o->name);
		msg_puts(m, o->value || o->names ? " " : "");
		if (o->names)
			o->names(m, "|");
		else if (o->value)
			msg_puts(m, o->value);
		msg_puts(m, "]");
	}
}

/* "  NAME    " in a column of 10. */
static void usage_name(struct msg *m, const char *name)
{
	msg_puts(m, "  ");
	msg_puts(m, name);
	for (size_t n = strlen(name); n < 8; n++)
		msg_puts(m, " ");
}

const char *cmdline_usage(void)
{
	static char text[2048];
	struct msg m = MSG(text, sizeof text);
	msg_puts(&m, "usage: [--rate HZ] [PROGRAM] [OPTIONS...], PROGRAM one of (the first is the default):\n");
	for (const struct program *const *pp = koi_programs; *pp; pp++) {
		const struct program *p = *pp;
		usage_name(&m, p->name);
		msg_puts(&m, p->help);
		if ((p->options && p->options->name) || p->words_usage) {
			msg_puts(&m, "\n         ");
			usage_options(&m, p->options);
			if (p->words_usage) {
				msg_puts(&m, " ");
				msg_puts(&m, p->words_usage);
			}
		}
		msg_puts(&m, "\n");
	}
	usage_name(&m, "help");
	msg_puts(&m, "this text\nfor every program:");
	usage_options(&m, common_options);
	msg_puts(&m, " [--no-adapt] [--mute] [-v] [--help] (--period 1..65536 fixes the\n"
		     "period; else the latency adapts: it grows after an underrun or a near\n"
		     "miss and comes back)\n"
		     "keys while playing: space pause, + - volume, m mute, q stop\n"
		     "--rate HZ before the program: the audio device's rate, where it has a choice\n");
	return text;
}

/* ---- describing ---- */

void job_describe(const struct job *job, char *buf, size_t len)
{
	struct msg m = MSG(buf, len);
	msg_puts(&m, job->prog ? job->prog->name : "help");
	if (job->prog && job->prog->describe) {
		msg_puts(&m, " ");
		job->prog->describe(job->args, &m);
	}
	if (job->period_frames) {
		msg_puts(&m, ", period ");
		msg_putu(&m, job->period_frames);
	}
	if (job->latency_us) {
		msg_puts(&m, ", latency ");
		msg_putd(&m, job->latency_us / 1000.0);
		msg_puts(&m, " ms");
	}
	if (job->no_adapt)
		msg_puts(&m, ", latency fixed");
	if (job->volume_db != 0.0) {
		msg_puts(&m, ", volume ");
		msg_putd(&m, job->volume_db);
		msg_puts(&m, " dB");
	}
	if (job->mute)
		msg_puts(&m, ", muted");
}

const char *job_record(const struct job *job, double *seconds)
{
	const struct program *p = job->prog;
	*seconds = 0.0;
	return p && p->record && !job->help ? p->record(job->args, seconds) : NULL;
}

bool job_plays(const struct job *job)
{
	return job->prog && job->prog->create && !job->help;
}

const char *job_live(const struct job *job)
{
	const struct program *p = job->prog;
	return p && p->live ? p->live(job->args) : NULL;
}

/* ---- building ---- */

int job_build(const struct job *job, const struct stream_format *fmt,
	      struct job_sound *out, char *err, size_t errlen)
{
	struct msg m = MSG(err, errlen);
	msg_puts(&m, "");
	memset(out, 0, sizeof *out);
	out->job = job;
	const struct program *p = job->prog;
	if (!p || job->help)
		return msg_fail(&m, "help plays nothing", NULL, NULL);
	if (!p->create)
		return msg_fail(&m, p->name, " plays nothing: it records", NULL);
	if (fmt->channels < 1 || fmt->channels > 2 || fmt->rate == 0) {
		msg_puts(&m, "cannot play ");
		msg_putu(&m, fmt->channels);
		msg_puts(&m, " channels at ");
		msg_putu(&m, fmt->rate);
		return msg_fail(&m, " Hz (1 or 2 channels)", NULL, NULL);
	}
	size_t size = p->state_size(job->args, fmt);
	if (size == 0) {
		msg_puts(&m, p->name);
		msg_puts(&m, ": cannot play at the device's ");
		msg_putu(&m, fmt->rate);
		return msg_fail(&m, " Hz", NULL, NULL);
	}
	out->state = calloc(1, size);
	if (!out->state) {
		msg_puts(&m, "not enough memory for the job");
		return -ENOMEM;
	}
	struct koi_source *src = NULL;
	int r = p->create(job->args, fmt, out->state, &src, &m);
	if (r == 0 && p->length)
		out->frames = p->length(out->state);
	if (r == 0 && (src->rate != fmt->rate || src->channels != fmt->channels)) {
		/* The source's native format is not the stream's: convert. */
		size_t cs = convert_size(src->rate, fmt->rate);
		out->conv = cs ? calloc(1, cs) : NULL;
		if (!out->conv)
			r = cs ? -ENOMEM : -EINVAL;
		if (r == 0)
			r = convert_init_source(out->conv, cs, src, fmt->rate, fmt->channels, 1.0);
		if (r) {
			msg_puts(&m, p->name);
			msg_puts(&m, ": cannot convert its sound for the device");
		} else {
			src = &out->conv->src;
		}
	}
	if (r) {
		job_free(out);
		return r;
	}
	gain_init(&out->gain, src, job->volume_db, job->mute);
	out->src = &out->gain.src;
	return 0;
}

void job_free(struct job_sound *s)
{
	if (s->state && s->job && s->job->prog && s->job->prog->release)
		s->job->prog->release(s->state);
	free(s->state);
	free(s->conv);
	s->state = NULL;
	s->conv = NULL;
	s->src = NULL;
}

int job_result(struct job_sound *s, char *err, size_t errlen)
{
	struct msg m = MSG(err, errlen);
	msg_puts(&m, "");
	const struct program *p = s->job ? s->job->prog : NULL;
	return p && p->result && s->state ? p->result(s->state, &m) : 0;
}

int job_key(void *sound, int ch)
{
	struct job_sound *s = sound;
	const struct program *p = s->job->prog;
	return p && p->key && s->state ? p->key(s->state, ch) : 0;
}
