"""Public search (/tim-kiem/?q=): published plans, the tasks of published plans, published reports and the
approved comments on them, whatever diacritics the visitor types ("cai cach" finds "cải cách", "d" finds
"đ"), the words found marked in the results.

One text rule on both databases: lower case, no diacritics, words of letters and digits
(`cchc_search_text`: an IMMUTABLE SQL function on PostgreSQL, created by migration reports 0004; a Python
function of the same name registered on an SQLite connection). A result holds every word typed.

- PostgreSQL: full text (`to_tsvector('simple', cchc_search_text(…)) @@ plainto_tsquery('simple', …)`), ranked
  by `ts_rank_cd` (title words weigh most) plus pg_trgm's `word_similarity` of the words typed to the title.
- SQLite (development, the demo): the same words matched with LIKE on the folded text, ranked by whether the
  words stand together in the title, then in the text.

Plans, tasks and reports are few (hundreds at national scale) and are read whole. Comments can be many: at
most COMMENT_CANDIDATES of them, the newest that match, are ranked, and the count stops at
COMMENT_COUNT_CAP ("hơn 1.000"). On PostgreSQL the comment condition is written exactly as the expression
index below, so that a large comment table is searched through the index:

    CREATE INDEX comment_search_idx ON discussion_citizencomment
    USING gin (to_tsvector('simple'::regconfig, cchc_search_text(comment || ' ' || answer)))
    WHERE is_public AND NOT is_removed;
"""

import re
import unicodedata
from dataclasses import dataclass
from html import unescape

import django_comments
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from campaigns.models import Plan, PublishStatus, Task
from core.numbers import format_number
from core.sanitize import clean_text

from .models import Report

MAX_QUERY_LENGTH = 100
PAGE_SIZE = 20
COMMENT_CANDIDATES = 500  # the newest matching comments that are ranked (and paged through)
COMMENT_COUNT_CAP = 1000  # beyond this the page says "hơn 1.000"
SNIPPET_CHARS = 240

# Kinds of result: the ?loai= value, the label, the order on equal rank.
KINDS = {"ke-hoach": "Kế hoạch", "nhiem-vu": "Nhiệm vụ", "bao-cao": "Báo cáo", "binh-luan": "Bình luận"}
KIND_ORDER = {kind: position for position, kind in enumerate(KINDS)}

WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"<[^>]*>")


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
    return unicodedata.normalize("NFC", text or "").translate(FOLD).lower()


def search_words(text):
    """The words a text is searched by: "05/KH-UBND, Cải cách" → "05 kh ubnd cai cach"."""
    return " ".join(WORD.findall(fold(text)))


def plain_text(html):
    """Rich text as words: "<h2>Mục đích</h2><p>Tiếp tục" → "Mục đích Tiếp tục"."""
    return " ".join(unescape(strip_tags(TAG.sub(" ", html or ""))).split())


# --- the query -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchQuery:
    text: str = ""  # as typed, tidied: shown back in the search box
    terms: tuple = ()  # the folded words
    error: str = ""

    @property
    def searchable(self):
        return bool(self.terms) and not self.error


