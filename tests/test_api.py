"""The library API: `cleaner.clean`, `cleaner.clean_file`, `Config` and the time limit."""
from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest

import cleaner
from cleaner import api
from cleaner.limits import time_limit
from corpus import HTML, SEED_RAW

SEED = sorted(SEED_RAW.glob("*.txt"))[0]


def test_clean_takes_bytes_or_str_and_gives_text_metadata_changes() -> None:
    data = SEED.read_bytes()
    result = cleaner.clean(data, source="page.txt")
    assert isinstance(result, cleaner.Result)
    assert result.text and len(result.text) < len(data.decode("utf-8"))
    assert result.metadata["source"]["path"] == "page.txt"
    assert result.metadata["source"]["format"] == "text"
    assert result.changes, "a seed page has junk to remove"
    assert all(c.kind == "warn" for c in result.warnings)
    assert [c for c in result.changes if c.kind == "warn"] == result.warnings
    assert cleaner.clean(data.decode("utf-8"), source="page.txt").text == result.text


def test_clean_file_reads_the_path_and_records_it(tmp_path: Path) -> None:
    result = cleaner.clean_file(SEED)
    assert result.metadata["source"]["path"] == str(SEED)
    with pytest.raises(OSError):
        cleaner.clean_file(tmp_path / "missing.txt")


def test_config_disables_stages_by_name() -> None:
    result = cleaner.clean_file(SEED, config=cleaner.Config(disable=("names", "garbled")))
    assert result.metadata["cleaner"]["disabled"] == ["names", "garbled"]
    assert "names" not in result.metadata["cleaner"]["stages"]


def test_bad_input_raises_input_error_and_unknown_stage_value_error() -> None:
    with pytest.raises(cleaner.InputError, match="empty input"):
        cleaner.clean(b"   \n")
    with pytest.raises(cleaner.InputError, match="too large"):
        cleaner.clean(b"x" * 100, config=cleaner.Config(max_bytes=10))
    with pytest.raises(ValueError, match="unknown stage"):
        cleaner.clean(b"some text", config=cleaner.Config(disable=("nosuchstage",)))


def test_format_overrides_the_sniffing() -> None:
    fragment = "<p>A short paragraph of a page that says very little at all.</p>"
    assert cleaner.clean(fragment).metadata["source"]["format"] == "text"
    assert cleaner.clean(fragment, format="html").metadata["source"]["format"] == "html"
    with pytest.raises(ValueError):
        cleaner.clean(fragment, format="pdf")


def test_fingerprint_follows_the_options_that_change_outputs() -> None:
    base = cleaner.Config()
    assert base.fingerprint() == cleaner.Config().fingerprint()
    assert base.fingerprint() != cleaner.Config(disable=("names",)).fingerprint()
    assert base.fingerprint() != cleaner.Config(options={"comments": {"x": 1}}).fingerprint()
    assert base.fingerprint() != cleaner.Config(max_bytes=10).fingerprint()
    assert base.fingerprint() == cleaner.Config(timeout=5).fingerprint()


def test_timeout_raises_document_timeout_and_restores_the_alarm(monkeypatch) -> None:
    real = api.read_document

    def slow(*args, **kwargs):
        time.sleep(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "read_document", slow)
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(cleaner.DocumentTimeout):
        cleaner.clean(HTML.read_bytes(), config=cleaner.Config(timeout=0.05))
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert not isinstance(cleaner.DocumentTimeout(), Exception), "an `except Exception` must not swallow it"


def test_time_limit_is_not_applied_outside_the_main_thread() -> None:
    done: list[bool] = []

    def work() -> None:
        with time_limit(0.01):
            time.sleep(0.05)
        done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert done == [True]


def test_fingerprint_follows_the_shipped_data(monkeypatch) -> None:
    """An edited phrase list or model changes the fingerprint: the manifest redoes the inputs."""
    import cleaner.config as config
    before = cleaner.Config().fingerprint()
    monkeypatch.setattr(config, "data_digest", lambda: "edited")
    assert cleaner.Config().fingerprint() != before


def test_config_takes_one_name_as_a_string_not_as_letters() -> None:
    one = cleaner.Config(disable="names", languages="fr")
    assert (one.disable, one.languages) == (("names",), ("fr",))
    assert one.fingerprint() == cleaner.Config(disable=("names",), languages=("fr",)).fingerprint()
    listed = cleaner.Config(disable=["names", "garbled"], languages=["fr", "en"])
    assert (listed.disable, listed.languages) == (("names", "garbled"), ("fr", "en"))
    result = cleaner.clean_file(SEED, config=cleaner.Config(disable="names"))
    assert result.metadata["cleaner"]["disabled"] == ["names"]
    assert "names" not in result.metadata["cleaner"]["stages"]


@pytest.mark.parametrize("key, value", [("disable", 5), ("disable", None), ("disable", ("names", 3)),
                                        ("languages", b"fr")])
def test_config_refuses_names_that_are_not_strings(key: str, value: object) -> None:
    with pytest.raises(TypeError, match=f"Config.{key} takes a .* or a sequence of them"):
        cleaner.Config(**{key: value})
