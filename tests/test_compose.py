"""docker-compose.yml, deploy/Dockerfile and deploy/otel-collector.yaml, checked by parsing.

No Docker engine is needed: the compose file is read with PyYAML and compared with the
services' settings classes (imported from `imi_<svc>.settings`), so a renamed settings field,
a typo in a variable name or a new service without a container fails here, not at `up`.

Each check is a function returning a list of problems; the tests assert the real files have
none, and `test_the_checks_catch_*` feed deliberately broken copies to prove the checks bite.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import re
import shlex
from pathlib import Path

import pytest
import yaml

from imi_shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = "deploy/Dockerfile"
COLLECTOR_CONFIG = ROOT / "deploy" / "otel-collector.yaml"

SERVICE_DIRS = sorted(
    p.name for p in (ROOT / "services").iterdir() if (p / "pyproject.toml").is_file()
)

# Fields whose defaults are wrong in a container whatever they are (loopback addresses, the
# database of another deployment, a collector that is not there): compose must set them.
ALWAYS_REQUIRED = {
    "environment",
    "mongo_uri",
    "kafka_bootstrap",
    "db_name",
    "http_host",
    "http_port",
    "otel_exporter_endpoint",
    "member_states",
}
LOOPBACK = re.compile(r"(127\.0\.0\.1|localhost|\[?::1\]?)", re.IGNORECASE)

KAFKA_IN_COMPOSE = "kafka:9092"
MONGO_REPLICA_SET = "rs0"
COLLECTOR_ENDPOINT = "http://otel-collector:4318"
APP_COMMAND = re.compile(r"^python3?\s+-m\s+(imi_[a-z0-9_]+)\.app$")


# --- reading ---------------------------------------------------------------------------------


def load_compose() -> dict:
    with COMPOSE_FILE.open() as f:
        return yaml.safe_load(f)


_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


def interpolate(value) -> str:
    """Compose interpolation with the file's own defaults (`${X:-d}` → d), ignoring the caller's
    environment so the test is deterministic; `${X}` without a default resolves to ''."""
    text = str(value)

    def repl(m: re.Match) -> str:
        op, default = m.group(2), m.group(3)
        return default if op in (":-", "-") else ""

    return _VAR.sub(repl, text).replace("$$", "$")


def environment_of(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) if "=" in item else (item, "") for item in env)
        env = dict(pairs)
    return {str(k): interpolate(v) for k, v in env.items()}


def command_of(service: dict) -> str:
    cmd = service.get("command")
    if cmd is None:
        return ""
    return " ".join(cmd) if isinstance(cmd, list) else str(cmd)


def imi_module_of(service: dict) -> str | None:
    """`imi_alerts` for `python -m imi_alerts.app`, else None."""
    m = APP_COMMAND.match(command_of(service).strip())
    return m.group(1) if m else None


def settings_class(svc: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"imi_{svc}.settings")
    cls = getattr(module, f"{svc.capitalize()}Settings")
    assert issubclass(cls, ServiceSettings), f"{cls} is not a ServiceSettings"
    return cls


def env_name(field: str) -> str:
    return f"IMI_{field.upper()}"


def required_fields(cls: type[ServiceSettings]) -> set[str]:
    """Fields compose must set: the always-required ones, fields without a default, and fields
    whose default points at the loopback interface (a new `smtp_host = "127.0.0.1"` lands here)."""
    required = set(ALWAYS_REQUIRED)
    for name, info in cls.model_fields.items():
        if info.is_required() or LOOPBACK.search(str(info.default)):
            required.add(name)
    return required & set(cls.model_fields)


def imi_services(compose: dict) -> dict[str, tuple[str, dict]]:
    """compose service name → (service directory, definition), for services running an IMI app."""
    found = {}
    for name, svc in (compose.get("services") or {}).items():
        module = imi_module_of(svc)
        if module:
            found[name] = (module.removeprefix("imi_"), svc)
    return found


def healthcheck_text(svc: dict) -> str:
    test = (svc.get("healthcheck") or {}).get("test")
    if test is None:
        return ""
    return " ".join(test) if isinstance(test, list) else str(test)


def port_targets(svc: dict) -> set[int]:
    targets = set()
    for port in svc.get("ports") or []:
        if isinstance(port, dict):
            targets.add(int(port["target"]))
        else:
            targets.add(int(str(port).split("/")[0].rsplit(":", 1)[-1]))
    return targets


def mounted_host_files(svc: dict) -> dict[str, Path]:
    """container path → host file, for bind mounts of files of this repo."""
    mounts = {}
    for volume in svc.get("volumes") or []:
        if isinstance(volume, dict):
            source, target = volume.get("source", ""), volume.get("target", "")
        else:
            parts = str(volume).split(":")
            if len(parts) < 2:
                continue
            source, target = parts[0], parts[1]
        if source.startswith((".", "/")) and (ROOT / source).is_file():
            mounts[target] = ROOT / source
    return mounts


# --- checks (each returns a list of problems) ------------------------------------------------


def kafka_problems(compose: dict) -> list[str]:
    services = compose.get("services") or {}
    problems = []
    for name, svc in services.items():
        image = str(svc.get("image", ""))
        if "zookeeper" in name.lower() or "zookeeper" in image.lower():
            problems.append(f"{name}: ZooKeeper has no place here, Kafka runs in KRaft mode")
    kafka = services.get("kafka")
    if kafka is None:
        return problems + ["no `kafka` service"]
    image = str(kafka.get("image", ""))
    if not re.fullmatch(r"apache/kafka:3\.9\.\d+", image):
        problems.append(f"kafka image is {image!r}, expected apache/kafka:3.9.x")
    env = environment_of(kafka)
    roles = {r.strip() for r in env.get("KAFKA_PROCESS_ROLES", "").split(",") if r.strip()}
    if roles != {"broker", "controller"}:
        problems.append(
            f"KAFKA_PROCESS_ROLES is {roles or 'unset'}, a single KRaft node needs "
            "broker,controller"
        )
    for var in ("KAFKA_NODE_ID", "KAFKA_CONTROLLER_LISTENER_NAMES", "CLUSTER_ID"):
        if not env.get(var):
            problems.append(f"kafka: {var} is not set (KRaft)")
    if not env.get("KAFKA_CONTROLLER_QUORUM_VOTERS") and not env.get(
        "KAFKA_CONTROLLER_QUORUM_BOOTSTRAP_SERVERS"
    ):
        problems.append("kafka: no controller quorum configured (KRaft)")
    if any(k.startswith("KAFKA_ZOOKEEPER") for k in env):
        problems.append("kafka: zookeeper settings present")
    advertised = env.get("KAFKA_ADVERTISED_LISTENERS", "")
    if f"://{KAFKA_IN_COMPOSE}" not in advertised:
        problems.append(
            f"kafka does not advertise {KAFKA_IN_COMPOSE} to the containers: {advertised!r}"
        )
    if env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "").lower() != "false":
        problems.append("kafka: auto topic creation must be off (the services create topics)")
    if "kafka" not in healthcheck_text(kafka):
        problems.append("kafka has no healthcheck")
    return problems


def mongo_problems(compose: dict) -> list[str]:
    services = compose.get("services") or {}
    mongo = services.get("mongo")
    if mongo is None:
        return ["no `mongo` service"]
    problems = []
    image = str(mongo.get("image", ""))
    if not re.fullmatch(r"mongo:7(\.\d+)*", image):
        problems.append(f"mongo image is {image!r}, expected mongo:7")
    args = command_of(mongo).replace("=", " ").split() + [""]
    if "--replSet" not in args or args[args.index("--replSet") + 1] != MONGO_REPLICA_SET:
        problems.append(f"mongo does not run with --replSet {MONGO_REPLICA_SET}: {args[:-1]}")
    if "--bind_ip_all" not in args:
        problems.append("mongo listens on localhost only (no --bind_ip_all)")
    # Something must run rs.initiate: the healthcheck or an init container, inline or via a
    # mounted script of this repo.
    initiators = [mongo] + [s for n, s in services.items() if n != "mongo"]
    init_text = ""
    for svc in initiators:
        text = healthcheck_text(svc) + " " + command_of(svc) + " " + str(svc.get("entrypoint", ""))
        for target, host_file in mounted_host_files(svc).items():
            if target in text:
                text += "\n" + host_file.read_text()
        if "rs.initiate" in text:
            init_text += text
    if not init_text:
        problems.append("nothing initiates the replica set (rs.initiate)")
    elif MONGO_REPLICA_SET not in init_text:
        problems.append(f"the replica set is initiated without the name {MONGO_REPLICA_SET}")
    if not healthcheck_text(mongo):
        problems.append("mongo has no healthcheck")
    return problems


def coverage_problems(compose: dict) -> list[str]:
    """Every service directory has a compose service, built from the one Dockerfile."""
    problems = []
    by_dir: dict[str, list[str]] = {}
    for name, (svc_dir, svc) in imi_services(compose).items():
        by_dir.setdefault(svc_dir, []).append(name)
        if svc_dir not in SERVICE_DIRS:
            problems.append(f"{name}: runs imi_{svc_dir}, which is no directory under services/")
        elif importlib.util.find_spec(f"imi_{svc_dir}.app") is None:
            problems.append(f"{name}: module imi_{svc_dir}.app does not exist")
        build = svc.get("build")
        if not isinstance(build, dict):
            problems.append(f"{name}: no build section")
            continue
        context = (ROOT / str(build.get("context", "?"))).resolve()
        if build.get("dockerfile") != DOCKERFILE or context != ROOT:
            problems.append(f"{name}: not built from {DOCKERFILE} with the repo root as context")
    for svc_dir in SERVICE_DIRS:
        main = [n for n in by_dir.get(svc_dir, []) if not (compose["services"][n].get("profiles"))]
        if not main:
            problems.append(
                f"services/{svc_dir} has no compose service running "
                f"`python -m imi_{svc_dir}.app` in the default profile"
            )
    return problems


def environment_problems(compose: dict) -> list[str]:
    """Each IMI_* variable is a settings field; the fields without a safe default are set."""
    problems = []
    base_fields = set(ServiceSettings.model_fields)
    imi = imi_services(compose)
    for name, svc in (compose.get("services") or {}).items():
        env = environment_of(svc)
        if name in imi:
            cls = settings_class(imi[name][0])
            fields = set(cls.model_fields)
            for field in sorted(required_fields(cls)):
                if not env.get(env_name(field)):
                    problems.append(
                        f"{name}: {env_name(field)} is not set "
                        f"({cls.__name__}.{field} has no safe container default)"
                    )
        else:
            cls, fields = None, base_fields
        for var in sorted(env):
            if var.startswith("IMI_") and var.removeprefix("IMI_").lower() not in fields:
                owner = cls.__name__ if cls else "ServiceSettings"
                problems.append(f"{name}: {var} is read by no field of {owner}")
            elif var.lower().startswith("imi_") and not var.startswith("IMI_"):
                problems.append(f"{name}: {var} is not upper case (settings read IMI_*)")
    return problems


def wiring_problems(compose: dict) -> list[str]:
    """The values point at the compose network, ports agree, databases are per deployment."""
    problems = []
    db_names: dict[str, str] = {}
    for name, (_svc_dir, svc) in imi_services(compose).items():
        env = environment_of(svc)
        if env.get("IMI_KAFKA_BOOTSTRAP") != KAFKA_IN_COMPOSE:
            problems.append(f"{name}: IMI_KAFKA_BOOTSTRAP should be {KAFKA_IN_COMPOSE}")
        uri = env.get("IMI_MONGO_URI", "")
        if not uri.startswith("mongodb://mongo:") or f"replicaSet={MONGO_REPLICA_SET}" not in uri:
            problems.append(
                f"{name}: IMI_MONGO_URI should reach mongo with "
                f"?replicaSet={MONGO_REPLICA_SET}, is {uri!r}"
            )
        if env.get("IMI_HTTP_HOST") != "0.0.0.0":
            problems.append(f"{name}: IMI_HTTP_HOST must be 0.0.0.0 in a container")
        if env.get("IMI_OTEL_EXPORTER_ENDPOINT") != COLLECTOR_ENDPOINT:
            problems.append(f"{name}: IMI_OTEL_EXPORTER_ENDPOINT should be {COLLECTOR_ENDPOINT}")
        if env.get("IMI_ENVIRONMENT") == "production":
            problems.append(f"{name}: the compose stack uses the bundled dev key, not production")
        port = env.get("IMI_HTTP_PORT", "")
        if port.isdigit() and svc.get("ports") and int(port) not in port_targets(svc):
            problems.append(f"{name}: publishes {sorted(port_targets(svc))}, listens on {port}")
        db = env.get("IMI_DB_NAME", "")
        if db in db_names:
            problems.append(f"{name} and {db_names[db]} share the database {db!r}")
        db_names[db] = name
    return problems


def health_problems(compose: dict) -> list[str]:
    problems = []
    services = compose.get("services") or {}
    for name, (_, svc) in imi_services(compose).items():
        hc = svc.get("healthcheck") or {}
        if not healthcheck_text(svc) or hc.get("disable"):
            problems.append(f"{name}: no healthcheck")
        depends = svc.get("depends_on") or {}
        if not isinstance(depends, dict):
            problems.append(f"{name}: depends_on without conditions")
            continue
        for infra in ("kafka", "mongo"):
            if (depends.get(infra) or {}).get("condition") != "service_healthy":
                problems.append(f"{name}: does not wait for {infra} to be healthy")
        for dep in depends:
            if dep not in services:
                problems.append(f"{name}: depends on unknown service {dep}")
    # The image's healthcheck helper must probe /readyz.
    readyz = ROOT / "deploy" / "compose" / "readyz.py"
    if not readyz.is_file() or "/readyz" not in readyz.read_text():
        problems.append("deploy/compose/readyz.py does not probe /readyz")
    return problems


def observability_problems(compose: dict) -> list[str]:
    services = compose.get("services") or {}
    problems = []
    collector = services.get("otel-collector")
    jaeger = services.get("jaeger")
    mailpit = services.get("mailpit")
    if collector is None or not str(collector.get("image", "")).startswith(
        "otel/opentelemetry-collector-contrib"
    ):
        problems.append("no otel-collector service from otel/opentelemetry-collector-contrib")
    elif COLLECTOR_CONFIG not in mounted_host_files(collector).values():
        problems.append("otel-collector does not mount deploy/otel-collector.yaml")
    if jaeger is None or not str(jaeger.get("image", "")).startswith("jaegertracing/all-in-one"):
        problems.append("no jaeger service from jaegertracing/all-in-one")
    else:
        if environment_of(jaeger).get("COLLECTOR_OTLP_ENABLED", "").lower() != "true":
            problems.append("jaeger: COLLECTOR_OTLP_ENABLED is not true")
        if 16686 not in port_targets(jaeger):
            problems.append("jaeger: UI port 16686 is not published")
    if mailpit is None or not str(mailpit.get("image", "")).startswith("axllent/mailpit"):
        problems.append("no mailpit service from axllent/mailpit")
    elif not {1025, 8025} <= port_targets(mailpit):
        problems.append("mailpit: SMTP 1025 and UI 8025 are not both published")
    return problems


def collector_config_problems(config: dict) -> list[str]:
    problems = []
    http = (((config.get("receivers") or {}).get("otlp") or {}).get("protocols") or {}).get("http")
    if not http or not str(http.get("endpoint", "")).endswith(":4318"):
        problems.append("collector: no OTLP/HTTP receiver on 4318")
    exporters = config.get("exporters") or {}
    to_jaeger = [
        name
        for name, cfg in exporters.items()
        if name.split("/")[0] in {"otlp", "otlp_grpc", "otlphttp", "otlp_http"}
        and "jaeger:" in str((cfg or {}).get("endpoint", ""))
    ]
    if not to_jaeger:
        problems.append("collector: no OTLP exporter to jaeger")
    traces = ((config.get("service") or {}).get("pipelines") or {}).get("traces") or {}
    if "otlp" not in (traces.get("receivers") or []):
        problems.append("collector: the traces pipeline does not receive OTLP")
    if not set(to_jaeger) & set(traces.get("exporters") or []):
        problems.append("collector: the traces pipeline does not export to jaeger")
    for processor in traces.get("processors") or []:
        if processor not in (config.get("processors") or {}):
            problems.append(f"collector: processor {processor} is used but not defined")
    return problems


def per_state_problems(compose: dict) -> list[str]:
    """A member state's own alerts deployment exists under the `per-state` profile."""
    candidates = [
        (name, svc)
        for name, (svc_dir, svc) in imi_services(compose).items()
        if svc_dir == "alerts" and "per-state" in (svc.get("profiles") or [])
    ]
    if not candidates:
        return ["no alerts deployment under the per-state profile"]
    problems = []
    for name, svc in candidates:
        states = environment_of(svc).get("IMI_MEMBER_STATES", "")
        if not states or states.upper() == "ALL":
            problems.append(f"{name}: a per-state deployment must name its member state(s)")
    return problems


