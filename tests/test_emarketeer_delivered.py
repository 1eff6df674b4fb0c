"""eMarketeer's time-filtered paging tells a record it delivered before from a new one exactly as before.

A changes read continues from the last time seen, inclusively, so the next request returns again the records at that
instant; a server that shifts its pages may return others again too. The connector used to work out every record's
content (_identity) to recognise them; it now does so only for records that share an instant with another, since a
record's content fixes its time (issue 11 pt 4). This compares it with the old way, a dict of every identity pruned
the same way, over any order of items, repeats, instants without a time and prunes.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.connectors import emarketeer_fields as F
from desktop_app.connectors.emarketeer import _Delivered, _identity, _time_of

T = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)
STAMPS = [None, "2026-12-03T09:00:00Z", "2026-12-03T09:00:01Z", "2026-12-03T09:00:01", "not a time"]

items = st.one_of(
    st.fixed_dictionaries(
        {
            F.R_KEY: st.sampled_from(["a@example.com", "b@example.com"]),
            F.R_PURPOSE_ID: st.sampled_from([1, 2]),
            F.R_CREATED_AT: st.sampled_from(STAMPS),
        }
    ),
    st.fixed_dictionaries({F.R_KEY: st.just("c@example.com"), "tags": st.just(["x"])}),  # unhashable: JSON identity
    st.sampled_from([None, 7, "text"]),  # not an object: no time
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), items),
        st.tuples(st.just("keep_from"), st.sampled_from([T, T + timedelta(seconds=1), T + timedelta(seconds=2)])),
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(steps)
def test_delivered_answers_as_a_dict_of_every_identity(script):
    reference: dict = {}
    delivered = _Delivered()
    for op, arg in script:
        if op == "add":
            at = _time_of(arg, F.R_CREATED_AT)
            ident = _identity(arg)
            new = ident not in reference
            if new:
                reference[ident] = at
            assert delivered.add(arg, at) is new
        else:
            reference = {k: t for k, t in reference.items() if t is None or t >= arg}
            delivered.keep_from(arg)


def test_an_item_alone_at_its_instant_is_never_identified(monkeypatch):
    """The point of it: records at distinct instants cost no _identity at all."""
    calls = []
    import desktop_app.connectors.emarketeer as em

    real = em._identity
    monkeypatch.setattr(em, "_identity", lambda item: calls.append(item) or real(item))
    delivered = _Delivered()
    for n in range(50):
        assert delivered.add({"n": n}, T + timedelta(seconds=n))
    assert calls == []
    assert not delivered.add({"n": 49}, T + timedelta(seconds=49))  # the same record again at its instant
    assert len(calls) == 2
