"""What `make run` starts and on which ports: the command line, environment and port choice.

Every port has a default (Kafka 9092, MongoDB 27017, each service the `http_port` default of its
settings class). A port given on the command line or in the environment must be free, or the
launcher stops with a clear message. A default port that is busy (another `make run`, a local
mongod...) is replaced by a free port, and the launcher says so. Port 0 means "any free port".
"""

from __future__ import annotations

import argparse
import importlib
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

from imi_shared.keys import (
    DeploymentKeyPair,
    ensure_key_pair_file,
    ensure_keyring_file,
    own_peer_key,
)
from imi_shared.localinfra import free_port

ROOT = Path(__file__).resolve().parents[2]

# The order of the services is the order of their default ports (8101..8107).
SERVICE_NAMES = (
    "directory",
    "requests",
    "alerts",
    "registers",
    "notifier",
    "retention",
    "translation",
)
DEFAULT_KAFKA_PORT = 9092
DEFAULT_MONGO_PORT = 27017
DEFAULT_READY_TIMEOUT = 90.0


class ConfigError(Exception):
    """The launcher cannot start as asked (bad flag, busy port)."""


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    default_port: int
    db_name: str

    @property
    def module(self) -> str:
        return f"imi_{self.name}.app"


def service_specs() -> list[ServiceSpec]:
    """The seven services, with the defaults of their own settings classes."""
    specs = []
    for name in SERVICE_NAMES:
        settings_cls = getattr(
            importlib.import_module(f"imi_{name}.settings"), f"{name.capitalize()}Settings"
        )
        fields = settings_cls.model_fields
        specs.append(ServiceSpec(name, fields["http_port"].default, fields["db_name"].default))
    return specs


@dataclass(frozen=True)
class PortRequest:
    """A wanted port and whether someone asked for it (flag or environment) or it is a default."""

    label: str
    port: int
    explicit: bool


@dataclass
class Options:
    kafka: PortRequest
    mongo: PortRequest
    http: dict[str, PortRequest]
    run_dir: Path
    ready_timeout: float
    check: bool
    specs: list[ServiceSpec] = field(default_factory=list)

    @property
    def log_dir(self) -> Path:
        return self.run_dir / "logs"


def _env_int(name: str) -> int | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a port number") from exc


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="deploy/local/stack.py",
        description="Run the whole IMI system locally: a Kafka-protocol broker, a MongoDB-protocol "
        "server and the seven services, until Ctrl-C.",
    )
    p.add_argument(
        "--kafka-port",
        type=int,
        metavar="PORT",
        help="broker port (env IMI_RUN_KAFKA_PORT; default 9092; 0 = a free port)",
    )
    p.add_argument(
        "--mongo-port",
        type=int,
        metavar="PORT",
        help="database port (env IMI_RUN_MONGO_PORT; default 27017; 0 = a free port)",
    )
    p.add_argument(
        "--http-port-base",
        type=int,
        metavar="PORT",
        help="service i (directory=0 ... translation=6) listens on PORT+i "
        "(env IMI_RUN_HTTP_PORT_BASE; default 8101; 0 = free ports)",
    )
    p.add_argument(
        "--http-port",
        action="append",
        default=[],
        metavar="SERVICE=PORT",
        help="the HTTP port of one service; repeatable; wins over --http-port-base",
    )
    p.add_argument(
        "--run-dir",
        type=Path,
        metavar="DIR",
        help="logs go to DIR/logs/<name>.log (env IMI_RUN_DIR; default .run)",
    )
    p.add_argument(
        "--ready-timeout",
        type=float,
        metavar="SECONDS",
        help=f"how long to wait for every /readyz (env IMI_RUN_READY_TIMEOUT; "
        f"default {DEFAULT_READY_TIMEOUT:g})",
    )
    p.add_argument(
        "--check",
        "--exit-when-ready",
        dest="check",
        action="store_true",
        help="stop everything and exit 0 as soon as every service is ready",
    )
    return p


def _port(label: str, flag: int | None, env: str, default: int) -> PortRequest:
    if flag is not None:
        return PortRequest(label, flag, True)
    from_env = _env_int(env)
    if from_env is not None:
        return PortRequest(label, from_env, True)
    return PortRequest(label, default, False)


