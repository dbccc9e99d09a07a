"""The only package that builds widgets."""

import os

# opencv-python's import points QT_QPA_PLATFORM_PLUGIN_PATH at its own Qt 5 plugins, which Qt 6
# cannot load ("could not load the Qt platform plugin"). Import it first, then undo that.
_before = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
import cv2  # noqa: E402,F401

if _before is None:
    os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
else:
    os.environ["QT_QPA_PLATFORM_PLUGIN_PATH"] = _before
