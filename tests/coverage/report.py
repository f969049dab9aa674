#!/usr/bin/env python3
"""Line and branch coverage for `make coverage` (mk/coverage.mk).

    tests/coverage/report.py COV_TOP     (build/cov)

Firmware: each board's instrumented tree (COV_TOP, COV_TOP/NAME) holds in
gcda/ one set of .gcda files per QEMU run, named <run>#<object path with
'/' as '#'>.gcda (tests/coverage/gcov_dump.c).  The sets are summed per
object (the counters of one compilation add up, as libgcov's own merge
does), written beside the object's .gcno, and read with arm-none-eabi-gcov
(JSON).  Every product object of the tree is read, run or not (those its
firmware.elf links: the product), so a file no run reached counts at 0 %;
the lines of an extern function the image does not hold (--gc-sections
dropped it: it serves the host tools and tests) are left out.  The boards are then put together per source
line: a line is covered if it ran on any board, a branch if any board took
it (the same source compiles to the same branches: same compiler, flags
and headers).

The bar: FILE_LINES % of lines and FILE_BRANCHES % of branches.  Every
file below it must have an entry in tests/coverage/uncovered.txt saying why
what is left stays uncovered, and every entry must name a file that is
still below it (or within STALE_MARGIN points of it: a branch or two may
change between runs that follow the wall clock): either mismatch makes
this report exit 1, so the reasons cannot go stale silently.

Host: the .gcda files the host unit tests left, read with gcov.  Only the
project's sources (arch/ lib/ drivers/ board/ audio/ app/) are counted.
Host tools: koi-render and wavcmp as the suites ran them (tools/ only).

Writes COV_TOP/uncovered-lines.txt: every line of the firmware that no run
executed, and every branch no run took, file by file.
"""
import collections
import glob
import json
import os
import re
import struct
import subprocess
import sys

SOURCES = ("arch/", "lib/", "drivers/", "board/", "audio/", "app/")
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REASONS = os.path.join(TOP, "tests", "coverage", "uncovered.txt")
FILE_LINES, FILE_BRANCHES = 90.0, 75.0
# A few runs follow the wall clock (the plain command, a recording killed
# while it runs, keys typed in real time): whether a wait found its
# condition already true can change a branch or two from one run to the
# next.  An entry goes stale only once its file is this many points clear
# of the bar, so a file at the bar does not flip the check.
STALE_MARGIN = 2.0
GCDA_MAGIC = 0x67636461
TAG_FUNCTION = 0x01000000
TAG_COUNTER_BASE = 0x01a10000


# ---- .gcda files: read, add up, write (gcc/gcov-io.h, GCC 12 layout) ----

