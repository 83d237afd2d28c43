"""The portal past one machine, on one machine: the hosts of deploy/cluster/topology.toml made as network
namespaces joined by a bridge, each running its real service (etcd, Patroni with PostgreSQL 15, HAProxy,
PgBouncer, Redis, gunicorn with the production settings, nginx).

    scripts/cluster.py start     # make cluster: build the hosts, start everything, load the demo
    scripts/cluster.py stop      # make cluster-stop: stop and remove everything start made
    scripts/cluster.py status    # who is the primary, what answers
    scripts/cluster.py render HOST --out DIR   # the configuration files of one host, for a real machine

The configuration files come from the templates in deploy/cluster/ (and the nginx template), rendered by the
same functions for the drill and for a data centre's machines (docs/cluster.md). Everything `start` makes is
recorded in var/cluster/state.json (namespaces, links, the bridge, folders) and `stop` removes exactly that.
Must run as root (it makes namespaces and links); installs Debian's packages it needs with apt."""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from nginx_conf import fill  # noqa: E402
from nginx_conf import local as nginx_local  # noqa: E402
from nginx_conf import production as nginx_production  # noqa: E402

CLUSTER = ROOT / "deploy" / "cluster"
VAR = ROOT / "var" / "cluster"
STATE = VAR / "state.json"
PY = ROOT / ".venv" / "bin" / "python"
# Patroni itself comes from PyPI, pinned (deploy/cluster/requirements-patroni.txt says why), in its own
# virtualenv made with Debian's python3 — the database hosts' user postgres runs it.
PATRONI_VENV = ROOT / "var" / "patroni-venv"
PATRONI = PATRONI_VENV / "bin" / "patroni"
PATRONI_REQUIREMENTS = CLUSTER / "requirements-patroni.txt"
PACKAGES = {"etcd": "etcd-server", "pgbouncer": "pgbouncer", "haproxy": "haproxy",
            "nginx": "nginx-light", "redis-server": "redis-server"}
BRIDGE = "cchc-br0"


def topology():
    return tomllib.loads((CLUSTER / "topology.toml").read_text(encoding="utf-8"))


def hosts_with(topo, role):
    return {name: host for name, host in topo["hosts"].items() if role in host["roles"]}


def prefix(topo):
    return topo["network"].split("/")[1]


# --- rendering (the same for the drill and for real machines) ----------------------------------------

def render_patroni(topo, name, *, run_dir, data_dir, log_dir, auth_method="trust", local_auth="trust",
                   superuser_password="", replication_password="", restapi_password=""):
    """Patroni's configuration. The drill trusts its own network and local connections; a real machine
    passes scram-sha-256 over the network, peer for local connections (only the OS user postgres is the
    superuser postgres) and a password on the REST API's changing endpoints (restapi_password)."""
    s = topo["settings"]
    restapi_auth = (f'authentication:\n  username: patroni\n  password: "{restapi_password}"'
                    if restapi_password else "")
    etcd = ",".join(f"{h['address']}:2379" for h in hosts_with(topo, "etcd").values())
    return fill((CLUSTER / "patroni.yml.template").read_text(encoding="utf-8"), {
        "SCOPE": topo["name"], "NAME": name, "ADDRESS": topo["hosts"][name]["address"], "ETCD_HOSTS": etcd,
        "LOG_DIR": log_dir, "TTL": s["patroni_ttl"], "LOOP_WAIT": s["patroni_loop_wait"],
        "RETRY_TIMEOUT": s["patroni_retry_timeout"], "SYNCHRONOUS_MODE": str(s["synchronous_mode"]).lower(),
        "REPLICATION_USER": "replicator", "NETWORK": topo["network"], "AUTH_METHOD": auth_method,
        "LOCAL_AUTH": local_auth, "RESTAPI_AUTH": restapi_auth,
        "DATA_DIR": data_dir, "POSTGRES_BIN": s["postgres_bin"], "RUN_DIR": run_dir,
        "REPLICATION_PASSWORD": replication_password, "SUPERUSER_PASSWORD": superuser_password})


