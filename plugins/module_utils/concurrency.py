# -*- coding: utf-8 -*-
# Copyright (c) spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A small thread pool for running the same API call over many objects.

The shared client's rate limiter (token buckets shared by every thread and process on the
controller) keeps the request rate within Palette's limits; this helper only bounds how many
requests are in flight at once.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

# Callers sharing one client use its pool size instead (client.POOL_SIZE: a thread beyond the pool's connections
# would open and drop a connection for each request).
DEFAULT_WORKERS = 8


def run_concurrently(fn, items, workers=DEFAULT_WORKERS):
    """Call ``fn(item)`` for every item on up to ``workers`` threads.

    Returns a list of ``(item, result, error)`` tuples in the order of ``items``; ``error`` is
    the exception ``fn`` raised (``result`` is then None). Nothing is raised here so that the
    caller can report every failing item, not just the first one.
    """
    items = list(items)
    if not items:
        return []

    def call(item):
        try:
            return item, fn(item), None
        except Exception as err:  # pylint: disable=broad-except
            return item, None, err

    if len(items) == 1 or workers <= 1:
        return [call(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        return list(pool.map(call, items))


def map_concurrently(fn, items, workers=DEFAULT_WORKERS):
    """Like :func:`run_concurrently` but returns the results and raises the first error (in item order)."""
    results = []
    for dummy, result, error in run_concurrently(fn, items, workers=workers):
        if error is not None:
            raise error
        results.append(result)
    return results
