"""Check a built agentdesk app the way an agent will run it: ``python packaging/smoke.py APP``.

APP is the one-folder build (``dist/agentdesk``) or its executable (``dist/agentdesk/agentdesk``,
``dist\\agentdesk\\agentdesk.exe``, ``dist/agentdesk.app/Contents/MacOS/agentdesk``). Needs only Python 3.11+
(no agentdesk, no PySide6: the app brings its own), runs offscreen, and touches nothing of the user's: every
run uses a throwaway folder and the null keyring. The same script runs in CI on Linux (tests/packaging) and
after a Windows or macOS build (.github/workflows/bundles.yml). It checks, in order:

1. ``--version`` prints the version of pyproject.toml;
2. the command line: ``db upgrade`` and ``db current`` on a fresh SQLite database (Alembic's migrations are
   read from the app), ``render --text`` of a Japanese ISO-2022-JP email (the CJK codecs are in);
3. ``AGENTDESK_SMOKE_TEST=1``: the desktop starts on a throwaway folder and shows its main window;
4. the demo, driven through one round (agentdesk/demo/smoke.py): an email routed to the agent, opened,
   answered, sent for review; Demo ▸ Switch user to the lead, who approves; the demo's SMTP server receives the
   reply. Meanwhile the helper processes are looked up in the system's process table: the mail engine and the
   cache follower must be child processes of the app, started from the app's own executable with
   ``-m agentdesk.desk.engine_process`` / ``-m agentdesk.desk.cache_process`` (on Linux: at a lower priority), and
   no thread of the app may run the engine. Closing the demo must end them;
5. the demo again, then the app is killed (SIGKILL / TerminateProcess): its helpers must notice and exit.

Prints one line per check; exit status 0 when all passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Sequence
from email.header import Header
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOWS, MACOS = sys.platform == "win32", sys.platform == "darwin"
STEP_TIMEOUT = 300.0
GONE_TIMEOUT = 120.0  # the engine finishes the step in hand (at most 30 s) on a loaded machine
SUBJECT, BODY = "納期について", "いつもお世話になっております。注文した商品がまだ届きません。"


class SmokeFailure(Exception):
    """A check failed; the message says which and what was seen."""


def executables(app: Path) -> tuple[Path, Path]:
    """(the desktop executable, the command-line executable) of the build ``app`` (a folder or an executable).
    On Windows the command line is ``agentdesk-cli.exe`` (``agentdesk.exe`` has no console); elsewhere both are
    the one ``agentdesk``."""
    if app.is_dir():
        if (app / "Contents" / "MacOS").is_dir():  # agentdesk.app
            app = app / "Contents" / "MacOS" / "agentdesk"
        else:
            app = app / ("agentdesk.exe" if WINDOWS else "agentdesk")
    if not app.is_file():
        raise SmokeFailure(f"no agentdesk executable at {app}")
    cli = app.with_name("agentdesk-cli.exe") if WINDOWS else app
    return app, cli if cli.is_file() else app


def environment(home: Path, **extra: str) -> dict[str, str]:
    """The app's environment: no settings of whoever runs this, a throwaway home, offscreen, the null keyring."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AGENTDESK_", "QT_"))}
    env.update(AGENTDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen",
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring", PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def run(args: Sequence[str | Path], env: dict[str, str], timeout: float = STEP_TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, encoding="utf-8",
                          errors="replace", env=env, timeout=timeout, check=False)


def expect(result: subprocess.CompletedProcess[str], what: str, needle: str | None = None) -> str:
    if result.returncode != 0 or (needle is not None and needle not in result.stdout):
        raise SmokeFailure(f"{what}: exit {result.returncode}, expected {needle!r}\n--- stdout\n"
                           f"{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}")
    return result.stdout.strip()


# -- the system's process table ------------------------------------------------------------------------------
def processes() -> dict[int, tuple[int, str]]:
    """Every process of the system: pid → (parent pid, command line)."""
    table: dict[int, tuple[int, str]] = {}
    if WINDOWS:
        out = subprocess.run(["powershell", "-NoProfile", "-Command",
                              "Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,CommandLine"
                              " | ConvertTo-Json -Compress"], capture_output=True, text=True, timeout=120,
                             check=True).stdout
        for row in json.loads(out):
            table[int(row["ProcessId"])] = (int(row["ParentProcessId"]), row.get("CommandLine") or "")
    elif MACOS:
        out = subprocess.run(["ps", "-axww", "-o", "pid=,ppid=,command="], capture_output=True, text=True,
                             timeout=60, check=True).stdout
        for line in out.splitlines():
            pid, ppid, command = line.strip().split(None, 2) + [""] * (3 - len(line.strip().split(None, 2)))
            table[int(pid)] = (int(ppid), command)
    else:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            except OSError:  # gone meanwhile
                continue
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            table[int(entry.name)] = (ppid, command)
    return table


