#!/usr/bin/env bash
# The production stack on loopback, for a try-out: gunicorn (production settings) behind Debian's nginx,
# PostgreSQL and Redis already running on this machine.
#   scripts/prod-local.sh start   # → http://127.0.0.1:8080/  (gunicorn on 127.0.0.1:8001)
#   scripts/prod-local.sh stop
# Environment: PROD_DB (database name, default cchc_local), PROD_PORT (8080), APP_BIND (127.0.0.1:8001),
# WEB_CONCURRENCY, SKIP_DEMO=1 (do not load the demo data), PUBLIC_PAGE_CACHE_SECONDS (0 = off),
# NGINX_LIMIT_REQ=off (no nginx limit on uncached requests: the benchmark's comment POSTs exceed it).
# nginx's configuration is the production one rendered for loopback (scripts/nginx_conf.py local).
# Unlike production (gunicorn on a unix socket only nginx's group can open), gunicorn listens on TCP
# 127.0.0.1:8001 here, because bench/run.py and the start-up check below talk to it directly; any local
# process could therefore send a forged X-Real-IP, which is acceptable for a try-out on one's own machine
# (TRUSTED_PROXY_ADDRESSES keeps its default, which includes 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VAR="$ROOT/var/prod-local"
PORT=${PROD_PORT:-8080}
APP=${APP_BIND:-127.0.0.1:8001}
DB=${PROD_DB:-cchc_local}
PY=.venv/bin/python

stop() {
  [ -f "$VAR/nginx.pid" ] && kill "$(cat "$VAR/nginx.pid")" 2>/dev/null || true
  [ -f "$VAR/gunicorn.pid" ] && kill "$(cat "$VAR/gunicorn.pid")" 2>/dev/null || true
  for _ in $(seq 1 50); do
    { [ -f "$VAR/gunicorn.pid" ] && kill -0 "$(cat "$VAR/gunicorn.pid")" 2>/dev/null; } || break
    sleep 0.1
  done
  rm -f "$VAR/nginx.pid" "$VAR/gunicorn.pid"
}

env_file() {
  mkdir -p "$VAR"
  [ -f "$VAR/secret" ] || $PY -c 'import secrets; print(secrets.token_urlsafe(64))' > "$VAR/secret"
  cat > "$VAR/env" <<ENV
export DJANGO_SETTINGS_MODULE=cchc_portal.settings.production
export SECRET_KEY='$(cat "$VAR/secret")'
export ALLOWED_HOSTS=127.0.0.1,localhost
export SITE_URL=http://127.0.0.1:$PORT
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/1}
export CLIENT_IP_HEADER=HTTP_X_REAL_IP
export STATIC_ROOT=$VAR/static
export MEDIA_ROOT=$VAR/media
export SECURE_SSL_REDIRECT=False
export SECURE_HSTS_SECONDS=0
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.dummy.EmailBackend}
export EMAIL_FILE_PATH=${EMAIL_FILE_PATH:-$VAR/mail}
export PUBLIC_PAGE_CACHE_SECONDS=${PUBLIC_PAGE_CACHE_SECONDS:-600}
export COMMENTS_RATE_LIMIT=${COMMENTS_RATE_LIMIT:-5/10m}
export GUNICORN_BIND=$APP
export GUNICORN_ACCESSLOG=${GUNICORN_ACCESSLOG:-$VAR/gunicorn-access.log}
export GUNICORN_LOGLEVEL=warning
ENV
  [ -n "${WEB_CONCURRENCY:-}" ] && echo "export WEB_CONCURRENCY=$WEB_CONCURRENCY" >> "$VAR/env"
  true
}

# The production Redis bound (deploy/redis/cchc-portal.conf) on the local Redis, for as long as it runs.
redis_limits() {
  local url=${REDIS_URL:-redis://127.0.0.1:6379/1} memory policy
  memory=$(awk '$1 == "maxmemory" {print $2}' deploy/redis/cchc-portal.conf)
  policy=$(awk '$1 == "maxmemory-policy" {print $2}' deploy/redis/cchc-portal.conf)
  if redis-cli -u "$url" CONFIG SET maxmemory "$memory" >/dev/null 2>&1 &&
     redis-cli -u "$url" CONFIG SET maxmemory-policy "$policy" >/dev/null 2>&1; then
    echo "Redis ($url): maxmemory $memory, maxmemory-policy $policy (deploy/redis/cchc-portal.conf)."
  else
    echo "Redis ($url) not reachable or not configurable: maxmemory left as it is." >&2
  fi
}

start() {
  command -v nginx >/dev/null || {
    echo "installing Debian's nginx"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
  make -s venv
  stop
  env_file
  # shellcheck disable=SC1091
  source "$VAR/env"
  pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 ||
    createdb -h 127.0.0.1 -U postgres "$DB"
  $PY manage.py migrate --noinput -v0
  $PY manage.py collectstatic --noinput -v0
  $PY manage.py compilemessages --ignore=.venv -v0 >/dev/null 2>&1 || true
  [ "${SKIP_DEMO:-0}" = 1 ] || $PY manage.py load_demo --force >/dev/null
  $PY manage.py check --deploy --fail-level ERROR >/dev/null 2>&1  # HTTP on loopback: only the TLS warnings
  rm -rf "$VAR/nginx-cache"  # a fresh start serves fresh pages
  mkdir -p "$VAR/media" "$VAR/nginx-cache" "$VAR/nginx-tmp"
  chmod -R a+rwX "$VAR/nginx-cache" "$VAR/nginx-tmp"; chmod a+rx "$VAR" "$VAR/static" "$VAR/media"
  limit=(); [ "${NGINX_LIMIT_REQ:-on}" = off ] && limit=(--no-limit-req)
  $PY scripts/nginx_conf.py local --var "$VAR" --port "$PORT" --app "$APP" "${limit[@]}" > "$VAR/nginx.conf"
  redis_limits
  .venv/bin/gunicorn -c deploy/gunicorn.conf.py --daemon --pid "$VAR/gunicorn.pid" cchc_portal.wsgi
  # Wait for gunicorn itself: nginx may answer from its cache before the app is up.
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "http://$APP/robots.txt" 2>/dev/null && break; sleep 0.2; done
  nginx -c "$VAR/nginx.conf" -p "$VAR" -g "user $(id -un);" 2>/dev/null || nginx -c "$VAR/nginx.conf" -p "$VAR"
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break; sleep 0.2; done
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" || { echo "the stack did not answer; see $VAR/*.log" >&2; exit 1; }
  echo "Production stack on http://127.0.0.1:$PORT/ (gunicorn $APP, ${WEB_CONCURRENCY:-auto} workers, database $DB)."
  echo "Stop it with: scripts/prod-local.sh stop"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
