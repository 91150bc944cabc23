//! A page's blocks made natively: the `cleaner.document.Block` instances of a text dump's
//! lines (`dump_blocks`) and of its hard-wrapped paragraphs (`unwrap_blocks`), and the page-wide screens stages ask of their texts before any
//! Python looks at one (`collapsible`).

use std::ffi::c_void;
use std::ptr;

use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyDict, PyString, PyTuple, PyType};

use crate::chars::{is_space, is_wide};
use crate::segment;

/// Makes `cleaner.document.Block` instances as `object.__new__` makes them, their attributes
/// set as `object.__setattr__` sets them (past the class's own `__init__` and `__setattr__`,
/// as the instance's plain attributes, which later reads find fastest).
struct Blocks<'py> {
    py: Python<'py>,
    class: *mut ffi::PyTypeObject,
    new: ffi::newfunc,
    no_args: Bound<'py, PyTuple>,
    none: Bound<'py, PyAny>,
    kept: Bound<'py, PyAny>,
}

impl<'py> Blocks<'py> {
    fn of(block_type: &Bound<'py, PyType>) -> Blocks<'py> {
        let py = block_type.py();
        // SAFETY: `object`'s `tp_new` slot (`object.__new__`), read from the static type as the
        // stable ABI allows since 3.10; it is never null.
        let new = unsafe {
            std::mem::transmute::<*mut c_void, ffi::newfunc>(ffi::PyType_GetSlot(
                ptr::addr_of_mut!(ffi::PyBaseObject_Type),
                ffi::Py_tp_new,
            ))
        };
        Blocks {
            py,
            class: block_type.as_type_ptr(),
            new,
            no_args: PyTuple::empty(py),
            none: py.None().into_bound(py),
            kept: PyBool::new(py, true).to_owned().into_any(),
        }
    }

    /// `block.name = value`, as `object.__setattr__` sets it.
    fn set(&self, block: &Bound<'py, PyAny>, name: &Bound<'py, PyString>, value: &Bound<'py, PyAny>) -> PyResult<()> {
        // SAFETY: live references; the generic setter takes its own reference to `value`
        if unsafe { ffi::PyObject_GenericSetAttr(block.as_ptr(), name.as_ptr(), value.as_ptr()) } != 0 {
            return Err(PyErr::fetch(self.py));
        }
        Ok(())
    }

    /// A block not dropped, as `Block(index, text, original, lines, kind, features=features)`.
    fn make(
        &self,
        index: usize,
        text: &Bound<'py, PyAny>,
        original: &Bound<'py, PyAny>,
        lines: &Bound<'py, PyAny>,
        kind: &Bound<'py, PyAny>,
        features: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        // SAFETY: `new` given a live class (a subtype of `object`) and an empty argument tuple;
        // the new object is owned by `block`
        let block = unsafe {
            Bound::from_owned_ptr_or_err(py, (self.new)(self.class, self.no_args.as_ptr(), ptr::null_mut()))?
        };
        self.set(&block, intern!(py, "index"), &index.into_pyobject(py)?.into_any())?;
        self.set(&block, intern!(py, "text"), text)?;
        self.set(&block, intern!(py, "original"), original)?;
        self.set(&block, intern!(py, "lines"), lines)?;
        self.set(&block, intern!(py, "kind"), kind)?;
        self.set(&block, intern!(py, "dropped"), &self.none)?;
        self.set(&block, intern!(py, "features"), features)?;
        self.set(&block, intern!(py, "kept"), &self.kept)?;
        Ok(block)
    }
}

/// One `block_type` instance (a `cleaner.document.Block`, made by `Blocks`) per non-blank line
/// of `text` (see `segment::lines`): index, text (the line stripped of `blank`), original (the
/// line), lines ((number, number), None unless `numbered`), kind ("list_item" after a bullet,
/// else "paragraph"), features ({"indent": columns}).
#[pyfunction]
fn dump_blocks<'py>(
    block_type: &Bound<'py, PyType>,
    text: &str,
    blank: &str,
    numbered: bool,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let blocks = Blocks::of(block_type);
    let py = blocks.py;
    let (list_item, paragraph) = (intern!(py, "list_item"), intern!(py, "paragraph"));
    segment::lines(text, blank)
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let lines =
                if numbered { PyTuple::new(py, [line.number, line.number])?.into_any() } else { blocks.none.clone() };
            let features = PyDict::new(py);
            features.set_item(intern!(py, "indent"), line.indent)?;
            let kind = if line.bullet { list_item } else { paragraph };
            let (stripped, original) = (PyString::new(py, line.stripped), PyString::new(py, line.original));
            blocks.make(index, &stripped, &original, &lines, kind, &features)
        })
        .collect()
}

