#!/usr/bin/env python3
"""Koi benchmarks and plots (driven by tests/bench/bench.mk).

  tests/bench/run.py bench   measure everything twice, check the runs agree,
                             print the table, write docs/PERFORMANCE.md
  tests/bench/run.py plots   PNGs in docs/img/ (captures + the last bench)

Everything runs under -icount shift=3,align=off,sleep=off -rtc clock=vm on
cortex-a15 (125 MIPS of guest, one PMU count per ns = 8 per instruction),
through tools/koi-qemu.  Figures come from the runs, never from this file:
the only constants here are the targets of issue 12, the Linux goldfish
driver's buffer size (the baseline for latency), and tests/bench/before.json,
the figures this bench's predecessor measured before issue 12 (shown as
"before -> now").  Limits are searched until they fail: voices upward from
64 (doubling, then bisection), periods downward from 64 frames (halving,
then bisection) to the device's one frame.
"""
import json
import os
import re
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
B = os.path.join(TOP, "build")
BENCH = os.path.join(B, "bench")
QEMU = [os.path.join(TOP, "tools", "koi-qemu"), "--icount", "3", "--timeout", "900"]
WAVSTAT = os.path.join(B, "tools", "wavstat")
FIRMWARE = os.path.join(B, "firmware.elf")
PLAY = os.path.join(BENCH, "bench_play.elf")
SHIFT = 3
MIPS = 1000 / 2 ** SHIFT             # guest MIPS under -icount shift=3
RATE = 44100
BUDGET = MIPS * 1e6 / RATE           # instructions per frame of real time
LINUX_PERIOD = 4096                  # drivers/staging/goldfish: 16 KiB buffers
# Issue 12's targets.
TARGET_VOICES, TARGET_VOICE_PERIOD = 192, 64
TARGET_SINE_IPF, TARGET_SINE_SINAD = 12.0, 98.0
TARGET_FIXED = 50.0                  # instructions per voice and render block
TARGET_RESET = 300000                # reset to the demo's first WRITE_BUFFER
TARGET_PERIOD = 16                   # frames, tone and demo, 0 underruns
DEMO_LOOPS = 6                       # 6 x 10.17 s: at least 60 s of sound
SEARCH_SECONDS = "3"                 # each voice-search run
MAX_VOICES = 65535                   # MIXER_MAX_VOICES: where the search stops
BEFORE = json.load(open(os.path.join(os.path.dirname(__file__), "before.json")))
# The PolyBLEP waves that issue 21's wavetables replaced, as make bench
# measured them at the commit before (shown beside the wavetables).
BEFORE21 = json.load(open(os.path.join(os.path.dirname(__file__), "before21.json")))
# Issue 21's targets.
TARGET_WAVE_IPF, TARGET_ALIAS_DBC, TARGET_TABLE_BYTES = 12.0, -80.0, 64 * 1024
TARGET_SRC_FLAT, TARGET_SRC_F3, TARGET_SRC_SPUR = 0.1, 0.95, -110.0
# The rate converter: the conversions bench_src and src_host --bench
# measure, and the commit of the converter before issue 21 (bench.mk).
SRC_RATES = (48000, 22050, 8000, 96000)
SRC_BEFORE = os.environ.get("SRC_BEFORE", "?")
SRC_LSR = (("lsr_best", "SRC_SINC_BEST_QUALITY"), ("lsr_medium", "SRC_SINC_MEDIUM_QUALITY"))
# Figures that are the host's wall clock, not a function of the code: shown,
# never compared between the two runs.
HOST_CLOCK = "host_ns."


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    return p.returncode, p.stdout


def bench_lines(text):
    return {m.group(1): m.group(2) for m in re.finditer(r"^BENCH (\S+) (\S+)$", text, re.M)}


def wavstat(path, *opts):
    rc, out = run([WAVSTAT, "--json", *opts, path])
    if rc:
        raise SystemExit("wavstat failed on %s:\n%s" % (path, out))
    return json.loads(out)


def device_underruns(text):
    m = re.search(r"goldfish_audio: \d+ frames played, (\d+) underruns", text)
    return int(m.group(1)) if m else 0


def bench_image(name, prefix, d, r):
    """Runs build/bench/NAME.elf writing into d; its BENCH figures go into
    r as PREFIX + key (raises unless it ran with 0 failures)."""
    rc, out = run(QEMU + [os.path.join(BENCH, name + ".elf"), d])
    g = bench_lines(out)
    if rc or g.get("failures") != "0":
        raise SystemExit("%s failed (status %d):\n%s" % (name, rc, out))
    for k, v in g.items():
        r[prefix + k] = float(v)
    return g


def play(args, what):
    """bench_play with args; its BENCH figures (raises unless it ran)."""
    rc, out = run(QEMU + [PLAY] + args)
    p = bench_lines(out)
    if "underruns" not in p:
        raise SystemExit("bench_play %s failed (status %d):\n%s" % (what, rc, out))
    p["_ok"] = rc == 0 and int(p["underruns"]) == 0 and device_underruns(out) == 0
    return p


def search_up(ok, start):
    """The largest v with ok(v): doubling from start until it fails (or
    MAX_VOICES), then bisection.  ok must be monotonic."""
    lo, hi, v = 0, None, start
    while hi is None:
        if ok(v):
            lo = v
            if v == MAX_VOICES:
                return lo
            v = min(2 * v, MAX_VOICES)
        else:
            hi = v
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            lo = mid
        else:
            hi = mid
    return lo


def search_down(ok, start):
    """The smallest p with ok(p): halving from start until it fails (or 1),
    then bisection; 0 if start already fails."""
    best, p = 0, start
    while p >= 1:
        if not ok(p):
            break
        best, p = p, p // 2
    if best in (0, 1):
        return best
    lo, hi = p, best              # p failed, best passed
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


def src_run(n, d, r):
    """The rate converter: instructions per output frame on the target
    (bench_src, today's and SRC_BEFORE's), quality and host ns per frame
    beside libsamplerate (src_host --bench)."""
    log("bench run %d: rate converter, now and before issue 21 (bench_src, src_host)" % n)
    bench_image("bench_src", "src.", d, r)
    for prog in ("src_host", "src_host_before"):
        rc, out = run([os.path.join(BENCH, prog), "--bench"])
        if rc:
            raise SystemExit("%s --bench failed (status %d):\n%s" % (prog, rc, out))
        for m in re.finditer(r"^SRC (\S+) (\d+) (\d+) (\S+) (\S+) (\S+) (\S+) (\S+)$", out, re.M):
            key = "%s_%s" % (m.group(1), m.group(2))
            r[HOST_CLOCK + key] = float(m.group(4))
            for i, q in enumerate(("g90", "g95", "f3", "resid")):
                r["srcq.%s.%s" % (key, q)] = float(m.group(5 + i))


