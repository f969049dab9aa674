/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Goldfish audio for Koi (contract: include/hw/audio/goldfish_audio.h and
 * docs/goldfish-audio.md).
 *
 * Design: the device owns a sample clock in QEMU_CLOCK_VIRTUAL.  advance()
 * brings the play position up to "now": it reads the frames that have
 * played since the last call from guest RAM (or makes silence when starved)
 * into a FIFO, and sets EMPTY bits for buffers that finished.  It runs on
 * every MMIO access, from a QEMU timer armed for the end of the playing
 * buffer, and at the start of the audio core's callback, which then drains
 * the FIFO into the backend.  So the audio core's timer-period only decides
 * when the samples reach the backend, never what they are or when the guest
 * hears about them.  Everything runs in the main loop under the BQL; there
 * is no state shared with another thread.
 */

#include "qemu/osdep.h"
#include "hw/audio/goldfish_audio.h"
#include "hw/misc/goldfish_guest_ram.h"
/*
 * The audio core's private header, for one thing only: whether the backend
 * has any input (see realize).  QEMU has no public query for it, and
 * AUD_open_in on a backend without inputs (wav) logs an error.
 */
#include "audio/audio_int.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "migration/vmstate.h"
#include "qapi/error.h"
#include "qemu/host-utils.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "system/system.h"
#include "trace.h"

#define NS_PER_S 1000000000ULL

/* Virtual time at which frame n of the stream is due: t0 + ceil(n*1e9/F). */
static int64_t goldfish_audio_due(const GoldfishAudioState *s, uint64_t n)
{
    uint64_t whole = n / GOLDFISH_AUDIO_OUT_RATE;
    uint64_t part = n % GOLDFISH_AUDIO_OUT_RATE;

    return s->t0 + (int64_t)(whole * NS_PER_S +
           (part * NS_PER_S + GOLDFISH_AUDIO_OUT_RATE - 1) /
           GOLDFISH_AUDIO_OUT_RATE);
}

/* Frames completely played by virtual time now: max n with due(n) <= now. */
static uint64_t goldfish_audio_completed(const GoldfishAudioState *s,
                                         int64_t now)
{
    if (now <= s->t0) {
        return 0;
    }
    return muldiv64(now - s->t0, GOLDFISH_AUDIO_OUT_RATE, NS_PER_S);
}

/*
 * Drive the line only when its level changes: every assertion reaches the
 * CPU as cpu_interrupt(), which costs the vCPU a TB exit, and a register
 * access while the line is high would otherwise pay for it each time.
 */
static void goldfish_audio_update_irq(GoldfishAudioState *s)
{
    uint32_t level = (s->int_status & s->int_enable & s->irq_pending) != 0;

    if (level != s->irq_level) {
        trace_goldfish_audio_irq(level);
        s->irq_level = level;
        qemu_set_irq(s->irq, level);
    }
}

/* A status bit became set: it is an event that may raise the line. */
static void goldfish_audio_event(GoldfishAudioState *s, uint32_t bits)
{
    s->int_status |= bits;
    s->irq_pending |= bits;
    goldfish_audio_update_irq(s);
}

/* --- FIFO of played frames ------------------------------------------------ */

static uint32_t goldfish_audio_fifo_space(const GoldfishAudioState *s)
{
    return GOLDFISH_AUDIO_FIFO_BYTES - s->fifo_count;
}

/*
 * Append len bytes read from guest RAM at addr (or zeros when silent).
 * Returns nothing: frames that do not fit (the backend stopped draining)
 * are dropped and counted.
 */
static void goldfish_audio_fifo_push(GoldfishAudioState *s, uint64_t addr,
                                     uint64_t len, bool silent)
{
    uint32_t space = goldfish_audio_fifo_space(s);

    if (!s->voice) {
        return;     /* no backend: nothing will ever drain the FIFO */
    }
    if (len > space) {
        s->dropped_frames += (len - space) / GOLDFISH_AUDIO_OUT_FRAME;
        len = space;
    }
    while (len > 0) {
        uint32_t tail = (s->fifo_head + s->fifo_count) % GOLDFISH_AUDIO_FIFO_BYTES;
        uint32_t chunk = MIN(len, (uint64_t)GOLDFISH_AUDIO_FIFO_BYTES - tail);

        if (silent) {
            memset(&s->fifo[tail], 0, chunk);
        } else if (address_space_read(&address_space_memory, addr,
                                      MEMTXATTRS_UNSPECIFIED, &s->fifo[tail],
                                      chunk) != MEMTX_OK) {
            /* Cannot happen for a range checked to be RAM; stay defined. */
            memset(&s->fifo[tail], 0, chunk);
        }
        s->fifo_count += chunk;
        addr += chunk;
        len -= chunk;
    }
}

/* --- sample clock ---------------------------------------------------------- */

static bool goldfish_audio_has_data(const GoldfishAudioBuffer *b)
{
    return b->pos < b->len;
}

/*
 * A starvation ends.  resumed: a buffer was written, so the silence was a
 * gap inside the stream, an underrun.  Otherwise the stream stopped (or
 * QEMU exits) after its last period: that silence is the end of the
 * stream, counted apart (tail_frames), never as an underrun, so that a
 * driver that drains cleanly and the device report the same count.
 */
