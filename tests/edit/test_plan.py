"""CutPlan invariants and the source → cut time mapping."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.edit import (
    CutPlan,
    CutPlanError,
    KeepRange,
    plan_from_spans,
    remap_ms,
    remap_span,
    source_ms,
    subtract,
    union,
    whole_plan,
)

PLAN = CutPlan((KeepRange(1000, 2000, "a"), KeepRange(5000, 5500, "b"), KeepRange(8000, 10000, "c")), 12000)


def test_sizes_offsets_and_removed():
    assert PLAN.kept_ms == 3500 and PLAN.cut_ms == 8500 and len(PLAN) == 3
    assert PLAN.offsets_ms == (0, 1000, 1500)
    assert PLAN.removed() == [(0, 1000), (2000, 5000), (5500, 8000), (10000, 12000)]
    assert whole_plan(5000).is_whole() and not PLAN.is_whole()
    assert whole_plan(0).ranges == ()


@pytest.mark.parametrize(
    ("t", "expected"),
    [(0, None), (999, None), (1000, 0), (1999, 999), (2000, None), (5000, 1000), (5499, 1499),
     (5500, None), (8000, 1500), (9999, 3499), (10000, None), (11999, None)],
)  # fmt: skip
def test_remap_ms_is_half_open(t, expected):
    assert remap_ms(PLAN, t) == expected
    if expected is not None:
        assert source_ms(PLAN, expected) == t


@pytest.mark.parametrize(
    ("span", "expected"),
    [((0, 500), None), ((0, 1500), (0, 500)), ((1500, 9000), (500, 2500)), ((2000, 5000), None),
     ((1999, 5001), (999, 1001)), ((0, 12000), (0, 3500)), ((5200, 5200), (1200, 1200)),
     ((5500, 5500), None), ((9000, 20000), (2500, 3500))],
)  # fmt: skip
def test_remap_span_keeps_the_contiguous_kept_part(span, expected):
    assert remap_span(PLAN, *span) == expected


def test_invalid_plans_are_refused():
    with pytest.raises(CutPlanError):
        CutPlan((KeepRange(0, 10), KeepRange(5, 20)), 100)  # overlap
    with pytest.raises(CutPlanError):
        CutPlan((KeepRange(10, 10),), 100)  # empty
    with pytest.raises(CutPlanError):
        CutPlan((KeepRange(0, 200),), 100)  # past the end
    with pytest.raises(CutPlanError):
        CutPlan((KeepRange(50, 60), KeepRange(0, 10)), 100)  # out of order


def test_plan_from_spans_clamps_sorts_and_merges_reasons():
    plan = plan_from_spans(
        [KeepRange(900, 1500, "x"), (-50, 100), (90, 300), KeepRange(1500, 2500, "y")], 2000
    )
    assert plan.spans() == [(0, 300), (900, 2000)]
    assert plan.ranges[1].reason == "x+y"
    joined = plan_from_spans([(0, 100), (150, 200)], 1000, join_gap_ms=50)
    assert joined.spans() == [(0, 200)]


def test_union_and_subtract():
    assert subtract(PLAN, [(1500, 5200)]).spans() == [(1000, 1500), (5200, 5500), (8000, 10000)]
    assert union(PLAN, [(1900, 5100)]).spans() == [(1000, 5500), (8000, 10000)]
    assert subtract(whole_plan(100), [(0, 100)]).ranges == ()


@st.composite
def plans(draw):
    duration = draw(st.integers(0, 100_000))
    spans = draw(st.lists(st.tuples(st.integers(-100, 100_100), st.integers(0, 20_000)), max_size=12))
    return plan_from_spans([(a, a + n) for a, n in spans], duration)


@settings(max_examples=200, deadline=None)
@given(plan=plans(), a=st.integers(-100, 100_100), n=st.integers(0, 50_000))
def test_mapping_properties(plan, a, n):
    # offsets are the running sum, ranges are ordered and disjoint (checked by CutPlan itself)
    assert plan.kept_ms == sum(r.duration_ms for r in plan.ranges) <= plan.source_duration_ms
    t = remap_ms(plan, a)
    assert (t is None) == (plan.index_at(a) is None)
    if t is not None:
        assert 0 <= t < plan.kept_ms and source_ms(plan, t) == a
    span = remap_span(plan, a, a + n)
    if n == 0:
        assert span == (None if t is None else (t, t))
    else:
        kept = sum(max(0, min(r.end_ms, a + n) - max(r.start_ms, a)) for r in plan.ranges)
        if kept == 0:
            assert span is None
        else:
            assert span is not None and span[1] - span[0] == kept and 0 <= span[0] < span[1] <= plan.kept_ms
    # remap is monotonic
    b = a + n
    tb = remap_ms(plan, b)
    if t is not None and tb is not None:
        assert t <= tb
