"""SQL queries per request, measured in-process with Django's test client on the bench database."""

import statistics

from .urlsets import sample

HOST = "127.0.0.1"


def count_queries(paths: list[str], *, size: int = 30) -> dict:
    """Request `size` of the paths (spread over the list) and count the SQL queries of each.

    A first request fills the per-process caches, as in a warm server; its count is reported apart
    (`first_request`). Returns the maximum and median counts of the sample and the answers that
    are not 2xx or 3xx.
    """
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    chosen = sample(paths, size)
    first, _ = _get(client, connection, chosen[0])
    counts, bad = [], {}
    for path in chosen:
        count, status = _get(client, connection, path)
        counts.append(count)
        if status >= 400:
            bad[path] = status
    return {
        "sample": len(chosen),
        "max": max(counts),
        "median": statistics.median(counts),
        "first_request": first,
        "errors": len(bad),
        "error_examples": dict(list(bad.items())[:3]),
    }


def _get(client, connection, path: str) -> tuple[int, int]:
    """(SQL queries, status) of one request."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        for _chunk in response.streaming_content if response.streaming else ():
            pass  # a streamed body runs its queries while it is read (the client closes the response)
    return len(captured.captured_queries), response.status_code


def find_failures(paths: list[str], *, limit: int = 5) -> dict[str, int]:
    """The first `limit` paths that answer with a status of 400 or more (path → status)."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    failures = {}
    for path in paths:
        _, status = _get(client, connection, path)
        if status >= 400:
            failures[path] = status
            if len(failures) >= limit:
                break
    return failures
