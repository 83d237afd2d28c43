"""What a comment's text and its poster's name are checked for before a moderator sees them: links, however
disguised; a name that claims an office or an agency; a text that mixes writing systems; one spelling of an
address. Plain functions over text, used by the moderator (discussion.moderation) and the commenters' writes
(discussion.citizens).

Every check reads the text as a reader sees it (`visible`): without the characters Unicode defines as
invisible (the Default_Ignorable_Code_Point property: format characters, bidi isolates, variation
selectors, tag characters, Hangul fillers, …, as the `regex` package knows them for its Unicode version),
in NFKC (full-width and mathematical letters are letters). Links and office names are then also looked
for in the text's Latin look-alike (`latin`): each character that is not a Latin letter (with or without
Vietnamese marks) replaced by its prototype in Unicode's confusables table (UTS #39's skeleton, as the
`disarm` package folds it: Lisu "ꓴꓐꓠꓓ", small capitals "ᴜʙɴᴅ" and dotless "ı" read "UBND", "ı").
Nothing here changes what is stored or shown: the text is only compared."""

import functools
import re
import unicodedata

import disarm
import regex
from django.db.models import Count, Max

from core.text import fold

# Links, written plainly or disguised: "http://", "hxxps://", "h t t p s : / /", "www.", an IP address, and
# anything domain-like — "evil.ru", "evil.Com", "evil[.]ru", "evil (dot) ru", "evil chấm ru", "evil．ru",
# "пример.рф" — whatever its top-level domain. Checked on the visible text and on its Latin look-alike,
# without marks (core.text.fold).
_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}+")
_DOTS = str.maketrans({"\u3002": ".", "\uff61": ".", "\u30fb": ".", "\u2024": "."})
_DOT = (r"(?:\s*(?:\[\s*(?:\.|dot|cham)\s*\]|\(\s*(?:\.|dot|cham)\s*\)|\{\s*(?:\.|dot|cham)\s*\}"
        r"|<\s*(?:\.|dot|cham)\s*>)\s*|\s+(?:dot|cham)\s+)")
_SCHEME = re.compile(r"(?:[a-z*x]{2}[tpx*]{1,2}p?s?|ftp)(?:\[:\]|:)[/\\]{2}")  # on the text without spaces
_DISGUISED = re.compile(r"\bwww\s*(?:\.|" + _DOT + r")|\b[^\W_][\w-]*" + _DOT + r"[^\W\d_]{2,24}\b"
                        r"|\b\d{1,3}(?:\s*\.\s*\d{1,3}){3}\b")
_PLAIN = re.compile(r"\b([^\W_][\w-]*)(\s*)\.(\s*)([^\W\d_]{2,24})\b")
# Written with spaces around the dot ("evil . ru"), a domain is a deliberate disguise: these endings.
_COMMON_TLDS = {"com", "net", "org", "vn", "ru", "cn", "xyz", "info", "io", "top", "shop", "online", "site", "club",
                "biz", "me", "co", "us", "uk", "tk", "ml", "ga", "cf", "gq", "app", "dev", "link", "live", "store",
                "tv", "cc", "pw", "ly", "to", "in", "asia", "tech", "fun", "icu", "bet", "win", "vip"}
# Abbreviations Vietnamese text writes with a dot.
_NOT_A_DOMAIN = {"tp.hcm", "tp.hn", "ts.bs", "ths.bs", "pgs.ts", "gs.ts", "bs.ck", "bs.cki", "bs.ckii", "p.gd",
                 "tp.ct", "tt.hue"}


def visible(text):
    """The text as a reader sees it: default-ignorable characters removed (before NFKC, so that one between
    a letter and its mark does not keep them apart, and after, since NFKC makes U+FFA0 into U+1160)."""
    text = _IGNORABLE.sub("", str(text or ""))
    return _IGNORABLE.sub("", unicodedata.normalize("NFKC", text)).translate(_DOTS)


@functools.lru_cache(maxsize=8192)
def _latin_char(char):
    if char.isascii() or unicodedata.combining(char) or char in "đĐ":
        return char
    if unicodedata.normalize("NFD", char)[0].isascii():
        return char  # a Vietnamese letter ("ệ", "Ư"): kept with its marks and its case
    prototype = disarm.skeleton_key(char)
    if not prototype or prototype.isspace():
        return char
    return prototype.upper() if char.isupper() else prototype


def latin(text):
    """The visible text with each look-alike replaced by its confusable prototype ("ꓴꓐꓠꓓ" → "ubnd",
    "Сhủ" with a Cyrillic С → "chủ"), Latin letters and Vietnamese marks untouched."""
    return "".join(_latin_char(char) for char in visible(text))