def descendants(pid: int, table: dict[int, tuple[int, str]]) -> dict[int, str]:
    """The children of ``pid``, theirs, and so on: pid → command line."""
    found: dict[int, str] = {}
    parents = [pid]
    while parents:
        parent = parents.pop()
        for child, (its_parent, command) in table.items():
            if its_parent == parent and child not in found and child != pid:
                found[child] = command
                parents.append(child)
    return found


def alive(pid: int) -> bool:
    return pid in processes()


# -- the demo, driven -------------------------------------------------------------------------------------------
class Demo:
    """``agentdesk demo`` with AGENTDESK_SMOKE_TEST=mode; lines of its standard output arrive on a queue."""

    def __init__(self, app: Path, home: Path, mode: str) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.proc = subprocess.Popen([str(app), "demo", "--reset", "--language", "en", "--interval", "3600"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8", errors="replace",
                                     env=environment(home, AGENTDESK_SMOKE_TEST=mode))
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def _read_errors(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            if "does not support" not in line:  # the offscreen plugin's notes
                self.stderr.append(line)

    def wait_for(self, pattern: str, what: str) -> re.Match[str]:
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1.0)
            except queue.Empty:
                continue
            if line is None:
                break
            self.seen.append(line)
            if line.startswith("agentdesk smoke: FAILED"):
                break
            found = re.search(pattern, line)
            if found:
                return found
        raise SmokeFailure(f"the demo: {what} did not happen\n--- stdout\n" + "\n".join(self.seen[-40:])
                           + "\n--- stderr\n" + "".join(self.stderr[-60:]))

    def order(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=60)


def check_helpers(app: Path, demo: Demo) -> tuple[int, int]:
    """The engine and cache-follower processes the demo reports: real children of the app, started from the app's
    own executable with the hidden entry; no engine thread in the app. Returns their pids."""
    found = demo.wait_for(r"children engine=(\d+) cache=(\d+) app=(\d+)", "the helper processes")
    engine, cache, app_pid = (int(n) for n in found.groups())
    threads = demo.wait_for(r"engine threads (\d+)", "the count of engine threads")
    if int(threads.group(1)) != 0:
        raise SmokeFailure(f"{threads.group(1)} thread(s) of the app run the mail engine: it must run in its own process")
    if app_pid != demo.proc.pid:
        raise SmokeFailure(f"the demo reports pid {app_pid}, but the app started is {demo.proc.pid}")
    family = descendants(app_pid, processes())
    for pid, module in ((engine, "agentdesk.desk.engine_process"), (cache, "agentdesk.desk.cache_process")):
        command = family.get(pid)
        if command is None:
            raise SmokeFailure(f"{module} (pid {pid}) is not a child process of the app (pid {app_pid}): {family}")
        program, _, rest = command.partition(" -m ")
        if rest.split(" ")[0] != module or Path(program.strip().strip('"')).name != app.name:
            raise SmokeFailure(f"{module} (pid {pid}) was not started as '{app.name} -m {module}': {command!r}")
    lower = ""
    if sys.platform.startswith("linux"):  # the helpers lower their priority (nice 10) once they have started
        deadline = time.monotonic() + GONE_TIMEOUT
        while True:
            nice = {pid: nice_of(pid) for pid in (app_pid, engine, cache)}
            if nice[engine] > nice[app_pid] and nice[cache] > nice[app_pid]:
                break
            if time.monotonic() > deadline:
                raise SmokeFailure(f"the helpers do not run at a lower priority than the app: nice values {nice}")
            time.sleep(0.2)
        lower = f", at nice {nice[engine]} beside the app's {nice[app_pid]}"
    print(f"ok   helper processes: engine pid {engine}, cache follower pid {cache}, children of the app (pid "
          f"{app_pid}), started from its executable{lower}; no engine thread in the app", flush=True)
    return engine, cache


def nice_of(pid: int) -> int:
    """The nice value of ``pid`` (Linux: field 19 of /proc/PID/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    return int(stat[stat.rindex(")") + 2:].split()[16])


def wait_gone(pids: Sequence[int], what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < GONE_TIMEOUT:
        table = processes()
        if not [pid for pid in pids if pid in table]:
            return time.monotonic() - started
        time.sleep(0.25)
    raise SmokeFailure(f"{what}: helper processes {list(pids)} still run after {GONE_TIMEOUT:.0f} s")


# -- the checks ---------------------------------------------------------------------------------------------------
def check_version(cli: Path, home: Path) -> None:
    out = expect(run([cli, "--version"], environment(home)), "agentdesk --version", "agentdesk ")
    pyproject = ROOT / "pyproject.toml"
    if pyproject.is_file():
        version = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
        if out != f"agentdesk {version}":
            raise SmokeFailure(f"--version says {out!r}, pyproject.toml {version!r}")
    print(f"ok   --version: {out}", flush=True)


def check_cli(cli: Path, home: Path) -> None:
    config = home / "cli.toml"
    config.write_text(f'[routing]\nurl = "sqlite:///{(home / "cli.sqlite3").as_posix()}"\n', encoding="utf-8")
    env = environment(home)
    upgraded = expect(run([cli, "--config", config, "db", "upgrade"], env), "agentdesk db upgrade", "upgraded")
    current = expect(run([cli, "--config", config, "db", "current"], env), "agentdesk db current", "current: ")
    numbers = re.findall(r"current: (\S+)\s+newest: (\S+)", current)
    if not numbers or numbers[0][0] != numbers[0][1]:
        raise SmokeFailure(f"agentdesk db current: {current!r}")
    eml = home / "japanese.eml"
    eml.write_bytes(b"From: taro@example.jp\r\nTo: support@example.com\r\nSubject: "
                    + Header(SUBJECT, "iso-2022-jp").encode().encode("ascii")
                    + b"\r\nMessage-ID: <smoke-1@example.jp>\r\nMIME-Version: 1.0\r\n"
                      b"Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                    + BODY.encode("iso2022_jp") + b"\r\n")
    rendered = expect(run([cli, "render", "--text", eml], env), "agentdesk render --text")
    if SUBJECT not in rendered or BODY not in rendered:
        raise SmokeFailure(f"agentdesk render --text did not decode the ISO-2022-JP email: {rendered}")
    print(f"ok   command line: db upgrade ({upgraded}), db current, render --text of an ISO-2022-JP email",
          flush=True)


def check_desktop(gui: Path, home: Path) -> None:
    result = run([gui], environment(home, AGENTDESK_SMOKE_TEST="1"))
    if WINDOWS and result.returncode == 0:  # agentdesk.exe has no console: its exit status is the answer
        print("ok   desktop: main window shown (exit status 0)", flush=True)
        return
    out = expect(result, "AGENTDESK_SMOKE_TEST=1", "main window shown")
    print(f"ok   desktop: {out.splitlines()[-1]}", flush=True)


def check_round(app: Path, home: Path) -> None:
    demo = Demo(app, home / "round", "round")
    try:
        demo.wait_for(r"routed to", "an email routed to the agent")
        demo.wait_for(r"sent for review", "the reply sent for review")
        demo.wait_for(r"approved by", "the lead's approval")
        delivered = demo.wait_for(r"reply delivered over SMTP to (.*)", "the reply's delivery")
        print(f"ok   demo round: an email routed, opened, answered, approved by the lead, delivered to "
              f"{delivered.group(1)}", flush=True)
        engine, cache = check_helpers(app, demo)
        demo.wait_for(r"waiting for orders", "the driver's readiness")
        demo.order("quit")
        code = demo.proc.wait(timeout=120)
        if code != 0:
            raise SmokeFailure(f"the demo closed with exit status {code}\n" + "".join(demo.stderr[-60:]))
        seconds = wait_gone([engine, cache], "after the window closed")
        print(f"ok   window closed: exit 0, helper processes gone {seconds:.1f} s later", flush=True)
    finally:
        demo.stop()


def check_crash(app: Path, home: Path) -> None:
    demo = Demo(app, home / "crash", "children")
    try:
        engine, cache = check_helpers(app, demo)
        demo.proc.kill()  # SIGKILL / TerminateProcess: the app gets no chance to stop them
        demo.proc.wait(timeout=60)
        seconds = wait_gone([engine, cache], "after the app was killed")
        print(f"ok   app killed: its helper processes noticed and exited {seconds:.1f} s later", flush=True)
    finally:
        demo.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("app", type=Path, help="dist/agentdesk (or its executable, or dist/agentdesk.app)")
    args = parser.parse_args(argv)
    try:
        gui, cli = executables(args.app.resolve())
        with tempfile.TemporaryDirectory(prefix="agentdesk-smoke-", ignore_cleanup_errors=True) as scratch:
            home = Path(scratch)
            check_version(cli, home)
            check_cli(cli, home)
            check_desktop(gui, home)
            check_round(cli, home)
            check_crash(cli, home)
    except (SmokeFailure, subprocess.TimeoutExpired, OSError) as exc:
        print(f"FAIL {exc}", flush=True)
        return 1
    print("all smoke checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
