#!/usr/bin/env bash
# Start-up time to a visible main window, several runs of each command given, side by side:
#   DISPLAY=:N bash installer/startup-time.sh RUNS "dist/desktop-ocr/desktop-ocr" ".venv/bin/desktop-ocr"
# Each run uses a fresh settings folder (so no running instance is reused and no session is
# restored) and ends when xdotool sees a visible window named "Desktop OCR"; the process is then
# stopped. Needs an X server in DISPLAY (Xvfb is enough) and xdotool.
set -euo pipefail
runs=${1:?usage: startup-time.sh RUNS COMMAND...}
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
declare -A times
# the commands take turns, so a machine that gets busier slows them alike
for i in $(seq "$runs"); do
    for cmd in "$@"; do
        start=$(date +%s.%N)
        # shellcheck disable=SC2086 (the command may carry arguments)
        $cmd --config-dir "$tmp/cfg-$i-$RANDOM" >"$tmp/log" 2>&1 &
        pid=$!
        timeout 120 xdotool search --sync --onlyvisible --name '^Desktop OCR$' >/dev/null
        end=$(date +%s.%N)
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        times[$cmd]+="$(printf '%.2f' "$(echo "$end - $start" | bc)") "
    done
done
for cmd in "$@"; do
    printf '%-50s %s s\n' "$cmd" "${times[$cmd]}"
done
