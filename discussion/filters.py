"""What a comment's text and its poster's name are checked for before a moderator sees them: links, however
disguised; a name that claims an office or an agency; a text that mixes writing systems; one spelling of an
address. Plain functions over text, used by the moderator (discussion.moderation) and the commenters' writes
(discussion.citizens).

Every check reads the text as a reader sees it (`visible`): without the characters Unicode defines as
invisible or as format characters (the Default_Ignorable_Code_Point property and the general category Cf:
bidi isolates, variation selectors, tag characters, Hangul fillers, Arabic number signs, U+FFF9–FFFB, …,
as the `regex` package knows them for its Unicode version), every blank-looking character a space (the
separators Zs, Zl, Zp, the Braille blank U+2800, the object replacement U+FFFC), every character
Unicode's confusables data reads as a full stop or a middle dot a ".", in NFKC (full-width and
mathematical letters are letters). Links and office names are then also looked for in the text's Latin
look-alike (`latin`): each character that is not a Latin letter (with or without Vietnamese marks)
replaced by its prototype in Unicode's confusables table (UTS #39's skeleton, as the `disarm` package
folds it: Lisu "ꓴꓐꓠꓓ", small capitals "ᴜʙɴᴅ" and dotless "ı" read "UBND", "ı"). Office names are
compared as UTS #39 compares: the skeleton of the name with the skeletons of the patterns
(`_official_key`), so "CHỦ TlCH" is "Chủ tịch". Nothing here changes what is stored or shown: the text
is only compared."""

import functools
import re
import unicodedata

import disarm
import regex
from confusable_homoglyphs.confusables import confusables_data
from django.db.models import Count, Max
from publicsuffixlist import PublicSuffixList

from core.text import fold

# Links, written plainly or disguised: "http://", "hxxps://", "h t t p s : / /", "www.", an IP address, and
# anything domain-like — "evil.ru", "evil.Com", "evil[.]ru", "evil (dot) ru", "evil chấm ru", "evil．ru",
# "пример.рф" — whatever its top-level domain. Checked on the visible text and on its Latin look-alike,
# without marks (core.text.fold).
_IGNORABLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cf}]+")
_BLANK = regex.compile(r"[\p{Zs}\p{Zl}\p{Zp}\u2800\ufffc]")


def _dot_table():
    """Every character Unicode's confusables data (confusables.txt, as `confusable_homoglyphs` ships it)
    reads as a full stop or a middle dot — the prototypes U+002E and U+00B7 and what maps to them ("․",
    "ꓸ", "܁", "·", "∙", "⋅", "‧", "•", "・") — and the full stops IDNA takes for a label's dot (RFC 3490
    §3.1: U+3002, U+FF0E, U+FF61) → ".". Derived from the data, not a list kept by hand."""
    dots = {".", "\u00b7", "\u3002", "\uff0e", "\uff61"}
    for prototype in (".", "\u00b7"):
        dots.update(entry["c"].strip("\u200e\u200f") for entry in confusables_data.get(prototype, ()))
    return str.maketrans({dot: "." for dot in dots if len(dot) == 1})


_DOTS = _dot_table()
_DOT = (r"(?:\s*(?:\[\s*(?:\.|dot|cham)\s*\]|\(\s*(?:\.|dot|cham)\s*\)|\{\s*(?:\.|dot|cham)\s*\}"
        r"|<\s*(?:\.|dot|cham)\s*>)\s*|\s+(?:dot|cham)\s+)")
_SCHEME = re.compile(r"(?:[a-z*x]{2}[tpx*]{1,2}p?s?|ftp)(?:\[:\]|:)[/\\]{2}")  # on the text without spaces
_DISGUISED = re.compile(r"\bwww\s*(?:\.|" + _DOT + r")|\b[^\W_][\w-]*" + _DOT + r"[^\W\d_]{2,24}\b"
                        r"|\b\d{1,3}(?:\s*\.\s*\d{1,3}){3}\b")
_PLAIN = re.compile(r"\b([^\W_][\w-]*)(\s*)\.(\s*)([^\W\d_]{2,24})\b")
# Written with spaces around the dot ("evil . ru"), a domain is a deliberate disguise: every top-level
# domain (the ICANN section of the Public Suffix List that `publicsuffixlist` ships, read offline) …
_TLDS = PublicSuffixList(only_icann=True, accept_unknown=False)
# … and, where a sentence could end before it ("xong. ru", "xong. COM"), these endings spam uses.
_COMMON_TLDS = {"com", "net", "org", "vn", "ru", "cn", "xyz", "info", "io", "top", "shop", "online", "site", "club",
                "biz", "me", "co", "us", "uk", "tk", "ml", "ga", "cf", "gq", "app", "dev", "link", "live", "store",
                "tv", "cc", "pw", "ly", "to", "in", "asia", "tech", "fun", "icu", "bet", "win", "vip"}
