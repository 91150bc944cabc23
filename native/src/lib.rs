//! `cleaner._native`: the hot path of cleaner's text mode, built by maturin through PyO3.
//!
//! The text model's line measures (`lines`, `shapes`, over CPython's character classes in
//! `chars`), the page's rows of measures (`page`), the model's scores and the decoding
//! (`model`). Python (`cleaner/textmode/`) keeps the decisions and the record: it asks a
//! `Page` for its rows and scores, and writes every `Change`. The stages' phrase lists are
//! matched here too (`phrases`, `items`, their Python classes in `py_phrases`), and a page's
//! lines are read and measured (`segment`, `wrapping`, `headline`; their functions in `py_text`).

use rustc_hash::{FxHashMap, FxHashSet};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyString;

use crate::py_phrases::PhraseList;

pub mod article;
pub mod chars;
pub mod copies;
pub mod forms;
pub mod headline;
pub mod items;
pub mod jsonindent;
pub mod langtext;
pub mod langwalk;
pub mod lines;
pub mod model;
pub mod names;
pub mod ngrams;
pub mod page;
pub mod phrases;
mod py_langtext;
mod py_phrases;
mod py_text;
#[rustfmt::skip]
mod pyunicode;
pub mod segment;
pub mod shapes;
pub mod syntax;
pub mod unwrap;
pub mod wrapping;

/// A set of words (stop words, the words that join names), built once and shared.
#[pyclass(frozen, module = "cleaner._native")]
pub(crate) struct WordSet(pub(crate) FxHashSet<String>);

#[pymethods]
impl WordSet {
    #[new]
    fn new(words: Vec<String>) -> Self {
        WordSet(words.into_iter().collect())
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }
}

/// The word table of the text model: log-odds of content per frequent word.
#[pyclass(frozen, module = "cleaner._native")]
struct Lexicon(FxHashMap<String, f64>);

#[pymethods]
impl Lexicon {
    #[new]
    fn new(table: FxHashMap<String, f64>) -> Self {
        Lexicon(table)
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    /// Mean log-odds of content of the words, shrunk towards 0 (the `lex` measure).
    fn score(&self, words: Vec<String>) -> f64 {
        page::lex_score(words.iter().map(String::as_str), &self.0)
    }

    /// Share of the words of these lines that the table knows (the `lex_cover` measure).
    fn cover(&self, lines: Vec<Vec<String>>) -> f64 {
        page::lex_cover(lines.iter().flatten().map(String::as_str), &self.0)
    }
}

/// langdetect's n-gram table (see `ngrams`), from its profiles' JSON texts in this order.
#[pyclass(frozen, module = "cleaner._native")]
struct NgramProfiles(ngrams::Profiles);

#[pymethods]
impl NgramProfiles {
    #[new]
    fn new(texts: Vec<String>) -> PyResult<Self> {
        ngrams::Profiles::from_json(&texts).map(NgramProfiles).map_err(PyValueError::new_err)
    }

    /// The profiles' language names, in order.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.0.names.clone()
    }

    fn __contains__(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    /// `word`'s probability in each profile, or None when none has it.
    fn probabilities(&self, word: &str) -> Option<Vec<f64>> {
        self.0.probabilities(word)
    }

    /// Every n-gram some profile has, sorted.
    fn words(&self) -> Vec<&str> {
        self.0.words()
    }
}

/// The text model's tables and pairs (`models/textmode.json`).
#[pyclass(frozen, module = "cleaner._native")]
struct TextModel {
    model: model::Model,
}

/// What the stage reads of a kept line: (units, prose, cue, stamp, name, date, bullet).
type Facts = (f64, bool, bool, bool, bool, bool, bool);

type PairSpec = (usize, usize, Vec<f64>, Vec<f64>, Vec<Vec<f64>>);

#[pymethods]
impl TextModel {
    #[new]
    fn new(bias: f64, edges: Vec<Vec<f64>>, values: Vec<Vec<f64>>, pairs: Vec<PairSpec>) -> PyResult<Self> {
        if edges.len() != page::N_FEATURES || values.len() != page::N_FEATURES {
            return Err(PyValueError::new_err(format!("the model needs {} measures", page::N_FEATURES)));
        }
        if edges.iter().zip(&values).any(|(e, v)| v.len() != e.len() + 1) {
            return Err(PyValueError::new_err("each measure needs one value more than its edges"));
        }
        let n = page::N_FEATURES;
        let bad_pair = |p: &PairSpec| {
            p.0 >= n || p.1 >= n || p.4.len() != p.2.len() + 1 || p.4.iter().any(|row| row.len() != p.3.len() + 1)
        };
        if pairs.iter().any(bad_pair) {
            return Err(PyValueError::new_err(
                "a pair names a measure that is not there, or its grid does not fit its edges",
            ));
        }
        let pairs = pairs
            .into_iter()
            .map(|(a, b, edges_a, edges_b, grid)| model::Pair { a, b, edges_a, edges_b, grid })
            .collect();
        Ok(TextModel { model: model::Model { bias, edges, values, pairs } })
    }

