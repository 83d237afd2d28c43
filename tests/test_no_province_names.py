"""No province's name in a template or in the portal's code: whose portal it is comes from the identity
(core.models.PortalIdentity), set in the admin. Only the demo (ops/demo.py, load_demo) names Cà Mau, and the
national generator lists every province. Migrations are history and keep what they said."""

import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ("core", "agencies", "accounts", "campaigns", "reports", "discussion", "portal", "ops", "cchc_portal")
DEMO = {"ops/demo.py", "ops/management/commands/load_demo.py", "ops/management/commands/generate_national_data.py",
        "scripts/security_check.py"}  # the last: the lead's attack script, whose fake production host is a test value
# "Cà Mau" in any case and Unicode form, with or without its marks, and in addresses ("camau.gov.vn"); and
# its own Nghị quyết on its communes (1655/NQ-UBTVQH15), which an example for every province must not cite.
PROVINCE = re.compile(r"c[aà]\W?mau|1655/NQ", re.IGNORECASE)


def files():
    yield ROOT / ".env.example"  # what a new province copies to start
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.is_file():
            yield path
    for path in sorted((ROOT / "static").rglob("*")):
        if path.suffix in {".html", ".js", ".css", ".txt"}:
            yield path
    for path in sorted((ROOT / "deploy").rglob("*")):
        if path.is_file():
            yield path  # a default host in a deployment file would be a province's address on another's server
    for app in (*CODE, "scripts"):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "migrations" not in path.parts and relative not in DEMO:
                yield path


def test_the_scan_sees_a_province_name_where_there_is_one():
    assert PROVINCE.search(unicodedata.normalize("NFC", "Báo CÀ MAU, cchc.camau.gov.vn"))
    assert PROVINCE.search("Ca Mau") and not PROVINCE.search("Cà phê Mậu Thân")
    assert PROVINCE.search("ví dụ: Nghị quyết 1655/NQ-UBTVQH15") and not PROVINCE.search("Nghị quyết 202/2025/QH15")
    assert sum(1 for _ in files()) > 200


def test_no_province_is_named_outside_the_demo():
    found = []
    for path in files():
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="ignore"))
        for number, line in enumerate(text.splitlines(), 1):
            if PROVINCE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "\n".join(found)