ALL_CHECKS = (
    kafka_problems,
    mongo_problems,
    coverage_problems,
    environment_problems,
    wiring_problems,
    health_problems,
    observability_problems,
    per_state_problems,
)


def all_problems(compose: dict) -> list[str]:
    return [p for check in ALL_CHECKS for p in check(compose)]


# --- the real files --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return load_compose()


def test_kafka_is_apache_kafka_in_kraft_mode_reachable_as_kafka_9092_without_zookeeper(compose):
    assert kafka_problems(compose) == []


def test_mongo_runs_replica_set_rs0_and_something_initiates_it(compose):
    assert mongo_problems(compose) == []


def test_every_service_directory_has_a_compose_service_built_from_deploy_dockerfile(compose):
    assert SERVICE_DIRS, "no service directories found"
    assert coverage_problems(compose) == []


def test_every_settings_field_without_safe_container_default_is_set_and_no_unknown_imi_variable(
    compose,
):
    assert environment_problems(compose) == []


def test_every_imi_variable_in_the_whole_file_maps_to_a_settings_field(compose):
    """Including services that run no IMI app (they may only use ServiceSettings' fields)."""
    names = {
        var
        for svc in compose["services"].values()
        for var in environment_of(svc)
        if var.startswith("IMI_")
    }
    fields = {env_name(f) for svc in SERVICE_DIRS for f in settings_class(svc).model_fields}
    assert names, "no IMI_ variable found at all"
    assert sorted(names - fields) == []


