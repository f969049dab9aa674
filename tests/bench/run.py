#!/usr/bin/env python3
"""Koi benchmarks and plots (driven by tests/bench/bench.mk).

  tests/bench/run.py bench   measure everything twice, check the runs agree,
                             print the table, write docs/PERFORMANCE.md
  tests/bench/run.py plots   PNGs in docs/img/ (captures + the last bench)

Everything runs under -icount shift=3,align=off,sleep=off -rtc clock=vm on
cortex-a15 (125 MIPS of guest, one PMU count per ns = 8 per instruction),
through tools/koi-qemu.  Figures come from the runs, never from this file:
the only constants here are the targets of issue 5 and the Linux goldfish
driver's buffer size, which is the baseline for latency.
"""
import json
import os
import re
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
B = os.path.join(TOP, "build")
BENCH = os.path.join(B, "bench")
QEMU = [os.path.join(TOP, "tools", "koi-qemu"), "--icount", "3", "--timeout", "300"]
WAVSTAT = os.path.join(B, "tools", "wavstat")
FIRMWARE = os.path.join(B, "firmware.elf")
SHIFT = 3
MIPS = 1000 / 2 ** SHIFT             # guest MIPS under -icount shift=3
RATE = 44100
LINUX_PERIOD = 4096                  # drivers/staging/goldfish: 16 KiB buffers
TARGET_SINE_IPF, TARGET_SINE_SINAD = 25.0, 97.5
TARGET_VOICES, TARGET_PERIOD = 64, 64
PERIODS = [64, 128, 256, 512, 1024, 2048, 4096]
DEMO_LOOPS = 6                       # 6 x 10.17 s: at least 60 s of sound


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


def qemu(args, what):
    rc, out = run(QEMU + args)
    return rc, out


def device_underruns(text):
    m = re.search(r"goldfish_audio: \d+ frames played, (\d+) underruns", text)
    return int(m.group(1)) if m else 0


def one_run(n):
    """All measurements once; returns a flat dict of figures."""
    r = {}
    d = os.path.join(BENCH, "run%d" % n)
    os.makedirs(d, exist_ok=True)
    log("bench run %d: generators, envelope, mixer (bench_gen)" % n)
    rc, out = qemu([os.path.join(BENCH, "bench_gen.elf"), d], "gen")
    g = bench_lines(out)
    if rc or g.get("failures") != "0":
        raise SystemExit("bench_gen failed (status %d):\n%s" % (rc, out))
    for k, v in g.items():
        r["gen." + k] = float(v)
    for name in ("sine", "naive_sine", "table_sine"):
        j = wavstat(os.path.join(d, name + ".wav"))
        r["sinad." + name] = j["channel"][0]["sinad_db"]
    for w in ("saw", "square", "triangle"):
        for k in (1, 5, 10):
            for pre in ("", "naive_"):
                name = "%s%s_%dk" % (pre, w, k)
                j = wavstat(os.path.join(d, name + ".wav"), "--alias")
                r["alias." + name] = j["channel"][0]["spur_dbc"]

    log("bench run %d: demo at the default period (bench_play)" % n)
    rc, out = qemu([os.path.join(BENCH, "bench_play.elf"), "demo"], "play")
    p = bench_lines(out)
    if rc or "cpu_share_pct" not in p:
        raise SystemExit("bench_play demo failed (status %d):\n%s" % (rc, out))
    for k, v in p.items():
        r["demo." + k] = float(v)
    rc, out = qemu([os.path.join(BENCH, "bench_play.elf"), "tone"], "play")
    p = bench_lines(out)
    if rc or "cpu_share_pct" not in p:
        raise SystemExit("bench_play tone failed (status %d):\n%s" % (rc, out))
    for k, v in p.items():
        r["tone." + k] = float(v)

    log("bench run %d: voices sustained at %d-frame periods (firmware mix)" % (n, TARGET_PERIOD))

    def voices_ok(v):
        rc, out = qemu([FIRMWARE, "mix", "--voices", str(v), "--period", str(TARGET_PERIOD),
                        "--seconds", "5"], "mix")
        m = re.search(r"koi: underruns (\d+)", out)
        # Status 1 is the firmware reporting the underrun's broken pipe.
        if rc not in (0, 1) or not m:
            raise SystemExit("firmware mix --voices %d failed (status %d):\n%s" % (v, rc, out))
        return int(m.group(1)) == 0 and device_underruns(out) == 0

    lo, hi = 0, 64                    # lo sustained (0: none), hi+1 fails
    if voices_ok(64):
        lo = 64
    else:
        hi = 63
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if voices_ok(mid):
                lo = mid
            else:
                hi = mid - 1
    r["voices_sustained"] = lo

    log("bench run %d: smallest period for %d s of demo (bench_play --loops %d)"
        % (n, int(DEMO_LOOPS * 10.17), DEMO_LOOPS))
    r["demo_period"] = 0
    for per in PERIODS:
        rc, out = qemu([os.path.join(BENCH, "bench_play.elf"), "--loops", str(DEMO_LOOPS),
                        "demo", "--period", str(per)], "demo60")
        p = bench_lines(out)
        if "underruns" not in p:
            raise SystemExit("bench_play --loops failed (status %d):\n%s" % (rc, out))
        if rc == 0 and int(p["underruns"]) == 0 and device_underruns(out) == 0:
            r["demo_period"] = per
            r["demo_period_seconds"] = int(p["frames"]) / RATE
            r["demo_period_cpu"] = float(p["cpu_share_pct"])
            break

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
    return r


