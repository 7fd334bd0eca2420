"""monitor/demo/conditional.py: the validators and the 304 decision that the demo site, the
tests' site and bench/'s corpus server share (their HTTP behaviour is tested through real
requests in test_demo_site.py and test_crawler_crawl.py)."""

from __future__ import annotations

import hashlib
from email.message import Message

import pytest

from monitor.demo.conditional import Validators, etag_for

BODY = b"<html><body><p>Xiamen</p></body></html>"
MODIFIED = 1_704_067_200.0  # Mon, 01 Jan 2024 00:00:00 GMT
VALIDATORS = Validators.of(BODY, MODIFIED)
ETAG = VALIDATORS.etag


def request(**headers: str) -> Message:
    message = Message()
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    return message


def test_the_etag_is_the_quoted_start_of_the_bodys_sha256() -> None:
    assert etag_for(BODY) == ETAG == '"79939920a6808b2e7eb6802160eeee55"'
    assert etag_for(BODY + b" ") == '"' + hashlib.sha256(BODY + b" ").hexdigest()[:32] + '"'


def test_the_headers_are_the_etag_and_the_http_date() -> None:
    assert VALIDATORS.headers() == {"ETag": ETAG, "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"}


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"If_None_Match": ETAG}, True),
        ({"If_None_Match": f'"other", {ETAG}'}, True),
        ({"If_None_Match": f"W/{ETAG}"}, True),  # weak comparison
        ({"If_None_Match": "*"}, True),
        ({"If_None_Match": '"other"'}, False),
        # If-None-Match decides whenever it is sent, whatever If-Modified-Since says
        ({"If_None_Match": '"other"', "If_Modified_Since": "Mon, 01 Jan 2024 00:00:00 GMT"}, False),
        ({"If_None_Match": ETAG, "If_Modified_Since": "Sun, 31 Dec 2023 23:59:59 GMT"}, True),
        ({"If_Modified_Since": "Mon, 01 Jan 2024 00:00:00 GMT"}, True),
        ({"If_Modified_Since": "Tue, 02 Jan 2024 00:00:00 GMT"}, True),
        ({"If_Modified_Since": "Sun, 31 Dec 2023 23:59:59 GMT"}, False),
        ({"If_Modified_Since": "Mon, 01 Jan 2024 00:00:00 -0000"}, True),  # no zone: UTC
        ({"If_Modified_Since": "yesterday"}, False),  # unreadable: ignored
    ],
    ids=[
        "unconditional",
        "etag",
        "etag-in-list",
        "weak-etag",
        "star",
        "other-etag",
        "etag-wins-over-date",
        "etag-wins-over-old-date",
        "same-date",
        "later-date",
        "earlier-date",
        "date-without-zone",
        "unreadable-date",
    ],
)
def test_a_conditional_request_is_answered_304_exactly_when_rfc_9110_says(
    headers: dict[str, str], expected: bool
) -> None:
    assert VALIDATORS.not_modified(request(**headers)) is expected


def test_a_modification_time_within_the_second_is_covered_by_that_seconds_date() -> None:
    """Last-Modified carries whole seconds: a client sending back the date it was given
    gets a 304 even when the page changed 0.7 s into that second."""
    validators = Validators.of(BODY, MODIFIED + 0.7)
    date = validators.headers()["Last-Modified"]
    assert date == "Mon, 01 Jan 2024 00:00:00 GMT"
    assert validators.not_modified(request(If_Modified_Since=date)) is True
