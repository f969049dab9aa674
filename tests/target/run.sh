#!/usr/bin/env bash
# Runs the target test images in QEMU and prints one TAP stream.
#
#   tests/target/run.sh QEMU IMAGE_DIR [BOARD]
#
# BOARD goldfish (the default) runs every image; another board (vexpress-a9)
# runs the images that are about no board in particular: boot, mmu,
# cmdline, argv, pcm-args and audio-class (the board's own audio driver
# through the device class; its build makes only those: board/NAME/board.mk).
# Every run uses deterministic virtual time (-icount ... sleep=off, -rtc
# clock=vm).  An image reports its cases as TAP through semihosting; this
# script re-numbers them as "IMAGE: case", checks that the image printed
# its whole plan, and checks its exit status (the number of failures, or
# 128 + exception type for the deliberate faults, whose report text is
# checked too).  A run killed by the timeout is a failure.
set -u
qemu=$1 dir=$2 board=${3:-goldfish}
n=0 failed=0
icount=(-icount shift=3,align=off,sleep=off -rtc clock=vm)
case $board in
	goldfish) machine=(-M goldfish,audiodev=snd0 -m 128M -global goldfish_audio.exit-report=on)
		  cpus=(cortex-a15 cortex-a9 cortex-a8) ;;
	vexpress-a9) machine=(-M vexpress-a9 -m 128M -global pl041.audiodev=snd0)
		  cpus=(cortex-a9) ;;
	*) echo "run.sh: unknown board $board" >&2; exit 2 ;;
esac

emit() { # ok|not ok, text
	n=$((n + 1))
	echo "$1 $n - $2"
	[[ $1 == ok ]] || failed=$((failed + 1))
}

# run NAME IMAGE WANT_STATUS PATTERN CPU ARGS STDIN [extra QEMU args...]
#   ARGS: semihosting words after the program name (comma-separated list
#   already in QEMU syntax, may be empty); PATTERN: extended regex the output
#   must contain ("" for none); STDIN: file fed to the serial port or "".
run() {
	local name=$1 elf=$2 want=$3 pattern=$4 cpu=$5 args=$6 input=$7
	shift 7
	local log=$dir/$name.log semi=enable=on,target=native,arg=$(basename "$elf" .elf)
	[[ -n $args ]] && semi+=",$args"
	local serial=(-serial "file:$dir/$name.serial")
	[[ -n $input ]] && serial=(-serial stdio)
	# The pattern is looked for in both files: neither may be an earlier run's.
	rm -f "$dir/$name.serial" "$log"
	timeout -k 5 60 "$qemu" "${machine[@]}" -cpu "$cpu" \
		-display none -monitor none "${serial[@]}" \
		-audiodev none,id=snd0 "${icount[@]}" \
		-semihosting-config "$semi" -kernel "$elf" "$@" \
		<"${input:-/dev/null}" >"$log" 2>&1
	local rc=$?
	local tap plan
	tap=$(grep -E '^(not )?ok [0-9]+ - ' "$log")
	while IFS= read -r line; do
		[[ -z $line ]] && continue
		if [[ $line == ok* ]]; then emit ok "$name: ${line#* - }"
		else emit "not ok" "$name: ${line#* - }"; fi
	done <<<"$tap"
	if [[ $want == 0 ]]; then
		plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$log")
		local count
		count=$(grep -cE '^(not )?ok [0-9]+ - ' "$log")
		if [[ -n $plan && $plan == "$count" ]]; then emit ok "$name: complete plan of $plan cases"
		else emit "not ok" "$name: plan '${plan}' vs $count cases reported (see $log)"; fi
	fi
	if [[ $rc == "$want" ]]; then emit ok "$name: exit status $rc"
	else emit "not ok" "$name: exit status $rc, want $want (see $log)"; fi
	if [[ -n $pattern ]]; then
		# The firmware's own messages go to the TTY, a test image's to
		# semihosting: either will do.
		if grep -sqE "$pattern" "$log" "$dir/$name.serial"; then emit ok "$name: report matches /$pattern/"
		else emit "not ok" "$name: report lacks /$pattern/ (see $log)"; fi
	fi
	local exp
	exp=$(sed -n 's/^# expect-device: //p' "$log")
	[[ -n $exp ]] && check_device "$name" "$exp" "$log"
}

