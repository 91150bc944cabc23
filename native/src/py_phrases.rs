//! The Python classes of the phrase engine: `PhraseList` (`phrases`) and `ItemList` (`items`),
//! with batch calls that match a page's lines in one call.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;

use crate::{items, phrases};

/// A phrase list of the languages' TOML files, matched natively (see `phrases`):
/// `PhraseList(items, word_start, ignore_case=True)`, `word_start` true (every phrase from a
/// word start), false, or one flag per phrase (`patterns.union`'s choice); a phrase the native
/// engine cannot read is a ValueError.
#[pyclass(frozen, module = "cleaner._native")]
pub struct PhraseList(pub(crate) phrases::Phrases);

#[derive(FromPyObject)]
enum WordStart {
    All(bool),
    Each(Vec<bool>),
}

#[pymethods]
impl PhraseList {
    #[new]
    #[pyo3(signature = (items, word_start, ignore_case = true))]
    fn new(items: Vec<String>, word_start: WordStart, ignore_case: bool) -> PyResult<Self> {
        let flags = match word_start {
            WordStart::All(all) => vec![all; items.len()],
            WordStart::Each(each) => each,
        };
        phrases::Phrases::with_case(&items, &flags, ignore_case).map(PhraseList).map_err(PyValueError::new_err)
    }

    /// The list for `fullmatch` only: its phrases may open with a look-behind or end with a
    /// look-ahead, which hold at a line's ends.
    #[staticmethod]
    fn lines(items: Vec<String>) -> PyResult<Self> {
        phrases::Phrases::lines(&items).map(PhraseList).map_err(PyValueError::new_err)
    }

    /// Whether a phrase of the list is in `text` (`re.search`).
    fn search(&self, text: &str) -> PyResult<bool> {
        Ok(self.searchable()?.search(text))
    }

    /// The text `re.search` matches in `text` (`group(0)`), or None.
    fn first<'a>(&self, text: &'a str) -> PyResult<Option<&'a str>> {
        Ok(self.searchable()?.first(text).map(|(a, b)| &text[a..b]))
    }

    /// Whether one phrase is the whole of `text` (`re.fullmatch`).
    fn fullmatch(&self, text: &str) -> PyResult<bool> {
        Ok(self.compiled()?.fullmatch(text))
    }

    /// `search` of each text whose `ask` is true; false for the others.
    fn search_where(&self, texts: Vec<PyBackedStr>, ask: Vec<bool>) -> PyResult<Vec<bool>> {
        let list = self.searchable()?;
        Ok(asked(&texts, &ask)?.map(|(t, a)| a && list.search(t)).collect())
    }

    /// `first` of each text whose `ask` is true; None for the others.
    fn first_where(&self, texts: Vec<PyBackedStr>, ask: Vec<bool>) -> PyResult<Vec<Option<String>>> {
        let list = self.searchable()?;
        Ok(asked(&texts, &ask)?
            .map(|(t, a)| if a { list.first(t).map(|(x, y)| t[x..y].to_string()) } else { None })
            .collect())
    }

    /// `fullmatch` of each text whose `ask` is true; false for the others.
    fn fullmatch_where(&self, texts: Vec<PyBackedStr>, ask: Vec<bool>) -> PyResult<Vec<bool>> {
        let list = self.compiled()?;
        Ok(asked(&texts, &ask)?.map(|(t, a)| a && list.fullmatch(t)).collect())
    }
}

impl PhraseList {
    /// The list's regexes (compiled the first time); a ValueError when the `regex` crate refuses one.
    pub(crate) fn compiled(&self) -> PyResult<&phrases::Compiled> {
        self.0.compiled().map_err(PyValueError::new_err)
    }

    fn searchable(&self) -> PyResult<&phrases::Compiled> {
        if self.0.searchable() {
            self.compiled()
        } else {
            Err(PyValueError::new_err("this phrase list was built for whole lines only (PhraseList.lines)"))
        }
    }
}

/// Each text with its ask; a ValueError when the lists differ in length.
fn asked<'a>(texts: &'a [PyBackedStr], ask: &'a [bool]) -> PyResult<impl Iterator<Item = (&'a str, bool)>> {
    if texts.len() != ask.len() {
        return Err(PyValueError::new_err("one ask per text"));
    }
    Ok(texts.iter().map(|t| &**t).zip(ask.iter().copied()))
}

/// A list of items (menus, share bars), in the order they are tried: `ItemList(items)` (see
/// `items`); a phrase the native engine cannot read is a ValueError.
#[pyclass(frozen, module = "cleaner._native")]
pub struct ItemList(items::Items);

#[pymethods]
impl ItemList {
    #[new]
    fn new(items: Vec<String>) -> PyResult<Self> {
        items::Items::new(&items).map(ItemList).map_err(PyValueError::new_err)
    }

    /// Whether `text` is made only of items (CPython's `sub` of the items leaves no `\w`).
    fn only_items(&self, text: &str) -> bool {
        self.0.only_items(text)
    }

    /// `only_items` of each text whose `ask` is true; false for the others.
    fn only_items_where(&self, texts: Vec<PyBackedStr>, ask: Vec<bool>) -> PyResult<Vec<bool>> {
        Ok(asked(&texts, &ask)?.map(|(t, a)| a && self.0.only_items(t)).collect())
    }
}
