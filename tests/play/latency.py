#!/usr/bin/env python3
"""By hand, not a test: how late the live piano is heard through a real
sound server, with and without koi-qemu --live (docs/play.md, "Latency").

    python3 tests/play/latency.py [--board goldfish|vexpress-a9|virt]
                                  [--server pulse|pipewire] [--audio pa|pipewire]
                                  [--runs N]

Starts the play suite's own server (tests/play/run.py: PulseAudio 16 or
PipeWire with pipewire-pulse, a null sink `koi`), then runs the board's
firmware through tools/koi-qemu --audio AUDIO --eof-quits, as `make play
ARGS=piano` does, N times without --live and N times with it.  16 keys are
written to QEMU's console 0.5 s apart while `parec --raw` reads the sink's
monitor as it arrives; a note's onset is its first non-silent frame after
at least 5 ms of digital silence, timed by when its chunk of the monitor
arrived.  For each run it prints the key-to-sound time (median, min, max:
so it holds Koi's ring, the device, QEMU's backend, the server and the
monitor's few ms) and, through PulseAudio, the stream's queue in the
server (`pactl list sink-inputs`, Buffer Latency, read every 0.1 s), with
the firmware's underrun line.  Wall-clock figures of this host, which
depend on what else it runs: read them, never assert them.
"""
import argparse
import array
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402
import run  # noqa: E402

RATE = run.RATE
KEYS = "asdfghjkasdfghjk"


def monitor(env):
    """parec on the monitor, raw, read as it arrives: (proc, chunks) with
    chunks a list of (arrival time, bytes)."""
    p = subprocess.Popen(["parec", "-d", "koi.monitor", f"--rate={RATE}", "--channels=2",
                          "--format=s16le", "--latency-msec=5", "--raw"],
                         stdout=subprocess.PIPE, env=env)
    chunks = []

    def read():
        while True:
            b = p.stdout.read1(4096)
            if not b:
                return
            chunks.append((time.monotonic(), b))
    threading.Thread(target=read, daemon=True).start()
    return p, chunks


def onsets(chunks):
    """Arrival-based times of the frames where sound starts after 5 ms of
    digital silence."""
    out, quiet, n = [], 0, 0
    for t, b in chunks:
        a = array.array("h", b[:len(b) // 4 * 4])
        if sys.byteorder == "big":
            a.byteswap()
        frames = len(a) // 2
        for i in range(frames):
            if a[2 * i] or a[2 * i + 1]:
                if quiet >= RATE // 200:
                    out.append(t - (frames - 1 - i) / RATE)
                quiet = 0
            else:
                quiet += 1
        n += frames
    return out


def buffer_latency(env, stop, into):
    while not stop:
        o = subprocess.run(["pactl", "list", "sink-inputs"], env=env, capture_output=True,
                           text=True).stdout
        m = re.search(r"Buffer Latency: (\d+) usec", o)
        if m:
            into.append(int(m.group(1)) / 1000)
        time.sleep(0.1)


def one_run(env, board, audio, live, queued):
    rec, chunks = monitor(env)
    time.sleep(0.5)
    fw = koirun.FIRMWARE if board == "goldfish" else os.path.join(koirun.BUILD, board,
                                                                   "firmware.elf")
    cmd = [koirun.KOI_QEMU, "--board", board, "--audio", audio, "--eof-quits"] + \
        (["--live"] if live else []) + [fw, "piano"]
    q = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    time.sleep(1.5)
    stop, queue = [], []
    if queued:  # pipewire-pulse reports 0 for its streams
        threading.Thread(target=buffer_latency, args=(env, stop, queue), daemon=True).start()
    keys = []
    for k in KEYS:
        keys.append(time.monotonic())
        q.stdin.write(k.encode())
        q.stdin.flush()
        time.sleep(0.5)
    stop.append(1)
    out, err = q.communicate(timeout=60)  # end of input: --eof-quits sends ^D
    time.sleep(0.5)
    rec.terminate()
    rec.wait()
    ons = onsets(chunks)
    lat = []
    for kt in keys:
        later = [t for t in ons if kt < t < kt + 0.4]
        if later:
            lat.append((later[0] - kt) * 1000)
    said = " ".join(l for l in out.decode(errors="replace").splitlines()
                    if l.startswith("koi: underruns"))
    fig = (f"key to sound median {statistics.median(lat):.1f} ms ({min(lat):.1f} to "
           f"{max(lat):.1f}), {len(lat)} of {len(keys)} keys heard, {len(ons)} onsets"
           if lat else f"no key heard ({len(ons)} onsets)")
    if queue:
        fig += f"; server buffer median {statistics.median(queue):.1f} ms (max {max(queue):.1f})"
    return f"{fig}; {said}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--board", default="goldfish")
    ap.add_argument("--server", default="pulse", choices=("pulse", "pipewire"))
    ap.add_argument("--audio", default="pa", choices=("pa", "pipewire"))
    ap.add_argument("--runs", type=int, default=2)
    a = ap.parse_args()
    root = tempfile.mkdtemp(prefix="koi-latency-")
    try:
        server = (run.Pulse if a.server == "pulse" else run.PipeWire)(root)
        why = server.start()
        if why:
            print(f"latency: the server did not start: {why}")
            return 1
        for live in (False, True):
            for i in range(a.runs):
                print(f"{a.board}, {a.audio} on {server.name}, {'--live' if live else 'default'}"
                      f", run {i + 1}: {one_run(server.env, a.board, a.audio, live, a.server == 'pulse')}",
                      flush=True)
    finally:
        run.stop_all()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
