//! Python's `json.dumps(obj, indent=N)` layout, laid over the compact output of its C encoder.
//!
//! CPython 3.11 encodes with C only without `indent`; with it, a pure-Python encoder took
//! 2.3 ms a page for the sidecar, twice the page's cleaning in some stages. The two
//! encoders write the same tokens (strings, numbers, `true`...), so the indented text is the
//! compact one (`separators=(",", ":")`) with white space put between its tokens: after `{`
//! or `[` and `,` a new line indented one level deeper (or the same), before `}` or `]` one
//! level less, `": "` for `":"`; an empty `{}` or `[]` stays as it is. Inside a string nothing
//! changes. Bytes: the text comes UTF-8 encoded with `surrogatepass` (a lone surrogate stays),
//! and JSON's structure is ASCII, never a byte of a longer UTF-8 sequence.

use memchr::memchr2;

/// The indented JSON text (`width` spaces a level) of the compact JSON text `compact`.
pub fn indent(compact: &[u8], width: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(compact.len() + compact.len() / 2);
    let mut level = 0usize;
    let mut i = 0;
    while i < compact.len() {
        let byte = compact[i];
        match byte {
            b'"' => {
                let end = string_end(compact, i + 1);
                out.extend_from_slice(&compact[i..end]);
                i = end;
                continue;
            }
            b'{' | b'[' => {
                let close = if byte == b'{' { b'}' } else { b']' };
                if compact.get(i + 1) == Some(&close) {
                    out.extend_from_slice(&[byte, close]);
                    i += 2;
                    continue;
                }
                level += 1;
                out.push(byte);
                new_line(&mut out, level * width);
            }
            b'}' | b']' => {
                level = level.saturating_sub(1);
                new_line(&mut out, level * width);
                out.push(byte);
            }
            b',' => {
                out.push(byte);
                new_line(&mut out, level * width);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(byte),
        }
        i += 1;
    }
    out
}

/// The index just past the closing quote of the string whose text starts at `start`.
fn string_end(text: &[u8], mut start: usize) -> usize {
    while let Some(found) = memchr2(b'"', b'\\', &text[start..]) {
        let at = start + found;
        if text[at] == b'"' {
            return at + 1;
        }
        start = (at + 2).min(text.len()); // an escape: the next byte is taken with it
    }
    text.len()
}

fn new_line(out: &mut Vec<u8>, spaces: usize) {
    out.push(b'\n');
    out.resize(out.len() + spaces, b' ');
}

#[cfg(test)]
mod tests {
    use super::indent;

    fn indented(compact: &str) -> String {
        String::from_utf8(indent(compact.as_bytes(), 2)).unwrap()
    }

    #[test]
    fn nesting_and_empties_as_python_lays_them_out() {
        assert_eq!(
            indented(r#"{"a":[1,{}],"b":[],"c":{"d":null}}"#),
            "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": [],\n  \"c\": {\n    \"d\": null\n  }\n}"
        );
        assert_eq!(indented("[]"), "[]");
        assert_eq!(indented("3.5"), "3.5");
    }

    #[test]
    fn strings_are_copied_as_they_are() {
        assert_eq!(indented(r#"["{a}, [b]: \"c\\\" ,d\\",""]"#), "[\n  \"{a}, [b]: \\\"c\\\\\\\" ,d\\\\\",\n  \"\"\n]");
        assert_eq!(indented(r#"{"é:":"x,y"}"#), "{\n  \"é:\": \"x,y\"\n}");
    }
}
