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
- A long job shows its progress on a terminal (a pty of our own), and
  never in a pipe; a key typed on that terminal reaches the job.

Nothing here depends on the host's speed, its sound or an earlier run:
- Every run that prints what it played is under -icount, except the plain
  command (real time by design) and the piano (the wall clock of the
  person typing); for those only what cannot depend on time is checked
  (exit status, lines, the job's frame count), never a timing.
- The host's sound is taken out of the picture: QEMU and koi-qemu look at
  $PIPEWIRE_REMOTE, $PULSE_SERVER, $XDG_RUNTIME_DIR/pipewire-0 and
  pulse/native and /proc/asound/cards, and every run here gets an
  environment without a sound server (no such variables,
  $XDG_RUNTIME_DIR an empty directory).  An ALSA card cannot
  be hidden that way: on a host with one, the two checks that need a host
  without any sound say SKIP and why.
- The terminal is a pty this script opens and holds: nothing is written to
  it unless a check types a key, and that key is in the console's FIFO
  before the guest runs (tests/koirun.py, Held).  (script(1) with standard input closed used to be the terminal:
  util-linux's script writes the terminal's EOF character, ^D, into the pty
  when its input ends, and whether QEMU had already made the pty raw, so
  that the firmware got a ^D key, its quit key, was a race with the wall
  clock: the job then ended at 0:00 now and then.)
- Files an earlier run left in build/plain/ are removed before the checks
  that look for them.

TAP on stdout; run by `make test-plain`.
"""
import hashlib
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
import tty

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402

TOP = koirun.TOP
QEMU = koirun.QEMU
OUTDIR = os.path.join(koirun.BUILD, "plain")
results = []
ENV = os.environ  # main() takes the host's sound away (quiet_env)


def check(name, ok, why=""):
    results.append((ok, name if ok else f"{name}: {why}"))


def quiet_env():
    """This environment without a sound server: no $PULSE_SERVER or
    $PIPEWIRE_REMOTE, and $XDG_RUNTIME_DIR an empty directory of ours
    (where QEMU and koi-qemu look for pulse/native and pipewire-0)."""
    runtime = os.path.join(OUTDIR, "xdg-runtime")
    shutil.rmtree(runtime, ignore_errors=True)
    os.makedirs(runtime, mode=0o700)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PULSE_SERVER", "PIPEWIRE_REMOTE", "PIPEWIRE_RUNTIME_DIR")}
    env["XDG_RUNTIME_DIR"] = runtime
    return env


def run(cmd, timeout=120, stdin=subprocess.DEVNULL, input=None):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=None if input is not None else stdin, input=input,
                           text=True, timeout=timeout, cwd=TOP, env=ENV)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return None, "", "timed out"


def alsa_card():
    """The host's first ALSA card, as QEMU and koi-qemu see it, or None."""
    try:
        with open("/proc/asound/cards") as f:
            for line in f:
                if "]: " in line:
                    return line.strip()
    except OSError:
        pass
    return None


def on_terminal(cmd, keys=b"", timeout=120):
    """Runs cmd (tools/koi-qemu ...) with a pty of our own as its terminal
    (standard input, output and error), as from a shell.  keys are typed
    into it before the guest runs (koirun.Held: QEMU started stopped, the
    keys in the console's FIFO at virtual time 0); nothing else is ever
    written to it.  Reads until the last holder of the terminal closes it.
    Returns (exit status or None after the timeout, everything written to
    the terminal, as bytes)."""
    master, slave = pty.openpty()
    tty.setraw(slave)  # keys are bytes, not a line being edited
    held = koirun.Held() if keys else None
    if held:
        cmd = cmd[:1] + held.qemu_args + cmd[1:]
    p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, cwd=TOP, env=ENV,
                         start_new_session=True)
    try:
        if held:
            held.start(p, lambda b: os.write(master, b), lambda: koirun.queued(slave), keys)
    except ValueError as e:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        os.close(slave)
        os.close(master)
        return None, str(e).encode()
    os.close(slave)
    out = bytearray()
    # The timeout only ends a hang; nothing is decided by the time taken.
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([master], [], [], left)[0]:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            os.close(master)
            return None, bytes(out)
        try:
            d = os.read(master, 65536)
        except OSError:  # EIO: every holder of the terminal closed it
            break
        if not d:
            break
        out += d
    os.close(master)
    return p.wait(), bytes(out)


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
    card = alsa_card()
    if card:
        results.append((True, "without host sound: one line saying how to write a WAV "
                        f"# SKIP this host has an ALSA card ({card}): the demo played on it"))
    else:
        check("without host sound: one line saying how to write a WAV, nothing else",
              len(errlines) == 1 and "-audiodev wav" in errlines[0]
              and "no PulseAudio server, no ALSA card" in errlines[0] and "ALSA lib" not in err,
              f"stderr was {len(errlines)} lines: {err.strip()[:300]}")
    rc, out, err = run(plain[:2] + ["goldfish,sound=off"] + plain[3:], timeout=60)
    check("plain command on a board without sound exits 3 (the firmware's status)",
          rc == 3, f"exit {rc}")