def src_table(r, row, verdicts):
    """The converter's rows and issue 21's verdict on it."""
    S = ("Rate converter: instructions per output frame (44.1 kHz stereo out) beside "
         "its quality")
    # round() first: a gain of -0.00001 dB prints as +0.0000, not -0.0000.
    q = lambda key, k: round(r["srcq.%s.%s" % (key, k)], 4) + 0.0

    def quality(key, out):
        return ("%s: %+.2f dB at 0.90, %+.2f dB at 0.95, -3 dB at %.4f, residual %.1f dBc (%s)"
                % (key.split("_")[0], q(key, "g90"), q(key, "g95"), q(key, "f3"),
                   q(key, "resid"), out))
    for rate in SRC_RATES:
        now, before = "now_%d" % rate, "before_%d" % rate
        a = r["src.ipf_src_%s" % now]
        b = r.get("src.ipf_src_%s" % before)
        row(S, "%d → 44100 Hz" % rate, fmt(a), "converter before issue 21 (%s)" % SRC_BEFORE,
            fmt(b) if b is not None else "refused", ratio(a, b) if b else "—",
            "%s; %s" % (quality(now, "float out"),
                        quality(before, "S16 out: 16-bit floor") if b is not None else ""))
    H = ("Rate converter on the host: ns per output frame (wall clock, best of 5; not "
         "comparable with instruction counts, not compared between runs)")
    for rate in SRC_RATES:
        now = "now_%d" % rate
        for key, name in SRC_LSR:
            k = "%s_%d" % (key, rate)
            row(H, "%d → 44100 Hz" % rate, "%.1f" % r[HOST_CLOCK + now],
                "libsamplerate %s" % name, "%.1f" % r[HOST_CLOCK + k],
                ratio(r[HOST_CLOCK + now], r[HOST_CLOCK + k]),
                "Koi %+.4f / %+.2f dB, -3 dB at %.4f, %.1f dBc; libsamplerate %+.4f / %+.2f dB, "
                "-3 dB at %.4f, %.1f dBc" % (q(now, "g90"), q(now, "g95"), q(now, "f3"),
                                             q(now, "resid"), q(k, "g90"), q(k, "g95"),
                                             q(k, "f3"), q(k, "resid")))
        row(H, "%d → 44100 Hz" % rate, "%.1f" % r[HOST_CLOCK + "now_%d" % rate],
            "Koi before issue 21 (%s, S16 out)" % SRC_BEFORE,
            "%.1f" % r[HOST_CLOCK + "before_%d" % rate],
            ratio(r[HOST_CLOCK + "now_%d" % rate], r[HOST_CLOCK + "before_%d" % rate]), "")
    keys = ["now_%d" % rate for rate in SRC_RATES]
    flat = max(abs(q(k, "g90")) for k in keys)
    f3 = min(q(k, "f3") for k in keys)
    spur = max(q(k, "resid") for k in keys)
    verdicts.append(("Converter (%s → 44100 Hz): flat within ±%g dB to 0.90, -3 dB at or above "
                     "%g, residual at or below %g dBc (issue 21; every pair, images and aliases: "
                     "make test-src)" % (", ".join(str(x) for x in SRC_RATES), TARGET_SRC_FLAT,
                                         TARGET_SRC_F3, TARGET_SRC_SPUR),
                     "±%.4f dB, -3 dB at %.4f or above, residual %.1f dBc or below"
                     % (flat, f3, spur),
                     flat <= TARGET_SRC_FLAT and f3 >= TARGET_SRC_F3 and spur <= TARGET_SRC_SPUR))


