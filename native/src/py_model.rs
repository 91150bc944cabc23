//! The text model's Python classes: `TextModel` (its tables and pairs) and `Page` (one page's
//! lines, measured: `lines`, `page`), with the decoding of its scores (`decide`, `viterbi`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;

use crate::py_phrases::PhraseList;
use crate::{lines, model, page, Lexicon, WordSet};

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
    texts: Vec<PyBackedStr>,
    lows: lines::Lows,
    /// the words' byte ranges in `lows`, line after line (`Line::words`)
    spans: Vec<(usize, usize)>,
    counted: Vec<lines::Counted>,
    lines: Vec<lines::Line>,
    rows: Option<page::Rows>,
}

#[pymethods]
impl Page {
    #[new]
    fn new(texts: Vec<PyBackedStr>, stopwords: &WordSet) -> Self {
        let lows = lines::Lows::new(texts.iter().map(|t| &**t));
        let mut spans = Vec::new();
        let counted = texts
            .iter()
            .enumerate()
            .map(|(j, t)| lines::count_words(t, lows.get(j), &stopwords.0, &mut spans))
            .collect();
        Page { texts, lows, spans, counted, lines: Vec::new(), rows: None }
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
        let mut chars = Vec::new();
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
                lines::Line::new(&self.texts[j], self.lows.get(j), counted, &given, &mut chars)
            })
            .collect();
        let lexicon = lexicon.map(|l| &l.0);
        self.rows = Some(page::rows(&self.lines, &self.texts, &self.lows, &self.spans, lexicon));
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
        let low = self.lows.get(j);
        Ok(self.spans[line.words.clone()].iter().map(|&(a, b)| low[a..b].to_string()).collect())
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

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TextModel>()?;
    m.add_class::<Page>()?;
    m.add_function(wrap_pyfunction!(decide, m)?)?;
    m.add_function(wrap_pyfunction!(viterbi, m)?)?;
    Ok(())
}
