"""Open data (issue 26, item 12): every published report's frozen figures as a DCAT 3 catalogue (JSON-LD), a
CSV with its CSV on the Web metadata, Excel and JSON, listed on /du-lieu-mo/, and a schema.org Dataset on the
report's page. Read back as machines read them: the catalogue and the page's JSON-LD through rdflib's JSON-LD
parser (offline: the published context is inline, and the network is cut), every CSV through its metadata."""

import csv
import datetime as dt
import io
import json
import re
import socket

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from agencies.models import Agency
from reports.models import Report
from reports.open_data import csv_rows, open_data_csv
from reports.report_publishing import report_publish

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
SDO = Namespace("https://schema.org/")
IANA = "https://www.iana.org/assignments/media-types/"
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
DEMO_SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"
CATALOG_URL = reverse("reports:open_data_catalog")
PAGE_URL = reverse("reports:open_data")


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """No test here may reach the network: a JSON-LD parser that fetched a remote context would fail."""
    def refuse(*args, **kwargs):
        raise AssertionError("the network was used")
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def draft(demo):
    plan = Report.objects.get(slug=DEMO_SLUG).plan
    return Report.objects.create(title="Dự thảo báo cáo quý III năm 2019", slug="du-thao-quy-iii-2019",
                                 date=dt.date(2019, 9, 20), period=Report.Period.QUARTER, plan=plan,
                                 period_start=dt.date(2019, 7, 1), period_end=dt.date(2019, 9, 30),
                                 issuing_agency=plan.issuing_agency)


def graph_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    graph = Graph()
    graph.parse(data=response.content.decode(), format="json-ld", base="http://testserver/")
    return graph


def path_of(url):
    assert str(url).startswith("http://testserver/")
    return str(url).removeprefix("http://testserver")


