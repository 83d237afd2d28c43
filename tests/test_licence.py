"""The portal is free software under the GNU AGPL-3.0-or-later (LICENSE): whoever uses it over the network
must be offered its source (section 13), so the footer links to it, and a deployment without the link is
warned about."""

from pathlib import Path

from django.core.checks import run_checks
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_the_licence_is_the_agpl_3():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007")
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text


def test_every_page_offers_the_source_where_it_is_published(client, db, settings):
    settings.SOURCE_CODE_URL = "https://git.example.gov.vn/cchc-portal"
    page = client.get(reverse("reports:home")).content.decode()
    assert 'href="https://git.example.gov.vn/cchc-portal"' in page
    assert "GNU AGPL-3.0" in page


def test_a_deployment_without_the_source_address_is_warned(settings):
    settings.SOURCE_CODE_URL = ""
    assert "cchc.W001" in {message.id for message in run_checks(include_deployment_checks=True)}
    settings.SOURCE_CODE_URL = "https://git.example.gov.vn/cchc-portal"
    assert "cchc.W001" not in {message.id for message in run_checks(include_deployment_checks=True)}
