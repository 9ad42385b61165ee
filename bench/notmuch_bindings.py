"""notmuch's own Python bindings timed in-process, for bench/bench_search.py.

Debian's ``python3-notmuch2`` is built for the system Python and lives in its dist-packages, so the search
bench runs this file with that Python (``/usr/bin/python3``) as one child process: it opens the notmuch
database named by ``NOTMUCH_CONFIG`` once, then, for each query read from standard input (a JSON list), takes
the first ``limit`` messages newest first with what a result line shows (Message-ID, date, From, Subject), as
many times as asked, timing each in-process, once without and once with the number of matches
(``count_messages``: agentdesk's search returns its total with the page, so "with the count" is the same
answer). It prints one JSON object: milliseconds both ways and the exact match count per query. It imports
nothing of agentdesk.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    import notmuch2

    job = json.load(sys.stdin)
    limit, runs = int(job["limit"]), int(job["runs"])
    db = notmuch2.Database(mode=notmuch2.Database.MODE.READ_ONLY)
    newest = notmuch2.Database.SORT.NEWEST_FIRST

    def page(query: str) -> int:
        shown = 0
        for message in db.messages(query, sort=newest, exclude_tags=()):
            _ = (message.messageid, message.date, message.header("from"), message.header("subject"))
            shown += 1
            if shown == limit:
                break
        return shown

    out: dict[str, dict[str, object]] = {}
    for query in job["queries"]:
        page(query)  # warm, as the agentdesk side is
        times, counted = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            page(query)
            times.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            page(query)
            db.count_messages(query, exclude_tags=())
            counted.append((time.perf_counter() - t0) * 1000)
        out[query] = {"ms": times, "ms_counted": counted, "count": db.count_messages(query, exclude_tags=())}
    db.close()
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
