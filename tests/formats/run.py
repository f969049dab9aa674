#!/usr/bin/env python3
"""The WAV files users have, played: every encoding, byte order, channel
count and damage audio/wavfile.h reads, reported in TAP.

Files are made by sox (Debian's, bootstrap group `formats`) and by the
writer below (never by the reader under test): what sox cannot write
(12 bits in 16, 20 valid bits in 24, RIFX float, masks of our choosing,
files cut short, odd chunks).  For each playable file:
 - decode: `koi-render --decode` (the samples play's reader hands the
   converter) against sox's own decode of the same file, sample for sample
   (exact where the format is: 8/16/24-bit PCM, mu-law, A-law; within
   2^-23 of full scale for 32-bit PCM and floats, which sox carries as
   32-bit integers).  Files of more than 2 channels: sox decodes every
   channel and this script applies the downmix matrix as docs/audio.md
   states it (its own table, not the firmware's); a channel map is checked
   against sox's remix;
 - play: QEMU's capture of `play FILE` against koi-render's render, frame
   for frame (tools/wavcmp), and for a damaged file the one warning line,
   in both.
Files Koi refuses (compressed: ADPCM, GSM, MP3 in WAV): exit 2 with one
line naming the file and what it is, nothing played.

  tests/formats/run.py [--only SUBSTRING] [--keep]
"""
import argparse
import math
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402

OUT = os.path.join(koirun.BUILD, "formats")
WAVDIR = os.path.join(OUT, "wav")


# ---- the writer -------------------------------------------------------------

def signal(frames, ch, rate, seed):
    """Floats in [-0.9, 0.9]: a different tone on every channel, plus a
    deterministic hash noise, so swaps, strides and byte orders show."""
    out = []
    for i in range(frames):
        for c in range(ch):
            f = 110.0 * (c + 1) * (1 + seed % 5) + 17.0 * c
            x = 0.6 * math.sin(2 * math.pi * f * i / rate)
            h = (i * 2654435761 + c * 40503 + seed * 977) & 0xffff
            out.append(x + 0.3 * (h / 65535.0 - 0.5) * 2)
    return out


# The values the writer meant, full scale 1.0, by file: the reference for
# the files sox cannot read (12 bits in 16, EXTENSIBLE's padded samples).
WRITTEN = {}


def encode(xs, enc, nbytes, be, valid, values=None):
    """Samples in [-1, 1) as enc ('pcm' or 'float') bytes; the values they
    hold (full scale 1.0) appended to `values`."""
    o = ">" if be else "<"
    b = bytearray()
    vals = values if values is not None else []
    for x in xs:
        if enc == "float":
            b += struct.pack(o + ("f" if nbytes == 4 else "d"), x)
            vals.append(struct.unpack("<f", struct.pack("<f", x))[0])
        elif nbytes == 1:
            b.append(max(0, min(255, int(round(x * 127)) + 128)))
            vals.append((b[-1] - 128) / 128)
        else:
            top = 1 << (valid - 1)
            v = max(-top, min(top - 1, int(round(x * top))))
            v <<= 8 * nbytes - valid  # the unused low bits are zero
            vals.append(v / 2.0 ** (8 * nbytes - 1))
            raw = (v & ((1 << (8 * nbytes)) - 1)).to_bytes(nbytes, "big" if be else "little")
            b += raw
    return bytes(b)


GUID_TAIL = bytes.fromhex("000000001000800000aa00389b71")