def test_compose_environment_is_accepted_by_each_settings_class(compose, monkeypatch):
    """The values, not just the names: each service's settings load from its compose env."""
    import os

    for var in [v for v in os.environ if v.upper().startswith("IMI_")]:
        monkeypatch.delenv(var)
    for name, (svc_dir, svc) in imi_services(compose).items():
        env = environment_of(svc)
        with monkeypatch.context() as m:
            for var, value in env.items():
                m.setenv(var, value)
            settings = settings_class(svc_dir)()
        for var, value in env.items():
            if var.startswith("IMI_"):
                got = getattr(settings, var.removeprefix("IMI_").lower())
                assert str(got) == value, f"{name}: {var}={value!r} loaded as {got!r}"


def test_services_point_at_compose_kafka_mongo_replica_set_and_collector(compose):
    assert wiring_problems(compose) == []


def test_every_service_has_a_readyz_healthcheck_and_waits_for_healthy_kafka_and_mongo(compose):
    assert health_problems(compose) == []


def test_otel_collector_jaeger_and_mailpit_exist(compose):
    assert observability_problems(compose) == []


def test_collector_receives_otlp_http_on_4318_and_exports_traces_to_jaeger():
    config = yaml.safe_load(COLLECTOR_CONFIG.read_text())
    assert collector_config_problems(config) == []


