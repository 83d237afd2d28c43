"""Vietnamese text compared without its marks: "Chủ tịch UBND" and "chu tich ubnd" are the same words to a
reader skimming a name, and to a search box (portal.search, discussion.moderation)."""

import unicodedata


def _fold_table():
    """One character for one character: Latin letters without their marks, lower case ("Ấ" → "a",
    "Đ" → "d"), so that a position in the folded text is the same position in the text shown."""
    table = {ord("đ"): "d", ord("Đ"): "d", ord("ð"): "d", ord("Ð"): "d"}
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii():
            table.setdefault(code, base.lower())
    return table


FOLD = _fold_table()


def fold(text):
    """ "Cải cách ĐẤT đai" → "cai cach dat dai", as long as the text in Unicode NFC (the form every text of
    the portal is stored in, core.sanitize.clean_text)."""
    return unicodedata.normalize("NFC", str(text or "")).translate(FOLD).lower()
