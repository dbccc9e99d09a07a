"""A cluster of two nodes (Ray's own test cluster, 1 CPU each, started here): at a batch's tail
the node with nothing left to do takes a copy of a page still waiting on the other node, and
every page is still delivered once, in order, with the text of a local run."""

from __future__ import annotations

import os

import pytest

from desktop_ocr.core.engine import build_engine
from desktop_ocr.core.jobevents import JobFinished, PageDelivered
from desktop_ocr.core.pagesource import PageSource
from desktop_ocr.core.runner import ThreadRunner
from tests.helpers import DEJAVU, render_lines

WORDS = ["alpha", "bravo", "charlie", "delta"]


@pytest.fixture(scope="module")
def two_nodes():
    ray = pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    try:
        cluster.add_node(num_cpus=1)
        ray.init(address=cluster.address, log_to_driver=False)
        cluster.wait_for_nodes()
        yield ray
    finally:
        ray.shutdown()
        cluster.shutdown()


def _sources() -> list[PageSource]:
    """Pages 0 and 2 go to the first node and are quick (6 lines), pages 1 and 3 go to the
    second and are long (40 lines): the first node is idle while page 3 still waits."""
    pages = []
    for i in range(4):
        word = WORDS[i]
        n = 40 if i % 2 else 6
        lines = [f"{word} line {k} of {n}" for k in range(n)]
        pages.append(PageSource.from_array(render_lines(lines, DEJAVU, size=24, width=480), f"p{i}.png"))
    return pages


def test_an_idle_node_takes_a_copy_of_a_waiting_page_and_each_page_is_delivered_once(two_nodes):
    from desktop_ocr.core.cluster.client import ClusterRunner

    with ThreadRunner(build_engine(), workers=2) as local:
        expected = [r.text for r in local.run_job(_sources())]
    with ClusterRunner("auto") as runner:
        assert runner.nodes == 2
        jid = runner.submit(_sources())
        events = list(runner.iter_events({jid}))
        stats = dict(runner.stats)
    delivered = [ev for ev in events if isinstance(ev, PageDelivered)]
    assert [ev.index for ev in delivered] == [0, 1, 2, 3]  # each page once, in order
    assert [ev.result.text for ev in delivered] == expected
    assert "delta line 39 of 40" in delivered[3].result.text
    assert events[-1] == JobFinished(jid, stopped=False, cancelled=False, done=4, failed=0, total=4)
    assert stats["backups"] >= 1  # page 3 was copied to the idle node
    # the copy that lost was cancelled or came back unused: never delivered
    assert stats["sent"] == 4 + stats["backups"]