# Abbreviations Vietnamese text writes with a dot.
_NOT_A_DOMAIN = {"tp.hcm", "tp.hn", "ts.bs", "ths.bs", "pgs.ts", "gs.ts", "bs.ck", "bs.cki", "bs.ckii", "p.gd",
                 "tp.ct", "tt.hue"}


def visible(text):
    """The text as a reader sees it: default-ignorable and format characters removed (before NFKC, so that
    one between a letter and its mark does not keep them apart, and after, since NFKC makes U+FFA0 into
    U+1160), blank-looking characters a space, dot look-alikes a "."."""
    text = _BLANK.sub(" ", _IGNORABLE.sub("", str(text or "")))
    return _BLANK.sub(" ", _IGNORABLE.sub("", unicodedata.normalize("NFKC", text))).translate(_DOTS)


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


# Units are written with letter-like symbols that NFKC turns into Greek letters ("5 µg/l", "5 Ω" with the
# micro and ohm signs), or with the Greek letter itself after a number ("5 μg", "10 kΩ"): symbols in a
# measurement, not a second writing system.
_UNIT_SYMBOLS = regex.compile(r"[\u00b5\u2100-\u214f]|(?<=\d\s?[kKmMG]?)[μΩ]")


def mixes_scripts(text):
    """Letters of more than one writing system (UTS #39's mixed-script test, as `disarm` resolves it):
    "Сhủ tịch" with a Cyrillic С, "ꓴꓐꓠꓓ tỉnh". Vietnamese is Latin with combining marks: not mixed;
    digits, punctuation, emoji and unit symbols (µ, Ω, ℃, Å: Unicode's Letterlike Symbols) belong to no
    script."""
    return disarm.is_mixed_script(visible(_UNIT_SYMBOLS.sub(" ", str(text or ""))))


def _vietnamese_word(word):
    """"Tiếp" (a word with Vietnamese marks), not a top-level domain: those are plain ASCII."""
    folded = fold(word)
    return folded.isascii() and folded != word.lower()


# Letters spaced out one by one ("e v i l . r u", "evil.r u"): the spaces between single letters go.
_SPACED_LETTERS = regex.compile(r"(?<=(?<![\w\p{M}])\w\p{M}*)\s+(?=\w\p{M}*(?![\w\p{M}]))")


def has_link(text):
    shown = visible(text)
    look_alike = latin(shown)
    candidates = (shown, look_alike, _SPACED_LETTERS.sub("", look_alike))
    return any(_has_link(candidate) for candidate in dict.fromkeys(candidates))


def _has_link(text):
    folded = fold(text)
    if _SCHEME.search(re.sub(r"\s+", "", folded)) or _DISGUISED.search(folded):
        return True
    for match in _PLAIN.finditer(text):
        label, before, after, tld = match.groups()
        name = fold(tld)
        if f"{fold(label)}.{name}" in _NOT_A_DOMAIN:
            continue  # "TP.HCM": an abbreviation
        # A sentence starts with a capital ("xong.Tiếp theo", "Xong. Tiep theo"); a domain is written in
        # lower case or, to stand out, in capitals ("evil. COM").
        sentence = tld[:1].isupper() and not tld.isupper()
        marked = _vietnamese_word(tld)
        if not before and not after:
            if not (marked and sentence) or name in _COMMON_TLDS:
                return True  # "evil.ru", "Evil.Com", "пример.рф", "evil.cọm" — not "xong.Tiếp", "xong.Mới"
        elif name in _COMMON_TLDS and not sentence and not (marked and not before) and not (
                tld.isupper() and not before and label.isdigit()):
            return True  # "evil .ru", "evil . ru", "evil. ru", "evil. COM" — not "xong. Tiep", "rồi. có",
            # "thứ 7. CN nghỉ"
        elif "\n" in before + after or marked or not _TLDS.is_public(name):
            continue  # a list item's bullet at a line's start ("hồ sơ\n• ba ngày")
        elif before and (after and not sentence or not after):
            return True  # "evil . gov", "evil . tokyo", "evil .tokyo": any top-level domain with a space
            # before its dot (no sentence ends so)
    return False


# The comparison key of a name and of the patterns below (UTS #39 compares skeleton(text) with
# skeleton(pattern)): each look-alike at its prototype (`latin`), marks and case folded (core.text.fold),
# then the skeleton of what is left in ASCII — "1", "|" and "I" are "l", "0" is "o", "m" is "rn". With the
# case folded, "I" and "i" are one letter, so "l" joins them; Vietnamese writes no "j" (and no "l" after a
# consonant): a name's "tjch" is read "tịch".
_ASCII_SKELETON = str.maketrans({"1": "i", "l": "i", "j": "i", "0": "o", "m": "rn"})