def one_run(n):
    """All measurements once; returns a flat dict of figures."""
    r = {}
    d = os.path.join(BENCH, "run%d" % n)
    os.makedirs(d, exist_ok=True)
    log("bench run %d: generators, envelope, mixer (bench_gen)" % n)
    bench_image("bench_gen", "gen.", d, r)
    for name in ("sine", "naive_sine", "table_sine"):
        j = wavstat(os.path.join(d, name + ".wav"))
        r["sinad." + name] = j["channel"][0]["sinad_db"]
    for w in ("saw", "square", "triangle"):
        for k in (1, 5, 10):
            for pre in ("", "naive_"):
                name = "%s%s_%dk" % (pre, w, k)
                j = wavstat(os.path.join(d, name + ".wav"), "--alias")
                r["alias." + name] = j["channel"][0]["spur_dbc"]

    src_run(n, d, r)

    log("bench run %d: demo and tone at the default period (bench_play)" % n)
    for what, args in (("demo", ["demo"]), ("tone", ["tone"])):
        p = play(args, what)
        if not p["_ok"] or "cpu_share_pct" not in p:
            raise SystemExit("bench_play %s had underruns or no figures: %s" % (what, p))
        for k, v in p.items():
            if not k.startswith("_"):
                r[what + "." + k] = float(v)

    log("bench run %d: voices at %d-frame periods, searched until they fail"
        % (n, TARGET_VOICE_PERIOD))

    def shipped_ok(v):
        rc, out = run(QEMU + [FIRMWARE, "mix", "--voices", str(v), "--period",
                              str(TARGET_VOICE_PERIOD), "--seconds", SEARCH_SECONDS])
        m = re.search(r"koi: underruns (\d+)", out)
        # Status 1 is the firmware reporting the underrun's broken pipe.
        if rc not in (0, 1) or not m:
            raise SystemExit("firmware mix --voices %d failed (status %d):\n%s" % (v, rc, out))
        log("  firmware mix, %d voices: %s underruns" % (v, m.group(1)))
        return int(m.group(1)) == 0 and device_underruns(out) == 0

    def ramps_ok(v):
        p = play(["--ramps", "mix", "--voices", str(v), "--period", str(TARGET_VOICE_PERIOD),
                  "--seconds", SEARCH_SECONDS], "ramps")
        log("  every voice in attack/release, %d voices: %s underruns, CPU %s %%"
            % (v, p["underruns"], p.get("cpu_share_pct", "?")))
        return p["_ok"]

    r["voices_sustained"] = search_up(shipped_ok, 64)
    r["voices_ramps"] = search_up(ramps_ok, 64)
    p = play(["--ramps", "mix", "--voices", str(TARGET_VOICES), "--period",
              str(TARGET_VOICE_PERIOD), "--seconds", SEARCH_SECONDS], "ramps")
    r["ramps_target_underruns"] = int(p["underruns"]) + (0 if p["_ok"] else 0)
    r["ramps_target_ok"] = 1 if p["_ok"] else 0
    r["ramps_target_cpu"] = float(p.get("cpu_share_pct", 0))

    log("bench run %d: smallest period, searched down from 64 frames until it fails" % n)
    periods = {}

    def period_ok(job, per):
        p = play(job + ["--period", str(per)], job[0])
        periods[(job[0], per)] = p
        log("  %s, %d-frame periods: %s underruns, CPU %s %%"
            % (job[0], per, p["underruns"], p.get("cpu_share_pct", "?")))
        return p["_ok"]

    for name, job in (("demo", ["demo"]), ("tone", ["tone", "--seconds", "10"])):
        per = search_down(lambda q: period_ok(job, q), 64)
        r[name + "_period"] = per
        if per:
            p = periods[(name, per)]
            r[name + "_period_seconds"] = int(p["frames"]) / RATE
            r[name + "_period_cpu"] = float(p["cpu_share_pct"])

    log("bench run %d: demo %d times back to back (%d s) at %d-frame periods"
        % (n, DEMO_LOOPS, int(DEMO_LOOPS * 10.17), TARGET_PERIOD))
    p = play(["--loops", str(DEMO_LOOPS), "demo", "--period", str(TARGET_PERIOD)], "demo60")
    r["demo60.ok"] = 1 if p["_ok"] else 0
    r["demo60.underruns"] = int(p["underruns"])
    r["demo60.seconds"] = int(p["frames"]) / RATE
    r["demo60.cpu"] = float(p["cpu_share_pct"])

    for name, elf in (("demo", FIRMWARE), ("tone_only", os.path.join(BENCH, "tone_only.elf"))):
        rc, out = run(["arm-none-eabi-size", "-A", elf])
        sec = {}
        for line in out.splitlines():
            f = line.split()
            if len(f) >= 2 and f[0].startswith(".") and f[1].isdigit():
                sec[f[0]] = int(f[1])
        r["size.%s.text" % name] = sec.get(".text", 0) + sec.get(".ARM.exidx", 0)
        r["size.%s.rodata" % name] = sec.get(".rodata", 0)
        r["size.%s.data" % name] = sec.get(".data", 0)
        r["size.%s.bss" % name] = sec.get(".bss", 0)
        r["size.%s.reserved" % name] = sum(sec.get(k, 0) for k in
                                           (".stacks", ".pgtables", ".dma", ".heap"))
        # The oscillators' tables: the sine's and the band-limited
        # wavetables (build/gen/koi_sine.c: koi_sine_tab, koi_bl_tab, bl_*).
        rc, out = run(["arm-none-eabi-nm", "-S", elf])
        r["size.%s.wavetables" % name] = sum(
            int(f[1], 16) for f in (line.split() for line in out.splitlines())
            if len(f) == 4 and re.match(r"(koi_sine_tab|koi_bl_tab|bl_\d+_\d+)$", f[3]))
    return r


def fmt(v, nd=2):
    if isinstance(v, float) and not v.is_integer():
        return "%.*f" % (nd, v)
    return "%d" % v


def was(key, now, f=fmt):
    """'before -> now' when the figure was measured before issue 12."""
    b = BEFORE["figures"].get(key)
    return now if b is None else "%s → %s" % (f(b), now)


def ratio(a, b):
    return "%.2f" % (a / b) if b else "—"


