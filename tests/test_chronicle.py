"""The chronicle file: what one role's ending leaves for the others, read back strictly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from petrograd1917.savegame import chronicle


@dataclass(frozen=True)
class Entry:
    name: str
    type: str
    initial: bool | int | str
    role: str


DECLARED = [Entry("sailor_fired_live", "bool", False, "sailor"), Entry("stairs_word", "str", "", "worker")]


def test_a_new_chronicle_gives_the_initial_values(tmp_path: Path) -> None:
    chron = chronicle.load(tmp_path / "none.json", "campaign", DECLARED)
    assert chron.values_for(DECLARED) == {"sailor_fired_live": False, "stairs_word": ""}
    assert chron.problem == ""


def test_an_ending_is_kept_and_read_back(tmp_path: Path) -> None:
    path = chronicle.chronicle_path(tmp_path, "campaign")
    chron = chronicle.load(path, "campaign", DECLARED)
    chron.record_ending("sailor", "aurora_fires", {"sailor_fired_live": True})
    chronicle.save(path, chron)
    again = chronicle.load(path, "campaign", DECLARED)
    assert again.values_for(DECLARED) == {"sailor_fired_live": True, "stairs_word": ""}
    assert again.endings == {"sailor": ["aurora_fires"]}
    assert chronicle.reset(path) and not path.exists()


def test_values_of_the_wrong_type_or_undeclared_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{"format": "petrograd1917-chronicle/1", "story": "campaign", '
                    '"values": {"sailor_fired_live": 1, "stairs_word": "\\u001b[2J", "other": true}}')
    chron = chronicle.load(path, "campaign", DECLARED)
    assert chron.values == {}


def test_a_hostile_file_is_an_empty_chronicle_with_a_reason(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    assert "unreadable" in chronicle.load(deep, "campaign", DECLARED).problem
    link = tmp_path / "link.json"
    link.symlink_to(deep)
    assert "unreadable" in chronicle.load(link, "campaign", DECLARED).problem
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    assert "unreadable" in chronicle.load(fifo, "campaign", DECLARED).problem
    other = tmp_path / "other.json"
    other.write_text('{"format": "petrograd1917-chronicle/1", "story": "another", "values": {}}')
    assert "not a chronicle of this story" in chronicle.load(other, "campaign", DECLARED).problem


def test_the_file_name_cannot_leave_the_folder(tmp_path: Path) -> None:
    assert chronicle.chronicle_path(tmp_path, "../../etc/passwd").parent == tmp_path