def fmt(v, nd=2):
    if isinstance(v, float) and not v.is_integer():
        return "%.*f" % (nd, v)
    return "%d" % v


def ratio(a, b):
    return "%.2f" % (a / b) if b else "—"


def table(r):
    g = lambda k: r["gen." + k]
    rows = []          # (section, what, koi, baseline name, baseline, ratio, note)
    verdicts = []

    def row(sec, what, koi, bname, base, rat, note=""):
        rows.append((sec, what, koi, bname, base, rat, note))

    sine_ok = g("ipf_sine") <= TARGET_SINE_IPF and r["sinad.sine"] >= TARGET_SINE_SINAD
    verdicts.append(("Sine: at most %g instructions per frame at SINAD >= %g dB"
                     % (TARGET_SINE_IPF, TARGET_SINE_SINAD),
                     "%s instructions at %.2f dB" % (fmt(g("ipf_sine")), r["sinad.sine"]), sine_ok))
    S = "Instructions per stereo frame"
    row(S, "sine 997 Hz (table + interpolation)", fmt(g("ipf_sine")), "sinf() per sample",
        fmt(g("ipf_naive_sine")), ratio(g("ipf_sine"), g("ipf_naive_sine")),
        "SINAD %.2f dB vs %.2f dB" % (r["sinad.sine"], r["sinad.naive_sine"]))
    row(S, "sine 997 Hz", fmt(g("ipf_sine")), "table, no interpolation",
        fmt(g("ipf_table_sine")), ratio(g("ipf_sine"), g("ipf_table_sine")),
        "SINAD %.2f dB vs %.2f dB" % (r["sinad.sine"], r["sinad.table_sine"]))
    for w, how in (("square", "PolyBLEP"), ("saw", "PolyBLEP"), ("triangle", "PolyBLAMP")):
        row(S, "%s 1 kHz (%s)" % (w, how), fmt(g("ipf_%s_1k" % w)), "naive %s" % w,
            fmt(g("ipf_naive_%s_1k" % w)), ratio(g("ipf_%s_1k" % w), g("ipf_naive_%s_1k" % w)),
            "worst alias %.1f dBc vs %.1f dBc" % (r["alias.%s_1k" % w], r["alias.naive_%s_1k" % w]))
    row(S, "white noise (xorshift32)", fmt(g("ipf_noise")), "rand() per sample",
        fmt(g("ipf_naive_noise")), ratio(g("ipf_noise"), g("ipf_naive_noise")))
    row(S, "pink noise (Voss-McCartney)", fmt(g("ipf_pink")), "—", "—", "—")
    row(S, "ADSR envelope (mono, per frame)", fmt(g("ipf_envelope")), "per-sample state switch",
        fmt(g("ipf_naive_envelope")), ratio(g("ipf_envelope"), g("ipf_naive_envelope")))

    A = "Worst alias (dBc, lower is better), measured by wavstat --alias"
    for w in ("saw", "square", "triangle"):
        for k in (1, 5, 10):
            a, b = r["alias.%s_%dk" % (w, k)], r["alias.naive_%s_%dk" % (w, k)]
            row(A, "%s %d kHz" % (w, k), "%.1f" % a, "naive %s" % w, "%.1f" % b,
                "%+.1f dB" % (a - b))

    M = "Mixer"
    pv, npv = g("ipf_per_voice"), g("ipf_naive_per_voice")
    row(M, "instructions per frame per voice (1 to 64 voices)", fmt(pv),
        "sinf() voices summed in float", fmt(npv), ratio(pv, npv))
    row(M, "instructions per frame, 64 voices", fmt(g("ipf_mix_64")), "same, naive",
        fmt(g("ipf_naive_mix_64")), ratio(g("ipf_mix_64"), g("ipf_naive_mix_64")))
    budget = MIPS * 1e6 / RATE
    for stage in ("attack", "sustain", "release"):
        c = g("ipf_mix64_" + stage)
        row(M, "instructions per frame, 64 voices in %s, %d-frame periods" % (stage, TARGET_PERIOD),
            fmt(c), "—", "—", "—", "%.0f %% of the %.0f-instruction budget" % (100.0 * c / budget, budget))
    est = int((budget - (g("ipf_naive_mix_1") - npv)) // npv)
    v = r["voices_sustained"]
    row(M, "voices with 0 underruns, %d-frame period, %g MIPS" % (TARGET_PERIOD, MIPS), "%d" % v,
        "naive, estimated from its cost", "%d" % min(est, 64), ratio(v, min(est, 64)),
        "budget %.0f instructions per frame" % budget)
    verdicts.append(("Mixer: at least %d voices at %d-frame periods, %g MIPS"
                     % (TARGET_VOICES, TARGET_PERIOD, MIPS), "%d voices" % v, v >= TARGET_VOICES))

    L = "Latency"
    p = r["demo_period"]
    if p:
        lat = "%d frames (%.2f ms)" % (p, 1000.0 * p / RATE)
        row(L, "smallest period, demo %.0f s, 0 underruns" % r["demo_period_seconds"], lat,
            "Linux goldfish driver", "%d frames (%.1f ms)" % (LINUX_PERIOD, 1000.0 * LINUX_PERIOD / RATE),
            ratio(p, LINUX_PERIOD), "CPU %.2f %% at that period" % r["demo_period_cpu"])
    else:
        row(L, "smallest period, demo 60 s, 0 underruns", "none up to %d" % PERIODS[-1], "—", "—", "—")
    verdicts.append(("Demo: 60 s with 0 underruns at a %d-frame period" % TARGET_PERIOD,
                     "%d frames" % p if p else "no period worked", p == TARGET_PERIOD))

    I = "Interrupts and CPU (instructions)"
    row(I, "IRQ vector to next buffer re-armed (avg; min-max)",
        "%s (%d-%d)" % (fmt(r["demo.irq_to_rearm_avg"]), r["demo.irq_to_rearm_min"],
                        r["demo.irq_to_rearm_max"]), "—", "—", "—",
        "%d interrupts" % r["demo.irq_rearms"])
    row(I, "CPU share of the audio path, demo, %d-frame period" % r["demo.period"],
        "%.2f %%" % r["demo.cpu_share_pct"], "—", "—", "—")
    row(I, "CPU share of the audio path, sine tone, %d-frame period" % r["tone.period"],
        "%.2f %%" % r["tone.cpu_share_pct"], "—", "—", "—")
    row(I, "reset to main()", "%d" % r["demo.reset_to_main"], "—", "—", "—")
    row(I, "reset to first WRITE_BUFFER (demo)", "%d" % r["demo.reset_to_first_write"],
        "—", "—", "—")
    row(I, "reset to first WRITE_BUFFER (tone)", "%d" % r["tone.reset_to_first_write"],
        "—", "—", "—")

    Z = "Image size (bytes)"
    for part, what in (("text", ".text (code)"), ("rodata", ".rodata (tables, clips, strings)"),
                       ("data", ".data"), ("bss", ".bss"),
                       ("reserved", "stacks + page tables + DMA area + heap (fixed, board/goldfish/linker.ld)")):
        a, b = r["size.demo.%s" % part], r["size.tone_only.%s" % part]
        row(Z, what, "%d" % a, "tone-only build", "%d" % b, ratio(a, b))
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
    out.append("### Targets")
    out.append("")
    out.append("| target | measured | |")
    out.append("|---|---|---|")
    for t, m, ok in verdicts:
        out.append("| %s | %s | %s |" % (t, m, "met" if ok else "**MISSED**"))
    return "\n".join(out)


def bench():
    runs = [one_run(1), one_run(2)]
    a, b = runs
    diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    with open(os.path.join(BENCH, "results.json"), "w") as f:
        json.dump(a, f, indent=1, sort_keys=True)
    rows, verdicts = table(a)
    text = render(rows, verdicts)
    print(text)
    if diff:
        print("\nTHE TWO RUNS DISAGREE on: " + ", ".join(diff))
    else:
        print("\nBoth runs agree on all %d figures." % len(a))
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
                             "The bench ran everything twice and the runs agreed on all %d figures."
                             % len(a) if not diff else
                             "**The two runs disagreed on: %s.**" % ", ".join(diff)),
           "",
           "How each figure is taken:",
           "",
           "- *Instructions per frame*: `tests/bench/bench_gen.c` renders one second in 512-frame"
           " periods into interleaved stereo S16 and reads the PMU cycle counter around each render"
           " call (2^shift counts per instruction, measured by `arch/arm/pmu.c`). The sound that was"
           " timed is written to the host by semihosting and analysed by `tools/wavstat` (SINAD by"
           " sine fit, aliasing as the worst non-harmonic peak).",
           "- *Baselines* are written in the same file the way a user would write them first"
           " (newlib `sinf`/`lrintf`, a 1024-entry table without interpolation, naive waves from"
           " the same phase accumulator, `rand()`, a per-sample ADSR switch, float voice sums).",
           "- *64 voices per envelope stage*: the `mix` program's 64 voices (10 ms attack,"
           " sustain, 50 ms release) rendered in 64-frame periods, each period counted in the"
           " stage it lies in (periods across a stage boundary are left out); the stage that"
           " costs most decides whether the voices keep up.",
           "- *Voices*: the firmware itself, `mix --voices N --period 64 --seconds 5`, binary"
           " search for the most voices with 0 underruns in both the firmware's count and the"
           " device's. The naive baseline's voice count is an estimate from its measured cost"
           " (budget %.0f instructions per frame at %g MIPS), not a run." % (MIPS * 1e6 / RATE, MIPS),
           "- *Smallest period*: `tests/bench/bench_play.c` (the firmware's player, app/player.c, on"
           " an instrumented device wrapper) plays the demo %d times back to back at each period from"
           " 64 frames up; the first period with 0 underruns is reported. The baseline is the"
           " 4096-frame buffer of Linux's goldfish audio driver." % DEMO_LOOPS,
           "- *IRQ to re-arm*: a copy of the vector table notes the cycle counter at the IRQ vector"
           " (its own instructions measured and subtracted); the device wrapper reads it again when"
           " the first submit() of that interrupt returns. *CPU share*: virtual time outside the"
           " board's WFI wait (board_idle_ns) from the first WRITE_BUFFER to the drained end.",
           "- *Reset to main / first WRITE_BUFFER*: virtual time at those points (nothing has idled"
           " yet) over the time per instruction.",
           "- *Sizes*: `arm-none-eabi-size` of build/firmware.elf and of"
           " `tests/bench/tone_only.c` (a complete sine player: the tone program's sound alone) linked"
           " the same way.",
           "",
           text,
           ""]
    if os.path.exists(os.path.join(TOP, "docs", "img", "bench-ipf.png")):
        doc += ["## Pictures (`make plots`)", "",
                "![instructions per frame](img/bench-ipf.png)", "",
                "![997 Hz tone spectrum](img/tone-spectrum.png)", "",
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


def plots():
    pd = os.path.join(B, "plots")
    img = os.path.join(TOP, "docs", "img")
    os.makedirs(pd, exist_ok=True)
    os.makedirs(img, exist_ok=True)
    demo, tone = os.path.join(pd, "demo.wav"), os.path.join(pd, "tone.wav")
    log("plots: capturing the demo and a 997 Hz tone from the firmware")
    for wav, args in ((demo, ["demo"]), (tone, ["tone", "--seconds", "2"])):
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
    res = os.path.join(BENCH, "results.json")
    if not os.path.exists(res):
        raise SystemExit("no bench results: run 'make bench' first (plots drew the rest)")
    r = json.load(open(res))
    items = [("sine", "ipf_sine", "ipf_naive_sine", "sinf()"),
             ("sine", "ipf_sine", "ipf_table_sine", "table"),
             ("square 1k", "ipf_square_1k", "ipf_naive_square_1k", "naive"),
             ("saw 1k", "ipf_saw_1k", "ipf_naive_saw_1k", "naive"),
             ("triangle 1k", "ipf_triangle_1k", "ipf_naive_triangle_1k", "naive"),
             ("noise", "ipf_noise", "ipf_naive_noise", "rand()"),
             ("envelope", "ipf_envelope", "ipf_naive_envelope", "naive"),
             ("mixer voice", "ipf_per_voice", "ipf_naive_per_voice", "sinf()")]
    with open(os.path.join(pd, "bars.dat"), "w") as f:
        for lbl, k, b, bn in items:
            f.write('"%s\\n(vs %s)" %s %s\n' % (lbl, bn, r["gen." + k], r["gen." + b]))
    gnuplot("""set terminal pngcairo size 1200,480 font ',10'
set output '%s'
set title 'Instructions per stereo frame (cortex-a15, -icount; lower is better)'\nset bmargin 4
set style data histograms; set style histogram clustered gap 1; set style fill solid 0.8
set ylabel 'instructions per frame'; set grid ytics; set yrange [0:*]
plot '%s' u 2:xtic(1) t 'Koi' lc rgb '#2ca02c', '' u 3 t 'baseline' lc rgb '#7f7f7f'
""" % (os.path.join(img, "bench-ipf.png"), os.path.join(pd, "bars.dat")))
    print("plots: docs/img/{demo-waveform,demo-boundary,demo-spectrogram,tone-spectrum,bench-ipf}.png")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("bench", "plots"):
        raise SystemExit("usage: tests/bench/run.py bench|plots")
    os.chdir(TOP)
    sys.exit(bench() if sys.argv[1] == "bench" else plots())
