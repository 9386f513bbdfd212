import pytest

from chorus.ingest.decode import NotText, decode

ARABIC = "وذكرت وكالة الأنباء السورية (سانا) أن بوتين بحث في اجتماع مختلف القضايا السياسية والعسكرية."


def test_decode_utf8_with_bom_strips_bom():
    d = decode("\ufeffPutin met them.".encode("utf-8"))
    assert d.text == "Putin met them."


def test_decode_utf16_with_bom():
    d = decode(ARABIC.encode("utf-16"))
    assert d.text == ARABIC and d.encoding == "utf-16"


def test_decode_cp1256_arabic_is_read_as_arabic():
    d = decode(((ARABIC + "\n") * 3).encode("cp1256"))
    assert ARABIC in d.text
    assert d.encoding in ("cp1256", "windows-1256")


def test_decode_truncated_utf8_drops_partial_character_and_says_so():
    text = ARABIC.rstrip(".")
    data = text.encode("utf-8")[:-1]  # cut inside the last (two-byte) Arabic letter
    d = decode(data)
    assert d.text == text[:-1]
    assert d.note and "truncated" in d.note


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"abc\x00\x01\x02\x00\xff\xfe" * 100, "NUL"),
    ],
)
def test_decode_rejects_binary_with_reason(data, what):
    with pytest.raises(NotText, match=what):
        decode(data)


def test_decode_latin1_fallback_never_fails_on_text():
    d = decode("Café Zürich, résumé, naïve".encode("latin-1"))
    assert "Caf" in d.text
