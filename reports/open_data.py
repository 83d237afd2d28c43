"""Published reports' figures as open data (Luật Dữ liệu 2024; Nghị định 194/2025/NĐ-CP, which took over the
open-data rules of Nghị định 47/2020/NĐ-CP): machine-readable, under a licence that allows reuse, described so
that a program finds and reads them without a person.

- The catalogue: DCAT 3 in JSON-LD (`dcat_catalog`), one dcat:Dataset per published report, each with three
  distributions — CSV (this module), Excel (reports.exports) and JSON (the API) — and the same list as a page
  (/du-lieu-mo/).
- Each CSV has its CSV on the Web metadata (`csvw_metadata`, W3C "Metadata Vocabulary for Tabular Data"):
  column names, Vietnamese titles, datatypes, units, the primary key.
- Each published report's page carries a schema.org Dataset (`schema_org_dataset`), for search engines.

Only published reports, and only their frozen figures (Report.current_figures of a published report); a draft
is never in any of it. The one thing read live is an agency's official code (Quyết định 19/2025/QĐ-TTg), an
identifier fixed for the agency's life (agencies.models.Agency.clean), not a figure.

Every @context is inline (nothing to fetch): a JSON-LD processor reads the catalogue offline.
"""

import datetime as dt
from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from vietnam_provinces import Province, ProvinceCode, VietNamDivisionType

from agencies.models import Agency
from core.dates import vn_date
from core.files import csv_bytes
from core.identity import current_identity, site_name
from core.sites import absolute_url

from .models import Report

IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
CSV_MEDIA_TYPE = "text/csv"
JSON_MEDIA_TYPE = "application/json"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSVW_MEDIA_TYPE = "application/csvm+json"  # registered with IANA by the CSVW recommendation
JSON_LD_MEDIA_TYPE = "application/ld+json"
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
KEYWORDS = ("cải cách hành chính", "thông tin tuyên truyền", "báo cáo kết quả")

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "@language": "vi",
}

# The CSV: one row per agency and channel, the most detailed table of the frozen figures (added up per
# channel it gives the report's channel totals). (name, title = the CSV's header, datatype, description)
COLUMNS = (
    ("ma_co_quan", "Mã đơn vị hành chính", "string",
     "Mã của cơ quan, đơn vị theo Quyết định 19/2025/QĐ-TTg (tỉnh 2 chữ số, xã 5 chữ số); trống khi cơ quan "
     "không có mã (sở, ban, ngành)."),
    ("co_quan", "Cơ quan, đơn vị", "string", "Tên đầy đủ của cơ quan, đơn vị thực hiện, như khi chốt số liệu."),
    ("hinh_thuc", "Hình thức tuyên truyền", "string", "Hình thức thông tin, tuyên truyền."),
    ("don_vi_tinh", "Đơn vị tính", "string", "Đơn vị của cột “Kết quả” ở cùng dòng (đề tài, kỳ, buổi, …)."),
    ("ket_qua", "Kết quả", "integer",
     "Kết quả theo đơn vị tính ở cột “Đơn vị tính”; không cộng các dòng có đơn vị tính khác nhau."),
    ("so_hoat_dong", "Số hoạt động", "integer", "Số hoạt động đã được duyệt tạo nên kết quả."),
)
PRIMARY_KEY = ["co_quan", "hinh_thuc"]


def license_url():
    return settings.OPEN_DATA_LICENSE_URL


def license_name():
    return settings.OPEN_DATA_LICENSE_NAME


def published_reports():
    """What the catalogue lists: published reports, newest first, without their figures (not needed)."""
    return Report.objects.published().listing().select_related("issuing_agency", "plan").order_by("-date", "-id")


def period_of(report) -> tuple[dt.date, dt.date]:
    """The time the figures cover: the report's period, or its plan's year (a plan's activities all fall in it:
    campaigns.models.Activity.clean)."""
    if report.period_start and report.period_end:
        return report.period_start, report.period_end
    return dt.date(report.plan.year, 1, 1), dt.date(report.plan.year, 12, 31)


def iso_interval(report) -> str:
    """ISO 8601 interval of dates, "2019-04-01/2019-06-30"."""
    start, end = period_of(report)
    return f"{start.isoformat()}/{end.isoformat()}"


def period_text(report) -> str:
    start, end = period_of(report)
    return f"{vn_date(start)} – {vn_date(end)}"


@cache
def _province_name(code: str) -> str:
    try:
        province = Province.from_code(ProvinceCode(int(code)))
    except (ValueError, KeyError):
        return ""
    name = province.name
    return f"tỉnh {name}" if province.division_type == VietNamDivisionType.TINH else name[:1].lower() + name[1:]


def province_name(identity=None) -> str:
    """ "tỉnh …" / "thành phố …" from the portal's province code (the official list); "" without one."""
    code = (identity or current_identity()).province_code
    return _province_name(code) if code else ""


