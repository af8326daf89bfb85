"""@record behaves as @dataclass(frozen=True) does: each check runs on both and compares."""
from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from docpipe.records import MutableRecord, Record, record


@record
class Point(Record):
    """A record with a required field, a default, a factory and a hidden field."""

    x: int
    y: int = 2
    tags: tuple[str, ...] = field(default_factory=tuple)
    note: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class PointDC:
    x: int
    y: int = 2
    tags: tuple[str, ...] = field(default_factory=tuple)
    note: str = field(default="", repr=False, compare=False)


BOTH = pytest.mark.parametrize("kind", [Point, PointDC])


@pytest.mark.fast
@BOTH
def test_construction(kind):
    assert (kind(1).x, kind(1).y, kind(1).tags) == (1, 2, ())
    assert kind(1, 3).y == 3 and kind(x=1, y=4).y == 4 and kind(1, tags=("a",)).tags == ("a",)
    for bad in (lambda: kind(), lambda: kind(1, y=2, z=3), lambda: kind(1, x=1),
                lambda: kind(1, 2, (), "", 5)):
        with pytest.raises(TypeError):
            bad()


@pytest.mark.fast
@BOTH
def test_frozen_equal_hashable(kind):
    point = kind(1, note="a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.y
    assert point == kind(1, note="b") and point != kind(2) and point != (1, 2, ())
    assert hash(point) == hash(kind(1, note="b")) and len({point, kind(1), kind(2)}) == 2


@pytest.mark.fast
def test_repr_and_helpers_match_the_dataclass():
    assert repr(Point(1, tags=("a",))) == repr(PointDC(1, tags=("a",))).replace("PointDC",
                                                                                "Point")
    point = Point(1, note="n")
    assert dataclasses.is_dataclass(point)
    assert [f.name for f in dataclasses.fields(point)] == ["x", "y", "tags", "note"]
    assert dataclasses.replace(point, y=9) == Point(1, 9) and dataclasses.replace(point, y=9).note == "n"
    assert dataclasses.asdict(point) == {"x": 1, "y": 2, "tags": (), "note": "n"}
    for again in (pickle.loads(pickle.dumps(point)), copy.deepcopy(point), copy.copy(point)):
        assert again == point and again.note == "n" and type(again) is Point


@pytest.mark.fast
def test_a_record_must_subclass_record():
    with pytest.raises(TypeError, match="must subclass Record"):
        @record
        class Loose:
            x: int = 1


@record
class Box(MutableRecord):
    """A mutable record."""

    items: list[str] = field(default_factory=list)
    label: str = "box"


@dataclass
class BoxDC:
    items: list[str] = field(default_factory=list)
    label: str = "box"


@pytest.mark.fast
@pytest.mark.parametrize("kind", [Box, BoxDC])
def test_a_mutable_record_is_assignable_and_unhashable(kind):
    box = kind()
    box.label = "crate"
    box.items.append("a")
    assert box == kind(["a"], "crate") and box.items is not kind().items
    with pytest.raises(TypeError):
        hash(box)
    assert repr(kind(["a"])).replace("BoxDC", "Box") == "Box(items=['a'], label='box')"
    assert pickle.loads(pickle.dumps(box)) == box