static void goldfish_audio_unstarve(GoldfishAudioState *s, bool resumed)
{
    if (!s->starved) {
        return;
    }
    if (resumed) {
        s->underruns++;
        s->silent_frames += s->starved_frames;
    } else {
        s->tail_frames += s->starved_frames;
    }
    s->starved_frames = 0;
    s->starved = 0;
}

/* Bring the play position up to virtual time now. */
static void goldfish_audio_advance(GoldfishAudioState *s)
{
    int64_t now;
    uint64_t target;

    if (!s->running) {
        return;
    }
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    target = goldfish_audio_completed(s, now);

    while (s->clock < target) {
        uint64_t n = target - s->clock;

        if (s->current >= 0) {
            int cur = s->current;
            GoldfishAudioBuffer *b = &s->out[cur];
            uint32_t left = (b->len - b->pos) / GOLDFISH_AUDIO_OUT_FRAME;
            uint32_t k = MIN(n, left);

            goldfish_audio_fifo_push(s, b->play_addr + b->pos,
                                     k * GOLDFISH_AUDIO_OUT_FRAME, false);
            b->pos += k * GOLDFISH_AUDIO_OUT_FRAME;
            s->clock += k;
            s->frames_played += k;
            if (!goldfish_audio_has_data(b)) {
                trace_goldfish_audio_buffer_empty(cur + 1, s->clock, now);
                b->len = b->pos = 0;
                s->current = goldfish_audio_has_data(&s->out[!cur]) ? !cur : -1;
                if (s->current >= 0) {
                    trace_goldfish_audio_buffer_start(s->current + 1, s->clock,
                        s->out[s->current].len / GOLDFISH_AUDIO_OUT_FRAME);
                }
                goldfish_audio_event(s, cur ? GFA_INT_WRITE_BUFFER_2_EMPTY
                                            : GFA_INT_WRITE_BUFFER_1_EMPTY);
            }
        } else {
            /*
             * Starved: the DAC keeps running on zeros.  Whether this is an
             * underrun is known only when it ends (goldfish_audio_unstarve).
             */
            if (!s->starved) {
                s->starved = 1;
                trace_goldfish_audio_underrun(s->clock);
            }
            goldfish_audio_fifo_push(s, 0, n * GOLDFISH_AUDIO_OUT_FRAME, true);
            s->starved_frames += n;
            s->clock += n;
        }
    }
}

/*
 * Arm the timer for the end of the playing buffer.  Only when the deadline
 * moves: timer_mod kicks the vCPU under icount, and polling guests would
 * otherwise pay for it on every register access.
 */
static void goldfish_audio_rearm(GoldfishAudioState *s)
{
    int64_t deadline = INT64_MAX;

    if (s->running && s->current >= 0) {
        const GoldfishAudioBuffer *b = &s->out[s->current];

        deadline = goldfish_audio_due(s, s->clock +
                       (b->len - b->pos) / GOLDFISH_AUDIO_OUT_FRAME);
    }
    if (deadline == s->deadline) {
        return;
    }
    s->deadline = deadline;
    if (deadline == INT64_MAX) {
        timer_del(s->timer);
    } else {
        timer_mod(s->timer, deadline);
    }
}

static void goldfish_audio_timer_cb(void *opaque)
{
    GoldfishAudioState *s = opaque;

    s->deadline = INT64_MAX;    /* the timer is no longer armed */
    goldfish_audio_advance(s);
    goldfish_audio_rearm(s);
}

/* Forget the oldest len bytes of the FIFO (whole frames). */
static void goldfish_audio_fifo_skip(GoldfishAudioState *s, uint32_t len)
{
    s->fifo_head = (s->fifo_head + len) % GOLDFISH_AUDIO_FIFO_BYTES;
    s->fifo_count -= len;
}

/*
 * The backend took all it would and the FIFO still holds more than
 * max-backlog-ms of sound: the backend started (or stalled) later than the
 * sample clock, and every frame left here is heard that much late, for the
 * rest of the stream, since both sides then run at the same rate.  A live
 * job (a key pressed on the piano) wants that lag gone, so the oldest
 * frames are skipped down to the bound and counted as dropped.  Only here,
 * where the backend is full: a callback that comes late on a busy host
 * finds room for all it brings, so it never drops anything.
 */
static void goldfish_audio_bound_backlog(GoldfishAudioState *s)
{
    uint64_t limit = (uint64_t)s->max_backlog_ms * GOLDFISH_AUDIO_OUT_RATE /
                     1000 * GOLDFISH_AUDIO_OUT_FRAME;

    if (s->max_backlog_ms && s->fifo_count > limit) {
        uint32_t excess = s->fifo_count - (uint32_t)limit;

        trace_goldfish_audio_backlog(excess / GOLDFISH_AUDIO_OUT_FRAME);
        s->dropped_frames += excess / GOLDFISH_AUDIO_OUT_FRAME;
        goldfish_audio_fifo_skip(s, excess);
    }
}

