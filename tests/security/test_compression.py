"""Compression in both nginx renderings (issue 16, item 11): gzip for every client that asks — through a
proxy (Via), over HTTP/1.0, the feeds too — with Vary; brotli beside it when rendered with --brotli
(Debian's libnginx-mod-http-brotli-filter), which the local rendering then loads itself."""

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
_spec = importlib.util.spec_from_file_location("nginx_conf", ROOT / "scripts" / "nginx_conf.py")
nginx_conf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nginx_conf)

TYPES = {"text/css", "application/json", "application/atom+xml", "application/rss+xml", "image/svg+xml"}


def directives(text):
    """name → arguments of the directives whose name starts with gzip/brotli/load_module (one per name)."""
    found, current = {}, None
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        if current:
            found[current] += " " + line.rstrip(";")
        else:
            name, _, args = line.partition(" ")
            if not name.startswith(("gzip", "brotli", "load_module")):
                continue
            found[name] = args.rstrip(";").strip()
            current = name
        if line.endswith(";"):
            current = None
    return found


@pytest.mark.parametrize("render", [lambda **kw: nginx_conf.production(**kw),
                                    lambda **kw: nginx_conf.local(var="/tmp/cchc", **kw)])
def test_gzip_for_proxies_http_1_0_and_the_feeds(render):
    found = directives(render())
    assert (found["gzip"], found["gzip_proxied"], found["gzip_vary"], found["gzip_http_version"]) == (
        "on", "any", "on", "1.0")
    assert TYPES <= set(found["gzip_types"].split())
    assert "brotli" not in found and "load_module" not in found  # not without the module


def test_the_committed_production_file_has_no_brotli_unless_asked():
    assert "brotli" not in (ROOT / "deploy" / "nginx" / "cchc-portal.conf").read_text()
    found = directives(nginx_conf.production(brotli=True))
    assert found["brotli"] == "on" and TYPES <= set(found["brotli_types"].split())
    local = directives(nginx_conf.local(var="/tmp/cchc", brotli=True))
    assert local["load_module"] == "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so"


@pytest.mark.skipif(shutil.which("nginx") is None or not Path(nginx_conf.BROTLI_MODULE).exists(),
                    reason="needs Debian's nginx and libnginx-mod-http-brotli-filter")
def test_nginx_accepts_the_local_rendering_with_brotli(tmp_path):
    (tmp_path / "nginx-tmp").mkdir()
    (tmp_path / "nginx.conf").write_text(nginx_conf.local(var=tmp_path, port=18732, brotli=True))
    result = subprocess.run(["nginx", "-t", "-q", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- what nginx leaves uncompressed ------------------------------------------------------------------------
# nginx's gzip (and brotli) filter compresses only answers with status 200, 403 and 404: the 400 page (an
# address with a control character, a malformed request) went out uncompressed: 4313 bytes, 1668 gzipped
# (measured through nginx on the loopback stack).

@pytest.mark.django_db
def test_the_400_page_is_compressed_for_a_client_that_asks(client):
    import gzip

    response = client.get("/bao-cao/%01/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert (response.status_code, response["Content-Encoding"]) == (400, "gzip")
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert "<h1>Yêu cầu không hợp lệ</h1>" in page and len(response.content) < len(page.encode()) / 2
    plain = client.get("/bao-cao/%01/")
    assert plain.status_code == 400 and not plain.has_header("Content-Encoding")


@pytest.mark.django_db
def test_answers_nginx_compresses_itself_are_left_to_it(client, demo):
    """200, 403 and 404: nginx compresses them (with brotli where it has the module), and caches the 200s."""
    for path, status in (("/", 200), ("/khong-co-trang-nay/", 404)):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == status and not response.has_header("Content-Encoding"), path
