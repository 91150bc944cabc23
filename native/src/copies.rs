//! A headline candidate's copies on the page (`cleaner.headline`): the page's lines compared
//! by their keys (single-spaced, casefolded), those equal to a candidate's key, and those
//! holding it (looked for in the lines of `NEAR_CHARS` characters or fewer only). The keys
//! are written once, one after the other, and each candidate's is looked for in them in one
//! SIMD substring search.

use memchr::{memchr, memmem};

use crate::chars::{folds, is_space, push_casefold};

/// Longer lines (in characters, single-spaced) are not looked in for a candidate's copies.
pub const NEAR_CHARS: usize = 600;

/// Appends `casefold(single_spaced(text))` to `out` (`cleaner.headline.ws`, then
/// `str.casefold`), stopping once the single-spaced text is `limit` characters long or more;
/// returns its length in characters, up to where it stopped.
pub fn push_key(out: &mut String, text: &str, limit: usize) -> usize {
    let start = out.len();
    if text.is_ascii() {
        let bytes = text.as_bytes();
        let space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f);
        // no control character, no two spaces in a row: one pass the compiler vectorizes
        let spaced = bytes.first().is_some_and(|&b| b != b' ')
            && bytes.last().is_some_and(|&b| b != b' ')
            && bytes.iter().fold(true, |ok, &b| ok & (b >= 0x20))
            && bytes.iter().zip(&bytes[1..]).fold(true, |ok, (&a, &b)| ok & ((a != b' ') | (b != b' ')));
        if spaced {
            // already single-spaced (most lines)
            let end = bytes.len().min(limit);
            out.push_str(&text[..end]);
            out[start..].make_ascii_lowercase();
            return end;
        }
        let mut at = 0;
        while at < bytes.len() && out.len() - start < limit {
            let word = at + bytes[at..].iter().position(|&b| !space(b)).unwrap_or(bytes.len() - at);
            let end = word + bytes[word..].iter().position(|&b| space(b)).unwrap_or(bytes.len() - word);
            if word < end {
                if out.len() > start {
                    out.push(' ');
                }
                out.push_str(&text[word..end]);
            }
            at = end;
        }
        out[start..].make_ascii_lowercase();
        return out.len() - start;
    }
    // the characters kept as they are copied a run at a time: `run` is where the current one starts
    let (mut chars, mut space, mut run) = (0, false, 0);
    out.reserve(text.len());
    for (i, c) in text.char_indices() {
        if chars >= limit {
            out.push_str(&text[run..i]);
            return chars;
        }
        if is_space(c) {
            out.push_str(&text[run..i]);
            run = i + c.len_utf8();
            space = chars > 0;
        } else {
            if space {
                out.push(' ');
                chars += 1;
                space = false;
            }
            if folds(c) {
                out.push_str(&text[run..i]);
                push_casefold(c, out);
                run = i + c.len_utf8();
            }
            chars += 1;
        }
    }
    out.push_str(&text[run..]);
    chars
}

/// The keys of a page's lines, as candidates' copies are counted in them.
pub struct Copies<'a> {
    /// the keys of the lines looked in, each followed by a NUL
    joined: String,
    /// the lines too long to be looked in (only a key as long can equal theirs)
    far: Vec<&'a str>,
    /// the lines (when one holds a NUL, `joined` cannot be searched: each key is written again)
    texts: &'a [&'a str],
    nul: bool,
}

impl<'a> Copies<'a> {
    pub fn new(texts: &'a [&'a str]) -> Self {
        let mut joined = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
        let mut far = Vec::new();
        for &text in texts {
            let start = joined.len();
            if push_key(&mut joined, text, NEAR_CHARS + 1) > NEAR_CHARS {
                joined.truncate(start);
                far.push(text);
            } else {
                joined.push('\0');
            }
        }
        let nul = texts.iter().any(|t| t.contains('\0'));
        Copies { joined, far, texts, nul }
    }

    /// How many lines have `key` for key, and how many of those looked in hold it
    /// (`str.__contains__`).
    pub fn count(&self, key: &str) -> (usize, usize) {
        let (mut equal, mut holding) = (0, 0);
        if self.nul || key.contains('\0') {
            return self.count_each(key);
        }
        // the first match in each key: a key holding `key` is counted once, then skipped; `key`
        // has no NUL, so a match is inside one key, and the first in a key equal to it is all of it
        let (hay, finder) = (self.joined.as_bytes(), memmem::Finder::new(key));
        let mut at = 0;
        while let Some(found) = finder.find(&hay[at..]).filter(|_| at < hay.len()) {
            let (from, end) = (at + found, at + found + key.len());
            holding += 1;
            equal += usize::from((from == 0 || hay[from - 1] == 0) && hay[end] == 0);
            at = end + memchr(0, &hay[end..]).expect("each key ends with a NUL") + 1;
        }
        if key.len() > NEAR_CHARS {
            // a far line's key is longer than `NEAR_CHARS` characters: as long in bytes at least
            for text in &self.far {
                let mut far_key = String::new();
                push_key(&mut far_key, text, usize::MAX);
                equal += usize::from(far_key == key);
            }
        }
        (equal, holding)
    }

    /// `count`, each line's key written and compared in turn.
    fn count_each(&self, key: &str) -> (usize, usize) {
        let (mut equal, mut holding) = (0, 0);
        for text in self.texts {
            let mut line = String::new();
            let chars = push_key(&mut line, text, usize::MAX);
            equal += usize::from(line == key);
            holding += usize::from(chars <= NEAR_CHARS && line.contains(key));
        }
        (equal, holding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chars::casefold;
    use crate::shapes::single_spaced;

    fn key(text: &str) -> String {
        let mut out = String::new();
        push_key(&mut out, text, usize::MAX);
        out
    }

    #[test]
    fn keys_are_casefolded_single_spaced_lines() {
        for text in
            ["", " ", "  A\tB  c ", "Straße \u{a0} ÉTÉ\u{3000}x", "\u{1c}Ab", "ΣΑΣ  σ", "a\0b", "é", " Éa ", "a\u{a0}"]
        {
            assert_eq!(key(text), casefold(&single_spaced(text)), "{text:?}");
        }
        for text in ["ab cd ef", " ab  cd ef", "ab cd été", " ÉTÉ été  \u{a0}  x "] {
            assert!(push_key(&mut String::new(), text, 4) >= 4, "{text:?}");
            let mut out = String::new();
            assert_eq!(push_key(&mut out, text, 40), single_spaced(text).chars().count(), "{text:?}");
            assert_eq!(out, casefold(&single_spaced(text)));
        }
    }

    #[test]
    fn copies_counted_like_python() {
        let long = "word ".repeat(200);
        let texts = ["Ab", "ab", "xaby", "c", "", &long, &long];
        let copies = Copies::new(&texts);
        assert_eq!(copies.count("ab"), (2, 3));
        assert_eq!(copies.count("c"), (1, 1));
        assert_eq!(copies.count("zz"), (0, 0));
        assert_eq!(copies.count(""), (1, 5));
        assert_eq!(copies.count(&key(&long)), (2, 0));
        assert_eq!(copies.count("ab\0x"), (0, 0));
        let texts = ["a\0b", "a\0b c", "b\0b"];
        assert_eq!(Copies::new(&texts).count("a\0b"), (1, 2));
        assert_eq!(Copies::new(&texts).count("b"), (0, 3));
    }
}
