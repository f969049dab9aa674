#!/usr/bin/env python3
"""`make play` against real sound servers that this suite starts itself.

What a user types (`make play ARGS=...`, with the environment a desktop,
WSLg, a container or an ssh session gives it) must reach the server that
is there, with one line saying which; and where there is none, one line
saying why and how to get a WAV instead, and a failure (koi-qemu exit 1,
make exit 2).

The servers (tools/bootstrap.sh sound installs them):
- PulseAudio 16: `pulseaudio -n` (no default script: only the modules
  named here), a null sink `koi` at 44100 Hz s16 stereo, a unix socket in
  a runtime directory of ours and a TCP port on 127.0.0.1, anonymous auth,
  and NO pid file (--use-pid-file=no): the case QEMU's own pa driver
  cannot start in by itself.  It runs as whoever runs the suite, root
  included (CI on a fresh Debian has no user session).
- PipeWire with WirePlumber (which links streams to sinks) and
  pipewire-pulse, on a private D-Bus session bus (WirePlumber wants one),
  a null sink `koi` made through pipewire-pulse.
What reached the server is recorded from the sink's monitor (parec) and
checked for content with wavstat: the tone's frequency (to the analysis'
resolution), its level (within 0.5 dB), its length, no gap (digital
silence longer than 64 frames inside the signal) and no discontinuity
(SINAD >= 80 dB: the servers pass s16 at the stream's rate unchanged, or
through float and back, which is exact).  Not frame for frame: the
recording starts wherever parec does.

Real time cannot be had on a host busy elsewhere: the goldfish device
counts the silence it played because the guest was late and the frames it
dropped because the backend was, and a run with either (beyond the start)
is a SKIP with those counts, not a verdict on the way to the server.

Nothing here is timed: every wait polls for a state (a socket answers, a
sink is the default, the recorder is connected, the recording has grown
by half a second after the player ended) and its deadline only bounds a
hang.  A server that cannot start in this environment makes its cases
SKIP with the reason.  Every process started here is stopped by its pid
at the end, whatever happened.

TAP on stdout; run by `make test-play`.
"""
import array
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402

TOP = koirun.TOP
WAVSTAT = os.path.join(koirun.BUILD, "tools", "wavstat")
RATE = 44100
TONE = ["tone", "--freq", "997", "--seconds", "3"]
# A stream at 48 kHz into a server at 44.1 kHz is resampled by the server:
# no longer the samples sent, and the resampler's filter rings at the
# tone's abrupt start and end, which the SINAD of the whole signal counts
# (31 to 38 dB measured, whatever the resampler's quality, with a 997.000
# Hz tone whose largest spur was at -119 dBc).  There SINAD is reported,
# not judged: pitch, level, length and no gap are; the same boards at the
# server's own rate are checked frame for frame.
RESAMPLED = None
# Left and right differ (R = -L), so a swap of the channels cannot hide.
EXACT_TONE = TONE + ["--channel", "inverted"]
HANG = 60          # seconds: bounds a wait that would otherwise hang
procs = []         # every process started here (Popen), stopped at the end


def start(cmd, env, log):
    """Start a daemon in a session of its own, output into log."""
    with open(log, "ab") as f:
        p = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=f,
                             stderr=subprocess.STDOUT, start_new_session=True)
    procs.append(p)
    return p


def stop(p):
    """Stop one process started here (its own session: its pid is its
    group's id, so helpers it forked go too)."""
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            p.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def stop_all():
    while procs:
        stop(procs.pop())


