"""Public search (/tim-kiem/?q=): published plans, the tasks of published plans, published reports and the
approved comments on them, whatever diacritics the visitor types ("cai cach" finds "cải cách", "d" finds
"đ"), the words found marked in the results. A result holds every word typed.

- PostgreSQL: full text over the text folded by `cchc_fold` (lower case, unaccent, "/" split; an IMMUTABLE
  function, migrations campaigns 0013 and reports 0007): `to_tsvector('simple', cchc_fold(…)) @@
  plainto_tsquery('simple', cchc_fold(…))`, read
  from GIN indexes on exactly those expressions; only the matches are ranked, by `ts_rank_cd` over the title
  and summary plus pg_trgm's `word_similarity` of what was typed to the title (to the text, for comments).
- SQLite (development, the demo): the same folded words (Python's `fold`, registered on the connection as
  `cchc_words`) matched with LIKE, ranked by whether the words stand together in the title, then in the text.

Plans, tasks and reports are few (hundreds at national scale). Comments can be many: the index hands out
at most COMMENT_COUNT_CAP + 1 matching comments, unsorted (so a word found in a hundred thousand comments
costs what the index costs, not a read of them all), which is where the count stops ("hơn 1.000"); the newest
COMMENT_CANDIDATES of those are ranked and paged through (of every match, when there are at most 1.000).
The comment condition is written exactly as the expression of the index the discussion app carries
(migration discussion 0003), so that a large comment table is searched through it:

    CREATE INDEX comment_search_idx ON discussion_citizencomment
    USING gin (to_tsvector('simple'::regconfig, cchc_fold(comment || ' ' || answer)))
    WHERE is_public AND NOT is_removed;
"""

import re
import unicodedata
from dataclasses import dataclass
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from campaigns.models import Plan, PublishStatus, Task
from core.dates import vn_date
from core.numbers import format_number, parse_id
from core.sanitize import clean_text
from core.text import fold
from discussion.models import CitizenComment
from reports.models import Report

MAX_QUERY_LENGTH = 100
PAGE_SIZE = 20
COMMENT_CANDIDATES = 200  # the newest matching comments that are ranked (and paged through): 10 pages
COMMENT_COUNT_CAP = 1000  # beyond this the page says "hơn 1.000"
SNIPPET_CHARS = 240

# Kinds of result: the ?loai= value, the label, the order on equal rank.
KINDS = {"ke-hoach": "Kế hoạch", "nhiem-vu": "Nhiệm vụ", "bao-cao": "Báo cáo", "binh-luan": "Bình luận"}
KIND_ORDER = {kind: position for position, kind in enumerate(KINDS)}

WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"<[^>]*>")


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
    return CitizenComment


def _register_sqlite_functions():
    connection.ensure_connection()
    raw = connection.connection
    raw.create_function("cchc_words", 1, lambda t: None if t is None else search_words(TAG.sub(" ", t)),
                        deterministic=True)


# What each kind is searched by: its tables, the condition that it is public, the columns whose words must
# all be found (in this order: PostgreSQL's indexes are built on exactly this expression, migrations
# campaigns 0013 and reports 0006) and the short columns it is ranked by (title first).
SOURCES = [
    ("ke-hoach", "{plan} s", "s.status = %(published)s",
     ["s.title", "s.document_number", "s.summary", "s.body"], ["s.title", "s.summary"]),
    ("nhiem-vu", "{task} s JOIN {plan} p ON p.id = s.plan_id", "p.status = %(published)s",
     ["s.title", "s.description"], ["s.title", "s.description"]),
    ("bao-cao", "{report} s", "s.status = %(published)s",
     ["s.title", "s.document_number", "s.summary", "s.narrative"], ["s.title", "s.summary"]),
]
# Comments: the expression of the index the discussion app is to carry (module docstring).
COMMENT_COLUMNS = ["c.comment", "c.answer"]


def _joined(columns):
    return " || ' ' || ".join(columns)


class _Postgres:
    """Full text over the folded text (the parser splits the words; tags and entities are not words),
    ranked by cover density over the title and summary plus pg_trgm's word similarity of the words typed
    to the title. Only the rows that match are ranked, and the match is read from an index."""

    # The words typed pass through the same cchc_fold as the text (which splits "05/kh-ubnd" at the slash).
    tsquery = "plainto_tsquery('simple'::regconfig, cchc_fold(%(query)s))"

    def prepare(self):
        pass

    def params(self, query):
        return {"query": fold(query.text)}

    def matches(self, columns):
        return f"to_tsvector('simple'::regconfig, cchc_fold({_joined(columns)})) @@ {self.tsquery}"

    def score(self, columns):
        return (f"ts_rank_cd(to_tsvector('simple'::regconfig, cchc_fold({_joined(columns)})), {self.tsquery}, 32)"
                f" + word_similarity(%(query)s, cchc_fold({columns[0]}))")

    def comment_score(self, columns):
        # The trigram similarity alone: parsing each candidate's text again for ts_rank_cd would double it.
        return f"word_similarity(%(query)s, cchc_fold({_joined(columns)}))"


