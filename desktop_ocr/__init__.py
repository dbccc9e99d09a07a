"""Desktop OCR: local, offline OCR for screenshots, documents and video frames."""

import os

# The no-network promise. ONNX Runtime (1.32) ships telemetry that opens UDP sockets, sends DNS
# queries and writes a device id and queued events to ~/.cache/Microsoft/DeveloperTools/. It reads
# this variable once, when onnxruntime is first imported, and ``disable_telemetry_events()`` later
# does not stop it. Every entry point (the desktop-ocr script, python -m desktop_ocr, the bundle,
# the benchmarks, the tests) imports this package before onnxruntime or rapidocr_onnxruntime, so
# setting it here covers them all. It is forced, not defaulted: a stray value must not break it.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

__version__ = "0.1.0"