def wait_for(pred, deadline=HANG):
    """Poll pred() until true; False if the deadline (a hang) passes."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.1)
    return False


def answers(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


def quiet(cmd, env):
    """Run a short client command; its stdout, or None when it failed."""
    try:
        r = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=HANG)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout if r.returncode == 0 else None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def base_env(root):
    """The environment of a user session with nothing in it: a runtime
    directory and a home of ours, no server variables."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PULSE_SERVER", "PIPEWIRE_REMOTE", "PIPEWIRE_RUNTIME_DIR",
                        "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY")}
    # Koi's QEMU cache stays the caller's: qemu/build.sh finds it under
    # $HOME/.cache, and a home of ours would make `make play` build QEMU
    # again into it and point build/qemu-system-arm there, at a folder this
    # suite removes (the suites after it found no QEMU).
    env["KOI_CACHE"] = os.environ.get("KOI_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "koi")
    for d in ("run", "home", "home/.config", "home/.local/state"):
        os.makedirs(os.path.join(root, d), mode=0o700, exist_ok=True)
    env.update(XDG_RUNTIME_DIR=os.path.join(root, "run"), HOME=os.path.join(root, "home"),
               XDG_CONFIG_HOME=os.path.join(root, "home/.config"),
               XDG_STATE_HOME=os.path.join(root, "home/.local/state"))
    return env


class Pulse:
    """A PulseAudio daemon of ours: null sink koi, unix socket, TCP port.
    Its sink runs at the stream's rate and format at unity volume, so the
    samples pass unchanged: a clean run keeps the tone's SINAD (92 dB for
    koi's -6 dBFS sine; 80 is the bound)."""
    name = "PulseAudio"
    sinad_min = 80
    dry_at_start = 1  # ran_dry() counts each stream's start once

    def __init__(self, root, rewinds=False):
        self.root, self.env = root, base_env(root)
        self.rewinds = rewinds  # PulseAudio's default sink (latency.py --rewinds)
        self.sock = os.path.join(root, "run", "pulse", "native")
        self.port = free_port()
        self.log = os.path.join(root, "pulseaudio.log")

    def start(self):
        if not shutil.which("pulseaudio"):
            return "no pulseaudio (tools/bootstrap.sh sound)"
        os.makedirs(os.path.dirname(self.sock), mode=0o700, exist_ok=True)
        # Samples pass unchanged (frame for frame against koi-render): the
        # sink's rate and format are the stream's (goldfish's 44100 Hz s16
        # stereo; the other boards are run at --rate 44100), so nothing
        # resamples; the alternate rate is the same one, so a stream at
        # another rate never switches the sink to it (PulseAudio 16 does
        # that for an idle sink: it moved to 48000 for vexpress-a9's
        # default); nothing remixes channels; volumes stay at unity (flat
        # volumes off: a stream's volume never moves the sink's).
        conf = os.path.join(self.env["XDG_CONFIG_HOME"], "pulse")
        os.makedirs(conf, mode=0o700, exist_ok=True)
        with open(os.path.join(conf, "daemon.conf"), "w") as f:
            f.write(f"flat-volumes = no\navoid-resampling = no\nenable-remixing = no\n"
                    f"default-sample-format = s16le\ndefault-sample-rate = {RATE}\n"
                    f"alternate-sample-rate = {RATE}\ndefault-sample-channels = 2\n")
        self.proc = start(["pulseaudio", "-n", "--daemonize=no", "--use-pid-file=no",
                           "--exit-idle-time=-1", "--log-target=stderr", "--log-level=debug",
                           # As root, PulseAudio runs at nice -11, its sink
                           # thread at SCHED_RR under RLIMIT_RTTIME (200 ms
                           # of CPU without blocking, then SIGKILL), and
                           # under a CPU-share watchdog that kills it too; an
                           # ordinary process here, it neither dies of those
                           # limits on a busy machine nor takes CPU from the
                           # QEMU under test.
                           "--realtime=no", "--high-priority=no", "--no-cpu-limit",
                           # No shared memory: clients send their sound over
                           # the socket.  With memfd pools PulseAudio 16
                           # forwards QEMU's blocks to the monitor's
                           # recorders (ours, and QEMU's own capture, whose
                           # default source here is the monitor), fails to
                           # ("non-registered memfd ID", its issue 824) and,
                           # when QEMU disconnects, aborts on an assertion
                           # in memblock_replace_import(), and every later
                           # case fails (docs/play.md).
                           "--disable-shm=yes",
                           # No rewinds: a stream's start rewrites what the
                           # sink rendered ahead, and the monitor (our
                           # recorder) had that silence already: the first
                           # 158 to 330 frames of goldfish's and virt's
                           # tone never reached the recording.
                           "-L", f"module-null-sink sink_name=koi rate={RATE} format=s16le "
                                 f"channels=2 norewinds={0 if self.rewinds else 1}",
                           "-L", f"module-native-protocol-unix socket={self.sock} auth-anonymous=1",
                           "-L", f"module-native-protocol-tcp port={self.port} listen=127.0.0.1 "
                                 "auth-anonymous=1"], self.env, self.log)
        up = wait_for(lambda: self.proc.poll() is not None or
                      (answers(self.sock) and quiet(["pactl", "info"], self.env)))
        if not up or self.proc.poll() is not None:
            return "pulseaudio did not start here: " + tail(self.log)
        return None

    def ran_dry(self):
        """How often, so far, a stream ran dry and then got sound again (the
        server's debug log): once as each stream starts; more means its
        client, QEMU, was late."""
        with open(self.log, errors="replace") as f:
            return f.read().count("Requesting rewind due to end of underrun")


class PipeWire:
    """PipeWire + WirePlumber + pipewire-pulse on a D-Bus session bus of
    ours, a null sink koi made through pipewire-pulse, set as default.
    Its graph runs in float at the tone's rate (clock.force-rate), as a
    desktop that follows its streams' rate does: s16 -> float -> s16 is
    exact, so a clean run keeps the tone's SINAD too (92 dB; bound 80)."""
    name = "PipeWire"
    sinad_min = 80
    dry_at_start = 0

    def ran_dry(self):
        """How often, so far, a pipewire-pulse stream ran dry in its middle
        (its debug log: "underrun read:BYTES").  Before the first byte (the start)
        and in the last two quanta (the end of the 3 s tone) it is no gap.
        QEMU's native pipewire stream fills its own gaps with silence and
        is in no log."""
        end = 3 * RATE * 4 - 2 * 4096
        try:
            with open(self.pulse_log, errors="replace") as f:
                reads = re.findall(r"\] underrun read:(\d+)", f.read())
        except OSError:
            return 0
        return sum(1 for r in reads if 0 < int(r) < end)

    def __init__(self, root):
        self.root, self.env = root, base_env(root)
        self.sock = os.path.join(root, "run", "pipewire-0")
        self.pulse = os.path.join(root, "run", "pulse", "native")
        self.log = os.path.join(root, "pipewire.log")
        self.pulse_log = os.path.join(root, "pipewire-pulse.log")

    def start(self):
        for exe in ("pipewire", "wireplumber", "pipewire-pulse", "dbus-daemon", "pactl"):
            if not shutil.which(exe):
                return f"no {exe} (tools/bootstrap.sh sound)"
        bus = os.path.join(self.root, "run", "bus")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + bus
        start(["dbus-daemon", "--session", "--nofork", "--nopidfile",
               "--address=unix:path=" + bus], self.env, self.log)
        if not wait_for(lambda: answers(bus)):
            return "dbus-daemon did not start: " + tail(self.log)
        start(["pipewire"], self.env, self.log)
        if not wait_for(lambda: answers(self.sock)):
            return "pipewire did not start here: " + tail(self.log)
        start(["wireplumber"], self.env, self.log)
        # Its debug log names every stream that ran dry (ran_dry()).
        start(["pipewire-pulse"], dict(self.env, PIPEWIRE_DEBUG="3,mod.protocol-pulse:4"),
              self.pulse_log)
        if not wait_for(lambda: answers(self.pulse) and quiet(["pactl", "info"], self.env)):
            return "pipewire-pulse did not start here: " + tail(self.log)
        if quiet(["pactl", "load-module", "module-null-sink", "sink_name=koi",
                  f"rate={RATE}", "channels=2"], self.env) is None:
            return "pipewire-pulse would not load a null sink"
        if not wait_for(lambda: (quiet(["pactl", "get-default-sink"], self.env) or "").strip() == "koi"):
            return "WirePlumber did not make the null sink the default: " + tail(self.log)
        # The graph at the tone's rate, as a desktop that follows its
        # streams' rate runs (clock.allowed-rates); else it resamples.  And
        # one quantum: a stream that joins asking for another one changes
        # the graph's, which PipeWire does with a skip in every stream,
        # the recorder's included (a 256-frame gap at the tone's start).
        for key, val in (("clock.force-rate", RATE), ("clock.force-quantum", 1024)):
            quiet(["pw-metadata", "-n", "settings", "0", key, str(val)], self.env)
        return None


def tail(path, n=300):
    try:
        with open(path, errors="replace") as f:
            return " ".join(f.read()[-n:].split())
    except OSError:
        return "(no log)"


class Recording:
    """parec on the koi sink's monitor, into a WAV, while a player runs."""

    def __init__(self, server, wav):
        self.server, self.wav = server, wav

    def __enter__(self):
        env = self.server.env
        self.proc = start(["parec", "-d", "koi.monitor", f"--rate={RATE}", "--channels=2",
                           "--format=s16le", "--latency-msec=20", "--file-format=wav", self.wav],
                          env, self.wav + ".log")
        if not wait_for(lambda: self.proc.poll() is not None or
                        (quiet(["pactl", "list", "short", "source-outputs"], env) or "").strip()):
            raise ValueError("parec did not connect")
        if self.proc.poll() is not None:
            raise ValueError("parec failed: " + tail(self.wav + ".log") + self.server_state())
        self.grown(RATE * 4 // 2)  # the monitor's sound flows: half a second of it
        return self

    def server_state(self):
        """For a failure: whether the server itself is gone, and how its
        log ends (a server that dies in the middle of a case fails every
        later one: this says why)."""
        p = getattr(self.server, "proc", None)
        gone = f" exited with status {p.returncode}" if p and p.poll() is not None else " still runs"
        return f"; the server{gone}; its log ends: {tail(self.server.log, 600)}"

    def grown(self, nbytes):
        """Wait until the recording has grown by nbytes (what reaches it
        flows, whatever the host's speed); the deadline bounds a hang."""
        size = os.path.getsize(self.wav) + nbytes
        if not wait_for(lambda: os.path.getsize(self.wav) >= size):
            raise ValueError(f"the recording did not grow by {nbytes} bytes" + self.server_state())

    def finish(self):
        """After the player: wait until a second more has reached the
        monitor (the server's buffers flushed), then end parec cleanly."""
        self.grown(RATE * 4)
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=HANG)

    def __exit__(self, *exc):
        stop(self.proc)
        if self.proc in procs:
            procs.remove(self.proc)


def make_play(env, *args, stdin=None):
    """`make play ...` as a user types it; (exit, stdout, stderr)."""
    r = subprocess.run(["make", "--no-print-directory", "-C", TOP, "play"] + list(args),
                       env=env, input=stdin, capture_output=True, text=True,
                       timeout=300)
    return r.returncode, r.stdout, r.stderr


def koi_lines(err):
    """koi-qemu's and QEMU's own lines on stderr (not make's, nor the
    device's counters)."""
    return [l for l in err.splitlines() if l.strip() and not l.startswith(("make", "goldfish_audio: "))]


def wavstat(wav, freq=None):
    cmd = [WAVSTAT, "--json"] + (["--freq", str(freq)] if freq else []) + [wav]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=HANG)
    if r.returncode not in (0, 1):
        raise ValueError(f"wavstat: {r.stderr.strip()}")
    return json.loads(r.stdout) if r.stdout.strip() else None


