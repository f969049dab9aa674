#!/usr/bin/env python3
"""First contact, as a new user meets it.

- The plain command `build/qemu-system-arm -M goldfish -nographic -kernel
  build/firmware.elf`, nothing else on the line and standard input closed:
  the console shows the demo's lines, the sound goes to the host or to one
  line saying how to write a WAV, and QEMU ends by itself with the
  firmware's exit status (0; 3 on a board without sound).
- Nothing lost: a failed run or `ARGS=help` leaves the earlier capture as
  it was.
- `make play` with a backend the host cannot play says so and fails.
- The piano quits when its input ends.

TAP on stdout; run by `make test-plain`.
"""
import hashlib
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402

TOP = koirun.TOP
QEMU = os.path.join(koirun.BUILD, "qemu-system-arm")
OUTDIR = os.path.join(koirun.BUILD, "plain")
results = []


def check(name, ok, why=""):
    results.append((ok, name if ok else f"{name}: {why}"))


def run(cmd, timeout=120, stdin=subprocess.DEVNULL, input=None):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=None if input is not None else stdin, input=input,
                           text=True, timeout=timeout, cwd=TOP)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return None, "", "timed out"


def host_has_sound():
    try:
        with open("/proc/asound/cards") as f:
            if "]: " in f.read():
                return True
    except OSError:
        pass
    return bool(os.environ.get("PULSE_SERVER")) or os.path.exists(
        os.path.join(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent"), "pulse", "native"))


def md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def make(*args, **kw):
    return run(["make", "--no-print-directory"] + list(args), **kw)


def plain_command():
    plain = [QEMU, "-M", "goldfish", "-nographic", "-kernel", koirun.FIRMWARE]
    rc, out, err = run(plain, timeout=120)
    name = "plain command plays the demo and exits 0"
    lines = out.replace("\r", "").splitlines()
    if rc != 0:
        check(name, False, f"exit {rc}; stderr: {err.strip()[-200:]}")
    elif not any(l.startswith("koi: playing  demo") for l in lines):
        check(name, False, "no 'koi: playing  demo' on the console: " + out[-200:])
    elif not any(l.startswith("koi: played   demo") for l in lines):
        check(name, False, "no 'koi: played   demo' on the console")
    elif not any(l.startswith("koi: frames   448497") for l in lines):
        check(name, False, "the demo's 448497 frames not reported")
    else:
        check(name, True)
    # The device's own counters line (printed after underruns, which a
    # real-time run on a busy host may have) is a report, not noise.
    errlines = [l for l in err.splitlines()
                if l.strip() and not l.startswith("goldfish_audio: ")]
    if host_has_sound():
        results.append((True, "plain command's sound goes to the host # SKIP this host has sound"))
    else:
        check("without host sound: one line saying how to write a WAV, nothing else",
              len(errlines) == 1 and "-audiodev wav" in errlines[0] and "ALSA lib" not in err,
              f"stderr was {len(errlines)} lines: {err.strip()[:300]}")
    rc, out, err = run(plain[:2] + ["goldfish,sound=off"] + plain[3:], timeout=60)
    check("plain command on a board without sound exits 3 (the firmware's status)",
          rc == 3, f"exit {rc}")


def nothing_lost():
    os.makedirs(OUTDIR, exist_ok=True)
    wav = os.path.join(OUTDIR, "keep.wav")
    if os.path.exists(wav):
        os.remove(wav)
    rc, out, err = make("run", "ARGS=tone --seconds 0.2", f"OUT={wav}")
    good = rc == 0 and os.path.exists(wav)
    check("make run OUT= writes the capture and says what it holds",
          good and f"koi: sound in {wav}: 0.2" in out and "aplay" in out,
          f"exit {rc}: {(out + err).strip()[-300:]}")
    if not good:
        return
    before = md5(wav)
    leftovers = lambda: [f for f in os.listdir(OUTDIR) if f.startswith(".keep.wav.")]
    rc, out, err = make("run", "ARGS=help", f"OUT={wav}")
    check("make run ARGS=help leaves the earlier capture as it was",
          rc == 0 and md5(wav) == before and "left as it was" in err and not leftovers(),
          f"exit {rc}, changed={md5(wav) != before}, leftovers={leftovers()}")
    rc, out, err = make("run", "ARGS=tone --bogus", f"OUT={wav}")
    check("a bad argument exits 2 and leaves the earlier capture as it was",
          rc == 2 and md5(wav) == before and "left as it was" in err and not leftovers(),
          f"exit {rc}, changed={md5(wav) != before}")


def play_refused():
    if host_has_sound():
        results.append((True, "make play refuses a host that cannot play # SKIP this host has sound"))
        return
    for drv, why in (("alsa", "no ALSA sound card"), ("pa", "no PulseAudio")):
        rc, out, err = make("play", f"PLAY_AUDIO={drv}", "ARGS=tone --seconds 0.1", timeout=60)
        check(f"make play PLAY_AUDIO={drv} without it fails with the reason",
              rc not in (0, None) and why in err and "ALSA lib" not in err,
              f"exit {rc}: {err.strip()[-200:]}")


def piano_eof():
    rc, out, err = make("run", "ARGS=piano", input="asdf", timeout=60)
    check("the piano quits when its input ends (after playing 'asdf')",
          rc == 0 and "koi: played   piano" in out, f"exit {rc}: {(out + err).strip()[-200:]}")


def main():
    plain_command()
    nothing_lost()
    play_refused()
    piano_eof()
    print(f"1..{len(results)}")
    for i, (ok, text) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {text}")


if __name__ == "__main__":
    main()
