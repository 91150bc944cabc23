//! The text functions of `cleaner._native` that Python calls on a page's lines: their phrase
//! form, a dump's lines, the wrapping measures, the headline candidates' measures, the
//! mojibake screen, CPython's case mappings (for the tests).

use std::borrow::Cow;

use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PySet, PyString};
use rustc_hash::FxHashSet;

use crate::{chars, forms, headline, jsonindent, names, shapes, unwrap, wrapping, WordSet};

/// A text (already NFC) as phrase lists see it (`cleaner.patterns.norm`; see `shapes::phrase_form`).
#[pyfunction]
fn phrase_form(text: &str) -> String {
    shapes::phrase_form(text)
}

/// Gives each block (`cleaner.document.Block`) its `norm` and `n_words`, written in its
/// `__dict__` (`cleaner.document.measure`): its text made NFC by `nfc` (CPython's
/// `unicodedata.normalize("NFC", ...)`) unless `forms::surely_nfc` says it is already, then as
/// phrase lists see it (a text that is its own phrase form is its norm: no new string).
#[pyfunction]
fn measure_blocks<'py>(py: Python<'py>, blocks: Vec<Bound<'py, PyAny>>, nfc: Bound<'py, PyAny>) -> PyResult<()> {
    let (dict, norm, n_words, text) =
        (intern!(py, "__dict__"), intern!(py, "norm"), intern!(py, "n_words"), intern!(py, "text"));
    for block in &blocks {
        let state = block.getattr(dict)?.cast_into::<PyDict>()?;
        let mut given = state.get_item(text)?.ok_or_else(|| PyKeyError::new_err("text"))?.cast_into::<PyString>()?;
        if !forms::surely_nfc(given.to_str()?) {
            given = nfc.call1((given,))?.cast_into::<PyString>()?;
        }
        let (form, words) = {
            let form = forms::phrase_form_cow(given.to_str()?);
            let words = forms::form_words(&form);
            let made = match form {
                Cow::Borrowed(_) => None,
                Cow::Owned(form) => Some(PyString::new(py, &form)),
            };
            (made.unwrap_or(given), words)
        };
        state.set_item(norm, form)?;
        state.set_item(n_words, words)?;
    }
    Ok(())
}

/// A block around the headline candidates: (words, list item, dropped: 0 no, 1 as junk,
/// 2 otherwise, line span, a credit in it, a byline or date line).
type WindowBlock = (usize, bool, u8, Option<(i64, i64)>, bool, bool);

/// A candidate's block index, its row, and its score when a model was given.
type ScoredRow = (usize, Vec<f64>, Option<f64>);

/// The measures of a text dump's headline candidates (see `headline::rows`). `span`: the
/// blocks' texts from block `first` on; `window`: from block `window_start` on, per block
/// (`WindowBlock`); the candidates are the blocks `lo` to `hi` but `start`, of a page of
/// `n_blocks` (`places`: lo, start, hi, n_blocks); `body`: the article's kept texts; `model`:
/// (weights, bias) of the scorer, when the rows are to be scored (`headline::score`). Returns
/// (block index, row, score or None) per candidate.
#[pyfunction]
#[pyo3(signature = (span, first, window, window_start, places, body, stopwords, model=None))]
#[allow(clippy::too_many_arguments)]
fn headline_rows(
    span: Vec<PyBackedStr>,
    first: usize,
    window: Vec<WindowBlock>,
    window_start: usize,
    places: (usize, usize, usize, usize),
    body: Vec<PyBackedStr>,
    stopwords: &WordSet,
    model: Option<(Vec<f64>, f64)>,
) -> PyResult<Vec<ScoredRow>> {
    let (lo, start, hi, n_blocks) = places;
    let covers = |from: usize, len: usize| from <= lo.saturating_sub(3) && from + len >= n_blocks.min(hi + 3);
    if !(lo <= start && start < hi && hi <= n_blocks && covers(first, span.len()) && covers(window_start, window.len()))
    {
        return Err(PyValueError::new_err("the span and the window must hold every candidate and its neighbours"));
    }
    let window: Vec<headline::Block> = window
        .into_iter()
        .map(|(n_words, list_item, dropped, lines, credit, byline)| headline::Block {
            n_words,
            list_item,
            dropped: match dropped {
                0 => headline::Dropped::No,
                1 => headline::Dropped::Junk,
                _ => headline::Dropped::Other,
            },
            lines,
            credit,
            byline,
        })
        .collect();
    let span: Vec<&str> = span.iter().map(|t| &**t).collect();
    let body: Vec<&str> = body.iter().map(|t| &**t).collect();
    let page = headline::Page {
        first,
        span: &span,
        window_start,
        window: &window,
        lo,
        start,
        hi,
        n_blocks,
        body: &body,
        stopwords: &stopwords.0,
    };
    let scored = |row: &headline::Row| model.as_ref().map(|(weights, bias)| headline::score(row, weights, *bias));
    Ok(headline::rows(&page).into_iter().map(|(pos, row)| (pos, row.to_vec(), scored(&row))).collect())
}

