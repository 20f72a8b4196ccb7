"""The topic layer: what people report, complain about or ask, mapped to desks of the annex.

It is kept apart from the annex's facts (`data/topics.yaml`, schema in docs/topics-schema.md):
a topic holds no number, address or hours, only the id of a channel of the directory, the IVR
route of its phone, and where the mapping comes from (an article of the Securities Law, the
annex row that makes the desk right). It is read with the directory's validator machinery, so
a problem is reported with its file, line and field.
"""

from __future__ import annotations

import os

from msgspec import Struct

from sse_channels import model as m
from sse_channels.l10n import N_

TOPICS_FILE = "topics.yaml"
OTHER_OWNER = N_(
    "owned by another user in a shared folder; not read (keep your files in a folder of your own)"
)


class TopicSource(Struct, frozen=True):
    """Why a topic goes to its desk."""

    annex: str  # the annex row/item (or action-plan passage) that makes the desk right
    reason_zh: str  # one sentence: why this desk and not another
    law: str = ""  # the article(s) of the Securities Law (2019) defining the act
    unsure: str = ""  # what in `law` is not certain
    quote_zh: str = ""  # the annex's own words


class Topic(Struct, frozen=True):
    id: str
    name_zh: str
    name_en: str
    terms: tuple[str, ...]  # what people type
    channel: str  # the desk: a channel id
    route: tuple[str, ...]  # IVR steps after the number (empty: none)
    also: tuple[str, ...]  # secondary channel ids, best first
    audience: tuple[m.Audience, ...]
    source: TopicSource
    note_zh: str = ""
    nearest_base: bool = False  # a place named in the query: the nearest base instead


class Base(Struct, frozen=True):
    """A listing-service office of the annex, with the coordinates of its address."""

    channel: str
    city_zh: str
    lat: float
    lon: float


class Place(Struct, frozen=True):
    name_zh: str
    kind: str  # province | municipality | region | sar | city
    aliases: tuple[str, ...]
    lat: float
    lon: float
    capital_zh: str = ""
    province_zh: str = ""


class Topics(Struct, frozen=True):
    topics: tuple[Topic, ...]
    bases: tuple[Base, ...]
    places: tuple[Place, ...]


def path_next_to(data_path: str) -> str:
    """The topic file that goes with a directory file: topics.yaml in the same folder."""
    return os.path.join(os.path.dirname(os.path.abspath(data_path)), TOPICS_FILE)


def source_of(data_path: str | None) -> tuple[bytes, str] | None:
    """The topic file's bytes and name for a directory file (None: it has none)."""
    from importlib import resources

    from sse_channels.files import read_bytes

    if data_path is None:
        raw = resources.files("sse_channels").joinpath("data").joinpath(TOPICS_FILE).read_bytes()
        return raw, TOPICS_FILE
    path = path_next_to(data_path)
    if not os.path.lexists(path):
        return None
    _check_owner(path)
    return read_bytes(path, regular=True), path


def _check_owner(path: str) -> None:
    """Refuse a topics.yaml that another user put in a shared folder such as /tmp: anyone can
    create that name there, and its topics would steer the user's searches."""
    from sse_channels.errors import DataError, Problem
    from sse_channels.files import planted

    try:
        entry = os.lstat(path)
        folder = os.stat(os.path.dirname(path))
    except OSError:
        return  # read_bytes reports what is wrong with it
    if planted(entry.st_uid, folder):
        raise DataError([Problem(path, None, "", OTHER_OWNER)])