def publisher_name(identity=None) -> str:
    identity = identity or current_identity()
    return identity.operator_name.strip() or site_name(identity)


def _urls(report):
    slug = {"slug": report.slug}
    return {
        "page": absolute_url(report.get_absolute_url()),
        "csv": absolute_url(reverse("reports:open_data_csv", kwargs=slug)),
        "csv_metadata": absolute_url(reverse("reports:open_data_csv_metadata", kwargs=slug)),
        "xlsx": absolute_url(reverse("reports:report_download", kwargs={**slug, "fmt": "xlsx"})),
        "json": absolute_url(reverse("api:report_detail", kwargs=slug)),
    }


def local_time(moment) -> str:
    """Việt Nam's time to the second with its offset, as the API writes it: 2020-01-05T08:00:00+07:00."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _plain(text):
    """A string in no language (an identifier, a code): the context's "@language": "vi" is for words."""
    return {"@value": text}


def _moment(value):
    return {"@value": local_time(value), "@type": "xsd:dateTime"}


def _day(value):
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _description(report):
    return report.summary.strip() or report.title


def _distributions(report, urls):
    licence = {"@id": license_url()}
    files = (
        ("csv", CSV_MEDIA_TYPE, "CSV", "Số liệu theo cơ quan và hình thức (CSV, UTF-8)"),
        ("xlsx", XLSX_MEDIA_TYPE, "XLSX", "Toàn bộ số liệu (Excel)"),
        ("json", JSON_MEDIA_TYPE, "JSON", "Toàn bộ số liệu (JSON, API)"),
    )
    distributions = []
    for key, media_type, file_type, title in files:
        distribution = {
            "@id": f"{urls[key]}#phan-phoi", "@type": "dcat:Distribution", "dct:title": title,
            "dcat:accessURL": {"@id": urls[key]}, "dcat:downloadURL": {"@id": urls[key]},
            "dcat:mediaType": {"@id": IANA + media_type}, "dct:format": {"@id": FILE_TYPE + file_type},
            "dct:license": licence, "dct:issued": _moment(report.published_at),
            "dct:modified": _moment(report.figures_as_of),
        }
        if key == "csv":  # the CSV's schema: its CSV on the Web metadata
            distribution["dct:conformsTo"] = {"@id": urls["csv_metadata"], "@type": "dct:Standard",
                                              "dct:title": "Mô tả CSV theo chuẩn W3C CSV on the Web"}
        distributions.append(distribution)
    return distributions


def _agency(agency):
    node = {"@id": f"{absolute_url(reverse('reports:open_data'))}#co-quan-{agency.pk}", "@type": "foaf:Organization",
            "foaf:name": agency.name}
    if agency.official_code:
        node["dct:identifier"] = _plain(agency.official_code)
    return node


def dcat_dataset(report, *, spatial=""):
    urls = _urls(report)
    start, end = period_of(report)
    dataset = {
        "@id": f"{urls['page']}#du-lieu", "@type": "dcat:Dataset",
        "dct:identifier": _plain(report.slug),
        "dct:title": report.title,
        "dct:description": _description(report),
        "dct:issued": _moment(report.published_at),
        "dct:modified": _moment(report.figures_as_of),
        "dct:publisher": _agency(report.issuing_agency),
        "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": _day(start), "dcat:endDate": _day(end),
                         "rdfs:label": iso_interval(report)},
        "dct:license": {"@id": license_url()},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
        "dcat:keyword": list(KEYWORDS),
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"},
        "dcat:landingPage": {"@id": urls["page"]},
        "dcat:distribution": _distributions(report, urls),
    }
    if report.document_number:
        dataset["dct:alternative"] = report.document_number
    if spatial:
        dataset["dct:spatial"] = {"@type": "dct:Location", "skos:prefLabel": spatial}
    return dataset


def dcat_catalog(reports=None):
    """The DCAT 3 catalogue as a JSON-LD document (a dict), one dataset per published report."""
    reports = list(published_reports() if reports is None else reports)
    identity = current_identity()
    page = absolute_url(reverse("reports:open_data"))
    publisher = {"@id": f"{page}#co-quan-chu-quan", "@type": "foaf:Organization",
                 "foaf:name": publisher_name(identity), "foaf:homepage": {"@id": absolute_url("/")}}
    catalog = {
        "@context": DCAT_CONTEXT,
        "@id": absolute_url(reverse("reports:open_data_catalog")), "@type": "dcat:Catalog",
        "dct:title": f"Dữ liệu mở — {site_name(identity)}",
        "dct:description": "Số liệu đã chốt của các báo cáo kết quả thông tin, tuyên truyền cải cách hành chính "
                           "đã công khai, dạng máy đọc được, được tự do sử dụng lại theo giấy phép.",
        "dct:publisher": publisher,
        "dct:license": {"@id": license_url()},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
        "foaf:homepage": {"@id": page},
        "dcat:dataset": [dcat_dataset(report, spatial=province_name(identity)) for report in reports],
    }
    if reports:
        catalog["dct:modified"] = _moment(max(report.figures_as_of for report in reports))
    if identity.email:
        catalog["dcat:contactPoint"] = {"@type": "vcard:Organization", "vcard:fn": publisher_name(identity),
                                        "vcard:hasEmail": {"@id": f"mailto:{identity.email}"}}
    return catalog