/// A row's score under a headline model (see `headline::score`, what `headline_rows` returns
/// beside each row given a model): `cleaner.headline.HeadlineModel.score`, bit for bit.
#[pyfunction]
fn headline_score(row: Vec<f64>, weights: Vec<f64>, bias: f64) -> f64 {
    headline::score(&row, &weights, bias)
}

/// Why a line can never be the headline (see `headline::veto`), or None.
#[pyfunction]
#[pyo3(signature = (text, credit, after=None))]
fn headline_veto(text: &str, credit: bool, after: Option<&str>) -> Option<&'static str> {
    headline::veto(text, credit, after)
}

/// `str.lower` and `str.casefold` of `text`, as the native measures compute them (for the tests).
#[pyfunction]
fn lowered(text: &str) -> (String, String) {
    (chars::lower(text), chars::casefold(text))
}

/// The characters texts are screened for (`cleaner.stages.mojibake`): `CharScreen(chars)`.
#[pyclass(frozen, module = "cleaner._native")]
struct CharScreen {
    ascii: [bool; 128],
    others: FxHashSet<char>,
}

#[pymethods]
impl CharScreen {
    #[new]
    fn new(chars: &str) -> Self {
        let mut ascii = [false; 128];
        let mut others = FxHashSet::default();
        for c in chars.chars() {
            if c.is_ascii() {
                ascii[c as usize] = true;
            } else {
                others.insert(c);
            }
        }
        CharScreen { ascii, others }
    }

    /// Per text: 1 when it holds one of the characters, else 0 when it is ASCII, else 2.
    fn screen(&self, texts: Vec<PyBackedStr>) -> Vec<u8> {
        texts
            .iter()
            .map(|text| {
                let mut ascii = true;
                for c in text.chars() {
                    let held = if c.is_ascii() { self.ascii[c as usize] } else { self.others.contains(&c) };
                    if held {
                        return 1;
                    }
                    ascii &= c.is_ascii();
                }
                if ascii {
                    0
                } else {
                    2
                }
            })
            .collect()
    }
}

/// Raw lines as wrapping reads them (`wrapping::read`) and measures them: (indentation, text,
/// display width, prose, breakable, measurable); see `wrapping`.
#[pyfunction]
fn wrap_lines(raws: Vec<PyBackedStr>) -> Vec<(usize, String, usize, bool, bool, bool)> {
    raws.iter()
        .map(|raw| {
            let m = wrapping::measure(raw);
            (m.indent, m.text.into_owned(), m.width, m.prose, m.breakable, m.measurable)
        })
        .collect()
}

/// Whether each raw line is `measurable` (`wrap_lines`' last measure), its text not copied out.
#[pyfunction]
fn measurable_lines(raws: Vec<PyBackedStr>) -> Vec<bool> {
    raws.iter().map(|raw| wrapping::measure(raw).measurable).collect()
}

/// The lines `raws` (numbered `numbers` in the input) as `unwrap` reads them.
fn unwrap_lines<'a>(numbers: &[usize], raws: &'a [PyBackedStr]) -> PyResult<Vec<unwrap::Line<'a>>> {
    if numbers.len() != raws.len() {
        return Err(PyValueError::new_err("one number per line"));
    }
    Ok(unwrap::read_lines(numbers, raws))
}

/// The width the lines were wrapped at and their paragraphs (positions grouped), or None when
/// they do not look wrapped (`unwrap::wrap_width`, `unwrap::paragraph_runs`).
#[pyfunction]
fn wrap_plan(numbers: Vec<usize>, raws: Vec<PyBackedStr>) -> PyResult<Option<(usize, Vec<Vec<usize>>)>> {
    let lines = unwrap_lines(&numbers, &raws)?;
    Ok(unwrap::wrap_width(&lines).map(|width| (width, unwrap::paragraph_runs(&lines, width))))
}

/// The width the lines were wrapped at, or None (`unwrap::wrap_width`).
#[pyfunction]
fn wrap_width(numbers: Vec<usize>, raws: Vec<PyBackedStr>) -> PyResult<Option<usize>> {
    Ok(unwrap::wrap_width(&unwrap_lines(&numbers, &raws)?))
}

