"""What a fault trial's child process runs: the real router, or a short run of real review and transfer actions.

A job runs in a process forked from the warm zygote (:mod:`tests.faults.zygote`) and may be SIGKILLed at any
moment: by the test after a random delay, or by itself at a chosen *kill point* (a count of database
statements, commits, SMTP commands and replies and IMAP fetches, see :class:`KillPoints`), which a seed replays
exactly. Every action a job has carried out (its function returned, so its transaction committed) is written to
the trial's log as one JSON line; the invariants check that none of them is missing afterwards.
"""

from __future__ import annotations

import json
import os
import random
import signal
import smtplib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from agentdesk.actions.context import ActionContext
from agentdesk.actions.errors import ActionError
from agentdesk.actions.outbound import send
from agentdesk.actions.review import approve, reject, review_queue
from agentdesk.actions.transfer import accept_transfer, cancel_transfer, decline_transfer, transfer
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction, TransferOffer, User


class KillPoints:
    """Counts the moments where a kill is interesting and SIGKILLs this process at moment ``kill_at``."""

    def __init__(self, kill_at: int | None) -> None:
        self.kill_at = kill_at
        self.count = 0

    def tick(self, *_: Any, **__: Any) -> None:
        self.count += 1
        if self.kill_at is not None and self.count >= self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def install(self) -> None:
        event.listen(Engine, "before_cursor_execute", self.tick)
        event.listen(Engine, "commit", self.tick)
        event.listen(Session, "after_commit", self.tick)
        _wrap(smtplib.SMTP, "send", self.tick)
        _wrap(smtplib.SMTP, "getreply", self.tick)
        import imapclient

        _wrap(imapclient.IMAPClient, "fetch", self.tick)


def _wrap(cls: type, name: str, before: Callable[[], None]) -> None:
    original = getattr(cls, name)

    def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
        before()
        return original(self, *args, **kwargs)

    setattr(cls, name, wrapped)


class Log:
    """The trial's log: one JSON object a line, appended as each action returns."""

    def __init__(self, path: Path) -> None:
        self._fh = path.open("a", encoding="utf-8")

    def write(self, **entry: Any) -> None:
        self._fh.write(json.dumps(entry) + "\n")
        self._fh.flush()  # in the kernel's hands: a SIGKILL does not lose it

    def close(self) -> None:
        self._fh.close()


def router(args: dict[str, Any], log: Log) -> int:
    """``agentdesk router --once`` with the trial's settings file, as the command line runs it."""
    from agentdesk.cli.main import main

    return main(["router", "--once", "--config", args["config"]])


def review(args: dict[str, Any], log: Log) -> int:
    """A lead decides rounds at random (approve, edit and approve, reject); the author sends rejected ones again."""
    db = Database(args["url"])
    rng = random.Random(args["seed"])
    lead, author = ActionContext(db, args["lead"]), ActionContext(db, args["author"])
    try:
        for _ in range(args["ops"]):
            waiting = review_queue(lead)
            with db.read() as s:
                rejected = list(s.scalars(select(Interaction.id).where(Interaction.state == "rejected")
                                          .order_by(Interaction.id)))
            if rejected and (not waiting or rng.random() < 0.3):
                oid = rng.choice(rejected)
                state = send(author, oid)
                log.write(op="resubmitted", id=oid, state=state)
                continue
            if not waiting:
                break
            item = rng.choice(waiting)
            pick = rng.random()
            if pick < 0.4:
                state = approve(lead, item.outbound_id)
                log.write(op="approved", id=item.outbound_id, round=item.round_no, state=state)
            elif pick < 0.6:
                state = approve(lead, item.outbound_id, edited_text=f"edited in round {item.round_no}")
                log.write(op="edited", id=item.outbound_id, round=item.round_no, state=state)
            else:
                reject(lead, item.outbound_id, note=f"please correct round {item.round_no}")
                log.write(op="rejected", id=item.outbound_id, round=item.round_no)
    finally:
        db.dispose()
    return 0


def transfers(args: dict[str, Any], log: Log) -> int:
    """Agents offer, accept, decline and withdraw transfers at random among themselves."""
    db = Database(args["url"])
    rng = random.Random(args["seed"])
    try:
        for _ in range(args["ops"]):
            with db.read() as s:
                ids = list(s.scalars(select(Interaction.id).where(Interaction.id.in_(args["ids"]))
                                     .order_by(Interaction.id)))
                iid = rng.choice(ids)
                owner = s.scalar(select(User.login).join(Interaction, Interaction.owner_id == User.id)
                                 .where(Interaction.id == iid))
                offer = s.scalars(select(TransferOffer).where(TransferOffer.interaction_id == iid,
                                                              TransferOffer.state == "pending")).first()
                to_user = s.get(User, offer.to_user_id) if offer is not None and offer.to_user_id else None
                target = to_user.login if to_user is not None else None
            assert owner is not None
            try:
                if offer is None:
                    other = rng.choice([login for login in args["agents"] if login != owner])
                    offer_id = transfer(ActionContext(db, owner), iid, to_login=other, reason="fault trial")
                    log.write(op="offered", id=iid, offer=offer_id, to=other)
                elif rng.random() < 0.2:
                    cancel_transfer(ActionContext(db, owner), offer.id)
                    log.write(op="withdrawn", id=iid, offer=offer.id)
                elif rng.random() < 0.7:
                    assert target is not None
                    accept_transfer(ActionContext(db, target), offer.id)
                    log.write(op="accepted", id=iid, offer=offer.id, by=target)
                else:
                    assert target is not None
                    decline_transfer(ActionContext(db, target), offer.id, reason="busy")
                    log.write(op="declined", id=iid, offer=offer.id)
            except ActionError as exc:  # at capacity …: refused, nothing changed
                log.write(op="refused", id=iid, why=exc.message)
    finally:
        db.dispose()
    return 0


JOBS: dict[str, Callable[[dict[str, Any], Log], int]] = {"router": router, "review": review, "transfers": transfers}