def make_wav(name, rate, ch, tag, nbytes, data, be=False, ext=None, chunks=(),
             declared=None, cut=0, head_chunks=(), bits=None):
    """A WAV file: fmt (plain, or EXTENSIBLE when ext = (valid, mask)),
    `chunks` between fmt and data, `head_chunks` before fmt, the data
    chunk's size field `declared` (default: its length), then cut `cut`
    bytes off the end of the file."""
    o = ">" if be else "<"
    bits = bits or 8 * nbytes
    block = ch * nbytes
    if ext:
        valid, mask = ext
        fmt = struct.pack(o + "HHIIHHHHI", 0xFFFE, ch, rate, rate * block, block, 8 * nbytes, 22,
                          valid, mask) + struct.pack(o + "H", tag) + GUID_TAIL
    else:
        fmt = struct.pack(o + "HHIIHH", tag, ch, rate, rate * block, block, bits)

    def chunk(cid, body):
        return cid + struct.pack(o + "I", len(body)) + body + (b"\0" if len(body) & 1 else b"")

    body = b"".join(chunk(c, b) for c, b in head_chunks) + chunk(b"fmt ", fmt)
    body += b"".join(chunk(c, b) for c, b in chunks)
    size = len(data) if declared is None else declared
    body += b"data" + struct.pack(o + "I", size) + data
    out = (b"RIFX" if be else b"RIFF") + struct.pack(o + "I", 4 + len(body)) + b"WAVE" + body
    if cut:
        out = out[:-cut]
    path = os.path.join(WAVDIR, name)
    with open(path, "wb") as f:
        f.write(out)
    return path


def ours(name, rate, ch, enc, nbytes, frames, be=False, valid=None, ext=None, seed=1, **kw):
    tag = {"pcm": 1, "float": 3}[enc]
    xs = signal(frames, ch, rate, seed)
    vals = []
    data = encode(xs, enc, nbytes, be, valid or 8 * nbytes, vals)
    if valid and not ext:  # plain PCM stating fewer bits than its container
        path = make_wav(name, rate, ch, tag, nbytes, data, be=be, bits=valid, **kw)
    else:
        path = make_wav(name, rate, ch, tag, nbytes, data, be=be, ext=ext, **kw)
    WRITTEN[path] = vals
    return path


def make_au(name, rate, ch, encoding, data, size=None, offset=24, cut=0):
    """A Sun AU file: big-endian header (an annotation fills it to offset)."""
    head = struct.pack(">4sIIIII", b".snd", offset, len(data) if size is None else size,
                       encoding, rate, ch)
    out = head + bytes(offset - 24) + data
    if cut:
        out = out[:-cut]
    path = os.path.join(WAVDIR, name)
    with open(path, "wb") as f:
        f.write(out)
    return path


# Headerless files: path -> (play's --format, rate, channels, sox's options).
RAW = {}
SOX_RAW = {"s16": ["-e", "signed", "-b", "16", "-L"], "s24be": ["-e", "signed", "-b", "24", "-B"],
           "mu-law": ["-e", "mu-law"], "float64": ["-e", "floating-point", "-b", "64", "-L"],
           "u8": ["-e", "unsigned", "-b", "8"], "s32be": ["-e", "signed", "-b", "32", "-B"]}


def raw_made(name, fmt, rate, ch, cut=0):
    """Headerless samples sox writes (cut: bytes off the end)."""
    path = sox_made(name, rate, ch, ["-t", "raw"] + SOX_RAW[fmt])
    if cut:
        with open(path, "rb") as f:
            b = f.read()
        with open(path, "wb") as f:
            f.write(b[:-cut])
    RAW[path] = (fmt, rate, ch, ["-t", "raw", "-r", str(rate), "-c", str(ch)] + SOX_RAW[fmt])
    return path


def sox_made(name, rate, ch, opts, seconds=0.2):
    """A file sox writes: a different sine on each channel."""
    path = os.path.join(WAVDIR, name)
    tones = []
    for c in range(ch):
        tones += ["sine", str(150 * (c + 1) + 31 * c)]
    r = koirun.run(["sox", "-n", "-r", str(rate), "-c", str(ch)] + opts + [path, "synth",
                   str(seconds)] + tones + ["gain", "-3"])
    if r.returncode != 0:
        raise ValueError("sox: " + r.stdout.strip()[-200:])
    return path


# ---- the cases --------------------------------------------------------------

LIST = b"INFOISFT" + struct.pack("<I", 5) + b"koi!\0"
CHUNKS = ((b"LIST", LIST), (b"fact", b"\x10\0\0\0"), (b"cue ", b"\0\0\0\0"),
          (b"bext", bytes(602)), (b"iXML", b"<BWFXML/>"), (b"odd!", b"abc"))

