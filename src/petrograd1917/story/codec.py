"""The story model as plain data and back: the story cache's format, which can hold no code.

A model object is written as the list of its fields' values in declaration order, using only lists,
tuples, dicts, str, int, bool and None (what `marshal` stores: no class, no callable, nothing that
runs when read), and rebuilt into the model's frozen dataclasses. How each field is written follows
from its type hint, so a field added to the model needs nothing here; a type this module does not
know fails when the module is imported (and a test round-trips the shipped story).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from petrograd1917.story.model import Scene, Story
from petrograd1917.story.problems import Problem

Encode = Callable[[Any], Any]
Decode = Callable[..., Any]  # a dataclass's also takes the fields it skipped, by name
Codec = tuple[Encode, Decode]


def _same(x: Any) -> Any:
    return x


SAME: Codec = (_same, _same)
_PLAIN = (str, int, bool, type(None))


def _union(args: tuple[Any, ...]) -> Codec:
    others = [a for a in args if a is not type(None)]
    if all(a in _PLAIN for a in others):
        return SAME
    if len(others) != 1:
        raise TypeError(f"the story cache cannot store a union of {args}")
    enc, dec = codec_for(others[0])
    return (lambda x: None if x is None else enc(x)), (lambda x: None if x is None else dec(x))


def _tuple(args: tuple[Any, ...]) -> Codec:
    """Tuples stay tuples (marshal keeps them apart from lists), so most need no work either way."""
    if len(args) == 2 and args[1] is Ellipsis:
        if args[0] is Any:  # an expression tree (story.expr.Ast): tuples of plain values
            return SAME
        enc, dec = codec_for(args[0])
        if (enc, dec) == SAME:
            return SAME
        return (lambda xs: tuple([enc(x) for x in xs])), (lambda xs: tuple([dec(x) for x in xs]))
    parts = [codec_for(a) for a in args]
    if all(p == SAME for p in parts):
        return SAME
    return ((lambda xs: tuple([e(x) for (e, _), x in zip(parts, xs, strict=True)])),
            (lambda xs: tuple([d(x) for (_, d), x in zip(parts, xs, strict=True)])))


def _mapping(value_type: Any) -> Codec:
    enc, dec = codec_for(value_type)
    if (enc, dec) == SAME:
        return dict, _same
    return (lambda m: {k: enc(v) for k, v in m.items()}), (lambda m: {k: dec(v) for k, v in m.items()})


def _dataclass(cls: type, skip: frozenset[str] = frozenset()) -> Codec:
    """Fields in `skip` are neither written nor read: the caller passes them to `decode` by name."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls) if f.name not in skip]
    encs, decs = zip(*(codec_for(hints[n]) for n in names), strict=True)
    fields = list(zip(names, encs, strict=True))
    size = len(decs)
    work = [(i, dec) for i, dec in enumerate(decs) if dec is not _same]  # the fields not stored as they are

    def encode(obj: Any) -> list[Any]:
        return [enc(getattr(obj, name)) for name, enc in fields]

    def decode(data: list[Any], **given: Any) -> Any:
        if type(data) is not list or len(data) != size:
            raise ValueError(f"a cached {cls.__name__} is not a list of {size} fields")
        for i, dec in work:  # the list is fresh from the cache: filled in place
            data[i] = dec(data[i])
        if given:
            return cls(**dict(zip(names, data, strict=True)), **given)
        return cls(*data)

    return encode, decode


def codec_for(tp: Any) -> Codec:
    """How to write a value of type `tp` as plain data, and how to read it back."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if tp in _PLAIN or tp is Any:
        return SAME
    if tp is dt.date:
        return dt.date.toordinal, dt.date.fromordinal
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return (lambda e: e.value), tp
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass(tp)
    if origin in (types.UnionType, typing.Union):
        return _union(args)
    if origin is tuple:
        return _tuple(args)
    if origin in (dict, Mapping) and args[0] is str:
        return _mapping(args[1])
    raise TypeError(f"the story cache cannot store a {tp!r}")


encode_scene, decode_scene = codec_for(Scene)
_encode_head, _decode_head = _dataclass(Story, skip=frozenset({"scenes"}))
encode_problems, decode_problems = codec_for(tuple[Problem, ...])


def encode_head(story: Story) -> list[Any]:
    """Everything of a story but its scenes."""
    return _encode_head(story)


def decode_story(head: list[Any], scenes: Mapping[str, Scene]) -> Story:
    story: Story = _decode_head(head, scenes=scenes)
    return story


class LazyScenes(Mapping[str, Scene]):
    """A cached story's scenes, each rebuilt from its plain data the first time it is asked for:
    a start only pays for the scenes it visits."""

    __slots__ = ("_ready", "_index", "_make")

    def __init__(self, index: dict[str, int], make: Callable[[int], Scene]) -> None:
        self._ready: dict[str, Scene] = {}
        self._index = index  # scene id -> its number in the cache entry, in the story's order
        self._make = make

    def __getitem__(self, scene_id: str) -> Scene:
        scene = self._ready.get(scene_id)
        if scene is None:
            scene = self._ready[scene_id] = self._make(self._index[scene_id])
        return scene

    def __contains__(self, scene_id: object) -> bool:
        return scene_id in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)
