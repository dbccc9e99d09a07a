"""Build the engine and the keyword matcher from the flags, turning their errors into usage errors
and printing the keyword file's warnings (shared by ``ocr`` and ``video``)."""

from __future__ import annotations

import sys

from .errors import UsageError


def make_engine(model_dir: str = ""):
    from desktop_ocr.core.engine import build_engine
    from desktop_ocr.core.models import ModelSetError

    try:
        return build_engine(model_dir)
    except ModelSetError as exc:
        raise UsageError(str(exc)) from exc


def load_matcher(path: str | None):
    """The keyword matcher for the file at ``path``, or None without one."""
    if not path:
        return None
    from desktop_ocr.core.keywords import KeywordFileError, KeywordList, KeywordMatcher

    try:
        matcher = KeywordMatcher(KeywordList.from_file(path))
    except KeywordFileError as exc:
        raise UsageError(str(exc)) from exc
    for w in matcher.warnings:
        print(f"desktop-ocr: warning: {w}", file=sys.stderr)
    return matcher


def cluster_runner(address: str, model_dir: str = "", options=None):
    """A ``ClusterRunner`` on the Ray cluster at ``address`` (Ray is imported only now)."""
    from desktop_ocr.core.cluster import ClusterError
    from desktop_ocr.core.cluster.client import ClusterRunner
    from desktop_ocr.core.models import ModelSet, ModelSetError

    try:
        models = ModelSet.from_folder(model_dir) if model_dir else None
        return ClusterRunner(address, models, options)
    except (ClusterError, ModelSetError) as exc:
        raise UsageError(str(exc)) from exc