/* Audio core callback: avail bytes can be written to the backend now. */
static void goldfish_audio_out_cb(void *opaque, int avail)
{
    GoldfishAudioState *s = opaque;
    uint32_t want = avail > 0 ? avail : 0;

    goldfish_audio_advance(s);
    goldfish_audio_rearm(s);

    while (want > 0 && s->fifo_count > 0) {
        uint32_t chunk = MIN(MIN(want, s->fifo_count),
                             GOLDFISH_AUDIO_FIFO_BYTES - s->fifo_head);
        size_t done = AUD_write(s->voice, &s->fifo[s->fifo_head], chunk);

        if (done == 0) {
            break;
        }
        goldfish_audio_fifo_skip(s, done);
        want -= done;
    }
    if (s->fifo_count > 0) {    /* the backend is full */
        goldfish_audio_bound_backlog(s);
    }
}

static void goldfish_audio_in_cb(void *opaque, int avail)
{
    GoldfishAudioState *s = opaque;
    GoldfishAudioBuffer *b = &s->in;
    uint8_t tmp[4096];
    uint32_t want = avail > 0 ? avail : 0;

    while (want > 0 && goldfish_audio_has_data(b)) {
        uint32_t n = MIN(MIN(want, b->len - b->pos), sizeof(tmp));
        size_t got = AUD_read(s->voice_in, tmp, n);

        if (got == 0) {
            break;
        }
        /* Checked to be RAM by START_READ. */
        address_space_write(&address_space_memory, b->play_addr + b->pos,
                            MEMTXATTRS_UNSPECIFIED, tmp, got);
        b->pos += got;
        want -= got;
    }
    if (b->len && !goldfish_audio_has_data(b)) {
        AUD_set_active_in(s->voice_in, 0);
        goldfish_audio_event(s, GFA_INT_READ_BUFFER_FULL);
    }
}

/* --- capture from a file ---------------------------------------------------- */

static bool goldfish_audio_capturing_file(const GoldfishAudioState *s)
{
    return s->capfile.fd >= 0 && goldfish_audio_has_data(&s->in);
}

/*
 * Bring the capture buffer up to virtual time now: the frames whose time
 * has come are read from the file into guest RAM (checked by START_READ),
 * and the buffer is FULL when its last frame has come.  The file moves on
 * only while a buffer is armed, so no frame of it is ever skipped.
 */
static void goldfish_audio_capture_advance(GoldfishAudioState *s)
{
    GoldfishAudioBuffer *b = &s->in;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint64_t due, have;
    uint8_t tmp[4096];

    if (!goldfish_audio_capturing_file(s)) {
        return;
    }
    due = now <= s->in_t0 ? 0 :
          muldiv64(now - s->in_t0, GOLDFISH_AUDIO_IN_RATE, NS_PER_S);
    due = MIN(due, b->len / GOLDFISH_AUDIO_IN_FRAME);
    have = b->pos / GOLDFISH_AUDIO_IN_FRAME;
    while (have < due) {
        uint32_t n = MIN(due - have, sizeof(tmp) / GOLDFISH_AUDIO_IN_FRAME);

        goldfish_audio_capture_read(&s->capfile, tmp, n);
        address_space_write(&address_space_memory, b->play_addr + b->pos,
                            MEMTXATTRS_UNSPECIFIED, tmp, n * GOLDFISH_AUDIO_IN_FRAME);
        b->pos += n * GOLDFISH_AUDIO_IN_FRAME;
        have += n;
    }
    if (!goldfish_audio_has_data(b)) {
        trace_goldfish_audio_capture_full(s->capfile.pos);
        goldfish_audio_event(s, GFA_INT_READ_BUFFER_FULL);
    }
}

/* The capture timer: at the end of the armed buffer, or off. */
static void goldfish_audio_capture_rearm(GoldfishAudioState *s)
{
    if (!s->in_timer) {
        return;
    }
    if (goldfish_audio_capturing_file(s)) {
        uint64_t n = s->in.len / GOLDFISH_AUDIO_IN_FRAME;

        timer_mod(s->in_timer, s->in_t0 + (int64_t)(n / GOLDFISH_AUDIO_IN_RATE * NS_PER_S +
                  ((n % GOLDFISH_AUDIO_IN_RATE) * NS_PER_S + GOLDFISH_AUDIO_IN_RATE - 1) /
                  GOLDFISH_AUDIO_IN_RATE));
    } else {
        timer_del(s->in_timer);
    }
}

static void goldfish_audio_in_timer_cb(void *opaque)
{
    GoldfishAudioState *s = opaque;

    goldfish_audio_capture_advance(s);
    goldfish_audio_capture_rearm(s);
}

/* --- registers -------------------------------------------------------------- */

/* INT_ENABLE: new mask, and a reset of both directions (docs/goldfish-audio.md §4.1). */
static void goldfish_audio_int_enable(GoldfishAudioState *s, uint32_t mask)
{
    if (mask & ~GFA_INT_MASK) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_audio: INT_ENABLE 0x%08" PRIx32
                      " has bits outside 0x7 (ignored)\n", mask);
    }
    /* Frames played until now still reach the output; the rest is dropped. */
    goldfish_audio_advance(s);
    s->out[0].len = s->out[0].pos = 0;
    s->out[1].len = s->out[1].pos = 0;
    goldfish_audio_capture_advance(s);
    s->in.len = s->in.pos = 0;
    if (s->voice_in) {
        AUD_set_active_in(s->voice_in, 0);
    }
    goldfish_audio_capture_rearm(s);
    s->current = -1;
    s->running = 0;
    goldfish_audio_unstarve(s, false);
    s->int_enable = mask & GFA_INT_MASK;
    s->int_status = GFA_INT_WRITE_BUFFER_1_EMPTY | GFA_INT_WRITE_BUFFER_2_EMPTY;
    s->irq_pending = s->int_status;
    goldfish_audio_update_irq(s);
    goldfish_audio_rearm(s);
}

