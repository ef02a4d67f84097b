#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages LeadTrack needs: Tauri 2's build/run prerequisites, and with
# --test also what the test suite uses (Xvfb, WebKitWebDriver, PDF/image tools, fonts, PostgreSQL).
# `cargo xtask deps` calls this; it is also fine to run by hand. It touches apt only when a
# package is missing, so on a warm machine it returns at once.
#
#   installers/linux/install-deps.sh [--test] [--print]
#     --test   also the test packages
#     --print  print the package names (one a line) and exit; installs nothing, needs no root
set -euo pipefail

# What Tauri 2 needs to build and run on Linux (https://v2.tauri.app/start/prerequisites/), plus
# the GStreamer plugins WebKit records voice memos with (MediaRecorder's AAC-in-MP4 needs -bad).
BASE=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
      libayatana-appindicator3-dev librsvg2-dev pkg-config
      gstreamer1.0-plugins-good gstreamer1.0-plugins-bad)
# Xvfb + xauth for a headless display, webkit2gtk-driver for WebKitWebDriver (tauri-driver's
# backend), imagemagick/x11-utils/xdotool for screenshots and real clicks, poppler-utils/qpdf to
# check generated PDFs, Noto fonts for CJK/Arabic-script rendering, PostgreSQL for the collector.
TEST=(xvfb xauth webkit2gtk-driver imagemagick x11-utils xdotool poppler-utils qpdf
      fonts-noto-cjk fonts-noto-core postgresql)

# How long to wait for another apt/dpkg process to let go of its lock.
LOCK_TIMEOUT=300

die() { echo "install-deps: $*" >&2; exit 1; }

with_test=0
print_only=0
for arg in "$@"; do
  case "$arg" in
    --test) with_test=1 ;;
    --print) print_only=1 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$arg' (try --help)" ;;
  esac
done

pkgs=("${BASE[@]}")
if (( with_test )); then pkgs+=("${TEST[@]}"); fi

if (( print_only )); then
  printf '%s\n' "${pkgs[@]}"
  exit 0
fi

command -v dpkg-query >/dev/null && command -v apt-get >/dev/null \
  || die "this script needs apt-get (Debian/Ubuntu). Install the equivalents of: ${pkgs[*]}"

# A package counts as present only when dpkg says "install ok installed" (not config-files only).
missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null || true)
  [[ "$status" == *"install ok installed"* ]] || missing+=("$p")
done

if (( ${#missing[@]} == 0 )); then
  echo "install-deps: all ${#pkgs[@]} packages already installed"
  exit 0
fi

# apt needs root: re-run this script under sudo (sudo would drop our exported env otherwise).
if (( EUID != 0 )); then
  command -v sudo >/dev/null || die "not root and sudo is missing; run as root: ${missing[*]}"
  echo "install-deps: re-running with sudo"
  exec sudo -- bash "${BASH_SOURCE[0]}" "$@"
fi

export DEBIAN_FRONTEND=noninteractive

# Runs apt-get, retrying while another process holds an apt lock. DPkg::Lock::Timeout makes apt
# wait for the dpkg frontend lock, but not for the lists lock (update) or the archives lock, which
# fail at once, so those are retried here until LOCK_TIMEOUT runs out.
apt_get() {
  local log deadline=$(( SECONDS + LOCK_TIMEOUT ))
  log=$(mktemp)
  while true; do
    if apt-get -o DPkg::Lock::Timeout="$LOCK_TIMEOUT" "$@" 2>&1 | tee "$log"; then
      rm -f "$log"; return 0
    fi
    if grep -qE 'Could not get lock|Unable to lock' "$log" && (( SECONDS < deadline )); then
      echo "install-deps: apt is locked by another process; retrying in 5 s"
      sleep 5
      continue
    fi
    rm -f "$log"; return 1
  done
}

echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
apt_get update || die "apt-get update failed"
apt_get install -y --no-install-recommends "${missing[@]}" || die "apt-get install failed: ${missing[*]}"
echo "install-deps: done"
