"""Backups: the database (pg_dump, or SQLite's online backup) plus the media folder, with a manifest
that lets a restore prove it brought back the same reports and figures (manage.py backup / restore)."""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3

# pg_dump and pg_restore (on PATH with psql) are run with argument lists, never through a shell.
import subprocess  # nosec B404
import tarfile
from pathlib import Path

import environ
from django.conf import settings
from django.db import connection

from agencies.models import Agency
from campaigns.models import Activity, Plan, Task
from discussion.models import CitizenComment
from reports.models import Report

COUNTED = {"cơ quan": Agency, "kế hoạch": Plan, "nhiệm vụ": Task, "hoạt động": Activity,
           "báo cáo": Report, "bình luận": CitizenComment,
           "lịch sử hoạt động": Activity.history.model, "lịch sử báo cáo": Report.history.model}


# Tables that had another name in an earlier version: a backup taken before the upgrade (agencies were
# campaigns' until 2026-12) restores as it was taken, and `migrate` renames them afterwards.
EARLIER_TABLES = {Agency._meta.db_table: ["campaigns_agency"]}


class BackupError(Exception):
    pass


def _count(cursor, model):
    table = model._meta.db_table  # from our models, never from input
    error = None
    for name in (table, *EARLIER_TABLES.get(table, ())):
        try:
            cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608  # nosec B608
            return cursor.fetchone()[0]
        except Exception as exc:  # sqlite3 and psycopg2 errors alike
            error = error or exc
            cursor.connection.rollback()  # PostgreSQL: the failed statement aborted the transaction
    raise BackupError(f"Cơ sở dữ liệu không có bảng {table} (chưa chạy migrate?): {error}") from error


def summary(cursor):
    """Row counts and a digest of every report's status and frozen figures, read with plain SQL so that
    the same function checks the live database and a restored copy."""
    result = {}
    for label, model in COUNTED.items():
        result[label] = _count(cursor, model)
    cursor.execute(f"SELECT slug, status, figures FROM {Report._meta.db_table} ORDER BY slug")  # noqa: S608  # nosec B608
    digest = hashlib.sha256()
    for slug, status, figures in cursor.fetchall():
        if isinstance(figures, str):
            figures = json.loads(figures)
        digest.update(json.dumps([slug, status, figures], sort_keys=True, ensure_ascii=False).encode())
    result["số liệu báo cáo (sha256)"] = digest.hexdigest()
    return result


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(params):
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return env


def _pg_args(params):
    args = []
    if params.get("HOST"):
        args += ["-h", str(params["HOST"])]
    if params.get("PORT"):
        args += ["-p", str(params["PORT"])]
    if params.get("USER"):
        args += ["-U", str(params["USER"])]
    return args


def _pg_connect(params):
    import psycopg2

    return psycopg2.connect(dbname=params["NAME"], user=params.get("USER") or None,
                            password=params.get("PASSWORD") or None, host=params.get("HOST") or None,
                            port=params.get("PORT") or None)


def make_backup(destination):
    """Write <destination>/cchc-<time>/ with database, media.tar.gz and manifest.json; return its path."""
    folder = Path(destination) / f"cchc-{dt.datetime.now():%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True, exist_ok=False)
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        # One snapshot for the manifest and the dump: writes during the backup are in neither.
        snapshot_holder = _pg_connect(params)
        try:
            snapshot_holder.set_session(isolation_level="REPEATABLE READ", readonly=True)
            with snapshot_holder.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                facts = summary(cursor)
                database = folder / "database.pgdump"
                subprocess.run(  # noqa: S603  # nosec B603 B607
                    ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",  # noqa: S607
                     "--file", str(database), *_pg_args(params), str(params["NAME"])],
                    env=_pg_env(params), check=True, capture_output=True, text=True)
        except subprocess.CalledProcessError as exc:
            raise BackupError(f"pg_dump không chạy được: {exc.stderr.strip()}") from exc
        finally:
            snapshot_holder.close()
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        database = folder / "database.sqlite3"
        target = sqlite3.connect(database)
        try:
            connection.connection.backup(target)  # SQLite's online backup: a consistent copy
            facts = summary(target.cursor())
        finally:
            target.close()
    else:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")

    media = folder / "media.tar.gz"
    with tarfile.open(media, "w:gz") as archive:
        for root, arcname in ((settings.MEDIA_ROOT, "media"), (settings.PRIVATE_MEDIA_ROOT, "private-media")):
            if Path(root).is_dir():
                archive.add(root, arcname=arcname)
    manifest = {
        "created": dt.datetime.now(dt.UTC).isoformat(), "engine": connection.vendor,
        "summary": facts, "files": {p.name: _sha256(p) for p in (database, media)},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def restore_backup(folder, *, database_url, media_root, private_media_root=None):
    """Restore a backup folder into an EMPTY database (given as a URL) and a media folder; check that the
    restored data has the manifest's counts and report figures. Returns the summary."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"Không đọc được {folder / 'manifest.json'}: đây không phải thư mục sao lưu.") from exc
    for name, expected in manifest["files"].items():
        if not (folder / name).is_file() or _sha256(folder / name) != expected:
            raise BackupError(f"Tệp {name} bị thiếu hoặc đã thay đổi sau khi sao lưu (sai mã kiểm tra).")

    params = environ.Env.db_url_config(database_url)
    engine = "postgresql" if "postgresql" in params["ENGINE"] else "sqlite" if "sqlite" in params["ENGINE"] else ""
    if engine != manifest["engine"]:
        raise BackupError(f"Bản sao lưu là {manifest['engine']}, cơ sở dữ liệu đích là {engine or database_url}.")
    if engine == "postgresql":
        with _pg_connect(params) as check, check.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            if cursor.fetchone()[0]:
                raise BackupError(f"Cơ sở dữ liệu đích “{params['NAME']}” không trống; hãy tạo một cơ sở dữ liệu mới.")
        check.close()
        try:
            subprocess.run(  # noqa: S603  # nosec B603 B607
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",  # noqa: S607
                 *_pg_args(params), "--dbname", str(params["NAME"]), str(folder / "database.pgdump")],
                env=_pg_env(params), check=True, capture_output=True, text=True)
        except subprocess.CalledProcessError as exc:
            raise BackupError(f"pg_restore không chạy được: {exc.stderr.strip()}") from exc
        restored = _pg_connect(params)
        try:
            facts = summary(restored.cursor())
        finally:
            restored.close()
    else:
        target = Path(params["NAME"])
        if target.exists() and target.stat().st_size:
            raise BackupError(f"Tệp cơ sở dữ liệu đích {target} đã có dữ liệu; hãy chọn một tệp mới.")
        shutil.copyfile(folder / "database.sqlite3", target)
        restored = sqlite3.connect(target)
        try:
            facts = summary(restored.cursor())
        finally:
            restored.close()

    targets = {"media/": Path(media_root), "private-media/": Path(private_media_root or settings.PRIVATE_MEDIA_ROOT)}
    for target in targets.values():
        target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        for member in archive.getmembers():
            prefix = next((p for p in targets if member.name.startswith(p)), None)
            if prefix is None:
                continue
            member.name = member.name.removeprefix(prefix)
            archive.extract(member, targets[prefix], filter="data")  # no absolute paths, no "..", no devices
    if facts != manifest["summary"]:
        raise BackupError(f"Dữ liệu khôi phục không khớp bản sao lưu: {facts} ≠ {manifest['summary']}")
    return facts
