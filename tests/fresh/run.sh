#!/usr/bin/env bash
# make test-fresh: the README's two commands on a machine that has nothing.
#
# Builds a minimal Debian root of the release DIST (bookworm: Debian 12,
# trixie: Debian 13) with debootstrap (--variant=minbase, plus git and
# make, nothing else), clones the committed tree into it, and runs
# exactly `make run` then `make test` there, as root, in a chroot with a
# clean environment.  Everything either command needs must come from the
# project's own install steps (tools/bootstrap.sh, qemu/build.sh): a missed
# package fails here, as it would for a new user, even when this machine
# has it.  Fails on any failure; the root is removed afterwards unless
# KEEP=1 is given.  When a step fails, the root's build/test-results/ (each
# suite's .log and .tap) is first copied out to build/fresh/test-results-DIST/
# beside the log, and the last lines say where.
#
#   tests/fresh/run.sh DIST [ROOT]   (default: a new /var/tmp/koi-fresh-DIST.XXXXXX)
#
# What two runs share (kept in $KOI_CACHE/fresh/, default ~/.cache/koi):
# downloads only, never the result of a build.  debootstrap's packages for
# each release (a --make-tarball, refreshed after a week), and the .deb
# files apt fetched inside earlier roots of the same release (bound over
# the root's /var/cache/apt/archives).  Every root still installs every
# package, fetches QEMU's source and builds everything from scratch.
#
# The root is outside the tree on purpose: while it runs, /dev and /proc
# are mounted inside it, and nothing that walks or cleans build/ (make
# clean, a search of the tree) may reach them.
#
# Needs root (debootstrap, chroot, mounts) and Debian's archive.  Takes
# about as long as a QEMU build from scratch plus one `make test`.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dist=${1:-}
case $dist in
  bookworm|trixie) ;;
  *) printf 'test-fresh: usage: tests/fresh/run.sh bookworm|trixie [ROOT]\n' >&2; exit 2 ;;
esac
root=${2:-$(mktemp -d "/var/tmp/koi-fresh-$dist.XXXXXX")}
log=$top/build/fresh/$dist.log
results=$top/build/fresh/test-results-$dist  # the root's build/test-results/ after a failure
share=${KOI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/koi}/fresh
say() { printf 'test-fresh %s: %s\n' "$dist" "$*"; }
die() { printf 'test-fresh %s: error: %s\n' "$dist" "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, chroot and mounts)"
"$top/tools/bootstrap.sh" fresh

# The committed tree, as CI would clone it: uncommitted changes are not in it.
rev=$(git -C "$top" rev-parse HEAD)
[[ -z $(git -C "$top" status --porcelain --untracked-files=no) ]] ||
  say "note: uncommitted changes are not tested; testing commit ${rev:0:12}"

# The archive this machine installs from, so the root sees the same Debian.
mirror=$("$top/tools/debian-mirror")

mounted=()
cleanup() {
  local m
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  if [[ -z ${KEEP:-} ]]; then rm -rf "$root"; fi
}
trap cleanup EXIT
mnt() { mount "$@" && mounted+=("${@: -1}"); }

mkdir -p "$(dirname "$log")"
: >"$log"
rm -rf "$results"  # an earlier run's: what is there after this one is this one's
rm -rf "$root"
mkdir -p "$root"
t0=$SECONDS
# debootstrap's downloads, once a week per release: a tarball of the .debs
# (debootstrap --make-tarball), unpacked and installed anew in every root.
base=$share/$dist-minbase.tgz
mkdir -p "$share/apt-$dist"
if [[ ! -s $base || -n $(find "$base" -mtime +6) ]]; then
  say "debootstrap $dist: downloading its packages from $mirror"
  rm -f "$base.new"
  dl=$(mktemp -d /var/tmp/koi-fresh-dl.XXXXXX)
  debootstrap --variant=minbase --include=git,make --make-tarball="$base.new" \
    "$dist" "$dl" "$mirror" >>"$log" 2>&1 ||
    { rm -rf "$dl"; tail -n 20 "$log" >&2; die "debootstrap --make-tarball failed (log: $log)"; }
  rm -rf "$dl"
  mv "$base.new" "$base"
fi
say "debootstrap $dist (minbase + git, make) into $root"
debootstrap --variant=minbase --include=git,make --unpack-tarball="$base" \
  "$dist" "$root" "$mirror" >>"$log" 2>&1 ||
  { tail -n 20 "$log" >&2; die "debootstrap failed (log: $log)"; }
say "root ready in $((SECONDS - t0)) s"

cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
mnt -t proc proc "$root/proc"
mnt -t sysfs sys "$root/sys"
mnt --bind /dev "$root/dev"
mnt -t devpts devpts "$root/dev/pts" -o newinstance,ptmxmode=0666 || true
mnt -t tmpfs tmpfs "$root/dev/shm"
# apt's downloads from earlier roots of this release; apt checks each
# file's hash against the archive's lists before it uses it.
mnt --bind "$share/apt-$dist" "$root/var/cache/apt/archives"

git clone -q --no-local "$top" "$root/root/koi"
git -C "$root/root/koi" checkout -q "$rev"

inside() {  # inside COMMAND: run in the root, clean environment, as root
  env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 TERM=dumb chroot "$root" /bin/bash -c "cd /root/koi && $1"
}

status=0
for step in "make run" "make test"; do
  t=$SECONDS
  say "$step"
  if inside "$step" </dev/null >>"$log" 2>&1; then
    say "$step: ok in $((SECONDS - t)) s"
  else
    status=$?
    tail -n 40 "$log" >&2
    say "$step: FAILED (exit $status) after $((SECONDS - t)) s; log: $log"
    if [[ -d $root/root/koi/build/test-results ]]; then
      cp -a "$root/root/koi/build/test-results" "$results"
      grep -l '^not ok' "$results"/*.tap 2>/dev/null | sed 's/^/test-fresh: failed: /' >&2 || true
      say "the root's test results (each suite's .log and .tap): $results/"
    fi
    break
  fi
done
grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n1 | sed 's/^/test-fresh: make test: /' || true
say "total $((SECONDS - t0)) s"
exit "$status"
