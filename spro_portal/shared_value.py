"""A value computed from the database that every process keeps a copy of, and that a write made
through any process invalidates for all of them at once.

The value lives in the shared cache (Redis when REDIS_URL is set) under a version token, and each
process keeps its own copy with the token it was read under. A process checks the token once per
request (one cache read): when a write elsewhere has replaced it, the process reads the value again.
So two application servers behind one proxy never show an edit on one and the old state on the other.

With the local-memory cache (no REDIS_URL) the token lives in each process: a write is seen at once by
the process that made it, and by the others when their copy expires. Run more than one process (two
application servers, or gunicorn with several workers) with REDIS_URL set (README, Deployment).
"""

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.signals import request_started

_instances: list["SharedValue"] = []


class SharedValue:
    def __init__(self, key: str, load: Callable[[], Any], timeout: int):
        self.key = key
        self.load = load
        self.timeout = timeout
        self._state = threading.local()
        _instances.append(self)

    @property
    def version_key(self) -> str:
        return f"{self.key}:version"

    def get(self, variant: str = "") -> Any:
        """The value (`variant` names a value that also depends on something else, such as the day)."""
        state = self._state
        now = time.monotonic()
        local = getattr(state, "local", None)
        if local is not None and local[1] == variant and now < local[3] and getattr(state, "checked", False):
            return local[2]
        version = cache.get(self.version_key)
        if version is None:
            cache.add(self.version_key, uuid.uuid4().hex, None)
            version = cache.get(self.version_key)
        state.checked = True
        if local is not None and local[:2] == (version, variant) and now < local[3]:
            return local[2]
        value = cache.get_or_set(f"{self.key}:{version}:{variant}", self.load, self.timeout)
        state.local = (version, variant, value, now + self.timeout)
        return value

    def invalidate(self) -> None:
        """After a write to the value's sources: every process reads it again at its next request."""
        cache.set(self.version_key, uuid.uuid4().hex, None)
        self._state.local = None

    def recheck(self) -> None:
        self._state.checked = False


def _recheck_all(**kwargs) -> None:
    for instance in _instances:
        instance.recheck()


request_started.connect(_recheck_all, dispatch_uid="shared-value-recheck")