/*
 * A WRITE_BUFFER the device cannot take (no whole frame, longer than
 * 1 MiB, not all in RAM): logged, and a buffer with nothing queued is
 * handed straight back, as if it had played.  True when rejected.
 */
static bool goldfish_audio_reject_write(GoldfishAudioState *s, int n,
                                        uint32_t len, uint32_t bit)
{
    GoldfishAudioBuffer *b = &s->out[n];

    if (len != 0 && len <= GOLDFISH_AUDIO_MAX_LEN &&
        goldfish_guest_ram(b->addr, len)) {
        return false;
    }
    qemu_log_mask(LOG_GUEST_ERROR,
                  "goldfish_audio: WRITE_BUFFER_%d rejected: %" PRIu32
                  " bytes at 0x%" PRIx64 " (%s); buffer %s\n", n + 1, len,
                  b->addr,
                  len == 0 ? "empty" :
                  len > GOLDFISH_AUDIO_MAX_LEN ? "longer than 1 MiB" :
                  "not all in RAM",
                  goldfish_audio_has_data(b) ? "keeps playing"
                                             : "stays EMPTY");
    if (!goldfish_audio_has_data(b)) {
        goldfish_audio_event(s, bit);
    }
    goldfish_audio_rearm(s);
    return true;
}

static void goldfish_audio_write_buffer(GoldfishAudioState *s, int n,
                                        uint32_t len)
{
    GoldfishAudioBuffer *b = &s->out[n];
    uint32_t bit = n ? GFA_INT_WRITE_BUFFER_2_EMPTY
                     : GFA_INT_WRITE_BUFFER_1_EMPTY;

    goldfish_audio_advance(s);

    if (len % GOLDFISH_AUDIO_OUT_FRAME) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_audio: WRITE_BUFFER_%d length %" PRIu32
                      " is not a multiple of 4; last %" PRIu32
                      " bytes ignored\n", n + 1, len,
                      len % GOLDFISH_AUDIO_OUT_FRAME);
        len -= len % GOLDFISH_AUDIO_OUT_FRAME;
    }
    if (goldfish_audio_reject_write(s, n, len, bit)) {
        return;
    }
    if (goldfish_audio_has_data(b)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_audio: WRITE_BUFFER_%d while it still plays "
                      "or waits (%" PRIu32 " of %" PRIu32 " bytes left): "
                      "restarted with the new data\n", n + 1, b->len - b->pos, b->len);
    }

    b->play_addr = b->addr;
    b->len = len;
    b->pos = 0;
    s->int_status &= ~bit;
    s->irq_pending &= ~bit;
    goldfish_audio_update_irq(s);

    if (!s->running) {
        s->running = 1;
        s->t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        s->clock = 0;
        s->starved = 0;
        s->starved_frames = 0;
        AUD_set_active_out(s->voice, 1);
    }
    if (s->current < 0) {
        s->current = n;
        goldfish_audio_unstarve(s, true);
        trace_goldfish_audio_buffer_start(n + 1, s->clock,
                                          len / GOLDFISH_AUDIO_OUT_FRAME);
    }
    goldfish_audio_rearm(s);
}

static void goldfish_audio_start_read(GoldfishAudioState *s, uint32_t len)
{
    GoldfishAudioBuffer *b = &s->in;

    if (len % GOLDFISH_AUDIO_IN_FRAME) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_audio: START_READ length %" PRIu32
                      " is odd; last byte ignored\n", len);
        len -= len % GOLDFISH_AUDIO_IN_FRAME;
    }
    goldfish_audio_capture_advance(s);
    if ((!s->voice_in && s->capfile.fd < 0) || len == 0 || len > GOLDFISH_AUDIO_MAX_LEN ||
        !goldfish_guest_ram(b->addr, len)) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_audio: START_READ rejected: %" PRIu32
                      " bytes at 0x%" PRIx64 " (%s); READ_BUFFER_FULL set "
                      "with 0 bytes available\n", len, b->addr,
                      !s->voice_in && s->capfile.fd < 0 ?
                      "no capture voice, READ_SUPPORTED is 0" :
                      len == 0 ? "empty" :
                      len > GOLDFISH_AUDIO_MAX_LEN ? "longer than 1 MiB" :
                      "not all in RAM");
        b->len = b->pos = 0;
        if (s->voice_in) {
            AUD_set_active_in(s->voice_in, 0);
        }
        goldfish_audio_capture_rearm(s);
        goldfish_audio_event(s, GFA_INT_READ_BUFFER_FULL);
        return;
    }
    b->play_addr = b->addr;
    b->len = len;
    b->pos = 0;
    s->int_status &= ~GFA_INT_READ_BUFFER_FULL;
    s->irq_pending &= ~GFA_INT_READ_BUFFER_FULL;
    goldfish_audio_update_irq(s);
    if (s->capfile.fd >= 0) {
        s->in_t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        goldfish_audio_capture_rearm(s);
        return;
    }
    AUD_set_active_in(s->voice_in, 1);
}

