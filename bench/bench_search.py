"""Search over 100,000 cached interactions (mixed Japanese and English), beside notmuch over the same mail.

``python bench/bench_search.py [N]`` (or through ``bench/run.py search``). The messages are invented from a
fixed seed. agentdesk: the messages go into a cache file and 20 typical queries run through
``agentdesk.cache.search.search`` (first 50 hits, best match first as the desktop asks), each 5 times,
in-process. notmuch (when installed): the same messages as a Maildir, indexed with ``notmuch new``
(``XAPIAN_CJK_NGRAM=1`` so Japanese is split), the same queries in notmuch's syntax timed as
``notmuch search --limit=50`` commands, which is what a user would run (process start included). notmuch's
Maildir and index are kept in ``~/.cache/agentdesk-bench`` (keyed by the message generator), so only the first
run pays for indexing them.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from agentdesk.cache.mirror import CachedInteraction, upsert_interactions
from agentdesk.cache.search import search
from agentdesk.cache.store import CacheStore

N = 100_000
RUNS = 5
#: bump when the notmuch setup changes: the kept index is rebuilt
NOTMUCH_FORMAT = 1
START = datetime(2026, 1, 1, tzinfo=UTC)

JA_TOPICS = ["請求書", "見積書", "納期", "配送", "返品", "交換", "領収書", "発注書", "契約更新", "パスワード再設定",
             "ログイン", "解約", "支払い方法", "請求額", "納品書"]
EN_TOPICS = ["invoice", "quote", "delivery", "refund", "exchange", "receipt", "purchase order",
             "contract renewal", "password reset", "login", "cancellation", "payment method"]
JA_PRODUCTS = ["プリンター", "トナー", "ノートパソコン", "モニター", "延長保証", "キーボード", "ルーター"]
EN_PRODUCTS = ["printer", "toner", "laptop", "monitor", "extended warranty", "keyboard", "router"]
JA_SENTENCES = [
    "いつもお世話になっております。", "{t}について確認させてください。", "先週注文した{p}がまだ届きません。",
    "{t}の件でご連絡いたしました。", "お手数ですがご確認のほどよろしくお願いいたします。",
    "{p}の納期が遅れている理由を教えてください。", "添付の{t}をご確認ください。",
    "金額が見積と異なっているようです。", "至急ご対応いただけますと幸いです。", "配送状況を教えていただけますか。",
    "{p}を返品したいと考えております。", "担当者様からの折り返しをお待ちしております。",
]
EN_SENTENCES = [
    "Hello, I am writing about the {t}.", "The {p} I ordered last week has not arrived.",
    "Could you please check the {t} again?", "There seems to be a late delivery on my order.",
    "The amount does not match the quote we received.", "Please find the {t} attached.",
    "I would like to return the {p}.", "Thank you for your help with this matter.",
    "Can you tell me the status of the shipment?", "We need this resolved urgently.",
    "Our purchase order number is in the subject.", "Best regards and thanks in advance.",
]
PEOPLE = [("Jane Doe", "jane@example.org"), ("John Smith", "john@example.com"), ("山田 太郎", "yamada@example.jp"),
          ("佐藤 花子", "hanako@example.jp"), ("Maria Garcia", "maria@example.net"), ("鈴木 次郎", "jiro@example.jp"),
          ("Li Wei", "li@example.cn"), ("高橋 直美", "naomi@example.jp")] + [
          (f"Customer {n}", f"customer{n}@example.com") for n in range(200)]
STATES = ["assigned"] * 3 + ["done"] * 5 + ["sent", "queued", "stored"]

QUERIES = [  # (agentdesk query, notmuch query)
    ("invoice", "invoice"),
    ("請求書", "請求書"),
    ("請求", "請求"),
    ("from:jane", "from:jane"),
    ("subject:invoice", "subject:invoice"),
    ('"late delivery"', '"late delivery"'),
    ("delivery -refund", "delivery AND NOT refund"),
    ("見積 has:attachment", "見積 AND tag:attachment"),
    ("state:done 配送", "State:done AND 配送"),
    ("after:2026-06-01 invoice", "date:2026-06-01.. AND invoice"),
    ("printer OR プリンター", "printer OR プリンター"),
    ("お世話", "お世話"),
    ("the", "the"),
    ("order*", "order*"),
    ("納期 遅れ", "納期 AND 遅れ"),
    ("to:support", "to:support"),
    ("contact:山田", "from:山田"),
    ("返品 before:2026-03-01", "返品 AND date:..2026-02-28"),
    ("ZX4711", "ZX4711"),
    ('発注書 OR "purchase order"', '発注書 OR "purchase order"'),
]


def messages(n: int) -> list[CachedInteraction]:
    rng = random.Random(20261124)
    span = (365 * 86400) / n
    rows = []
    for i in range(1, n + 1):
        ja = rng.random() < 0.5
        topic = rng.choice(JA_TOPICS if ja else EN_TOPICS)
        product = rng.choice(JA_PRODUCTS if ja else EN_PRODUCTS)
        pool = JA_SENTENCES if ja else EN_SENTENCES
        body = ("" if ja else " ").join(rng.choice(pool).format(t=topic, p=product) for _ in range(rng.randint(3, 8)))
        if i % 10_000 == 7:
            body += " ZX4711"
        subject = (f"{topic}について" if ja else f"About the {topic}") if rng.random() < 0.6 else (
            f"Re: {topic}のお問い合わせ" if ja else f"Re: question about {topic}")
        name, addr = rng.choice(PEOPLE)
        files = rng.random() < 0.2
        rows.append(CachedInteraction(
            id=i, direction="inbound", kind="email", state=rng.choice(STATES), purpose=None, owner_id=1,
            owner_login="sato", team_id=1, team_name="support", case_id=i, contact_id=None, contact_name=name,
            from_addr=addr, from_name=name, to_addrs="support@example.com", cc_addrs="", subject=subject,
            body_text=body, attachment_names=(f"{topic}.pdf" if files else ""), attachment_text="",
            has_attachments=files, received_at=(START + timedelta(seconds=i * span)).timestamp(),
            updated_at=0.0, version=1,
        ))
    return rows


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_agentdesk(rows: list[CachedInteraction], folder: Path) -> tuple[float, dict[str, list[float]], dict[str, int]]:
    cache = CacheStore.open(folder / "cache.sqlite3")
    t0 = time.perf_counter()
    with cache.transaction() as conn:
        upsert_interactions(conn, rows)
    index_s = time.perf_counter() - t0
    cache.conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    times: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    for q, _ in QUERIES:
        search(cache, q)  # warm
        times[q] = []
        for _ in range(RUNS):
            t = time.perf_counter()
            result = search(cache, q, limit=50)
            times[q].append((time.perf_counter() - t) * 1000)
        counts[q] = result.total_estimate if result.total_exact else -result.total_estimate
    cache.close()
    return index_s, times, counts


def _eml(row: CachedInteraction) -> bytes:
    date = format_datetime(datetime.fromtimestamp(row.received_at or 0, UTC))
    head = (f"From: {row.from_name} <{row.from_addr}>\nTo: {row.to_addrs}\nSubject: {row.subject}\nDate: {date}\n"
            f"Message-ID: <bench{row.id}@example.org>\nX-State: {row.state}\nMIME-Version: 1.0\n")
    if not row.has_attachments:
        return (head + f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{row.body_text}\n"
                ).encode()
    return (head + 'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\n'
            f"Content-Transfer-Encoding: 8bit\n\n{row.body_text}\n--b\nContent-Type: application/pdf\n"
            f'Content-Disposition: attachment; filename="a.pdf"\nContent-Transfer-Encoding: base64\n\n'
            "JVBERi0xLjQK\n--b--\n").encode()


def _notmuch_home(rows: list[CachedInteraction]) -> Path:
    """Where the notmuch Maildir and index of these messages are kept between runs (indexing 100,000 messages
    with CJK n-grams takes notmuch minutes; the queries are what is compared)."""
    digest = hashlib.sha256()
    digest.update(inspect.getsource(messages).encode() + inspect.getsource(_eml).encode())
    digest.update(f"{len(rows)}:{NOTMUCH_FORMAT}".encode())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "agentdesk-bench"
    return base / f"notmuch-{len(rows)}-{digest.hexdigest()[:16]}"


def _notmuch_index(rows: list[CachedInteraction], home: Path) -> tuple[dict[str, str], float | None]:
    """The environment for notmuch over ``home`` and the seconds ``notmuch new`` took (None: kept from before)."""
    maildir = home / "mail"
    config = home / "notmuch-config"
    env = {**os.environ, "NOTMUCH_CONFIG": str(config), "XAPIAN_CJK_NGRAM": "1"}
    if (home / "complete").exists():
        return env, None
    shutil.rmtree(home, ignore_errors=True)
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for row in rows:
        (maildir / "cur" / f"{row.id}.bench:2,S").write_bytes(_eml(row))
    config.write_text(f"[database]\npath={maildir}\n[user]\nname=Bench\nprimary_email=bench@example.org\n"
                      "[new]\ntags=\n[index]\nheader.State=X-State\n[search]\nexclude_tags=\n", encoding="utf-8")
    t0 = time.perf_counter()
    subprocess.run(["notmuch", "new", "--quiet"], env=env, check=True)
    index_s = time.perf_counter() - t0
    (home / "complete").write_text(f"{index_s:.1f}\n", encoding="utf-8")
    return env, index_s


def bench_notmuch(rows: list[CachedInteraction], folder: Path) -> tuple[float, dict[str, list[float]], dict[str, int]] | None:
    if shutil.which("notmuch") is None:
        return None
    del folder  # notmuch's files are kept between runs (see _notmuch_home)
    home = _notmuch_home(rows)
    env, fresh_s = _notmuch_index(rows, home)
    index_s = fresh_s if fresh_s is not None else float((home / "complete").read_text(encoding="utf-8"))
    times: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    for q, nq in QUERIES:
        cmd = ["notmuch", "search", "--output=messages", "--limit=50", "--sort=newest-first", nq]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        times[q] = []
        for _ in range(RUNS):
            t = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, capture_output=True)
            times[q].append((time.perf_counter() - t) * 1000)
        counts[q] = int(subprocess.run(["notmuch", "count", nq], env=env, check=True, capture_output=True,
                                       text=True).stdout)
    return index_s, times, counts


def run(n: int = N) -> str:
    folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        rows = messages(n)
        ad = bench_agentdesk(rows, folder)
        nm = bench_notmuch(rows, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lines = [
        "## Search over the local cache",
        "",
        f"{n:,} invented messages (half Japanese, half English, seed fixed); 20 typical queries, first 50 hits, "
        f"{RUNS} runs each. agentdesk: `cache.search.search` in-process (SQLite {__import__('sqlite3').sqlite_version}, "
        "FTS5 unicode61 with CJK bigrams), best match first unless a term is very common. notmuch: "
        "`notmuch search --limit=50` commands (a new process each time, as a user runs it), "
        "`XAPIAN_CJK_NGRAM=1`. Hits: exact count (agentdesk shows `N+` when it stopped counting).",
        "",
        "| query | agentdesk median ms | hits | notmuch median ms | hits |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for q, _ in QUERIES:
        a_hits = ad[2][q]
        a = f"{statistics.median(ad[1][q]):.2f} | {abs(a_hits):,}{'+' if a_hits < 0 else ''}"
        b = f"{statistics.median(nm[1][q]):.1f} | {nm[2][q]:,}" if nm else "— | —"
        lines.append(f"| `{q}` | {a} | {b} |")
    all_a = [t for ts in ad[1].values() for t in ts]
    row = f"| **p50 / p95, all runs** | **{_pct(all_a, 50):.2f} / {_pct(all_a, 95):.2f}** | |"
    if nm:
        all_b = [t for ts in nm[1].values() for t in ts]
        row += f" **{_pct(all_b, 50):.1f} / {_pct(all_b, 95):.1f}** | |"
    else:
        row += " notmuch not installed | |"
    lines += [row, "", f"Indexing: agentdesk {ad[0]:.1f} s" + (
        f", notmuch new {nm[0]:.1f} s (when its index was built; it is kept between runs)." if nm else ".")]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else N))