# An image that predicts the audio device's counters prints
#   # expect-device: played P underruns U1..U2 silent S1..S2
# and they must match what QEMU printed at exit (exit-report=on: the line
# is there even when all is zero; no line is a failure).
check_device() {
	local name=$1 exp=$2 log=$3 re='played ([0-9]+) underruns ([0-9]+)\.\.([0-9]+) silent ([0-9]+)\.\.([0-9]+)'
	[[ $exp =~ $re ]] || { emit "not ok" "$name: bad expect-device line '$exp'"; return; }
	local p=${BASH_REMATCH[1]} u1=${BASH_REMATCH[2]} u2=${BASH_REMATCH[3]}
	local s1=${BASH_REMATCH[4]} s2=${BASH_REMATCH[5]} line dp du ds dd
	line=$(grep -E '^goldfish_audio: [0-9]+ frames played' "$log")
	if [[ $line =~ ([0-9]+)\ frames\ played,\ ([0-9]+)\ underruns,\ ([0-9]+)\ silent\ frames,\ ([0-9]+)\ frames\ dropped ]]; then
		dp=${BASH_REMATCH[1]} du=${BASH_REMATCH[2]} ds=${BASH_REMATCH[3]} dd=${BASH_REMATCH[4]}
	else
		emit "not ok" "$name: QEMU printed no goldfish_audio counters at exit (see $log)"
		return
	fi
	if ((dp == p && du >= u1 && du <= u2 && ds >= s1 && ds <= s2 && dd == 0)); then
		emit ok "$name: device counted $dp frames, $du underruns, $ds silent frames, as predicted"
	else
		emit "not ok" "$name: device counted $dp played/$du underruns/$ds silent/$dd dropped, predicted $exp"
	fi
}

# The images about no board in particular.
for cpu in "${cpus[@]}"; do
	run "boot-$cpu" "$dir/test_boot.elf" 0 "" "$cpu" "arg=$cpu" ""
done
run mmu "$dir/test_mmu.elf" 0 "" "${cpus[0]}" "" ""
run cmdline "$dir/test_cmdline.elf" 0 "" "${cpus[0]}" "arg=--alpha,arg=42,arg=a,,b" ""
run argv "$dir/test_argv.elf" 0 "" "${cpus[0]}" "" ""
run pcm-args "$dir/test_pcm_args.elf" 0 "" "${cpus[0]}" "" ""
run audio-class "$dir/test_audio_class.elf" 0 "" "${cpus[0]}" "" ""
if [[ $board != goldfish ]]; then
	echo "1..$n"
	exit $((failed > 0))
fi

run timer "$dir/test_timer.elf" 0 "" cortex-a15 "" ""
run bus "$dir/test_bus.elf" 0 "" cortex-a15 "" ""
printf 'hello koi\nsecond line\n' >"$dir/tty-input.txt"
run tty "$dir/test_tty.elf" 0 "" cortex-a15 "" "$dir/tty-input.txt"
run audio "$dir/test_audio.elf" 0 "" cortex-a15 "" ""
run engine "$dir/test_engine.elf" 0 "" cortex-a15 "" ""
run libc "$dir/test_libc.elf" 0 "" cortex-a15 "" ""

# Robustness (tests/target/test_robust_audio.c): faults and misuse, with
# the device's own counters checked against the image's prediction.
for m in storm mask1 mask2 mask3 sweep misuse stall slow late; do
	run "robust-$m" "$dir/test_robust_audio.elf" 0 "" cortex-a15 "arg=$m" ""
done
# The firmware itself on bad command lines (exit 2, the reason and usage)
# and on a board without the audio device (exit 3).
fw=$dir/../firmware.elf
bad() { # name pattern args...
	local name=$1 pattern=$2
	shift 2
	local a=() w q
	# Each word single-quoted for the firmware's splitter, as tools/koi-qemu
	# does ('\'' for a quote): words with spaces or quotes stay one word.
	for w in "$@"; do q="'${w//\'/\'\\\'\'}'"; a+=("arg=${q//,/,,}"); done
	run "badarg-$name" "$fw" 2 "$pattern" cortex-a15 "$(IFS=,; echo "${a[*]}")" ""
}
bad freq-0 "koi: --freq: '0' is not a frequency" tone --freq 0
bad freq-neg "koi: --freq: '-5' is not a frequency" tone --freq -5
bad freq-nyquist "koi: --freq: '22050' is not a frequency" tone --freq 22050
bad freq-above "koi: --freq: '30000' is not a frequency" tone --freq 30000
bad gain "koi: --gain: '3' is not a level" tone --gain 3
bad format "koi: --format: unknown format 's12'" pcm --format s12
bad rate "koi: --rate: '12345' is not one of" pcm --rate 12345
bad channels "koi: --channels: '3' is not 1 or 2" pcm --channels 3
bad period-0 "koi: --period: '0' is not a frame count" tone --period 0
bad period-big "koi: --period: '65537' is not a frame count" tone --period 65537
bad period-device "koi: --period: 4097 frames: the audio device takes 1..4096" tone --period 4097
bad period-junk "koi: --period: '12x' is not a frame count" tone --period 12x
bad program "koi: unknown program 'symphony'" symphony
bad missing "koi: option --freq needs a value" tone --freq
bad voice "koi: mix: bad voice 'sine:440:\\+6'" mix sine:440:+6
bad voices "koi: --voices: '0' is not in 1..65535" mix --voices 0
bad mix-seconds "koi: --seconds: '0' is not a duration in 0.1..3600" mix --seconds 0
bad mix-65 "koi: mix: too many voices \\(64 at most" mix $(printf 'sine:%d ' $(seq 101 165))
bad mix-both "koi: mix: give --voices or voice specs, not both" mix --voices 4 sine:440
bad mix-nyquist "koi: mix: a voice at '30000' is not a frequency" mix sine:30000
bad piano-keys "koi: --keys: more than 256 keys" piano --keys "$(printf 'a%.0s' $(seq 1 257))"
bad volume "koi: --volume: '20' is not a level in -60..12 dB" tone --volume 20
bad rate-missing "koi: option --rate needs a value" --rate
bad rate-low "koi: --rate: '5' is not a rate in 8000..192000 Hz" --rate 5 tone
bad help-extra "koi: unexpected argument 'extra'" help extra
bad play-files "koi: play: more than 32 files" play $(printf 'a.wav %.0s' $(seq 1 33))
bad play-record "koi: --record: which file\\?" play a.wav --record ""
bad with-empty "koi: --with: '' is empty or too long" play a.wav --with ""
bad with-four "koi: --with: at most 3 other jobs" play a.wav --with a --with b --with c --with d
bad with-quote "koi: play: --with ''open' is not a command line" play examples/ode.wav --with "'open"
bad with-record "koi: play: --with 'record x.wav': record plays nothing" \
	play examples/ode.wav --with "record x.wav"
