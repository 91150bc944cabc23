//! `json.dumps(value, ensure_ascii=False, separators=...)` written natively for the plain
//! values a page's record is made of: the JSONL line and the sidecar of every page. CPython's
//! C encoder spent ~0.3 ms a page on them, as much as a stage.
//!
//! Only exact `dict` (its keys `str`), `list`, `tuple`, `str`, `int`, `float` (finite),
//! `bool` and `None` are written, as json's encoder writes them: `str` with json's escapes
//! (`"`, `\`, `\n`, `\r`, `\t`, `\b`, `\f`, other characters below U+0020 as `\u00xx`, the
//! rest as they are), `int` and `float` as their `str` and `repr`. Anything else (a subclass,
//! a key not `str`, a NaN, a lone surrogate, nesting deeper than `MAX_DEPTH`) is not written:
//! the caller asks json itself (`cleaner.jsontext.dumps`).

use std::fmt::Write;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Nesting deeper than this is left to json (which has its own recursion check).
const MAX_DEPTH: usize = 64;

/// `text` as a JSON string (json's escapes, `ensure_ascii=False`) appended to `out`.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..at]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        start = at + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// The separators between items and between a key and its value.
struct Separators<'a> {
    item: &'a str,
    key: &'a str,
}

/// `value` written to `out`; false (and `out` part-written) when it holds a value json must write.
fn push_value(out: &mut String, value: &Bound<'_, PyAny>, seps: &Separators, depth: usize) -> PyResult<bool> {
    if depth > MAX_DEPTH {
        return Ok(false);
    }
    if value.is_none() {
        out.push_str("null");
    } else if let Ok(text) = value.cast_exact::<PyString>() {
        let Ok(text) = text.to_str() else { return Ok(false) }; // a lone surrogate
        push_string(out, text);
    } else if let Ok(flag) = value.cast_exact::<PyBool>() {
        out.push_str(if flag.is_true() { "true" } else { "false" });
    } else if value.is_exact_instance_of::<PyInt>() {
        match value.extract::<i64>() {
            Ok(number) => {
                let _ = write!(out, "{number}");
            }
            Err(_) => out.push_str(value.str()?.to_str()?), // past 64 bits
        }
    } else if let Ok(number) = value.cast_exact::<PyFloat>() {
        if !number.value().is_finite() {
            return Ok(false);
        }
        out.push_str(number.repr()?.to_str()?);
    } else if let Ok(map) = value.cast_exact::<PyDict>() {
        out.push('{');
        for (n, (key, item)) in map.iter().enumerate() {
            let Ok(key) = key.cast_exact::<PyString>() else { return Ok(false) };
            let Ok(key) = key.to_str() else { return Ok(false) };
            if n > 0 {
                out.push_str(seps.item);
            }
            push_string(out, key);
            out.push_str(seps.key);
            if !push_value(out, &item, seps, depth + 1)? {
                return Ok(false);
            }
        }
        out.push('}');
    } else if let Ok(list) = value.cast_exact::<PyList>() {
        return push_items(out, list.iter(), seps, depth);
    } else if let Ok(tuple) = value.cast_exact::<PyTuple>() {
        return push_items(out, tuple.iter(), seps, depth);
    } else {
        return Ok(false);
    }
    Ok(true)
}

fn push_items<'py>(
    out: &mut String,
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    seps: &Separators,
    depth: usize,
) -> PyResult<bool> {
    out.push('[');
    for (n, item) in items.enumerate() {
        if n > 0 {
            out.push_str(seps.item);
        }
        if !push_value(out, &item, seps, depth + 1)? {
            return Ok(false);
        }
    }
    out.push(']');
    Ok(true)
}

/// `json.dumps(value, ensure_ascii=False, separators=(item, key))`, or None when `value`
/// holds something only json writes (see the module's documentation).
#[pyfunction]
fn json_dumps(value: &Bound<'_, PyAny>, item: &str, key: &str) -> PyResult<Option<String>> {
    let mut out = String::with_capacity(1 << 14);
    Ok(push_value(&mut out, value, &Separators { item, key }, 0)?.then_some(out))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(json_dumps, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(text: &str) -> String {
        let mut out = String::new();
        push_string(&mut out, text);
        out
    }

    #[test]
    fn strings_escaped_as_json_escapes_them() {
        assert_eq!(string("plain é 中"), "\"plain é 中\"");
        assert_eq!(string("a\"b\\c\nd\re\tf"), "\"a\\\"b\\\\c\\nd\\re\\tf\"");
        assert_eq!(string("\u{8}\u{c}\u{1}\u{1f}\u{7f}\u{2028}"), "\"\\b\\f\\u0001\\u001f\u{7f}\u{2028}\"");
        assert_eq!(string(""), "\"\"");
    }
}
