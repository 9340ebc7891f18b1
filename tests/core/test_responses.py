"""How htmx requests are answered: redirects become HX-Redirect (so the next page shows
the success message), and a swapped fragment carries pending messages out of band."""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import Context, Template
from django.test import RequestFactory

from minzheng.core.responses import HtmxResponseMiddleware

pytestmark = pytest.mark.django_db


def _through(view, *, htmx: bool = True):
    request = RequestFactory().post("/x/")
    request.htmx = htmx
    request.session = {}
    request._messages = FallbackStorage(request)
    return request, HtmxResponseMiddleware(lambda r: view(r))(request)


def test_an_htmx_redirect_becomes_a_whole_page_load():
    def view(request):
        messages.success(request, "已保存")
        return redirect("/households/7/")

    request, response = _through(view)
    assert response.status_code == 204 and response["HX-Redirect"] == "/households/7/"
    assert [str(m) for m in messages.get_messages(request)] == ["已保存"]  # kept for the page


def test_a_plain_redirect_is_left_alone():
    _, response = _through(lambda r: redirect("/households/7/"), htmx=False)
    assert response.status_code == 302


def test_a_fragment_carries_the_pending_messages_out_of_band():
    def view(request):
        messages.success(request, "走访记录已保存")
        return HttpResponse("<tr><td>甲</td></tr>")

    request, response = _through(view)
    html = response.content.decode()
    assert html.startswith("<tr><td>甲</td></tr>")
    assert 'id="messages"' in html and 'hx-swap-oob="true"' in html and "走访记录已保存" in html
    assert request._messages.used  # shown now: the middleware will not keep them for later


def test_a_fragment_without_messages_is_untouched():
    _, response = _through(lambda r: HttpResponse("<p>甲</p>"))
    assert response.content.decode() == "<p>甲</p>"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2026-12-02T07:19:28+00:00", "2026-12-02 15:19"),
        ("2026-12-31T16:30:00Z", "2027-01-01 00:30"),
        ("", ""),
        ("不是时间", "不是时间"),
    ],
)
def test_times_are_shown_in_beijing_time(value, shown):
    template = Template("{% load minzheng %}{{ value|local }}")
    assert template.render(Context({"value": value})) == shown


def test_codes_are_shown_by_their_labels():
    template = Template('{% load minzheng %}{{ a|label:"relation" }}/{{ b|label:"programme" }}')
    assert template.render(Context({"a": "spouse", "b": "dibao"})) == "配偶/最低生活保障"
    unknown = Template('{% load minzheng %}{{ a|label:"relation" }}').render(Context({"a": "x"}))
    assert unknown == "未知（x）"
