"""Notifications that can be acted on: real digests posted through Apprise to real local
webhook receivers on 127.0.0.1, one per run per channel, in the channel's payload (text or
JSON), each alert with its severity, source, region, attribute and values, the changed
sentence, the cells at stake by label and a link to its desk page (with desk.base_url)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from db.models import to_iso
from monitor.alerts.notify import PAYLOADS, send_digests
from monitor.alerts.review import list_alerts
from monitor.config import PAYLOAD_NAMES, load_config
from monitor.datadir.workspace import open_workspace
from tests.test_monitor_alerts import NPR, V1, V1_CLAIMS, Receiver, compare, store_page

V2 = (
    "The Honest Shanghai app now draws on about 5,000 items.\n"
    "The list of data is set by officials; there is no public vote."
)
V2_CLAIMS = [
    ("shanghai", "input_item_count", "~5000", "about 5,000 items"),
    ("shanghai", "public_vote_on_inputs", "no", "there is no public vote"),
]


@pytest.fixture
def hooks() -> Iterator[tuple[Receiver, Receiver]]:
    pair = Receiver(), Receiver()
    yield pair
    for receiver in pair:
        receiver.httpd.shutdown()
        receiver.httpd.server_close()


def test_every_payload_the_config_names_is_registered() -> None:
    assert tuple(PAYLOADS) == PAYLOAD_NAMES
    assert all(type(p).__doc__ for p in PAYLOADS.values())


def test_one_digest_per_run_per_channel_in_its_payload(make_config, hooks) -> None:
    webhook, chat = hooks
    config = load_config(
        make_config(
            desk={"base_url": "https://desk.example.org/scs/"},
            notify={
                "min_severity": "attribute",
                "channels": [
                    {
                        "name": "webhook",
                        "url": f"json://127.0.0.1:{webhook.port}/hook",
                        "payload": "json",
                    },
                    {"name": "chat", "url": f"json://127.0.0.1:{chat.port}/chat"},
                ],
            },
        )
    )
    db = open_workspace(config)
    store_page(db, V1, V1_CLAIMS)
    compare(config, db)
    store_page(db, V2, V2_CLAIMS)
    run = compare(config, db)
    by_attribute = {a.attribute: a for a in list_alerts(db)}
    count, vote = by_attribute["input_item_count"], by_attribute["public_vote_on_inputs"]
    sent = send_digests(config, db, run.run_id)
    assert [(d.channel, d.status, d.alerts) for d in sent] == [
        ("webhook", "sent", 2),
        ("chat", "sent", 2),
    ]
    [post] = webhook.posts  # one digest with both alerts
    document = json.loads(str(post.pop("message")))
    assert post == {
        "version": "1.0",
        "title": "scs-monitor: 2 attribute",
        "attachments": [],
        "type": "info",
    }
    key = document.pop("delivery_id")
    assert key == sent[0].delivery_key
    base = {
        "status": "open",
        "source": "npr-2017",
        "source_class": "press",
        "sources": ["npr-2017"],
        "host": None,
        "region": "shanghai",
        "region_label": "Shanghai",
        "page_url": NPR,
    }
    assert document == {
        "schema": "scs-monitor.digest/1",
        "counts": {"attribute": 2},
        "alerts": [
            {
                **base,
                "id": count.alert_id,
                "severity": "attribute",
                "attribute": "input_item_count",
                "attribute_label": "number of data items",
                "old": "3000",
                "new": "~5000",
                "quote": {"before": "3,000 items of information", "after": "about 5,000 items"},
                "cells": [],
                "link": f"https://desk.example.org/scs/-/desk/alerts/{count.alert_id}",
                "raised_at": to_iso(count.created_at),
            },
            {
                **base,
                "id": vote.alert_id,
                "severity": "attribute",
                "attribute": "public_vote_on_inputs",
                "attribute_label": "public vote on inputs",
                "old": "yes",
                "new": "no",
                "quote": {
                    "before": "Users can vote on which data",
                    "after": "there is no public vote",
                },
                "cells": [
                    {
                        "principle": "open_collaboration",
                        "region": "shanghai",
                        "label": "Open collaboration / Shanghai",
                        "mark": "upholds",
                        "suggested": None,
                    },
                    {
                        "principle": "agile_governance",
                        "region": "shanghai",
                        "label": "Agile governance / Shanghai",
                        "mark": "partial",
                        "suggested": None,
                    },
                ],
                "link": f"https://desk.example.org/scs/-/desk/alerts/{vote.alert_id}",
                "raised_at": to_iso(vote.created_at),
            },
        ],
    }
    [text] = chat.posts
    assert text["title"] == "scs-monitor: 2 attribute"
    assert text["message"] == (
        f"[attribute] #{count.alert_id} npr-2017: Shanghai, number of data items: 3000 -> ~5000\n"
        "  changed sentence: about 5,000 items\n"
        "  before: 3,000 items of information\n"
        f"  page: {NPR}\n"
        f"  review: https://desk.example.org/scs/-/desk/alerts/{count.alert_id}\n"
        "\n"
        f"[attribute] #{vote.alert_id} npr-2017: Shanghai, public vote on inputs: yes -> no\n"
        "  changed sentence: there is no public vote\n"
        "  before: Users can vote on which data\n"
        "  cells at stake: Open collaboration / Shanghai (upholds); "
        "Agile governance / Shanghai (partial)\n"
        f"  page: {NPR}\n"
        f"  review: https://desk.example.org/scs/-/desk/alerts/{vote.alert_id}\n"
        "\n"
        f"delivery-id: {sent[1].delivery_key}"
    )
    # the next run, with nothing new, sends nothing
    assert [d.status for d in send_digests(config, db, None)] == ["skipped", "skipped"]
    assert (len(webhook.posts), len(chat.posts)) == (1, 1)