def device_report(err):
    """What the goldfish device model says went wrong on the host's side:
    silent frames it played because the guest was late, frames it dropped
    because the backend did not take them (its counters line on stderr,
    printed only when there were any).  (silent, dropped)"""
    m = re.search(r"goldfish_audio: .* (\d+) silent frames, (\d+) frames dropped", err)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


# The device's start: it plays silence until the first period is queued
# (under 64 frames here); not a sign of a slow host.
START_SILENCE = 64


def check_tone(wav, err, sinad_min, seconds=3.0, level=-6.0):
    """The recording holds the 997 Hz tone at `level` dBFS (the fitted
    amplitude, within 0.5 dB), all `seconds` of it, with no gap and, where
    sinad_min is given, no discontinuity (SINAD >= sinad_min dB).

    A host too busy to keep real time shows in the device's own counters:
    silence played because the guest was late, frames dropped because the
    backend was.  What reached the server then says nothing about the way
    to it (the same stall starves the server too), so such a run is a SKIP
    with those counts; a run the device calls clean must reach the server
    whole.  (ok, why)"""
    silent, dropped = device_report(err)
    if silent > START_SILENCE or dropped > 0:
        return True, (f"SKIP this host was too slow for real time during the run: the "
                      f"device played {silent} silent frames and dropped {dropped}")
    s = wavstat(wav, 997)
    if not s:
        return False, "wavstat found no tone"
    have = s["signal_frames"] / s["rate"]
    probs = []
    if s["gaps"]:
        probs.append(f"{s['gaps']} gaps ({s['gap_frames']} frames): {s['gap_list'][:3]}")
    if have < seconds - 0.05:
        probs.append(f"only {have:.3f} s of signal, not {seconds}")
    for i, c in enumerate(s["channel"]):
        if not c.get("tone"):
            probs.append(f"channel {i}: no tone ({c.get('no_tone')})")
            continue
        amp = 20 * math.log10(c["amplitude"] / 32768)
        if abs(amp - level) > 0.5:
            probs.append(f"channel {i}: amplitude {amp:.2f} dBFS, not {level}")
        if sinad_min and c["sinad_db"] < sinad_min:
            probs.append(f"channel {i}: SINAD {c['sinad_db']} dB < {sinad_min} (a discontinuity)")
    c = s["channel"][0]
    why = (f"{have:.3f} s of signal at {c.get('freq')} Hz, SINAD {c.get('sinad_db')} dB, "
           f"{s['gaps']} gaps; the device played {silent} silent frames (start) and dropped 0")
    return not probs, "; ".join(probs) or why


