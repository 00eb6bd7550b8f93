"""`make run` end to end: deploy/local/stack.py as a real process, on free ports.

Every port (broker, database, the seven services) is passed on the command line, and logs go to
a temporary directory, so these tests never collide with a `make run` on the same machine.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from imi_shared.localinfra import free_port

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bus_scan  # noqa: E402  (tests/bus_scan.py)

ROOT = Path(__file__).resolve().parents[1]
LAUNCHER = ROOT / "deploy" / "local" / "stack.py"
SERVICES = ("directory", "requests", "alerts", "registers", "notifier", "retention", "translation")
READY_TIMEOUT = 150  # seconds; generous, `make test` may run other suites on a small machine


def _free_ports() -> dict[str, int]:
    ports: dict[str, int] = {}
    for name in ("kafka", "mongo", *SERVICES):
        while (port := free_port()) in ports.values():
            pass
        ports[name] = port
    return ports


def _command(ports: dict[str, int], run_dir: Path, *extra: str) -> list[str]:
    cmd = [
        sys.executable,
        str(LAUNCHER),
        "--kafka-port",
        str(ports["kafka"]),
        "--mongo-port",
        str(ports["mongo"]),
        "--run-dir",
        str(run_dir),
        "--ready-timeout",
        str(READY_TIMEOUT),
    ]
    for svc in SERVICES:
        cmd += ["--http-port", f"{svc}={ports[svc]}"]
    return cmd + list(extra)


def _env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMI_RUN_")}
    return {**env, "PYTHONUNBUFFERED": "1", **overrides}


def _table_pids(output: str, ports: dict[str, int]) -> dict[str, int]:
    """The pid of every component, from the launcher's ready table; checks each docs URL."""
    pids = {}
    for svc in SERVICES:
        port = ports[svc]
        row = re.search(
            rf"^\s+{svc}\s+{port}\s+(\d+)\s+http://127\.0\.0\.1:{port}/docs\s*$",
            output,
            re.MULTILINE,
        )
        assert row, f"no row for {svc} with its docs URL in:\n{output}"
        pids[svc] = int(row.group(1))
    for server in ("kafka", "mongo"):
        row = re.search(rf"^\s+{server}\s+{ports[server]}\s+(\d+)\s", output, re.MULTILINE)
        assert row, f"no row for {server} in:\n{output}"
        pids[server] = int(row.group(1))
    return pids


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:  # still in the process table: a zombie has finished, only its exit status remains
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True