def read_gcda(path):
    """(header, [(tag, payload or counters)]): counter records as lists of
    integers, the rest as bytes.  None if it is not a GCC 12 data file."""
    with open(path, "rb") as f:
        b = f.read()
    if len(b) < 16 or struct.unpack_from("<I", b)[0] != GCDA_MAGIC:
        return None
    head, recs, i = b[:16], [], 16
    while i + 8 <= len(b):
        tag, n = struct.unpack_from("<Ii", b, i)
        i += 8
        if tag == 0:
            break
        if tag == TAG_COUNTER_BASE:  # the arcs: --coverage counts nothing else
            if n < 0:  # all zero, written as the negated length
                recs.append((tag, [0] * (-n // 8)))
                continue
            recs.append((tag, list(struct.unpack_from("<%dq" % (n // 8), b, i))))
        else:
            recs.append((tag, b[i:i + n]))
        i += n
    return head, recs


def add_gcda(acc, other):
    """acc += other, record by record; False if they are not of one
    compilation (another stamp or layout)."""
    if acc[0] != other[0] or len(acc[1]) != len(other[1]):
        return False
    for (t1, p1), (t2, p2) in zip(acc[1], other[1]):
        if t1 != t2 or type(p1) is not type(p2) or (isinstance(p1, bytes) and p1 != p2) \
                or len(p1) != len(p2):
            return False
    for (_, p1), (_, p2) in zip(acc[1], other[1]):
        if isinstance(p1, list):
            for k, v in enumerate(p2):
                p1[k] += v
    return True


def write_gcda(path, data):
    head, recs = data
    out = bytearray(head)
    for tag, p in recs:
        body = struct.pack("<%dq" % len(p), *p) if isinstance(p, list) else p
        out += struct.pack("<II", tag, len(body)) + body
    out += struct.pack("<I", 0)
    with open(path, "wb") as f:
        f.write(out)


def merge_runs(gcda_dir):
    """Sums every run's counters per object; writes each sum as the
    object's .gcda (the path it was compiled for).  Returns (runs, files
    a stale compilation left out)."""
    sums, runs, stale = {}, set(), 0
    for path in sorted(glob.glob(os.path.join(gcda_dir, "*#*.gcda"))):
        run, flat = os.path.basename(path).split("#", 1)
        runs.add(run)
        dst = flat.replace("#", "/")
        data = read_gcda(path)
        if data is None:
            stale += 1
        elif dst not in sums:
            sums[dst] = data
        elif not add_gcda(sums[dst], data):
            stale += 1
    for dst, data in sums.items():
        if os.path.isdir(os.path.dirname(dst)):
            write_gcda(dst, data)
    return len(runs), stale


# ---- gcov's view: lines and branches per source file ----

def gcov_json(gcov, names, cwd):
    """Yields gcov's JSON document for each object (names: .gcno paths)."""
    for k in range(0, len(names), 64):
        out = subprocess.run([gcov, "-j", "-t", "-b"] + names[k:k + 64], cwd=cwd,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True).stdout
        dec, i = json.JSONDecoder(), 0
        while True:
            while i < len(out) and out[i].isspace():
                i += 1
            if i >= len(out):
                break
            doc, i = dec.raw_decode(out, i)
            yield doc


class Cover:
    def __init__(self, sources=SOURCES):
        self.sources = sources
        self.lines = collections.defaultdict(dict)     # file -> line -> hit
        self.branches = collections.defaultdict(dict)  # file -> (line, i) -> taken
        self.skipped = collections.defaultdict(set)    # file -> lines no image holds

    def add(self, doc, dropped=frozenset()):
        """dropped: names of functions the image does not hold, whose
        lines are left out."""
        for f in doc["files"]:
            name = os.path.relpath(os.path.join(doc.get("current_working_directory", TOP),
                                                f["file"]), TOP)
            if not name.startswith(self.sources):
                continue
            out = {n for fn in f.get("functions", ()) if fn["name"] in dropped
                   for n in range(fn["start_line"], fn["end_line"] + 1)}
            lines, br = self.lines[name], self.branches[name]
            for ln in f["lines"]:
                n = ln["line_number"]
                if n in out:
                    self.skipped[name].add(n)
                    continue
                lines[n] = lines.get(n, False) or ln["count"] > 0
                for k, b in enumerate(ln["branches"]):
                    br[(n, k)] = br.get((n, k), False) or b["count"] > 0

    def rows(self):
        """(file, lines hit, lines, branches taken, branches), every file."""
        return [(name, sum(v.values()), len(v), sum(self.branches[name].values()),
                 len(self.branches[name])) for name, v in sorted(self.lines.items()) if v]

    def totals(self):
        r = self.rows()
        return tuple(sum(x[i] for x in r) for i in range(1, 5))


def pct(h, t):
    return 100.0 * h / t if t else 100.0


def product_objects(tree):
    """The .gcno of every object the board's firmware.elf links (its link
    map's LOAD lines): the product, not the test and bring-up images'
    own parts."""
    with open(os.path.join(tree, "firmware.map")) as f:
        objs = [os.path.join(TOP, m.group(1)) for m in
                (re.match(r"^LOAD (\S+\.o)$", l) for l in f) if m]
    fw = os.path.join(tree, "fw")
    return sorted(o[:-2] + ".gcno" for o in objs
                  if os.path.relpath(o, fw).startswith(SOURCES) and os.path.exists(o[:-2] + ".gcno"))


def symbols(path, defined_global=False):
    out = subprocess.run(["arm-none-eabi-nm"] + (["--defined-only", "-g"] if defined_global
                                                 else []) + [path],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    return {f[-1] for f in (l.split() for l in out.splitlines())
            if f and (not defined_global or f[-2] in "TW")}


def dropped_functions(tree, gcnos):
    """The extern functions of the product's objects that firmware.elf does
    not hold: --gc-sections dropped them, nothing in the image calls them
    (they serve the host tools and tests).  Their lines are not the
    product's; a static function is never among them (inlined or not, its
    lines count where they ran)."""
    image = symbols(os.path.join(tree, "firmware.elf"))
    defined = set()
    for g in gcnos:
        defined |= symbols(g[:-5] + ".o", defined_global=True)
    return frozenset(defined - image)


def firmware(cov):
    """The firmware's Cover, and how many runs fed it, per board."""
    c, runs = Cover(), {}
    trees = [cov] + sorted(os.path.dirname(d) for d in glob.glob(os.path.join(cov, "*", "gcda")))
    for tree in trees:
        gcda = os.path.join(tree, "gcda")
        if not os.path.isdir(gcda):
            continue
        board = "goldfish" if tree == cov else os.path.basename(tree)
        if not os.path.exists(os.path.join(tree, "firmware.map")):
            print("coverage: %s: no firmware.map in %s (its build failed?): not counted"
                  % (board, os.path.relpath(tree, TOP)))
            continue
        fw = os.path.join(tree, "fw")
        for old in glob.glob(os.path.join(fw, "**", "*.gcda"), recursive=True):
            os.remove(old)
        n, stale = merge_runs(gcda)
        objs = product_objects(tree)
        drop = dropped_functions(tree, objs)
        alone = Cover()
        for doc in gcov_json("arm-none-eabi-gcov", objs, TOP):
            c.add(doc, drop)
            alone.add(doc, drop)
        runs[board] = (n, stale, alone.totals())
    return c, runs


def tools(cov):
    """The host tools the suites ran (koi-render, wavcmp: COVERAGE=1 builds
    them with --coverage), every board's tree; tools/ only (the firmware's
    sources they share are the firmware's and the host tests' business)."""
    names = sorted(glob.glob(os.path.join(cov, "tools", "*.gcno")) +
                   glob.glob(os.path.join(cov, "*", "tools", "*.gcno")))
    c = Cover(("tools/",))
    for doc in gcov_json("gcov", names, TOP):
        c.add(doc)
    return c


def host(cov):
    files = sorted(glob.glob(os.path.join(cov, "host-gcov", "**", "*.gcda"), recursive=True))
    c = Cover()
    for doc in gcov_json("gcov", files, TOP):
        c.add(doc)
    return c


# ---- the reasons for what stays uncovered ----

def read_reasons(path):
    """{file: reason} from FILE: reason lines (indented lines continue the
    reason; # starts a comment)."""
    reasons, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip()
            if not line or line.lstrip().startswith("#"):
                continue
            if raw[0].isspace():
                if cur is None:
                    raise SystemExit(f"{path}:{n}: a continuation line before any entry")
                reasons[cur] += " " + line.strip()
                continue
            m = re.match(r"^(\S+):\s*(.*)$", line)
            if not m:
                raise SystemExit(f"{path}:{n}: not 'FILE: reason'")
            cur = m.group(1)
            reasons[cur] = m.group(2)
    return reasons


def below(row, margin=0.0):
    _, lh, lt, bh, bt = row
    return pct(lh, lt) < FILE_LINES + margin or pct(bh, bt) < FILE_BRANCHES + margin


def report_firmware(c, runs):
    lh, lt, bh, bt = c.totals()
    print("firmware, from %s:" % ", ".join(
        "%d %s runs%s" % (n, b, " (%d files of another compilation left out)" % s if s else "")
        for b, (n, s, _) in runs.items()))
    for b, (_, _, (h, t, bh_, bt_)) in runs.items():
        print("  %-12s alone: lines %d/%d (%.1f%%), branches %d/%d (%.1f%%)"
              % (b, h, t, pct(h, t), bh_, bt_, pct(bh_, bt_)))
    print("  all boards:  lines %d/%d (%.1f%%), branches %d/%d (%.1f%%), %d files"
          % (lh, lt, pct(lh, lt), bh, bt, pct(bh, bt), len(c.rows())))
    gone = sum(len(v - set(c.lines[f])) for f, v in c.skipped.items())
    if gone:
        print("  (not counted: %d lines of extern functions no board's firmware.elf holds:"
              % gone)
        print("   --gc-sections dropped them, they serve the host tools and tests)")
    rows = sorted(c.rows(), key=lambda r: (pct(r[1], r[2]), pct(r[3], r[4])))
    reasons = read_reasons(REASONS)
    print("  per file, least covered first (below %.0f%% of lines or %.0f%% of branches: why,"
          % (FILE_LINES, FILE_BRANCHES))
    print("  from %s):" % os.path.relpath(REASONS, TOP))
    missing = []
    for row in rows:
        name, h, t, b, bt_ = row
        print("    %5.1f%% %5.1f%%  %-28s lines %4d/%-4d branches %4d/%d"
              % (pct(h, t), pct(b, bt_), name, h, t, b, bt_))
        if below(row):
            if name in reasons:
                print("      why: " + reasons[name])
            else:
                missing.append(name)
    names = {r[0] for r in rows}
    stale = [n for n in reasons if n not in names or
             not below(next(r for r in rows if r[0] == n), STALE_MARGIN)]
    problems = ["%s is below the bar and has no entry in %s" % (n, os.path.relpath(REASONS, TOP))
                for n in missing]
    problems += ["%s: stale entry (%s)" % (n, "no such firmware file" if n not in names
                                           else "the file is %.0f points clear of the bar"
                                           % STALE_MARGIN)
                 for n in stale]
    return problems


def write_uncovered(c, path, cwd):
    """Every line no run executed, every branch no run took."""
    with open(path, "w") as out:
        for name in sorted(c.lines):
            miss = sorted(n for n, hit in c.lines[name].items() if not hit)
            nbr = collections.Counter(n for (n, _), t in c.branches[name].items() if not t)
            if not miss and not nbr:
                continue
            try:
                with open(os.path.join(cwd, name), encoding="utf-8", errors="replace") as f:
                    src = f.read().splitlines()
            except OSError:
                src = []
            out.write("%s\n" % name)
            for n in sorted(set(miss) | set(nbr)):
                what = "line" if n in miss else "%d branch%s" % (nbr[n], "es" if nbr[n] > 1 else "")
                text = src[n - 1].strip() if 0 < n <= len(src) else ""
                out.write("  %5d %-12s %s\n" % (n, what, text))


def main():
    cov = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(TOP, "build", "cov"))
    fw, runs = firmware(cov)
    problems = report_firmware(fw, runs)
    detail = os.path.join(cov, "uncovered-lines.txt")
    write_uncovered(fw, detail, TOP)
    print("  each uncovered line and branch: %s" % os.path.relpath(detail, TOP))
    h = host(cov)
    lh, lt, bh, bt = h.totals()
    print("host logic, from the host unit tests: lines %d/%d (%.1f%%), branches %d/%d (%.1f%%), "
          "%d files" % (lh, lt, pct(lh, lt), bh, bt, pct(bh, bt), len(h.rows())))
    t = tools(cov)
    lh, lt, bh, bt = t.totals()
    print("host tools, from the suites' runs: lines %d/%d (%.1f%%), branches %d/%d (%.1f%%): %s"
          % (lh, lt, pct(lh, lt), bh, bt, pct(bh, bt),
             ", ".join("%s %.1f%%" % (r[0], pct(r[1], r[2])) for r in t.rows())))
    # The host tests run much of the same source (audio/, app/, lib/, the
    # drivers against register models): the firmware's lines that either
    # ran.  Lines only: the host compiler's branches are not the target's.
    both = sum(hit or h.lines.get(f, {}).get(n, False)
               for f, lines in fw.lines.items() for n, hit in lines.items())
    total = sum(len(v) for v in fw.lines.values())
    print("firmware lines run on the target or in the host tests: %d/%d (%.1f%%)"
          % (both, total, pct(both, total)))
    for p in problems:
        print("coverage: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