/// The blocks of a hard-wrapped dump after `unwrap`: one per run of `blocks` positions
/// (`runs`, from `cleaner.wrapping.wrap_plan`), numbered anew. A run of one is its block, its
/// index set; a longer run a new block (made by `Blocks`): the texts joined with a space (none
/// between two wide characters: CJK text is wrapped anywhere), the originals with "\n", the
/// span of input lines from the first's start to the last's end, the first's kind and a copy
/// of its features.
#[pyfunction]
fn unwrap_blocks<'py>(
    block_type: &Bound<'py, PyType>,
    blocks: Vec<Bound<'py, PyAny>>,
    runs: Vec<Vec<usize>>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let made = Blocks::of(block_type);
    let py = made.py;
    let at = |i: usize| blocks.get(i).ok_or_else(|| PyIndexError::new_err("a run's position is past the blocks"));
    let mut merged = Vec::with_capacity(runs.len());
    for run in &runs {
        let Some((&first_at, rest)) = run.split_first() else {
            return Err(PyValueError::new_err("an empty run"));
        };
        let first = at(first_at)?;
        if rest.is_empty() {
            made.set(first, intern!(py, "index"), &merged.len().into_pyobject(py)?.into_any())?;
            merged.push(first.clone());
            continue;
        }
        let (mut text, mut original) = (String::new(), String::new());
        for (n, &i) in run.iter().enumerate() {
            let block = at(i)?;
            let line = block.getattr(intern!(py, "text"))?.extract::<PyBackedStr>()?;
            let raw = block.getattr(intern!(py, "original"))?.extract::<PyBackedStr>()?;
            if n > 0 {
                original.push('\n');
                let wide_join =
                    text.chars().next_back().is_some_and(is_wide) && line.chars().next().is_some_and(is_wide);
                if !wide_join {
                    text.push(' ');
                }
            }
            text.push_str(&line);
            original.push_str(&raw);
        }
        let last = at(run[run.len() - 1])?;
        let (from, to) = (first.getattr(intern!(py, "lines"))?, last.getattr(intern!(py, "lines"))?);
        let lines = PyTuple::new(py, [from.get_item(0)?, to.get_item(1)?])?.into_any();
        let features = first.getattr(intern!(py, "features"))?.cast_into::<PyDict>()?.copy()?.into_any();
        let kind = first.getattr(intern!(py, "kind"))?;
        let (text, original) = (PyString::new(py, &text).into_any(), PyString::new(py, &original).into_any());
        merged.push(made.make(merged.len(), &text, &original, &lines, &kind, &features)?);
    }
    Ok(merged)
}

/// Whether white space in `text` may change when its runs are collapsed to one space and its
/// ends stripped (`cleaner.stages.whitespace.collapse`): a white-space character (CPython's
/// `str.isspace`) at either end, beside another, or other than the plain space and the three
/// no-break spaces kept alone. False says `collapse` leaves the text as it is; true asks it.
fn may_collapse(text: &str) -> bool {
    if text.chars().next().is_some_and(is_space) || text.chars().next_back().is_some_and(is_space) {
        return true;
    }
    let mut previous_space = false;
    for c in text.chars() {
        let space = is_space(c);
        if space && (previous_space || !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2007}')) {
            return true;
        }
        previous_space = space;
    }
    false
}

/// The positions of the `texts` whose white space `collapse` may change (see `may_collapse`).
#[pyfunction]
fn collapsible(texts: Vec<PyBackedStr>) -> Vec<usize> {
    texts.iter().enumerate().filter(|(_, t)| may_collapse(t)).map(|(i, _)| i).collect()
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(dump_blocks, m)?)?;
    m.add_function(wrap_pyfunction!(unwrap_blocks, m)?)?;
    m.add_function(wrap_pyfunction!(collapsible, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_collapse_may_change() {
        for text in [" a", "a ", "a  b", "a\tb", "a\u{a0} b", "a\u{2009}b", "a\u{a0}\u{a0}b", "\u{3000}"] {
            assert!(may_collapse(text), "{text:?}");
        }
        for text in ["", "a b c", "7\u{a0}000", "x\u{202f}!", "a\u{2007}b", "plain"] {
            assert!(!may_collapse(text), "{text:?}");
        }
    }
}
