"""PyInstaller entry point (a frozen app has no console-script wrapper)."""

import multiprocessing
import sys

from desktop_ocr.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # keyword regexes may run in a spawned process
    sys.exit(main())
