#!/usr/bin/env bash
# TAP: the band-limited saw, square and triangle (audio/wavetab.h) are
# alias-free to -80 dBc at every frequency up to 16 kHz at 44.1 kHz, and
# at the same fraction of Nyquist (0.7256) at 48 kHz and 8 kHz: koi-render
# renders each tone (float output, so no 16-bit rounding hides anything)
# and wavstat --alias, which shares no code with the generator (FFTW,
# 7-term Blackman-Harris window, every harmonic below Nyquist excluded),
# reports the worst remaining peak against the fundamental.  Frequencies:
# every sixth of an octave from 20 Hz, 1, 5 and 10 kHz, and the top.
#   tools/test_alias.sh BUILD_DIR
set -u
B=${1:-build}
R=$B/tools/koi-render S=$B/tools/wavstat
T=$(mktemp -d) && trap 'rm -rf "$T"' EXIT
LIMIT=-80
n=0
freqs() { # rate: the frequencies to check, one per line
  python3 - "$1" <<'PY'
import sys
rate = int(sys.argv[1]); top = 16000.0 * rate / 44100.0
f, out = 20.0, {1000.0, 5000.0, 10000.0, top}
while f < top:
    out.add(round(f, 2)); f *= 2 ** (1 / 6)
print("\n".join("%.2f" % x for x in sorted(out) if x <= top))
PY
}
for rate in 44100 48000 8000; do
  for wave in saw square triangle; do
    worst=-999 at=0 bad=""
    for f in $(freqs $rate); do
      # wavstat leaves out 8 bins either side of each harmonic: below
      # 200 Hz, 4 s give it bins fine enough to see between them.
      secs=$(awk -v f="$f" 'BEGIN { print (f < 200 ? 4 : 1) }')
      $R -o "$T/t.wav" --rate $rate --format float tone --wave $wave --freq "$f" \
         --seconds $secs --gain 0 >/dev/null 2>"$T/err" || { bad="koi-render failed at $f Hz"; break; }
      a=$($S --alias --freq "$f" "$T/t.wav" | awk '$1 == "alias" { print $2; exit }')
      [ -n "$a" ] || { bad="no alias figure at $f Hz"; break; }
      if awk -v a="$a" -v w="$worst" 'BEGIN { exit !(a > w) }'; then worst=$a at=$f; fi
    done
    n=$((n + 1))
    what="$wave at $rate Hz: worst alias $worst dBc (at $at Hz), limit $LIMIT dBc"
    if [ -z "$bad" ] && awk -v a="$worst" -v l=$LIMIT 'BEGIN { exit !(a <= l) }'; then
      echo "ok $n - $what"
    else
      echo "not ok $n - $what ${bad:+($bad)}"
    fi
  done
done
echo "1..$n"