static uint64_t goldfish_audio_read(void *opaque, hwaddr offset, unsigned size)
{
    GoldfishAudioState *s = opaque;
    uint32_t r = 0;

    goldfish_audio_advance(s);
    goldfish_audio_rearm(s);
    goldfish_audio_capture_advance(s);

    switch (offset) {
    case GFA_INT_STATUS:
        r = s->int_status & s->int_enable;
        /* Reading acknowledges every event so far; status bits stay. */
        s->irq_pending = 0;
        goldfish_audio_update_irq(s);
        break;
    case GFA_READ_SUPPORTED:
        r = s->voice_in != NULL || s->capfile.fd >= 0;
        break;
    case GFA_READ_BUFFER_AVAILABLE:
        r = s->in.pos;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_audio: read of write-only or unknown offset 0x%"
                      HWADDR_PRIx " (reads 0)\n", offset);
        break;
    }
    trace_goldfish_audio_read(offset, r);
    return r;
}

static void goldfish_audio_write(void *opaque, hwaddr offset, uint64_t value,
                                 unsigned size)
{
    GoldfishAudioState *s = opaque;
    uint32_t v = value;

    trace_goldfish_audio_write(offset, v);
    switch (offset) {
    case GFA_INT_ENABLE:
        goldfish_audio_int_enable(s, v);
        return;
    case GFA_SET_WRITE_BUFFER_1:
        s->out[0].addr = deposit64(s->out[0].addr, 0, 32, v);
        break;
    case GFA_SET_WRITE_BUFFER_2:
        s->out[1].addr = deposit64(s->out[1].addr, 0, 32, v);
        break;
    case GFA_SET_WRITE_BUFFER_1_HIGH:
        s->out[0].addr = deposit64(s->out[0].addr, 32, 32, v);
        break;
    case GFA_SET_WRITE_BUFFER_2_HIGH:
        s->out[1].addr = deposit64(s->out[1].addr, 32, 32, v);
        break;
    case GFA_WRITE_BUFFER_1:
        goldfish_audio_write_buffer(s, 0, v);
        return;
    case GFA_WRITE_BUFFER_2:
        goldfish_audio_write_buffer(s, 1, v);
        return;
    case GFA_SET_READ_BUFFER:
        s->in.addr = deposit64(s->in.addr, 0, 32, v);
        break;
    case GFA_SET_READ_BUFFER_HIGH:
        s->in.addr = deposit64(s->in.addr, 32, 32, v);
        break;
    case GFA_START_READ:
        goldfish_audio_start_read(s, v);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR,
                      "goldfish_audio: write 0x%08" PRIx32
                      " to read-only or unknown offset 0x%" HWADDR_PRIx
                      " (ignored)\n", v, offset);
        break;
    }
    goldfish_audio_advance(s);
    goldfish_audio_rearm(s);
}