# What Debian's stock QEMU (vexpress-a9, virt) prints through its pa
# driver at every start: the PL041's codec and virtio-sound set their
# volume when a voice opens (lm4549_init, AUD_set_volume_out), before the
# server has made the stream, and QEMU's qpa_volume_out asks the server to
# set the volume of sink input PA_INVALID_INDEX (audio/paaudio.c).  The
# volume stays at the server's default, unity.  QEMU's, not Koi's: told
# apart from any other line of its pa driver, which still counts.
STOCK_PA_NOISE = ("pulseaudio: set_sink_input_volume() failed",
                  "pulseaudio: set_sink_input_mute() failed",
                  "pulseaudio: set_source_output_volume() failed",  # virt's capture stream
                  "pulseaudio: set_source_output_mute() failed",
                  "pulseaudio: Reason: Invalid argument")


def said(err, what, board="goldfish"):
    """Exactly one line from koi-qemu about the sound, and it is `what`;
    no line from QEMU's pa driver (on a stock QEMU, none but STOCK_PA_NOISE)."""
    lines = [l for l in koi_lines(err) if l.startswith("koi: sound to") or
             l.startswith("koi: no host sound") or "pulseaudio:" in l]
    if board != "goldfish":
        lines = [l for l in lines if l not in STOCK_PA_NOISE]
    return len(lines) == 1 and what in lines[0], lines