def table(r):
    g = lambda k: r["gen." + k]
    rows = []          # (section, what, koi, baseline name, baseline, ratio, note)
    verdicts = []

    def row(sec, what, koi, bname, base, rat, note=""):
        rows.append((sec, what, koi, bname, base, rat, note))

    pct = lambda c: "%.0f %% of the %.0f-instruction budget" % (100.0 * c / BUDGET, BUDGET)
    S = "Instructions per stereo frame (quality beside cost)"
    row(S, "sine 997 Hz (table + interpolation)", was("gen.ipf_sine", fmt(g("ipf_sine"))),
        "sinf() per sample", was("gen.ipf_naive_sine", fmt(g("ipf_naive_sine"))),
        ratio(g("ipf_sine"), g("ipf_naive_sine")),
        "SINAD %.2f dB vs %.2f dB" % (r["sinad.sine"], r["sinad.naive_sine"]))
    row(S, "sine 997 Hz", was("gen.ipf_sine", fmt(g("ipf_sine"))), "table, no interpolation",
        was("gen.ipf_table_sine", fmt(g("ipf_table_sine"))),
        ratio(g("ipf_sine"), g("ipf_table_sine")),
        "SINAD %.2f dB vs %.2f dB" % (r["sinad.sine"], r["sinad.table_sine"]))
    for w in ("square", "saw", "triangle"):
        for k in (1, 5, 10):
            kk = "%s_%dk" % (w, k)
            old = BEFORE21["figures"]
            row(S, "%s %d kHz (wavetable)" % (w, k), was("gen.ipf_" + kk, fmt(g("ipf_" + kk))),
                "naive %s" % w, was("gen.ipf_naive_" + kk, fmt(g("ipf_naive_" + kk))),
                ratio(g("ipf_" + kk), g("ipf_naive_" + kk)),
                "worst alias %.1f dBc vs %.1f dBc; PolyBLEP (%s): %s instructions, %.1f dBc"
                % (r["alias." + kk], r["alias.naive_" + kk], BEFORE21["commit"],
                   fmt(old["gen.ipf_" + kk]), old["alias." + kk]))
    row(S, "white noise (xorshift32)", was("gen.ipf_noise", fmt(g("ipf_noise"))),
        "rand() per sample", was("gen.ipf_naive_noise", fmt(g("ipf_naive_noise"))),
        ratio(g("ipf_noise"), g("ipf_naive_noise")))
    row(S, "pink noise (Voss-McCartney)", was("gen.ipf_pink", fmt(g("ipf_pink"))), "—", "—", "—")
    row(S, "ADSR envelope (mono, per frame)", was("gen.ipf_envelope", fmt(g("ipf_envelope"))),
        "linear ADSR, stage by stage", was("gen.ipf_naive_envelope", fmt(g("ipf_naive_envelope"))),
        ratio(g("ipf_envelope"), g("ipf_naive_envelope")))
    sine_ok = g("ipf_sine") <= TARGET_SINE_IPF and r["sinad.sine"] >= TARGET_SINE_SINAD
    verdicts.append(("Sine: at most %g instructions per stereo frame at SINAD >= %g dB"
                     % (TARGET_SINE_IPF, TARGET_SINE_SINAD),
                     "%s instructions at %.2f dB" % (fmt(g("ipf_sine")), r["sinad.sine"]), sine_ok))

    A = "Worst alias (dBc, lower is better), measured by wavstat --alias"
    for w in ("saw", "square", "triangle"):
        for k in (1, 5, 10):
            kk = "%s_%dk" % (w, k)
            a, b = r["alias." + kk], r["alias.naive_" + kk]
            f1 = lambda v: "%.1f" % v
            row(A, "%s %d kHz" % (w, k), was("alias." + kk, f1(a), f1), "naive %s" % w,
                was("alias.naive_" + kk, f1(b), f1), "%+.1f dB" % (a - b),
                "PolyBLEP (%s): %.1f dBc" % (BEFORE21["commit"], BEFORE21["figures"]["alias." + kk]))
    worst_ipf = max(g("ipf_%s_%dk" % (w, k)) for w in ("saw", "square", "triangle")
                    for k in (1, 5, 10))
    worst_alias = max(r["alias.%s_%dk" % (w, k)] for w in ("saw", "square", "triangle")
                      for k in (1, 5, 10))
    verdicts.append(("Saw, square, triangle: at most %g instructions per stereo frame (issue 21)"
                     % TARGET_WAVE_IPF, "at most %s" % fmt(worst_ipf),
                     worst_ipf <= TARGET_WAVE_IPF))
    verdicts.append(("Saw, square, triangle at 1, 5, 10 kHz: worst alias at or below %g dBc "
                     "(issue 21; every frequency up to 16 kHz and 48/8 kHz rates: make "
                     "test-alias)" % TARGET_ALIAS_DBC, "at most %.1f dBc" % worst_alias,
                     worst_alias <= TARGET_ALIAS_DBC))
    tb = r["size.demo.wavetables"]
    verdicts.append(("Oscillator tables (sine + wavetables) within %d bytes (issue 21)"
                     % TARGET_TABLE_BYTES, "%d bytes" % tb, tb <= TARGET_TABLE_BYTES))

    src_table(r, row, verdicts)

    M = "Mixer"
    pv, npv = g("ipf_per_voice"), g("ipf_naive_per_voice")
    row(M, "instructions per frame per voice (1 to 64 voices, sustain, 512-frame renders)",
        was("gen.ipf_per_voice", fmt(pv)), "scalar voice loop, float sums",
        was("gen.ipf_naive_per_voice", fmt(npv)), ratio(pv, npv))
    for nv in (64, TARGET_VOICES):
        row(M, "instructions per frame, %d voices" % nv,
            was("gen.ipf_mix_%d" % nv, fmt(g("ipf_mix_%d" % nv))), "same, scalar",
            was("gen.ipf_naive_mix_%d" % nv, fmt(g("ipf_naive_mix_%d" % nv))),
            ratio(g("ipf_mix_%d" % nv), g("ipf_naive_mix_%d" % nv)), pct(g("ipf_mix_%d" % nv)))
    for nv in (64, TARGET_VOICES):
        for stage in ("attack", "sustain", "release"):
            k = "ipf_mix%d_%s" % (nv, stage)
            row(M, "instructions per frame, %d voices in %s, 64-frame renders" % (nv, stage),
                was("gen." + k, fmt(g(k))), "—", "—", "—", pct(g(k)))
    row(M, "instructions per frame, %d voices all in attack/release, 64-frame renders"
        % TARGET_VOICES, fmt(g("ipf_mix192_ramps_64")), "—", "—", "—",
        pct(g("ipf_mix192_ramps_64")))
    fs, fr = g("fixed_per_voice_block_sustain"), g("fixed_per_voice_block_ramp")
    row(M, "fixed cost per voice and render block, sustain (instructions)", fmt(fs),
        "—", "—", "—", "from 16- vs 128-frame blocks, 1 vs 64 voices")
    row(M, "fixed cost per voice and render block, attack/release (instructions)", fmt(fr),
        "—", "—", "—", "the same")
    verdicts.append(("Per-voice fixed cost at most %g instructions per render block" % TARGET_FIXED,
                     "%s in sustain, %s in attack/release" % (fmt(fs), fmt(fr)),
                     max(fs, fr) <= TARGET_FIXED))
    est = int((BUDGET - (g("ipf_naive_mix_1") - npv)) // npv)
    vs, vr = r["voices_sustained"], r["voices_ramps"]
    row(M, "voices with 0 underruns, 64-frame periods, firmware `mix` (10 ms attack, "
        "50 ms release)", was("voices_sustained", "%d" % vs),
        "scalar voice loop, estimated from its cost", "%d" % est, ratio(vs, est),
        "searched until it fails; budget %.0f instructions per frame" % BUDGET)
    row(M, "voices with 0 underruns, 64-frame periods, every voice in attack or release",
        "%d" % vr, "—", "—", "—", "searched until it fails")
    row(M, "%d voices, 64-frame periods, every voice in attack or release" % TARGET_VOICES,
        "%d underruns" % r["ramps_target_underruns"], "—", "—", "—",
        "CPU %.2f %%" % r["ramps_target_cpu"])
    verdicts.append(("Mixer: at least %d voices at %d-frame periods, 0 underruns, worst "
                     "envelope stage" % (TARGET_VOICES, TARGET_VOICE_PERIOD),
                     "%d voices (every voice in attack/release); %d with the shipped envelope"
                     % (vr, vs), vr >= TARGET_VOICES and r["ramps_target_ok"] == 1))

    L = "Latency"
    for name, what in (("demo", "demo (10.2 s)"), ("tone", "tone 997 Hz (10 s)")):
        p = r[name + "_period"]
        if p:
            lat = "%d frame%s (%.3f ms)" % (p, "" if p == 1 else "s", 1000.0 * p / RATE)
            note = "CPU %.2f %% at that period" % r[name + "_period_cpu"]
            if p == 1:
                note += "; 1 frame is the device's smallest"
        else:
            lat, note = "none from 64 frames down", ""
        row(L, "smallest period, %s, 0 underruns" % what,
            was("demo_period", lat, lambda v: "%d frames" % v) if name == "demo" else lat,
            "Linux goldfish driver", "%d frames (%.1f ms)" % (LINUX_PERIOD, 1000.0 * LINUX_PERIOD / RATE),
            ratio(p, LINUX_PERIOD), note)
    row(L, "demo %.0f s at %d-frame periods (%.2f ms)" % (r["demo60.seconds"], TARGET_PERIOD,
                                                        1000.0 * TARGET_PERIOD / RATE),
        "%d underruns" % r["demo60.underruns"], "—", "—", "—", "CPU %.2f %%" % r["demo60.cpu"])
    period_ok = all(r[k + "_period"] and r[k + "_period"] <= TARGET_PERIOD for k in ("demo", "tone"))
    verdicts.append(("Latency: %d-frame periods gapless for the tone and the demo" % TARGET_PERIOD,
                     "smallest: tone %d, demo %d frames; demo %.0f s at %d frames: %d underruns"
                     % (r["tone_period"], r["demo_period"], r["demo60.seconds"], TARGET_PERIOD,
                        r["demo60.underruns"]), period_ok and r["demo60.ok"] == 1))

    I = "Interrupts and CPU (instructions)"
    row(I, "IRQ vector to next buffer re-armed (avg; min-max)",
        "%s (%d-%d)" % (fmt(r["demo.irq_to_rearm_avg"]), r["demo.irq_to_rearm_min"],
                        r["demo.irq_to_rearm_max"]), "—", "—", "—",
        "%d interrupts; before: %s (%d-%d)" % (r["demo.irq_rearms"],
                                               fmt(BEFORE["figures"]["demo.irq_to_rearm_avg"]),
                                               BEFORE["figures"]["demo.irq_to_rearm_min"],
                                               BEFORE["figures"]["demo.irq_to_rearm_max"]))
    f2 = lambda v: "%.2f %%" % v
    row(I, "CPU share of the audio path, demo, %d-frame period" % r["demo.period"],
        was("demo.cpu_share_pct", f2(r["demo.cpu_share_pct"]), f2), "—", "—", "—")
    row(I, "CPU share of the audio path, sine tone, %d-frame period" % r["tone.period"],
        was("tone.cpu_share_pct", f2(r["tone.cpu_share_pct"]), f2), "—", "—", "—")
    row(I, "reset to main()", was("demo.reset_to_main", "%d" % r["demo.reset_to_main"]),
        "—", "—", "—")
    row(I, "reset to first WRITE_BUFFER (demo)",
        was("demo.reset_to_first_write", "%d" % r["demo.reset_to_first_write"]), "—", "—", "—")
    row(I, "reset to first WRITE_BUFFER (tone)",
        was("tone.reset_to_first_write", "%d" % r["tone.reset_to_first_write"]), "—", "—", "—")
    verdicts.append(("Start: reset to the demo's first sample in at most %d instructions"
                     % TARGET_RESET, "%d" % r["demo.reset_to_first_write"],
                     r["demo.reset_to_first_write"] <= TARGET_RESET))

    Z = "Image size (bytes)"
    for part, what in (("text", ".text (code)"), ("rodata", ".rodata (tables, clips, strings)"),
                       ("data", ".data"), ("bss", ".bss"),
                       ("reserved", "stacks + page tables + DMA area + heap (fixed, board/goldfish/linker.ld)")):
        a, b = r["size.demo.%s" % part], r["size.tone_only.%s" % part]
        row(Z, what, was("size.demo." + part, "%d" % a), "tone-only build",
            was("size.tone_only." + part, "%d" % b), ratio(a, b))
    a, b = r["size.demo.wavetables"], r["size.tone_only.wavetables"]
    row(Z, "of .rodata: oscillator tables (sine 8 KiB + saw, square, triangle wavetables)",
        "%d" % a, "tone-only build", "%d" % b, ratio(a, b),
        "%.1f KiB of the %d KiB allowed (issue 21)" % (a / 1024.0, TARGET_TABLE_BYTES // 1024))
    return rows, verdicts


def render(rows, verdicts):
    out = []
    sec = None
    for s, what, koi, bname, base, rat, note in rows:
        if s != sec:
            out.append("")
            out.append("### " + s)
            out.append("")
            out.append("| | Koi | baseline | baseline figure | Koi / baseline | notes |")
            out.append("|---|---:|---|---:|---:|---|")
            sec = s
        out.append("| %s | %s | %s | %s | %s | %s |" % (what, koi, bname, base, rat, note))
    out.append("")
    out.append("### Targets (issues 12 and 21)")
    out.append("")
    out.append("| target | measured | |")
    out.append("|---|---|---|")
    for t, m, ok in verdicts:
        out.append("| %s | %s | %s |" % (t, m, "met" if ok else "**MISSED**"))
    return "\n".join(out)


def bench():
    runs = [one_run(1), one_run(2)]
    a, b = runs
    diff = sorted(k for k in set(a) | set(b)
                  if a.get(k) != b.get(k) and not k.startswith(HOST_CLOCK))
    with open(os.path.join(BENCH, "results.json"), "w") as f:
        json.dump(a, f, indent=1, sort_keys=True)
    rows, verdicts = table(a)
    text = render(rows, verdicts)
    print(text)
    if diff:
        print("\nTHE TWO RUNS DISAGREE on: " + ", ".join(diff))
    else:
        print("\nBoth runs agree on all %d figures (host wall-clock figures aside)."
              % sum(1 for k in a if not k.startswith(HOST_CLOCK)))
    for t, m, ok in verdicts:
        if not ok:
            print("TARGET MISSED: %s (measured: %s)" % (t, m))
    rc, qv = run([os.path.join(B, "qemu-system-arm"), "--version"])
    rc, head = run(["git", "-C", TOP, "rev-parse", "--short", "HEAD"])
    doc = ["# Koi performance",
           "",
           "Generated by `make bench` (tests/bench/run.py) at commit %s; do not edit by hand."
           % head.strip(),
           "Every figure below comes from that run: QEMU (%s) with `-M goldfish -cpu cortex-a15"
           " -icount shift=%d,align=off,sleep=off -rtc clock=vm`, i.e. a %g MIPS guest whose"
           " time is a function of the instructions it executes, so two runs give the same"
           " numbers. %s" % (qv.splitlines()[0].strip() if qv else "?", SHIFT, MIPS,
                             "The bench ran everything twice and the runs agreed on all %d figures"
                             " (the host's wall-clock figures aside, which are shown as measured"
                             " by the first run)."
                             % sum(1 for k in a if not k.startswith(HOST_CLOCK)) if not diff else
                             "**The two runs disagreed on: %s.**" % ", ".join(diff)),
           "",
           "A cell \"x → y\" is the figure before issue 12 (x: commit %s, measured the same way"
           " by that commit's bench, kept in `tests/bench/before.json`) and now (y). Baselines"
           " were rewritten for issue 12 (one loop per waveform instead of a per-sample"
           " `switch`, Koi's own float-to-S16 conversion instead of newlib's `lrintf`, a scalar"
           " voice loop instead of `sinf()` voices, an ADSR written stage by stage), so their"
           " before → now is the baseline made fair, not a change in Koi."
           % BEFORE["commit"],
           "",
           "How each figure is taken:",
           "",
           "- *Instructions per frame*: `tests/bench/bench_gen.c` renders one second in 512-frame"
           " periods into interleaved stereo S16 and reads the PMU cycle counter around each render"
           " call (2^shift counts per instruction, measured by `arch/arm/pmu.c`). The sound that was"
           " timed is written to the host by semihosting and analysed by `tools/wavstat` (SINAD by"
           " sine fit, aliasing as the worst non-harmonic peak): each cost sits beside the quality"
           " it buys.",
           "- *Baselines* are the plain C a competent user would write, in the same file, built the"
           " same way (-O2, VFP/NEON enabled): newlib `sinf`, a 1024-entry table without"
           " interpolation, naive waves from the same phase accumulator, `rand()`, each in its own"
           " loop; a linear ADSR stage by stage; a scalar mixer adding each voice's interpolated"
           " table sine into a float block. All convert to S16 with Koi's `koi_f2s16`.",
           "- *Stages*: the `mix` program's voices (10 ms attack, sustain, 50 ms release)"
           " rendered in 64-frame periods, each period counted in the stage it lies in (periods"
           " across a stage boundary are left out); \"all in attack/release\" gives every voice an"
           " attack over the first half and a release over the second.",
           "- *Fixed cost per voice and block*: the same voices rendered in 16- and 128-frame"
           " blocks cost F + 16 f and F + 128 f per block; F from the two, per voice from 1 and"
           " 64 voices.",
           "- *Voices*: searched until they fail, at %s-second runs and 64-frame periods: from 64"
           " voices doubling until a run underruns, then bisection; 0 underruns in both the"
           " firmware's count and the device's. Once with the firmware itself (`mix --voices N"
           " --period 64`), once with `tests/bench/bench_play.c --ramps` (the player's loop, every"
           " voice in attack or release throughout: the worst stage). The voice count has no"
           " other limit below %d (MIXER_MAX_VOICES, where the exact int32 sum could overflow);"
           " the voices' memory comes from the heap (%.0f bytes each). The baseline's count is"
           " an estimate from its measured cost (budget %.0f instructions per frame at %g MIPS),"
           " not a run." % (SEARCH_SECONDS, MAX_VOICES, float(a.get("gen.voice_bytes", 0)),
                             BUDGET, MIPS),
           "- *Smallest period*: `bench_play` plays the demo once (10.2 s) and the tone for 10 s"
           " at 64-frame periods, then halves the period until a run underruns (down to the"
           " device's one frame), then bisects; the demo is also played %d times back to back"
           " at %d-frame periods. The baseline is the 4096-frame buffer of Linux's goldfish audio"
           " driver." % (DEMO_LOOPS, TARGET_PERIOD),
           "- *IRQ to re-arm*: a copy of the vector table notes the cycle counter at the IRQ vector"
           " (its own instructions measured and subtracted); the device wrapper reads it again when"
           " the first submit() of that interrupt returns. *CPU share*: virtual time outside the"
           " board's WFI wait (board_idle_ns) from the first WRITE_BUFFER to the drained end.",
           "- *Reset to main / first WRITE_BUFFER*: virtual time at those points (nothing has idled"
           " yet) over the time per instruction.",
           "- *Rate converter*: `tests/bench/bench_src.c` plays the same input (the play"
           " program's path, `struct convert_input`: a stereo sine at 0.90 of the lower Nyquist"
           " frequency) through today's converter and through the one before issue 21 (commit"
           " %s's `audio/convert.c`, linked into the same image with its symbols made local) into"
           " stereo S16 at 44.1 kHz in 512-frame periods, and counts the render calls after the"
           " first period. Quality beside it comes from `tests/bench/src_host.c --bench` on the"
           " host, built from the same sources: gain at 0.90 and 0.95 of the lower Nyquist"
           " frequency and residual (everything but the tone) by a least-squares sine fit, the"
           " -3 dB point by bisection; today's on float output, the old one on S16 (it had no"
           " float path, so its residual is the 16-bit floor). libsamplerate (Debian's) is the"
           " host baseline: its wall-clock ns per output frame beside Koi's own on the same host,"
           " best of 5; it is not built for the target, so it has no instruction count." % SRC_BEFORE,
           "- *Sizes*: `arm-none-eabi-size` of build/firmware.elf and of"
           " `tests/bench/tone_only.c` (a complete sine player: the tone program's sound alone) linked"
           " the same way.",
           "",
           text,
           ""]
    if os.path.exists(os.path.join(TOP, "docs", "img", "bench-ipf.png")):
        doc += ["## Pictures (`make plots`)", "",
                "![cost and quality](img/bench-ipf.png)", "",
                "![997 Hz tone spectrum](img/tone-spectrum.png)", "",
                "![5 kHz saw, PolyBLEP and wavetable](img/saw-spectrum.png)", "",
                "![rate converter frequency response](img/src-response.png)", "",
                "![demo spectrogram](img/demo-spectrogram.png)", "",
                "![demo waveform](img/demo-waveform.png)", "",
                "![buffer boundary](img/demo-boundary.png)", ""]
    with open(os.path.join(TOP, "docs", "PERFORMANCE.md"), "w") as f:
        f.write("\n".join(doc))
    print("wrote docs/PERFORMANCE.md")
    return 1 if diff else 0


def gnuplot(script):
    p = subprocess.run(["gnuplot"], input=script, text=True, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if p.returncode:
        raise SystemExit("gnuplot failed:\n" + p.stdout)


def polyblep_saw(path, hz, seconds=1):
    """The saw Koi played before issue 21: the textbook PolyBLEP from the
    same 32-bit phase accumulator (what tests/host/test_engine.c checked the
    old code against), rounded to 16 bits, as a WAV."""
    import struct
    import wave
    inc = int(hz * 2 ** 32 / RATE + 0.5)
    dt, ph, out = inc / 2 ** 32, 0, []
    for _ in range(int(RATE * seconds)):
        t = ph / 2 ** 32
        v = 2 * t - 1
        if t < dt:
            y = 1 - t / dt
            v += y * y
        elif t > 1 - dt:
            y = 1 + (t - 1) / dt
            v -= y * y
        out.append(max(-32768, min(32767, int(round(32767 * v)))))
        ph = (ph + inc) % 2 ** 32
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack("<%dh" % len(out), *out))


def saw_spectra(pd, img):
    """A 5 kHz saw before (PolyBLEP) and now (the firmware's wavetable
    capture), each analysed by wavstat, side by side."""
    new, old = os.path.join(pd, "saw5k.wav"), os.path.join(pd, "saw5k-polyblep.wav")
    rc, out = run(QEMU + ["--wav", new, FIRMWARE, "tone", "--wave", "saw", "--freq", "5000",
                          "--seconds", "1", "--gain", "0"])
    if rc:
        raise SystemExit("firmware saw failed:\n" + out)
    polyblep_saw(old, 5000)
    notes = []
    for wav in (old, new):
        rc, out = run([WAVSTAT, "--json", "--alias", "--spectrum", wav + ".spec", wav])
        if rc:
            raise SystemExit(out)
        c = json.loads(out)["channel"][0]
        notes.append("worst alias %.1f dBc at %.0f Hz" % (c["spur_dbc"], c["spur_hz"]))
    gnuplot("""set terminal pngcairo size 1200,480 font ',10'
set output '%s'
set multiplot layout 1,2 title 'Saw 5 kHz at 44.1 kHz: spectrum (wavstat, 7-term Blackman-Harris)' noenhanced
set xlabel 'Hz'; set ylabel 'dBFS'; set xrange [0:22050]; set yrange [-160:5]; set grid
set title 'before: PolyBLEP (%s)' noenhanced
plot '%s' u 1:2 w l lc rgb '#d62728' t ''
set title 'now: band-limited wavetable, firmware capture (%s)' noenhanced
plot '%s' u 1:2 w l lc rgb '#2ca02c' t ''
unset multiplot
""" % (os.path.join(img, "saw-spectrum.png"), notes[0], old + ".spec", notes[1], new + ".spec"))


def src_response(pd, img):
    """The rate converter's frequency response, now and before issue 21,
    measured on each one's output (tests/bench/src_host.c --response: a
    tone at a time, gain by sine fit; past the lower Nyquist frequency the
    output's whole level), side by side."""
    curves = {}
    for prog in ("src_host", "src_host_before"):
        rc, out = run([os.path.join(BENCH, prog), "--response"])
        if rc:
            raise SystemExit("%s --response failed:\n%s" % (prog, out))
        for m in re.finditer(r"^RESP (\S+) (\d+) \d+ (\S+) (\S+)$", out, re.M):
            curves.setdefault((m.group(1), m.group(2)), []).append((m.group(3), m.group(4)))
    if len(curves) != 4:
        raise SystemExit("src_host --response: expected 4 curves, got %s" % sorted(curves))
    for (who, rate), pts in curves.items():
        with open(os.path.join(pd, "resp-%s-%s.dat" % (who, rate)), "w") as f:
            f.writelines("%s %s\n" % p for p in pts)
    d = lambda who, rate: os.path.join(pd, "resp-%s-%s.dat" % (who, rate))
    plot = ("plot '%s' w l lw 2 lc rgb '#2ca02c' t 'now, 48000 -> 44100', "
            "'%s' w l lw 2 dt 2 lc rgb '#2ca02c' t 'now, 22050 -> 44100', "
            "'%s' w l lw 2 lc rgb '#d62728' t 'before (%s, S16 out), 48000 -> 44100', "
            "'%s' w l lw 2 dt 2 lc rgb '#d62728' t 'before, 22050 -> 44100'\n"
            % (d("now", "48000"), d("now", "22050"), d("before", "48000"),
               os.environ.get("SRC_BEFORE", "?"), d("before", "22050")))
    gnuplot("""set terminal pngcairo size 1400,520 font ',10'
set output '%s'
set multiplot layout 1,2 title 'Rate converter: gain of a tone through it, measured on its output (src_host --response)' noenhanced
set xlabel 'tone / lower Nyquist frequency'; set ylabel 'dB'; set grid; set key bottom left
set title 'whole band; past 1.0 (48 kHz in): what is left of a tone it must reject' noenhanced
set xrange [0:1.09]; set yrange [-160:5]
%sset title 'passband edge' noenhanced
set xrange [0.8:1.0]; set yrange [-12:1]
set arrow from 0.9, graph 0 to 0.9, graph 1 nohead dt 3; set arrow from 0.95, graph 0 to 0.95, graph 1 nohead dt 3
%sunset multiplot
""" % (os.path.join(img, "src-response.png"), plot, plot))


def plots():
    pd = os.path.join(B, "plots")
    img = os.path.join(TOP, "docs", "img")
    os.makedirs(pd, exist_ok=True)
    os.makedirs(img, exist_ok=True)
    demo, tone = os.path.join(pd, "demo.wav"), os.path.join(pd, "tone.wav")
    log("plots: capturing the demo and a 997 Hz tone from the firmware")
    for wav, args in ((demo, ["demo"]), (tone, ["tone", "--seconds", "2", "--gain", "0", "--channel", "inverted"])):
        rc, out = run(QEMU + ["--wav", wav, FIRMWARE] + args)
        if rc:
            raise SystemExit("firmware %s failed:\n%s" % (args[0], out))

    # Waveform of the whole capture: min/max per block of frames.
    import struct
    import wave
    with wave.open(demo) as w:
        n = w.getnframes()
        raw = w.readframes(n)
    s = struct.unpack("<%dh" % (2 * n), raw)
    blk = max(1, n // 2000)
    with open(os.path.join(pd, "env.dat"), "w") as f:
        for i in range(0, n, blk):
            l = s[2 * i:2 * min(n, i + blk):2]
            rr = s[2 * i + 1:2 * min(n, i + blk):2]
            f.write("%.4f %d %d %d %d\n" % (i / RATE, min(l), max(l), min(rr), max(rr)))
    # A buffer boundary about a second in: the capture starts with the first
    # frame the device played, and the device plays whole 512-frame periods
    # back to back (the firmware's default period).
    bnd = (RATE // 512 + 1) * 512
    with open(os.path.join(pd, "zoom.dat"), "w") as f:
        for i in range(bnd - 48, bnd + 48):
            f.write("%d %d %d\n" % (i - bnd, s[2 * i], s[2 * i + 1]))
    gnuplot("""set terminal pngcairo size 1200,420 font ',10'
set output '%s'
set title 'Demo capture (firmware, goldfish_audio -> wav backend): min/max per %d frames' noenhanced
set xlabel 'seconds'; set ylabel 'sample'; set yrange [-32768:32767]; set key top right
plot '%s' u 1:2:3 w filledcurves lc rgb '#1f77b4' fs transparent solid 0.5 t 'left', \
     '' u 1:4:5 w filledcurves lc rgb '#d62728' fs transparent solid 0.5 t 'right'
""" % (os.path.join(img, "demo-waveform.png"), blk, os.path.join(pd, "env.dat")))
    gnuplot("""set terminal pngcairo size 1200,420 font ',10'
set output '%s'
set title 'Demo capture around a buffer boundary (frame %d = %d periods of 512): no click, no gap' noenhanced
set xlabel 'frames from the boundary'; set ylabel 'sample'; set grid
set arrow from 0, graph 0 to 0, graph 1 nohead lc rgb 'black' dt 2
plot '%s' u 1:2 w linespoints pt 7 ps 0.5 t 'left', '' u 1:3 w linespoints pt 7 ps 0.5 t 'right'
""" % (os.path.join(img, "demo-boundary.png"), bnd, bnd // 512, os.path.join(pd, "zoom.dat")))
    rc, out = run(["sox", demo, "-n", "remix", "1", "spectrogram", "-x", "1200", "-y", "400",
                   "-t", "Koi demo (left channel), firmware capture",
                   "-o", os.path.join(img, "demo-spectrogram.png")])
    if rc:
        raise SystemExit("sox spectrogram failed:\n" + out)
    spec = os.path.join(pd, "tone.spec")
    rc, out = run([WAVSTAT, "--json", "--spectrum", spec, tone])
    if rc:
        raise SystemExit(out)
    c = json.loads(out)["channel"][0]
    gnuplot("""set terminal pngcairo size 1200,480 font ',10'
set output '%s'
set title 'Firmware capture of tone 997 Hz: spectrum (7-term Blackman-Harris, channel L)' noenhanced
set xlabel 'Hz'; set ylabel 'dBFS'; set logscale x; set xrange [20:22050]; set yrange [-180:5]
set grid
set label 1 'SINAD %.2f dB   THD+N %.5f %%   worst spur %.1f dBc at %.0f Hz   tone %.3f Hz' at graph 0.02, graph 0.93 front
plot '%s' u 1:2 w l lc rgb '#1f77b4' t ''
""" % (os.path.join(img, "tone-spectrum.png"), c["sinad_db"], c["thdn_pct"], c["spur_dbc"],
       c["spur_hz"], c["freq"], spec))
    saw_spectra(pd, img)
    log("plots: the rate converter's frequency response, now and before issue 21")
    src_response(pd, img)
    res = os.path.join(BENCH, "results.json")
    if not os.path.exists(res):
        raise SystemExit("no bench results: run 'make bench' first (plots drew the rest)")
    r = json.load(open(res))
    # Cost beside quality: each generator as a point (instructions per
    # frame, quality), Koi's and its baseline's joined by an arrow.
    g = lambda k: r["gen." + k]
    with open(os.path.join(pd, "sines.dat"), "w") as f:
        for lbl, k, q in (("Koi: table + interpolation", "ipf_sine", "sinad.sine"),
                          ("sinf()", "ipf_naive_sine", "sinad.naive_sine"),
                          ("table, no interpolation", "ipf_table_sine", "sinad.table_sine")):
            f.write('%s %s "%s"\n' % (g(k), r[q], lbl))
    with open(os.path.join(pd, "waves.dat"), "w") as f:
        for w in ("saw", "square", "triangle"):
            for k in (1, 5, 10):
                kk = "%s_%dk" % (w, k)
                # Each wave costs the same at every frequency: one label.
                f.write('%s %s %s %s "%s"\n' % (g("ipf_naive_" + kk), r["alias.naive_" + kk],
                                               g("ipf_" + kk), r["alias." + kk],
                                               w if k == 1 else ""))
    with open(os.path.join(pd, "mix.dat"), "w") as f:
        f.write('"Koi, per voice (NEON)" %s\n' % g("ipf_per_voice"))
        f.write('"scalar voice loop" %s\n' % g("ipf_naive_per_voice"))
        f.write('"Koi before issue 12" %s\n' % BEFORE["figures"]["gen.ipf_per_voice"])
    gnuplot("""set terminal pngcairo size 1500,520 font ',10'
set output '%s'
set multiplot layout 1,3 title 'Instructions per stereo frame (cortex-a15, -icount) beside the quality they buy'
set title 'Sine 997 Hz: SINAD (higher is better)'
set xlabel 'instructions per frame'; set ylabel 'SINAD dB'; set grid; set key off
set xrange [0:*]; set yrange [40:110]
plot '%s' u 1:2 w p pt 7 ps 1.5 lc rgb '#2ca02c', '' u 1:2:3 w labels offset 0,1 font ',9'
set title 'Saw, square, triangle at 1, 5, 10 kHz: worst alias (lower is better)'
set ylabel 'worst alias dBc'; set yrange [-120:0]; set key bottom right
plot '%s' u 1:2:($3-$1):($4-$2) w vectors head filled lc rgb '#aaaaaa' t 'naive -> Koi', \
     '' u 1:2 w p pt 6 ps 1.2 lc rgb '#7f7f7f' t 'naive', \
     '' u 3:4 w p pt 7 ps 1.2 lc rgb '#2ca02c' t 'Koi (wavetables)', \
     '' u 3:4:5 w labels offset 0,-1 font ',8' t ''
set title 'Mixer: instructions per frame per voice (sustain)'
set style data histograms; set style fill solid 0.8; set yrange [0:*]; set xrange [*:*]
set ylabel 'instructions per voice-frame'; set xlabel ''; set key off; set xtics rotate by -15
plot '%s' u 2:xtic(1) lc rgb '#2ca02c'
unset multiplot
""" % (os.path.join(img, "bench-ipf.png"), os.path.join(pd, "sines.dat"),
       os.path.join(pd, "waves.dat"), os.path.join(pd, "mix.dat")))
    print("plots: docs/img/{demo-waveform,demo-boundary,demo-spectrogram,tone-spectrum,saw-spectrum,"
          "src-response,bench-ipf}.png")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("bench", "plots"):
        raise SystemExit("usage: tests/bench/run.py bench|plots")
    os.chdir(TOP)
    sys.exit(bench() if sys.argv[1] == "bench" else plots())