static const MemoryRegionOps goldfish_audio_ops = {
    .read = goldfish_audio_read,
    .write = goldfish_audio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

/* --- lifecycle --------------------------------------------------------------- */

static void goldfish_audio_exit_notify(Notifier *n, void *data)
{
    GoldfishAudioState *s = container_of(n, GoldfishAudioState, exit_notifier);

    /* A stream still starved at exit ended there: its silence is a tail. */
    goldfish_audio_unstarve(s, false);
    if (s->exit_report || s->underruns || s->silent_frames ||
        s->dropped_frames || s->tail_frames) {
        fprintf(stderr, "goldfish_audio: %" PRIu64 " frames played, %" PRIu64
                " underruns, %" PRIu64 " silent frames, %" PRIu64
                " frames dropped, %" PRIu64 " frames of silence after the"
                " last period\n", s->frames_played, s->underruns,
                s->silent_frames, s->dropped_frames, s->tail_frames);
    }
}

static bool goldfish_audio_fifo_valid(void *opaque, int version_id)
{
    GoldfishAudioState *s = opaque;

    return s->fifo_head < GOLDFISH_AUDIO_FIFO_BYTES &&
           s->fifo_count <= GOLDFISH_AUDIO_FIFO_BYTES &&
           s->fifo_head % GOLDFISH_AUDIO_OUT_FRAME == 0 &&
           s->fifo_count % GOLDFISH_AUDIO_OUT_FRAME == 0;
}

/*
 * A buffer as WRITE_BUFFER_n / START_READ accept it: whole frames, at most
 * 1 MiB, and while it has data left, all of it in guest RAM.  advance()
 * relies on the first (with a partial frame left, pos < len but no whole
 * frame remains, and its loop would never finish), the callbacks on the
 * last (they DMA from the timer and the audio core, outside any guest
 * access and outside the memory core's re-entrancy guard).
 */
static const char *goldfish_audio_buffer_check(const GoldfishAudioBuffer *b,
                                               uint32_t frame)
{
    if (b->pos > b->len || b->len > GOLDFISH_AUDIO_MAX_LEN ||
        b->len % frame || b->pos % frame) {
        return "length or position not whole frames, or over 1 MiB";
    }
    if (goldfish_audio_has_data(b) &&
        !goldfish_guest_ram(b->play_addr, b->len)) {
        return "not all in guest RAM";
    }
    return NULL;
}

/*
 * A loaded state is refused, with the reason, unless a guest could have
 * produced it: the device acts on it from its timer and the audio core's
 * callbacks with no guest access to vet anything.  Besides the buffers:
 * the sample clock must lie in the past of the current virtual time (a
 * clock or t0 in the future made goldfish_audio_due() overflow to a
 * deadline in the past, and the timer re-fired at once for ever), and the
 * stream, status and interrupt fields must agree with each other.
 * Called with the virtual clock already restored (the timers' state is
 * loaded before any device's).
 */
/* The three buffers, each on its own, and the capture's input. */
static const char *goldfish_audio_check_buffers(const GoldfishAudioState *s,
                                                char *buf, size_t len)
{
    static const char *const names[3] = {
        "output buffer 1", "output buffer 2", "capture buffer"
    };
    const GoldfishAudioBuffer *bufs[3] = { &s->out[0], &s->out[1], &s->in };
    int i;

    for (i = 0; i < 3; i++) {
        const char *why = goldfish_audio_buffer_check(bufs[i],
            i < 2 ? GOLDFISH_AUDIO_OUT_FRAME : GOLDFISH_AUDIO_IN_FRAME);
        if (why) {
            snprintf(buf, len, "%s (%" PRIu32 " of %" PRIu32 " bytes at 0x%"
                     PRIx64 "): %s", names[i], bufs[i]->pos, bufs[i]->len,
                     bufs[i]->play_addr, why);
            return buf;
        }
    }
    if (goldfish_audio_has_data(&s->in) && !s->voice_in && s->capfile.fd < 0) {
        return "a capture is in progress but this machine's audio backend "
               "has no input (READ_SUPPORTED would read 0)";
    }
    return NULL;
}

/* The status, enable and pending bits, the line, and the buffers. */
static const char *goldfish_audio_check_status(const GoldfishAudioState *s,
                                               char *buf, size_t len)
{
    int i;

    if ((s->int_status | s->int_enable) & ~GFA_INT_MASK) {
        return "INT_STATUS or INT_ENABLE has bits outside 0x7";
    }
    if (s->irq_pending & ~s->int_status) {
        return "an event is pending for a status bit that is not set";
    }
    if (s->irq_level !=
        ((s->int_status & s->int_enable & s->irq_pending) != 0)) {
        return "the interrupt line level does not follow from the status";
    }
    for (i = 0; i < 2; i++) {
        if (goldfish_audio_has_data(&s->out[i]) &&
            (s->int_status & (1u << i))) {
            snprintf(buf, len, "output buffer %d has data and is also EMPTY",
                     i + 1);
            return buf;
        }
    }
    if (goldfish_audio_has_data(&s->in) &&
        (s->int_status & GFA_INT_READ_BUFFER_FULL)) {
        return "the capture buffer has room and is also FULL";
    }
    return NULL;
}

/* The output stream: its flags, the queued buffers, its clock. */
static const char *goldfish_audio_check_stream(const GoldfishAudioState *s,
                                               char *buf, size_t len)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (s->running > 1 || s->starved > 1 ||
        s->current < -1 || s->current > 1) {
        return "running, starved or current out of range";
    }
    if (!s->running && (s->current != -1 || s->starved ||
                        goldfish_audio_has_data(&s->out[0]) ||
                        goldfish_audio_has_data(&s->out[1]))) {
        return "a stopped stream with an output buffer queued";
    }
    if (s->current >= 0 ?
        !goldfish_audio_has_data(&s->out[s->current]) || s->starved :
        goldfish_audio_has_data(&s->out[0]) ||
        goldfish_audio_has_data(&s->out[1])) {
        return "the playing buffer does not match the queued ones";
    }
    if (s->t0 < 0 || s->t0 > now) {
        snprintf(buf, len, "stream start t0 = %" PRId64 " ns is not in the "
                 "past (now %" PRId64 " ns)", s->t0, now);
        return buf;
    }
    if (s->clock > goldfish_audio_completed(s, now)) {
        snprintf(buf, len, "sample clock at frame %" PRIu64 ", ahead of the %"
                 PRIu64 " frames due by now", s->clock,
                 goldfish_audio_completed(s, now));
        return buf;
    }
    return NULL;
}

static const char *goldfish_audio_state_check(const GoldfishAudioState *s,
                                              char *buf, size_t len)
{
    const char *why = goldfish_audio_check_buffers(s, buf, len);

    if (!why) {
        why = goldfish_audio_check_status(s, buf, len);
    }
    if (!why) {
        why = goldfish_audio_check_stream(s, buf, len);
    }
    return why;
}

static int goldfish_audio_post_load(void *opaque, int version_id)
{
    GoldfishAudioState *s = opaque;
    char buf[160];
    const char *why = goldfish_audio_state_check(s, buf, sizeof(buf));

    if (why) {
        error_report("goldfish_audio: loaded state refused: %s", why);
        return -EINVAL;
    }
    s->deadline = INT64_MIN;    /* force the timer to be re-armed */
    goldfish_audio_rearm(s);
    if (s->running) {
        AUD_set_active_out(s->voice, 1);
    }
    if (s->voice_in) {
        AUD_set_active_in(s->voice_in, goldfish_audio_has_data(&s->in));
    }
    return 0;
}

