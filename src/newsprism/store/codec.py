"""Turn model dataclasses into JSON-ready dicts and back, driven by their type hints.

`to_record(obj)` gives plain dicts, lists, strings, numbers and None (dates as ISO strings);
`from_record(cls, data)` rebuilds the object, checking each value against the field's type
hint (resolved with `typing.get_type_hints`, since model.py postpones annotations), so
`from_record(type(x), to_record(x)) == x`. Keys a dataclass does not know are ignored and
fields left out take their defaults, so a record written before a field was added still loads.

A decoder is built once per type hint and reused, since annotations hold many thousands of
spans. Written by hand: the standard library has no hint-driven decoder, and the libraries
that do (cattrs, dacite, pydantic) would be a new dependency for about a hundred lines.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from itertools import repeat
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from newsprism.errors import NewsprismError

T = TypeVar("T")
Decoder = Callable[[Any], Any]


class RecordError(NewsprismError, ValueError):
    """A stored record that does not fit the dataclass it is read as; `path` says where."""

    def __init__(self, reason: str, path: str = "") -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.reason = reason
        self.path = path

    def inside(self, step: str) -> RecordError:
        """The same error seen from the enclosing value (`step` is ".field" or "[index]")."""
        return RecordError(self.reason, step + self.path)


def to_record(obj: Any) -> dict[str, Any]:
    """The fields of dataclass instance `obj` as a JSON-serialisable dict."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        raise TypeError(f"to_record needs a dataclass instance, not {type(obj).__name__}")
    return {name: _encode(getattr(obj, name)) for name in _field_names(type(obj))}


def from_record(cls: type[T], data: Mapping[str, Any]) -> T:
    """The instance of dataclass `cls` that `data` (made by `to_record`) describes."""
    try:
        return _decoder_for(cls)(data)  # type: ignore[no-any-return]
    except RecordError as error:
        raise error.inside(cls.__name__) from None


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_record(value)
    if isinstance(value, date):  # datetime included
        return value.isoformat()
    raise TypeError(f"cannot store a value of type {type(value).__name__}")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_DECODERS: dict[Any, Decoder] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return _FIELD_NAMES[cls]


def _decoder_for(hint: Any) -> Decoder:
    """The decoder of values of type `hint`, built on first use."""
    if hint not in _DECODERS:
        # A placeholder first, so that a dataclass that refers to itself can be built.
        _DECODERS[hint] = lambda value: _DECODERS[hint](value)
        _DECODERS[hint] = _build_decoder(hint)
    return _DECODERS[hint]


def _build_decoder(hint: Any) -> Decoder:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return _union_decoder(get_args(hint))
    if origin in (tuple, list):
        return _sequence_decoder(origin, get_args(hint))
    if dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)  # type: ignore[arg-type]
    if hint is Any:
        return lambda value: value
    return _scalar_decoder(hint)


def _dataclass_decoder(cls: type) -> Decoder:
    hints = get_type_hints(cls)
    fields = [(name, _decoder_for(hints[name])) for name in _field_names(cls)]

    def decode(data: Any) -> Any:
        if not isinstance(data, Mapping):
            raise RecordError(f"expected an object, got {type(data).__name__}")
        values = {}
        for name, decode_field in fields:
            if name in data:
                try:
                    values[name] = decode_field(data[name])
                except RecordError as error:
                    raise error.inside(f".{name}") from None
        try:
            return cls(**values)
        except TypeError as error:  # a required field is missing
            raise RecordError(str(error)) from None

    return decode


def _union_decoder(options: tuple[Any, ...]) -> Decoder:
    optional = type(None) in options
    decoders = [_decoder_for(option) for option in options if option is not type(None)]

    def decode(value: Any) -> Any:
        if value is None and optional:
            return None
        errors = []
        for decode_option in decoders:
            try:
                return decode_option(value)
            except RecordError as error:
                errors.append(error)
        raise RecordError(" or ".join(error.reason for error in errors))

    return decode


def _sequence_decoder(origin: type, args: tuple[Any, ...]) -> Decoder:
    fixed = origin is tuple and bool(args) and args[-1] is not Ellipsis
    decoders = [_decoder_for(arg) for arg in args] if fixed else []
    decode_item = _decoder_for(Any if fixed or not args else args[0])

    def decode(value: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise RecordError(f"expected a list, got {type(value).__name__}")
        if fixed and len(decoders) != len(value):
            raise RecordError(f"expected {len(decoders)} items, got {len(value)}")
        item_decoders = decoders if fixed else repeat(decode_item, len(value))
        items = []
        for index, (decoder, item) in enumerate(zip(item_decoders, value, strict=True)):
            try:
                items.append(decoder(item))
            except RecordError as error:
                raise error.inside(f"[{index}]") from None
        return origin(items)

    return decode


def _scalar_decoder(hint: Any) -> Decoder:
    if hint is date or hint is datetime:
        return lambda value: _decode_iso(hint, value)
    if hint is float:
        return _decode_float
    if not isinstance(hint, type):
        raise TypeError(f"the record codec cannot decode values of type {hint!r}")

    def decode(value: Any) -> Any:
        # bool is a subclass of int, but a bool where an int is expected is a mistake.
        if isinstance(value, hint) and not (isinstance(value, bool) and hint is not bool):
            return value
        raise RecordError(f"expected {hint.__name__}, got {type(value).__name__}")

    return decode


def _decode_iso(hint: type[date], value: Any) -> date:
    if not isinstance(value, str):
        raise RecordError(f"expected an ISO date string, got {type(value).__name__}")
    try:
        return hint.fromisoformat(value)
    except ValueError as error:
        raise RecordError(str(error)) from None


def _decode_float(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise RecordError(f"expected float, got {type(value).__name__}")