# Debian's haproxy.cfg essentials, kept on a real machine: the unprivileged user in its chroot, syslog, the
# admin socket (`echo "show stat" | socat stdio /run/haproxy/admin.sock`).
HAPROXY_DEBIAN_GLOBAL = """\
log /dev/log local0
log /dev/log local1 notice
chroot /var/lib/haproxy
stats socket /run/haproxy/admin.sock mode 660 level admin
stats timeout 30s
user haproxy
group haproxy
daemon"""
HAPROXY_DEBIAN_DEFAULTS = "log global\noption dontlognull"


def render_haproxy(topo, name, *, run_dir, debian=False):
    """HAProxy on the load balancer; debian=True (a real machine) keeps Debian's global essentials."""
    s = topo["settings"]
    dbs = hosts_with(topo, "patroni")
    servers = "\n".join(f"    server {n} {h['address']}:5432 maxconn 100 check port 8008" for n, h in dbs.items())
    return fill((CLUSTER / "haproxy.cfg.template").read_text(encoding="utf-8"), {
        "RUN_DIR": run_dir, "ADDRESS": topo["hosts"][name]["address"], "PRIMARY_PORT": s["haproxy_primary_port"],
        "REPLICA_PORT": s["haproxy_replica_port"], "SERVERS": servers,
        "GLOBAL": HAPROXY_DEBIAN_GLOBAL if debian else "", "DEFAULTS": HAPROXY_DEBIAN_DEFAULTS if debian else ""})


def render_pgbouncer(topo, *, run_dir, log_dir, auth_type="trust", auth_dir=None, stats_user="postgres"):
    """PgBouncer on an application node. The drill keeps userlist.txt beside the pid file (run_dir); a real
    machine keeps it in /etc/pgbouncer (auth_dir) and its pid file under /run/postgresql."""
    s = topo["settings"]
    (haproxy,) = hosts_with(topo, "haproxy").values()
    return fill((CLUSTER / "pgbouncer.ini.template").read_text(encoding="utf-8"), {
        "DATABASE": s["database"], "HAPROXY": haproxy["address"], "PRIMARY_PORT": s["haproxy_primary_port"],
        "REPLICA_PORT": s["haproxy_replica_port"], "PORT": s["pgbouncer_port"], "AUTH_TYPE": auth_type,
        "RUN_DIR": run_dir, "POOL_SIZE": s["pgbouncer_pool_size"], "MAX_CLIENTS": s["pgbouncer_max_clients"],
        "LOG_DIR": log_dir, "AUTH_DIR": auth_dir or run_dir, "STATS_USER": stats_user})


def render_app_env(topo, name, *, shared, secret, mail_dir, site_url=None, server_name=None, db_user="postgres",
                   db_password="", redis_password=""):
    """The production settings' environment of one application node. The drill's site is the load
    balancer's address over plain HTTP; a real machine passes the public site_url and server_name, the
    portal's own login role (db_user, not the superuser) and the passwords."""
    s = topo["settings"]
    (lb,) = hosts_with(topo, "nginx").values()
    (redis,) = hosts_with(topo, "redis").values()
    login = f"{db_user}:{db_password}" if db_password else db_user
    db = f"postgres://{login}@127.0.0.1:{s['pgbouncer_port']}"
    hosts = ",".join(server_name.split()) if server_name else lb["address"]
    redis_login = f":{redis_password}@" if redis_password else ""
    return {
        "DJANGO_SETTINGS_MODULE": "cchc_portal.settings.production",
        "SECRET_KEY": secret, "ALLOWED_HOSTS": f"{hosts},localhost,127.0.0.1",
        "SITE_URL": site_url or f"http://{lb['address']}", "NODE_NAME": name,
        "DATABASE_URL": f"{db}/{s['database']}", "REPLICA_DATABASE_URL": f"{db}/{s['database']}_replica",
        "DATABASE_POOLED": "True", "CONN_MAX_AGE": "0",
        "REDIS_URL": f"redis://{redis_login}{redis['address']}:{s['redis_port']}/1",
        "CLIENT_IP_HEADER": "HTTP_X_REAL_IP", "TRUSTED_PROXY_ADDRESSES": lb["address"],
        "STATIC_ROOT": f"{shared}/static", "MEDIA_ROOT": f"{shared}/media",
        "PRIVATE_MEDIA_ROOT": f"{shared}/private-media", "FILE_STORAGE": "folder",
        "SECURE_SSL_REDIRECT": "False", "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": mail_dir,
        "GUNICORN_BIND": f"{topo['hosts'][name]['address']}:{s['gunicorn_port']}",
        "WEB_CONCURRENCY": str(s["gunicorn_workers"]), "GUNICORN_THREADS": str(s["gunicorn_threads"]),
        "GUNICORN_LOGLEVEL": "warning",
    }


