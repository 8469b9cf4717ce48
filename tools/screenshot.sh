#!/usr/bin/env bash
# Takes the README screenshot: runs the app in a fresh profile under Xvfb and captures the
# window to assets/screenshot.png. Needs: xvfb imagemagick mesa-vulkan-drivers (Debian).
# Usage: tools/screenshot.sh [OUTPUT.png] [-- app arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-assets/screenshot.png}"
shift || true
[ "${1:-}" = "--" ] && shift
cargo build --release
profile=$(mktemp -d)
display=:97
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$profile"' EXIT
sleep 1
DISPLAY="$display" XDG_DATA_HOME="$profile" HOME="$profile" ./target/release/zhongzhan-map "$@" &
app_pid=$!
sleep "${SCREENSHOT_DELAY:-6}"
DISPLAY="$display" import -window root "$out"
kill "$app_pid" 2>/dev/null || true
echo "wrote $out"
