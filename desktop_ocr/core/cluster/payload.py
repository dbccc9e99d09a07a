"""What travels with a job besides its pages: the model set and the engine options.

A node has none of the user's files. The shipped models come with the package every node has
installed; a model folder the user chose travels as the bytes of its few files (models and
dictionary), nothing else of the folder.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from desktop_ocr.core.models import ModelSet


@dataclass(frozen=True)
class EngineSpec:
    """How a node builds the job's engine: ``files`` None means the shipped models."""

    options: object = None  # core.engine.EngineOptions (None: the defaults)
    name: str = ""
    files: dict[str, tuple[str, bytes]] | None = field(default=None, repr=False)  # role -> (name, data)

    @classmethod
    def of(cls, models: ModelSet | None, options: object = None) -> EngineSpec:
        if models is None or models == ModelSet.shipped():
            return cls(options=options)
        roles = {"det": models.det, "cls": models.cls, "rec": models.rec, "dictionary": models.dictionary}
        files = {role: (p.name, Path(p).read_bytes()) for role, p in roles.items() if p is not None}
        return cls(options=options, name=models.name, files=files)

    def build(self):
        """The engine on this node (its sessions loaded once per process)."""
        from desktop_ocr.core.engine import shared_engine

        return shared_engine(self.models(), self.options)

    def models(self) -> ModelSet | None:
        if self.files is None:
            return None
        folder = Path(tempfile.mkdtemp(prefix="desktop-ocr-models-"))
        paths = {}
        for role, (name, data) in self.files.items():
            path = folder / os.path.basename(name)
            path.write_bytes(data)
            paths[role] = path
        return ModelSet(
            det=paths["det"],
            cls=paths["cls"],
            rec=paths["rec"],
            dictionary=paths.get("dictionary"),
            name=self.name,
        )
