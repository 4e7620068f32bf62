"""Load benchmark of the public pages (`make bench`, see the README, "Performance at national scale")."""


class BenchError(Exception):
    """A problem that stops the benchmark, explained in one French sentence."""