bad with-with "koi: play: --with 'play examples/ode.wav --with tone': a job inside --with cannot" \
	play examples/ode.wav --with "play examples/ode.wav --with tone"
bad with-option "koi: play: --with 'tone --bogus': unknown option --bogus for tone" \
	play examples/ode.wav --with "tone --bogus"
bad with-freq "koi: play: --with 'tone --freq 30000': --freq: '30000' is not a frequency" \
	play examples/ode.wav --with "tone --freq 30000"
bad raw-incomplete "koi: play: --raw needs --format, --rate and --channels" play --raw examples/ode.wav
bad raw-only "koi: play: --format, --rate and --channels describe --raw files" \
	play --rate 8000 examples/ode.wav
bad play-nothing "koi: play: which file\\? \\(play FILE...\\)" play
bad raw-format "koi: --format: 's12' is not one of u8 s8" play --raw --format s12 x
bad raw-rate "koi: --rate: '0' is not a rate in 1..384000 Hz" play --raw --rate 0 x
bad raw-channels "koi: --channels: '0' is not a channel count in 1..8192" play --raw --channels 0 x
bad map-zero "koi: --channels-map: '0' is not A or A,B" play --channels-map 0 examples/ode.wav
bad map-three "koi: --channels-map: '1,2,3' is not A or A,B" play --channels-map 1,2,3 examples/ode.wav
bad map-long "koi: --channels-map: 'abcdefghijklmnop' is not A or A,B" \
	play --channels-map abcdefghijklmnop examples/ode.wav
bad map-missing "koi: play: examples/ode.wav: --channels-map picks channel 3, the file has 1 channel" \
	play --channels-map 1,3 examples/ode.wav
# A command line that does not fit is refused, not cut short into another job.
many=() long=()
for i in $(seq 1 130); do many+=(sine:$((100 + i))); done
for i in $(seq 1 100); do long+=(sine:$((1000 + i)).125:-40.5:0.25:padding-to-make-it-long); done
bad too-many-words "koi: more than 128 words on the command line" mix "${many[@]}"
bad too-long "koi: command line longer than 4095 bytes" mix "${long[@]}"
# The whole line as QEMU hands it over, unbalanced: refused before parsing.
run badarg-unbalanced "$fw" 2 "koi: unterminated quote or trailing backslash on the command line" \
	cortex-a15 "arg=tone,arg='open" ""
run no-audio-device "$fw" 3 "koi: no goldfish_audio device on the platform bus" cortex-a15 \
	"arg=tone" "" -M sound=off

# Deliberate faults: status 128 + type and a report naming what happened.
run fault-dabort "$dir/test_fault.elf" 132 \
	"fault address 0x01200000: translation fault \(section\), read" cortex-a15 arg=dabort ""
run fault-null "$dir/test_fault.elf" 132 "fault address 0x00000008: translation fault \(page\), read" \
	cortex-a9 arg=null ""
run fault-rodata "$dir/test_fault.elf" 132 "permission fault \(page\), write" cortex-a15 arg=rodata ""
run fault-pabort "$dir/test_fault.elf" 131 "KOI FATAL: prefetch abort at pc 0x00100000" \
	cortex-a8 arg=pabort ""
run fault-undef "$dir/test_fault.elf" 129 "KOI FATAL: undefined instruction at pc" cortex-a15 arg=undef ""
run fault-svc "$dir/test_fault.elf" 130 "KOI FATAL: unexpected SVC" cortex-a15 arg=svc ""
run fault-stack "$dir/test_fault.elf" 135 "the SVC stack ran into its guard page" cortex-a15 arg=stack ""
run fault-canary "$dir/test_fault.elf" 135 "stack canary overwritten" cortex-a15 arg=canary ""
run fault-irq "$dir/test_fault.elf" 133 "unexpected IRQ on line 15" cortex-a15 arg=irq ""

echo "1..$n"
exit $((failed > 0))