def etcd_options(topo, name, *, data_dir):
    """One etcd member's options, in order: the drill passes them as flags (etcd_argv), a real machine as
    Debian's /etc/default/etcd (etcd_environment). True is a flag without a value."""
    members = hosts_with(topo, "etcd")
    a = topo["hosts"][name]["address"]
    return [
        ("name", name), ("data-dir", data_dir),
        ("listen-client-urls", f"http://{a}:2379"), ("advertise-client-urls", f"http://{a}:2379"),
        ("listen-peer-urls", f"http://{a}:2380"), ("initial-advertise-peer-urls", f"http://{a}:2380"),
        ("initial-cluster", ",".join(f"{n}=http://{h['address']}:2380" for n, h in members.items())),
        ("initial-cluster-token", topo["name"]), ("initial-cluster-state", "new"),
        ("heartbeat-interval", "250"), ("election-timeout", "2500"),
        # A member cut off and back must not force a new election (Raft pre-vote): without it the
        # returning old primary's etcd disrupted the quorum, the new primary could not renew its key, and
        # the old one took the lead back (seen in the drill). etcd 3.4 (Debian 12) has it off by default.
        ("pre-vote", True)]


def etcd_argv(options):
    return [arg for option, value in options for arg in ([f"--{option}"] if value is True else [f"--{option}", value])]


def etcd_environment(options):
    """The same options as etcd's environment variables (ETCD_ and the flag's name, upper case)."""
    return "".join(f"ETCD_{option.upper().replace('-', '_')}={'true' if value is True else value}\n"
                   for option, value in options)


def render_nginx(topo, *, var, drained=()):
    """The load balancer's nginx; the application nodes in `drained` marked down (a rolling deploy)."""
    s = topo["settings"]
    (lb,) = hosts_with(topo, "nginx").values()
    apps = ",".join(f"{h['address']}:{s['gunicorn_port']}" + (" down" if name in drained else "")
                    for name, h in hosts_with(topo, "app").items())
    text = nginx_local(var=var, port=s["http_port"], app=apps, server_name=f"{lb['address']} localhost",
                       limit_req=False)
    # The drill reads every answer's status, time and application node from this log (var/cluster/lb).
    text = text.replace("    access_log off;\n", (
        "    log_format drill '$msec $status $request_time $upstream_addr $upstream_status "
        "$upstream_response_time \"$request\"';\n"
        f"    access_log {var}/access.log drill;\n"), 1)
    return text.replace(f"listen 127.0.0.1:{s['http_port']}", f"listen {lb['address']}:{s['http_port']}")


# --- the drill's hosts ---------------------------------------------------------------------------------

def sh(*args, check=True, **kwargs):
    return subprocess.run([str(a) for a in args], check=check, **kwargs)


def netns(host):
    return f"cchc-{host}"


def in_host(host, *args):
    return ["ip", "netns", "exec", netns(host), *[str(a) for a in args]]


def save_state(state):
    VAR.mkdir(parents=True, exist_ok=True)
    STATE.write_text(json.dumps(state, indent=2), encoding="utf-8")


def load_state():
    return json.loads(STATE.read_text(encoding="utf-8")) if STATE.exists() else {}


