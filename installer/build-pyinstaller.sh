#!/usr/bin/env bash
# Builds a one-folder application with PyInstaller into dist/desktop-ocr/.
# The OCR models ship inside the rapidocr_onnxruntime wheel, hence --collect-data.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python3}
"$py" -m pip install -q '.[build]'
"$py" -m PyInstaller --noconfirm --clean --name desktop-ocr --windowed \
    --collect-data rapidocr_onnxruntime \
    --hidden-import desktop_ocr.gui.main_window --hidden-import desktop_ocr.gui.tray \
    --add-data "resources:resources" \
    installer/entry.py
echo "built dist/desktop-ocr/"
