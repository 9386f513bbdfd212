"""The timeline's cue files are found where the date lexicons are: one ``lang`` folder setting."""

from __future__ import annotations

import json
import shutil

from chorus.stages import temporal_base as tb
from chorus.stages import temporal_events


def test_event_cues_are_read_from_the_lang_folder_of_temporal_base(tmp_path, monkeypatch):
    en = tmp_path / "en"
    en.mkdir()
    shutil.copy(tb.LANG_DIR / "en" / "dates.json", en / "dates.json")
    cues = json.loads((tb.LANG_DIR / "en" / "timeline.json").read_text(encoding="utf-8"))
    cues["determiners"].append("zzmarker")
    (en / "timeline.json").write_text(json.dumps(cues), encoding="utf-8")
    monkeypatch.setattr(tb, "LANG_DIR", tmp_path)
    temporal_events.event_cues.cache_clear()
    tb.lexicon.cache_clear()
    try:
        assert "zzmarker" in temporal_events.event_cues("en").determiners
    finally:
        temporal_events.event_cues.cache_clear()
        tb.lexicon.cache_clear()
