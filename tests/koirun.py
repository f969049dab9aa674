"""The three steps every sound check takes, shared by tests/e2e/run.py,
tests/e2e/vexpress.py and tests/soak/run.py: play the firmware in QEMU
under icount with the wav backend, render the same arguments on the host,
compare the two WAVs.

Each step raises ValueError with a one-line reason when it fails; the
runners turn that into a TAP failure.
"""
import os
import subprocess

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(TOP, "build")
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
                  qemu_args=()):
    """Boot the firmware with args on board, its sound into wav, its console
    and QEMU's stderr into log (qemu_args: more for QEMU, such as -trace).
    Returns that output; raises unless exit 0."""
    extra = []
    for a in qemu_args:
        extra += ["--qemu-arg", a]
    q = run([KOI_QEMU, "--board", board, "--icount", ICOUNT, "--wav", wav,
             "--timeout", str(timeout), "--serial", "stdio"] + extra + [firmware] + args,
            stdin=subprocess.DEVNULL)
    with open(log, "w") as f:
        f.write(q.stdout)
    if q.returncode != 0:
        raise ValueError(f"firmware exited {q.returncode} (log {log})")
    return q.stdout


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