def _official_key(text):
    return fold(text).translate(_ASCII_SKELETON)


def _official_pattern(source):
    """A pattern over folded words, compared by its skeleton: its letters keyed as a name's are."""
    return re.compile(_official_key(source))


# Names that claim an office. Written together or apart, with or without marks ("ChủTịch", "U.B.N.D",
# "chu tich") — on the name's letters alone …
_OFFICIAL_LETTERS = _official_pattern(
    r"chutich|ubnd|hdnd|uyban|hoidongnhandan|chinhthuc|admin|moderator|official|quantrivien|ttdt|tinhuy|huyenuy")
# … words that are also ordinary names or words when written together, only as separate words …
_OFFICIAL_WORDS = _official_pattern(
    r"\b(giam doc|bi thu|can bo|lanh dao|co quan|chinh quyen|cuc thue|chi cuc|toa an|vien kiem sat"
    r"|phat ngon|cong thong tin|ban quan tri|quan tri|trung tam hanh chinh|cong an (tinh|huyen|xa|phuong|thanh pho)"
    r"|van phong (ubnd|hdnd|uy ban|tinh|huyen|so|bo))\b")
# … and the kind of an agency with its marks, where an agency's name starts: at the name's first letter,
# whatever precedes it ("Sở Nội vụ", "«Sở Y tế»", "⭐ Sở Y tế", "1. Sở Nội vụ"), or after punctuation
# ("Nguyễn Văn A – Sở Y tế"), never after another word ("Lý Văn Sở"). A person's name may start with the
# same word ("Đài Trang", "Hội Nguyễn", "Ban Văn Minh", "Tỉnh Lê"), so the kind must be followed by what
# makes an agency's name: Vietnamese capitalises every word of a person's name and only the first of an
# agency's ("Sở Y tế", "Ban Tiếp công dân", "Báo ảnh Đất Mũi") — a word in lower case within the next two —
# or an administrative level ("Công an tỉnh", "Đài Huyện"); a name in capitals throughout tells nothing
# and is held. The trade-off: an agency named like a person ("Báo Nhân Dân", "Đài PT-TH tỉnh") is caught
# by the agency table (`_folded_agency_names`), not by this rule; a person typing a name in lower case
# that starts with one of these words ("đài trang") waits for a moderator.
_AGENCY_KIND = (r"(?<!\p{L}\p{M}*\s*)(?i:sở|ban|báo|đài|phòng|xã|huyện|tỉnh|thành phố|bộ|cục|chi cục|tòa|toà|viện"
                r"|trung tâm|văn phòng|công an|hội|ủy|uỷ|đảng)(?![\p{L}\p{M}\p{N}])")
_AGENCY_KINDS = regex.compile(
    _AGENCY_KIND + r"\s+(?:(?:\S+\s+)?(?=\p{Ll})|(?i:tỉnh|huyện|xã|phường|quận|thị xã|thị trấn|thành phố"
    r"|nhân dân|trung ương)(?![\p{L}\p{M}]))")


def looks_official(name):
    """Does this name claim to speak for an office or agency ("Chủ tịch UBND tỉnh (chính thức)",
    "Sở Nội vụ", an agency's own name)? Such comments are always held for a moderator."""
    shown = visible(name).strip()
    return any(_looks_official(candidate) for candidate in dict.fromkeys((shown, latin(shown).strip())))


def _shouted(name):
    return not any(char.islower() for char in name)


def _looks_official(name):
    words = " ".join(re.findall(r"[^\W_]+", fold(name)))
    keyed = _official_key(words)
    if _OFFICIAL_LETTERS.search(keyed.replace(" ", "")) or _OFFICIAL_WORDS.search(keyed):
        return True
    if _AGENCY_KINDS.search(name) or (_shouted(name) and regex.search(_AGENCY_KIND, name)):
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
    known = _agency_names.get("folded")  # one (state, names) pair, read and replaced whole: threads share it
    if known is None or known[0] != state:
        names = {" ".join(re.findall(r"[^\W_]+", fold(n)))
                 for pair in Agency.objects.values_list("name", "short_name") for n in pair if n and len(n) >= 8}
        known = _agency_names["folded"] = (state, tuple(names))
    return known[1]


def normalize_email(email):
    """One address, one spelling: "NguoiDan@Example.COM " → "nguoidan@example.com"."""
    return (email or "").strip().lower()

