"""The start page's panel registry (core.panels): each app contributes its panels; the page shows, in order,
those meant for the user — and none of one app's panels needs another app."""

from django.test import RequestFactory

from core import panels


class Shown(panels.Panel):
    order = 50
    template_name = "x.html"


class First(Shown):
    order = 1


class Hidden(Shown):
    def is_shown(self):
        return False


def test_panels_are_shown_in_order_and_only_to_whom_they_are_meant(monkeypatch):
    monkeypatch.setattr(panels, "_PANELS", [])
    for panel in (Shown, Hidden, First, Shown):  # registering twice changes nothing
        panels.register(panel)
    request = RequestFactory().get("/")
    request.user = object()
    assert [type(p) for p in panels.panels_for(request)] == [First, Shown]


def test_every_app_contributes_its_own_panels():
    labels = {panel.__module__ for panel in panels._PANELS}
    assert labels == {"core.identity", "campaigns.panels", "discussion.panels"}
