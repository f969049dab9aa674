#!/usr/bin/env bash
# Builds qemu-system-arm with Koi's goldfish machine and devices.
#
# Koi's QEMU code lives in this folder as new files laid out like QEMU's own
# tree (hw/, include/), plus small build-glue edits in glue/:
#   glue/PATH.append   appended to QEMU's PATH (Kconfig, meson.build, trace-events)
#   glue/PATH.replace  replaces QEMU's PATH (the arm-softmmu device list)
# The register maps it shares with the firmware and the tests live in the
# top-level regs/ and are copied to the tree's include/regs/.
# They are laid over Debian 13's QEMU 10.0 source package (or QEMU_SRC=/path, a
# QEMU 10.0.x tree that is never modified) in a cache outside the clone.  The
# cache is keyed by a hash of this folder and regs/: an unchanged folder reuses the
# binary in seconds, a changed one rebuilds incrementally with ninja (only
# the files whose content changed are touched).
#
# Result: build/qemu-system-arm, a symlink into the cache.
#
# SANITIZE=1: the same tree built a second time, with AddressSanitizer and
# UndefinedBehaviorSanitizer (QEMU's --enable-asan --enable-ubsan), in its own build
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
  src=$cache/debian-src-10.0
  work=$cache/work-debian-10.0
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

# One build at a time per cache: two makes (two worktrees, or `make test`
# beside `make bench`) share its source, tree and build directories, and a
# second one seeing a stale stamp would rebuild over the first.  The lock
# goes with the process (flock on an open descriptor), so a killed build
# never leaves it held.
mkdir -p "$cache"
exec 9>"$cache/build.lock"
if ! flock -n 9; then
  say "waiting for another build of this cache ($cache/build.lock)"
  flock 9
fi

if [[ -x $bdir/qemu-system-arm && -f $stamp && $(cat "$stamp") == "$key" ]]; then
  mkdir -p "$(dirname "$link")"; ln -sfn "$bdir/qemu-system-arm" "$link"
  say "up to date ($key): $link"
  exit 0
fi

"$top/tools/bootstrap.sh" qemu

# --- 1. Pristine source -----------------------------------------------------
# QEMU 10.0.x: Debian 13's (trixie's) source package, the same tree on every
# Debian.  apt fetches it with a private configuration kept in the cache
# ($cache/apt: one deb-src line for trixie on the archive the machine
# already uses, its own package lists): nothing on the machine changes, no
# deb-src entry is added to its sources, and no root is needed.  (Debian
# 12's bookworm-backports carries 10.0.2, but its .dsc was missing from the
# archive when this was written, and one version for everyone is simpler.)
QEMU_SERIES=10.0
papt=$cache/apt
apt_private() {  # apt_private apt-get|apt-cache ARGS...: with Koi's own config
  local tool=$1; shift
  "$tool" -o Dir::Etc::SourceList="$papt/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
    -o Dir::State::Lists="$papt/lists" -o Dir::Cache="$papt/cache" \
    -o Dir::State::Status=/var/lib/dpkg/status -o Debug::NoLocking=1 \
    -o APT::Sandbox::User="$(id -un)" "$@"
}

if [[ -z "${QEMU_SRC:-}" && ! -f $src/VERSION ]]; then
  mirror=$("$top/tools/debian-mirror")
  mkdir -p "$papt/lists/partial" "$papt/cache/archives/partial"
  printf 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' \
    "$mirror" >"$papt/sources.list"
  say "looking up Debian 13's qemu source in $mirror (apt, with its own lists in $papt)"
  apt_private apt-get update -qq >"$papt/update.log" 2>&1 ||
    { cat "$papt/update.log" >&2; die "apt-get update for trixie's sources failed (log: $papt/update.log)"; }
  ver=$(apt_private apt-cache showsrc qemu 2>/dev/null |
          awk -v s="$QEMU_SERIES" '$1 == "Version:" && index($2, "1:" s ".") == 1 { print $2 }' |
          sort -V | tail -n1 || true)
  [[ -n $ver ]] || die "Debian 13's archive lists no qemu $QEMU_SERIES.x source (or pass QEMU_SRC=/path/to/qemu-$QEMU_SERIES.x)"
  fetch=$(mktemp -d "$cache/fetch.XXXXXX")
  say "fetching Debian's qemu $ver source package"
  (cd "$fetch" && apt_private apt-get source -qq "qemu=$ver" >fetch.log 2>&1) ||
    { cat "$fetch/fetch.log" >&2; rm -rf "$fetch"; die "apt-get source qemu=$ver failed"; }
  d=$(find "$fetch" -maxdepth 1 -type d -name "qemu-$QEMU_SERIES.*" | head -n1)
  [[ -n $d ]] || { rm -rf "$fetch"; die "apt-get source produced no qemu-$QEMU_SERIES tree"; }
  rm -rf "$src"; mv "$d" "$src"; rm -rf "$fetch"