/// The lines' paragraphs at `width` (`unwrap::paragraph_runs`).
#[pyfunction]
fn paragraph_runs(numbers: Vec<usize>, raws: Vec<PyBackedStr>, width: usize) -> PyResult<Vec<Vec<usize>>> {
    Ok(unwrap::paragraph_runs(&unwrap_lines(&numbers, &raws)?, width))
}

/// Columns `text` takes on a terminal (`wrapping::display_width`).
#[pyfunction]
fn display_width(text: &str) -> usize {
    wrapping::display_width(text)
}

/// The length of the list-item start `text` opens with, if any (`wrapping::item_start`).
#[pyfunction]
fn item_start(text: &str) -> Option<usize> {
    wrapping::item_start(text)
}

/// The compact JSON text `compact` (UTF-8, `surrogatepass`) laid out as `json.dumps(...,
/// indent=width)` lays it out (`jsonindent`).
#[pyfunction]
fn indent_json<'py>(py: Python<'py>, compact: &[u8], width: usize) -> Bound<'py, PyBytes> {
    PyBytes::new(py, &jsonindent::indent(compact, width))
}

/// What `capitalised_words` gives: counts by word, the words inside a sentence, first
/// occurrences by word, the words used in lower case too.
type PageWords<'py> = (Bound<'py, PyDict>, Bound<'py, PySet>, Bound<'py, PyDict>, Bound<'py, PySet>);

/// The words a page's names are read from (see `names::index`; `max_length`: the longest name,
/// in characters): the capitalised words that may be names with how often each is used, in the
/// order first seen; those seen inside a sentence; each one's first occurrence (text index,
/// character span, whether it opens a sentence); and those also used in lower case (`str.lower`
/// of the word is `str.lower` of a word not opening with an upper-case letter).
#[pyfunction]
fn capitalised_words<'py>(py: Python<'py>, texts: Vec<PyBackedStr>, max_length: usize) -> PyResult<PageWords<'py>> {
    let (seen, plain) = names::index(&texts, max_length);
    // most are lower case already: lowered only when not
    let lowered: FxHashSet<Cow<str>> = plain
        .into_iter()
        .map(|w| match w.bytes().all(|b| b.is_ascii_lowercase()) {
            true => Cow::Borrowed(w),
            false => Cow::Owned(chars::lower(w)),
        })
        .collect();
    let (counts, mid, first, common) = (PyDict::new(py), PySet::empty(py)?, PyDict::new(py), PySet::empty(py)?);
    for s in seen {
        let word = PyString::new(py, s.word);
        counts.set_item(&word, s.count)?;
        if s.mid {
            mid.add(&word)?;
        }
        if lowered.contains(chars::lower(s.word).as_str()) {
            common.add(&word)?;
        }
        first.set_item(word, (s.text, s.start, s.end, s.initial))?;
    }
    Ok((counts, mid, first, common))
}

/// For each of `words`, the sorted `names` one edit from it, inside the word (`names::near`).
#[pyfunction]
fn near_names(words: Vec<String>, names: Vec<String>) -> Vec<Vec<String>> {
    names::near(&words, &names)
}

/// Adds this module's functions and classes to `cleaner._native`.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CharScreen>()?;
    m.add_function(wrap_pyfunction!(phrase_form, m)?)?;
    m.add_function(wrap_pyfunction!(measure_blocks, m)?)?;
    m.add_function(wrap_pyfunction!(headline_rows, m)?)?;
    m.add_function(wrap_pyfunction!(headline_veto, m)?)?;
    m.add_function(wrap_pyfunction!(headline_score, m)?)?;
    m.add_function(wrap_pyfunction!(lowered, m)?)?;
    m.add_function(wrap_pyfunction!(wrap_lines, m)?)?;
    m.add_function(wrap_pyfunction!(measurable_lines, m)?)?;
    m.add_function(wrap_pyfunction!(wrap_plan, m)?)?;
    m.add_function(wrap_pyfunction!(wrap_width, m)?)?;
    m.add_function(wrap_pyfunction!(paragraph_runs, m)?)?;
    m.add("WRAP_MAX_WIDTH", unwrap::MAX_WIDTH)?;
    m.add("WRAP_OVERFLOW_SHARE", unwrap::OVERFLOW_SHARE)?;
    m.add_function(wrap_pyfunction!(display_width, m)?)?;
    m.add_function(wrap_pyfunction!(item_start, m)?)?;
    m.add_function(wrap_pyfunction!(indent_json, m)?)?;
    m.add_function(wrap_pyfunction!(capitalised_words, m)?)?;
    m.add_function(wrap_pyfunction!(near_names, m)?)?;
    crate::py_langtext::register(m)?;
    m.add("HEADLINE_FEATURES", headline::FEATURES.to_vec())?;
    Ok(())
}
