"""Records: dataclasses whose methods are written once, not generated per class.

``@dataclass(frozen=True)`` writes the source of ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` for each class and compiles it as the module
is imported: about 1 ms a class, and every docpipe command imports some thirty of them (the
config, the theme schema, the jobs, the document model), 25–35 ms of its start-up and of the
time before the PDF worker is forked. ``@record`` declares the fields as ``@dataclass`` does
(``dataclasses.fields``, ``replace`` and ``asdict`` work, defaults and docstrings stay where
they are written) and takes those methods from ``Record`` (frozen) or ``MutableRecord``, which
behave as the generated ones do.
"""
from __future__ import annotations

from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform

R = TypeVar("R", bound="type[Record]")


class Record:
    """The methods of a frozen dataclass, for the subclasses ``@record`` declares."""

    __slots__ = ()
    #: the fields ``__init__`` takes, in order (set by ``record``)
    __record_fields__: tuple[Field, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        specs = self.__record_fields__
        name = type(self).__name__
        if len(args) > len(specs):
            raise TypeError(f"{name}() takes {len(specs)} arguments but {len(args)} were given")
        for spec, value in zip(specs, args):
            if spec.name in kwargs:
                raise TypeError(f"{name}() got multiple values for argument '{spec.name}'")
            kwargs[spec.name] = value
        for spec in specs:
            if spec.name in kwargs:
                value = kwargs.pop(spec.name)
            elif spec.default is not MISSING:
                value = spec.default
            elif spec.default_factory is not MISSING:
                value = spec.default_factory()
            else:
                raise TypeError(f"{name}() missing required argument: '{spec.name}'")
            object.__setattr__(self, spec.name, value)
        if kwargs:
            raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(kwargs))}'")

    def _record_values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, spec.name) for spec in fields(self) if spec.compare)

    def __repr__(self) -> str:
        shown = ", ".join(f"{spec.name}={getattr(self, spec.name)!r}" for spec in fields(self)
                          if spec.repr)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._record_values() == other._record_values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._record_values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field '{name}'")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field '{name}'")


class MutableRecord(Record):
    """The methods of a plain (not frozen) dataclass: fields may be assigned after
    construction, and so the record is not hashable."""

    __slots__ = ()
    __setattr__ = object.__setattr__
    __delattr__ = object.__delattr__
    __hash__ = None  # type: ignore[assignment]


@dataclass_transform(field_specifiers=(field,))
def record(cls: R) -> R:
    """``@dataclass(frozen=True)`` for a subclass of ``Record`` (``@dataclass`` for one of
    ``MutableRecord``): the same fields and behaviour, the methods shared (see the module's
    docstring)."""
    if not issubclass(cls, Record):
        raise TypeError(f"@record class {cls.__name__} must subclass Record")
    declared = dataclass(init=False, repr=False, eq=False)(cls)
    declared.__record_fields__ = tuple(spec for spec in fields(declared) if spec.init)
    return declared
