"""``agentdesk interactions`` outbound verbs, in-process on both backends: reply, drafts, send, forward, review."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from agentdesk.cli.main import main
from agentdesk.routing.db import Database
from tests.actions.outbound_support import outbox_item, parsed, qa_value, row, text_of, workbin_name
from tests.support.factories import Center, inbound, seed_center

Run = Callable[..., tuple[int, str, str]]


def write_config(db: Database, folder: Path) -> str:
    cfg = folder / "agentdesk.toml"
    url = db.url.render_as_string(hide_password=False)
    cfg.write_text(f'[routing]\nurl = "{url}"\n\n[user]\nlogin = "sato"\n', encoding="utf-8")
    return str(cfg)


@pytest.fixture
def center(db: Database) -> Center:
    return seed_center(db)


@pytest.fixture
def cli(db: Database, center: Center, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    config = write_config(db, tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--config", config, "interactions", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_reply_review_reject_resubmit_approve(db: Database, center: Center, cli: Run, tmp_path: Path) -> None:
    iid = inbound(db, center)
    code, out, _ = cli("reply", str(iid), "--response", "thanks", "--json")
    assert code == 0
    oid = json.loads(out)["outbound_id"]
    assert row(db, oid).body_text.startswith("Doe 様")
    code, out, _ = cli("send", str(oid))
    assert (code, out.strip()) == (0, f"outbound email {oid}: waiting for QA review")
    code, out, _ = cli("review-queue", "--json", "--as", "tanaka")
    assert [(i["outbound_id"], i["author_login"], i["inbound_id"]) for i in json.loads(out)] == [(oid, "sato", iid)]
    code, out, err = cli("approve", str(oid))
    assert (code, out) == (1, "")
    assert err.startswith("agentdesk: refused (permission_denied): only a lead of support")
    code, out, _ = cli("reject", str(oid), "--note", "お詫びの一文を", "--as", "tanaka")
    assert (code, out.strip()) == (0, f"outbound email {oid} rejected: back to its author")
    assert qa_value(db, row(db, oid).case_id) == "rejected: お詫びの一文を"
    code, _, _ = cli("draft", str(oid), "--text", "ご迷惑をおかけし申し訳ございません。")
    assert code == 0
    assert cli("send", str(oid))[0] == 0
    code, out, _ = cli("review", str(oid), "--as", "tanaka")
    assert "Round 1: rejected by tanaka — お詫びの一文を" in out and "Round 2: waiting" in out
    edited = tmp_path / "edited.txt"
    edited.write_text("大変ご迷惑をおかけし申し訳ございません。", encoding="utf-8")
    code, out, _ = cli("approve", str(oid), "--text", str(edited), "--as", "tanaka")
    assert (code, out.strip()) == (0, f"outbound email {oid} approved: handed to the outbox")
    assert text_of(parsed(outbox_item(db, oid).raw)).startswith("大変ご迷惑をおかけし")


def test_prechecks_and_refusals(db: Database, center: Center, cli: Run) -> None:
    iid = inbound(db, center)
    code, out, _ = cli("reply", str(iid), "--all", "--text", "添付をご確認ください", "--json")
    oid = json.loads(out)["outbound_id"]
    code, out, err = cli("send", str(oid))
    assert (code, out) == (1, "")
    assert err.startswith("agentdesk: refused (precheck): not sent, please check: [attachment_missing]")
    assert cli("send", str(oid), "--confirm", "attachment_missing")[0] == 0
    code, _, err = cli("reply", str(iid), "--as", "suzuki")
    assert code == 1 and "refused (permission_denied)" in err
    code, _, err = cli("reply", str(iid), "--response", "nope")
    assert code == 1 and err.startswith("agentdesk: refused (not_found): the standard response 'nope' does not exist")
    code, _, err = cli("forward", str(iid), "--mode", "inline", "--to", "bad@")
    assert code == 1 and err.startswith("agentdesk: refused (invalid_input): To: 'bad@' is not a valid email address")
    with pytest.raises(SystemExit) as leaving:
        cli("forward", str(iid), "--mode", "sideways", "--to", "a@example.net")
    assert leaving.value.code == 2


def test_forward_new_email_drafts_and_responses(db: Database, center: Center, cli: Run) -> None:
    iid = inbound(db, center)
    code, out, _ = cli("forward", str(iid), "--mode", "attachment", "--to", "admin@example.net", "--cc",
                       "ops@example.net", "--instructions", "至急確認をお願いします", "--json")
    fid = json.loads(out)["outbound_id"]
    assert workbin_name(db, fid) == "In Progress" and row(db, fid).cc_addrs == ["ops@example.net"]
    code, out, _ = cli("complete-forward", str(fid))
    assert (code, out.strip()) == (0, f"forward {fid}: waiting for QA review")
    code, out, _ = cli("new-email", "--contact", str(center.jane_id), "--subject", "ご案内", "--text", "本文", "--json")
    nid = json.loads(out)["outbound_id"]
    assert row(db, nid).to_addrs == ["jane@example.org"]
    code, out, _ = cli("draft", str(nid), "--to", "jane@example.org", "--cc", "x@example.org", "--from",
                       "billing@example.com")
    assert out.strip() == f"draft {nid}: saved (cc_addrs, from_addr, from_name)"
    assert cli("draft", str(nid), "--subject", "ご案内")[1].strip() == f"draft {nid}: nothing changed"
    assert cli("delete-draft", str(nid))[1].strip() == f"draft {nid} deleted"
    assert row(db, nid).state == "done"
    code, out, _ = cli("responses", "--json")
    assert [r["name"] for r in json.loads(out)] == ["thanks"]
    code, out, _ = cli("responses", "--language", "en")
    assert out.strip() == "no standard responses"


def test_every_verb_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    for verb in ("reply", "forward", "complete-forward", "new-email", "draft", "delete-draft", "send",
                 "review-queue", "review", "approve", "reject", "responses"):
        with pytest.raises(SystemExit) as leaving:
            main(["interactions", verb, "--help"])
        assert leaving.value.code == 0
        assert "--as LOGIN" in capsys.readouterr().out