def test_per_state_alerts_deployment_is_scoped_to_its_state_under_a_profile(compose):
    assert per_state_problems(compose) == []


def test_dockerfile_installs_shared_and_every_service_non_editable_as_non_root():
    text = (ROOT / DOCKERFILE).read_text()
    instructions = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11-slim$", text, re.M) or re.search(
        r"^FROM python:3\.11-slim", text, re.M
    ), "base image is not python:3.11-slim"
    assert "COPY shared" in text and "COPY services" in text
    assert " -e " not in text and "--editable" not in text, "installs must not be editable"
    users = [line.split(None, 1)[1] for line in instructions if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"root", "0"}, "the image runs as root"
    assert any(line.startswith("CMD ") for line in instructions), "no default CMD"
    # The healthcheck helper the compose file calls is installed.
    assert "imi-readyz" in text
    # Every service directory gets a wheel: the Dockerfile walks services/*/pyproject.toml.
    assert "services -mindepth 2 -maxdepth 2 -name pyproject.toml" in text or all(
        f"services/{svc}" in text for svc in SERVICE_DIRS
    )


def test_compose_commands_parse_as_python_module_invocations(compose):
    for name, (_, svc) in imi_services(compose).items():
        assert shlex.split(command_of(svc))[:2] == ["python", "-m"], name


