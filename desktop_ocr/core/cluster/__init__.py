"""Pages and video frames on a Ray cluster (the optional ``desktop-ocr[cluster]`` extra).

Plain Python, no Qt. Nothing here imports Ray until a :class:`~.client.ClusterRunner` is made, so
without a cluster address the app neither loads Ray nor opens a socket.

- ``connect``: Ray itself (installed? reachable?), with usage statistics and the dashboard off;
- ``payload``: what travels with a job besides its pages (the model set, the engine options);
- ``actor``: one engine per node, running the project's own scheduler on the node's cores;
- ``ordering``: a job's pages back in page order, stopped or cancelled, each delivered once;
- ``client``: :class:`ClusterRunner`, the same interface as ``core.runner.ThreadRunner``.
"""

from desktop_ocr.core.cluster.connect import ClusterError, ray_available

__all__ = ["ClusterError", "ray_available"]
