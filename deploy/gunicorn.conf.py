"""gunicorn settings for the portal: `gunicorn -c deploy/gunicorn.conf.py cchc_portal.wsgi`.

Environment: WEB_CONCURRENCY (worker processes, default 2 × cores + 1), GUNICORN_BIND (default
127.0.0.1:8001; a unix socket works too: unix:/run/cchc-portal/gunicorn.sock), GUNICORN_TIMEOUT.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"  # nginx buffers slow clients; each worker handles one quick request at a time
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 5000  # recycle workers now and then: bounded memory over months of uptime
max_requests_jitter = 500
preload_app = True  # load Django once, fork workers: faster start, shared memory
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
forwarded_allow_ips = "127.0.0.1,::1"  # trust X-Forwarded-Proto from the local nginx only