    /// Log-odds that each row is content.
    fn score(&self, rows: Vec<Vec<f64>>) -> PyResult<Vec<f64>> {
        rows.iter().map(|r| self.checked(r).map(|r| self.model.score(r))).collect()
    }

    /// Each measure's log-odds for one row (a pair's value split between its two measures).
    fn contributions(&self, row: Vec<f64>) -> PyResult<Vec<f64>> {
        Ok(self.model.contributions(self.checked(&row)?))
    }
}

impl TextModel {
    fn checked<'a>(&self, row: &'a [f64]) -> PyResult<&'a [f64]> {
        if row.len() != page::N_FEATURES {
            return Err(PyValueError::new_err(format!("a row holds {} measures", page::N_FEATURES)));
        }
        Ok(row)
    }
}

/// One page's lines: `Page(texts, stopwords)` counts their words (in the texts lowered as
/// `str.lower` does); `measure(...)`, given what the phrase lists found, computes the rows of
/// the kept lines.
#[pyclass(module = "cleaner._native")]
struct Page {
    texts: Vec<String>,
    lows: Vec<String>,
    counted: Vec<lines::Counted>,
    lines: Vec<lines::Line>,
    rows: Option<page::Rows>,
}

#[pymethods]
impl Page {
    #[new]
    fn new(texts: Vec<String>, stopwords: &WordSet) -> Self {
        let lows: Vec<String> = texts.iter().map(|t| chars::lower(t)).collect();
        let counted = texts.iter().zip(&lows).map(|(t, l)| lines::count_words(t, l, &stopwords.0)).collect();
        Page { texts, lows, counted, lines: Vec::new(), rows: None }
    }

    /// Each line's size in words (a Han or kana character half a word).
    #[getter]
    fn units(&self) -> Vec<f64> {
        self.counted.iter().map(|c| c.units).collect()
    }

