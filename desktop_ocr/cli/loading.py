"""Build the engine and the keyword matcher from the flags, turning their errors into usage errors
and printing the keyword file's warnings (shared by ``ocr`` and ``video``)."""

from __future__ import annotations

import sys

from .errors import UsageError


def make_engine(conf: dict | None = None, options=None):
    """The engine for resolved settings (``settings.from_args``); a refused choice is a usage error."""
    from desktop_ocr.core.chinese_script import ScriptError
    from desktop_ocr.core.engine import build_engine
    from desktop_ocr.core.models import ModelSetError

    conf = conf or {}
    try:
        return build_engine(
            conf.get("model_dir", ""), conf.get("models", ""), conf.get("script", "as-read"), options=options
        )
    except (ModelSetError, ScriptError) as exc:
        raise UsageError(str(exc)) from exc


def load_matcher(path: str | None, whole_words: bool = True):
    """The keyword matcher for the file at ``path``, or None without one."""
    if not path:
        return None
    from desktop_ocr.core.keywords import KeywordFileError, KeywordList, KeywordMatcher

    try:
        matcher = KeywordMatcher(KeywordList.from_file(path, whole_words=whole_words))
    except KeywordFileError as exc:
        raise UsageError(str(exc)) from exc
    for w in matcher.warnings:
        print(f"desktop-ocr: warning: {w}", file=sys.stderr)
    return matcher


def cluster_runner(conf: dict, options=None):
    """A ``ClusterRunner`` on the Ray cluster at ``conf["cluster"]`` (Ray is imported only now),
    for the same engine settings as :func:`make_engine`: the model set and the options travel
    with the job."""
    import dataclasses

    from desktop_ocr.core.chinese_script import ScriptError, converter
    from desktop_ocr.core.cluster import ClusterError
    from desktop_ocr.core.cluster.client import ClusterRunner
    from desktop_ocr.core.engine import EngineOptions, resolve_models
    from desktop_ocr.core.models import ModelSetError

    try:
        models = resolve_models(conf.get("model_dir", ""), conf.get("models", ""))
        options = dataclasses.replace(options or EngineOptions(), script=conf.get("script", "as-read"))
        converter(options.script)  # a conversion that cannot be set up fails here, not on each node
        # the nodes split a page's lines as --workers would here: the same text as a local run
        return ClusterRunner(conf["cluster"], models, options, local_workers=conf.get("workers") or 2)
    except (ClusterError, ModelSetError, ScriptError) as exc:
        raise UsageError(str(exc)) from exc