def mixes_scripts(text):
    """Letters of more than one writing system (UTS #39's mixed-script test, as `disarm` resolves it):
    "Сhủ tịch" with a Cyrillic С, "ꓴꓐꓠꓓ tỉnh". Vietnamese is Latin with combining marks: not mixed;
    digits, punctuation and emoji belong to no script."""
    return disarm.is_mixed_script(visible(text))


def _vietnamese_word(word):
    """"Tiếp" (a word with Vietnamese marks), not a top-level domain: those are plain ASCII."""
    folded = fold(word)
    return folded.isascii() and folded != word.lower()


def has_link(text):
    shown = visible(text)
    return any(_has_link(candidate) for candidate in dict.fromkeys((shown, latin(shown))))


def _has_link(text):
    folded = fold(text)
    if _SCHEME.search(re.sub(r"\s+", "", folded)) or _DISGUISED.search(folded):
        return True
    for match in _PLAIN.finditer(text):
        label, before, after, tld = match.groups()
        if f"{fold(label)}.{fold(tld)}" in _NOT_A_DOMAIN or _vietnamese_word(tld):
            continue  # "TP.HCM", "xong.Tiếp theo": an abbreviation, a missing space
        if not before and not after:
            return True  # "evil.ru", "Evil.Com", "пример.рф"
        if fold(tld) in _COMMON_TLDS and (before or tld.islower()):
            return True  # "evil .ru", "evil . ru", "evil. ru" — but not "xong. Tiep theo"
    return False


# Names that claim an office. Written together or apart, with or without marks ("ChủTịch", "U.B.N.D",
# "chu tich") — on the name's letters alone …
_OFFICIAL_LETTERS = re.compile(
    r"chutich|ubnd|hdnd|uyban|hoidongnhandan|chinhthuc|admin|moderator|official|quantrivien|ttdt|tinhuy|huyenuy")
# … words that are also ordinary names or words when written together, only as separate words …
_OFFICIAL_WORDS = re.compile(
    r"\b(giam doc|bi thu|can bo|lanh dao|co quan|chinh quyen|cuc thue|chi cuc|toa an|vien kiem sat"
    r"|phat ngon|cong thong tin|ban quan tri|quan tri|trung tam hanh chinh|cong an (tinh|huyen|xa|phuong|thanh pho)"
    r"|van phong (ubnd|hdnd|uy ban|tinh|huyen|so|bo))\b")
# … and the kind of an agency with its marks, where an agency's name starts ("Sở Nội vụ", "Báo Nhân Dân") —
# a person's name starts with a family name, never with these.
_AGENCY_KINDS = re.compile(r"(?:^|[(\[,;:/–—-]\s*)(sở|ban|báo|đài|phòng|xã|huyện|tỉnh|thành phố|bộ|cục|chi cục|"
                           r"tòa|toà|viện|trung tâm|văn phòng|công an|hội|ủy|uỷ|đảng)(?!\w)")


def looks_official(name):
    """Does this name claim to speak for an office or agency ("Chủ tịch UBND tỉnh (chính thức)",
    "Sở Nội vụ", an agency's own name)? Such comments are always held for a moderator."""
    shown = visible(name).strip()
    return any(_looks_official(candidate) for candidate in dict.fromkeys((shown, latin(shown).strip())))


def _looks_official(name):
    words = " ".join(re.findall(r"[^\W_]+", fold(name)))
    if (_OFFICIAL_LETTERS.search(words.replace(" ", "")) or _OFFICIAL_WORDS.search(words)
            or _AGENCY_KINDS.search(name.lower())):
        return True
    return any(agency in words for agency in _folded_agency_names())


def suspect_name(name):
    """A poster's name no comment may publish under without a moderator, nor be mailed under: a link, an
    office's or agency's name, letters of two writing systems."""
    return has_link(name) or looks_official(name) or mixes_scripts(name)


def held_for_moderator(*, name, text):
    """Must this comment wait for a moderator whoever sends it — a question or a reply, even from a
    confirmed address in its own browser? Its name is suspect, or its text has a link or mixes scripts."""
    return suspect_name(name) or has_link(text) or mixes_scripts(text)


_agency_names = {}


def _folded_agency_names():
    """The agencies' names and short names (8 letters or more) as `looks_official` compares them, folded
    once per change of the agency table (one small query to know), not on every comment: a province
    has hundreds of agencies, the whole country thousands."""
    from agencies.models import Agency

    state = tuple(Agency.objects.aggregate(n=Count("pk"), last=Max("updated_at")).values())
    if state not in _agency_names:
        names = {" ".join(re.findall(r"[^\W_]+", fold(n)))
                 for pair in Agency.objects.values_list("name", "short_name") for n in pair if n and len(n) >= 8}
        _agency_names.clear()
        _agency_names[state] = tuple(names)
    return _agency_names[state]


def normalize_email(email):
    """One address, one spelling: "NguoiDan@Example.COM " → "nguoidan@example.com"."""
    return (email or "").strip().lower()

