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


# One real-looking news sentence per language, in the code pages it is usually found in. Measured
# before the fix: charset-normalizer's best guess alone got es, pt, the French with «à», KOI8-R
# Russian (read as Shift-JIS), ISO-8859-2 Czech and Polish wrong.
SENTENCES = {
    "fr": "Le gouvernement français a annoncé mercredi une hausse des prix de l'électricité",
    "fr-à": "À Paris, le ministre a déclaré que l'accord était « très important » pour l'économie française.",
    "de": "Die Bundesregierung hat am Mittwoch höhere Strompreise für Verbraucher angekündigt, sagte der Minister.",
    "es": "El gobierno español anunció el miércoles una subida de los precios de la electricidad, según el ministro.",
    "pt": "O governo português anunciou na quarta-feira um aumento dos preços da eletricidade, disse o ministro.",
    "ru": "Правительство России в среду объявило о повышении цен на электроэнергию, сообщил министр.",
    "ar": "أعلنت الحكومة يوم الأربعاء عن زيادة في أسعار الكهرباء، حسبما قال الوزير للصحفيين.",
    "cs": "Česká vláda ve středu oznámila zvýšení cen elektřiny, řekl ministr průmyslu novinářům.",
    "pl": "Polski rząd ogłosił w środę podwyżkę cen energii elektrycznej, powiedział minister gospodarki.",
}
CODE_PAGES = [
    ("fr", "latin-1"),
    ("fr", "cp1252"),
    ("fr-à", "cp1252"),
    ("fr-à", "latin-1"),
    ("de", "latin-1"),
    ("de", "cp1252"),
    ("es", "latin-1"),
    ("es", "cp1252"),
    ("pt", "latin-1"),
    ("pt", "cp1252"),
    ("ru", "cp1251"),
    ("ru", "koi8-r"),
    ("ar", "cp1256"),
    ("ar", "iso-8859-6"),
    ("cs", "cp1250"),
    ("cs", "iso-8859-2"),
    ("pl", "cp1250"),
    ("pl", "iso-8859-2"),
]


@pytest.mark.parametrize("repeat", [1, 4])
@pytest.mark.parametrize(("lang", "code_page"), CODE_PAGES)
def test_decode_legacy_code_pages_read_right(lang, code_page, repeat):
    text = " ".join([SENTENCES[lang]] * repeat)
    assert decode(text.encode(code_page)).text == text


def test_decode_latin1_french_is_not_garbled():
    d = decode(SENTENCES["fr"].encode("latin-1"))
    assert "français" in d.text and "annoncé" in d.text
    assert d.encoding == "cp1252"


RUSSIAN = "Правительство России в среду объявило о повышении цен на электроэнергию, сообщил министр."
GREEK = "Η κυβέρνηση ανακοίνωσε την Τετάρτη αύξηση των τιμών του ηλεκτρικού ρεύματος."
KOREAN = "대통령은 화요일 모스크바에서 회담을 가졌다."


@pytest.mark.parametrize("text", [ARABIC, RUSSIAN, GREEK, KOREAN, "Putin met the Syrian foreign minister."])
@pytest.mark.parametrize(("enc", "endian"), [("utf-16-le", "little"), ("utf-16-be", "big")])
def test_decode_utf16_without_bom_any_script(text, enc, endian):
    d = decode(text.encode(enc))
    assert d.text == text
    assert d.note and endian in d.note


def test_decode_nul_bytes_on_one_side_but_not_text_stay_binary():
    import array
    import random

    rng = random.Random(1)
    numbers = array.array("H", [rng.randrange(256, 60000) if rng.random() < 0.9 else 32 for _ in range(2000)])
    with pytest.raises(NotText, match="NUL"):
        decode(numbers.tobytes())