def parse_args(argv: list[str] | None = None) -> Options:
    args = _parser().parse_args(argv)
    specs = service_specs()
    base_flag = args.http_port_base
    if base_flag is None:
        base_flag = _env_int("IMI_RUN_HTTP_PORT_BASE")
    http: dict[str, PortRequest] = {}
    for i, spec in enumerate(specs):
        if base_flag is None:
            http[spec.name] = PortRequest(spec.name, spec.default_port, False)
        else:
            http[spec.name] = PortRequest(spec.name, base_flag + i if base_flag else 0, True)
    for item in args.http_port:
        name, _, value = item.partition("=")
        if name not in http or not value.isdigit():
            raise ConfigError(
                f"--http-port {item!r}: expected SERVICE=PORT with SERVICE one of "
                f"{', '.join(SERVICE_NAMES)}"
            )
        http[name] = PortRequest(name, int(value), True)
    run_dir = args.run_dir or Path(os.environ.get("IMI_RUN_DIR") or ROOT / ".run")
    timeout = args.ready_timeout
    if timeout is None:
        timeout = float(os.environ.get("IMI_RUN_READY_TIMEOUT") or DEFAULT_READY_TIMEOUT)
    return Options(
        kafka=_port("kafka", args.kafka_port, "IMI_RUN_KAFKA_PORT", DEFAULT_KAFKA_PORT),
        mongo=_port("mongo", args.mongo_port, "IMI_RUN_MONGO_PORT", DEFAULT_MONGO_PORT),
        http=http,
        run_dir=run_dir.resolve(),
        ready_timeout=timeout,
        check=args.check,
        specs=specs,
    )


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def resolve_ports(requests: list[PortRequest]) -> tuple[dict[str, int], list[str]]:
    """Pick a port for every request; returns {label: port} and notes for the console."""
    chosen: dict[str, int] = {}
    notes: list[str] = []
    taken: set[int] = set()

    def any_free() -> int:
        while (port := free_port()) in taken:
            pass
        return port

    for req in requests:
        if req.port == 0:
            port = any_free()
        elif req.port not in taken and port_is_free(req.port):
            port = req.port
        elif req.explicit:
            raise ConfigError(
                f"{req.label}: port {req.port} is already in use (another `make run`?). Stop what "
                f"listens there or choose another port (see deploy/local/stack.py --help)."
            )
        else:
            port = any_free()
            notes.append(f"{req.label}: default port {req.port} is busy, using {port} instead")
        taken.add(port)
        chosen[req.label] = port
    return chosen, notes


def alerts_deployment_keys(run_dir: Path, scope: str) -> tuple[dict[str, str], list[str]]:
    """The alerts deployment's OWN keys (issue 9 item 8, docs/KEYS.md): its own key store
    (`imi_keys_alerts`), KEK (`<run dir>/alerts.kek`, unless IMI_KEK(_FILE) is given) and X25519
    key pair (`<run dir>/alerts.pair`, unless IMI_DEPLOYMENT_KEY(_FILE) is given), generated on
    first run (mode 0600), and the peers registry `<run dir>/peers` listing its public key.
    Returns the alerts service's extra environment and console notes."""
    env = {"IMI_DEPLOYMENT_ID": "alerts", "IMI_KEYS_DB_NAME": "imi_keys_alerts"}
    notes = []
    if not (os.environ.get("IMI_KEK") or os.environ.get("IMI_KEK_FILE")):
        kek = run_dir / "alerts.kek"
        if ensure_keyring_file(kek):
            notes.append(f"generated the alerts deployment's key-encryption key in {kek}")
        env["IMI_KEK_FILE"] = str(kek)
    if os.environ.get("IMI_DEPLOYMENT_KEY") or os.environ.get("IMI_DEPLOYMENT_KEY_FILE"):
        return env, notes  # the operator's key pair and peers registry
    pair_file = run_dir / "alerts.pair"
    if ensure_key_pair_file(pair_file):
        notes.append(f"generated the alerts deployment's X25519 key pair in {pair_file}")
    peers = run_dir / "peers"
    line = own_peer_key("alerts", scope, DeploymentKeyPair.from_file(pair_file)).line()
    peers.write_text(f"# public keys of the alerts deployments (make run: one)\n{line}\n")
    env.update({"IMI_DEPLOYMENT_KEY_FILE": str(pair_file), "IMI_DEPLOYMENT_PEERS_FILE": str(peers)})
    return env, notes


def deployment_kek(run_dir: Path) -> tuple[dict[str, str], str | None]:
    """The key-encryption keyring of this deployment (imi_shared.keys): the one given in the
    environment (IMI_KEK or IMI_KEK_FILE), else `<run dir>/kek`, generated on first run (owner
    read-only, never committed: .run/ is ignored). Returns the services' extra environment and
    a console note when a keyring was created."""
    if os.environ.get("IMI_KEK") or os.environ.get("IMI_KEK_FILE"):
        return {}, None
    path = run_dir / "kek"
    created = ensure_keyring_file(path)
    note = f"generated this deployment's key-encryption key in {path}" if created else None
    return {"IMI_KEK_FILE": str(path)}, note
