"""Vietnamese text compared without its marks: "Chủ tịch UBND" and "chu tich ubnd" are the same words to a
reader skimming a name, and to a search box."""

import unicodedata

_NO_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})  # ơ, ư, ế … decompose


def fold(value):
    """Lower-case, without diacritics: "Đề án Cải cách" → "de an cai cach"."""
    text = unicodedata.normalize("NFD", str(value or "").translate(_NO_DECOMPOSITION))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
