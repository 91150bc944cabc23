"""The native langdetect walk (`NativeDetector`, native/src/langwalk.rs) against langdetect's
own `Detector._detect_block`, kept here as the reference: the same `langprob` list, float for
float (==), and the same `detect()` answer, over texts in many languages and scripts, short
and long: the test fixtures, the benchmark text dumps beside the repository, and made-up text."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException

from cleaner.stages import language
from cleaner.stages.language import SEED, NativeDetector, _factory, detect

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"
EVERY = 15  # every 15th benchmark dump: 352 of the 5,278


def langprob(cls: type[Detector], text: str, trials: int, prior: dict[str, float] | None = None,
             alpha: float | None = None) -> list[float] | str:
    """`langprob` after detecting `text` with a detector of class `cls` set up as the
    language stage sets its own; the exception's message when there is nothing to detect."""
    detector = cls(_factory())
    detector.seed = SEED
    detector.n_trial = trials
    if prior is not None:
        detector.set_prior_map(prior)
    if alpha is not None:
        detector.set_alpha(alpha)
    detector.append(text)
    try:
        detector.get_probabilities()
    except LangDetectException as err:
        return f"raised {err}"
    assert isinstance(detector.langprob, list)
    return detector.langprob


def reference_detect(text: str, trials: int) -> tuple[str, float] | None:
    """`detect()` with langdetect's own walk."""
    real = language.NativeDetector
    language.NativeDetector = Detector  # type: ignore[misc]
    try:
        return detect(text, trials)
    finally:
        language.NativeDetector = real  # type: ignore[misc]


def assert_same(text: str, trials: int) -> None:
    """The native walk gives langdetect's `langprob` and `detect()` answer for `text`."""
    assert langprob(NativeDetector, text, trials) == langprob(Detector, text, trials), text[:200]
    assert detect(text, trials) == reference_detect(text, trials), text[:200]


def fixture_texts() -> list[str]:
    """The fixtures' text: the seed pages and their expected text, the ScrapingHub dumps."""
    paths = sorted((FIXTURES / "seeds").glob("*/*.txt")) + sorted((FIXTURES / "scrapinghub" / "pages").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    html = FIXTURES / "html" / "article.html"
    texts.append(html.read_text(encoding="utf-8"))
    texts.extend(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                 for p in sorted((FIXTURES / "scrapinghub" / "pages").glob("*.html.gz")))
    return texts


def benchmark_dumps() -> list[Path]:
    """Every `EVERY`th text dump of the shown benchmarks (`../shared/benchmarks/*/text*/`)."""
    paths = sorted(SHARED.glob("*/text*/*.txt")) + sorted(SHARED.glob("*/*/text*/*.txt"))
    return paths[::EVERY]


def pieces(text: str) -> list[str]:
    """Parts of `text` the way detections see it: about what the stage samples (600
    characters), a short line's worth, a few words, and a long stretch."""
    return [text[:600], text[:80].strip(), text[-40:], text[:2500]]


@pytest.mark.parametrize("trials", [1, 3, 7])
def test_fixture_texts(trials: int) -> None:
    for text in fixture_texts():
        for piece in pieces(text):
            assert_same(piece, trials)


def test_benchmark_dumps() -> None:
    assert SHARED.is_dir(), f"the shown benchmarks are expected at {SHARED} (CI has them there)"
    dumps = benchmark_dumps()
    assert len(dumps) > 300
    for number, path in enumerate(dumps):
        text = path.read_text(encoding="utf-8", errors="replace")
        for piece in pieces(text):
            assert_same(piece, 3 if number % 2 else 7)


def test_languages_and_scripts() -> None:
    texts = [
        "Le meeting est fini, see you soon", "Ciao amigo, hasta luego mon ami", "hotel taxi menu",
        "Владимир Путин прибыл в Северную Корею с большим опозданием.",
        "Ο πρωθυπουργός συναντήθηκε με τους εκπροσώπους των εργαζομένων.",
        "وصل الرئيس الروسي إلى كوريا الشمالية في وقت متأخر من الليل",
        "普京总统在深夜抵达朝鲜，受到金正恩的欢迎。", "普京總統在深夜抵達朝鮮，受到金正恩的歡迎。",
        "푸틴 대통령이 늦은 밤 북한에 도착했다.", "プーチン大統領は深夜に北朝鮮に到着した。",
        "प्रधानमंत्री ने आज संसद में बजट पेश किया।", "นายกรัฐมนตรีเดินทางถึงกรุงเทพฯ แล้ว",
        "Thủ tướng đã đến Hà Nội vào tối qua.", "a", "ab", "é", "1234 — 5678", "━━━━ x",
        "mixed Latin words and кириллица и 中文字符 together", "http://example.com/a mail@example.com",
    ]
    for text in texts:
        for trials in (1, 3, 7):
            assert_same(text, trials)


def test_prior_and_alpha_as_langdetect() -> None:
    text = "Ciao amigo, hasta luego mon ami, see you soon"
    for prior in ({"fr": 1.0, "it": 3.0}, {"en": 0.5}):
        assert langprob(NativeDetector, text, 5, prior=prior) == langprob(Detector, text, 5, prior=prior)
    for alpha in (0.1, 1.0, 2.5):
        assert langprob(NativeDetector, text, 5, alpha=alpha) == langprob(Detector, text, 5, alpha=alpha)


def test_nothing_to_detect_raises_as_langdetect() -> None:
    for text in ("", "   ", "1234", "— 12 —"):
        native, reference = langprob(NativeDetector, text, 3), langprob(Detector, text, 3)
        assert native == reference and isinstance(native, str), text


SCRIPTS = st.sampled_from(["abcdefghijklmnopqrstuvwxyzéèàçüößñ", "абвгдежзийклмнопрстуфхцчшщыэюя",
                           "αβγδεζηθικλμνξοπρστυφχψω", "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
                           "的一是不了人我在有他这中大来上个国", "가나다라마바사아자차카타파하한국",
                           "अआइईउऊएऐओऔकखगघचछजझटठडढणतथदधन", "กขคงจฉชซญดตถทนบปผพฟมยรลวศษสหอ",
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789 .,;:!?-—"])


@st.composite
def made_up_text(draw: st.DrawFn) -> str:
    """Words of letters from one or more scripts, with spaces and punctuation."""
    words = draw(st.lists(st.tuples(SCRIPTS, st.integers(1, 12), st.randoms(use_true_random=False)),
                          min_size=1, max_size=120))
    return " ".join("".join(rng.choice(letters) for _ in range(size)) for letters, size, rng in words)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.one_of(made_up_text(), st.text(max_size=300)), st.sampled_from([1, 3, 7]))
@example("the the the the", 3)
def test_made_up_text(text: str, trials: int) -> None:
    assert_same(text, trials)
