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
    assert "scram-sha-256" in patroni and 'password: "CHANGE-ME"' in patroni
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