    /// Measure every line and the page. Per line: kept, a list item, its indent, removed as
    /// a comment; `stamps` and `cues`: the phrase lists of time stamps and comment cues
    /// (`Cues`); `joins` and `name_ends`: the words of an author line beside names;
    /// `lexicon`: the word table `lex` reads (None: 0).
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (kept, bullets, indents, comment_dropped, stamps, cues, joins, name_ends, lexicon=None))]
    fn measure(
        &mut self,
        kept: Vec<bool>,
        bullets: Vec<bool>,
        indents: Vec<f64>,
        comment_dropped: Vec<bool>,
        stamps: &PhraseList,
        cues: &PhraseList,
        joins: &WordSet,
        name_ends: Vec<String>,
        lexicon: Option<&Lexicon>,
    ) -> PyResult<()> {
        let n = self.texts.len();
        if [kept.len(), bullets.len(), indents.len(), comment_dropped.len()].iter().any(|&len| len != n) {
            return Err(PyValueError::new_err("one value per line for each measure given"));
        }
        let (stamps, cues) = (stamps.compiled()?, cues.compiled()?);
        let in_joins = |w: &str| joins.0.contains(w);
        let counted = std::mem::take(&mut self.counted);
        self.lines = counted
            .into_iter()
            .enumerate()
            .map(|(j, counted)| {
                let given = lines::Given {
                    kept: kept[j],
                    bullet: bullets[j],
                    indent: indents[j],
                    comment_dropped: comment_dropped[j],
                    stamps,
                    cues,
                    joins: &in_joins,
                    name_ends: &name_ends,
                };
                lines::Line::new(&self.texts[j], &self.lows[j], counted, &given)
            })
            .collect();
        let lexicon = lexicon.map(|l| &l.0);
        self.rows = Some(page::rows(&self.lines, &self.texts, &self.lows, lexicon));
        Ok(())
    }

    /// Indexes (among all lines) of the kept lines, one row each.
    #[getter]
    fn kept(&self) -> PyResult<Vec<usize>> {
        Ok(self.measured()?.kept.clone())
    }

    /// First and last position (among kept lines) of the main prose run ((0, -1): none).
    #[getter]
    fn main(&self) -> PyResult<(i64, i64)> {
        Ok(self.measured()?.main)
    }

    /// The rows of measures, one per kept line, in the order of `FEATURES`.
    fn rows(&self) -> PyResult<Vec<Vec<f64>>> {
        Ok(self.measured()?.rows.iter().map(|r| r.to_vec()).collect())
    }

    /// The row of the kept line at position `pos`.
    fn row(&self, pos: usize) -> PyResult<Vec<f64>> {
        let rows = &self.measured()?.rows;
        rows.get(pos).map(|r| r.to_vec()).ok_or_else(|| PyValueError::new_err("no such kept line"))
    }

    /// Each measure's log-odds (`TextModel.contributions`) summed over the kept lines at
    /// `positions`, in their order.
    fn contributions(&self, model: &TextModel, positions: Vec<usize>) -> PyResult<Vec<f64>> {
        let rows = &self.measured()?.rows;
        let mut totals = vec![0.0; page::N_FEATURES];
        for pos in positions {
            let row = rows.get(pos).ok_or_else(|| PyValueError::new_err("no such kept line"))?;
            for (total, c) in totals.iter_mut().zip(model.model.contributions(row)) {
                *total += c;
            }
        }
        Ok(totals)
    }

    /// The model's log-odds that each kept line is content.
    fn scores(&self, model: &TextModel) -> PyResult<Vec<f64>> {
        Ok(self.measured()?.rows.iter().map(|r| model.model.score(r)).collect())
    }

    /// Per kept line: (units, prose, cue, stamp, name, date, bullet), what the stage reads.
    fn facts(&self) -> PyResult<Vec<Facts>> {
        let kept = &self.measured()?.kept;
        Ok(kept
            .iter()
            .map(|&j| {
                let l = &self.lines[j];
                (l.units, l.prose, l.cue > 0.0, l.stamp > 0.0, l.name > 0.0, l.date > 0.0, l.bullet > 0.0)
            })
            .collect())
    }

    /// The words of line `j` (lower case; each Han or kana character a word).
    fn words(&self, j: usize) -> PyResult<Vec<String>> {
        let line = self.lines.get(j).ok_or_else(|| PyValueError::new_err("no such line"))?;
        Ok(line.words.iter().map(|&(a, b)| self.lows[j][a..b].to_string()).collect())
    }
}

impl Page {
    fn measured(&self) -> PyResult<&page::Rows> {
        self.rows.as_ref().ok_or_else(|| PyValueError::new_err("call measure() first"))
    }
}

/// Content labels for these scores (see `model::decide`).
#[pyfunction]
fn decide(scores: Vec<f64>, switch_cost: f64, confident: f64, min_confident: f64) -> Vec<bool> {
    model::decide(&scores, switch_cost, confident, min_confident)
}

/// The two-state Viterbi path of these scores (see `model::viterbi`).
#[pyfunction]
fn viterbi(scores: Vec<f64>, switch_cost: f64) -> Vec<bool> {
    model::viterbi(&scores, switch_cost)
}

