//! The text model's page as a Python class: `Page(blocks, ...)` reads a Document's blocks,
//! measures their lines and the page (`lines`, `page`), scores the rows with a `TextModel`
//! and cuts the labelled page into the stretches the stage drops (`stretch`).

use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyList, PyString};

use crate::py_model::TextModel;
use crate::py_phrases::PhraseList;
use crate::{lines, page, stretch, words, Lexicon, WordSet};

/// The page language's stop words and the model's word table (`words::Table`), merged once
/// (`cleaner.textmode.features.word_table`) for the pages to look each word up once.
#[pyclass(frozen, module = "cleaner._native")]
pub(crate) struct WordTable(words::Table);

#[pymethods]
impl WordTable {
    #[new]
    #[pyo3(signature = (stopwords, lexicon=None))]
    fn new(stopwords: &WordSet, lexicon: Option<&Lexicon>) -> Self {
        WordTable(words::Table::new(&stopwords.0, lexicon.map(|l| &l.0)))
    }
}

/// What the stage reads of a kept line: (units, prose, cue, stamp, name, date, bullet).
type Facts = (f64, bool, bool, bool, bool, bool, bool);

/// What a line's measures need of its block (`cleaner.document.Block`).
struct Read {
    /// `norm`: the text as the phrase lists see it
    text: PyBackedStr,
    /// `dropped is None`
    kept: bool,
    /// `dropped.drop_kind == comment_kind`
    comment_dropped: bool,
    /// `kind == "list_item"`
    bullet: bool,
    /// `float(features.get("indent", 0))`
    indent: f64,
}

fn read_block<'py>(block: &Bound<'py, PyAny>, comment_kind: &Bound<'py, PyString>) -> PyResult<Read> {
    let py = block.py();
    // the attributes are read from the block's dict (a Block's plain attributes), one missing
    // there asked of the block (`norm` is measured on first use)
    let state = block.getattr(intern!(py, "__dict__"))?;
    let state = state.cast::<PyDict>()?;
    let attr = |name: &Bound<'py, PyString>| -> PyResult<Bound<'py, PyAny>> {
        match state.get_item(name)? {
            Some(value) => Ok(value),
            None => block.getattr(name),
        }
    };
    let text = attr(intern!(py, "norm"))?.extract()?;
    let dropped = attr(intern!(py, "dropped"))?;
    let kept = dropped.is_none();
    let comment_dropped = !kept && same_str(&dropped.getattr(intern!(py, "drop_kind"))?, comment_kind);
    let bullet = same_str(&attr(intern!(py, "kind"))?, intern!(py, "list_item"));
    let indent = match attr(intern!(py, "features"))?.cast::<PyDict>()?.get_item(intern!(py, "indent"))? {
        Some(value) => value.extract()?,
        None => 0.0,
    };
    Ok(Read { text, kept, comment_dropped, bullet, indent })
}

/// `value == want` for a `str` value: the same object (both interned), or the same text.
fn same_str(value: &Bound<'_, PyAny>, want: &Bound<'_, PyString>) -> bool {
    value.is(want)
        || value.cast::<PyString>().is_ok_and(|s| matches!((s.to_str(), want.to_str()), (Ok(a), Ok(b)) if a == b))
}

/// One page's lines, measured: `Page(blocks, words, stamps, cues, joins, name_ends,
/// comment_kind)` reads each block (its `norm` text, whether it is kept, dropped as
/// `comment_kind`, a list item, its indent), counts the words (in the texts lowered as
/// `str.lower` does) and computes the rows of the kept lines; `scores` scores them.
#[pyclass(module = "cleaner._native")]
pub(crate) struct Page {
    lows: lines::Lows,
    /// the words' byte ranges in `lows`, line after line (`Line::words`)
    spans: Vec<(usize, usize)>,
    lines: Vec<lines::Line>,
    rows: page::Rows,
    /// the kept lines' scores, once `scores` has run
    scores: Option<Vec<f64>>,
}

#[pymethods]
impl Page {
    /// `words`: the page language's stop words and the word table `lex` reads; `stamps` and
    /// `cues`: the phrase lists of time stamps and comment cues (`Cues`); `joins` and
    /// `name_ends`: the words of an author line beside names; `comment_kind`: the drop kind
    /// of removed comments.
    #[new]
    fn new(
        blocks: &Bound<'_, PyList>,
        words: &WordTable,
        stamps: &PhraseList,
        cues: &PhraseList,
        joins: &WordSet,
        name_ends: Vec<String>,
        comment_kind: &Bound<'_, PyString>,
    ) -> PyResult<Self> {
        let read = blocks.iter().map(|b| read_block(&b, comment_kind)).collect::<PyResult<Vec<Read>>>()?;
        let (stamps, cues) = (stamps.compiled()?, cues.compiled()?);
        let lows = lines::Lows::new(read.iter().map(|r| &*r.text));
        let mut spans = Vec::with_capacity(read.iter().map(|r| r.text.len()).sum::<usize>() / 5); // a word a 5 bytes
        let in_joins = |w: &str| joins.0.contains(w);
        let mut chars = Vec::new();
        let lines: Vec<lines::Line> = read
            .iter()
            .enumerate()
            .map(|(j, r)| {
                let counted = lines::count_words(&r.text, lows.get(j), lows.from(j), &words.0, &mut spans);
                let given = lines::Given {
                    kept: r.kept,
                    bullet: r.bullet,
                    indent: r.indent,
                    comment_dropped: r.comment_dropped,
                    stamps,
                    cues,
                    joins: &in_joins,
                    name_ends: &name_ends,
                };
                lines::Line::new(&r.text, lows.get(j), counted, &given, &mut chars)
            })
            .collect();
        let texts: Vec<&str> = read.iter().map(|r| &*r.text).collect();
        let rows = page::rows(&lines, &texts, &lows, words.0.has_lexicon);
        Ok(Page { lows, spans, lines, rows, scores: None })
    }

