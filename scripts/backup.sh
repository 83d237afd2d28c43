#!/usr/bin/env bash
# Nightly backup of the portal: database (pg_dump, one snapshot) + media folder + manifest.json, kept
# BACKUP_KEEP_DAYS days. Run as the portal's user with its environment, e.g. from cron:
#   15 2 * * *  cd /srv/cchc-portal/app && set -a && . /etc/cchc-portal.env && set +a && scripts/backup.sh
# Restore (into a NEW, empty database; checks counts and report figures against the manifest):
#   createdb cchc_restored && .venv/bin/python manage.py restore /var/backups/cchc-portal/cchc-YYYYmmdd-HHMMSS \
#       --database-url postgres://cchc@127.0.0.1/cchc_restored --media-root /srv/cchc-portal/media-restored
set -euo pipefail
cd "$(dirname "$0")/.."
BACKUP_DIR=${BACKUP_DIR:-/var/backups/cchc-portal}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-30}
mkdir -p "$BACKUP_DIR"
chmod 700 "$BACKUP_DIR"  # comments hold citizens' emails: backups are personal data
umask 077
"${PYTHON:-.venv/bin/python}" manage.py backup "$BACKUP_DIR"
find "$BACKUP_DIR" -maxdepth 1 -type d -name 'cchc-*' -mtime +"$BACKUP_KEEP_DAYS" -exec rm -rf {} +