def _port_closed(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return False
    except OSError:
        return True


def _assert_nothing_left(pids: dict[str, int], ports: dict[str, int]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = {name: pid for name, pid in pids.items() if not _gone(pid)}
        listening = {name: port for name, port in ports.items() if not _port_closed(port)}
        if not alive and not listening:
            return
        time.sleep(0.2)
    pytest.fail(f"left running after the launcher exited: processes {alive}, ports {listening}")


@pytest.mark.slow
def test_check_mode_starts_everything_reports_docs_urls_and_stops_everything(tmp_path):
    ports = _free_ports()
    started = time.monotonic()
    done = subprocess.run(
        _command(ports, tmp_path, "--check"),
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=READY_TIMEOUT + 60,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    pids = _table_pids(done.stdout, ports)
    assert re.search(r"All 7 services ready in \d+\.\d+s", done.stdout), done.stdout
    assert "--check" in done.stdout and "Stopped" in done.stdout
    for svc in SERVICES:
        assert (tmp_path / "logs" / f"{svc}.log").stat().st_size > 0, f"{svc} wrote no log"
    _assert_nothing_left(pids, ports)
    print(f"launcher --check took {time.monotonic() - started:.1f}s")


class _Reader(threading.Thread):
    """Collects a process's output and flags when a line containing `marker` arrives."""

    def __init__(self, stream, marker: str) -> None:
        super().__init__(daemon=True)
        self.stream, self.marker = stream, marker
        self.lines: list[str] = []
        self.seen = threading.Event()

    def run(self) -> None:
        for line in self.stream:
            self.lines.append(line)
            if self.marker in line:
                self.seen.set()

    @property
    def text(self) -> str:
        return "".join(self.lines)


@dataclass
class RunningStack:
    """`make run` up and past its post-start steps (seed + alerts demo), not yet stopped."""

    proc: subprocess.Popen
    reader: _Reader
    ports: dict[str, int]
    run_dir: Path


@pytest.fixture(scope="module")
def demo_stack(tmp_path_factory):
    """One launcher run shared by this module's tests (the demo is slow to play): started
    without --check, so every post-start step ran once "Press Ctrl-C" is printed. The SIGINT
    test stops it; if a test failed first, it is stopped here."""
    ports = _free_ports()
    run_dir = tmp_path_factory.mktemp("stack")
    proc = subprocess.Popen(
        _command(ports, run_dir),
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    reader = _Reader(proc.stdout, "Press Ctrl-C")
    reader.start()
    try:
        if not reader.seen.wait(READY_TIMEOUT + 30):
            pytest.fail(f"the launcher never said it was running:\n{reader.text}")
        yield RunningStack(proc, reader, ports, run_dir)
    finally:
        if proc.poll() is None:  # a test failed with the launcher still up: clean up
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)


@pytest.mark.slow
def test_ret_004_after_the_demo_no_topic_holds_a_demo_user_s_name_e_mail_or_code(demo_stack):
    """RET-004, X-010, X-017 on the whole running system: every raw record of every topic of
    the catalogue (dead-letter topics too), read after the seed and the alerts demo."""
    assert demo_stack.proc.poll() is None, demo_stack.reader.text
    bootstrap = f"127.0.0.1:{demo_stack.ports['kafka']}"
    result = asyncio.run(bus_scan.scan(bootstrap, bus_scan.forbidden_texts()))
    assert result.records["imi.directory.events"] > 0, result.records  # the seed was read
    # issue 9 item 7: no exception left. Alerts' domain events (imi.alerts.events) seal their
    # texts like the fan-out and delivery topics (every partition, the Commission's included);
    # the directory's data is sealed everywhere.
    assert result.records[bus_scan.ALERT_EVENTS_TOPIC] > 0, result.records  # the demo was read
    assert result.leaks == {}, f"in clear on the bus: {result.leaks}"


@pytest.mark.slow
def test_not_001_not_017_ret_report_the_demo_mail_is_caught_and_the_report_written(demo_stack):
    """Issue 14 and 15 on the running stack: `make run` says where the caught mail is read; the
    alerts demo's N_ALR_INCOMING mails are there, none holding the demo alert's case text
    (NOT-001, NOT-017); the retention report of the demo period was written, JSON and PDF,
    its counts adding up (RET-001..RET-011)."""
    import httpx

    assert demo_stack.proc.poll() is None, demo_stack.reader.text
    where = re.search(r"caught mail: (http://\S+) \(JSON\)", demo_stack.reader.text)
    assert where, demo_stack.reader.text

    def incoming() -> list[dict]:
        mails = httpx.get(where[1], timeout=10).json()
        return [m for m in mails if m["template"] == "N_ALR_INCOMING"]

    deadline = time.monotonic() + 60  # the notifier's sender runs on its own period
    while not (mails := incoming()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert mails, httpx.get(where[1], timeout=10).text[:2000]
    for mail in mails:
        assert mail["to"] and all("@" in to for to in mail["to"]), mail
        assert "gaz dangereuses" not in mail["text"] + mail["html"] + mail["subject"], mail
    report = json.loads((demo_stack.run_dir / "retention-report.json").read_text("utf-8"))
    assert report["adds_up"] is True, report
    assert (demo_stack.run_dir / "retention-report.pdf").read_bytes().startswith(b"%PDF")
    assert "retention report" in demo_stack.reader.text


def _registers_get(base: str, path: str, **params: str) -> dict:
    """A GET of the registers service as a demo reader (a token signed with the local
    development key, as the directory signs it)."""
    import httpx

    from imi_shared.auth import Principal, TokenIssuer, load_private_key
    from imi_shared.settings import ServiceSettings

    env = ServiceSettings()
    issuer = TokenIssuer(load_private_key("", env.environment), env.jwt_issuer)
    reader = Principal(
        user_id="demo-reader", username="demo.reader", authority_id="demo-reader", member_state="DE"
    )
    headers = {"Authorization": f"Bearer {issuer.issue(reader)}"}
    answer = httpx.get(f"{base}{path}", params=params, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.slow
def test_reg_017_reg_018_make_run_seeds_registers_that_the_searches_find(demo_stack):
    """Issue 13: `make run` seeds a few dozen registers (deploy/local/seed_registers.py), found by
    the quick search (words as written, misspelt, in the display language) and the advanced one;
    the managing authorities' names arrive from the directory's events (REG-018)."""
    out, base = demo_stack.reader.text, f"http://127.0.0.1:{demo_stack.ports['registers']}"
    seeded = re.search(r"seed demo registers: (\d+) demo registers in (\d+) states", out)
    assert seeded and int(seeded.group(1)) >= 30 and int(seeded.group(2)) >= 10, out

    def quick(country: str, q: str, lang: str) -> list[str]:
        page = _registers_get(base, "/search/registers", country=country, q=q, lang=lang)
        return [row["register_id"] for row in page["rows"]]

    assert quick("FR", "registre architectes", "fr") == ["demo-reg-fr-architectes"]
    assert quick("FR", "arkitectes", "fr") == ["demo-reg-fr-architectes"]  # pronounced alike
    assert "demo-reg-de-handwerksrolle" in quick("DE", "Handwerk München", "de")
    assert quick("IT", "avvocati milano", "it") == ["demo-reg-it-avvocati-milano"]
    companies = _registers_get(base, "/search/registers/advanced", category="gen.companies")
    assert companies["total"] >= 10, companies
    deadline = time.monotonic() + 60  # the directory's authority events reach registers
    while True:
        found = _registers_get(
            base, "/search/registers/advanced", country="FR", authority_name="prefecture police"
        )
        if found["total"] == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert sorted(row["register_id"] for row in found["rows"]) == [
        "demo-reg-fr-agents-immo-idf",
        "demo-reg-fr-vtc",
    ], found


@pytest.mark.slow
def test_sigint_stops_a_running_stack_after_the_alerts_demo_and_exits_0(demo_stack):
    proc, reader, ports = demo_stack.proc, demo_stack.reader, demo_stack.ports
    pids = _table_pids(reader.text, ports)
    with urllib.request.urlopen(f"http://127.0.0.1:{ports['alerts']}/healthz", timeout=5) as r:
        assert r.status == 200
    time.sleep(1)  # still running, not a --check exit
    assert proc.poll() is None, reader.text

    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0, reader.text
    reader.join(5)
    assert "SIGINT received" in reader.text
    _assert_nothing_left(pids, ports)
    _assert_alerts_demo_played(reader.text)
    _assert_requests_demo_played(reader.text)
    _assert_question_set_shown_in_two_languages(reader.text)


def _assert_question_set_shown_in_two_languages(out: str) -> None:
    """Issue 11 (TRL-001, TRL-002): `make run` serves the catalogues, and its demo shows a
    question set of the manual in English and in French (deploy/local/demo_catalogues.py)."""
    lines = [line.strip() for line in out.splitlines() if "[catalogues demo]" in line]
    titles = {
        m.group(1): m.group(2)
        for line in lines
        if (m := re.search(r"\[catalogues demo\] (EN|FR) PQ-GENERAL: (.+)$", line))
    }
    assert set(titles) == {"EN", "FR"} and titles["EN"] != titles["FR"], out
    for lang in ("EN", "FR"):
        questions = [line for line in lines if re.search(rf"\] {lang}   \S+: .+", line)]
        assert questions, f"no {lang} question shown:\n{out}"
    assert re.search(r"question set PQ-GENERAL shown in EN and FR; \d+ LA keyword codes", out)
    print("\n" + "\n".join(lines))


def _assert_requests_demo_played(out: str) -> None:
    """Issue 12 (REQ-015, REQ-024, REQ-064, REQ-062, REQ-068, REQ-073, REQ-074, REQ-072) live:
    `make run`'s request from FR to DE (deploy/local/demo_requests.py), in order."""
    demo = [line.strip() for line in out.splitlines() if "[requests demo]" in line]
    stages = [
        r"Préfecture de police de Paris \(FR\) sent request \S+ to Germany's IMI coordinator "
        r"\(demo-de-nimic\): status awaiting_acceptance",
        r"DE sees it awaiting_acceptance, view without_pd: 2 questions",
        r"forwarded by Germany's IMI coordinator to Handwerkskammer München: "
        r"status awaiting_acceptance",
        r"accepted by Handwerkskammer München: status accepted, view full",
        r"answered by Handwerkskammer München: status answered; FR reads 2 answers",
        r"FR asked for further information on SD-GENERAL.Q2: status further_info_requested",
        r"Handwerkskammer München accepted and answered round 1: status answered",
        r"FR closed it: status closed",
        r"Munich's incoming list shows it closed",
    ]
    found = [next((i for i, line in enumerate(demo) if re.search(s, line)), -1) for s in stages]
    assert -1 not in found and found == sorted(found), f"{found}\n{out}"
    assert re.search(
        r"play the requests demo: request \S+ FR→DE forwarded, answered, further information "
        r"answered, closed in [\d.]+s",
        out,
    ), out
    assert out.index("play the requests demo:") < out.index("Press Ctrl-C"), out
    print("\n" + "\n".join(demo))


def _assert_alerts_demo_played(out: str) -> None:
    """ALR-021/022/023 live: `make run`'s demo (deploy/local/demo_alerts.py) ran, in order, before
    the launcher said it was running (the SIGINT run above is the one run without --check)."""
    demo = [line.strip() for line in out.splitlines() if "[alerts demo]" in line]
    assert re.search(r"Préfecture de police de Paris \(FR\) launched alert \S+", out), out
    assert any("submitted to France's alerts coordinator" in line for line in demo), out
    assert any(
        "broadcast to 29 states and the Commission: status broadcast" in line for line in demo
    ), out
    assert any(re.search(r"mailboxes holding it: 31/31 \(", line) for line in demo), out
    assert any("the Commission's copy carries no personal data" in line for line in demo), out
    assert any("acknowledged by 29/29 mailboxes" in line for line in demo), out
    assert any("DE's mailbox forwarded it to Handwerkskammer München" in line for line in demo), out
    assert any("GR's mailbox forwarded it to" in line for line in demo), out
    assert any(
        re.search(
            r"FR's coordinator sees 29/29 acknowledgements and forwards within "
            r"DE, GR",
            line,
        )
        for line in demo
    ), out
    summary = re.search(
        r"play the alerts demo: alert (\S+) reached 31 mailboxes, 29 "
        r"acknowledged, forwarded within DE and GR, in [\d.]+s \(([\d.]+)s\)",
        out,
    )
    assert summary, out
    stages = [
        "launched alert",
        "submitted to",
        "broadcast to 29",
        "mailboxes holding it: 31/31",
        "acknowledged by 29/29",
        "forwarded it to",
        "coordinator sees",
        "Press Ctrl-C",
    ]
    positions = [out.index(s) for s in stages]
    assert positions == sorted(positions), stages
    assert out.index("seed demo participants:") < out.index("[alerts demo]")
    print("\n" + "\n".join(demo) + f"\nalerts demo took {summary.group(2)}s")


def test_a_busy_port_asked_for_fails_clearly_before_starting_anything(tmp_path):
    ports = _free_ports()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", ports["kafka"]))
        squatter.listen()
        done = subprocess.run(
            _command(ports, tmp_path, "--check"),
            cwd=ROOT,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"port {ports['kafka']} is already in use" in done.stderr
    assert not (tmp_path / "logs").exists()
    assert all(_port_closed(ports[name]) for name in ("mongo", *SERVICES))


@pytest.mark.slow
def test_a_service_that_cannot_start_is_named_with_its_log_and_everything_stops(tmp_path):
    ports = _free_ports()
    done = subprocess.run(
        _command(ports, tmp_path, "--check"),
        cwd=ROOT,
        env=_env(IMI_LOG_LEVEL="NOPE"),
        capture_output=True,
        text=True,
        timeout=READY_TIMEOUT + 60,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    # Either the launcher refuses the setting up front, or a service dies and is named with
    # the tail of its log; both quote the bad value.
    assert "NOPE" in done.stderr, done.stderr
    if "exited with code" in done.stderr:
        assert re.search(r"service (\w+) exited with code", done.stderr).group(1) in SERVICES
        assert "last " in done.stderr and ".log" in done.stderr
    assert all(_port_closed(port) for port in ports.values())
