//! The text model's Python class `TextModel` (its tables and pairs), with the decoding of its
//! scores (`decide`, `viterbi`); the page it scores is `py_page::Page`.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::{model, page};

/// The text model's tables and pairs (`models/textmode.json`).
#[pyclass(frozen, module = "cleaner._native")]
pub(crate) struct TextModel {
    pub(crate) model: model::Model,
}

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
        Ok(TextModel { model: model::Model::new(bias, edges, values, pairs) })
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
    m.add_class::<crate::py_page::Page>()?;
    m.add_class::<crate::py_page::WordTable>()?;
    m.add_function(wrap_pyfunction!(decide, m)?)?;
    m.add_function(wrap_pyfunction!(viterbi, m)?)?;
    Ok(())
}