class _SQLite:
    """The same words, matched with LIKE on the folded text (no index: the fallback for development and the
    demo); ranked by the words standing together in the title, then in the short text."""

    def __init__(self, query):
        self.terms = len(query.terms)

    def prepare(self):
        _register_sqlite_functions()

    def params(self, query):
        params = {f"w{i}": f"% {term} %" for i, term in enumerate(query.terms)}
        params["phrase"] = f"% {' '.join(query.terms)} %"
        return params

    @staticmethod
    def _words(columns):
        return f"(' ' || cchc_words({_joined(columns)}) || ' ')"

    def matches(self, columns):
        return " AND ".join(f"{self._words(columns)} LIKE %(w{i})s" for i in range(self.terms))

    def score(self, columns):
        return f"2 * ({self._words(columns[:1])} LIKE %(phrase)s) + ({self._words(columns)} LIKE %(phrase)s)"

    comment_score = score


def _dialect(query):
    return _Postgres() if connection.vendor == "postgresql" else _SQLite(query)


def _tables():
    return {"plan": Plan._meta.db_table, "task": Task._meta.db_table, "report": Report._meta.db_table,
            "comment": _comment_model()._meta.db_table}


# SQL made of table names and fixed fragments only: every value is a parameter.

def _document_sql(dialect):
    """Every matching published plan, task of a published plan and published report, with its score."""
    return " UNION ALL ".join(
        f"SELECT '{kind}', s.id, {dialect.score(ranked)} FROM {tables.format(**_tables())}"  # noqa: S608 # nosec B608
        f" WHERE {published} AND {dialect.matches(columns)}"
        for kind, tables, published, columns, ranked in SOURCES)


def _comment_where(dialect):
    t = _tables()
    return (
        f"FROM {t['comment']} c WHERE c.is_public AND NOT c.is_removed AND {dialect.matches(COMMENT_COLUMNS)}"  # noqa: S608 # nosec B608
        f" AND ((c.content_type_id = %(plan_type)s AND c.object_pk IN"
        f" (SELECT CAST(p.id AS TEXT) FROM {t['plan']} p WHERE p.status = %(published)s))"
        f" OR (c.content_type_id = %(report_type)s AND c.object_pk IN"
        f" (SELECT CAST(r.id AS TEXT) FROM {t['report']} r WHERE r.status = %(published)s)))"
    )


def _comment_ids_sql(dialect):
    """Up to COMMENT_COUNT_CAP + 1 matching comments, in the order the index hands them out: no sort, so a
    word found in a hundred thousand comments costs what the index costs, not a read of all of them."""
    return f"SELECT c.id {_comment_where(dialect)} LIMIT %(cap)s"  # noqa: S608 # nosec B608


def _comment_scores_sql(dialect, count):
    """The candidates' scores (half a document's weight: on equal words the plan or report comes first)."""
    ids = ", ".join(f"%(c{i})s" for i in range(count))
    return (f"SELECT 'binh-luan', c.id, 0.5 * ({dialect.comment_score(COMMENT_COLUMNS)})"  # noqa: S608 # nosec B608
            f" FROM {_tables()['comment']} c WHERE c.id IN ({ids})")


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
    dialect = _dialect(query)
    dialect.prepare()
    params = {
        **dialect.params(query),
        "published": PublishStatus.PUBLISHED,
        "plan_type": ContentType.objects.get_for_model(Plan).pk,
        "report_type": ContentType.objects.get_for_model(Report).pk,
        "cap": COMMENT_COUNT_CAP + 1,
    }
    with connection.cursor() as cursor:
        cursor.execute(_document_sql(dialect), params)
        rows = cursor.fetchall()
        cursor.execute(_comment_ids_sql(dialect), params)
        comment_ids = [pk for (pk,) in cursor.fetchall()]
        # The newest of them are ranked: all the matches when there are at most COMMENT_COUNT_CAP.
        candidates = sorted(comment_ids, reverse=True)[:COMMENT_CANDIDATES]
        if candidates:
            cursor.execute(_comment_scores_sql(dialect, len(candidates)),
                           {**params, **{f"c{i}": pk for i, pk in enumerate(candidates)}})
            rows += cursor.fetchall()
    hits = sorted((Hit(kind, pk, float(score or 0)) for kind, pk, score in rows),
                  key=lambda h: (-h.score, KIND_ORDER[h.kind], -h.pk))
    counts = dict.fromkeys(KINDS, 0)
    for hit in hits:
        counts[hit.kind] += 1
    counts["binh-luan"] = len(comment_ids)
    return Found(hits=hits, counts=counts)


# --- the page of results -------------------------------------------------------------------------------

def _date(value):
    return vn_date(value)


def _labelled(label, text, terms):
    """Our words as they are, the content's words marked: "Nhiệm vụ của" is never marked for "cua"."""
    return mark_safe(escape(label) + highlight(text, terms))  # noqa: S308  # nosec B308 B703 — escaped


def _meta(*parts):
    return " · ".join(part for part in parts if part)


def _document_result(kind, document, date, body_html, terms):
    """A plan's or a report's result: its title, "Số …· issuing agency · date", and a snippet of its
    summary and body."""
    return {
        "kind": kind, "url": document.get_absolute_url(), "title": highlight(document.title, terms),
        "meta": highlight(_meta(document.document_number and f"Số {document.document_number}",
                                document.issuing_agency.name, _date(date)), terms),
        "snippet": snippet(f"{document.summary} {plain_text(body_html)}", terms),
    }


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
            results.append(_document_result("Kế hoạch", plan, plan.issued_on, plan.body, terms))
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
            results.append(_document_result("Báo cáo", report, report.date, report.narrative, terms))
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
        ids = [pk for pk in map(parse_id, by_type.get(type_id, ())) if pk is not None]
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
