#!/usr/bin/env bash
# Installs, from Debian's archive, whatever a Koi build step needs and the
# machine lacks.  Every make target that needs a package calls this first, so
# a fresh Debian 12 or 13 machine needs nothing typed before `make run`/`make test`.
#
#   tools/bootstrap.sh GROUP...     groups: firmware host qemu vexpress virt plots
#                                   formats analysis fuzz fresh sound resample docs
#
# Fast when nothing is missing (one dpkg-query), so it is safe to call often.
set -euo pipefail

declare -A PKGS=(
  [firmware]="gcc libc6-dev gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi gdb-multiarch"
  # universal-ctags: tools/check-length finds each function's extent with it.
  [host]="gcc libc6-dev make libcmocka-dev libsndfile1-dev pkg-config python3 universal-ctags"
  [qemu]="gcc libc6-dev dpkg-dev libglib2.0-dev libpixman-1-dev ninja-build pkg-config flex bison libfdt-dev python3 python3-venv libasound2-dev libpulse-dev libpipewire-0.3-dev rsync xz-utils"
  # Debian's own QEMU, for the boards that need no Koi build (-M vexpress-a9).
  [vexpress]="qemu-system-arm"
  # The same, of QEMU 8.2 or later, for -M virt's virtio-sound-device: the
  # version is checked below (Debian 12's own is 7.2).  ipxe-qemu is only a
  # Recommends of it, but -M virt's default network card loads its
  # efi-virtio.rom: without it QEMU stops at once.
  [virt]="qemu-system-arm ipxe-qemu"
  [plots]="sox gnuplot-nox"
  # The formats suite: sox, the independent decoder and writer of WAV files.
  [formats]="sox"
  [analysis]="libfftw3-dev"
  # make bench's baseline rate converter, built for the host.
  [resample]="libsamplerate0-dev"
  [fuzz]="clang libclang-rt-dev"
  [fresh]="debootstrap"
  # make docs: the API reference from the public headers' Doxygen comments.
  [docs]="doxygen"
  # Real sound servers that the play tests start by themselves (tests/play):
  # PulseAudio, and PipeWire with its PulseAudio service and WirePlumber
  # (which links a stream to the sink, and wants a D-Bus session bus);
  # parec/pactl record them.  qemu-system-gui holds Debian's QEMU audio modules
  # (audio-pa; audio-pipewire from QEMU 8.1), for the boards on its QEMU.
  [sound]="pulseaudio pulseaudio-utils pipewire pipewire-bin pipewire-pulse wireplumber dbus-daemon qemu-system-gui"
)

want=()
for g in "$@"; do
  [[ -n "${PKGS[$g]+x}" ]] || { echo "bootstrap: unknown group '$g' (known: ${!PKGS[*]})" >&2; exit 2; }
  read -r -a p <<<"${PKGS[$g]}"
  want+=("${p[@]}")
