"""gunicorn settings for the portal: `gunicorn -c deploy/gunicorn.conf.py cchc_portal.wsgi`.

Environment: WEB_CONCURRENCY (worker processes, default 2 × cores + 1), GUNICORN_THREADS (per worker,
default 1), GUNICORN_BIND, GUNICORN_TIMEOUT.

Where it listens: GUNICORN_BIND when set; otherwise, under systemd (deploy/cchc-portal.service, whose
RuntimeDirectory=cchc-portal gives RUNTIME_DIRECTORY=/run/cchc-portal), the unix socket
unix:/run/cchc-portal/gunicorn.sock, which nginx proxies to; elsewhere 127.0.0.1:8001 (scripts/prod-local.sh).
The socket is created mode 0660 (umask below) and belongs to the service's group, www-data: only nginx
(and the portal itself) can open it, so no other local process can reach the app with a forged X-Real-IP.
"""

import gc
import multiprocessing
import os

_runtime_directory = os.environ.get("RUNTIME_DIRECTORY", "").split(":")[0]
bind = os.environ.get("GUNICORN_BIND") or (
    f"unix:{_runtime_directory}/gunicorn.sock" if _runtime_directory else "127.0.0.1:8001")
umask = 0o117  # applies to the unix socket (and gunicorn's own temporary files): rw for owner and group only
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# nginx buffers slow clients, so on one machine each worker handles one quick request at a time (sync).
# GUNICORN_THREADS > 1 (the cluster's application nodes, docs/cluster.md): threads, so that a request
# waiting on the network for the database — a failover, PgBouncer's queue — does not hold up the others.
# With threads, `timeout` below only restarts a worker whose main loop is stuck, not a request that hangs;
# there PgBouncer's query_timeout bounds each query (deploy/cluster/pgbouncer.ini.template).
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 5000  # recycle workers now and then: bounded memory over months of uptime
max_requests_jitter = 500
preload_app = True  # load Django once, fork workers: faster start, shared memory
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Trust X-Forwarded-Proto from the local nginx only. gunicorn always trusts a unix-socket peer, which
# can only be nginx (above).
forwarded_allow_ips = "127.0.0.1,::1"


def pre_fork(server, worker):
    """Move everything the preloaded app created into the permanent generation before each fork (the
    Python documentation's advice for forking servers): a worker's full collections then scan only what
    it made itself. Measured: a full collection over the loaded app (~110,000 objects) paused a request
    56 ms; frozen, 4.5 ms — a pause that landed in the pages' p99. It also keeps the shared pages shared."""
    gc.freeze()
