#!/usr/bin/env python3
"""Soak: more than 10 minutes of virtual-time audio, bit-exact.

Each case plays in QEMU under icount (tools/koi-qemu, wav backend) and is
compared frame for frame with the host rendering of the same arguments
(build/tools/koi-render, build/tools/wavcmp): 0 mismatched, 0 inserted, 0
missing frames.  The firmware must report 0 underruns and the device model
must not have counted any (it prints a line at exit if it did).

Memory: the firmware prints its stack (painted at boot) and heap (_sbrk)
high-water marks.  Each long case is also played in a short version (about
1 s, same program and options); the marks after minutes must equal those
after a second, so nothing grows with time.  Prints TAP and a table.

    tests/soak/run.py [--only SUBSTRING] [--keep]
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402  (tests/koirun.py: play, render, compare)

OUT = os.path.join(koirun.BUILD, "soak")
MIN_SECONDS = 600.0

# (name, long arguments, short arguments or None)
CASES = [
    ("demo", ["demo"], None),
    ("tone-sine-120s", ["tone", "--freq", "997", "--seconds", "120", "--channel", "inverted"],
     ["tone", "--freq", "997", "--seconds", "1", "--channel", "inverted"]),
    ("tone-saw-64f-60s", ["tone", "--wave", "saw", "--freq", "1234.5", "--seconds", "60",
                          "--period", "64", "--channel", "inverted"],
     ["tone", "--wave", "saw", "--freq", "1234.5", "--seconds", "1", "--period", "64", "--channel", "inverted"]),
    ("tone-square-4096f-60s", ["tone", "--wave", "square", "--freq", "440", "--seconds", "60",
                               "--period", "4096", "--gain", "-6", "--channel", "inverted"],
     ["tone", "--wave", "square", "--freq", "440", "--seconds", "1", "--period", "4096",
      "--gain", "-6", "--channel", "inverted"]),
    ("tone-pink-30s", ["tone", "--wave", "pink", "--seconds", "30", "--gain", "-12", "--channel", "inverted"],
     ["tone", "--wave", "pink", "--seconds", "1", "--gain", "-12", "--channel", "inverted"]),
    ("mix-8-120s", ["mix", "--seconds", "120"], ["mix", "--seconds", "1"]),
    ("mix-64-60s", ["mix", "--voices", "64", "--seconds", "60"],
     ["mix", "--voices", "64", "--seconds", "1"]),
    ("pcm-float-48000-2ch", ["pcm", "--format", "float", "--rate", "48000", "--channels", "2",
                             "--repeat", "6000"],
     ["pcm", "--format", "float", "--rate", "48000", "--channels", "2", "--repeat", "100"]),
    ("pcm-s24-8000-1ch", ["pcm", "--format", "s24", "--rate", "8000", "--channels", "1",
                          "--repeat", "6000"],
     ["pcm", "--format", "s24", "--rate", "8000", "--channels", "1", "--repeat", "100"]),
    ("pcm-u8-22050-2ch", ["pcm", "--format", "u8", "--rate", "22050", "--channels", "2",
                          "--repeat", "6000", "--period", "128"],
     ["pcm", "--format", "u8", "--rate", "22050", "--channels", "2", "--repeat", "100",
      "--period", "128"]),
]

MEM_RE = (r"^koi: memory +stack SVC (\d+) of \d+ B, IRQ (\d+) of \d+ B; "
          r"heap (\d+) of \d+ B")


def play(name, args, compare):
    """Plays args; returns (seconds of sound, memory marks) or raises."""
    got = os.path.join(OUT, name + ".wav")
    want = os.path.join(OUT, name + ".expected.wav")
    log = os.path.join(OUT, name + ".log")
    out = koirun.play_firmware(args, got, log, 900)
    frames = re.search(r"^koi: frames +(\d+)", out, re.M)
    under = re.search(r"^koi: underruns (\d+)", out, re.M)
    mem = re.search(MEM_RE, out, re.M)
    if not (frames and under and mem):
        raise ValueError("summary lines missing (see %s)" % log)
    if int(under.group(1)) != 0:
        raise ValueError("firmware reports %s underruns" % under.group(1))
    dev = re.search(r"^goldfish_audio: .*", out, re.M)
    if dev:
        raise ValueError("device counted a gap: " + dev.group(0))
    if compare:
        koirun.render(args, want, 900)
        c = koirun.compare(want, got, log, 900)
        if c.returncode != 0:
            raise ValueError("wavcmp: " + " ".join(c.stdout.split())[-300:])
    return int(frames.group(1)) / 44100.0, tuple(int(g) for g in mem.groups())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only")
    ap.add_argument("--keep", action="store_true")
    opts = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    n = failed = 0
    total = 0.0
    rows = []

    def emit(ok, text):
        nonlocal n, failed
        n += 1
        failed += not ok
        print("%s %d - %s" % ("ok" if ok else "not ok", n, text), flush=True)

    for name, args, short in CASES:
        if opts.only and opts.only not in name:
            continue
        try:
            secs, mem = play(name, args, True)
            total += secs
            emit(True, "%s: %.3f s bit-exact, 0 underruns" % (name, secs))
        except (ValueError, subprocess.TimeoutExpired) as e:
            emit(False, "%s: %s" % (name, e))
            continue
        if short:
            try:
                _, mem1 = play(name + ".short", short, False)
                emit(mem1 == mem, "%s: memory marks after %.0f s equal those after ~1 s "
                     "(SVC %d, IRQ %d, heap %d B vs %d, %d, %d)"
                     % ((name, secs) + mem + mem1))
            except (ValueError, subprocess.TimeoutExpired) as e:
                emit(False, "%s (short): %s" % (name, e))
        rows.append((name, secs, mem))
        if not opts.keep:
            for suffix in (".wav", ".expected.wav", ".short.wav"):
                p = os.path.join(OUT, name + suffix)
                if os.path.exists(p):
                    os.remove(p)
    if not opts.only:
        emit(total >= MIN_SECONDS, "%.1f s of audio in all (at least %.0f)" % (total, MIN_SECONDS))
    print("# %-24s %9s %9s %9s %9s" % ("case", "seconds", "SVC B", "IRQ B", "heap B"))
    for name, secs, mem in rows:
        print("# %-24s %9.3f %9d %9d %9d" % ((name, secs) + mem))
    if rows:
        print("# %-24s %9.3f %9d %9d %9d" % ("max / total", total,
                                            max(r[2][0] for r in rows),
                                            max(r[2][1] for r in rows),
                                            max(r[2][2] for r in rows)))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
