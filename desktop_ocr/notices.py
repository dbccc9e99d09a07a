"""The third-party notices: every installed package with its version, licence and the licence
texts its distribution ships (Qt/PySide6 under the LGPL, OpenCV with FFmpeg, ONNX Runtime, ...).

The bundle build writes them next to the executable (``python -m desktop_ocr.notices OUT``, run
with the build environment's Python: the bundle has no package metadata of its own); the About
dialog shows that file in a bundle and builds the same text from the metadata in a venv.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

SKIP = {"pip", "setuptools", "wheel", "pyinstaller", "pyinstaller-hooks-contrib", "altgraph", "packaging"}


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and len(text) < 100:
        return text
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or "see the texts below"


def bundled_file() -> Path:
    """NOTICES.txt next to the bundle's executable."""
    return Path(sys.executable).resolve().parent / "NOTICES.txt"


def notices_text() -> str:
    if getattr(sys, "frozen", False) and bundled_file().exists():
        return bundled_file().read_text(encoding="utf-8", errors="replace")
    return build_text()


def build_text() -> str:
    by_name = {}
    for d in metadata.distributions():  # the first one found is the one imported
        name = d.metadata["Name"].lower()
        if name not in SKIP:
            by_name.setdefault(name, d)
    dists = [by_name[n] for n in sorted(by_name)]
    parts = ["Desktop OCR uses the following software. Their licences follow.\n"]
    parts += [f"  {d.metadata['Name']} {d.version}: {licence_of(d)}" for d in dists]
    for d in dists:
        texts = [
            f
            for f in d.files or []
            if any(k in f.name.upper() for k in ("LICENSE", "LICENCE", "COPYING", "NOTICE"))
            and f.suffix not in (".py", ".pyc", ".so")
        ]
        for f in texts:
            try:
                body = f.locate().read_bytes().decode("utf-8", errors="replace")
            except OSError:
                continue
            parts.append(f"\n{'=' * 78}\n{d.metadata['Name']} {d.version}: {f}\n{'=' * 78}\n{body}")
    return "\n".join(parts) + "\n"


def main(out: str) -> int:
    Path(out).write_text(build_text(), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
