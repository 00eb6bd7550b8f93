"""`make run`: the whole IMI system on this machine, no Docker, until Ctrl-C.

1. a Kafka-protocol broker and a MongoDB-protocol server (imi_shared.localinfra),
2. the topic catalogue (imi_shared.topics),
3. the seven services, each its own process (`python -m imi_<svc>.app`), logs in .run/logs/,
4. waits until every /readyz answers 200 and prints where each service's API docs are,
5. the post-start steps (poststart.py: the hook for seeding and demos),
6. runs until Ctrl-C or SIGTERM, then stops the services, the broker and the database; exit 0.

`--check` stops everything and exits 0 right after step 5. `--help` lists the port flags.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()  # the "ready in" figure counts from here

import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402

from config import (  # noqa: E402
    ConfigError,
    Options,
    alerts_deployment_keys,
    deployment_kek,
    parse_args,
    resolve_ports,
)
from console import log_tail, say, shown, table, warn  # noqa: E402
from mailsink import start_mail_sink  # noqa: E402
from poststart import StackContext, run_steps  # noqa: E402
from servers import InfraError, create_topics, start_broker, start_database  # noqa: E402
from supervisor import NotReady, ServiceProcess, stop_all, wait_ready  # noqa: E402


class Interrupted(Exception):
    """SIGINT or SIGTERM: stop everything."""


def _on_signal(signum, _frame) -> None:
    _install(_while_stopping)  # a second Ctrl-C must not abort the clean-up
    raise Interrupted(signal.Signals(signum).name)


def _while_stopping(_signum, _frame) -> None:
    say("  (already stopping: every process is being stopped, give it a few seconds)")


def _install(handler) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)


class Stack:
    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.kafka = None
        self.mongo = None
        self.services: list[ServiceProcess] = []
        self.ready = False
        self.mail_sink = None

    def start(self) -> StackContext:
        opts = self.opts
        scope = validate_service_environment()
        ports, notes = resolve_ports([opts.kafka, opts.mongo, *opts.http.values()])
        opts.log_dir.mkdir(parents=True, exist_ok=True)
        kek_env, kek_note = deployment_kek(opts.run_dir)
        if kek_note:
            notes.append(kek_note)
        # the alerts deployment keeps its own keys (key store, KEK, key pair: docs/KEYS.md)
        alerts_env, alerts_notes = alerts_deployment_keys(
            opts.run_dir, os.environ.get("IMI_MEMBER_STATES", "ALL")
        )
        notes += alerts_notes
        say(f"IMI local stack (participants: {scope}), logs in {shown(opts.log_dir)}/<name>.log")
        for note in notes:
            say(f"  note: {note}")

        kafka_log, mongo_log = opts.log_dir / "kafka.log", opts.log_dir / "mongo.log"
        for path in (kafka_log, mongo_log):
            path.unlink(missing_ok=True)
        self.kafka = start_broker(ports["kafka"], kafka_log)
        self.mongo = start_database(ports["mongo"], mongo_log)
        count = create_topics(self.kafka.url, _topic_prefix())
        say(
            f"  kafka {self.kafka.url} and mongo {self.mongo.url} up, {count} topics present "
            f"({time.monotonic() - STARTED:.1f}s)"
        )

        env = {"IMI_KAFKA_BOOTSTRAP": self.kafka.url, "IMI_MONGO_URI": self.mongo.url, **kek_env}
        try:  # the notifier's mail goes to a local SMTP sink (NOT-001), listed over HTTP
            self.mail_sink = start_mail_sink(opts.run_dir, opts.log_dir / "mail-sink.log")
        except RuntimeError as exc:
            raise InfraError(str(exc)) from exc
        for spec in opts.specs:
            svc = ServiceProcess(spec, ports[spec.name], opts.log_dir / f"{spec.name}.log")
            self.services.append(svc)
            extra = {"alerts": alerts_env, "notifier": self.mail_sink.env}.get(spec.name, {})
            svc.start({**env, **extra})
        say(
            f"  started {len(self.services)} services, waiting for /readyz "
            f"(up to {opts.ready_timeout:g}s)..."
        )
        wait_ready(self.services, opts.ready_timeout)
        self.ready = True
        return StackContext(
            kafka_bootstrap=self.kafka.url,
            mongo_uri=self.mongo.url,
            service_urls={s.name: s.base_url for s in self.services},
            run_dir=opts.run_dir,
            check=opts.check,
            kek_env=kek_env,
        )

    def print_ready(self, elapsed: float) -> None:
        rows = [(s.name, str(s.port), str(s.pid), s.docs_url) for s in self.services]
        rows += [
            ("kafka", self.kafka.url.rsplit(":", 1)[1], str(self.kafka.proc.pid), self.kafka.url),
            (
                "mongo",
                self.mongo.url.rsplit(":", 1)[1].split("/")[0],
                str(self.mongo.proc.pid),
                self.mongo.url,
            ),
        ]
        say()
        say(table(rows, ("name", "port", "pid", "API docs / address")))
        say()
        say(f"All {len(self.services)} services ready in {elapsed:.1f}s.")
        if self.mail_sink is not None:
            say(f"  {self.mail_sink.where()}")

    def watch(self) -> int:
        """Block until a signal (raises Interrupted) or until a process dies (returns 1)."""
        while True:
            for svc in self.services:
                code = svc.exit_code()
                if code is not None:
                    warn(
                        f"service {svc.name} exited with code {code}; stopping the stack.\n"
                        f"{log_tail(svc.log_path)}"
                    )
                    return 1
            for server in (self.kafka, self.mongo):
                if server.proc.poll() is not None:
                    warn(
                        f"{server.name} exited with code {server.proc.returncode}; stopping the "
                        f"stack.\n{log_tail(self.opts.log_dir / f'{server.name}.log')}"
                    )
                    return 1
            time.sleep(0.5)

    def stop(self) -> None:
        _install(_while_stopping)
        started = time.monotonic()
        stop_all(self.services)  # services first: they flush and leave the broker cleanly
        if self.mail_sink is not None:
            self.mail_sink.stop()
        for server in (self.kafka, self.mongo):
            if server is not None:
                server.stop()  # SecantusDB takes ~2 s to stop, whatever the signal
        stopped = [s.name for s in self.services if s.proc] + [
            s.name for s in (self.kafka, self.mongo) if s is not None
        ]
        if stopped:
            say(f"Stopped {', '.join(stopped)} in {time.monotonic() - started:.1f}s.")


def _topic_prefix() -> str:
    return os.environ.get("IMI_TOPIC_PREFIX", "")


def validate_service_environment() -> str:
    """Fail once, here, on a bad IMI_* variable, instead of seven times in seven logs.

    Returns the participants the services will serve (IMI_MEMBER_STATES), for the banner.
    """
    from pydantic import ValidationError

    from imi_shared.settings import ServiceSettings

    try:
        settings = ServiceSettings()
    except ValidationError as exc:
        raise ConfigError(f"invalid IMI_* environment for the services:\n{exc}") from exc
    scope = settings.scope
    return "all 31" if len(scope) == 31 else ",".join(scope)


def main(argv: list[str] | None = None) -> int:
    _install(_on_signal)
    stack: Stack | None = None
    code = 1
    try:
        opts = parse_args(argv)
        stack = Stack(opts)
        ctx = stack.start()
        stack.print_ready(time.monotonic() - STARTED)
        run_steps(ctx, say)
        if opts.check:
            say("--check: every service is ready; stopping.")
            code = 0
        else:
            say("Running. Press Ctrl-C to stop everything.")
            code = stack.watch()
    except Interrupted as sig:
        say(f"\n{sig} received: stopping...")
        code = 0 if stack is None or stack.ready or not stack.opts.check else 1
    except (ConfigError, InfraError, NotReady) as exc:
        warn(str(exc))
    except Exception:
        warn("the launcher failed:\n" + traceback.format_exc())
    finally:
        if stack is not None:
            stack.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