static const VMStateDescription vmstate_goldfish_audio_buffer = {
    .name = "goldfish_audio/buffer",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(addr, GoldfishAudioBuffer),
        VMSTATE_UINT64(play_addr, GoldfishAudioBuffer),
        VMSTATE_UINT32(len, GoldfishAudioBuffer),
        VMSTATE_UINT32(pos, GoldfishAudioBuffer),
        VMSTATE_END_OF_LIST()
    }
};

static bool goldfish_audio_capture_file_needed(void *opaque)
{
    GoldfishAudioState *s = opaque;

    return s->capfile.fd >= 0;
}

static int goldfish_audio_capture_file_post_load(void *opaque, int version_id)
{
    GoldfishAudioState *s = opaque;

    goldfish_audio_capture_rearm(s);
    return 0;
}

/* Where the capture file's tape stands (the file itself is the
 * destination's own capture-file property). */
static const VMStateDescription vmstate_goldfish_audio_capture_file = {
    .name = "goldfish_audio/capture-file",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = goldfish_audio_capture_file_needed,
    .post_load = goldfish_audio_capture_file_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_INT64(in_t0, GoldfishAudioState),
        VMSTATE_UINT64(capfile.pos, GoldfishAudioState),
        VMSTATE_END_OF_LIST()
    }
};

static bool goldfish_audio_starve_needed(void *opaque)
{
    GoldfishAudioState *s = opaque;

    return s->starved_frames || s->tail_frames;
}

static bool goldfish_audio_starve_valid(void *opaque, int version_id)
{
    GoldfishAudioState *s = opaque;

    return s->starved || !s->starved_frames;
}

/* The silence not yet classified, and the tails counted so far. */
static const VMStateDescription vmstate_goldfish_audio_starve = {
    .name = "goldfish_audio/starve",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = goldfish_audio_starve_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(starved_frames, GoldfishAudioState),
        VMSTATE_UINT64(tail_frames, GoldfishAudioState),
        VMSTATE_VALIDATE("starved frames only while starved",
                         goldfish_audio_starve_valid),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_goldfish_audio = {
    .name = TYPE_GOLDFISH_AUDIO,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = goldfish_audio_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(int_status, GoldfishAudioState),
        VMSTATE_UINT32(int_enable, GoldfishAudioState),
        VMSTATE_UINT32(irq_pending, GoldfishAudioState),
        VMSTATE_UINT32(irq_level, GoldfishAudioState),
        VMSTATE_STRUCT_ARRAY(out, GoldfishAudioState, 2, 1,
                             vmstate_goldfish_audio_buffer, GoldfishAudioBuffer),
        VMSTATE_STRUCT(in, GoldfishAudioState, 1,
                       vmstate_goldfish_audio_buffer, GoldfishAudioBuffer),
        VMSTATE_INT32(current, GoldfishAudioState),
        VMSTATE_UINT32(running, GoldfishAudioState),
        VMSTATE_UINT32(starved, GoldfishAudioState),
        VMSTATE_INT64(t0, GoldfishAudioState),
        VMSTATE_UINT64(clock, GoldfishAudioState),
        VMSTATE_UINT64(frames_played, GoldfishAudioState),
        VMSTATE_UINT64(silent_frames, GoldfishAudioState),
        VMSTATE_UINT64(underruns, GoldfishAudioState),
        VMSTATE_UINT64(dropped_frames, GoldfishAudioState),
        VMSTATE_UINT32(fifo_head, GoldfishAudioState),
        VMSTATE_UINT32(fifo_count, GoldfishAudioState),
        VMSTATE_VALIDATE("fifo in range", goldfish_audio_fifo_valid),
        VMSTATE_UINT8_ARRAY(fifo, GoldfishAudioState, GOLDFISH_AUDIO_FIFO_BYTES),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_goldfish_audio_capture_file,
        &vmstate_goldfish_audio_starve,
        NULL
    }
};

/* Reset, phase 1: both directions idle, the FIFO empty, timers re-armed. */
static void goldfish_audio_reset_enter(Object *obj, ResetType type)
{
    GoldfishAudioState *s = GOLDFISH_AUDIO(obj);

    memset(s->out, 0, sizeof(s->out));
    memset(&s->in, 0, sizeof(s->in));
    if (s->voice_in) {
        AUD_set_active_in(s->voice_in, 0);
    }
    s->current = -1;
    s->running = 0;
    goldfish_audio_unstarve(s, false);
    s->t0 = 0;
    s->clock = 0;
    s->int_status = 0;
    s->int_enable = 0;
    s->irq_pending = 0;
    s->fifo_head = 0;
    s->fifo_count = 0;
    s->irq_level = 0;
    goldfish_audio_rearm(s);
    goldfish_audio_capture_rearm(s);
}

/* Reset, phase 2: the interrupt line low. */
static void goldfish_audio_reset_hold(Object *obj, ResetType type)
{
    qemu_set_irq(GOLDFISH_AUDIO(obj)->irq, 0);
}

