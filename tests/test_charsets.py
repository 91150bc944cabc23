"""Undeclared legacy encodings (`cleaner/charsets.py`): short paragraphs of real prose, not
UTF-8 and declaring nothing, decode to the right text. cp1252 stays the choice for Western
text (charset_normalizer alone would pick cp1250 or ISO-8859-10 for most of these); Polish and
Czech ISO-8859-2 no longer come out as cp1252 symbols; other scripts are left to the detector."""
from __future__ import annotations

import pytest

from cleaner.charsets import SAMPLE_BYTES, guess_legacy
from cleaner.reading import read_document

WESTERN = [  # cp1252: French, English, German, Spanish; 1-3 sentences each
    "L'été dernier, la mairie a décidé de rénover la façade de l'église. Les travaux coûteront "
    "près de 2 millions d'euros.",
    "« C'est une décision très difficile », a déclaré le préfet jeudi soir à Besançon.",
    "Le gouvernement a annoncé mercredi une hausse de 3 % des pensions. Les syndicats jugent la "
    "mesure insuffisante et appellent à manifester le 12 décembre.",
    "Un été très chaud à Besançon, où l'on a vu des températures record. Le n°5 de la rue "
    "Œillet a brûlé ; «Incroyable» dit-elle, ¿vraiment?",
    "Déjà vu – 5 € « guillemets » “quotes”",
    "The café’s owner said the “new rules” would cost him about €2,000 a month — far more than "
    "he expected. ¿Qué? ©AFP, Brand® and 10 m² of floor.",
    "He said: “It’s not over.” The naïve plan failed – again.",
    "Die Straße war gesperrt, weil der Fluss über die Ufer getreten ist. Anwohner müssen für "
    "Schäden aufkommen.",
    "El señor García dijo que la situación económica del país había mejorado en el último año. "
    "¿Por qué? ¡Nadie lo sabe!",
]
CENTRAL = [  # ISO-8859-2: Polish and Czech; 1-3 sentences each
    "Zażółć gęślą jaźń. Rząd ogłosił w środę, że podwyżki obejmą także nauczycieli szkół średnich.",
    "Prezydent spotkał się z przedstawicielami związków zawodowych w piątek wieczorem.",
    "W Krakowie zamknięto dwie ulice, ponieważ rzeka wylała. Mieszkańcy muszą opuścić swoje domy.",
    "Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda ve středu oznámila, že zvýší důchody o tři procenta.",
    "Starosta města řekl, že oprava mostu potrvá nejméně dva roky a bude stát přes sto milionů korun.",
    "V Praze dnes pršelo celý den.",
]
OTHER_SCRIPTS = [
    ("cp1251", "Правительство объявило в среду о повышении пенсий на три процента."),
    ("koi8_r", "Правительство объявило в среду о повышении пенсий на три процента."),
    ("cp1253", "Η κυβέρνηση ανακοίνωσε την Τετάρτη αύξηση των συντάξεων κατά τρία τοις εκατό."),
    ("gb18030", "政府周三宣布将养老金提高百分之三。"),
]


@pytest.mark.parametrize("text", WESTERN)
def test_western_text_stays_cp1252(text: str) -> None:
    doc = read_document(text.encode("cp1252"))
    assert doc.raw == text
    assert (doc.source.encoding, doc.source.encoding_note) == ("cp1252", "fallback: not utf-8")


@pytest.mark.parametrize("text", CENTRAL)
def test_polish_and_czech_iso_8859_2_are_detected(text: str) -> None:
    doc = read_document(text.encode("iso8859_2"))
    assert doc.raw == text
    assert doc.source.encoding == "iso8859_2"
    assert doc.source.encoding_note.startswith("detected iso8859_2 (")


def test_windows_1250_when_its_own_bytes_are_there() -> None:
    text = "Śląsk i Łódź: źródła mówią, że ślub się odbędzie."  # Ś ś ź: 0x8C 0x9C 0x9F in cp1250
    doc = read_document(text.encode("cp1250"))
    assert doc.raw == text and doc.source.encoding == "cp1250"


@pytest.mark.parametrize("codec, text", OTHER_SCRIPTS)
def test_other_scripts_are_left_to_charset_normalizer(codec: str, text: str) -> None:
    doc = read_document(text.encode(codec))
    assert doc.raw == text
    assert doc.source.encoding_note.startswith(f"detected {doc.source.encoding} (charset_normalizer")


def test_the_detector_reads_64_kb_at_most() -> None:
    """A Polish page whose tell-tale letters come after the first 64 KB is not detected (the
    detector never saw them): the cost is bounded whatever the size of the input."""
    text = "Ala ma kota i psa. " * (SAMPLE_BYTES // 19 + 100) + "Rząd ogłosił, że podwyżki obejmą także szkoły."
    assert guess_legacy(text.encode("iso8859_2")) is None
    assert guess_legacy(text[-60:].encode("iso8859_2"))[0] == "iso8859_2"
