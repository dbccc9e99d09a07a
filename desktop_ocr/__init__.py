"""Desktop OCR: local, offline OCR for screenshots, documents and video frames."""

__version__ = "0.1.0"