def played(server, env, want, *make_args, stdin=None, seconds=3.0, whole=True,
           sinad_min=0):
    """make play (TONE unless ARGS= is given) while recording the sink:
    koi-qemu named `want`, the firmware exited 0, and the tone arrived
    (SINAD at least sinad_min: by default (0) the server's bound; RESAMPLED
    (None): reported, not judged)."""
    board = next((a[6:] for a in make_args if a.startswith("BOARD=")), "goldfish")
    wav = os.path.join(server.root, "rec-%d.wav" % len(os.listdir(server.root)))
    args = list(make_args)
    if not any(a.startswith("ARGS=") for a in args):
        args.append("ARGS=" + " ".join(TONE))
    with Recording(server, wav) as rec:
        dry = server.ran_dry()
        rc, out, err = make_play(env, *args, stdin=stdin)
        rec.finish()
    dry = server.ran_dry() - dry - server.dry_at_start
    one, lines = said(err, want, board)
    if rc != 0 or not one:
        return False, f"exit {rc}, lines {lines}: {(out + err).strip()[-300:]}"
    if not whole:
        return reached(wav, err, seconds)
    if dry > 0:
        return True, (f"SKIP this host was too slow for real time during the run: QEMU's "
                      f"stream ran dry {dry} times after its start (the server's log)")
    return check_tone(wav, err, server.sinad_min if sinad_min == 0 else sinad_min, seconds)


def reached(wav, err, seconds, level=-6.0):
    """The tone reached the server at its level and for its length; gaps
    are reported, not judged (QEMU's native pipewire driver: see
    pipewire_cases).  (ok, why)"""
    s = wavstat(wav)
    if not s or s["channel"][0]["peak_dbfs"] is None:
        return False, "no sound reached the server"
    have = s["signal_frames"] / s["rate"]
    peaks = [c["peak_dbfs"] for c in s["channel"]]
    ok = have >= seconds - 0.05 and all(p is not None and abs(p - level) <= 0.5 for p in peaks)
    silent, dropped = device_report(err)
    return ok, (f"{have:.3f} s of signal, peaks {peaks} dBFS, {s['gaps']} gaps "
                f"({s['gap_frames']} frames; the device played {silent} silent frames "
                f"and dropped {dropped})")


def pcm16(path):
    """A 16-bit stereo WAV's rate and its samples, interleaved (python's
    own wave module: independent of tools/wavread.c and wavcmp)."""
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 2:
            raise ValueError(f"{path}: not 16-bit stereo")
        data = array.array("h", w.readframes(w.getnframes()))
        rate = w.getframerate()
    if sys.byteorder == "big":
        data.byteswap()
    return rate, data


def first_sound(d):
    """The first frame with a non-zero sample, or None."""
    for i, v in enumerate(d):
        if v:
            return i // 2
    return None


def same_frames(expected, recorded):
    """The recording holds the whole of the expected sound, frame for frame,
    after aligning the first non-silent frame of each (the recording starts
    wherever parec did).  Everything from that frame to the end of the
    expected file (its trailing silence included) must be there, unchanged;
    left and right are compared as they are (a swap shows).  (ok, why)"""
    erate, e = pcm16(expected)
    rrate, r = pcm16(recorded)
    if erate != rrate:
        return False, f"rates differ: render {erate} Hz, recording {rrate} Hz"
    oe, orec = first_sound(e), first_sound(r)
    if oe is None:
        return False, "the render is silent"
    if orec is None:
        return False, "nothing but silence reached the server"
    n = len(e) // 2 - oe
    have = len(r) // 2 - orec
    if have < n:
        return False, (f"the recording holds {have} frames from its first sound "
                       f"(frame {orec}), the render {n}")
    a, b = e[2 * oe:], r[2 * orec:2 * (orec + n)]
    if a == b:
        return True, (f"{n} frames identical from the first sound (render frame {oe}, "
                      f"recording frame {orec})")
    bad = [i for i in range(n) if a[2 * i] != b[2 * i] or a[2 * i + 1] != b[2 * i + 1]]
    i = bad[0]
    return False, (f"{len(bad)} of {n} frames differ, the first at frame {i} of the sound: "
                   f"render {tuple(a[2 * i:2 * i + 2])}, recording {tuple(b[2 * i:2 * i + 2])}")


def render(board, args, out):
    """koi-render of the board's build (the same C code as the firmware)."""
    tool = os.path.join(koirun.BUILD, *([] if board == "goldfish" else [board]), "tools",
                        "koi-render")
    r = subprocess.run([tool, "-o", out] + args, capture_output=True, text=True,
                       timeout=HANG)
    if r.returncode != 0:
        raise ValueError(f"koi-render {' '.join(args)}: {r.stderr.strip()[-200:]}")


