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
use crate::{lines, page, stretch, Lexicon, WordSet};

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

fn read_block(block: &Bound<'_, PyAny>, comment_kind: &Bound<'_, PyString>) -> PyResult<Read> {
    let py = block.py();
    let text = block.getattr(intern!(py, "norm"))?.extract()?;
    let dropped = block.getattr(intern!(py, "dropped"))?;
    let kept = dropped.is_none();
    let comment_dropped = !kept && dropped.getattr(intern!(py, "drop_kind"))?.eq(comment_kind)?;
    let bullet = block.getattr(intern!(py, "kind"))?.eq(intern!(py, "list_item"))?;
    let features = block.getattr(intern!(py, "features"))?;
    let indent = match features.cast::<PyDict>()?.get_item(intern!(py, "indent"))? {
        Some(value) => value.extract()?,
        None => 0.0,
    };
    Ok(Read { text, kept, comment_dropped, bullet, indent })
}

/// One page's lines, measured: `Page(blocks, stopwords, stamps, cues, joins, name_ends,
/// comment_kind, lexicon)` reads each block (its `norm` text, whether it is kept, dropped as
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
    /// `stopwords`: the page language's; `stamps` and `cues`: the phrase lists of time stamps
    /// and comment cues (`Cues`); `joins` and `name_ends`: the words of an author line beside
    /// names; `comment_kind`: the drop kind of removed comments; `lexicon`: the word table
    /// `lex` reads (None: 0).
    #[new]
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (blocks, stopwords, stamps, cues, joins, name_ends, comment_kind, lexicon=None))]
    fn new(
        blocks: &Bound<'_, PyList>,
        stopwords: &WordSet,
        stamps: &PhraseList,
        cues: &PhraseList,
        joins: &WordSet,
        name_ends: Vec<String>,
        comment_kind: &Bound<'_, PyString>,
        lexicon: Option<&Lexicon>,
    ) -> PyResult<Self> {
        let read = blocks.iter().map(|b| read_block(&b, comment_kind)).collect::<PyResult<Vec<Read>>>()?;
        let (stamps, cues) = (stamps.compiled()?, cues.compiled()?);
        let lows = lines::Lows::new(read.iter().map(|r| &*r.text));
        let mut spans = Vec::new();
        let in_joins = |w: &str| joins.0.contains(w);
        let mut chars = Vec::new();
        let lines: Vec<lines::Line> = read
            .iter()
            .enumerate()
            .map(|(j, r)| {
                let counted = lines::count_words(&r.text, lows.get(j), &stopwords.0, &mut spans);
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
        let rows = page::rows(&lines, &texts, &lows, &spans, lexicon.map(|l| &l.0));
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
    fn reasons(&self, start: usize, stop: usize, tail: &str) -> PyResult<Vec<String>> {
        let scores = self.scores.as_ref().ok_or_else(|| PyValueError::new_err("call scores() first"))?;
        let scores = scores.get(start..stop).ok_or_else(no_such_line)?;
        Ok(scores.iter().map(|&s| format!("score {}{tail}", stretch::signed_tenths(s))).collect())
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
