"""Opened folders: links out of the folder are not followed, loops end, deep nesting is walked."""

from __future__ import annotations

import os

import numpy as np
import pytest

from desktop_ocr.core.images import LoadError, expand_inputs
from tests.helpers import save_png

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links")


def _png(path) -> None:
    save_png(np.full((20, 20, 3), 255, np.uint8), path)


def _names(root) -> list[str]:
    return [os.path.relpath(it.path, root) for it in expand_inputs([root]) if not isinstance(it, LoadError)]


def test_links_to_folders_outside_the_opened_folder_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    for i in range(5):
        _png(outside / f"o{i}.png")
    root = tmp_path / "dropped"
    (root / "sub").mkdir(parents=True)
    _png(root / "a.png")
    _png(root / "sub" / "b.png")
    os.symlink(outside, root / "link-out")  # like a link to /usr/share
    os.symlink(root / "sub", root / "link-in")  # inside the tree: followed, the folder listed once
    os.symlink(root, root / "sub" / "loop")  # a loop
    names = _names(root)
    assert names == ["a.png", os.path.join("link-in", "b.png")] or names == [
        "a.png",
        os.path.join("sub", "b.png"),
    ]
    assert not any("o" in os.path.basename(n) for n in names)


def test_a_folder_nested_1100_levels_deep_is_walked_without_recursion_error(tmp_path):
    root = tmp_path / "deep"
    root.mkdir()
    _png(root / "good.png")
    # build the chain with relative mkdir calls so no single path call gets too long
    cwd = os.getcwd()
    try:
        os.chdir(root)
        for _ in range(1100):
            os.mkdir("d")
            os.chdir("d")
        _png("bottom.png")
    finally:
        os.chdir(cwd)
    try:
        items = list(expand_inputs([root]))
    finally:
        _remove_chain(root)  # pytest's own clean-up (shutil.rmtree) recurses and would fail
    names = [os.path.basename(it.path) for it in items if not isinstance(it, LoadError)]
    assert names == ["bottom.png", "good.png"]  # "d" sorts before "good.png"
    assert [it for it in items if isinstance(it, LoadError)] == []


def _remove_chain(root) -> None:
    cwd = os.getcwd()
    try:
        os.chdir(root)
        depth = 0
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for name in os.listdir("."):
            os.unlink(name)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(cwd)


def test_folder_order_is_natural_and_depth_first(tmp_path):
    for rel in ["p2.png", "p10.png", "a/x.png", "b.png"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        _png(tmp_path / rel)
    assert _names(tmp_path) == [os.path.join("a", "x.png"), "b.png", "p2.png", "p10.png"]