def agency_codes(figures) -> dict:
    """{agency id: official code} of the agencies in the figures that have one."""
    ids = {row["agency_id"] for row in figures["agency_channels"] if row["agency_id"] is not None}
    return dict(Agency.objects.filter(pk__in=ids).exclude(official_code="").values_list("pk", "official_code"))


def csv_rows(figures, *, codes):
    """One row per agency and channel. The agency by its full name as frozen (unique: two communes may share
    a short name, and the primary key (co_quan, hinh_thuc) must not repeat); the short name for figures
    frozen without the agencies' list."""
    full = {a["agency_id"]: a["name"] for a in figures.get("agencies", []) if a.get("agency_id") and a.get("name")}
    for row in figures["agency_channels"]:
        yield [codes.get(row["agency_id"]) or None, full.get(row["agency_id"], row["agency"]), row["channel"],
               row["unit"], row["total"], row["activities"]]


def open_data_csv(figures, *, codes) -> bytes:
    """RFC 4180 CSV in UTF-8 *without* a byte-order mark (the files for people, reports.exports, have one for
    Excel): CSVW reads UTF-8, and a program that does not strip a BOM (R, many CSV libraries) would name the
    first column "\\ufeffMã…". The formula guard (core.files.safe_cell) stays: a text that starts like a
    formula is written with a leading apostrophe, as in every CSV of the portal."""
    return csv_bytes([title for _n, title, _t, _d in COLUMNS], csv_rows(figures, codes=codes)).removeprefix(
        "\ufeff".encode())


def csvw_metadata(report) -> dict:
    """The CSV's description (W3C CSV on the Web): what each column is, in Vietnamese, and its datatype."""
    urls = _urls(report)
    identity = current_identity()
    return {
        "@context": [CSVW_CONTEXT, {"@language": "vi"}],
        "url": urls["csv"],
        "dc:title": f"{report.title} — số liệu theo cơ quan và hình thức tuyên truyền",
        "dc:description": (f"{_description(report)} Số liệu đã chốt ngày {vn_date(report.figures_as_of)}; mỗi dòng "
                           "là kết quả của một cơ quan, đơn vị theo một hình thức tuyên truyền. Ô văn bản bắt đầu "
                           "bằng =, +, -, @ được thêm dấu ' ở đầu để không bị bảng tính hiểu là công thức."),
        "dc:publisher": publisher_name(identity),
        "dc:creator": report.issuing_agency.name,
        "dc:license": {"@id": license_url()},
        "dc:issued": _moment(report.published_at),
        "dc:modified": _moment(report.figures_as_of),
        "dc:temporal": iso_interval(report),
        "dc:source": {"@id": urls["page"]},
        "dialect": {"encoding": "utf-8", "header": True, "delimiter": ","},
        "tableSchema": {
            "columns": [{"name": name, "titles": title, "datatype": datatype, "dc:description": description,
                         **({"required": True} if name in PRIMARY_KEY else {})}
                        for name, title, datatype, description in COLUMNS],
            "primaryKey": PRIMARY_KEY,
        },
    }


def schema_org_dataset(report) -> dict:
    """schema.org Dataset for the report's page (a JSON-LD data block), as search engines read datasets."""
    urls = _urls(report)
    identity = current_identity()
    dataset = {
        "@context": "https://schema.org", "@type": "Dataset", "@id": f"{urls['page']}#du-lieu",
        "name": report.title, "description": _description(report), "url": urls["page"],
        "identifier": report.slug, "inLanguage": "vi", "isAccessibleForFree": True,
        "license": license_url(), "keywords": list(KEYWORDS),
        "temporalCoverage": iso_interval(report),
        "datePublished": local_time(report.published_at), "dateModified": local_time(report.figures_as_of),
        "creator": {"@type": "GovernmentOrganization", "name": report.issuing_agency.name},
        "publisher": {"@type": "GovernmentOrganization", "name": publisher_name(identity)},
        "includedInDataCatalog": {"@type": "DataCatalog", "name": f"Dữ liệu mở — {site_name(identity)}",
                                  "url": absolute_url(reverse("reports:open_data"))},
        "distribution": [{"@type": "DataDownload", "encodingFormat": media_type, "contentUrl": urls[key]}
                         for key, media_type in (("csv", CSV_MEDIA_TYPE), ("xlsx", XLSX_MEDIA_TYPE),
                                                 ("json", JSON_MEDIA_TYPE))],
    }
    if spatial := province_name(identity):
        dataset["spatialCoverage"] = {"@type": "Place", "name": spatial}
    return dataset
