"""The language stage: langdetect made deterministic, guarded and overridable by the page's lang."""
from __future__ import annotations

import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from cleaner.document import JUNK, WARN, Block, Document
from cleaner.patterns import load_patterns
from cleaner.stages.language import LanguageStage, _factory, detect, primary_subtag, sample

FRENCH = ("Vladimir Poutine est arrivé, avec un long retard, dans la nuit de mardi à mercredi en Corée "
          "du Nord où il a été accueilli en petit comité par Kim Jong-un. Les deux présidents ont signé "
          "un accord de partenariat stratégique.")
ENGLISH = ("The National Assembly resumed from its annual recess on Tuesday, and the senators moved a "
           "motion for the adjournment of the first plenary session over the deaths of two members.")
# Short and mixed: langdetect's answer here depends on its random sampling.
SHAKY = ["Le meeting est fini, see you soon", "Ciao amigo, hasta luego mon ami", "hotel taxi menu"]


def make_doc(*texts: str, html_lang: str | None = None) -> Document:
    """A document of one block per text."""
    doc = Document(raw="\n".join(texts), blocks=[Block(i, t, t) for i, t in enumerate(texts)])
    if html_lang is not None:
        doc.metadata["html_lang"] = html_lang
    return doc


def run(doc: Document, **options: object) -> Document:
    """Run the language stage over `doc`."""
    LanguageStage(load_patterns(), **options).run(doc)
    return doc


def test_french_and_english() -> None:
    # langdetect itself: the stop-word shortcut is switched off by its minimum sample size
    fr, en = (run(make_doc(text), confirm_min_words=10**6) for text in (FRENCH, ENGLISH))
    assert fr.metadata["language"] == "fr" and en.metadata["language"] == "en"
    for doc in (fr, en):
        probability = doc.metadata["language_probability"]
        assert 0.8 <= probability <= 1 and probability == round(probability, 3)
        assert doc.changes == []


def test_deterministic_whatever_the_call_order() -> None:
    texts = SHAKY + [FRENCH, ENGLISH]
    forward = [detect(t) for t in texts]
    backward = [detect(t) for t in reversed(texts)][::-1]
    again = [detect(t) for t in texts for _ in range(3)][::3]
    assert forward == backward == again


def test_deterministic_across_documents() -> None:
    results = {run(make_doc(text)).metadata["language_probability"] for text in [SHAKY[0]] * 5}
    assert len(results) == 1


def test_no_letters_gives_no_language_and_a_warning() -> None:
    doc = run(make_doc("━" * 80, "12 345 — 2024", "***"))
    assert doc.metadata["language"] is None and doc.metadata["language_probability"] is None
    assert [(c.kind, c.label) for c in doc.changes] == [(WARN, "language:undetected")]


def test_empty_document() -> None:
    doc = run(make_doc())
    assert doc.metadata["language"] is None
    assert [c.rule for c in doc.changes] == ["undetected"]


def test_no_letters_falls_back_to_the_declared_language() -> None:
    doc = run(make_doc("━" * 80, html_lang="fr-FR"))
    assert doc.metadata["language"] == "fr"
    assert [c.rule for c in doc.changes] == ["undetected"]


def test_sure_detection_beats_the_declared_language() -> None:
    doc = run(make_doc(ENGLISH, html_lang="fr"))
    assert doc.metadata["language"] == "en" and doc.changes == []


def test_declared_language_wins_when_detection_is_unsure() -> None:
    doc = run(make_doc(ENGLISH, html_lang="fr-CA"), min_probability=1.01)
    assert doc.metadata["language"] == "fr"
    assert doc.metadata["language_probability"] is not None
    assert [c.rule for c in doc.changes] == ["uncertain"]


def test_dropped_blocks_are_ignored() -> None:
    doc = make_doc("Home Menu Search Subscribe Sign in " * 20, FRENCH)
    doc.drop(doc.blocks[0], "chrome", "menu", kind=JUNK)
    assert run(doc).metadata["language"] == "fr"


def test_sample_takes_longest_blocks_first() -> None:
    doc = make_doc("menu", FRENCH, "accueil", ENGLISH)
    assert sample(doc, 10_000).split("\n") == [FRENCH, ENGLISH, "accueil", "menu"]
    assert sample(doc, 50) == FRENCH[:50]
    tied = make_doc("tie one", "short", "tie two", "tie six")  # equal lengths: in page order
    assert sample(tied, 10_000).split("\n") == ["tie one", "tie two", "tie six", "short"]


def test_a_long_rule_of_box_characters_does_not_hide_the_text() -> None:
    # w3m draws <hr> as a long run of "━": the longest block, with no letter in it
    doc = make_doc("━" * 1000, "12 345 678 - 2019", FRENCH)
    assert sample(doc, 600) == FRENCH[:600]
    assert run(doc).metadata["language"] == "fr"
    assert not doc.warnings


@pytest.mark.parametrize("code, primary", [("fr-FR", "fr"), ("en_US", "en"), ("zh-cn", "zh"), (" FR ", "fr")])
def test_primary_subtag(code: str, primary: str) -> None:
    assert primary_subtag(code) == primary


def test_profiles_loaded_once() -> None:
    assert _factory() is _factory()
    assert len(_factory().get_lang_list()) > 50


