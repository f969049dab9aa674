/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Goldfish audio: the capture input from a WAV file
 * (include/hw/audio/goldfish_audio_capture.h).  The header is walked chunk
 * by chunk ("fmt " before "data", any other chunk skipped, odd sizes
 * padded); the samples are read with pread, so the device's position is
 * its own and survives migration as a number.
 */

#include "qemu/osdep.h"
#include "hw/audio/goldfish_audio_capture.h"
#include "hw/audio/goldfish_audio.h"
#include "qemu/bswap.h"

#define CAPTURE_MAX_CHUNKS 64

static bool read_exact(int fd, uint64_t off, void *buf, size_t n)
{
    return pread(fd, buf, n, off) == (ssize_t)n;
}

/*
 * The "fmt " chunk whose body (len bytes) is at off: 1 when it is the
 * device's format, 0 when it is too short to read, -1 with *errp set for
 * any other format.
 */
static int capture_fmt(GoldfishAudioCaptureFile *f, const char *path,
                       uint64_t off, uint32_t len, Error **errp)
{
    uint8_t h[16];
    uint32_t tag, ch, rate, bits;

    if (len < 16 || !read_exact(f->fd, off, h, 16)) {
        return 0;
    }
    tag = lduw_le_p(h);
    ch = lduw_le_p(h + 2);
    rate = ldl_le_p(h + 4);
    bits = lduw_le_p(h + 14);
    if (tag == 1 && ch == GOLDFISH_AUDIO_IN_CHANNELS &&
        rate == GOLDFISH_AUDIO_IN_RATE && bits == 16) {
        return 1;
    }
    error_setg(errp, "goldfish_audio: capture-file %s is %s, %" PRIu32
               " Hz, %" PRIu32 " channel%s, %" PRIu32 "-bit; the "
               "device captures 8000 Hz mono 16-bit PCM, so the file "
               "must hold that (convert it: sox %s -r 8000 -c 1 "
               "-b 16 -e signed-integer in8k.wav)", path,
               tag == 1 ? "PCM" : tag == 3 ? "float" :
               tag == 0xfffe ? "WAVE_FORMAT_EXTENSIBLE" : "not PCM",
               rate, ch, ch == 1 ? "" : "s", bits, path);
    return -1;
}

/*
 * The chunks after the RIFF header of a file of `size` bytes, up to the
 * "data" chunk after a "fmt " chunk: true with f's samples found, false
 * with *errp set.
 */
static bool capture_chunks(GoldfishAudioCaptureFile *f, const char *path,
                           uint64_t size, Error **errp)
{
    uint8_t h[8];
    uint64_t off = 12;
    bool have_fmt = false;
    int i, fmt;

    for (i = 0; i < CAPTURE_MAX_CHUNKS && size - off >= 8; i++) {
        uint32_t len;

        if (!read_exact(f->fd, off, h, 8)) {
            break;
        }
        len = ldl_le_p(h + 4);
        if (len > size - off - 8) {
            error_setg(errp, "goldfish_audio: capture-file %s: chunk '%.4s' of %"
                       PRIu32 " bytes runs past the end of the file", path, h, len);
            return false;
        }
        if (!memcmp(h, "fmt ", 4)) {
            fmt = capture_fmt(f, path, off + 8, len, errp);
            if (fmt < 0) {
                return false;
            }
            if (fmt == 0) {
                break;
            }
            have_fmt = true;
        } else if (!memcmp(h, "data", 4)) {
            if (!have_fmt) {
                break;
            }
            f->data_off = off + 8;
            f->frames = len / GOLDFISH_AUDIO_IN_FRAME;
            f->pos = 0;
            return true;
        }
        off += 8 + len + (len & 1);
    }
    error_setg(errp, "goldfish_audio: capture-file %s: no 'fmt ' chunk followed "
               "by a 'data' chunk", path);
    return false;
}

bool goldfish_audio_capture_open(GoldfishAudioCaptureFile *f, const char *path,
                                 Error **errp)
{
    uint8_t h[12];
    struct stat st;

    f->fd = qemu_open(path, O_RDONLY, errp);
    if (f->fd < 0) {
        error_prepend(errp, "goldfish_audio: capture-file: ");
        return false;
    }
    if (fstat(f->fd, &st) || !S_ISREG(st.st_mode)) {
        error_setg(errp, "goldfish_audio: capture-file %s: not a regular file", path);
        goto fail;
    }
    if (st.st_size < 12 || !read_exact(f->fd, 0, h, 12) ||
        memcmp(h, "RIFF", 4) || memcmp(h + 8, "WAVE", 4)) {
        error_setg(errp, "goldfish_audio: capture-file %s: not a WAV file", path);
        goto fail;
    }
    if (capture_chunks(f, path, st.st_size, errp)) {
        return true;
    }
fail:
    qemu_close(f->fd);
    f->fd = -1;
    return false;
}

void goldfish_audio_capture_read(GoldfishAudioCaptureFile *f, uint8_t *buf,
                                 uint32_t n)
{
    uint64_t have = f->pos < f->frames ? MIN(n, f->frames - f->pos) : 0;

    if (have && !read_exact(f->fd, f->data_off + f->pos * GOLDFISH_AUDIO_IN_FRAME,
                            buf, have * GOLDFISH_AUDIO_IN_FRAME)) {
        have = 0;   /* the file shrank under us: silence, as past its end */
    }
    memset(buf + have * GOLDFISH_AUDIO_IN_FRAME, 0,
           (n - have) * GOLDFISH_AUDIO_IN_FRAME);
    f->pos += n;
}

void goldfish_audio_capture_close(GoldfishAudioCaptureFile *f)
{
    if (f->fd >= 0) {
        qemu_close(f->fd);
        f->fd = -1;
    }
}
