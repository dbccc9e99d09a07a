#!/usr/bin/env bash
# Installs everything the tests need and runs them: the Debian packages the real-window tests use
# (Xvfb, xdotool, xclip, a CJK font, Qt's xcb libraries, D-Bus), strace for the no-network test, a
# virtual environment with the application and its test extras, then pytest. Arguments are passed
# on to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(xvfb xdotool xclip x11-utils strace fonts-noto-cjk fonts-dejavu-core dbus dbus-x11
      libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0
      libxcb-image0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3)
if command -v apt-get >/dev/null 2>&1; then
    missing=()
    for p in "${debs[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        sudo=""
        [ "$(id -u)" = 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
fi

py=$(command -v python3.11 || command -v python3)
[ -x .venv/bin/python ] || "$py" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ruff check desktop_ocr tests benchmarks
.venv/bin/ruff format --check desktop_ocr tests benchmarks
exec .venv/bin/python -m pytest "$@"
