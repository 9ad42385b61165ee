"""Search over the local cache beside notmuch: the same invented messages, the same queries by class, both ways.

``python bench/bench_search.py [N ...]`` (or through ``bench/run.py search``; sizes also from
``AGENTDESK_BENCH_SEARCH_SIZES``, default 10,000, 100,000 and 1,000,000). The messages (half Japanese, half
English) are invented from a fixed seed and go into an agentdesk cache file and into a notmuch Maildir indexed
with ``notmuch new`` (``XAPIAN_CJK_NGRAM=1`` so Japanese is split; kept in ``~/.cache/agentdesk-bench``, keyed
by the generator, so only the first run pays for it; ``AGENTDESK_BENCH_NOTMUCH_NEW=0`` uses only an index built
before). Each query class (a common word, a rare term, Japanese words, phrases, addresses, a subject phrase,
OR/NOT, a prefix, filters) is timed:

- in-process: ``agentdesk.cache.search.search`` (first 50 hits newest first, and best match first apart)
  against notmuch's own Python bindings (bench/notmuch_bindings.py under the system Python, which has
  Debian's ``python3-notmuch2``): the first 50 messages newest first and their count;
- a process per query, at 100,000 messages (every size with ``AGENTDESK_BENCH_SEARCH_CLI_ALL=1``):
  ``agentdesk search --local --newest --limit 50`` from the source install and from the packaged app
  (``AGENTDESK_BUNDLE``, else ``dist/agentdesk``) against ``notmuch search --limit=50 --sort=newest-first``,
  wall clock and the process's CPU time.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import platform
import random
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from agentdesk.cache.mirror import CachedInteraction, upsert_interactions
from agentdesk.cache.search import search
from agentdesk.cache.store import CacheStore

N = 100_000
RUNS = 20
CLI_RUNS = 8
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

#: query classes: (class, [(agentdesk query, notmuch query), …]); every query of a class is timed alike and the class's
#: p95 is taken over all their runs
CLASSES: list[tuple[str, list[tuple[str, str]]]] = [
    ("common English word", [("invoice", "invoice"), ("delivery", "delivery"), ("the", "the")]),
    ("rare term (10 hits)", [("ZX4711", "ZX4711")]),
    ("Japanese word", [("請求書", "請求書"), ("見積書", "見積書"), ("お世話", "お世話")]),
    ("Japanese two characters", [("請求", "請求"), ("納期", "納期")]),
    ("Japanese phrase", [('"納期が遅れている"', '"納期が遅れている"'), ("納期 遅れ", "納期 AND 遅れ")]),
    ("English phrase", [('"late delivery"', '"late delivery"'), ('"purchase order"', '"purchase order"')]),
    ("address", [("from:jane@example.org", "from:jane@example.org"), ("from:jane", "from:jane"),
                 ("to:support@example.com", "to:support@example.com")]),
    ("subject phrase", [('subject:"question about"', 'subject:"question about"'),
                        ("subject:請求書について", "subject:請求書について")]),
    ("sender's name", [("contact:山田", "from:山田")]),
    ("OR, NOT", [("delivery -refund", "delivery AND NOT refund"), ("printer OR プリンター", "printer OR プリンター"),
                 ('発注書 OR "purchase order"', '発注書 OR "purchase order"')]),
    ("prefix", [("order*", "order*")]),
    ("words with filters", [("after:2026-06-01 invoice", "date:2026-06-01.. AND invoice"),
                            ("返品 before:2026-03-01", "返品 AND date:..2026-02-28"),
                            ("見積 has:attachment", "見積 AND tag:attachment"), ("state:done 配送", "State:done AND 配送")]),
]
QUERIES = [pair for _, pairs in CLASSES for pair in pairs]


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


@dataclass
class Side:
    """One way of searching, timed: milliseconds and hits per query (hits < 0: at least that many)."""

    label: str
    ms: dict[str, list[float]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    note: str = ""
    #: a process per query: the CPU milliseconds of each process (user + system), steadier than the wall clock
    #: on a loaded machine
    cpu: dict[str, list[float]] = field(default_factory=dict)
    #: notmuch's bindings: the page alone, without counting the matches
    alone: dict[str, list[float]] = field(default_factory=dict)

    def klass(self, pairs: list[tuple[str, str]], p: float) -> float:
        return _pct([t for q, _ in pairs for t in self.ms[q]], p)

    def klass_cpu(self, pairs: list[tuple[str, str]], p: float) -> float:
        return _pct([t for q, _ in pairs for t in self.cpu[q]], p)

    def overall(self, p: float) -> float:
        return _pct([t for ts in self.ms.values() for t in ts], p)


def build_cache(rows: list[CachedInteraction], folder: Path) -> tuple[Path, float]:
    """The cache file of ``rows`` (as the desktop's sync leaves it) and the seconds indexing took."""
    cache = CacheStore.open(folder / "cache.sqlite3")
    t0 = time.perf_counter()
    with cache.transaction() as conn:
        upsert_interactions(conn, rows)
    index_s = time.perf_counter() - t0
    cache.conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    path = cache.path
    cache.close()
    return path, index_s


def bench_agentdesk(path: Path, *, newest_first: bool, runs: int = RUNS) -> Side:
    """``agentdesk.cache.search.search`` in-process on the cache file, the first 50 hits of each query."""
    cache = CacheStore.open(path)
    side = Side("agentdesk in-process, " + ("newest first" if newest_first else "best match first"))
    for q, _ in QUERIES:
        search(cache, q, newest_first=newest_first)  # warm
        side.ms[q] = []
        for _ in range(runs):
            t = time.perf_counter()
            result = search(cache, q, limit=50, newest_first=newest_first)
            side.ms[q].append((time.perf_counter() - t) * 1000)
        side.hits[q] = result.total_estimate if result.total_exact else -result.total_estimate
    cache.close()
    return side


def _time_commands(label: str, commands: dict[str, list[str]], env: dict[str, str], runs: int) -> Side:
    """Each query's command as a new process (output read, exit status checked), after one warm-up run."""
    side = Side(label)
    for q, cmd in commands.items():
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        side.ms[q], side.cpu[q] = [], []
        for _ in range(runs):
            t = time.perf_counter()
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            assert proc.stdout is not None
            proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
            side.ms[q].append((time.perf_counter() - t) * 1000)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode:
                raise RuntimeError(f"{cmd} exited with {proc.returncode}")
            side.cpu[q].append((usage.ru_utime + usage.ru_stime) * 1000)
    return side


def bench_cli(path: Path, folder: Path, command: list[str], label: str, runs: int = CLI_RUNS) -> Side:
    """``agentdesk search --local --newest --limit 50 QUERY`` as a new process per query, on a settings file
    whose cache is ``path`` (the local copy searched as it is, as ``notmuch search`` searches its index)."""
    from agentdesk.cache.store import cache_path

    home = folder / "home"
    url = f"sqlite:///{folder / 'routing.sqlite3'}"
    target = cache_path(home / "data", "bench", url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.symlink_to(path)
    config = folder / "agentdesk.toml"
    config.write_text(f'[routing]\nurl = "{url}"\n\n[user]\nlogin = "bench"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AGENTDESK_"))}
    env.update(AGENTDESK_HOME=str(home), AGENTDESK_CONFIG=str(config),
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    # the query's words as separate arguments, as a shell passes ``agentdesk search subject:"a b" x``
    # (after ``--``: ``-refund`` is a word of the query, not an option)
    cmds = {q: [*command, "search", "--local", "--newest", "--limit", "50", "--", *shlex.split(q)]
            for q, _ in QUERIES}
    return _time_commands(label, cmds, env, runs)


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


def notmuch_sides(rows: list[CachedInteraction], processes: bool = True) -> tuple[float, Side | None, Side] | None:
    """notmuch over the same messages: ``notmuch search`` as a process per query (what its user runs: a summary
    line per message, newest first) and its Python bindings in-process (bench/notmuch_bindings.py under the
    system Python, which has Debian's python3-notmuch2). None when notmuch is not installed."""
    if shutil.which("notmuch") is None:
        return None
    home = _notmuch_home(rows)
    if os.environ.get("AGENTDESK_BENCH_NOTMUCH_NEW") == "0" and not (home / "complete").exists():
        return None  # asked to use only an index built before (1,000,000 messages take notmuch new an hour here)
    env, fresh_s = _notmuch_index(rows, home)
    index_s = fresh_s if fresh_s is not None else float((home / "complete").read_text(encoding="utf-8"))
    cli = None
    if processes:
        cmds = {q: ["notmuch", "search", "--limit=50", "--sort=newest-first", nq] for q, nq in QUERIES}
        cli = _time_commands("notmuch search, a process per query", cmds, env, CLI_RUNS)
    bindings = Side("notmuch2 bindings in-process, newest first")
    python = os.environ.get("AGENTDESK_BENCH_NOTMUCH_PYTHON", "/usr/bin/python3")
    job = json.dumps({"limit": 50, "runs": RUNS, "queries": [nq for _, nq in QUERIES]})
    done = subprocess.run([python, str(Path(__file__).with_name("notmuch_bindings.py"))], input=job, env=env,
                          capture_output=True, text=True)
    if done.returncode == 0:
        got = json.loads(done.stdout)
        for q, nq in QUERIES:
            bindings.ms[q], bindings.hits[q] = got[nq]["ms_counted"], got[nq]["count"]
            bindings.alone[q] = got[nq]["ms"]
    else:
        bindings.note = f"the bindings could not run under {python}: {done.stderr.strip().splitlines()[-1:]}"
    return index_s, cli, bindings


def measure(n: int) -> dict[str, Any]:
    """Every side at ``n`` messages."""
    print(f"search: {n:,} messages", file=sys.stderr, flush=True)
    from bench.bench_gui_stall import bundle_command, source_command

    folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        rows = messages(n)
        path, index_s = build_cache(rows, folder)
        newest = bench_agentdesk(path, newest_first=True)
        ranked = bench_agentdesk(path, newest_first=False)
        nm = notmuch_sides(rows, processes=n == N or os.environ.get("AGENTDESK_BENCH_SEARCH_CLI_ALL") == "1")
        del rows
        source = packaged = None
        if n == N or os.environ.get("AGENTDESK_BENCH_SEARCH_CLI_ALL") == "1":  # processes: slow on a loaded machine
            source = bench_cli(path, folder, source_command(), "`agentdesk search`, source install")
            bundle = bundle_command()
            packaged = bench_cli(path, folder, bundle, "`agentdesk search`, packaged app") if bundle else None
        load = os.getloadavg()[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"n": n, "index_s": index_s, "newest": newest, "ranked": ranked, "nm": nm, "source": source,
            "bundle": packaged, "load": load}


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b > 0 else "—"


def _verdict(a: float, b: float) -> str:
    return "met" if a <= b else "**not met**"


def _hits(value: int) -> str:
    return f"{abs(value):,}{'+' if value < 0 else ''}"


def run(sizes: tuple[int, ...] | None = None) -> str:
    if sizes is None:
        sizes = tuple(int(s) for s in os.environ.get("AGENTDESK_BENCH_SEARCH_SIZES", "10000,100000,1000000").split(","))
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load0 = os.getloadavg()[0]
    results = [measure(n) for n in sizes]
    dump = os.environ.get("AGENTDESK_BENCH_SEARCH_DUMP")
    if dump:  # the raw figures, to write the section again without measuring again
        Path(dump).write_text(json.dumps(results, default=lambda o: o.__dict__), encoding="utf-8")
    main = next((r for r in results if r["n"] == N), results[-1])
    nm = main["nm"]
    lines = [
        "## Search over the local cache",
        "",
        f"`python bench/run.py search` on {started} ({platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, notmuch "
        f"{_notmuch_version()}); load average (1 min) {load0:.1f} at the start, "
        + ", ".join(f"{r['load']:.1f} after {r['n']:,}" for r in results) + ". "
        f"Invented messages (half Japanese, half English, seed fixed), the same ones in agentdesk's cache and in a "
        f"notmuch Maildir (`XAPIAN_CJK_NGRAM=1`, so Japanese is split). The same queries on both sides, by class; "
        f"the first 50 hits, newest first on both sides (notmuch has no ranking; agentdesk's best-match order is "
        f"shown apart). In-process: agentdesk's `cache.search.search` against notmuch's own Python bindings "
        f"(Debian's `python3-notmuch2`, under the system Python: a result is Message-ID, date, From and Subject, "
        f"and the number of matches, as agentdesk's search returns its total with the page), "
        f"{RUNS} runs a query after a warm-up. A process per query: `agentdesk search --local --newest --limit 50` "
        f"(the local copy searched as it is, without asking the routing database first: what `notmuch search` does "
        f"with its index) against `notmuch search --limit=50 --sort=newest-first`, each a new process with its "
        f"output read, {CLI_RUNS} runs a query after a warm-up. Ratio: agentdesk ÷ notmuch (under 1: agentdesk "
        f"faster). Target: agentdesk's p95 ≤ notmuch's in every class.",
        "",
        f"### In-process, {main['n']:,} messages (ms)",
        "",
        "| class | agentdesk p50 | agentdesk p95 | notmuch2 p50 | notmuch2 p95 | p95 ratio | target | "
        "notmuch2 p95 without its count | agentdesk best match first p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    bind = nm[2] if nm and nm[2].ms else None
    for name, pairs in CLASSES:
        a50, a95 = main["newest"].klass(pairs, 50), main["newest"].klass(pairs, 95)
        r95 = main["ranked"].klass(pairs, 95)
        if bind:
            b50, b95 = bind.klass(pairs, 50), bind.klass(pairs, 95)
            alone = _pct([t for q, _ in pairs for t in bind.alone[q]], 95)
            lines.append(f"| {name} | {a50:.2f} | {a95:.2f} | {b50:.2f} | {b95:.2f} | {_ratio(a95, b95)} | "
                         f"{_verdict(a95, b95)} | {alone:.2f} | {r95:.2f} |")
        else:
            lines.append(f"| {name} | {a50:.2f} | {a95:.2f} | — | — | — | — | — | {r95:.2f} |")
    lines += ["", f"### A process per query, {main['n']:,} messages (ms)", "",
              "Wall clock from spawning the process to its exit (its output read), and in brackets the CPU time of "
              "the process (user + system, from `wait4`), which the machine's load stretches far less.",
              "",
              "| class | source install p50 | source p95 | packaged app p50 | packaged p95 | notmuch p50 | "
              "notmuch p95 | p95 ratio, source | p95 ratio, packaged | target (packaged, else source) |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    cli = nm[1] if nm else None
    for name, pairs in CLASSES:
        s50, s95 = main["source"].klass(pairs, 50), main["source"].klass(pairs, 95)
        sc50, sc95 = main["source"].klass_cpu(pairs, 50), main["source"].klass_cpu(pairs, 95)
        pk = main["bundle"]
        nan = float("nan")
        p50, p95 = (pk.klass(pairs, 50), pk.klass(pairs, 95)) if pk else (nan, nan)
        pc50, pc95 = (pk.klass_cpu(pairs, 50), pk.klass_cpu(pairs, 95)) if pk else (nan, nan)
        n50, n95 = (cli.klass(pairs, 50), cli.klass(pairs, 95)) if cli else (nan, nan)
        nc50, nc95 = (cli.klass_cpu(pairs, 50), cli.klass_cpu(pairs, 95)) if cli else (nan, nan)
        mine = p95 if pk else s95
        lines.append(f"| {name} | {s50:.0f} ({sc50:.0f}) | {s95:.0f} ({sc95:.0f}) | {p50:.0f} ({pc50:.0f}) | "
                     f"{p95:.0f} ({pc95:.0f}) | {n50:.0f} ({nc50:.0f}) | {n95:.0f} ({nc95:.0f}) | "
                     f"{_ratio(s95, n95)} ({_ratio(sc95, nc95)}) | "
                     f"{f'{_ratio(p95, n95)} ({_ratio(pc95, nc95)})' if pk else '—'} | "
                     f"{_verdict(mine, n95) if cli else '—'} |")
    lines += ["", f"### Hits, {main['n']:,} messages (agentdesk counts to 5,000, then says `5,000+`)", "",
              "| query | notmuch query | agentdesk | notmuch |", "| --- | --- | ---: | ---: |"]
    for q, nq in QUERIES:
        lines.append(f"| `{q}` | `{nq}` | {_hits(main['newest'].hits[q])} | "
                     f"{_hits(bind.hits[q]) if bind else '—'} |")
    lines += ["", "### Growth (ms, every query of every class together)", "",
              "| messages | agentdesk in-process p50 / p95 | notmuch2 p50 / p95 | ratio p95 | `agentdesk search` "
              "source p50 / p95 | packaged p50 / p95 | `notmuch search` p50 / p95 | indexing: agentdesk / notmuch new "
              "| load (1 min) |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        rb = r["nm"][2] if r["nm"] and r["nm"][2].ms else None
        rc = r["nm"][1] if r["nm"] else None
        pk = r["bundle"]
        lines.append(
            f"| {r['n']:,} | {r['newest'].overall(50):.2f} / {r['newest'].overall(95):.2f} | "
            + (f"{rb.overall(50):.2f} / {rb.overall(95):.2f} | {_ratio(r['newest'].overall(95), rb.overall(95))} | "
               if rb else "— | — | ")
            + (f"{r['source'].overall(50):.1f} / {r['source'].overall(95):.1f} | " if r["source"] else "— | ")
            + (f"{pk.overall(50):.1f} / {pk.overall(95):.1f} | " if pk else "— | ")
            + (f"{rc.overall(50):.1f} / {rc.overall(95):.1f} | " if rc else "— | ")
            + f"{r['index_s']:.1f} s / " + (f"{r['nm'][0]:.0f} s" if r["nm"] else "—") + f" | {r['load']:.1f} |")
    notes = [side.note for r in results if r["nm"] for side in r["nm"][1:] if side is not None and side.note]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def _notmuch_version() -> str:
    if shutil.which("notmuch") is None:
        return "not installed"
    return subprocess.run(["notmuch", "--version"], capture_output=True, text=True).stdout.strip().split()[-1]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    print(run(tuple(int(a) for a in sys.argv[1:]) or None))
