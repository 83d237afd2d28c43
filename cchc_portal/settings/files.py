"""Where uploaded and generated files live (settings.STORAGES), chosen by FILE_STORAGE:

- "folder" (default): MEDIA_ROOT (public: photos, published documents, served by nginx) and
  PRIVATE_MEDIA_ROOT (evidence, drafts, checked imports, evidence packs: handed out only by the portal's
  views after checking who asks). On two or more application nodes both folders are one shared mount
  (NFS or similar) on every node — the cluster drill mounts one folder into every node (docs/cluster.md).
- "s3": S3-compatible object storage through django-storages (a data centre's MinIO, Ceph RGW, …), one
  bucket, public files under media/ (served from S3_PUBLIC_URL, or through nginx), private files under
  private-media/ with a private ACL and no public address: the portal reads them and streams them after
  its access check, exactly as from a folder."""


def storages_setting(*, kind: str, media_root: str, private_root: str, s3: dict) -> dict:
    if kind == "folder":
        default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        private = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                   "OPTIONS": {"location": private_root, "base_url": "/tai-lieu/"}}
    elif kind == "s3":
        common = {"bucket_name": s3["bucket"], "endpoint_url": s3.get("endpoint_url") or None,
                  "region_name": s3.get("region") or None, "access_key": s3.get("access_key") or None,
                  "secret_key": s3.get("secret_key") or None, "file_overwrite": False}
        public_options = {**common, "location": "media", "default_acl": "public-read", "querystring_auth": False}
        if s3.get("public_url"):
            public_options["custom_domain"] = s3["public_url"].split("://", 1)[-1].rstrip("/")
            public_options["url_protocol"] = s3["public_url"].split("://", 1)[0] + ":" \
                if "://" in s3["public_url"] else "https:"
        default = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": public_options}
        private = {"BACKEND": "storages.backends.s3.S3Storage",
                   "OPTIONS": {**common, "location": "private-media", "default_acl": "private",
                               "querystring_auth": False}}
    else:
        raise ValueError(f"FILE_STORAGE must be 'folder' or 's3', not {kind!r}")
    return {"default": default, "private": private,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
