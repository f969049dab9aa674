#!/usr/bin/env bash
# Installs, from Debian's archive, whatever a Koi build step needs and the
# machine lacks.  Every make target that needs a package calls this first, so
# a fresh Debian 12 machine needs nothing typed before `make run`/`make test`.
#
#   tools/bootstrap.sh GROUP...     groups: firmware host qemu vexpress plots analysis
#                                   fuzz fresh
#
# Fast when nothing is missing (one dpkg-query), so it is safe to call often.
set -euo pipefail

declare -A PKGS=(
  [firmware]="gcc libc6-dev gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi gdb-multiarch"
  [host]="gcc libc6-dev make libcmocka-dev libsndfile1-dev pkg-config python3"
  [qemu]="gcc libc6-dev dpkg-dev libglib2.0-dev libpixman-1-dev meson ninja-build pkg-config flex bison libfdt-dev python3 python3-venv libasound2-dev libpulse-dev rsync xz-utils"
  # Debian's own QEMU, for the boards that need no Koi build (-M vexpress-a9).
  [vexpress]="qemu-system-arm"
  [plots]="sox gnuplot-nox"
  [analysis]="libfftw3-dev"
  [fuzz]="clang libclang-rt-14-dev"
  [fresh]="debootstrap"
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
((${#missing[@]})) || exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "bootstrap: this machine has no apt-get. Install these (Debian 12 names) by hand:" >&2
  echo "  ${missing[*]}" >&2
  exit 1
fi

SUDO=
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "bootstrap: need root to install: ${missing[*]}" >&2; exit 1
  fi
fi

echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Package lists on a fresh machine may be empty or stale: update once first.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