def parse_query(raw):
    """What the visitor typed, checked: never longer than MAX_QUERY_LENGTH characters (a message, not an
    error page), control characters dropped, each word once."""
    text = " ".join(clean_text(raw or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        return SearchQuery(text=text[:MAX_QUERY_LENGTH], error=(
            f"Từ khóa dài quá {MAX_QUERY_LENGTH} ký tự (bạn đã nhập {format_number(len(text))} ký tự). "
            "Hãy rút gọn, chỉ giữ vài từ chính."))
    terms = tuple(dict.fromkeys(WORD.findall(fold(text))))
    if text and not terms:
        return SearchQuery(text=text, error="Hãy nhập chữ hoặc số cần tìm.")
    return SearchQuery(text=text, terms=terms)


# --- marking what was found ----------------------------------------------------------------------------

def _pattern(terms):
    words = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{words})(?![^\W_])")


def _spans(text, terms):
    """Where the words stand in `text` (NFC): whole words, whatever their diacritics; neighbours separated
    only by spaces join into one span."""
    spans = []
    folded = fold(text)
    for match in _pattern(terms).finditer(folded):
        start, end = match.span()
        if spans and not folded[spans[-1][1]:start].strip():
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def highlight(text, terms, spans=None):
    """The text escaped, the words found inside <mark>: every character of the text goes through
    `escape`; only the <mark> tags are ours."""
    text = unicodedata.normalize("NFC", text or "")
    spans = _spans(text, terms) if spans is None else spans
    out, position = [], 0
    for start, end in spans:
        out.append(f"{escape(text[position:start])}<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703 — each piece escaped above


def snippet(text, terms, *, length=SNIPPET_CHARS):
    """About `length` characters of `text` around the first word found (its start if none), cut between
    words, marked."""
    text = unicodedata.normalize("NFC", " ".join((text or "").split()))
    if not text:
        return ""
    spans = _spans(text, terms)
    if len(text) <= length:
        return highlight(text, terms, spans)
    first = spans[0][0] if spans else 0
    start = max(0, first - length // 3)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    window = text[start:end]
    shifted = [(max(s, start) - start, min(e, end) - start) for s, e in spans if e > start and s < end]
    return mark_safe(("…" if start else "") + highlight(window, terms, shifted)  # noqa: S308  # nosec B308 B703
                     + ("…" if end < len(text) else ""))


# --- the queries ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    kind: str
    pk: int
    score: float


def _comment_model():
    return django_comments.get_model()


def _register_sqlite_functions():
    connection.ensure_connection()
    raw = connection.connection
    raw.create_function("cchc_search_text", 1, lambda t: None if t is None else search_words(t),
                        deterministic=True)
    raw.create_function("cchc_strip_tags", 1, lambda t: None if t is None else TAG.sub(" ", t),
                        deterministic=True)


class _Postgres:
    """Full text over the folded words; rank: cover density (title A, summary B, body D) plus the trigram
    word similarity of the words typed to the title."""

    tsquery = "plainto_tsquery('simple'::regconfig, %(words)s)"

    def prepare(self):
        pass

    def params(self, terms):
        return {"words": " ".join(terms)}

    def strip_tags(self, column):
        return f"regexp_replace({column}, '<[^>]*>', ' ', 'g')"

    def document(self, weighted):
        return " || ".join(
            f"setweight(to_tsvector('simple'::regconfig, cchc_search_text({column})), '{weight}')"
            for column, weight in weighted)

    def title(self, column):
        return f"cchc_search_text({column})"

    def matches(self, document):
        return f"{document} @@ {self.tsquery}"

    def score(self, document, title):
        return f"ts_rank_cd({document}, {self.tsquery}, 32) + word_similarity(%(words)s, {title})"

    def comment_document(self, alias):
        # Exactly the expression of comment_search_idx (module docstring).
        return f"to_tsvector('simple'::regconfig, cchc_search_text({alias}.comment || ' ' || {alias}.answer))"


class _SQLite:
    """The same folded words, matched with LIKE (no index: the fallback for development and the demo)."""

    def __init__(self, terms):
        self.terms = len(terms)

    def prepare(self):
        _register_sqlite_functions()

    def params(self, terms):
        params = {f"w{i}": f"% {term} %" for i, term in enumerate(terms)}
        params["phrase"] = f"% {' '.join(terms)} %"
        return params

    def strip_tags(self, column):
        return f"cchc_strip_tags({column})"

    def document(self, weighted):
        joined = " || ' ' || ".join(column for column, _weight in weighted)
        return f"(' ' || cchc_search_text({joined}) || ' ')"

    def title(self, column):
        return f"(' ' || cchc_search_text({column}) || ' ')"

    def matches(self, document):
        return " AND ".join(f"{document} LIKE %(w{i})s" for i in range(self.terms))

    def score(self, document, title):
        return f"2 * ({title} LIKE %(phrase)s) + ({document} LIKE %(phrase)s)"

    def comment_document(self, alias):
        return self.document([(f"{alias}.comment", "B"), (f"{alias}.answer", "B")])


def _dialect(terms):
    return _Postgres() if connection.vendor == "postgresql" else _SQLite(terms)


def _document_sql(dialect):
    plan, task, report = Plan._meta.db_table, Task._meta.db_table, Report._meta.db_table
    sources = [
        ("ke-hoach", f"{plan} s", "s.status = %(published)s", "s.title",
         [("s.title || ' ' || s.document_number", "A"), ("s.summary", "B"), (dialect.strip_tags("s.body"), "D")]),
        ("nhiem-vu", f"{task} s JOIN {plan} p ON p.id = s.plan_id", "p.status = %(published)s", "s.title",
         [("s.title", "A"), ("s.description", "B")]),
        ("bao-cao", f"{report} s", "s.status = %(published)s", "s.title",
         [("s.title || ' ' || s.document_number", "A"), ("s.summary", "B"),
          (dialect.strip_tags("s.narrative"), "D")]),
    ]
    # SQL made of table names and fixed fragments only: every value is a parameter.
    selects = [
        f"SELECT '{kind}' AS kind, s.id AS pk, {dialect.title(title)} AS title, {dialect.document(weighted)} AS doc"  # noqa: S608
        f" FROM {tables} WHERE {published}"
        for kind, tables, published, title, weighted in sources
    ]
    return (f"SELECT kind, pk, {dialect.score('doc', 'title')} AS score FROM ({' UNION ALL '.join(selects)}) d"  # noqa: S608
            f" WHERE {dialect.matches('doc')}")


def _comment_where(dialect):
    comment, plan, report = _comment_model()._meta.db_table, Plan._meta.db_table, Report._meta.db_table
    document = dialect.comment_document("c")
    return (
        f"FROM {comment} c WHERE c.is_public AND NOT c.is_removed AND {dialect.matches(document)}"  # noqa: S608
        f" AND ((c.content_type_id = %(plan_type)s AND c.object_pk IN"
        f" (SELECT CAST(p.id AS TEXT) FROM {plan} p WHERE p.status = %(published)s))"
        f" OR (c.content_type_id = %(report_type)s AND c.object_pk IN"
        f" (SELECT CAST(r.id AS TEXT) FROM {report} r WHERE r.status = %(published)s)))"
    )


def _comment_sql(dialect):
    """The newest COMMENT_CANDIDATES matching comments, ranked (half a document's weight: on equal words the
    plan or report comes first)."""
    document = dialect.comment_document("c")
    return (f"SELECT 'binh-luan', pk, 0.5 * ({dialect.score('doc', 'title')}) FROM ("  # noqa: S608
            f"SELECT c.id AS pk, {document} AS doc, {dialect.title('c.comment')} AS title {_comment_where(dialect)}"
            f" ORDER BY c.submit_date DESC LIMIT %(candidates)s) h")


def _comment_count_sql(dialect):
    return f"SELECT COUNT(*) FROM (SELECT 1 {_comment_where(dialect)} LIMIT %(cap)s) h"  # noqa: S608  # nosec B608


@dataclass
class Found:
    hits: list  # ranked, best first: every matching plan, task and report; the comment candidates
    counts: dict  # per kind; comments counted up to COMMENT_COUNT_CAP + 1

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def more_comments_than_ranked(self):
        return self.counts["binh-luan"] > COMMENT_CANDIDATES


def find(query):
    """Every match of a searchable query, ranked: three queries whatever the size of the tables."""
    dialect = _dialect(query.terms)
    dialect.prepare()
    params = {
        **dialect.params(query.terms),
        "published": PublishStatus.PUBLISHED,
        "plan_type": ContentType.objects.get_for_model(Plan).pk,
        "report_type": ContentType.objects.get_for_model(Report).pk,
        "candidates": COMMENT_CANDIDATES,
        "cap": COMMENT_COUNT_CAP + 1,
    }
    with connection.cursor() as cursor:
        cursor.execute(_document_sql(dialect), params)
        rows = cursor.fetchall()
        cursor.execute(_comment_sql(dialect), params)
        rows += cursor.fetchall()
        cursor.execute(_comment_count_sql(dialect), params)
        (comment_count,) = cursor.fetchone()
    hits = sorted((Hit(kind, pk, float(score or 0)) for kind, pk, score in rows),
                  key=lambda h: (-h.score, KIND_ORDER[h.kind], -h.pk))
    counts = dict.fromkeys(KINDS, 0)
    for hit in hits:
        counts[hit.kind] += 1
    counts["binh-luan"] = comment_count
    return Found(hits=hits, counts=counts)


# --- the page of results -------------------------------------------------------------------------------

def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _labelled(label, text, terms):
    """Our words as they are, the content's words marked: "Nhiệm vụ của" is never marked for "cua"."""
    return mark_safe(escape(label) + highlight(text, terms))  # noqa: S308  # nosec B308 B703 — escaped


def _meta(*parts):
    return " · ".join(part for part in parts if part)


def _results(hits, terms):
    """What the page shows for its hits, in their order: a few queries whatever the page holds."""
    wanted = {kind: [h.pk for h in hits if h.kind == kind] for kind in KINDS}
    plans = Plan.objects.select_related("issuing_agency").in_bulk(wanted["ke-hoach"])
    tasks = Task.objects.select_related("plan").in_bulk(wanted["nhiem-vu"])
    reports = Report.objects.defer("figures").select_related("issuing_agency").in_bulk(wanted["bao-cao"])
    comments = _comment_model().objects.select_related("answer_agency").in_bulk(wanted["binh-luan"])
    targets = _comment_targets(comments.values())
    results = []
    for hit in hits:
        if hit.kind == "ke-hoach" and hit.pk in plans:
            plan = plans[hit.pk]
            results.append({
                "kind": "Kế hoạch", "url": plan.get_absolute_url(), "title": highlight(plan.title, terms),
                "meta": highlight(_meta(plan.document_number and f"Số {plan.document_number}",
                                        plan.issuing_agency.name, _date(plan.issued_on)), terms),
                "snippet": snippet(f"{plan.summary} {plain_text(plan.body)}", terms),
            })
        elif hit.kind == "nhiem-vu" and hit.pk in tasks:
            task = tasks[hit.pk]
            results.append({
                "kind": "Nhiệm vụ", "url": f"{task.plan.get_absolute_url()}#nhiem-vu",
                "title": highlight(task.title, terms),
                "meta": _labelled("Nhiệm vụ của ", str(task.plan), terms),
                "snippet": snippet(task.description, terms),
            })
        elif hit.kind == "bao-cao" and hit.pk in reports:
            report = reports[hit.pk]
            results.append({
                "kind": "Báo cáo", "url": report.get_absolute_url(), "title": highlight(report.title, terms),
                "meta": highlight(_meta(report.document_number and f"Số {report.document_number}",
                                        report.issuing_agency.name, _date(report.date)), terms),
                "snippet": snippet(f"{report.summary} {plain_text(report.narrative)}", terms),
            })
        elif hit.kind == "binh-luan" and hit.pk in comments:
            comment = comments[hit.pk]
            target = targets.get((comment.content_type_id, comment.object_pk))
            if target is None:
                continue
            answer_spans = _spans(comment.answer, terms) if comment.answer else []
            results.append({
                "kind": "Bình luận", "url": f"{target.get_absolute_url()}#bl-{comment.pk}",
                "title": _labelled(f"Bình luận của {comment.user_name} về ", target.title, terms),
                "meta": _date(comment.submit_date),
                "snippet": snippet(comment.comment, terms),
                "answer": snippet(comment.answer, terms) if answer_spans or not _spans(comment.comment, terms)
                else "",
                "answer_agency": comment.answer_agency.name if comment.answer and comment.answer_agency else "",
            })
    return results


def _comment_targets(comments):
    """The published plan or report of each comment, keyed (content type, object_pk): two queries."""
    by_type = {}
    for comment in comments:
        by_type.setdefault(comment.content_type_id, set()).add(comment.object_pk)
    targets = {}
    for model in (Plan, Report):
        type_id = ContentType.objects.get_for_model(model).pk
        ids = [int(pk) for pk in by_type.get(type_id, ()) if pk.isdigit()]
        if ids:
            for obj in model.objects.published().only("id", "title", "slug").filter(pk__in=ids):
                targets[(type_id, str(obj.pk))] = obj
    return targets


def search_page(query, *, kind="", page_number=None):
    """Context for the results page: counts per kind, the page of the chosen kind (all kinds by default)."""
    found = find(query)
    hits = [hit for hit in found.hits if not kind or hit.kind == kind]
    page = Paginator(hits, PAGE_SIZE).get_page(page_number)
    return {
        "found": found,
        "page": page,
        "results": _results(page.object_list, query.terms),
        "comment_count_capped": found.counts["binh-luan"] > COMMENT_COUNT_CAP,
        "comments_ranked": COMMENT_CANDIDATES,
    }