    /// Indexes (among all lines) of the kept lines, one row each.
    #[getter]
    fn kept(&self) -> Vec<usize> {
        self.rows.kept.clone()
    }

    /// First and last position (among kept lines) of the main prose run ((0, -1): none).
    #[getter]
    fn main(&self) -> (i64, i64) {
        self.rows.main
    }

    /// Each kept line's size in words (a Han or kana character half a word).
    #[getter]
    fn units(&self) -> Vec<f64> {
        self.rows.kept.iter().map(|&j| self.lines[j].units).collect()
    }

    /// Whether each kept line is prose.
    #[getter]
    fn prose(&self) -> Vec<bool> {
        self.rows.kept.iter().map(|&j| self.lines[j].prose).collect()
    }

    /// The rows of measures, one per kept line, in the order of `FEATURES`.
    fn rows(&self) -> Vec<Vec<f64>> {
        self.rows.rows.iter().map(|r| r.to_vec()).collect()
    }

    /// The row of the kept line at position `pos`.
    fn row(&self, pos: usize) -> PyResult<Vec<f64>> {
        self.rows.rows.get(pos).map(|r| r.to_vec()).ok_or_else(no_such_line)
    }

    /// Of the kept line at position `pos`: (units, prose, cue, stamp, name, date, bullet).
    fn line(&self, pos: usize) -> PyResult<Facts> {
        let &j = self.rows.kept.get(pos).ok_or_else(no_such_line)?;
        let l = &self.lines[j];
        Ok((l.units, l.prose, l.cue > 0.0, l.stamp > 0.0, l.name > 0.0, l.date > 0.0, l.bullet > 0.0))
    }

    /// Each measure's log-odds (`TextModel.contributions`) summed over the kept lines at
    /// `positions`, in their order.
    fn contributions(&self, model: &TextModel, positions: Vec<usize>) -> PyResult<Vec<f64>> {
        let mut totals = vec![0.0; page::N_FEATURES];
        for pos in positions {
            let row = self.rows.rows.get(pos).ok_or_else(no_such_line)?;
            for (total, c) in totals.iter_mut().zip(model.model.contributions(row)) {
                *total += c;
            }
        }
        Ok(totals)
    }

    /// The model's log-odds that each kept line is content (kept for `reasons`).
    fn scores(&mut self, model: &TextModel) -> Vec<f64> {
        let scores: Vec<f64> = self.rows.rows.iter().map(|r| model.model.score(r)).collect();
        self.scores = Some(scores.clone());
        scores
    }

    /// The stretches of kept lines labelled boilerplate (`labels`: true for content, one per
    /// kept line), in order: (first, last, rule) positions, the rule as `stretch::Rule` numbers it.
    fn stretches(&self, labels: Vec<bool>) -> PyResult<Vec<(usize, usize, u8)>> {
        if labels.len() != self.rows.kept.len() {
            return Err(PyValueError::new_err("one label per kept line"));
        }
        let flagged: Vec<bool> = self
            .rows
            .kept
            .iter()
            .zip(&self.rows.rows)
            .map(|(&j, row)| {
                let l = &self.lines[j];
                l.cue > 0.0 || l.stamp > 0.0 || row[page::CUES_AFTER_MAIN] != 0.0 || row[page::STAMPS_AFTER_MAIN] != 0.0
            })
            .collect();
        let units: Vec<f64> = self.rows.kept.iter().map(|&j| self.lines[j].units).collect();
        Ok(stretch::stretches(&labels, &units, &flagged).into_iter().map(|(a, b, rule)| (a, b, rule as u8)).collect())
    }

    /// For the kept lines `start..stop`, "score {score:+.1f}{tail}" each (`scores` first).
    fn reasons<'py>(
        &self,
        py: Python<'py>,
        start: usize,
        stop: usize,
        tail: &str,
    ) -> PyResult<Vec<Bound<'py, PyString>>> {
        let scores = self.scores.as_ref().ok_or_else(|| PyValueError::new_err("call scores() first"))?;
        let scores = scores.get(start..stop).ok_or_else(no_such_line)?;
        let mut reason = String::with_capacity(32 + tail.len()); // one buffer, written again for each
        let mut write = |s: f64| {
            reason.clear();
            reason.push_str("score ");
            stretch::push_signed_tenths(s, &mut reason);
            reason.push_str(tail);
            PyString::new(py, &reason)
        };
        Ok(scores.iter().map(|&s| write(s)).collect())
    }

    /// The words of line `j` (lower case; each Han or kana character a word).
    fn words(&self, j: usize) -> PyResult<Vec<String>> {
        let line = self.lines.get(j).ok_or_else(|| PyValueError::new_err("no such line"))?;
        let low = self.lows.get(j);
        Ok(self.spans[line.words.clone()].iter().map(|&(a, b)| low[a..b].to_string()).collect())
    }
}

fn no_such_line() -> PyErr {
    PyValueError::new_err("no such kept line")
}
