"""Wire datelines with a date, or with the agency alone, are cut off the line they head and listed."""

from __future__ import annotations

import pytest

from chorus.model import Document
from chorus.stages.clean import clean, split_place_dateline


@pytest.mark.parametrize(
    ("line", "head"),
    [
        ("MOSCOW, Dec 23 (Reuters) - Putin met Syria's ministers on Tuesday.", "MOSCOW, Dec 23 (Reuters) -"),
        ("BEIRUT, Dec. 23, 2025 (AP) — The talks ended without a deal.", "BEIRUT, Dec. 23, 2025 (AP) —"),
        ("(Reuters) - A magnitude 6.1 earthquake struck southern Peru on Sunday.", "(Reuters) -"),
        ("(CNN) -- As the death toll rose, aid groups appealed for access.", "(CNN) --"),
        ("LIMA, Peru (Reuters) - A quake struck on Sunday.", "LIMA, Peru (Reuters) -"),
    ],
)
def test_a_wire_dateline_is_cut_off_and_listed(line, head):
    got = split_place_dateline(line)
    assert got is not None and got[0] == head
    c = clean(Document(source="x", text=f"Quake hits Peru\n{line}"))
    assert c.text == line[len(head) :].strip()
    assert (head, "dateline (place and agency)") in [(r.text, r.why) for r in c.removed]


@pytest.mark.parametrize(
    "line",
    [
        "(Updated) - The council met again on Monday.",  # not a wire credit
        "WHO (World Health Organization) — The agency said the outbreak was over.",
        "(He later denied it) - but the record shows otherwise.",
        "MAY 23 - The day the vote was held, the streets were empty.",
    ],
)
def test_a_bracket_or_date_that_is_no_wire_dateline_stays(line):
    assert split_place_dateline(line) is None