# name: (make() -> path, --channels-map or None, exact decode?, warning or None)
PLAYS = {
    "ulaw-8000-2ch": (lambda: sox_made("ulaw.wav", 8000, 2, ["-e", "mu-law"]), None, True, None),
    "alaw-16000-1ch": (lambda: sox_made("alaw.wav", 16000, 1, ["-e", "a-law"]), None, True, None),
    "ulaw-ext-8000-1ch": (lambda: make_wav("ulaw-ext.wav", 8000, 1, 7, 1, bytes(range(256)) * 4,
                                           ext=(8, 4)), None, True, None),
    "alaw-all-bytes-2ch": (lambda: make_wav("alaw-all.wav", 8000, 2, 6, 1, bytes(range(256)) * 8),
                           None, True, None),
    "f64-1000-1ch": (lambda: sox_made("f64.wav", 1000, 1, ["-e", "floating-point", "-b", "64"], 1),
                     None, False, None),
    "f64-ours-48000-2ch": (lambda: ours("f64o.wav", 48000, 2, "float", 8, 4800), None, False, None),
    "rifx-s16-22050-2ch": (lambda: sox_made("rifx16.wav", 22050, 2, ["-b", "16", "-B"]), None, True,
                           None),
    "rifx-s24-48000-2ch": (lambda: sox_made("rifx24.wav", 48000, 2, ["-b", "24", "-B"]), None, True,
                           None),
    "rifx-u8-11025-1ch": (lambda: ours("rifx8.wav", 11025, 1, "pcm", 1, 2205, be=True), None, True,
                          None),
    "rifx-s32-32000-2ch": (lambda: ours("rifx32.wav", 32000, 2, "pcm", 4, 3200, be=True), None, False,
                           None),
    "rifx-f32-ext-44100-2ch": (lambda: ours("rifxf.wav", 44100, 2, "float", 4, 4410, be=True,
                                            ext=(32, 3)), None, False, None),
    "pcm12-in-16-8000-1ch": (lambda: ours("p12.wav", 8000, 1, "pcm", 2, 1600, valid=12), None, True,
                             None),
    "ext20-in-24-96000-2ch": (lambda: ours("e20.wav", 96000, 2, "pcm", 3, 9600, valid=20,
                                           ext=(20, 3)), None, True, None),
    "ext24-in-32-48000-1ch": (lambda: ours("e24.wav", 48000, 1, "pcm", 4, 4800, valid=24,
                                           ext=(24, 4)), None, True, None),
    "s8-unsigned-2000-2ch": (lambda: sox_made("u8-2k.wav", 2000, 2, ["-e", "unsigned", "-b", "8"]),
                             None, True, None),
    "sox-51-48000-6ch": (lambda: sox_made("six.wav", 48000, 6, ["-b", "16"]), None, False, None),
    "sox-51-map-3-5": (lambda: sox_made("six.wav", 48000, 6, ["-b", "16"]), "3,5", True, None),
    "sox-51-map-mono-4": (lambda: sox_made("six.wav", 48000, 6, ["-b", "16"]), "4", True, None),
    "map-swap-2-1": (lambda: ours("st.wav", 44100, 2, "pcm", 2, 4410), "2,1", True, None),
    "71-ext-24bit-44100": (lambda: ours("71.wav", 44100, 8, "pcm", 3, 4410, ext=(24, 0x63f)), None,
                           False, None),
    "quad-no-mask-22050": (lambda: ours("quad.wav", 22050, 4, "pcm", 2, 2205), None, False, None),
    "3ch-no-mask-32000": (lambda: ours("three.wav", 32000, 3, "float", 4, 3200), None, False, None),
    "10ch-no-mask-8000": (lambda: ours("ten.wav", 8000, 10, "pcm", 2, 800), None, False, None),
    "every-chunk-44100-2ch": (lambda: ours("chunks.wav", 44100, 2, "pcm", 2, 4410, chunks=CHUNKS,
                                           head_chunks=((b"JUNK", bytes(27)),)), None, True, None),
    "size-unknown-0xffffffff": (lambda: ours("ffff.wav", 44100, 2, "pcm", 2, 4410,
                                             declared=0xffffffff), None, True, None),
    "cut-short-s16-2ch": (lambda: ours("cut.wav", 44100, 2, "pcm", 2, 8820, cut=10001), None, True,
                          "cut short: its 'data' chunk says 35280 bytes, the file holds 25279: "
                          "10001 bytes missing; 6319 whole frames play"),
    "frame-cut-s24-2ch": (lambda: ours("fcut.wav", 48000, 2, "pcm", 3, 4800, cut=4), None, True,
                          "cut short: its 'data' chunk says 28800 bytes, the file holds 28796: "
                          "4 bytes missing; 4799 whole frames play"),
    "au-ulaw-8000-1ch": (lambda: sox_made("ulaw.au", 8000, 1, ["-e", "mu-law"]), None, True, None),
    "au-alaw-8000-2ch": (lambda: sox_made("alaw.au", 8000, 2, ["-e", "a-law"]), None, True, None),
    "au-s8-11025-2ch": (lambda: sox_made("s8.au", 11025, 2, ["-e", "signed", "-b", "8"]), None, True,
                        None),
    "au-s16-44100-2ch": (lambda: sox_made("s16.au", 44100, 2, ["-b", "16"]), None, True, None),
    "au-s24-48000-1ch": (lambda: sox_made("s24.au", 48000, 1, ["-b", "24"]), None, True, None),
    "au-s32-22050-2ch": (lambda: sox_made("s32.au", 22050, 2, ["-b", "32"]), None, False, None),
    "au-float-16000-2ch": (lambda: sox_made("f32.au", 16000, 2, ["-e", "floating-point", "-b", "32"]),
                           None, False, None),
    "au-float64-8000-1ch": (lambda: sox_made("f64.au", 8000, 1, ["-e", "floating-point", "-b", "64"]),
                            None, False, None),
    "au-6ch-size-unknown": (lambda: make_au("six-ffff.au", 48000, 6, 3,
                                            encode(signal(960, 6, 48000, 2), "pcm", 2, True, 16),
                                            size=0xffffffff, offset=40), None, False, None),
    "au-cut-short": (lambda: make_au("cut.au", 8000, 1, 1, bytes(range(256)) * 4, cut=100), None, True,
                     "cut short: its 'data' chunk says 1024 bytes, the file holds 924: 100 bytes "
                     "missing; 924 whole frames play"),
    "raw-s16-8000-1ch": (lambda: raw_made("s16.raw", "s16", 8000, 1), None, True, None),
    "raw-s24be-48000-2ch": (lambda: raw_made("s24be.raw", "s24be", 48000, 2), None, True, None),
    "raw-mu-law-8000-1ch": (lambda: raw_made("ulaw.raw", "mu-law", 8000, 1), None, True, None),
    "raw-float64-22050-2ch": (lambda: raw_made("f64.raw", "float64", 22050, 2), None, False, None),
    "raw-u8-frame-cut-16000-2ch": (lambda: raw_made("u8.raw", "u8", 16000, 2, cut=1), None, True,
                                   "its last frame is cut: 1 byte missing; 3199 whole frames play"),
    "odd-data-size-s16-2ch": (lambda: make_wav("odd.wav", 22050, 2, 1, 2,
                                               encode(signal(2205, 2, 22050, 3), "pcm", 2, False, 16)
                                               + b"\x01\x02\x03", chunks=CHUNKS[:1]),
                              None, True,
                              "its last frame is cut: 1 byte missing; 2205 whole frames play"),
}