def exact(server, env, board, args, want):
    """make play [BOARD=board] ARGS=args while recording the sink, then the
    recording against koi-render's output for the same job, frame for
    frame (same_frames).  The server passes the samples unchanged (its
    sink at the stream's rate and format, unity volume): nothing in
    between may differ.  A run the host could not keep in real time (the
    device's counters, the server's log) is a SKIP with those figures, as
    in played()."""
    wav = os.path.join(server.root, "rec-%d.wav" % len(os.listdir(server.root)))
    make_args = ["ARGS=" + " ".join(args)] + ([] if board == "goldfish" else [f"BOARD={board}"])
    with Recording(server, wav) as rec:
        dry = server.ran_dry()
        rc, out, err = make_play(env, *make_args)
        rec.finish()
    dry = server.ran_dry() - dry - server.dry_at_start
    lines = [l for l in koi_lines(err) if l.startswith("koi: sound to")]
    if rc != 0 or len(lines) != 1 or want not in lines[0]:
        return False, f"exit {rc}, lines {lines}: {(out + err).strip()[-300:]}"
    silent, dropped = device_report(err)
    m = re.search(r"^koi: underruns (\d+)", out, re.M)
    xruns = int(m.group(1)) if m else 0
    expected = wav + ".render.wav"
    render(board, args, expected)
    ok, why = same_frames(expected, wav)
    noise = [l for l in koi_lines(err) if l.startswith("pulseaudio:")]
    if noise:
        why += f"; QEMU's own pa lines: {len(noise)} ({noise[0]})"
    why += f"; the firmware counted {xruns} underruns"
    # A gap reaches the server only if its stream ran dry there (its log),
    # or goldfish's device filled one with silence or dropped frames (its
    # counters).  A firmware underrun without either is no gap: the
    # backend got the sound a little later, with the server's buffer still
    # full (virt at each start: its first tick takes the whole ring).
    if dry > 0 or silent > START_SILENCE or dropped > 0:
        return True, (f"SKIP this host was too slow for real time during the run: the "
                      f"server's stream ran dry {max(dry, 0)} times after its start, the "
                      f"device played {silent} silent frames and dropped {dropped} "
                      f"(the comparison: {why})")
    return ok, why


def refused(env, want, *make_args):
    """make play refuses: tools/koi-qemu exits 1 before QEMU starts (make
    says "Error 1" and exits 2 itself), with one line naming `want` and the
    way to a WAV, and no line from QEMU's driver."""
    rc, out, err = make_play(env, "ARGS=tone --seconds 0.2", *make_args)
    lines = koi_lines(err)
    ok = (rc == 2 and re.search(r"^make(\[\d+\])?: \*\*\* .* Error 1$", err, re.M) is not None and
          len(lines) == 1 and want in lines[0] and "out.wav" in lines[0])
    return ok, f"make exit {rc}, {len(lines)} line(s): {lines[:4]}"