done
((${#want[@]})) || exit 0

missing=()
for p in "${want[@]}"; do
  st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$st" == installed ]] || missing+=("$p")
done
# The qemu group also needs meson >= 1.5 (QEMU 10 configures with it, and
# Debian's QEMU source, +ds, does not bundle one); it is not in the list
# above because its version matters.  Debian 13 has 1.7; Debian 12's own is
# 1.0, so there the newer one comes from bookworm-backports: a build tool,
# not a QEMU binary, and apt never takes anything else from backports unless
# asked by name.
MESON_MIN=1.5
ge_min() { [[ $(printf '%s\n%s\n' "$MESON_MIN" "$1" | sort -V | head -n1) == "$MESON_MIN" ]]; }
meson_ok() { local v; v=$(meson --version 2>/dev/null) && ge_min "$v"; }
need_meson=0
for g in "$@"; do
  if [[ $g == qemu ]] && ! meson_ok; then need_meson=1; fi
done
# The virt group: a qemu-system-arm with virtio-sound (QEMU >= 8.2): the one
# on the PATH when it is new enough (installed or not), else Debian's when
# its release has one (Debian 13), else bookworm-backports' (Debian 12,
# 10.0.x): the stock QEMU a user of that release can install, so the plain
# qemu-system-arm command runs the board too.
QEMU_VIRT_MIN=8.2
qemu_virt_ok() {
  local v
  v=$(qemu-system-arm --version 2>/dev/null | sed -n '1s/^QEMU emulator version \([0-9.]*\).*/\1/p')
  [[ -n $v && $(printf '%s\n%s\n' "$QEMU_VIRT_MIN" "$v" | sort -V | head -n1) == "$QEMU_VIRT_MIN" ]]
}
need_qemu_virt=0
for g in "$@"; do
  if [[ $g == virt ]] && ! qemu_virt_ok; then need_qemu_virt=1; fi
done
((${#missing[@]} || need_meson || need_qemu_virt)) || exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "bootstrap: this machine has no apt-get. Install these (Debian 12 names) by hand:" >&2
  echo "  ${missing[*]-}$( ((need_meson)) && echo " meson (>= $MESON_MIN)")$( ((need_qemu_virt)) && echo " qemu-system-arm (>= $QEMU_VIRT_MIN)")" >&2
  exit 1
fi

SUDO=
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "bootstrap: need root to install: ${missing[*]}" >&2; exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# bookworm-backports as an apt source, once, for the one package named
# (apt takes nothing from backports unless asked by name with -t).
add_backports() {
  if ! apt-cache policy "$1" 2>/dev/null | grep -q 'bookworm-backports'; then
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$("$(dirname "${BASH_SOURCE[0]}")/debian-mirror")" | $SUDO tee /etc/apt/sources.list.d/koi-backports.sources >/dev/null
    echo "bootstrap: added bookworm-backports (for $1 only)"
    $SUDO apt-get update -qq
  fi
}
# Package lists on a fresh machine may be empty or stale: update once first.
$SUDO apt-get update -qq
# The release's own meson when it is new enough (Debian 13), with the rest;
# else backports' below.
if ((need_meson)); then
  cand=$(apt-cache policy meson 2>/dev/null | awk '$1 == "Candidate:" { print $2 }')
  if [[ -n $cand && $cand != "(none)" ]] && ge_min "${cand#*:}"; then
    need_meson=0
    missing+=(meson)
  fi
fi
# qemu-system-gui (the sound group's QEMU audio modules) must be the version
# of the QEMU already installed: it depends on qemu-system-common of exactly
# its own version.  Once the virt group has put bookworm-backports' QEMU 10 on
# Debian 12, the release's 7.2 gui cannot install beside it, and apt stops
# with "held broken packages"; asking for the installed version by name
# takes it from backports.
common=$(dpkg-query -W -f='${db:Status-Status} ${Version}' qemu-system-common 2>/dev/null || true)
if [[ $common == installed\ * ]]; then
  for i in "${!missing[@]}"; do
    [[ ${missing[i]} == qemu-system-gui ]] && missing[i]="qemu-system-gui=${common#installed }"
  done
fi
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ((need_meson)); then
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  if [[ $codename != bookworm ]]; then
    echo "bootstrap: QEMU 10 needs meson >= $MESON_MIN; this system ($codename) has $(meson --version 2>/dev/null || echo none): install a newer one" >&2
    exit 1
  fi
  add_backports meson
  echo "bootstrap: installing meson from bookworm-backports (QEMU 10 needs >= $MESON_MIN)"
  $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports meson >/dev/null
  meson_ok || { echo "bootstrap: meson $(meson --version 2>/dev/null) is older than $MESON_MIN" >&2; exit 1; }
fi
if ((need_qemu_virt)); then
  qemu_virt_ok && exit 0  # the release's own, installed above (Debian 13)
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  if [[ $codename != bookworm ]]; then
    echo "bootstrap: -M virt's virtio-sound needs qemu-system-arm >= $QEMU_VIRT_MIN; this system ($codename) has $(qemu-system-arm --version 2>/dev/null | head -n1 || echo none): install a newer one" >&2
    exit 1
  fi
  add_backports qemu-system-arm
  echo "bootstrap: installing qemu-system-arm from bookworm-backports (virtio-sound needs QEMU >= $QEMU_VIRT_MIN)"
  $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports qemu-system-arm >/dev/null
  qemu_virt_ok || { echo "bootstrap: qemu-system-arm $(qemu-system-arm --version | head -n1) is older than $QEMU_VIRT_MIN" >&2; exit 1; }
fi