# --- the checks can fail ---------------------------------------------------------------------


def _break(compose: dict, how: str) -> dict:
    broken = copy.deepcopy(compose)
    services = broken["services"]
    if how == "typo in a variable name":
        env = services["requests"]["environment"]
        env["IMI_MONGO_URL"] = env.pop("IMI_MONGO_URI")
    elif how == "variable missing":
        del services["alerts"]["environment"]["IMI_KAFKA_BOOTSTRAP"]
    elif how == "zookeeper":
        services["zookeeper"] = {"image": "confluentinc/cp-zookeeper:7.6.0"}
    elif how == "kafka without kraft":
        del services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"]
    elif how == "auto topic creation on":
        services["kafka"]["environment"]["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] = "true"
    elif how == "mongo without replica set":
        services["mongo"]["command"] = ["--bind_ip_all"]
    elif how == "nobody initiates the replica set":
        services["mongo"].pop("healthcheck")
        services["mongo"]["volumes"] = []
    elif how == "service missing":
        del services["translation"]
    elif how == "other dockerfile":
        services["notifier"]["build"] = {"context": ".", "dockerfile": "Dockerfile.notifier"}
    elif how == "no healthcheck":
        services["registers"].pop("healthcheck")
    elif how == "loopback kafka":
        services["directory"]["environment"]["IMI_KAFKA_BOOTSTRAP"] = "127.0.0.1:9092"
    elif how == "no jaeger":
        del services["jaeger"]
    elif how == "lower-case imi variable":
        services["retention"]["environment"]["imi_log_level"] = "DEBUG"
    elif how == "shared database":
        services["alerts-fr"]["environment"]["IMI_DB_NAME"] = "imi_alerts"
    elif how == "per-state serves all":
        services["alerts-fr"]["environment"]["IMI_MEMBER_STATES"] = "ALL"
    elif how == "wrong published port":
        services["requests"]["ports"] = ["127.0.0.1:8102:8000"]
    else:  # pragma: no cover
        raise ValueError(how)
    return broken


BREAKAGES = [
    "typo in a variable name",
    "variable missing",
    "zookeeper",
    "kafka without kraft",
    "auto topic creation on",
    "mongo without replica set",
    "nobody initiates the replica set",
    "service missing",
    "other dockerfile",
    "no healthcheck",
    "loopback kafka",
    "no jaeger",
    "lower-case imi variable",
    "shared database",
    "per-state serves all",
    "wrong published port",
]


@pytest.mark.parametrize("how", BREAKAGES)
def test_the_checks_catch_a_broken_compose_file(compose, how):
    assert all_problems(compose) == []
    assert all_problems(_break(compose, how)), f"a compose file with '{how}' passed the checks"


def test_the_checks_catch_a_settings_field_compose_does_not_set(compose, monkeypatch):
    """A new field with a loopback default (say relay_host) must be set in compose."""
    from pydantic import create_model

    cls = settings_class("notifier")
    extended = create_model("NotifierSettings", __base__=cls, relay_host=(str, "127.0.0.1"))
    monkeypatch.setattr(
        importlib.import_module("imi_notifier.settings"), "NotifierSettings", extended
    )
    problems = environment_problems(compose)
    assert any("IMI_RELAY_HOST" in p for p in problems), problems


def test_the_checks_catch_a_broken_collector_config():
    config = yaml.safe_load(COLLECTOR_CONFIG.read_text())
    broken = copy.deepcopy(config)
    broken["receivers"]["otlp"]["protocols"].pop("http")
    broken["service"]["pipelines"]["traces"]["exporters"] = []
    problems = collector_config_problems(broken)
    assert len(problems) >= 2, problems


def test_each_alerts_deployment_keeps_its_own_keys(compose):
    """Issue 9 item 8: no two alerts deployments share a key store, a KEK or a key pair, and
    none mounts another deployment's keys (nor the directory's imi-keys volume)."""
    alerts = {n: svc for n, (d, svc) in imi_services(compose).items() if d == "alerts"}
    assert len(alerts) >= 2
    seen: dict[str, set[str]] = {}
    for name, svc in alerts.items():
        env = environment_of(svc)
        for var in (
            "IMI_DEPLOYMENT_ID",
            "IMI_KEYS_DB_NAME",
            "IMI_KEK_FILE",
            "IMI_DEPLOYMENT_KEY_FILE",
        ):
            assert env.get(var), f"{name} sets no {var}"
            assert env[var] not in seen.setdefault(var, set()), f"{name} shares its {var}"
            seen[var].add(env[var])
        mounts = {v.split(":")[0] for v in svc.get("volumes") or []}
        assert "imi-keys" not in mounts, f"{name} mounts the directory's keys"
        own = env["IMI_KEK_FILE"].rsplit("/", 1)[0]
        assert all(v.split(":")[1] in (own, "/var/lib/imi-peers") for v in svc["volumes"]), name
