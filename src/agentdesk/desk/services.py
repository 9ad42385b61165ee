"""The services of one signed-in desktop, built once by :func:`build_services` and handed on typed.

The main window and its panels receive one :class:`DeskServices` instead of attributes set on them one by one:
the signed-in user's context, this desktop's local cache (drafts saved as typed, actions waiting for the
database, the offline copy: :class:`~agentdesk.desk.local.DeskCache`), the reads with the offline policy
(:class:`~agentdesk.desk.reading.Reading`) and the search of a mailbox's Sent folder (the outbox bar's "find
out"). Nothing here needs Qt; the GUI starts the cache (:meth:`DeskCache.start`) once its window is up and
closes it with the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agentdesk.actions.context import ActionContext
from agentdesk.actions.outbox import SentSearch
from agentdesk.config.paths import Paths
from agentdesk.desk import cache_process
from agentdesk.desk.local import DeskCache
from agentdesk.desk.reading import Reading

# the routing database's handle, as the GUI holds it (the GUI imports no agentdesk.routing module itself)
from agentdesk.routing.db import Database as Database


@dataclass(frozen=True)
class DeskServices:
    """What the desktop's windows and panels use besides Qt (see the module's description)."""

    ctx: ActionContext
    paths: Paths
    #: the settings file this desktop was started with
    config_file: Path
    cache: DeskCache
    reading: Reading
    sent_search: SentSearch


def settings_search(config_file: Path | None, paths: Paths | None = None) -> SentSearch:
    """Search a mailbox's Sent folder with this desktop's settings file (read on the worker, at each search)."""

    def search(mailbox: str | None, message_id: str) -> bool:
        from agentdesk.config.mailboxes import mailboxes_from_settings
        from agentdesk.config.settings import load_settings
        from agentdesk.routing.sender import sent_folder_has

        configured = {m.name: m for m in mailboxes_from_settings(load_settings(config_file, paths=paths))}
        found = configured.get(mailbox or "")
        if found is None:
            raise LookupError(f"mailbox {mailbox!r} is not in this desktop's settings, so its Sent folder cannot be "
                              "searched here")
        return sent_folder_has(found, message_id)

    return search


def build_services(ctx: ActionContext, paths: Paths, config_file: Path, *,
                   cache_in_child: bool = True) -> DeskServices:
    """The one place a desktop's services are made. ``cache_in_child``: the cache's follower runs its passes in a
    child process (on a thread here they held the interpreter lock: GUI stalls); it holds no connection of its
    own between passes, the change feed wakes it."""
    cache = DeskCache(ctx, paths.data_dir)
    if cache_in_child:
        cache.follower.watch = False
        cache.follower = cache_process.out_of_process(cache.follower)
    return DeskServices(ctx=ctx, paths=paths, config_file=config_file, cache=cache, reading=Reading(cache),
                        sent_search=settings_search(config_file, paths))
