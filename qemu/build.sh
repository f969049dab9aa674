#!/usr/bin/env bash
# Builds qemu-system-arm with Koi's goldfish machine and devices.
#
# Koi's QEMU code lives in this folder as new files laid out like QEMU's own
# tree (hw/, include/), plus small build-glue edits in glue/:
#   glue/PATH.append   appended to QEMU's PATH (Kconfig, meson.build, trace-events)
#   glue/PATH.replace  replaces QEMU's PATH (the arm-softmmu device list)
# The register maps it shares with the firmware and the tests live in the
# top-level regs/ and are copied to the tree's include/regs/.
# They are laid over Debian's QEMU 7.2 source package (or QEMU_SRC=/path, a
# QEMU 7.2 tree that is never modified) in a cache outside the clone.  The
# cache is keyed by a hash of this folder and regs/: an unchanged folder reuses the
# binary in seconds, a changed one rebuilds incrementally with ninja (only
# the files whose content changed are touched).
#
# Result: build/qemu-system-arm, a symlink into the cache.
#
# SANITIZE=1: the same tree built a second time, with AddressSanitizer and
# UndefinedBehaviorSanitizer (QEMU's --enable-sanitizers), in its own build
# directory beside the normal one; result build/qemu-system-arm-san.  The
# two never overwrite each other's objects.  `make test-san` runs on it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")
cache=${KOI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/koi}
link=$top/build/qemu-system-arm

say() { printf 'qemu: %s\n' "$*"; }
die() { printf 'qemu: error: %s\n' "$*" >&2; exit 1; }

# Which pristine source, and where its working copy lives.
if [[ -n "${QEMU_SRC:-}" ]]; then
  src=$(cd "$QEMU_SRC" 2>/dev/null && pwd) || die "QEMU_SRC=$QEMU_SRC is not a directory"
  work=$cache/work-$(printf '%s' "$src" | sha256sum | cut -c1-12)
else
  src=$cache/debian-src
  work=$cache/work-debian
fi
tree=$work/tree
bdir=$work/build
stamp=$work/stamp
if [[ ${SANITIZE:-0} == 1 ]]; then
  bdir=$work/build-san
  stamp=$work/stamp-san
  link=$top/build/qemu-system-arm-san
elif [[ ${SANITIZE:-0} != 0 ]]; then
  die "SANITIZE=$SANITIZE: use SANITIZE=1 (ASan + UBSan build) or nothing"
fi

# The register maps in ../regs/ are shared with the firmware and the tests;
# the QEMU code includes them as "regs/NAME.h" (step 2 copies them into the
# tree's include/), so they are part of the key.
regs=$top/regs
key=$( { (cd "$here" && find . -type f ! -name '*.mk' ! -name '*.md' -print0 |
          LC_ALL=C sort -z | xargs -0 sha256sum)
        (cd "$top" && find regs -type f -name '*.h' -print0 |
          LC_ALL=C sort -z | xargs -0 sha256sum); } | sha256sum | cut -c1-16)

if [[ -x $bdir/qemu-system-arm && -f $stamp && $(cat "$stamp") == "$key" ]]; then
  mkdir -p "$(dirname "$link")"; ln -sfn "$bdir/qemu-system-arm" "$link"
  say "up to date ($key): $link"
  exit 0
fi

"$top/tools/bootstrap.sh" qemu

# --- 1. Pristine source -----------------------------------------------------
add_deb_src() {
  # Mirror every Debian 'deb' entry the machine already uses as 'deb-src',
  # so the source comes from the same archive (and snapshot) as the binaries.
  local out=/etc/apt/sources.list.d/koi-deb-src.sources tmp
  tmp=$(mktemp)
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f && $f != "$out" ]] || continue
    awk 'BEGIN { RS = ""; ORS = "\n\n" }
         /(^|\n)Types:[^\n]*deb([ \n]|$)/ && /URIs:[^\n]*\/debian/ {
           sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f" >>"$tmp"
  done
  if [[ -f /etc/apt/sources.list ]]; then
    awk '$1 == "deb" && $0 ~ /\/debian/ { $1 = "deb-src"; print }' /etc/apt/sources.list \
      >/etc/apt/sources.list.d/koi-deb-src.list
  fi
  [[ -s $tmp ]] && install -m 0644 "$tmp" "$out"
  rm -f "$tmp"
  [[ -s $out || -s /etc/apt/sources.list.d/koi-deb-src.list ]] ||
    die "found no Debian 'deb' entry to mirror as deb-src; add one for your mirror and retry"
  say "added deb-src entries for the archive this machine uses"
  apt-get update -qq
}

