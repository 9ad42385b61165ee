"""The headless desk under the GUI: what a desktop does without Qt.

So far: the change feed (:mod:`agentdesk.desk.feed` reads the change log with a cursor,
:mod:`agentdesk.desk.follow` follows it on the desktop's one long-lived connection). The GUI, the load
simulator (bench/bench_center.py) and the tests use the same code.
"""
