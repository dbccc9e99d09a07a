"""Benchmarks that are not part of the wheel: run them from a checkout (``python -m benchmarks.NAME``)."""
