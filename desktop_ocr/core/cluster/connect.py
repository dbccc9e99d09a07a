"""Ray itself: whether it is installed, and a connection to the user's cluster with nothing else
on the wire (no usage statistics, no dashboard)."""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from typing import Any

logger = logging.getLogger(__name__)

INSTALL_HINT = "a cluster needs Ray: pip install 'desktop-ocr[cluster]'"


class ClusterError(RuntimeError):
    """The cluster cannot be used (Ray missing, address unreachable); one line for the user."""


def ray_available() -> bool:
    return importlib.util.find_spec("ray") is not None


def quiet_env() -> None:
    """Before Ray is imported: no usage statistics sent to Ray's makers (the only traffic is to the
    user's cluster), and no interactive prompt about them."""
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    os.environ.setdefault("RAY_DISABLE_IMPORT_WARNING", "1")


def import_ray() -> Any:
    """The ``ray`` module, or :class:`ClusterError` saying how to install it."""
    if not ray_available():
        raise ClusterError(INSTALL_HINT)
    quiet_env()
    import ray

    return ray


def connect(address: str) -> tuple[Any, bool]:
    """Connect to ``address`` (``auto``: the Ray running on this machine; ``ray://host:10001``: a
    remote cluster); never starts a Ray of its own. Returns (ray, whether this call connected, so
    the caller disconnects again)."""
    _token_mode_like_ray_start()  # before Ray is imported: it reads the mode once
    ray = import_ray()
    if ray.is_initialized():  # a test or the benchmark connected already
        return ray, False
    kw: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING}
    try:
        ray.init(address=address, **kw)
    except Exception as exc:  # ConnectionError, ValueError, grpc errors: all "cannot reach it"
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ClusterError(f"cannot connect to the cluster at {address}: {first}") from exc
    logger.info("connected to the Ray cluster at %s", address)
    return ray, True


def _token_mode_like_ray_start() -> None:
    """``ray start`` turns token authentication on when a token is at hand, but a driver joining
    the cluster only sends the token when told to; tell it the same way (the user's own setting,
    when made, wins)."""
    if "RAY_AUTH_MODE" in os.environ or "ray" in sys.modules:
        # too late once Ray is imported: set now, the mode would reach only the processes a
        # later ``ray.init`` starts, which would then ask this driver for a token it never sends
        return
    path = os.environ.get("RAY_AUTH_TOKEN_PATH") or os.path.join(
        os.path.expanduser("~"), ".ray", "auth_token"
    )
    if os.environ.get("RAY_AUTH_TOKEN") or os.path.isfile(path):
        os.environ["RAY_AUTH_MODE"] = "token"
