"""What travels with a job besides its pages: the model set and the engine options (the Chinese
script conversion among them).

A node has none of the user's files. The shipped models come with the package every node has
installed; any other model set (a folder the user chose, a set from an optional wheel) travels as
the bytes of its few files (models and dictionary), nothing else of the folder.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from desktop_ocr.core.models import ModelSet

ROLES = ("det", "cls", "rec", "dictionary")


@dataclass(frozen=True)
class EngineSpec:
    """How a node builds a job's engine. ``models`` keeps the client's paths (for its other
    fields); ``files`` None means the shipped model files, found in the node's own install."""

    models: ModelSet | None = None
    options: object = None  # core.engine.EngineOptions (None: the defaults)
    files: dict[str, tuple[str, bytes]] | None = field(default=None, repr=False)  # role -> (name, data)

    @classmethod
    def of(cls, models: ModelSet | None, options: object = None) -> EngineSpec:
        if models is None:
            return cls(None, options)
        shipped = ModelSet.shipped()
        if all(getattr(models, r) == getattr(shipped, r) for r in ROLES):
            return cls(models, options)
        files = {}
        for role in ROLES:
            path = getattr(models, role)
            if path is not None:
                files[role] = (Path(path).name, Path(path).read_bytes())
        return cls(models, options, files)

    def build(self):
        """The engine on this node (its sessions loaded once per process)."""
        from desktop_ocr.core.engine import shared_engine

        return shared_engine(self.node_models(), self.options)

    def node_models(self) -> ModelSet | None:
        if self.models is None:
            return None
        if self.files is None:
            shipped = ModelSet.shipped()
            return dataclasses.replace(self.models, **{r: getattr(shipped, r) for r in ROLES})
        folder = Path(tempfile.mkdtemp(prefix="desktop-ocr-models-"))
        paths = {}
        for role, (name, data) in self.files.items():
            path = folder / f"{role}-{os.path.basename(name)}"
            path.write_bytes(data)
            paths[role] = path
        return dataclasses.replace(self.models, **paths)