def read_through_metadata(client, metadata):
    """A small CSVW reader (W3C "Model for Tabular Data and Metadata"): the CSV at the metadata's `url`, its
    header row checked against the columns' titles, each cell parsed by its column's datatype, "" as null."""
    response = client.get(path_of(metadata["url"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")  # strict: the file must be UTF-8
    columns = metadata["tableSchema"]["columns"]
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == [column["titles"] for column in columns]
    parse = {"integer": int, "string": str}
    rows = []
    for line in lines[1:]:
        assert len(line) == len(columns)
        rows.append({column["name"]: None if cell == "" else parse[column["datatype"]](cell)
                     for column, cell in zip(columns, line, strict=True)})
    return text, rows


class TestOpenDataOnTheDemo:
    def test_catalogue_page_lists_each_published_report_with_its_files_and_never_a_draft(self, client, q2_report,
                                                                                          draft):
        html = client.get(PAGE_URL).content.decode()
        assert "<h1>Dữ liệu mở</h1>" in html
        for report in Report.objects.published():
            assert report.title in html
            for url in (reverse("reports:open_data_csv", kwargs={"slug": report.slug}),
                        reverse("reports:open_data_csv_metadata", kwargs={"slug": report.slug}),
                        reverse("reports:report_download", kwargs={"slug": report.slug, "fmt": "xlsx"}),
                        reverse("api:report_detail", kwargs={"slug": report.slug})):
                assert f'href="{url}"' in html
        assert "01/04/2019 – 30/06/2019" in html and "01/01/2019 – 31/12/2019" in html
        assert "Ủy ban nhân dân tỉnh Cà Mau" in html
        assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html
        assert draft.title not in html and draft.slug not in html
        assert f'href="{CATALOG_URL}"' in html
        # Reachable from every page: the main menu.
        assert f'href="{PAGE_URL}"' in client.get(reverse("reports:home")).content.decode()

    def test_dcat_catalogue_read_by_a_json_ld_parser(self, client, q2_report, draft):
        graph = graph_of(client.get(CATALOG_URL))
        (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
        assert str(catalog) == "http://testserver/du-lieu-mo/catalog.jsonld"
        assert graph.value(catalog, DCT.title) == Literal("Dữ liệu mở — Cổng thông tin tuyên truyền cải cách hành "
                                                          "chính tỉnh Cà Mau", lang="vi")
        assert graph.value(catalog, DCT.license) == CC_BY
        publisher = graph.value(catalog, DCT.publisher)
        assert (publisher, RDF.type, FOAF.Organization) in graph
        assert graph.value(publisher, FOAF.name) == Literal("Ủy ban nhân dân tỉnh Cà Mau", lang="vi")

        datasets = set(graph.objects(catalog, DCAT.dataset))
        assert len(datasets) == Report.objects.published().count() == 2
        assert set(graph.subjects(RDF.type, DCAT.Dataset)) == datasets
        by_id = {str(graph.value(d, DCT.identifier)): d for d in datasets}
        assert set(by_id) == {DEMO_SLUG, q2_report.slug}

        q2 = by_id[q2_report.slug]
        assert graph.value(q2, DCT.identifier) == Literal(q2_report.slug)  # an identifier is in no language
        assert graph.value(q2, DCT.title) == Literal(q2_report.title, lang="vi")
        assert graph.value(q2, DCT.description) == Literal("Kết quả quý II năm 2019.", lang="vi")
        assert graph.value(q2, DCT.issued).datatype == XSD.dateTime
        local = timezone.localtime(q2_report.figures_as_of).replace(microsecond=0).isoformat()
        assert local.endswith("+07:00")  # Việt Nam's time, to the second, as the API writes it
        assert graph.value(q2, DCT.modified) == Literal(local, datatype=XSD.dateTime)
        year = by_id[DEMO_SLUG]
        assert graph.value(year, DCT.issued) == Literal("2020-01-05T08:00:00+07:00", datatype=XSD.dateTime)
        period = graph.value(q2, DCT.temporal)
        assert (period, RDF.type, DCT.PeriodOfTime) in graph
        assert graph.value(period, DCAT.startDate) == Literal("2019-04-01", datatype=XSD.date)
        assert graph.value(period, DCAT.endDate) == Literal("2019-06-30", datatype=XSD.date)
        assert str(graph.value(period, RDFS.label)) == "2019-04-01/2019-06-30"  # ISO 8601 interval
        assert str(graph.value(graph.value(by_id[DEMO_SLUG], DCT.temporal), RDFS.label)) == "2019-01-01/2019-12-31"
        assert str(graph.value(graph.value(q2, DCT.spatial), SKOS.prefLabel)) == "tỉnh Cà Mau"
        assert Literal("cải cách hành chính", lang="vi") in set(graph.objects(q2, DCAT.keyword))
        assert graph.value(q2, DCAT.landingPage) == URIRef(f"http://testserver/bao-cao/{q2_report.slug}/")
        assert graph.value(graph.value(q2, DCT.publisher), FOAF.name) == Literal(q2_report.issuing_agency.name,
                                                                                  lang="vi")

        for dataset in datasets:
            slug = str(graph.value(dataset, DCT.identifier))
            distributions = {str(graph.value(d, DCAT.mediaType)).removeprefix(IANA): d
                             for d in graph.objects(dataset, DCAT.distribution)}
            assert set(distributions) == {
                "text/csv", "application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
            for distribution in distributions.values():
                assert (distribution, RDF.type, DCAT.Distribution) in graph
                assert graph.value(distribution, DCT.license) == CC_BY
                assert graph.value(distribution, DCAT.accessURL) is not None
                assert client.get(path_of(graph.value(distribution, DCAT.downloadURL))).status_code == 200
            csv_distribution = distributions["text/csv"]
            assert str(graph.value(csv_distribution, DCT["format"])).endswith("/file-type/CSV")
            assert graph.value(csv_distribution, DCAT.downloadURL) == URIRef(
                f"http://testserver/du-lieu-mo/{slug}/so-lieu.csv")
            assert graph.value(csv_distribution, DCT.conformsTo) == URIRef(
                f"http://testserver/du-lieu-mo/{slug}/so-lieu.csv-metadata.json")

    def test_every_csv_reads_back_through_its_csvw_metadata_as_the_frozen_figures(self, client, q2_report):
        graph = graph_of(client.get(CATALOG_URL))
        metadata_urls = [url for url in graph.objects(None, DCT.conformsTo)]
        assert len(metadata_urls) == 2
        codes = dict(Agency.objects.values_list("pk", "official_code"))
        for url in metadata_urls:
            response = client.get(path_of(url))
            assert response["Content-Type"] == "application/csvm+json"
            metadata = json.loads(response.content)
            assert metadata["@context"] == ["http://www.w3.org/ns/csvw", {"@language": "vi"}]
            assert metadata["dc:license"] == {"@id": str(CC_BY)}
            schema = metadata["tableSchema"]
            assert [c["name"] for c in schema["columns"]] == [
                "ma_co_quan", "co_quan", "hinh_thuc", "don_vi_tinh", "ket_qua", "so_hoat_dong"]
            assert [c["datatype"] for c in schema["columns"]] == ["string", "string", "string", "string", "integer",
                                                                  "integer"]
            assert schema["primaryKey"] == ["co_quan", "hinh_thuc"]
            assert metadata["dc:issued"]["@value"].endswith("+07:00")
            text, rows = read_through_metadata(client, metadata)
            assert not text.startswith("\ufeff")

            slug = metadata["url"].split("/")[-2]
            figures = Report.objects.get(slug=slug).current_figures()
            full = {a["agency_id"]: a["name"] for a in figures["agencies"]}  # the full name, unique
            assert rows == [{"ma_co_quan": codes.get(row["agency_id"]) or None, "co_quan": full[row["agency_id"]],
                             "hinh_thuc": row["channel"], "don_vi_tinh": row["unit"], "ket_qua": row["total"],
                             "so_hoat_dong": row["activities"]} for row in figures["agency_channels"]]
            assert len({(row["co_quan"], row["hinh_thuc"]) for row in rows}) == len(rows)  # the primary key holds
            # Added up per channel, the rows give the report's channel totals.
            for channel in figures["channels"]:
                assert sum(r["ket_qua"] for r in rows if r["hinh_thuc"] == channel["name"]) == channel["total"]

    def test_an_agency_with_an_official_code_has_it_in_the_csv(self, client, demo):
        metadata = json.loads(client.get(reverse("reports:open_data_csv_metadata", kwargs={"slug": DEMO_SLUG})).content)
        _, year = read_through_metadata(client, metadata)
        assert sum(r["ket_qua"] for r in year if r["hinh_thuc"] == "Phát thanh – truyền hình") == 574
        assert {r["ma_co_quan"] for r in year} == {None}  # 2019's agencies with activities had no code yet
        district = Agency.objects.get(name="UBND huyện Trần Văn Thời")
        Agency.objects.filter(pk=district.pk).update(official_code="967")
        _, year = read_through_metadata(client, metadata)
        assert [(r["ma_co_quan"], r["hinh_thuc"]) for r in year if r["co_quan"] == district.name] == [
            ("967", "Báo điện tử, trang thông tin điện tử")]
        assert {r["ma_co_quan"] for r in year if r["co_quan"] != district.name} == {None}

    def test_link_checkers_may_ask_with_head_and_any_site_may_read(self, client, demo, settings):
        settings.PUBLIC_PAGE_CACHE_SECONDS = 600  # as in production: the page cache must not change the headers
        cache.clear()
        for url in (CATALOG_URL, reverse("reports:open_data_csv", kwargs={"slug": DEMO_SLUG}),
                    reverse("reports:open_data_csv_metadata", kwargs={"slug": DEMO_SLUG})):
            assert client.head(url).status_code == 200, url
            for response in (client.get(url), client.get(url)):  # rendered, then from the page cache
                assert response["Access-Control-Allow-Origin"] == "*"
                assert response["Cache-Control"] == "public, max-age=300"

    def test_a_report_without_a_period_covers_its_plans_year(self, client, demo):
        plan = Report.objects.get(slug=DEMO_SLUG).plan
        whole = report_publish(report=Report.objects.create(
            title="Báo cáo toàn bộ kế hoạch 2019", slug="toan-bo-ke-hoach-2019", date=dt.date(2020, 1, 10),
            plan=plan, issuing_agency=plan.issuing_agency), user=None)
        graph = graph_of(client.get(CATALOG_URL))
        (dataset,) = graph.subjects(DCT.identifier, Literal(whole.slug))  # an identifier, in no language
        assert str(graph.value(graph.value(dataset, DCT.temporal), RDFS.label)) == "2019-01-01/2019-12-31"
        assert "01/01/2019 – 31/12/2019" in client.get(PAGE_URL).content.decode().split(whole.title)[1]

    def test_drafts_have_no_open_data_files(self, client, draft):
        for name in ("reports:open_data_csv", "reports:open_data_csv_metadata"):
            assert client.get(reverse(name, kwargs={"slug": draft.slug})).status_code == 404

    def test_schema_org_dataset_on_the_report_page(self, client, demo, monkeypatch):
        html = client.get(reverse("reports:report_detail", kwargs={"slug": DEMO_SLUG})).content.decode()
        (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
        data = json.loads(block)
        assert data["@context"] == "https://schema.org"
        # schema.org's context is a remote document: the parser gets the part that matters, offline.
        data["@context"] = {"@vocab": "https://schema.org/"}
        graph = Graph().parse(data=json.dumps(data), format="json-ld")
        (dataset,) = graph.subjects(RDF.type, SDO.Dataset)
        assert str(graph.value(dataset, SDO.name)).endswith("tỉnh Cà Mau năm 2019")
        assert str(graph.value(dataset, SDO.temporalCoverage)) == "2019-01-01/2019-12-31"
        assert str(graph.value(dataset, SDO.license)) == str(CC_BY)
        assert str(graph.value(graph.value(dataset, SDO.spatialCoverage), SDO.name)) == "tỉnh Cà Mau"
        formats = {str(graph.value(d, SDO.encodingFormat)) for d in graph.objects(dataset, SDO.distribution)}
        assert formats == {"text/csv", "application/json",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        catalog = graph.value(dataset, SDO.includedInDataCatalog)
        assert str(graph.value(catalog, SDO.url)) == f"http://testserver{PAGE_URL}"

    def test_a_title_cannot_end_the_json_ld_block(self, client, demo):
        report = Report.objects.get(slug=DEMO_SLUG)
        Report.objects.filter(pk=report.pk).update(title="Báo cáo </script><script>alert(1)</script> & <b>")
        html = client.get(report.get_absolute_url()).content.decode()
        (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
        assert "<" not in block and ">" not in block
        assert json.loads(block)["name"] == "Báo cáo </script><script>alert(1)</script> & <b>"

    def test_a_report_published_shows_in_the_catalogue_at_once(self, client, demo, draft, settings,
                                                             django_capture_on_commit_callbacks):
        settings.PUBLIC_PAGE_CACHE_SECONDS = 600
        cache.clear()
        assert draft.title not in client.get(PAGE_URL).content.decode()
        assert len(set(graph_of(client.get(CATALOG_URL)).subjects(RDF.type, DCAT.Dataset))) == 1
        assert client.get(CATALOG_URL)["X-Cache"] == "HIT"
        with django_capture_on_commit_callbacks(execute=True):
            report_publish(report=draft, user=None)
        assert draft.title in client.get(PAGE_URL).content.decode()
        assert len(set(graph_of(client.get(CATALOG_URL)).subjects(RDF.type, DCAT.Dataset))) == 2

    def test_a_renamed_report_keeps_its_open_data_addresses(self, client, demo, django_capture_on_commit_callbacks):
        report = Report.objects.get(slug=DEMO_SLUG)
        with django_capture_on_commit_callbacks(execute=True):
            report.slug = "bao-cao-nam-2019"
            report.save()
        for name in ("so-lieu.csv", "so-lieu.csv-metadata.json"):
            response = client.get(f"/du-lieu-mo/{DEMO_SLUG}/{name}")
            assert (response.status_code, response["Location"]) == (301, f"/du-lieu-mo/bao-cao-nam-2019/{name}")

    def test_the_catalogue_is_in_the_sitemap(self, client, demo):
        assert f"<loc>http://testserver{PAGE_URL}</loc>" in client.get(reverse("sitemap")).content.decode()


def test_csv_keeps_the_formula_guard_and_writes_plain_numbers():
    """Pure: rows from frozen figures and the agencies' codes; a name that starts like a formula is shown,
    never run; numbers without a thousands separator (CSVW integer); UTF-8 without a byte-order mark."""
    figures = {"agency_channels": [
        {"agency_id": 7, "agency": "=HYPERLINK(\"http://x\")", "channel": "Phát thanh", "unit": "đề tài",
         "total": 1234, "activities": 5},
        {"agency_id": None, "agency": "Xã A", "channel": "Báo chí", "unit": "kỳ", "total": 0, "activities": 1}]}
    rows = list(csv_rows(figures, codes={7: "01001"}))
    assert rows == [["01001", "=HYPERLINK(\"http://x\")", "Phát thanh", "đề tài", 1234, 5],
                    [None, "Xã A", "Báo chí", "kỳ", 0, 1]]
    text = open_data_csv(figures, codes={7: "01001"}).decode("utf-8")
    assert text.splitlines() == [
        "Mã đơn vị hành chính,"
        "\"Cơ quan, đơn vị\",Hình thức tuyên truyền,Đơn vị tính,Kết quả,Số hoạt động",
        "01001,\"'=HYPERLINK(\"\"http://x\"\")\",Phát thanh,đề tài,1234,5",
        ",Xã A,Báo chí,kỳ,0,1"]


def test_two_communes_with_the_same_short_name_are_told_apart_in_the_csv():
    """Found by the review: rows were keyed by the agency's short name, which two communes may share (and
    the primary key (co_quan, hinh_thuc) then repeats); the frozen figures also hold each agency's full,
    unique name, which the CSV now writes."""
    figures = {
        "agencies": [{"agency_id": 1, "name": "UBND xã An Bình (huyện Cái Nước cũ)", "short_name": "UBND xã An Bình"},
                     {"agency_id": 2, "name": "UBND xã An Bình (huyện Thới Bình cũ)", "short_name": "UBND xã An Bình"}],
        "agency_channels": [
            {"agency_id": n, "agency": "UBND xã An Bình", "channel": "Báo chí", "unit": "kỳ", "total": n + 1,
             "activities": 1} for n in (1, 2)]}
    keys = [(row[1], row[2]) for row in csv_rows(figures, codes={})]
    assert len(set(keys)) == 2
    assert keys[0][0] == "UBND xã An Bình (huyện Cái Nước cũ)"