static void goldfish_audio_realize(DeviceState *dev, Error **errp)
{
    GoldfishAudioState *s = GOLDFISH_AUDIO(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    struct audsettings out = {
        .freq = GOLDFISH_AUDIO_OUT_RATE,
        .nchannels = 2,
        .fmt = AUDIO_FORMAT_S16,
        .endianness = 0,
    };
    struct audsettings in = {
        .freq = GOLDFISH_AUDIO_IN_RATE,
        .nchannels = 1,
        .fmt = AUDIO_FORMAT_S16,
        .endianness = 0,
    };

    memory_region_init_io(&s->iomem, OBJECT(s), &goldfish_audio_ops, s,
                          "goldfish_audio", GOLDFISH_AUDIO_MMIO_SIZE);
    sysbus_init_mmio(sbd, &s->iomem);
    sysbus_init_irq(sbd, &s->irq);

    if (!AUD_register_card("goldfish_audio", &s->card, errp)) {
        return;
    }
    s->voice = AUD_open_out(&s->card, NULL, "goldfish_audio.out", s,
                            goldfish_audio_out_cb, &out);
    if (!s->voice) {
        /*
         * The sample clock, EMPTY interrupts and counters do not depend on
         * a backend, so firmware still runs; only the sound is lost.
         */
        warn_report("goldfish_audio: the audio backend has no 44100 Hz "
                    "stereo S16 output; samples are discarded (use "
                    "-audiodev none|wav|pa|alsa,id=X -M audiodev=X)");
    }
    /*
     * No capture voice (READ_SUPPORTED reads 0) when the backend has no
     * input, like wav.  Asking anyway would make the audio core print an
     * error for a perfectly valid configuration.
     */
    s->capfile.fd = -1;
    if (s->capture_path && *s->capture_path) {
        /* The input is the file: the backend's is not asked for. */
        if (!goldfish_audio_capture_open(&s->capfile, s->capture_path, errp)) {
            return;
        }
        s->in_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, goldfish_audio_in_timer_cb, s);
    } else if (s->card.state->drv->max_voices_in > 0 &&
        s->card.state->nb_hw_voices_in > 0) {
        s->voice_in = AUD_open_in(&s->card, NULL, "goldfish_audio.in", s,
                                  goldfish_audio_in_cb, &in);
    }

    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, goldfish_audio_timer_cb, s);
    s->deadline = INT64_MAX;
    s->current = -1;
    s->exit_notifier.notify = goldfish_audio_exit_notify;
    qemu_add_exit_notifier(&s->exit_notifier);
}

const char *goldfish_audio_audiodev_id(GoldfishAudioState *s)
{
    return audio_get_id(&s->card);
}

static void goldfish_audio_unrealize(DeviceState *dev)
{
    GoldfishAudioState *s = GOLDFISH_AUDIO(dev);

    qemu_remove_exit_notifier(&s->exit_notifier);
    timer_free(s->timer);
    if (s->in_timer) {
        timer_free(s->in_timer);
    }
    goldfish_audio_capture_close(&s->capfile);
    if (s->voice_in) {
        AUD_close_in(&s->card, s->voice_in);
    }
    if (s->voice) {
        AUD_close_out(&s->card, s->voice);
    }
    AUD_remove_card(&s->card);
}

static void goldfish_audio_instance_init(Object *obj)
{
    GoldfishAudioState *s = GOLDFISH_AUDIO(obj);

    s->capfile.fd = -1;     /* no capture file until realize opens one */
    object_property_add_uint64_ptr(obj, "frames-played", &s->frames_played,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "silent-frames", &s->silent_frames,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "underruns", &s->underruns,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "dropped-frames", &s->dropped_frames,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "tail-frames", &s->tail_frames,
                                   OBJ_PROP_FLAG_READ);
}

static const Property goldfish_audio_properties[] = {
    DEFINE_AUDIO_PROPERTIES(GoldfishAudioState, card),
    /* Print the exit line even when all is well, for tests to compare. */
    DEFINE_PROP_BOOL("exit-report", GoldfishAudioState, exit_report, false),
    /*
     * At most this much played sound waits in the FIFO once the backend is
     * full; older frames are skipped (dropped-frames).  0: no bound, every
     * frame reaches the backend however late.  For live jobs.
     */
    DEFINE_PROP_UINT32("max-backlog-ms", GoldfishAudioState, max_backlog_ms, 0),
    /* Capture from this WAV (8000 Hz mono S16) instead of the backend. */
    DEFINE_PROP_STRING("capture-file", GoldfishAudioState, capture_path),
};

static void goldfish_audio_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = goldfish_audio_realize;
    dc->unrealize = goldfish_audio_unrealize;
    rc->phases.enter = goldfish_audio_reset_enter;
    rc->phases.hold = goldfish_audio_reset_hold;
    dc->vmsd = &vmstate_goldfish_audio;
    dc->desc = "goldfish audio (sample-clocked)";
    set_bit(DEVICE_CATEGORY_SOUND, dc->categories);
    device_class_set_props(dc, goldfish_audio_properties);
}

static const TypeInfo goldfish_audio_info = {
    .name = TYPE_GOLDFISH_AUDIO,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GoldfishAudioState),
    .instance_init = goldfish_audio_instance_init,
    .class_init = goldfish_audio_class_init,
};

static void goldfish_audio_register_types(void)
{
    type_register_static(&goldfish_audio_info);
}

type_init(goldfish_audio_register_types)
