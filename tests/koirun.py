"""The three steps every sound check takes, shared by tests/e2e/run.py,
tests/e2e/vexpress.py and tests/soak/run.py: play the firmware in QEMU
under icount with the wav backend, render the same arguments on the host,
compare the two WAVs.

Each step raises ValueError with a one-line reason when it fails; the
runners turn that into a TAP failure.
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The build tree whose images the suites boot, and where they write: build/
# unless make says otherwise ($KOI_BUILD, exported by the Makefile: build/cov
# for `make coverage`, whose images are instrumented).  A board other than
# goldfish has its own tree inside it (build_dir).
BUILD = os.path.join(TOP, os.environ.get("KOI_BUILD") or "build")
# Koi's QEMU is built once, into build/ whatever the tree (qemu/build.sh).
QEMU = os.path.join(TOP, "build", "qemu-system-arm")
FIRMWARE = os.path.join(BUILD, "firmware.elf")
# The firmware with the test-only `stall` program (tests/e2e/stall.c).
FIRMWARE_TEST = os.path.join(BUILD, "e2e", "firmware-test.elf")
RENDER = os.path.join(BUILD, "tools", "koi-render")
WAVCMP = os.path.join(BUILD, "tools", "wavcmp")
KOI_QEMU = os.path.join(TOP, "tools", "koi-qemu")
ICOUNT = "3"  # 125 MIPS of guest time: the speed the benchmarks assume


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kw)


def build_dir(board):
    """Where a board's images are (mk: BUILD)."""
    return BUILD if board == "goldfish" else os.path.join(BUILD, board)


def play_firmware(args, wav, log, timeout, firmware=FIRMWARE, board="goldfish",
                  qemu_args=(), status=0, icount=ICOUNT):
    """Boot the firmware with args on board, its sound into wav, its console
    and QEMU's stderr into log (qemu_args: more for QEMU, such as -trace).
    Returns that output; raises unless the exit status is `status`."""
    extra = [a for q in qemu_args for a in ("--qemu-arg", q)]
    q = run([KOI_QEMU, "--board", board, "--icount", icount, "--wav", wav,
             "--timeout", str(timeout), "--serial", "stdio"] + extra + [firmware] + args,
            stdin=subprocess.DEVNULL)
    with open(log, "w") as f:
        f.write(q.stdout)
    if q.returncode != status:
        raise ValueError(f"firmware exited {q.returncode}, not {status} (log {log})")
    return q.stdout


class Held:
    """Keys typed before the guest runs its first instruction.

    QEMU is started stopped (held.qemu_args: -S and a QMP socket, for
    tools/koi-qemu's --qemu-arg).  start(proc, write, pending) types the
    keys with write(bytes), waits until QEMU has read them all (pending()
    is how many it has not: the pipe's or the pty's input queue), makes
    sure its main loop has finished handing them to the console device (a
    QMP round trip: that loop is the one that answers), and only then lets
    the guest run.  So the keys are in the console's FIFO at virtual time
    0, whatever the host's speed: a key sent while the guest runs lands
    where the wall clock puts it (under -icount with sleep=off, seconds of
    virtual time can pass in a few ms of ours)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="koi-held-")
        self.sock = os.path.join(self.dir, "qmp.sock")
        self.qemu_args = [a for q in ("-S", "-qmp", f"unix:{self.sock},server=on,wait=off")
                          for a in ("--qemu-arg", q)]

    def start(self, proc, write, pending, keys, timeout=60):
        deadline = time.monotonic() + timeout  # ends a hang only
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        while True:
            try:
                s.connect(self.sock)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise ValueError(f"QEMU (exit {proc.poll()}) never opened its QMP socket")
                time.sleep(0.01)
        f = s.makefile("rw")

        def qmp(cmd):
            f.write(json.dumps({"execute": cmd}) + "\n")
            f.flush()
            while True:
                line = f.readline()
                if not line:
                    raise ValueError(f"QMP {cmd}: QEMU closed the socket")
                msg = json.loads(line)
                if "return" in msg or "error" in msg:
                    return msg
        try:
            f.readline()  # the greeting
            qmp("qmp_capabilities")
            write(keys)
            while pending():
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise ValueError(f"QEMU never read the keys typed before the start ({pending()} left)")
                time.sleep(0.005)
            qmp("query-status")
            if "error" in qmp("cont"):
                raise ValueError("QMP cont failed")
        finally:
            f.close()
            s.close()
            try:
                os.unlink(self.sock)
                os.rmdir(self.dir)
            except OSError:
                pass


def queued(fd):
    """How many bytes wait to be read from fd (a pipe's end, a pty's
    slave): FIONREAD."""
    import fcntl
    import struct
    import termios
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]


def render(args, wav, timeout):
    """The expected sound for args, rendered on the host into wav."""
    r = run([RENDER, "-o", wav] + args, timeout=timeout)
    if r.returncode != 0:
        raise ValueError("koi-render failed: " + r.stdout.strip()[-300:])


def compare(want, got, log, timeout):
    """wavcmp's verdict (returncode 0: identical) and report, appended to log."""
    c = run([WAVCMP, want, got], timeout=timeout)
    with open(log, "a") as f:
        f.write(c.stdout)
    return c


def field(text, pattern, what):
    """The integers pattern's groups capture in text; ValueError if absent."""
    m = re.search(pattern, text, re.M)
    if not m:
        raise ValueError(f"no '{what}' in the output")
    return [int(g) for g in m.groups()]


def wavcmp_counts(report):
    """wavcmp's verdict in numbers: (mismatched, silent frames inserted,
    their runs, missing, extra); ValueError if the report lacks one."""
    (mism,) = field(report, r"^mismatched frames: (\d+)", "mismatched")
    (silent, runs) = field(report, r"^inserted silent frames: (\d+) \((\d+) runs\)", "inserted")
    (missing,) = field(report, r"^missing frames: (\d+)", "missing")
    (extra,) = field(report, r"^extra frames: (\d+)", "extra")
    return mism, silent, runs, missing, extra


def frames_of(path):
    """The sample data of a 44-byte-header PCM WAV, 4 bytes a frame."""
    with open(path, "rb") as f:
        data = f.read()
    i = data.find(b"data")
    return data[i + 8:]


def marker_count(want, got, end, frames=64):
    """How often the `frames` stereo S16 frames of want before frame `end`
    appear, frame-aligned, in got: 1 for a stall that neither lost nor
    replayed the sound around it."""
    marker = frames_of(want)[(end - frames) * 4:end * 4]
    cap = frames_of(got)
    seen, at = 0, cap.find(marker)
    while at >= 0:
        seen += at % 4 == 0
        at = cap.find(marker, at + 1)
    return seen


def tap(cases):
    """Runs (name, fn) cases, fn() -> (ok, why), as one TAP stream; a
    timeout or a ValueError is a failure with its reason.  Returns the exit
    status: 1 if any failed."""
    print(f"1..{len(cases)}")
    failed = 0
    for i, (name, fn) in enumerate(cases, 1):
        try:
            ok, why = fn()
        except subprocess.TimeoutExpired as e:
            ok, why = False, f"timeout: {e.cmd[0]}"
        except ValueError as e:
            ok, why = False, str(e)
        print(f"{'ok' if ok else 'not ok'} {i} - {name}" + (f" # {why}" if why else ""))
        sys.stdout.flush()
        failed += not ok
    return 1 if failed else 0