fi
[[ -f $src/VERSION ]] || die "$src is not a QEMU source tree (no VERSION file)"
case $(cat "$src/VERSION") in
  "$QEMU_SERIES".*) ;;
  *) die "$src is QEMU $(cat "$src/VERSION"); Koi builds on $QEMU_SERIES.x (tested: 10.0.13, Debian 13's)" ;;
esac

# --- 2. Working tree: pristine + Koi's files + glue ---------------------------
if [[ ! -f $tree/VERSION ]]; then
  say "copying source tree to $tree"
  rm -rf "$tree"; mkdir -p "$work"; cp -a "$src" "$tree"
fi

# Write only when the content differs, so ninja rebuilds only what changed.
# Every path written is listed in $work/laid: a file Koi no longer lays
# (a glue or device file removed from this folder) goes back to QEMU's own
# version, or away, instead of lingering in the tree.
laid=$work/laid
: >"$laid.new"
put() {  # put DEST < content
  printf '%s\n' "${1#"$tree"/}" >>"$laid.new"
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

if [[ -f $laid ]]; then
  while IFS= read -r rel; do
    grep -qxF -- "$rel" "$laid.new" && continue
    if [[ -f $src/$rel ]]; then cp -p "$src/$rel" "$tree/$rel"; else rm -f "$tree/$rel"; fi
  done <"$laid"
fi
mv "$laid.new" "$laid"

# --- 3. Configure (once) and build -------------------------------------------
# Only the arm-softmmu target, only Koi's machine (glue replaces the default
# device list), no tools or docs; audio backends: wav and none (always built
# in) plus PipeWire (QEMU's native client, since 8.1), PulseAudio and ALSA
# for `make play` (tools/koi-qemu picks one by the server's socket).  The
# build directory remembers the line it was configured with, and a changed
# line configures again (an added backend reaches every existing cache).
san_flags=()
[[ ${SANITIZE:-0} == 1 ]] && san_flags=(--enable-asan --enable-ubsan)
# --python: Debian's python3, the one its meson package is installed for
# (a python3 of another origin earlier in PATH would not find meson).
# --disable-install-blobs: Debian's +ds source has no firmware blobs, and
# Koi's machine needs none.
conf=(--python=/usr/bin/python3
      --target-list=arm-softmmu
      --without-default-features --without-default-devices
      --enable-tcg --enable-fdt=system
      --enable-pipewire --enable-pa --enable-alsa --audio-drv-list=pipewire,pa,alsa
      --disable-docs --disable-tools --disable-werror --disable-install-blobs
      ${san_flags[@]+"${san_flags[@]}"})
if [[ ! -f $bdir/build.ninja || "$(cat "$bdir/koi-configure" 2>/dev/null)" != "${conf[*]}" ]]; then
  say "configuring in $bdir"
  rm -rf "$bdir"; mkdir -p "$bdir"
  (cd "$bdir" && "$tree/configure" "${conf[@]}" >configure.log 2>&1) ||
    { tail -n 30 "$bdir/configure.log" >&2; die "configure failed (log: $bdir/configure.log)"; }
  printf '%s\n' "${conf[*]}" >"$bdir/koi-configure"
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
