//! `cleaner._native`: the hot path of cleaner's text mode, built by maturin through PyO3.
//!
//! The text model's line measures (`lines`, `shapes`, over CPython's character classes in
//! `chars`), the page's rows of measures (`page`), the model's scores and the decoding
//! (`model`), the stretches the stage drops (`stretch`); the Python classes `TextModel` in
//! `py_model` and `Page` in `py_page`. Python (`cleaner/textmode/`) keeps the decisions and
//! the record: it asks a `Page` for its rows and scores, and writes every `Change`. The stages' phrase lists are matched here too (`phrases`,
//! `items`, their Python classes in `py_phrases`), and a page's lines are read and measured
//! (`segment`, `wrapping`, `unwrap`, `headline`, langdetect's walk in `langwalk`; their
//! functions in `py_text`).

use rustc_hash::{FxHashMap, FxHashSet};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

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
mod py_blocks;
mod py_json;
mod py_langtext;
mod py_model;
mod py_page;
mod py_phrases;
mod py_text;
#[rustfmt::skip]
mod pyunicode;
pub mod segment;
pub mod shapes;
pub mod spans;
pub mod stretch;
pub mod surface;
pub mod syntax;
pub mod unwrap;
pub mod words;
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
pub(crate) struct Lexicon(pub(crate) FxHashMap<String, f64>);

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
    m.add_class::<py_phrases::PhraseList>()?;
    m.add_class::<py_phrases::ItemList>()?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(word_count, m)?)?;
    m.add_function(wrap_pyfunction!(char_classes, m)?)?;
    m.add_function(wrap_pyfunction!(line_shapes, m)?)?;
    m.add_function(wrap_pyfunction!(is_name, m)?)?;
    m.add_function(wrap_pyfunction!(strip_numbering, m)?)?;
    py_blocks::register(m)?;
    py_json::register(m)?;
    py_model::register(m)?;
    py_text::register(m)?;
    Ok(())
}