/// Per character of `text`, the classes the measures read, as bits: 1 `\\w`, 2 `\\d`,
/// 4 upper case, 8 a letter, 16 white space, 32 lower case, 64 a digit (`str.isdigit`), 128
/// changed by `str.upper`, 256 wide on a terminal (for the tests: they follow CPython).
#[pyfunction]
fn char_classes(text: &str) -> Vec<u16> {
    text.chars()
        .map(|c| {
            [
                chars::is_word(c),
                chars::is_decimal(c),
                chars::is_upper(c),
                chars::is_alpha(c),
                chars::is_space(c),
                chars::is_lower(c),
                chars::is_digit(c),
                chars::upper_changes(c),
                chars::is_wide(c),
            ]
            .iter()
            .enumerate()
            .fold(0u16, |acc, (bit, &on)| acc | (u16::from(on) << bit))
        })
        .collect()
}

/// The pattern tests of one line, as the measures read them (for the tests): (date, image,
/// capitalised words, glued words, echo, headline glued to a summary, sentence end, punctuation).
#[pyfunction]
fn line_shapes(text: &str) -> (bool, bool, usize, usize, bool, bool, bool, usize) {
    let c: Vec<char> = text.chars().collect();
    (
        shapes::has_date(&c),
        shapes::has_image(&c),
        shapes::capitals(&c),
        shapes::glued(&c),
        shapes::echo(&c),
        shapes::teaser_join(&c),
        shapes::ends_sentence(text),
        shapes::punctuation(text),
    )
}

/// Whether `text` is a person's name (see `shapes::is_name`; for the tests).
#[pyfunction]
fn is_name(text: &str, joins: &WordSet, name_ends: Vec<String>) -> bool {
    let c: Vec<char> = text.chars().collect();
    shapes::is_name(text, &c, &|w: &str| joins.0.contains(w), &name_ends)
}

/// `text` without its list or link numbers (all of them; one when `count` is 1).
#[pyfunction]
fn strip_numbering(text: &str, count: usize) -> String {
    let c: Vec<char> = text.chars().collect();
    shapes::strip_numbering(&c, count).into_iter().collect()
}

/// How many words `text` has: the matches of `\\w+(?:['’]\\w+)*` (see `shapes::apostrophe_words`).
#[pyfunction]
fn word_count(text: &str) -> usize {
    shapes::apostrophe_words(text)
}

/// The words a page's names are read from (see `names::index`): each word that may be
/// capitalised as (word, count, text, start, end, initial, mid), the first occurrence's text,
/// character span and sentence start, and whether one stands inside a sentence; and the
/// distinct words that do not open with an upper-case letter, lowered (`str.lower`).
#[pyfunction]
#[allow(clippy::type_complexity)]
fn capitalised_words<'py>(
    py: Python<'py>,
    texts: Vec<PyBackedStr>,
) -> (Vec<(Bound<'py, PyString>, usize, usize, usize, usize, bool, bool)>, Vec<Bound<'py, PyString>>) {
    let (seen, plain) = names::index(&texts);
    // most are lower case already: made Python strings as they are
    let plain = plain
        .into_iter()
        .map(|w| match w.bytes().all(|b| b.is_ascii_lowercase()) {
            true => PyString::new(py, w),
            false => PyString::new(py, &chars::lower(w)),
        })
        .collect();
    let seen = seen.into_iter().map(|s| (PyString::new(py, s.word), s.count, s.text, s.start, s.end, s.initial, s.mid));
    (seen.collect(), plain)
}

/// The crate's version: the package's version.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<WordSet>()?;
    m.add_class::<Lexicon>()?;
    m.add_class::<NgramProfiles>()?;
    m.add_class::<TextModel>()?;
    m.add_class::<Page>()?;
    m.add_class::<py_phrases::PhraseList>()?;
    m.add_class::<py_phrases::ItemList>()?;
    m.add_function(wrap_pyfunction!(decide, m)?)?;
    m.add_function(wrap_pyfunction!(viterbi, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(word_count, m)?)?;
    m.add_function(wrap_pyfunction!(capitalised_words, m)?)?;
    m.add_function(wrap_pyfunction!(char_classes, m)?)?;
    m.add_function(wrap_pyfunction!(line_shapes, m)?)?;
    m.add_function(wrap_pyfunction!(is_name, m)?)?;
    m.add_function(wrap_pyfunction!(strip_numbering, m)?)?;
    py_text::register(m)?;
    Ok(())
}
