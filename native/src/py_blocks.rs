//! A page's blocks made natively: the `cleaner.document.Block` instances of a text dump's
//! lines (`dump_blocks`), and the page-wide screens stages ask of their texts before any
//! Python looks at one (`collapsible`).

use std::ffi::c_void;
use std::ptr;

use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBool, PyDict, PyString, PyTuple, PyType};

use crate::chars::is_space;
use crate::segment;

/// One `block_type` instance (a `cleaner.document.Block`, not dropped) per non-blank line of
/// `text` (see `segment::lines`), made as `object.__new__` makes it and its attributes set as
/// `object.__setattr__` sets them (past the class's own `__init__` and `__setattr__`, as the
/// instance's plain attributes, which later reads find fastest): index, text (the line
/// stripped of `blank`), original (the line), lines ((number, number), None unless
/// `numbered`), kind ("list_item" after a bullet, else "paragraph"), dropped (None),
/// features ({"indent": columns}) and kept (True).
#[pyfunction]
fn dump_blocks<'py>(
    py: Python<'py>,
    block_type: &Bound<'py, PyType>,
    text: &str,
    blank: &str,
    numbered: bool,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let class = block_type.as_type_ptr();
    let no_args = PyTuple::empty(py);
    // SAFETY: `object`'s `tp_new` slot (`object.__new__`), read from the static type as the
    // stable ABI allows since 3.10; it is never null.
    let new: ffi::newfunc = unsafe {
        std::mem::transmute::<*mut c_void, ffi::newfunc>(ffi::PyType_GetSlot(
            ptr::addr_of_mut!(ffi::PyBaseObject_Type),
            ffi::Py_tp_new,
        ))
    };
    let set = |block: &Bound<'py, PyAny>, name: &Bound<'py, PyString>, value: &Bound<'py, PyAny>| {
        // SAFETY: live references; the generic setter takes its own reference to `value`
        if unsafe { ffi::PyObject_GenericSetAttr(block.as_ptr(), name.as_ptr(), value.as_ptr()) } != 0 {
            return Err(PyErr::fetch(py));
        }
        Ok(())
    };
    let (list_item, paragraph) = (intern!(py, "list_item"), intern!(py, "paragraph"));
    let none = py.None().into_bound(py);
    let kept = PyBool::new(py, true).to_owned().into_any();
    segment::lines(text, blank)
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            // SAFETY: `new` given a live class (a subtype of `object`) and an empty argument
            // tuple; the new object is owned by `block`
            let block = unsafe { Bound::from_owned_ptr_or_err(py, new(class, no_args.as_ptr(), ptr::null_mut()))? };
            let lines = if numbered { PyTuple::new(py, [line.number, line.number])?.into_any() } else { none.clone() };
            let features = PyDict::new(py);
            features.set_item(intern!(py, "indent"), line.indent)?;
            set(&block, intern!(py, "index"), &index.into_pyobject(py)?.into_any())?;
            set(&block, intern!(py, "text"), &PyString::new(py, line.stripped))?;
            set(&block, intern!(py, "original"), &PyString::new(py, line.original))?;
            set(&block, intern!(py, "lines"), &lines)?;
            set(&block, intern!(py, "kind"), if line.bullet { list_item } else { paragraph })?;
            set(&block, intern!(py, "dropped"), &none)?;
            set(&block, intern!(py, "features"), &features)?;
            set(&block, intern!(py, "kept"), &kept)?;
            Ok(block)
        })
        .collect()
}

/// Whether white space in `text` may change when its runs are collapsed to one space and its
/// ends stripped (`cleaner.stages.whitespace.collapse`): a white-space character (CPython's
/// `str.isspace`) at either end, beside another, or other than the plain space and the three
/// no-break spaces kept alone. False says `collapse` leaves the text as it is; true asks it.
fn may_collapse(text: &str) -> bool {
    let mut previous_space = false;
    let mut chars = text.chars().peekable();
    if chars.peek().is_some_and(|&c| is_space(c)) || text.chars().next_back().is_some_and(is_space) {
        return true;
    }
    for c in chars {
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
