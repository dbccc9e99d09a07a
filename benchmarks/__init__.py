"""Benchmarks run from a clone (``python -m benchmarks.NAME``); not part of the installed package."""
