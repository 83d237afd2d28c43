import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from PIL import Image

from tests.factories import ActivityFactory, AgencyFactory, data_entry_user


@pytest.fixture
def demo(db):
    """The demo as it stood before the reporting cycle: its activities count (approved), no period is
    locked, so tests about entering and importing data can change 2019's rows."""
    from campaigns.models import ReportingPeriod

    call_command("load_demo", force=True, stdout=io.StringIO())
    ReportingPeriod.objects.all().delete()


@pytest.fixture
def demo_cycle(db):
    """The whole demo: 2019's four periods, submissions sent, returned, approved; approved data locked."""
    call_command("load_demo", force=True, stdout=io.StringIO())


@pytest.fixture
def two_agencies(db):
    """Two data-entry staff of two agencies, each with one activity."""
    radio, paper = AgencyFactory(name="Đài PT-TH thử"), AgencyFactory(name="Báo thử")
    return {
        "radio": radio, "paper": paper,
        "radio_user": data_entry_user(radio), "paper_user": data_entry_user(paper),
        "radio_activity": ActivityFactory(agency=radio, title="Phát sóng của Đài"),
        "paper_activity": ActivityFactory(agency=paper, title="Chuyên trang của Báo"),
    }


def image_bytes(fmt="PNG", size=(64, 48), color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def png_bytes():
    return image_bytes()


def restore_seed_data():
    """Tests whose data really commits (transaction=True, live_server) start from emptied tables: put back
    what the data migrations create (channels, staff groups)."""
    importlib.import_module("campaigns.migrations.0002_seed_channels").seed(django_apps, None)
    call_command("setup_roles", stdout=io.StringIO())
