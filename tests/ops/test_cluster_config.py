"""Issue 27, item 1: the cluster's configuration files, rendered by the same functions for the drill
(`make cluster`) and for a data centre's machines (`scripts/cluster.py render HOST`)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cluster():
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location("cluster", ROOT / "scripts" / "cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_three_etcd_members_so_losing_one_host_keeps_a_quorum(cluster):
    topo = cluster.topology()
    etcd = cluster.hosts_with(topo, "etcd")
    assert len(etcd) == 3
    assert len(cluster.hosts_with(topo, "patroni")) == 2 and len(cluster.hosts_with(topo, "app")) == 2
    patroni = cluster.render_patroni(topo, "db1", run_dir="/r", data_dir="/d", log_dir="/l")
    assert "hosts: 10.77.0.10:2379,10.77.0.31:2379,10.77.0.32:2379" in patroni


def test_acknowledged_writes_wait_for_the_replica_but_losing_it_does_not_stop_writes(cluster):
    patroni = cluster.render_patroni(cluster.topology(), "db2", run_dir="/r", data_dir="/d", log_dir="/l")
    assert "synchronous_mode: true" in patroni and "synchronous_mode_strict: false" in patroni
    assert "listen: 10.77.0.32:5432" in patroni and "use_pg_rewind: true" in patroni


def test_haproxy_sends_writes_to_the_primary_and_reads_to_a_replica_or_else_the_primary(cluster):
    """...and, for the seconds of a promotion — the promoted replica fails /replica before it passes
    /primary — to any running node (/read-only): the drill saw 16 public pages fail in that gap."""
    text = cluster.render_haproxy(cluster.topology(), "lb", run_dir="/run/haproxy")
    assert "OPTIONS /primary" in text and "OPTIONS /replica" in text and "OPTIONS /read-only" in text
    assert text.count("server db1 10.77.0.31:5432") == 3 and text.count("server db2 10.77.0.32:5432") == 3
    reads = text.split("frontend postgres_read")[1].split("\nbackend ")[0]
    assert reads.index("use_backend replicas if { nbsrv(replicas) gt 0 }") < reads.index(
        "use_backend primary if { nbsrv(primary) gt 0 }") < reads.index("default_backend readable")


def test_pgbouncer_bounds_server_connections_in_transaction_mode(cluster):
    text = cluster.render_pgbouncer(cluster.topology(), run_dir="/r", log_dir="/l")
    assert "pool_mode = transaction" in text
    assert "default_pool_size = 8" in text and "max_db_connections = 8" in text
    assert "cchc = host=10.77.0.10 port=5000 dbname=cchc" in text
    assert "cchc_replica = host=10.77.0.10 port=5001 dbname=cchc" in text


def test_each_application_node_runs_the_production_settings_against_its_pgbouncer(cluster):
    env = cluster.render_app_env(cluster.topology(), "app2", shared="/srv/shared", secret="x", mail_dir="/m")
    assert env["DJANGO_SETTINGS_MODULE"] == "cchc_portal.settings.production"
    assert env["DATABASE_URL"] == "postgres://postgres@127.0.0.1:6432/cchc" and env["DATABASE_POOLED"] == "True"
    assert env["REPLICA_DATABASE_URL"].endswith("/cchc_replica")
    assert env["NODE_NAME"] == "app2" and env["GUNICORN_BIND"] == "10.77.0.22:8001"
    assert env["MEDIA_ROOT"] == "/srv/shared/media" and env["PRIVATE_MEDIA_ROOT"] == "/srv/shared/private-media"


def test_nginx_balances_both_application_nodes(cluster, tmp_path):
    text = cluster.render_nginx(cluster.topology(), var=tmp_path)
    assert "server 10.77.0.21:8001 max_fails=1 fail_timeout=3s;" in text
    assert "server 10.77.0.22:8001 max_fails=1 fail_timeout=3s;" in text
    assert "listen 10.77.0.10:80" in text and "backup" not in text.split("upstream cchc_app")[1].split("}")[0]


def test_a_real_host_gets_its_files_with_passwords_to_fill_in(cluster, tmp_path):
    cluster.main(["render", "db1", "--out", str(tmp_path)])
    patroni = (tmp_path / "patroni.yml").read_text()
    assert "scram-sha-256" in patroni and 'password: "CHANGE-ME-POSTGRES"' in patroni
    cluster.main(["render", "app1", "--out", str(tmp_path)])
    env = (tmp_path / "cchc-portal.env").read_text()
    assert "SECRET_KEY=CHANGE-ME" in env and "EMAIL_BACKEND" not in env


def test_a_drained_node_gets_nothing_new_from_nginx(cluster, tmp_path):
    """A rolling deploy drains a node at the load balancer before stopping it."""
    text = cluster.render_nginx(cluster.topology(), var=tmp_path, drained={"app1"})
    assert "server 10.77.0.21:8001 down;" in text
    assert "server 10.77.0.22:8001 max_fails=1 fail_timeout=3s;" in text


def test_nginx_drops_an_idle_upstream_connection_before_gunicorn_closes_it(cluster, tmp_path):
    """With threads (the cluster's nodes), gunicorn keeps an idle connection `keepalive` seconds and then
    closes it; nginx keeping it longer reuses a closed connection now and then — a POST (a report being
    sent) then gets a 502, which nginx must not retry. Seen in the drill's overload burst: 1 of 500."""
    import re

    text = cluster.render_nginx(cluster.topology(), var=tmp_path)
    upstream = text.split("upstream cchc_app")[1].split("}")[0]
    nginx_idle = re.search(r"keepalive_timeout (\d+)s;", upstream)
    gunicorn = {}
    exec((ROOT / "deploy" / "gunicorn.conf.py").read_text(), gunicorn)  # noqa: S102 - the project's own file
    assert nginx_idle and int(nginx_idle.group(1)) < gunicorn["keepalive"]


# --- real machines: every file each host needs, rendered from the same functions as the drill's ----------

FILES = {
    "lb": {"etcd", "haproxy.cfg", "redis-cchc-cluster.conf", "nginx-cchc-portal.conf"},
    "app1": {"pgbouncer.ini", "userlist.txt", "cchc-portal.env", "cchc-portal-cluster.conf"},
    "app2": {"pgbouncer.ini", "userlist.txt", "cchc-portal.env", "cchc-portal-cluster.conf"},
    "db1": {"etcd", "patroni.yml", "patroni.service", "requirements-patroni.txt"},
    "db2": {"etcd", "patroni.yml", "patroni.service", "requirements-patroni.txt"},
}


@pytest.fixture(scope="module")
def real(cluster, tmp_path_factory):
    """{host: {file name: text}} as `scripts/cluster.py render HOST --out DIR` writes them."""
    rendered = {}
    for host in cluster.topology()["hosts"]:
        out = tmp_path_factory.mktemp(host)
        cluster.main(["render", host, "--out", str(out)])
        rendered[host] = {path.name: path.read_text(encoding="utf-8") for path in out.iterdir()}
    return rendered


def test_each_real_host_gets_the_files_of_its_roles(real):
    assert {host: set(files) for host, files in real.items()} == FILES


def test_every_real_file_says_where_it_goes(real):
    for host, files in real.items():
        for name, text in files.items():
            first = text.splitlines()[0]
            assert first.startswith(("# → /", "; → /")), (host, name, first)
    assert real["app1"]["cchc-portal.env"].startswith("# → /srv/cchc-portal/.env")
    assert "/etc/systemd/system/cchc-portal.service.d/cluster.conf" in real["app2"]["cchc-portal-cluster.conf"]


def test_real_files_trust_no_one_and_point_at_nothing_of_the_drill(real):
    import re

    for host, files in real.items():
        for name, text in files.items():
            assert not re.search(r"\btrust\b", text), (host, name)
            assert "/work" not in text and "var/cluster" not in text and "user root" not in text, (host, name)


def test_etcd_on_a_real_machine_has_the_drills_options_pre_vote_and_three_members(cluster, real):
    etcd = real["db2"]["etcd"]
    assert "ETCD_PRE_VOTE=true" in etcd and "ETCD_NAME=db2" in etcd
    assert ("ETCD_INITIAL_CLUSTER=lb=http://10.77.0.10:2380,db1=http://10.77.0.31:2380,db2=http://10.77.0.32:2380"
            in etcd)
    assert "ETCD_LISTEN_PEER_URLS=http://10.77.0.32:2380" in etcd and "ETCD_DATA_DIR=/var/lib/etcd/default" in etcd
    # the drill's flags come from the same list: one more option in one appears in the other
    argv = cluster.etcd_argv(cluster.etcd_options(cluster.topology(), "db2", data_dir="/d"))
    assert argv[-1] == "--pre-vote" and argv[argv.index("--initial-cluster-token") + 1] == "cchc"
    assert len([line for line in etcd.splitlines() if line.startswith("ETCD_")]) == len(
        [arg for arg in argv if arg.startswith("--")])


def test_patroni_on_a_real_machine_authenticates_everyone(real):
    patroni = real["db1"]["patroni.yml"]
    assert "- local all all peer" in patroni
    assert "- host all all 10.77.0.0/24 scram-sha-256" in patroni
    assert 'password: "CHANGE-ME-PATRONI-API"' in patroni.split("etcd3:")[0]  # restapi.authentication
    unit = real["db1"]["patroni.service"]
    assert "User=postgres" in unit and "ExecStart=/opt/patroni/bin/patroni /etc/patroni/patroni.yml" in unit
    assert "KillMode=process" in unit and "Restart=on-failure" in unit
    assert unit == (ROOT / "deploy" / "cluster" / "patroni.service").read_text()  # installed verbatim


def test_the_drill_keeps_its_trust_and_its_own_haproxy_global(cluster):
    topo = cluster.topology()
    patroni = cluster.render_patroni(topo, "db1", run_dir="/r", data_dir="/d", log_dir="/l")
    assert "- local all all trust" in patroni and "username: patroni" not in patroni
    haproxy = cluster.render_haproxy(topo, "lb", run_dir="/r")
    assert "user haproxy" not in haproxy and "chroot" not in haproxy
    pgbouncer = cluster.render_pgbouncer(topo, run_dir="/r", log_dir="/l")
    assert "auth_file = /r/userlist.txt" in pgbouncer and "pidfile = /r/pgbouncer.pid" in pgbouncer


def test_pgbouncer_on_a_real_machine(real):
    ini = real["app1"]["pgbouncer.ini"]
    assert "pidfile = /run/postgresql/pgbouncer.pid" in ini and "auth_type = scram-sha-256" in ini
    assert "auth_file = /etc/pgbouncer/userlist.txt" in ini and "stats_users = cchc" in ini
    userlist = real["app1"]["userlist.txt"]
    # PgBouncer refuses the whole auth file on a line starting with # (checked with Debian 12's 1.18)
    assert all(line.startswith((";", '"')) for line in userlist.splitlines() if line)
    assert '"cchc" "CHANGE-ME-SCRAM-SECRET"' in userlist and "SELECT rolpassword FROM pg_authid" in userlist


def test_haproxy_on_a_real_machine_keeps_debians_global(real):
    haproxy = real["lb"]["haproxy.cfg"]
    for line in ("user haproxy", "group haproxy", "chroot /var/lib/haproxy", "log /dev/log local0",
                 "stats socket /run/haproxy/admin.sock"):
        assert f"\n    {line}" in haproxy.split("defaults")[0], line
    assert haproxy.count("server db1 10.77.0.31:5432") == 3  # primary, replicas, readable


def test_nginx_on_the_real_load_balancer_balances_the_topologys_nodes_over_tls(real):
    nginx = real["lb"]["nginx-cchc-portal.conf"]
    upstream = nginx.split("upstream cchc_app")[1].split("}")[0]
    assert "server 10.77.0.21:8001 max_fails=1 fail_timeout=3s;" in upstream
    assert "server 10.77.0.22:8001 max_fails=1 fail_timeout=3s;" in upstream
    assert "unix:" not in upstream and "backup" not in upstream
    assert "server_name cchc.example.gov.vn;" in nginx and "listen 443 ssl" in nginx
    assert "alias /srv/cchc-shared/static/;" in nginx and "alias /srv/cchc-shared/media/;" in nginx


def test_redis_on_the_real_load_balancer(real):
    redis = real["lb"]["redis-cchc-cluster.conf"]
    assert "bind 10.77.0.10 127.0.0.1" in redis and "requirepass CHANGE-ME-REDIS" in redis
    assert "maxmemory-policy noeviction" in redis


def test_a_real_application_node_logs_in_as_cchc_with_passwords_to_fill_in(real):
    env = dict(line.split("=", 1) for line in real["app1"]["cchc-portal.env"].splitlines()
               if line and not line.startswith("#"))
    assert env["DATABASE_URL"] == "postgres://cchc:CHANGE-ME-CCHC@127.0.0.1:6432/cchc"
    assert env["REPLICA_DATABASE_URL"] == "postgres://cchc:CHANGE-ME-CCHC@127.0.0.1:6432/cchc_replica"
    assert env["REDIS_URL"] == "redis://:CHANGE-ME-REDIS@10.77.0.10:6379/1"
    assert env["SITE_URL"] == "https://cchc.example.gov.vn" == env["CSRF_TRUSTED_ORIGINS"]
    assert env["ALLOWED_HOSTS"].startswith("cchc.example.gov.vn,")
    for key in ("DEFAULT_FROM_EMAIL", "SOURCE_CODE_URL", "SECRET_KEY"):
        assert env[key].startswith("CHANGE-ME"), key
    assert "EMAIL_BACKEND" not in env and "EMAIL_FILE_PATH" not in env  # production's default: SMTP
    assert "SECURE_SSL_REDIRECT" not in env and env["STATIC_ROOT"] == "/srv/cchc-shared/static"


def test_the_application_nodes_drop_in_fixes_the_units_paths_and_order(real):
    dropin = real["app1"]["cchc-portal-cluster.conf"].splitlines()
    rw = [line for line in dropin if line.startswith("ReadWritePaths=")]
    assert rw == ["ReadWritePaths=", "ReadWritePaths=/srv/cchc-shared/media /srv/cchc-shared/private-media"]
    assert "After=pgbouncer.service remote-fs.target" in dropin and "Wants=pgbouncer.service" in dropin
    unit = (ROOT / "deploy" / "cchc-portal.service").read_text()
    assert "ReadWritePaths=/srv/cchc-portal/media" in unit  # what the drop-in replaces


def test_the_drill_keeps_its_own_site_address(cluster):
    env = cluster.render_app_env(cluster.topology(), "app1", shared="/s", secret="x", mail_dir="/m")
    assert env["SITE_URL"] == "http://10.77.0.10" and env["ALLOWED_HOSTS"] == "10.77.0.10,localhost,127.0.0.1"
    assert env["REDIS_URL"] == "redis://10.77.0.10:6379/1"
