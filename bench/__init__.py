"""Load benchmark of the public pages (`make bench`, see bench/README.md)."""


class BenchError(Exception):
    """A problem that stops the benchmark, explained in one French sentence."""