def nothing_lost():
    os.makedirs(OUTDIR, exist_ok=True)
    wav = os.path.join(OUTDIR, "keep.wav")
    leftovers = lambda: [f for f in os.listdir(OUTDIR) if f.startswith(".keep.wav.")]
    # Those of an earlier run (one killed before koi-qemu could clean up)
    # are not this run's.
    for f in leftovers() + (["keep.wav"] if os.path.exists(wav) else []):
        os.remove(os.path.join(OUTDIR, f))
    rc, out, err = make("run", "ARGS=tone --seconds 0.2", f"OUT={wav}")
    good = rc == 0 and os.path.exists(wav)
    check("make run OUT= writes the capture and says what it holds",
          good and f"koi: sound in {wav}: 0.2" in out and "aplay" in out,
          f"exit {rc}: {(out + err).strip()[-300:]}")
    if not good:
        return
    before = md5(wav)
    rc, out, err = make("run", "ARGS=help", f"OUT={wav}")
    check("make run ARGS=help leaves the earlier capture as it was",
          rc == 0 and md5(wav) == before and "left as it was" in err and not leftovers(),
          f"exit {rc}, changed={md5(wav) != before}, leftovers={leftovers()}")
    rc, out, err = make("run", "ARGS=tone --bogus", f"OUT={wav}")
    check("a bad argument exits 2 and leaves the earlier capture as it was",
          rc == 2 and md5(wav) == before and "left as it was" in err and not leftovers(),
          f"exit {rc}, changed={md5(wav) != before}")


def play_refused():
    card = alsa_card()
    for drv, why in (("alsa", "no ALSA sound card"), ("pa", "no PulseAudio")):
        name = f"make play PLAY_AUDIO={drv} without it fails with the reason"
        if drv == "alsa" and card:
            results.append((True, f"{name} # SKIP this host has an ALSA card ({card})"))
            continue
        rc, out, err = make("play", f"PLAY_AUDIO={drv}", "ARGS=tone --seconds 0.1", timeout=60)
        check(name, rc not in (0, None) and why in err and "ALSA lib" not in err,
              f"exit {rc}: {(out + err).strip()[-200:]}")


def piano_eof():
    rc, out, err = make("run", "ARGS=piano", input="asdf", timeout=60)
    check("the piano quits when its input ends (after playing 'asdf')",
          rc == 0 and "koi: played   piano" in out, f"exit {rc}: {(out + err).strip()[-200:]}")


def progress_terminal():
    fw = [os.path.join(TOP, "tools", "koi-qemu"), "--icount", "3", "--wav",
          os.path.join(OUTDIR, "progress.wav"), koirun.FIRMWARE, "tone", "--seconds", "6"]
    os.makedirs(OUTDIR, exist_ok=True)
    # Under -icount the progress lines follow the stream's own clock: one
    # at each second of sound played, whatever the host's speed.
    rc, raw = on_terminal(fw)
    out = raw.decode(errors="replace")
    want = ["koi: %d:%02d of 0:06" % (t // 60, t % 60) for t in range(0, 7)]
    got = [p.strip() for p in out.replace("\n", "\r").split("\r") if " of 0:06" in p]
    check("a 6 s job on a terminal shows 0:00 .. 0:06 of 0:06, rewritten in place (\\r)",
          rc == 0 and got == want and "\rkoi: 0:03 of 0:06\rkoi: 0:04" in out
          and "koi: played   tone" in out and "koi: stopping" not in out,
          f"exit {rc}, progress {got}: {out.strip()[-200:]!r}")
    rc, out, err = run(fw, timeout=120)
    check("the same job in a pipe shows no progress", rc == 0 and " of 0:06" not in out,
          f"exit {rc}: {out.strip()[-200:]}")
    # A key typed before the guest runs is there when the player first
    # looks: q ends the 6 s tone before its first period, through its
    # fade (20 ms), exit 0.
    rc, raw = on_terminal(fw, keys=b"q")
    out = raw.decode(errors="replace")
    got = [p.strip() for p in out.replace("\n", "\r").split("\r") if " of 0:06" in p]
    frames = [int(l.split()[2]) for l in out.replace("\r", "\n").splitlines()
              if l.startswith("koi: frames ")]
    check("q typed on the terminal stops the 6 s job early: 'koi: stopping', exit 0",
          rc == 0 and "koi: stopping" in out and frames == [882]
          and got == ["koi: 0:00 of 0:06", "koi: 0:00 of 0:06"],
          f"exit {rc}, frames {frames}, progress {got}: {out.strip()[-200:]!r}")


def main():
    global ENV
    os.makedirs(OUTDIR, exist_ok=True)
    ENV = quiet_env()
    plain_command()
    nothing_lost()
    play_refused()
    piano_eof()
    progress_terminal()
    print(f"1..{len(results)}")
    for i, (ok, text) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {text}")


if __name__ == "__main__":
    main()