def test_the_native_table_is_langdetects() -> None:
    # langdetect's own factory, loaded its way, against the table read natively: the same
    # languages in the same order, the same n-grams, the same probabilities to the last bit
    theirs = DetectorFactory()
    theirs.load_profile(PROFILES_DIRECTORY)
    ours = _factory()
    order = [theirs.langlist.index(lang) for lang in ours.langlist]
    assert sorted(ours.langlist) == sorted(theirs.langlist)
    assert list(ours.word_lang_prob_map) == sorted(theirs.word_lang_prob_map)
    for word, probs in theirs.word_lang_prob_map.items():
        assert word in ours.word_lang_prob_map
        assert ours.word_lang_prob_map[word] == [probs[i] for i in order], word
    assert "no such n-gram" not in ours.word_lang_prob_map
    with pytest.raises(KeyError):
        ours.word_lang_prob_map["no such n-gram"]


# ---- a declared language, confirmed by its stop words, spares langdetect -------------------
ITALIAN = ("Il governo ha annunciato martedì un nuovo pacchetto di misure per l'economia, che comprende "
           "la riduzione delle tasse per le piccole imprese e un programma di credito per gli agricoltori "
           "delle zone interne del paese.")
# Portuguese shares too many function words with Spanish for its stop words alone to settle it.
PORTUGUESE = ("O governo anunciou nesta terça-feira um novo pacote de medidas para a economia, que "
              "inclui a redução de impostos para as pequenas empresas e um programa de crédito para os "
              "agricultores do interior do país.")


def no_langdetect(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("langdetect ran")
    monkeypatch.setattr("cleaner.stages.language.detect", refuse)


@pytest.mark.parametrize("text, lang", [(ENGLISH, "en"), (FRENCH, "fr"), (ITALIAN, "it")])
def test_declared_language_confirmed_by_its_stop_words(monkeypatch, text, lang) -> None:
    no_langdetect(monkeypatch)
    doc = run(make_doc(text, text, html_lang=f"{lang}-XX"))
    assert doc.metadata["language"] == lang and doc.metadata["language_source"] == "declared"
    assert doc.metadata["language_probability"] is None


@pytest.mark.parametrize("text, declared, truth", [(FRENCH, "en", "fr"), (ENGLISH, "fr", "en"),
                                                   (PORTUGUESE, "es", "pt"), (PORTUGUESE, "pt", "pt"),
                                                   (FRENCH, "ca", "fr")])
def test_a_wrong_or_unlisted_declaration_is_checked_by_detection(text, declared, truth) -> None:
    doc = run(make_doc(text, text, html_lang=declared))
    assert doc.metadata["language"] == truth and doc.metadata["language_source"] == "detected"


@pytest.mark.parametrize("text, lang", [(ENGLISH, "en"), (FRENCH, "fr"), (ITALIAN, "it")])
def test_undeclared_language_dominated_by_its_stop_words_needs_no_detection(monkeypatch, text, lang) -> None:
    no_langdetect(monkeypatch)
    doc = run(make_doc(text, text))
    assert doc.metadata["language"] == lang and doc.metadata["language_source"] == "stop words"
    assert doc.metadata["language_probability"] is None and doc.changes == []


def test_undeclared_language_without_a_clear_stop_word_leader_is_detected() -> None:
    doc = run(make_doc(PORTUGUESE, PORTUGUESE))  # Spanish's list covers it almost as well
    assert doc.metadata["language"] == "pt" and doc.metadata["language_source"] == "detected"
    short = run(make_doc(ENGLISH[:80]))
    assert short.metadata["language"] == "en" and short.metadata["language_source"] == "detected"


def test_too_few_words_to_confirm_goes_to_detection() -> None:
    doc = run(make_doc(ENGLISH[:80], html_lang="en"))
    assert doc.metadata["language_source"] == "detected"


@pytest.mark.parametrize("text, code", [
    ("香港政府今日宣佈，由於流感疫情持續，學校將會停課兩星期，衛生署呼籲市民注意個人衛生，勤洗手。", "zh-tw"),
    ("香港政府今日宣布，由于流感疫情持续，学校将会停课两星期，卫生署呼吁市民注意个人卫生，勤洗手。", "zh"),
    ("서울시는 오늘 독감 유행이 계속됨에 따라 학교를 2주간 휴교한다고 밝혔다.", "ko"),
])
def test_traditional_chinese_is_zh_tw_and_korean_needs_hangul(text: str, code: str) -> None:
    assert detect(text)[0] == code


def test_langdetect_calling_traditional_chinese_korean_is_corrected() -> None:
    """langdetect's `ko` on a text without Hangul but with Han characters is Traditional Chinese."""
    from cleaner.stages.language import language_code
    assert language_code("ko", "衛生署呼籲市民注意個人衛生") == "zh-tw"
    assert language_code("ko", "독감 유행이 계속됨에 衛生") == "ko"


def test_regional_codes_read_their_languages_phrase_lists() -> None:
    patterns = load_patterns()
    assert patterns.words("zh-tw", "stopwords", "words") == patterns.words("zh", "stopwords", "words")
    assert patterns.words("fr-CA", "stopwords", "words") == patterns.words("fr", "stopwords", "words")


def test_the_language_is_read_once_the_junk_is_gone() -> None:
    """Long English teaser, paywall and sign-up lines above a German article do not make it
    English: the language is read from what the junk stages leave."""
    from cleaner import clean
    junk = ["READ MORE: The council knew about the flood risk for years and did nothing at all, documents show",
            "Related: Why the shops on the quay could not empty their cellars in time, and what comes next",
            "This article is reserved for subscribers. Subscribe now to read the rest of the story.",
            "Sign up to our newsletter to get the latest news and the best stories delivered to your inbox."]
    article = ["Der Fluss ist in der Nacht um fast zwei Meter gestiegen.",
               "Die Anwohner hatten ihre Autos auf höher gelegene Straßen gebracht."]
    result = clean("\n\n".join(junk + article) + "\n")
    assert len(result.metadata["removed"]) >= len(junk)
    assert result.metadata["language"] == "de"
