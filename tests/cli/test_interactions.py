"""``agentdesk interactions``: the scripting surface, in-process on both backends, and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from agentdesk.cli.main import main
from agentdesk.routing.db import Database
from agentdesk.routing.models import Interaction, User, Workbin
from tests.support.factories import Center, inbound, seed_center


@pytest.fixture
def center(db: Database) -> Center:
    c = seed_center(db)
    with db.write() as s:
        s.add(Workbin(kind="team", name="billing-followup", team_id=c.support_id))
    return c


def write_config(db: Database, folder: Path, login: str = "sato") -> str:
    cfg = folder / "agentdesk.toml"
    url = db.url.render_as_string(hide_password=False)
    cfg.write_text(f'[routing]\nurl = "{url}"\n\n[user]\nlogin = "{login}"\n', encoding="utf-8")
    return str(cfg)


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(db: Database, center: Center, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    config = write_config(db, tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--config", config, "interactions", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def owner(db: Database, interaction_id: int) -> str | None:
    with db.read() as s:
        i = s.get(Interaction, interaction_id)
        assert i is not None
        return s.scalar(select(User.login).where(User.id == i.owner_id)) if i.owner_id else None


def test_list_and_show(db: Database, center: Center, cli: Run) -> None:
    first = inbound(db, center, subject="納期の遅れについて")
    second = inbound(db, center, owner="suzuki", subject="Re: 見積")
    code, out, _ = cli("list")
    assert code == 0
    assert "納期の遅れについて" in out and "見積" not in out and "Jane Doe" in out
    code, out, _ = cli("list", "--scope", "team", "--json")
    assert [row["id"] for row in json.loads(out)] == [second, first]
    code, out, _ = cli("list", "--scope", "team", "--owner", "suzuki", "--state", "assigned", "--json")
    assert [(r["id"], r["owner_login"], r["team"]) for r in json.loads(out)] == [(second, "suzuki", "support")]
    code, out, _ = cli("show", str(first))
    assert code == 0
    assert "Subject:     納期の遅れについて" in out and "注文した商品がまだ届きません。" in out
    code, out, _ = cli("show", str(first), "--json")
    detail = json.loads(out)
    assert detail["summary"]["id"] == first and detail["to"] == ["support@example.com"]
    code, out, err = cli("list", "--scope", "all")
    assert (code, out) == (1, "")
    assert err.startswith("agentdesk: refused (permission_denied): sato (agent, support) may not list scope 'all'")


def test_lead_reassigns_an_absent_agents_work_in_bulk(db: Database, center: Center, cli: Run) -> None:
    ids = [inbound(db, center, subject=f"問い合わせ {n}") for n in range(3)]
    code, out, err = cli("reassign", "--from", "sato", "--to", "suzuki", "--as", "sato")
    assert code == 1 and "may not reassign another agent's work" in err
    code, out, _ = cli("reassign", "--from", "sato", "--to", "suzuki", "--as", "tanaka", "--json")
    assert code == 0 and json.loads(out) == {"reassigned": ids, "to": "suzuki"}
    assert {owner(db, i) for i in ids} == {"suzuki"}
    code, out, _ = cli("reassign", str(ids[0]), str(ids[1]), "--to", "tanaka", "--as", "tanaka")
    assert code == 0 and out.strip() == f"reassigned to tanaka: {ids[0]}, {ids[1]}"
    code, out, _ = cli("reassign", "--from", "sato", "--to", "suzuki", "--as", "tanaka")
    assert out.strip() == "sato holds no open interaction to reassign"
    code, _, err = cli("reassign", "--to", "suzuki", "--as", "tanaka")
    assert code == 2 and "give the interaction ids to reassign" in err
    code, _, err = cli("reassign", "5", "--from", "sato", "--to", "suzuki", "--as", "tanaka")
    assert code == 2 and "not both" in err


def test_handling_verbs(db: Database, center: Center, cli: Run) -> None:
    iid = inbound(db, center)
    code, _, err = cli("done", str(iid))
    assert code == 1
    assert err.startswith(f"agentdesk: refused (invalid_state): interaction {iid} needs a disposition code")
    assert cli("note", str(iid), "折り返し", "電話済み")[0] == 0
    assert cli("disposition", str(iid), "nonsense")[0] == 1
    assert cli("disposition", str(iid), "resolved")[0] == 0
    code, out, _ = cli("case-data", str(iid), "Plan=Gold", "Region=関東")
    assert code == 0 and "Plan = Gold" in out and "Region = 関東" in out
    code, _, err = cli("case-data", str(iid), "OrderId=1")
    assert code == 1 and "'OrderId' is read-only" in err
    assert cli("case-data", str(iid), "oops")[0] == 2
    code, out, _ = cli("case-data", str(iid), "--json")
    assert {"key": "Plan", "value": "Gold", "read_only": False} in json.loads(out)
    code, out, _ = cli("call", str(iid), "--json")
    call = json.loads(out)
    assert code == 0 and call["tel_uri"] == "tel:+81312345678"
    code, out, _ = cli("consult", str(iid), "--with", "suzuki", "この件", "どう思う？")
    assert code == 0 and "with suzuki started" in out
    code, out, _ = cli("store", str(iid), "--workbin", "My workbin")
    assert code == 0
    code, out, _ = cli("workbins", "--json")
    assert {(w["name"], w["count"]) for w in json.loads(out)} >= {("My workbin", 1), ("billing-followup", 0)}
    code, _, err = cli("store", str(iid), "--workbin", "nowhere")
    assert code == 1 and "no workbin named 'nowhere'" in err
    assert cli("move", str(iid), "--workbin", "billing-followup")[0] == 0
    assert cli("pull", str(iid), "--as", "suzuki")[0] == 0
    assert owner(db, iid) == "suzuki"
    code, out, _ = cli("show", str(iid), "--as", "suzuki")
    assert "折り返し 電話済み" in out and "Disposition: resolved" in out
    assert cli("done", str(iid), "--as", "suzuki")[0] == 0
    code, out, _ = cli("history", "--interaction", str(iid), "--json")
    events = [e["event"] for e in json.loads(out)]
    assert events[:3] == ["note_added", "disposition_set", "case_data_set"]
    assert events[-3:] == ["moved", "pulled", "done"]
    code, out, _ = cli("history", "--mine", "--state", "done", "--json")
    assert [r["id"] for r in json.loads(out)] == [iid]
    code, out, _ = cli("history", "--contact", str(center.jane_id), "--since", "2000-01-01")
    assert code == 0 and "納期の遅れについて" in out
    assert cli("history", "--mine", "--since", "yesterday")[0] == 2


def test_transfer_verbs(db: Database, center: Center, cli: Run) -> None:
    iid = inbound(db, center)
    code, out, _ = cli("transfer", str(iid), "--to", "suzuki", "--reason", "詳しい人へ", "--json")
    offer = json.loads(out)["offer_id"]
    code, out, _ = cli("offers", "--as", "suzuki")
    assert f"offer {offer}: interaction {iid}" in out and "詳しい人へ" in out
    assert cli("decline", str(offer), "--as", "suzuki")[0] == 0
    assert owner(db, iid) == "sato"
    code, out, _ = cli("transfer", str(iid), "--team", "billing")
    offer = int(out.split()[1].rstrip(":"))
    code, out, err = cli("accept", str(offer), "--as", "suzuki")
    assert code == 1 and "refused (permission_denied)" in err
    assert cli("accept", str(offer), "--as", "kato")[0] == 0
    assert owner(db, iid) == "kato"
    assert cli("presence", "not_ready")[0] == 0
    with db.read() as s:
        assert s.scalar(select(User.presence).where(User.login == "sato")) == "not_ready"


def test_every_verb_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    verbs = ["list", "show", "history", "workbins", "offers", "transfer", "accept", "decline", "reassign", "store",
             "move", "pull", "note", "disposition", "done", "case-data", "call", "consult", "presence"]
    with pytest.raises(SystemExit):
        main(["interactions", "--help"])
    listing = capsys.readouterr().out
    for verb in verbs:
        assert verb in listing
        with pytest.raises(SystemExit) as stop:
            main(["interactions", verb, "--help"])
        assert stop.value.code == 0
        text = capsys.readouterr().out
        assert "--as LOGIN" in text and "--json" in text
        assert len(text.split("\n\n")[1].strip()) > 10  # a description says what it does


def test_unknown_login_is_refused(db: Database, center: Center, cli: Run) -> None:
    code, _, err = cli("list", "--as", "ghost")
    assert code == 1 and "no active user with the login 'ghost'" in err


def test_console_script(sqlite_db: Database, tmp_path: Path) -> None:
    center = seed_center(sqlite_db)
    iid = inbound(sqlite_db, center, subject="プロセスから")
    config = write_config(sqlite_db, tmp_path, login="tanaka")
    script = Path(sys.executable).with_name("agentdesk")
    env = {**os.environ, "AGENTDESK_HOME": str(tmp_path / "home")}
    done = subprocess.run([str(script), "--config", config, "interactions", "list", "--scope", "team", "--json"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert [(r["id"], r["subject"]) for r in json.loads(done.stdout)] == [(iid, "プロセスから")]
    refused = subprocess.run([str(script), "--config", config, "interactions", "done", str(iid)],
                             capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, check=False)
    assert refused.returncode == 1
    assert refused.stderr.startswith("agentdesk: refused (invalid_state):")


def test_tags(db: Database, center: Center, cli: Run) -> None:
    first, second = inbound(db, center, subject="納期"), inbound(db, center, subject="請求書")
    code, out, _ = cli("tag", str(first), "VIP", "要確認")
    assert code == 0 and out.strip() == f"interaction {first}: tags vip, 要確認 (added vip, 要確認)"
    code, out, _ = cli("tag", str(second), "vip", "--remove", "absent")
    assert code == 0 and "(added vip; unchanged absent)" in out
    code, out, _ = cli("list", "--tag", "要確認")
    assert code == 0 and "#vip #要確認" in out and "請求書" not in out
    code, out, _ = cli("show", str(first))
    assert "Tags:        vip, 要確認" in out
    code, out, _ = cli("tags", "--json")
    assert json.loads(out) == [{"tag": "vip", "count": 2}, {"tag": "要確認", "count": 1}]
    code, out, _ = cli("untag", str(first), "#VIP")
    assert code == 0 and out.strip() == f"interaction {first}: tags 要確認 (removed vip)"
    code, _, err = cli("tag", str(first), "a,b")
    assert code == 1 and "refused (invalid_input)" in err and "comma" in err


def test_snooze(db: Database, center: Center, cli: Run) -> None:
    iid, other = inbound(db, center, subject="あとで"), inbound(db, center, subject="now")
    code, out, _ = cli("snooze", str(iid), "--until", "tomorrow")
    assert code == 0 and f"interaction {iid} snoozed until " in out and "09:00" in out
    code, out, _ = cli("list")
    assert "now" in out and "あとで" not in out
    code, out, _ = cli("list", "--snoozed")
    assert "あとで  [snoozed until " in out and "now" not in out
    with db.write() as s:
        i = s.get(Interaction, iid)
        assert i is not None and i.snoozed_until is not None
        i.snoozed_until = i.snoozed_until - timedelta(days=3)  # time passes
    code, out, _ = cli("list")
    assert "あとで  [follow-up due]" in out
    code, out, _ = cli("show", str(iid))
    assert "Follow-up:   follow-up due" in out
    code, out, _ = cli("unsnooze", str(iid))
    assert code == 0 and out.strip() == f"interaction {iid}: follow-up cleared"
    code, _, err = cli("snooze", str(other), "--until", "someday")
    assert code == 1 and "refused (invalid_input)" in err and "is not a snooze time" in err
    code, _, err = cli("snooze", str(other), "--until", "2020-01-01 09:00")
    assert code == 1 and "has passed" in err


def test_saved_views(db: Database, center: Center, cli: Run) -> None:
    vip, plain = inbound(db, center, subject="VIP の件"), inbound(db, center, subject="plain")
    cli("tag", str(vip), "vip")
    code, out, _ = cli("views")
    assert code == 0 and "no saved views" in out
    code, out, _ = cli("view-save", "VIP", "--tag", "VIP", "--state", "assigned")
    assert code == 0 and out.strip() == "view 'VIP' saved: mine · assigned · #vip"
    code, out, _ = cli("list", "--view", "vip")
    assert code == 0 and "VIP の件" in out and "plain" not in out
    code, out, _ = cli("--view", "VIP")  # the verb left out
    assert code == 0 and "VIP の件" in out and "plain" not in out
    code, out, _ = cli("list", "--view", "VIP", "--tag", "other")  # an option narrows or replaces the view's
    assert code == 0 and out.strip() == "no interactions"
    code, out, _ = cli("views", "--json")
    assert json.loads(out) == [{"name": "VIP", "filters": {"scope": "mine", "states": ["assigned"], "tag": "vip"},
                                "count": 1}]
    code, _, err = cli("view-save", "Bad", "--state", "open")
    assert code == 1 and "unknown state 'open'" in err
    code, _, err = cli("list", "--view", "nope")
    assert code == 1 and "no view named 'nope'; yours are: VIP" in err
    code, out, _ = cli("view-delete", "VIP")
    assert code == 0 and out.strip() == "view 'VIP' deleted"
    code, _, err = cli()
    assert code != 0 and "--view NAME" in err
    assert plain