def spawn(state, host, name, argv, *, user=None, env=None, log):
    """Start one service in `host`'s namespace, in its own session, its output to `log`; recorded."""
    env = {key: str(value) for key, value in (env or {}).items()}
    command = in_host(host, *(["runuser", "-u", user, "--"] if user else []), *argv)
    with open(log, "ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env={**os.environ, **(env or {})}, start_new_session=True, cwd=ROOT)
    state.setdefault("services", {})[f"{host}/{name}"] = {"pid": process.pid, "argv": command, "log": str(log),
                                                         "user": user, "env": env or {}}
    save_state(state)
    return process.pid


def wait_for(what, test, *, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if test():
                return
        except Exception:  # noqa: BLE001,S110 - not up yet
            pass
        time.sleep(0.5)
    raise SystemExit(f"cluster: {what} did not come up within {seconds} s (logs in {VAR})")


def http_get(url, timeout=2, host=None):
    """GET one of the cluster's own http:// addresses: (status, body)."""
    if not url.startswith("http://"):
        raise ValueError(url)
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310
        return response.status, response.read()


def http_json(url, timeout=2):
    return json.loads(http_get(url, timeout)[1] or b"null")


def ensure_packages():
    missing = [package for binary, package in PACKAGES.items() if not shutil.which(binary)
               and not Path(f"/usr/sbin/{binary}").exists()]
    if missing:
        print(f"cluster: installing {' '.join(missing)} (Debian)")
        sh("apt-get", "update", "-qq")
        sh("apt-get", "install", "-y", "-qq", *missing, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
           stdout=subprocess.DEVNULL)
    for unit in ("patroni", "etcd", "pgbouncer", "haproxy"):  # Debian starts some on install: not ours
        subprocess.run(["systemctl", "stop", unit], capture_output=True, check=False)
    ensure_patroni()


def ensure_patroni():
    """The pinned Patroni in PATRONI_VENV, made again when the pins changed."""
    stamp = PATRONI_VENV / "requirements.txt"
    wanted = PATRONI_REQUIREMENTS.read_text(encoding="utf-8")
    if PATRONI.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return
    print("cluster: installing Patroni (PyPI, deploy/cluster/requirements-patroni.txt)")
    if subprocess.run(["/usr/bin/python3", "-c", "import ensurepip"], capture_output=True, check=False).returncode:
        sh("apt-get", "install", "-y", "-qq", "python3-venv", env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
           stdout=subprocess.DEVNULL)
    shutil.rmtree(PATRONI_VENV, ignore_errors=True)
    sh("/usr/bin/python3", "-m", "venv", PATRONI_VENV)
    sh(PATRONI_VENV / "bin" / "pip", "install", "-q", "--disable-pip-version-check", "-r", PATRONI_REQUIREMENTS)
    stamp.write_text(wanted, encoding="utf-8")


def build_network(topo, state):
    sh("ip", "link", "add", BRIDGE, "type", "bridge")
    state["bridge"] = BRIDGE
    save_state(state)
    sh("ip", "addr", "add", f"{topo['bridge_address']}/{prefix(topo)}", "dev", BRIDGE)
    sh("ip", "link", "set", BRIDGE, "up")
    for name, host in topo["hosts"].items():
        sh("ip", "netns", "add", netns(name))
        state.setdefault("namespaces", []).append(netns(name))
        outside, inside = f"cchc-{name}", "eth0"
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside, "netns", netns(name))
        state.setdefault("links", []).append(outside)
        save_state(state)
        sh("ip", "link", "set", outside, "master", BRIDGE)
        sh("ip", "link", "set", outside, "up")
        sh(*in_host(name, "ip", "addr", "add", f"{host['address']}/{prefix(topo)}", "dev", inside))
        sh(*in_host(name, "ip", "link", "set", inside, "up"))
        sh(*in_host(name, "ip", "link", "set", "lo", "up"))


def host_dir(name, *parts, owner=None):
    path = VAR.joinpath(name, *parts)
    path.mkdir(parents=True, exist_ok=True)
    if owner:
        shutil.chown(path, owner, owner)
    return path


def start_etcd(topo, state):
    members = hosts_with(topo, "etcd")
    for name in members:
        spawn(state, name, "etcd", ["etcd", *etcd_argv(etcd_options(topo, name, data_dir=host_dir(name, "etcd")))],
              log=host_dir(name) / "etcd.log")
    for host in members.values():
        wait_for("etcd", lambda a=host["address"]: http_json(f"http://{a}:2379/health")["health"] == "true")


def start_patroni(topo, state):
    secret = os.urandom(16).hex()  # the drill's database hosts trust its network; initdb still wants one
    for name in hosts_with(topo, "patroni"):
        host_dir(name, owner="postgres")
        run = host_dir(name, "run", owner="postgres")
        host_dir(name, "log", owner="postgres")
        config = host_dir(name) / "patroni.yml"
        config.write_text(render_patroni(topo, name, run_dir=run, data_dir=VAR / name / "data",
                                         log_dir=VAR / name / "log", superuser_password=secret,
                                         replication_password=secret), encoding="utf-8")
        host_dir(name, "data", owner="postgres").chmod(0o700)
        spawn(state, name, "patroni", [PATRONI, config], user="postgres", log=host_dir(name) / "patroni.out")
    wait_for("the PostgreSQL primary", lambda: primary(topo) is not None, seconds=120)
    wait_for("the streaming replica", lambda: len(streaming_replicas(topo)) == len(hosts_with(topo, "patroni")) - 1,
             seconds=120)


def cluster_members(topo):
    for host in hosts_with(topo, "patroni").values():
        try:
            return http_json(f"http://{host['address']}:8008/cluster")["members"]
        except Exception:  # noqa: BLE001,S112 - that host is down: ask another
            continue
    return []


def primary(topo):
    return next((m["name"] for m in cluster_members(topo) if m["role"] == "leader"
                 and m["state"] == "running"), None)


def streaming_replicas(topo):
    return [m["name"] for m in cluster_members(topo) if m["role"] in ("replica", "sync_standby")
            and m["state"] in ("running", "streaming")]


def psql(topo, sql, *, port=None, database="postgres"):
    (lb,) = hosts_with(topo, "haproxy").values()
    port = port or topo["settings"]["haproxy_primary_port"]
    return sh("psql", "-h", lb["address"], "-p", port, "-U", "postgres", "-d", database, "-tAc", sql,
              capture_output=True, text=True).stdout.strip()


def start_haproxy_and_redis(topo, state):
    s = topo["settings"]
    for name in hosts_with(topo, "haproxy"):
        config = host_dir(name) / "haproxy.cfg"
        config.write_text(render_haproxy(topo, name, run_dir=host_dir(name, "run")), encoding="utf-8")
        spawn(state, name, "haproxy", ["haproxy", "-db", "-f", config], log=host_dir(name) / "haproxy.log")
    for name, host in hosts_with(topo, "redis").items():
        spawn(state, name, "redis", ["redis-server", "--bind", host["address"], "--port", s["redis_port"],
                                     "--save", "", "--appendonly", "no", "--protected-mode", "no",
                                     "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
              log=host_dir(name) / "redis.log")
    wait_for("HAProxy to the primary", lambda: psql(topo, "SELECT 1") == "1")
    database = s["database"]
    if not database.isidentifier():
        raise SystemExit(f"cluster: the database name {database!r} must be a plain identifier")
    if psql(topo, f"SELECT 1 FROM pg_database WHERE datname = '{database}'") != "1":  # nosec B608
        psql(topo, f"CREATE DATABASE {database}")


def start_pgbouncer(topo, state):
    for name in hosts_with(topo, "pgbouncer"):
        run = host_dir(name, "run", owner="postgres")
        log = host_dir(name, "log", owner="postgres")
        (run / "userlist.txt").write_text('"postgres" ""\n', encoding="utf-8")
        shutil.chown(run / "userlist.txt", "postgres", "postgres")
        config = host_dir(name) / "pgbouncer.ini"
        config.write_text(render_pgbouncer(topo, run_dir=run, log_dir=log), encoding="utf-8")
        spawn(state, name, "pgbouncer", ["pgbouncer", config], user="postgres", log=log / "pgbouncer.out")


def app_env(topo, name):
    secret_file = VAR / "secret"
    if not secret_file.exists():
        secret_file.write_text(os.urandom(48).hex(), encoding="utf-8")
    shared = VAR / "shared"
    for folder in ("static", "media", "private-media", "mail"):
        (shared / folder).mkdir(parents=True, exist_ok=True)
    env = render_app_env(topo, name, shared=shared, secret=secret_file.read_text(encoding="utf-8"),
                         mail_dir=shared / "mail")
    return {key: str(value) for key, value in env.items()}


def manage(topo, host, *args, check=True):
    return sh(*in_host(host, PY, "manage.py", *args), env={**os.environ, **app_env(topo, host)}, cwd=ROOT,
              check=check, capture_output=True, text=True)


def start_app(topo, state, name):
    env = app_env(topo, name)
    spawn(state, name, "gunicorn", [ROOT / ".venv" / "bin" / "gunicorn", "-c", ROOT / "deploy" / "gunicorn.conf.py",
                                    "cchc_portal.wsgi"], env=env, log=host_dir(name) / "gunicorn.log")
    address = env["GUNICORN_BIND"]
    wait_for(f"gunicorn on {name}", lambda: http_get(f"http://{address}/robots.txt", host="localhost")[0] == 200,
             seconds=60)


def start_nginx(topo, state):
    for name in hosts_with(topo, "nginx"):
        var = host_dir(name, "nginx")
        for folder in ("nginx-cache", "nginx-tmp"):
            (var / folder).mkdir(exist_ok=True)
            (var / folder).chmod(0o777)
        for link, target in (("static", VAR / "shared" / "static"), ("media", VAR / "shared" / "media")):
            if not (var / link).exists():
                (var / link).symlink_to(target)
        config = var / "nginx.conf"
        config.write_text(render_nginx(topo, var=var), encoding="utf-8")
        spawn(state, name, "nginx", ["nginx", "-c", config, "-p", var, "-g", "daemon off; user root;"],
              log=var / "nginx.out")
    (lb,) = hosts_with(topo, "nginx").values()
    wait_for("nginx", lambda: http_get(f"http://{lb['address']}/", timeout=3)[0] == 200)


def set_drained(drained):
    """Rewrite the load balancer's nginx with `drained` application nodes marked down and reload it (HUP:
    its old workers finish the requests they hold; new ones go to the other nodes only)."""
    topo, state = topology(), load_state()
    for name in hosts_with(topo, "nginx"):
        var = VAR / name / "nginx"
        (var / "nginx.conf").write_text(render_nginx(topo, var=var, drained=drained), encoding="utf-8")
        os.kill(state["services"][f"{name}/nginx"]["pid"], signal.SIGHUP)
    state["drained"] = sorted(drained)
    save_state(state)


def drain(args):
    set_drained(set(load_state().get("drained", [])) | {args.host})


def undrain(args):
    set_drained(set(load_state().get("drained", [])) - {args.host})


def start(args):
    if os.geteuid() != 0:
        raise SystemExit("cluster: run as root (network namespaces, links): sudo make cluster")
    if STATE.exists():
        stop(args)
    topo = topology()
    ensure_packages()
    sh("make", "-s", "venv", cwd=ROOT)
    if VAR.exists():
        shutil.rmtree(VAR)
    state = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "folders": [str(VAR)]}
    save_state(state)
    build_network(topo, state)
    start_etcd(topo, state)
    start_patroni(topo, state)
    start_haproxy_and_redis(topo, state)
    start_pgbouncer(topo, state)
    (first, *_rest) = hosts_with(topo, "app")
    for step in (("migrate", "--noinput", "-v0"), ("collectstatic", "--noinput", "-v0"), ("load_demo", "--force")):
        result = manage(topo, first, *step, check=False)
        if result.returncode:
            raise SystemExit(f"cluster: manage.py {step[0]} failed:\n{result.stdout}\n{result.stderr}")
    for name in hosts_with(topo, "app"):
        start_app(topo, state, name)
    start_nginx(topo, state)
    status(args)


def stop(_args=None):
    """Stop every process in the namespaces start made, then remove the namespaces, links and bridge."""
    state = load_state()
    for namespace in state.get("namespaces", []):
        pids = subprocess.run(["ip", "netns", "pids", namespace], capture_output=True, text=True).stdout.split()
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 15
    for namespace in state.get("namespaces", []):
        while time.monotonic() < deadline and subprocess.run(
                ["ip", "netns", "pids", namespace], capture_output=True, text=True).stdout.split():
            time.sleep(0.3)
        for pid in subprocess.run(["ip", "netns", "pids", namespace], capture_output=True, text=True).stdout.split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
    for link in state.get("links", []):
        subprocess.run(["ip", "link", "del", link], capture_output=True, check=False)
    for namespace in state.get("namespaces", []):
        subprocess.run(["ip", "netns", "del", namespace], capture_output=True, check=False)
    if state.get("bridge"):
        subprocess.run(["ip", "link", "del", state["bridge"]], capture_output=True, check=False)
    if STATE.exists():
        STATE.unlink()
    print(f"cluster: stopped; removed {len(state.get('namespaces', []))} hosts (logs kept in {VAR})")


def status(_args=None):
    topo = topology()
    members = cluster_members(topo)
    for m in members:
        print(f"  {m['name']:6} {m['role']:13} {m['state']:10} lag={m.get('lag', 0)}")
    (lb,) = hosts_with(topo, "nginx").values()
    try:
        code = http_get(f"http://{lb['address']}/", timeout=3)[0]
    except Exception as exc:  # noqa: BLE001
        code = exc
    print(f"cluster: http://{lb['address']}/ answers {code}; primary {primary(topo)}")


# --- real machines (scripts/cluster.py render HOST --out DIR) ------------------------------------------

SHARED = "/srv/cchc-shared"  # the shared mount on every application node (and read-only on the load balancer)
# Placeholders for the secrets, one name each (docs/cluster.md, "Secrets", says where each goes).
SECRETS = {"postgres": "CHANGE-ME-POSTGRES", "replicator": "CHANGE-ME-REPLICATOR",
           "patroni_api": "CHANGE-ME-PATRONI-API", "cchc": "CHANGE-ME-CCHC", "redis": "CHANGE-ME-REDIS",
           "secret_key": "CHANGE-ME-SECRET-KEY"}


def public_site(topo):
    """The public address and host names of a real deployment ([settings] site_url, server_name)."""
    s = topo["settings"]
    site_url = s.get("site_url", "https://cchc.example.gov.vn").rstrip("/")
    return site_url, s.get("server_name", site_url.split("://", 1)[1].split("/")[0])


def render_redis(topo, name, *, password):
    s = topo["settings"]
    return (f"bind {topo['hosts'][name]['address']} 127.0.0.1\nport {s['redis_port']}\n"
            "protected-mode yes\n"
            f"requirepass {password}\n"
            "# the page-cache version and the rate-limit counters: bounded, never evicted\n"
            "# (deploy/redis/cchc-portal.conf says why noeviction)\n"
            "maxmemory 256mb\nmaxmemory-policy noeviction\n")


def render_dropin(*, shared=SHARED):
    return fill((CLUSTER / "cchc-portal.service.d" / "cluster.conf.template").read_text(encoding="utf-8"),
                {"SHARED": shared})


def real_host_files(topo, host):
    """Every file one real machine needs for its roles: {file name: (where it goes, text)}. Each text
    starts with a comment saying where it goes."""
    roles = topo["hosts"][host]["roles"]
    s = topo["settings"]
    site_url, server_name = public_site(topo)
    files = {}

    def add(filename, destination, text, *, note="", comment="#"):
        first = f"{comment} → {destination} on {host} (rendered by scripts/cluster.py render {host})\n"
        if not text.startswith(f"{comment} → "):
            text = first + (f"{comment} {note}\n" if note else "") + text
        files[filename] = (destination, text)

    if "etcd" in roles:
        add("etcd", "/etc/default/etcd", etcd_environment(etcd_options(topo, host, data_dir="/var/lib/etcd/default")),
            note="Debian's etcd.service reads it; stop etcd and empty /var/lib/etcd/default before the first start")
    if "patroni" in roles:
        add("patroni.yml", "/etc/patroni/patroni.yml (owner postgres, mode 0600)", render_patroni(
            topo, host, run_dir="/var/run/postgresql", data_dir="/var/lib/postgresql/15/cchc",
            log_dir="/var/log/postgresql", auth_method="scram-sha-256", local_auth="peer",
            superuser_password=SECRETS["postgres"], replication_password=SECRETS["replicator"],
            restapi_password=SECRETS["patroni_api"]))
        add("patroni.service", "/etc/systemd/system/patroni.service",
            (CLUSTER / "patroni.service").read_text(encoding="utf-8"))
        add("requirements-patroni.txt", "/opt/patroni/requirements-patroni.txt",
            PATRONI_REQUIREMENTS.read_text(encoding="utf-8"),
            note="then: /opt/patroni/bin/pip install -r /opt/patroni/requirements-patroni.txt (no checkout here)")
    if "haproxy" in roles:
        add("haproxy.cfg", "/etc/haproxy/haproxy.cfg", render_haproxy(topo, host, run_dir="/run/haproxy", debian=True))
    if "redis" in roles:
        add("redis-cchc-cluster.conf", "/etc/redis/cchc-cluster.conf (group redis, mode 0640: it holds the password)",
            render_redis(topo, host, password=SECRETS["redis"]),
            note="include it as the LAST line of /etc/redis/redis.conf: include /etc/redis/cchc-cluster.conf")
    if "nginx" in roles:
        apps = ",".join(f"{h['address']}:{s['gunicorn_port']}" for h in hosts_with(topo, "app").values())
        add("nginx-cchc-portal.conf", "/etc/nginx/sites-available/cchc-portal", nginx_production(
            server_name=server_name, upstream=apps, static_root=f"{SHARED}/static", media_root=f"{SHARED}/media",
            header=f"# nginx reads /static/ and /media/ from {SHARED}, the application nodes' shared mount (mounted\n"
                   "# read-only here). A rolling deploy marks a node down in the upstream below:\n"
                   "# `server ADDRESS down;`, then `nginx -t && systemctl reload nginx` (docs/cluster.md).\n"))
    if "pgbouncer" in roles:
        add("pgbouncer.ini", "/etc/pgbouncer/pgbouncer.ini", render_pgbouncer(
            topo, run_dir="/run/postgresql", log_dir="/var/log/postgresql", auth_type="scram-sha-256",
            auth_dir="/etc/pgbouncer", stats_user="cchc"), comment=";")
        (haproxy,) = hosts_with(topo, "haproxy").values()
        add("userlist.txt", "/etc/pgbouncer/userlist.txt (owner postgres, mode 0640)", (
            "; The cchc role's SCRAM secret, as PostgreSQL stores it. On any host, through HAProxy to the primary:\n"  # nosec B608 - text for the admin, not a query run here
            f";   psql -h {haproxy['address']} -p {s['haproxy_primary_port']} -U postgres -d postgres -tAc \\\n"
            ";     \"SELECT rolpassword FROM pg_authid WHERE rolname = 'cchc'\"\n"
            "; and put the secret (SCRAM-SHA-256$4096:...) in place of the placeholder below, in double quotes.\n"
            "; Comments here start with a semicolon: PgBouncer refuses the whole file on a line starting with #.\n"
            '"cchc" "CHANGE-ME-SCRAM-SECRET"\n'), comment=";")
    if "app" in roles:
        env = render_app_env(topo, host, shared=SHARED, secret=SECRETS["secret_key"], mail_dir="",
                             site_url=site_url, server_name=server_name, db_user="cchc",
                             db_password=SECRETS["cchc"], redis_password=SECRETS["redis"])
        for drill_only in ("EMAIL_BACKEND", "EMAIL_FILE_PATH", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
            env.pop(drill_only)
        env |= {"CSRF_TRUSTED_ORIGINS": site_url, "SOURCE_CODE_URL": "CHANGE-ME-SOURCE-CODE-URL",
                "DEFAULT_FROM_EMAIL": "CHANGE-ME@example.gov.vn", "COMMENTS_MODERATOR_EMAILS": ""}
        add("cchc-portal.env", "/srv/cchc-portal/.env (owner cchc, mode 0600)", (
            "# GUNICORN_BIND and TRUSTED_PROXY_ADDRESSES differ from one machine's (a unix socket): nginx is on\n"
            "# the load balancer; the firewall lets only it reach this port (docs/cluster.md).\n"
            "# Mail: the production settings send by SMTP (their default backend) through localhost:25,\n"
            "# a relay on this node to the province's mail server.\n"
            + "".join(f"{key}={value}\n" for key, value in env.items())))
        add("cchc-portal-cluster.conf", "/etc/systemd/system/cchc-portal.service.d/cluster.conf", render_dropin())
    return files


def render(args):
    """One host's files for a real machine (secrets to fill in are marked CHANGE-ME-...)."""
    topo = topology()
    if args.host not in topo["hosts"]:
        raise SystemExit(f"cluster: no host {args.host!r} in deploy/cluster/topology.toml")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for filename, (destination, text) in real_host_files(topo, args.host).items():
        (out / filename).write_text(text, encoding="utf-8")
        print(f"{out / filename}  →  {destination}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("start").set_defaults(run=start)
    commands.add_parser("stop").set_defaults(run=stop)
    commands.add_parser("status").set_defaults(run=status)
    for name, run in (("drain", drain), ("undrain", undrain)):
        sub = commands.add_parser(name, help=f"{name} an application node at the load balancer")
        sub.add_argument("host")
        sub.set_defaults(run=run)
    one = commands.add_parser("render")
    one.add_argument("host")
    one.add_argument("--out", required=True)
    one.set_defaults(run=render)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
