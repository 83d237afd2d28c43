"""Vietnamese text compared without its marks: "Chủ tịch UBND" and "chu tich ubnd" are the same words to a
reader skimming a name, and to a search box (portal.search, discussion.moderation)."""

import functools
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


# The Vietnamese alphabet's order (CLDR's tailoring for "vi", which PostgreSQL's ICU collation "vi-x-icu"
# applies): ă and â are letters of their own after a, đ after d, ê after e, ô and ơ after o, ư after u;
# the tones only decide between words otherwise equal, in the order unmarked, huyền, hỏi, ngã, sắc, nặng;
# lower case before upper case. Everything else as the Unicode Collation Algorithm's root order (pyuca).
# The collation's name in the database: on PostgreSQL ICU's "vi" (agencies' migration 0004 creates it), on
# SQLite this key (register_collation). A plain identifier: Django writes it unquoted on SQLite.
VIETNAMESE = "vietnamese"
_LETTERS = {"a": ("\u0306", "\u0302"), "e": ("\u0302",), "o": ("\u0302", "\u031b"), "u": ("\u031b",)}
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền, hỏi, ngã, sắc, nặng


@functools.cache
def _collator():
    from pyuca import Collator

    collator = Collator()
    table = collator.table

    def element(text):
        return table.find_prefix([ord(c) for c in text])[1][0]

    for base, marks in _LETTERS.items():
        for case in (base, base.upper()):
            primary, secondary, tertiary = element(case)
            for step, mark in enumerate(marks, start=1):  # between this letter and the next one
                table.add([ord(case), ord(mark)], [[primary + step / (len(marks) + 1), secondary, tertiary]])
    for small, capital in (("đ", "d"), ("Đ", "D")):
        primary, secondary, tertiary = element(capital)
        table.add([ord(small)], [[primary + 0.5, secondary, tertiary]])
    grave = element(_TONES[0])[1]
    for step, mark in enumerate(_TONES):
        table.add([ord(mark)], [[0, grave + step / len(_TONES), 2]])
    return collator


@functools.lru_cache(maxsize=4096)
def vietnamese_sort_key(text):
    """The key that sorts names as a Vietnamese reader expects ("Báo ảnh Đất Mũi", "Báo Công an", "Đài PT-TH",
    "Văn phòng"): for sorting in Python (the files), the same order as the database's VIETNAMESE collation
    (core.apps registers this key under that name on SQLite). The text itself breaks ties, so two different
    names never compare equal."""
    text = unicodedata.normalize("NFC", str(text or ""))
    return _collator().sort_key(text), text


def vietnamese_compare(left, right):
    """-1, 0 or 1, as SQLite asks of a collation."""
    a, b = vietnamese_sort_key(left), vietnamese_sort_key(right)
    return (a > b) - (a < b)


def register_collation(sender, connection, **kwargs):
    """connection_created: on SQLite, the VIETNAMESE collation PostgreSQL gets from ICU, so that
    the same column collation (agencies.Agency.name) and the same ORDER BY work on both databases."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VIETNAMESE, vietnamese_compare)