REFUSED = {
    "ms-adpcm": (lambda: sox_made("adpcm.wav", 8000, 1, ["-e", "ms-adpcm"]),
                 "MS ADPCM (format 0x0002) is compressed: Koi has no decoder for it"),
    "ima-adpcm": (lambda: sox_made("ima.wav", 8000, 1, ["-e", "ima-adpcm"]),
                  "IMA ADPCM (format 0x0011) is compressed"),
    "gsm": (lambda: sox_made("gsm.wav", 8000, 1, ["-e", "gsm-full-rate"]),
            "GSM 6.10 (format 0x0031) is compressed"),
    "mp3-in-wav": (lambda: make_wav("mp3.wav", 44100, 2, 0x55, 1, bytes(417)),
                   "MP3 (format 0x0055) is compressed"),
    "au-g721": (lambda: make_au("g721.au", 8000, 1, 23, bytes(400)),
                "G.721 ADPCM (AU encoding 23) is compressed: Koi has no decoder for it"),
}


# ---- the independent decode ---------------------------------------------------

C3 = 1 / math.sqrt(2)
# docs/audio.md's table: (left, right) by dwChannelMask bit.
SPEAKERS = [(1, 0), (0, 1), (C3, C3), (0, 0), (C3, 0), (0, C3), (1, 0), (0, 1), (.5, .5),
            (C3, 0), (0, C3), (.5, .5), (C3, 0), (.5, .5), (0, C3), (C3, 0), (.5, .5), (0, C3)]