def pulse_cases(pa):
    env = pa.env
    nopid = dict(env)
    elsewhere = dict(env, XDG_RUNTIME_DIR=os.path.join(pa.root, "empty"))
    os.makedirs(elsewhere["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    sock = "unix:" + pa.sock
    return [
        ("PulseAudio: the socket in $XDG_RUNTIME_DIR, no pulse/pid: make play finds it, "
         "says so in one line, the tone arrives whole",
         lambda: (False, "a pulse/pid file exists") if os.path.exists(
             os.path.join(pa.root, "run", "pulse", "pid")) else
         played(pa, nopid, "PulseAudio at " + sock)),
        ("PulseAudio: PULSE_SERVER=unix:PATH (no runtime socket)",
         lambda: played(pa, dict(elsewhere, PULSE_SERVER=sock), "PulseAudio at " + sock)),
        ("PulseAudio: PULSE_SERVER=tcp:127.0.0.1:PORT (WSLg, containers, ssh)",
         lambda: played(pa, dict(elsewhere, PULSE_SERVER=f"tcp:127.0.0.1:{pa.port}"),
                        f"PulseAudio at tcp:127.0.0.1:{pa.port}")),
        ("PulseAudio: PULSE_SERVER names a dead server first, a live one second: the live one",
         lambda: played(pa, dict(elsewhere, PULSE_SERVER="unix:/nonexistent/native " + sock),
                        "PulseAudio at " + sock)),
        ("PulseAudio: PLAY_AUDIO=pa picks it by hand",
         lambda: played(pa, nopid, "PulseAudio at " + sock, "PLAY_AUDIO=pa")),
        ("PulseAudio: the live piano, keys fed in, is heard and quits at the end of input",
         lambda: piano(pa, nopid)),
        ("PulseAudio, vexpress-a9 on a stock QEMU without the pa module: one line saying "
         "to install qemu-system-gui", lambda: no_module(pa)),
        ("PulseAudio, vexpress-a9 as a user types it (make play BOARD=vexpress-a9, the "
         "codec at its 48 kHz, the server resampling to its 44.1): the tone arrives whole",
         lambda: played(pa, nopid, "PulseAudio at " + sock, "BOARD=vexpress-a9",
                        sinad_min=RESAMPLED)),
        ("PulseAudio: the live piano on vexpress-a9, keys fed in, is heard and quits at the "
         "end of input", lambda: piano(pa, nopid, "BOARD=vexpress-a9")),
        ("PulseAudio, goldfish: a 3 s tone, left and right in antiphase, reaches the server "
         "frame for frame as koi-render renders it",
         lambda: exact(pa, nopid, "goldfish", EXACT_TONE, "PulseAudio at " + sock)),
        ("PulseAudio, goldfish: the demo (melody left, bass right) reaches the server frame "
         "for frame", lambda: exact(pa, nopid, "goldfish", ["demo"], "PulseAudio at " + sock)),
        ("PulseAudio, vexpress-a9 on the stock QEMU (make play BOARD=vexpress-a9, the codec "
         "at --rate 44100): the tone reaches the server frame for frame",
         lambda: exact(pa, nopid, "vexpress-a9", ["--rate", str(RATE)] + EXACT_TONE,
                       "PulseAudio at " + sock)),
        ("PulseAudio, virt on the stock QEMU (make play BOARD=virt, virtio-sound at --rate "
         "44100): the tone reaches the server frame for frame",
         lambda: exact(pa, nopid, "virt", ["--rate", str(RATE)] + EXACT_TONE,
                       "PulseAudio at " + sock)),
    ]


def no_module(server):
    """Debian's QEMU without its audio modules (qemu-system-gui): a QEMU
    whose -audiodev help lists none alsa wav, as Debian 12's does then.
    tools/koi-qemu, which all boards share, must say what to install, in
    one line, before QEMU runs."""
    fake = os.path.join(server.root, "qemu-without-pa")
    with open(fake, "w") as f:
        f.write("#!/bin/sh\n[ \"$*\" = \"-audiodev help\" ] || exit 99\n"
                "printf 'Available audio drivers:\\nnone\\nalsa\\nwav\\n'\n")
    os.chmod(fake, 0o755)
    r = subprocess.run([koirun.KOI_QEMU, "--board", "vexpress-a9", "--audio", "pa",
                        koirun.FIRMWARE, "tone"], env=dict(server.env, QEMU=fake),
                       capture_output=True, text=True, timeout=HANG)
    lines = koi_lines(r.stderr)
    ok = (r.returncode == 1 and len(lines) == 1 and "has no pa driver" in lines[0]
          and "qemu-system-gui" in lines[0])
    return ok, f"exit {r.returncode}: {lines}"


def piano(server, env, *make_args):
    """The live piano through the server, its keys fed on standard input:
    it plays them, quits at the end of input, and the recording holds
    sound (notes, not one tone: only their presence is checked).  And the
    stream asked the server for the live buffer (koi-qemu --live, which
    make play gives a live job: out.latency 30 ms, PulseAudio's log says
    "Requested tlength=30.00 ms"), not QEMU's 46.44 ms (PulseAudio only:
    PipeWire's logs do not say)."""
    wav = os.path.join(server.root, "piano-%d.wav" % len(os.listdir(server.root)))
    pulse = isinstance(server, Pulse)  # PipeWire's logs do not say what it asked
    with open(server.log, errors="replace") as f:
        seen = len(f.read())
    with Recording(server, wav) as rec:
        rc, out, err = make_play(env, "ARGS=piano", *make_args, stdin="asdfghjk")
        rec.finish()
    with open(server.log, errors="replace") as f:
        asked = re.findall(r"Requested tlength=([\d.]+) ms", f.read()[seen:])
    s = wavstat(wav)
    peak = max((c["peak_dbfs"] for c in s["channel"] if c["peak_dbfs"] is not None),
               default=-999) if s else -999
    ok = (rc == 0 and "koi: played   piano" in out and s and s["signal_frames"] > 0 and
          peak > -30 and (asked == ["30.00"] or not pulse))
    return ok, (f"exit {rc}, {s['signal_frames'] if s else 0} frames of sound, peak {peak} "
                f"dBFS" + (f", the stream asked for tlength {asked} ms" if pulse else ""))


def pipewire_cases(pw):
    """PipeWire through its PulseAudio service is checked like PulseAudio.
    QEMU's native pipewire driver is checked for reaching the server at
    the tone's level and length only: it starts each stream short (it does
    not prebuffer) and, when its 10 ms ticks come late, fills the quantum
    with silence itself, which neither the device's counters nor any
    server log shows; so a gap there cannot be told from a busy host's.
    The gaps are reported (docs/play.md has the figures)."""
    env = pw.env
    pulse = "unix:" + pw.pulse
    native = dict(env, XDG_RUNTIME_DIR=os.path.join(pw.root, "empty"), PIPEWIRE_REMOTE=pw.sock)
    os.makedirs(native["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    return [
        ("PipeWire: make play goes through its PulseAudio service (auto), says so, "
         "the tone arrives whole",
         lambda: played(pw, env, "PulseAudio at " + pulse)),
        ("PipeWire: PIPEWIRE_REMOTE=PATH and no PulseAudio service: QEMU's native "
         "pipewire driver (auto); the tone reaches the server (level, length)",
         lambda: played(pw, native, "PipeWire at " + pw.sock, whole=False)),
        ("PipeWire, virt as a user types it (make play BOARD=virt, 48 kHz, the graph "
         "resampling to its 44.1), through its PulseAudio service: the tone arrives whole",
         lambda: played(pw, env, "PulseAudio at " + pulse, "BOARD=virt",
                        sinad_min=RESAMPLED)),
        # At the graph's rate: resampled, the native driver's gaps ring
        # (a peak of -5.4 dBFS measured at 48 kHz, beyond the level's 0.5 dB).
        ("PipeWire, vexpress-a9 natively (PLAY_AUDIO=pipewire, the stock QEMU's pipewire "
         "module, the codec at --rate 44100): the tone reaches the server (level, length)",
         lambda: played(pw, env, "PipeWire at " + pw.sock, "PLAY_AUDIO=pipewire",
                        "BOARD=vexpress-a9", "ARGS=--rate 44100 " + " ".join(TONE),
                        whole=False)),
        ("PipeWire natively (PLAY_AUDIO=pipewire): the live piano on vexpress-a9, keys fed "
         "in, is heard and quits at the end of input",
         lambda: piano(pw, env, "BOARD=vexpress-a9", "PLAY_AUDIO=pipewire")),
        ("PipeWire: PLAY_AUDIO=pipewire picks the native driver by hand",
         lambda: played(pw, env, "PipeWire at " + pw.sock, "PLAY_AUDIO=pipewire",
                        whole=False)),
    ]


def no_server_cases(root):
    env = base_env(root)
    card = alsa_card()
    cases = [
        ("PULSE_SERVER pointing at nothing: one line (no QEMU pulseaudio lines), koi-qemu "
         "exits 1 (make: Error 1, exit 2)",
         lambda: refused(dict(env, PULSE_SERVER="unix:" + os.path.join(root, "none")),
                         "does not answer") if not card else
         (True, f"SKIP this host has an ALSA card ({card})")),
        ("PLAY_AUDIO=pipewire with no PipeWire: one line, koi-qemu exits 1 (make: Error 1, "
         "exit 2)",
         lambda: refused(env, "no PipeWire server", "PLAY_AUDIO=pipewire")),
        ("no server and no card: one line saying why and how to get a WAV, koi-qemu exits 1 "
         "(make: Error 1, exit 2)",
         lambda: refused(env, "no host sound") if not card else
         (True, f"SKIP this host has an ALSA card ({card})")),
    ]
    return cases


def alsa_card():
    try:
        with open("/proc/asound/cards") as f:
            for line in f:
                if "]: " in line:
                    return " ".join(line.split())
    except OSError:
        pass
    return None


def server_cases(cls, make_cases, root):
    """The cases of one server, started first; SKIP each with the reason
    when it cannot start here."""
    server = cls(root)
    state = {}

    def up():
        if "why" not in state:
            state["why"] = server.start()
        return state["why"]

    def wrap(fn, last):
        def run():
            try:
                why = up()
                return (True, "SKIP " + why) if why else fn()
            finally:
                if last:
                    stop_all()  # this server's processes, before the next server
        return run
    cases = make_cases(server)
    return [(name, wrap(fn, i == len(cases) - 1)) for i, (name, fn) in enumerate(cases)]


def main():
    root = tempfile.mkdtemp(prefix="koi-play-")
    rc = 1
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: sys.exit(1))
    try:
        pa_root, pw_root, none_root = (os.path.join(root, d) for d in ("pa", "pw", "none"))
        for d in (pa_root, pw_root, none_root):
            os.makedirs(d)
        cases = no_server_cases(none_root)
        cases += server_cases(Pulse, pulse_cases, pa_root)
        cases += server_cases(PipeWire, pipewire_cases, pw_root)
        # PLAY_CASES=REGEX runs only the cases whose name matches (by hand,
        # while working on one; make test-play runs them all).
        pick = os.environ.get("PLAY_CASES")
        if pick:
            cases = [c for c in cases if re.search(pick, c[0])]
        rc = koirun.tap(cases)
    finally:
        stop_all()
        # By hand (PLAY_KEEP), or after a failure: the recordings and the
        # servers' logs stay.
        if os.environ.get("PLAY_KEEP") or rc != 0:
            print(f"# kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
