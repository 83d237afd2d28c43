import pytest

from campaigns.models import Plan
from core.sanitize import clean_html
from tests.factories import ActivityFactory, PlanFactory


@pytest.mark.parametrize("payload, forbidden", [
    ("<p>Xin chào<script>alert(1)</script></p>", "<script"),
    ('<img src="/media/a.png" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">bấm</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">bấm</a>', "alert"),
    ('<p style="position:fixed;top:0;left:0;width:100%">lừa</p>', "style"),
    ('<img src="https://evil.example/track.gif">', "evil.example"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"),
    ("<svg><script>alert(1)</script></svg>", "svg"),
    ('<iframe src="https://evil.example"></iframe>', "iframe"),
    ("<p onclick=alert(1)>x</p>", "onclick"),
])
def test_dangerous_markup_is_removed(payload, forbidden):
    assert forbidden.lower() not in clean_html(payload).lower()


def test_allowed_formatting_survives():
    html = ("<h2>Mục tiêu</h2><p><strong>Đậm</strong> và <em>nghiêng</em></p>"
            "<ul><li>Một</li></ul><ol><li>Hai</li></ol>"
            '<table><tbody><tr><td colspan="2">Ô</td></tr></tbody></table>'
            '<p><a href="https://camau.gov.vn">Cổng tỉnh</a></p>'
            '<figure class="image"><img src="/media/editor/2019/01/abc.jpg" alt="Ảnh"></figure>')
    cleaned = clean_html(html)
    for kept in ("<h2>", "<strong>Đậm</strong>", "<em>", "<ul>", "<ol>", 'colspan="2"',
                 'href="https://camau.gov.vn"', 'src="/media/editor/2019/01/abc.jpg"', 'alt="Ảnh"',
                 'rel="noopener noreferrer"'):
        assert kept in cleaned


@pytest.mark.django_db
def test_plan_body_is_sanitized_when_saved():
    plan = PlanFactory(body='<p>Nội dung</p><script>alert("x")</script><img src=x onerror=alert(1)>')
    stored = Plan.objects.values_list("body", flat=True).get(pk=plan.pk)
    assert "<script" not in stored and "onerror" not in stored
    assert "<p>Nội dung</p>" in stored


@pytest.mark.django_db
def test_rich_text_is_sanitized_even_through_queryset_update():
    activity = ActivityFactory()
    type(activity).objects.filter(pk=activity.pk).update(description='<p onmouseover="x()">a</p>')
    activity.refresh_from_db()
    assert activity.description == "<p>a</p>"