LAYOUT = {3: 0x7, 4: 0x33, 5: 0x37, 6: 0x3f, 7: 0x70f, 8: 0x63f}


def header_of(path):
    """(channels, mask) from the file's header, read here."""
    if path in RAW:
        return RAW[path][2], 0
    with open(path, "rb") as f:
        b = f.read(4096)
    if b[:4] == b".snd":
        return struct.unpack(">I", b[20:24])[0], 0
    o = ">" if b[:4] == b"RIFX" else "<"
    i = b.find(b"fmt ")
    tag, ch = struct.unpack(o + "HH", b[i + 8:i + 12])
    mask = struct.unpack(o + "I", b[i + 28:i + 32])[0] if tag == 0xFFFE else 0
    return ch, mask


def matrix(ch, mask):
    mask = mask or LAYOUT.get(ch, 0)
    bits = [b for b in range(32) if mask >> b & 1]
    rows = []
    for k in range(ch):
        if k < len(bits) and bits[k] < 18:
            rows.append(SPEAKERS[bits[k]])
        else:
            rows.append((1, 0) if k % 2 == 0 else (0, 1))
    gains = [1 / s if s > 1 else 1 for s in (sum(r[0] for r in rows), sum(r[1] for r in rows))]
    return rows, gains


def floats(raw):
    return struct.unpack("<%df" % (len(raw) // 4), raw)


def sox_decode(path, remix=None):
    r = subprocess.run(["sox", "-V1"] + (RAW[path][3] if path in RAW else []) +
                       [path, "-t", "f32", "-e", "floating-point", "-"]
                       + (["remix"] + remix.split(",") if remix else []),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if r.returncode:
        raise ValueError("sox: " + r.stderr.decode()[-200:])
    return floats(r.stdout)


def koi_decode(path, cmap):
    out = os.path.join(OUT, os.path.basename(path) + ".decoded.wav")
    raw = ["--raw", ",".join(str(x) for x in RAW[path][:3])] if path in RAW else []
    r = koirun.run([koirun.RENDER, "-o", out, "--decode", path] + raw
                   + (["--channels-map", cmap] if cmap else []))
    if r.returncode:
        raise ValueError("koi-render --decode: " + r.stdout.strip()[-200:])
    with open(out, "rb") as f:
        b = f.read()
    ch = struct.unpack("<H", b[22:24])[0]
    os.remove(out)
    return ch, floats(b[44:])


def check_decode(path, cmap, exact):
    """Koi's decode against sox's: (ok, what)."""
    ch, got = koi_decode(path, cmap)
    fch, mask = header_of(path)
    ref = "sox"
    if cmap:
        want = sox_decode(path, cmap)
    elif fch > 2:
        raw = sox_decode(path)
        rows, gains = matrix(fch, mask)
        want = []
        for i in range(0, len(raw), fch):
            fr = raw[i:i + fch]
            for side in (0, 1):
                want.append(sum(x * r[side] for x, r in zip(fr, rows)) * gains[side])
        exact = False
    else:
        try:
            want, ref = sox_decode(path), "sox"
        except ValueError:
            want = []
        if not want and path in WRITTEN:  # sox cannot read it
            want, ref = WRITTEN[path], "the writer's values (sox cannot read it)"
    if len(got) != len(want):
        return False, f"{len(got) // ch} frames decoded, {ref} {len(want) // ch}"
    tol = 0.0 if exact else 2.0 ** -23 * (4 if fch > 2 and not cmap else 1)
    worst, at = 0.0, 0
    for i, (a, b) in enumerate(zip(got, want)):
        if abs(a - b) > worst:
            worst, at = abs(a - b), i
    if worst > tol:
        return False, (f"sample {at} (frame {at // ch}): Koi {got[at]!r}, {ref} {want[at]!r} "
                       f"(tolerance {tol})")
    return True, f"{len(got) // ch} frames x {ch} ch " + (f"identical to {ref}" if worst == 0
                                                         else f"within {worst:.2e} of {ref}")


# ---- the checks -----------------------------------------------------------------

def check_play(name, case, keep):
    make, cmap, exact, warning = case
    os.makedirs(WAVDIR, exist_ok=True)
    path = make()
    ok, dec = check_decode(path, cmap, exact)
    if not ok:
        return False, "decode: " + dec
    rel = os.path.relpath(path, koirun.TOP)
    raw = []
    if path in RAW:
        fmt, rate, ch = RAW[path][:3]
        raw = ["--raw", "--format", fmt, "--rate", str(rate), "--channels", str(ch)]
    args = ["play"] + raw + (["--channels-map", cmap] if cmap else []) + [rel]
    got = os.path.join(OUT, name + ".wav")
    want = os.path.join(OUT, name + ".expected.wav")
    log = os.path.join(OUT, name + ".log")
    r = koirun.run([koirun.RENDER, "-o", want] + args, timeout=120)
    if r.returncode:
        return False, "koi-render: " + r.stdout.strip()[-200:]
    out = koirun.play_firmware(args, got, log, 300)
    c = koirun.compare(want, got, log, 120)
    if c.returncode:
        return False, "wavcmp: " + " ".join(c.stdout.split())[-300:]
    for who, text in (("koi", out), ("koi-render", r.stdout)):
        lines = [l for l in text.splitlines() if "missing" in l]
        want_lines = [f"{who}: play: {rel}: {warning}"] if warning else []
        if lines != want_lines:
            return False, f"{who}'s warning lines {lines}, want {want_lines}"
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, dec + "; capture = render: " + (c.stdout.strip().splitlines() or [""])[-1]


def check_refused(name, case, keep):
    make, want = case
    os.makedirs(WAVDIR, exist_ok=True)
    path = make()
    rel = os.path.relpath(path, koirun.TOP)
    got = os.path.join(OUT, name + ".wav")
    log = os.path.join(OUT, name + ".log")
    if os.path.exists(got):
        os.remove(got)
    out = koirun.play_firmware(["play", rel], got, log, 60, status=2)
    lines = [l for l in out.splitlines() if l.startswith("koi: ")]
    line = f"koi: play: {rel}: {want}"
    if len(lines) != 1 or not lines[0].startswith(line):
        return False, f"koi: lines {lines}, want one starting '{line}'"
    played = os.path.getsize(got) - 44 if os.path.exists(got) else 0
    if played:
        return False, f"{played} bytes of sound played"
    r = koirun.run([koirun.RENDER, "-o", got + ".x.wav", "play", rel])
    if r.returncode != 2 or f"koi-render: play: {rel}: {want}" not in r.stdout:
        return False, f"koi-render: exit {r.returncode}: {r.stdout.strip()[-160:]}"
    return True, lines[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    cases = [("play-" + n, c, check_play) for n, c in PLAYS.items()]
    cases += [("refused-" + n, c, check_refused) for n, c in REFUSED.items()]
    return koirun.tap([(n, (lambda n=n, c=c, fn=fn: fn(n, c, a.keep)))
                       for n, c, fn in cases if a.only in n])


if __name__ == "__main__":
    sys.exit(main())
