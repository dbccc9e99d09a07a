#!/usr/bin/env bash
# Builds the one-folder application and the Linux archive, on a fresh clone:
#   bash installer/build-bundle.sh
# 1. a build virtual environment (build/bundle-venv) with the application, PyInstaller and
#    opencv-python-headless in place of opencv-python: the regular wheel carries its own Qt 5,
#    a second Qt next to PySide6's that the bundle must not contain;
# 2. PyInstaller with installer/desktop-ocr.spec -> dist/desktop-ocr/ (the same folder the Windows
#    installer script, installer/windows/desktop-ocr.iss, packs);
# 3. dist/desktop-ocr-VERSION-linux-x86_64.tar.xz with the .desktop entry and the icon, and an
#    AppImage when appimagetool is on the PATH.
# Environment: PYTHON (default python3.11 or python3), BUNDLE_VENV (default build/bundle-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

py=${PYTHON:-$(command -v python3.11 || command -v python3)}
venv=${BUNDLE_VENV:-build/bundle-venv}
[ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
vpy="$venv/bin/python"
"$vpy" -m pip install -q --upgrade pip
"$vpy" -m pip install -q '.[build]'
if "$vpy" -m pip show -q opencv-python >/dev/null 2>&1; then
    cv=$("$vpy" -c "import importlib.metadata as m; print(m.version('opencv-python'))")
    "$vpy" -m pip uninstall -q -y opencv-python opencv-python-headless
    "$vpy" -m pip install -q --force-reinstall --no-deps "opencv-python-headless==$cv"
fi
# the translations are compiled from their .ts sources (the committed .qm files must match them)
"$vpy" -m desktop_ocr.i18n.update --check

"$vpy" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    installer/desktop-ocr.spec

# the bundle redistributes every package of the build environment: their licences go with it
"$vpy" -m desktop_ocr.notices dist/desktop-ocr/NOTICES.txt

# the interpreter from the build machine may carry debug symbols (pyenv builds do: 23 MB for
# libpython); wheels' libraries are left as they are (stripping patched ELF files can break them)
if command -v strip >/dev/null 2>&1; then
    strip --strip-unneeded dist/desktop-ocr/_internal/libpython3*.so* \
        dist/desktop-ocr/_internal/python3*/lib-dynload/*.so 2>/dev/null || true
fi

version=$("$vpy" -c "import desktop_ocr; print(desktop_ocr.__version__)")
name="desktop-ocr-$version-linux-$(uname -m)"
stage="build/$name"
rm -rf "$stage"
mkdir -p "$stage"
cp -a dist/desktop-ocr "$stage/desktop-ocr"
cp desktop_ocr/resources/desktop-ocr.desktop desktop_ocr/resources/desktop-ocr.svg "$stage/"
cat >"$stage/README.txt" <<TXT
Desktop OCR $version, one-folder build for Linux.
Start: ./desktop-ocr/desktop-ocr      (command line: ./desktop-ocr/desktop-ocr ocr FILE...)
Menu entry and icon for this user:    ./desktop-ocr/desktop-ocr --install-desktop-entry [--autostart]
Remove them again:                    ./desktop-ocr/desktop-ocr --uninstall-desktop-entry
TXT
# xz: about a quarter smaller than gzip on these libraries; every tar unpacks it
XZ_OPT="-6 -T0" tar -C build -cJf "dist/$name.tar.xz" "$name"
echo "built dist/desktop-ocr/ and dist/$name.tar.xz"

if command -v appimagetool >/dev/null 2>&1; then
    appdir="build/$name.AppDir"
    rm -rf "$appdir"
    mkdir -p "$appdir"
    cp -a dist/desktop-ocr/. "$appdir/"
    cp desktop_ocr/resources/desktop-ocr.desktop desktop_ocr/resources/desktop-ocr.svg "$appdir/"
    ln -s desktop-ocr "$appdir/AppRun"
    ARCH=$(uname -m) appimagetool "$appdir" "dist/$name.AppImage"
    echo "built dist/$name.AppImage"
else
    echo "appimagetool not found: no AppImage (the .tar.xz is the Linux package)"
fi