if [[ -z "${QEMU_SRC:-}" && ! -f $src/VERSION ]]; then
  if ! apt-cache showsrc qemu 2>/dev/null | grep '^Version: 1:7\.2' >/dev/null; then
    [[ $(id -u) -eq 0 ]] || die "need root to add a deb-src entry (or pass QEMU_SRC=/path/to/qemu-7.2)"
    add_deb_src
  fi
  mkdir -p "$cache"
  fetch=$(mktemp -d "$cache/fetch.XXXXXX")
  say "fetching Debian's qemu 7.2 source package"
  (cd "$fetch" && apt-get source -qq qemu >fetch.log 2>&1) ||
    { cat "$fetch/fetch.log" >&2; die "apt-get source qemu failed"; }
  d=$(find "$fetch" -maxdepth 1 -type d -name 'qemu-7.2*' | head -n1)
  [[ -n $d ]] || die "apt-get source produced no qemu-7.2 tree"
  rm -rf "$src"; mv "$d" "$src"; rm -rf "$fetch"
fi
[[ -f $src/VERSION ]] || die "$src is not a QEMU source tree (no VERSION file)"
[[ $(cut -c1-4 "$src/VERSION") == 7.2. ]] || die "$src is QEMU $(cat "$src/VERSION"), need 7.2.x"

# --- 2. Working tree: pristine + Koi's files + glue ---------------------------
if [[ ! -f $tree/VERSION ]]; then
  say "copying source tree to $tree"
  rm -rf "$tree"; mkdir -p "$work"; cp -a "$src" "$tree"
fi

# Write only when the content differs, so ninja rebuilds only what changed.
put() {  # put DEST < content
  local tmp; tmp=$(mktemp)
  cat >"$tmp"
  if ! cmp -s "$tmp" "$1"; then mkdir -p "$(dirname "$1")"; mv "$tmp" "$1"; else rm -f "$tmp"; fi
}

while IFS= read -r -d '' f; do
  rel=${f#"$here"/}
  put "$tree/$rel" <"$f"
done < <(find "$here/hw" "$here/include" "$here/tests" -type f -print0 2>/dev/null)

while IFS= read -r -d '' f; do
  put "$tree/include/regs/$(basename "$f")" <"$f"
done < <(find "$regs" -maxdepth 1 -type f -name '*.h' -print0)

while IFS= read -r -d '' f; do
  rel=${f#"$here"/glue/}
  case $rel in
    *.append)  dst=${rel%.append};  cat "$src/$dst" "$f" | put "$tree/$dst" ;;
    *.replace) dst=${rel%.replace}; put "$tree/$dst" <"$f" ;;
    *) die "glue/$rel: name must end in .append or .replace" ;;
  esac
done < <(find "$here/glue" -type f -print0 2>/dev/null)

# --- 3. Configure (once) and build -------------------------------------------
# Only the arm-softmmu target, only Koi's machine (glue replaces the default
# device list), no tools or docs; audio backends: wav and none (always built
# in) plus ALSA and PulseAudio for `make play`.
san_flags=()
[[ ${SANITIZE:-0} == 1 ]] && san_flags=(--enable-sanitizers)
if [[ ! -f $bdir/build.ninja ]]; then
  say "configuring in $bdir"
  rm -rf "$bdir"; mkdir -p "$bdir"
  (cd "$bdir" && "$tree/configure" \
      --target-list=arm-softmmu \
      --without-default-features --without-default-devices \
      --enable-tcg --enable-fdt=system \
      --enable-alsa --enable-pa --audio-drv-list=alsa,pa \
      --disable-docs --disable-tools --disable-werror \
      ${san_flags[@]+"${san_flags[@]}"} \
      >configure.log 2>&1) || { tail -n 30 "$bdir/configure.log" >&2; die "configure failed (log: $bdir/configure.log)"; }
fi

# configure drops a sanitizer it cannot link without a word: say so instead.
if [[ ${SANITIZE:-0} == 1 ]] && ! grep -q -- '-fsanitize=address' "$bdir/build.ninja"; then
  die "configure did not enable ASan/UBSan (no libasan/libubsan for this compiler?); see $bdir/configure.log"
fi

say "building ($(nproc) jobs)${san_flags[@]+, with ASan and UBSan}"
ninja -C "$bdir" qemu-system-arm || die "build failed"

echo "$key" >"$stamp"
mkdir -p "$(dirname "$link")"; ln -sfn "$bdir/qemu-system-arm" "$link"
say "built ($key): $link"
