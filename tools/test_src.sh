#!/usr/bin/env bash
# TAP: the rate converter (audio/convert.h) against issue 21's targets, on
# its float output (koi-render --format float --rate OUT play IN: the play
# program's reader and converter, what a float device gets, no rounding to
# S16) and measured by wavstat, which shares
# no code with it (FFTW, a window with side lobes below -180 dB).  The
# input is a sox sine (float WAV) at a fraction of the lower Nyquist
# frequency; the gain is wavstat's fitted amplitude of the output over the
# input's.  Per pair of rates: flat within 0.1 dB at 0.50 and 0.90, at
# least -3 dB at 0.95, worst spur (images, aliases, interpolation error)
# at or below -110 dBc at each; downsampling, a tone at 1.1 of the output's
# Nyquist frequency comes out at or below -110 dB (rms against the input's;
# that tone fades in and out over 0.25 s, as an abrupt start and end would
# put clicks in the passband).  At 0.90, that output is also the same,
# sample for sample, as the converter's alone (koi-render --decode IN
# --resample OUT): the job's stages after it (play, volume) pass its float
# output on untouched.
#   tools/test_src.sh BUILD_DIR
set -u
B=${1:-build}
R=$B/tools/koi-render S=$B/tools/wavstat
T=$(mktemp -d) && trap 'rm -rf "$T"' EXIT
n=0
ok() { # condition (awk expression over a, g, s), description
  n=$((n + 1))
  if [ "$1" = 1 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
conv() { # in.wav, output rate, out.wav: the play job on a mono float device
  $R --format float --rate "$2" --channels 1 -o "$3" play "$1" 2>"$T/err"
}
field() { # wavstat output, line name, field number
  awk -v k="$2" -v f="$3" '$1 == k { print $f; exit }' <<<"$1"
}
amp() { sed -n 's/.*amplitude at the given frequency \([0-9.]*\).*/\1/p' <<<"$1"; }
for pair in 8000:44100 44101:44100 7999:48000 96000:44100 384000:48000 352800:44100 \
            1000:8000 22050:48000 48000:8000; do
  in=${pair%:*} out=${pair#*:}
  lower=$((in < out ? in : out))
  for frac in 0.50 0.90 0.95; do
    f=$(awk -v l=$lower -v x=$frac 'BEGIN { printf "%.3f", l * x / 2 }')
    sox -r $in -n -r $in -e floating-point -b 32 -c 1 "$T/in.wav" synth 1 sine "$f" vol 0.5 2>/dev/null
    if ! conv "$T/in.wav" $out "$T/out.wav"; then
      ok 0 "$in -> $out Hz at $frac: koi-render failed: $(head -1 "$T/err")"
      continue
    fi
    si=$($S --freq "$f" "$T/in.wav") so=$($S --freq "$f" "$T/out.wav")
    g=$(awk -v a="$(amp "$so")" -v b="$(amp "$si")" 'BEGIN { printf "%.4f", 20 * log(a / b) / log(10) }')
    s=$(field "$so" spur 2)
    lim=$(awk -v x=$frac 'BEGIN { print (x > 0.92 ? "g >= -3" : "g <= 0.1 && g >= -0.1") }')
    good=$(awk -v g="$g" -v s="$s" "BEGIN { print ($lim && s != \"\" && s <= -110) ? 1 : 0 }")
    ok "$good" "$in -> $out Hz, tone at $frac of the lower Nyquist ($f Hz): gain $g dB ($lim), worst spur $s dBc (<= -110)"
    if [ $frac = 0.90 ]; then
      $R --decode "$T/in.wav" --resample $out -o "$T/alone.wav" 2>"$T/err"
      cmp=$($B/tools/wavcmp "$T/alone.wav" "$T/out.wav" 2>&1 | sed -n 's/^result: //p')
      ok "$([ "$cmp" = IDENTICAL ] && echo 1 || echo 0)" "$in -> $out Hz at 0.90: play on a float device is the converter's own float output (wavcmp: ${cmp:-failed})"
    fi
  done
  f=$(awk -v o=$out 'BEGIN { printf "%.3f", o * 1.1 / 2 }')
  if [ $in -gt $out ] && awk -v f=$f -v i=$in 'BEGIN { exit !(2 * f < i) }'; then
    sox -r $in -n -r $in -e floating-point -b 32 -c 1 "$T/in.wav" synth 1 sine "$f" vol 0.5 fade h 0.25 1 0.25 2>/dev/null
    conv "$T/in.wav" $out "$T/out.wav"
    # "peak P (D dBFS)  rms R (...)": R is the sixth field
    ri=$(field "$($S "$T/in.wav")" peak 6) ro=$(field "$($S "$T/out.wav")" peak 6)
    r=$(awk -v a="$ro" -v b="$ri" 'BEGIN { if (a == "" || b + 0 <= 0) print "unmeasured";
                                           else if (a + 0 == 0) print "below-print";
                                           else printf "%.1f", 20 * log(a / b) / log(10) }')
    # wavstat prints rms to 0.001 LSB: "0.000" is below -140 dB of the input
    [ "$r" = below-print ] && r="< -140"
    good=$(awk -v r="$r" 'BEGIN { print (r == "< -140" || (r != "unmeasured" && r <= -110)) ? 1 : 0 }')
    ok "$good" "$in -> $out Hz, tone at 1.1 of the output's Nyquist ($f Hz): rms $r dB (<= -110)"
  fi
done
echo "1..$n"
