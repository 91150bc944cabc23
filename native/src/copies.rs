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
/// `str.casefold`), stopping once the single-spaced text is `limit` characters long or more
/// (a text already single-spaced but past ASCII is written whole); returns its length in
/// characters, up to where it stopped.
pub fn push_key(out: &mut String, text: &str, limit: usize) -> usize {
    let start = out.len();
    let bytes = text.as_bytes();
    let space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f);
    let spaced = spaced(bytes);
    if text.is_ascii() {
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
    if spaced {
        if let Some(chars) = push_folded(out, text) {
            return chars;
        }
        out.truncate(start);
    }
    // the characters kept as they are copied a run at a time: `run` is where the current one
    // starts; ASCII capitals are lowered at the end, with the rest of the key (a casefold
    // writes none), so an ASCII byte is only told apart from white space
    let (mut chars, mut white_before, mut run, mut at) = (0, false, 0, 0);
    out.reserve(text.len());
    while at < bytes.len() && chars < limit {
        let b = bytes[at];
        let (len, white, fold) = if b < 0x80 {
            (1, space(b), None)
        } else {
            let c = text[at..].chars().next().expect("a character starts here");
            let white = may_be_space(b) && is_space(c);
            (c.len_utf8(), white, Some(c).filter(|&c| !white && folds(c)))
        };
        if white {
            out.push_str(&text[run..at]);
            run = at + len;
            white_before = chars > 0;
        } else {
            if white_before {
                out.push(' ');
                chars += 1;
                white_before = false;
            }
            if let Some(c) = fold {
                out.push_str(&text[run..at]);
                push_casefold(c, out);
                run = at + len;
            }
            chars += 1;
        }
        at += len;
    }
    out.push_str(&text[run..at]);
    out[start..].make_ascii_lowercase();
    chars
}

/// No control character (white space but the space among them), no two spaces in a row, none
/// first or last: the ASCII of a text already single-spaced (the bytes past ASCII pass). Eight
/// bytes at a time, each byte's answer in its high bit.
fn spaced(bytes: &[u8]) -> bool {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = !LOW;
    if bytes.first().is_none_or(|&b| b == b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut before = 0; // the high bit of the first byte: the byte before the eight is a space
    let mut eights = bytes.chunks_exact(8);
    for eight in &mut eights {
        let x = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
        let printable = (((x & LOW) + 0x6060_6060_6060_6060) | x) & HIGH; // b >= 0x20
        let other = x ^ 0x2020_2020_2020_2020;
        let spaces = !(((other & LOW) + LOW) | other) & HIGH; // b == 0x20
        if printable != HIGH || spaces & (spaces << 8 | before) != 0 {
            return false;
        }
        before = spaces >> 56;
    }
    let mut space_before = before != 0;
    eights.remainder().iter().all(|&b| {
        let fine = b >= 0x20 && !(b == b' ' && space_before);
        space_before = b == b' ';
        fine
    })
}

/// Whether a character whose UTF-8 opens with `lead` (past ASCII) may be white space: those
/// from U+0085 to U+3000 open with one of these bytes.
fn may_be_space(lead: u8) -> bool {
    matches!(lead, 0xc2 | 0xe1..=0xe3)
}

/// Appends `casefold(text)` to `out` for a text whose ASCII is single-spaced (`push_key`'s
/// test), and returns its length in characters; None (`out` half written) when a character
/// past ASCII is white space. Only the characters past ASCII are read one by one.
fn push_folded(out: &mut String, text: &str) -> Option<usize> {
    let start = out.len();
    let bytes = text.as_bytes();
    let (mut run, mut at) = (0, 0);
    while let Some(found) = next_past_ascii(&bytes[at..]) {
        at += found;
        let c = text[at..].chars().next().expect("a character starts here");
        if may_be_space(bytes[at]) && is_space(c) {
            return None;
        }
        if folds(c) {
            out.push_str(&text[run..at]);
            push_casefold(c, out);
            run = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    out.push_str(&text[run..]);
    out[start..].make_ascii_lowercase();
    Some(text.chars().count())
}

/// Where the first byte past ASCII is, ASCII skipped 16 bytes at a time.
fn next_past_ascii(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    while bytes.len() - at >= 16 && bytes[at..at + 16].is_ascii() {
        at += 16;
    }
    bytes[at..].iter().position(|&b| b >= 0x80).map(|found| at + found)
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
        let nul = texts.iter().any(|t| memchr(0, t.as_bytes()).is_some());
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
    fn white_space_past_ascii_opens_with_the_bytes_looked_for() {
        for c in (0x80..=0x10ffff).filter_map(char::from_u32).filter(|&c| is_space(c)) {
            let mut bytes = [0; 4];
            assert!(may_be_space(c.encode_utf8(&mut bytes).as_bytes()[0]), "{c:?}");
        }
    }

    #[test]
    fn keys_of_mixed_texts_stop_at_the_limit() {
        let pieces = [
            "A",
            "b",
            " ",
            "\t",
            "\u{a0}",
            "\u{3000}",
            "É",
            "ß",
            "ΣΑΣ",
            "Ǆ",
            "\u{1c}",
            "\0",
            "x",
            "İ",
            "文",
            "\u{10400}",
        ];
        for n in 0..1 << 16 {
            // a text of four pieces, picked by the four hexadecimal digits of `n`
            let text: String = (0..4).map(|k| pieces[n >> (k * 4) & 15]).collect();
            let spaced: Vec<char> = single_spaced(&text).chars().collect();
            assert_eq!(key(&text), casefold(&single_spaced(&text)), "{text:?}");
            for limit in [0, 1, 3, 5] {
                let mut out = "Ab".to_string();
                let chars = push_key(&mut out, &text, limit);
                assert!(chars == spaced.len() || (limit..spaced.len()).contains(&chars), "{text:?} {limit}");
                assert_eq!(out[..2], *"Ab");
                assert_eq!(out[2..], casefold(&spaced[..chars].iter().collect::<String>()), "{text:?} {limit}");
            }
        }
        let long = "Été ".repeat(40);
        assert_eq!(key(&long), casefold(&single_spaced(&long)));
        assert_eq!(next_past_ascii(format!("{}é", "a".repeat(40)).as_bytes()), Some(40));
        assert_eq!(next_past_ascii("a".repeat(40).as_bytes()), None);
    }

    #[test]
    fn single_spaced_ascii_told_eight_bytes_at_a_time() {
        let naive = |b: &[u8]| {
            !b.is_empty()
                && b[0] != b' '
                && b[b.len() - 1] != b' '
                && b.iter().all(|&c| c >= 0x20)
                && !b.windows(2).any(|w| w == b"  ")
        };
        let pieces: [&[u8]; 8] = [b"a", b" ", b"\t", b"\0", "é".as_bytes(), b"\x1f", b"\x7f", b"bc"];
        for n in 0..200_000usize {
            let text: Vec<u8> = (0..n % 23).flat_map(|k| pieces[((n >> (k % 13)) % 8) ^ (k % 3)]).copied().collect();
            assert_eq!(spaced(&text), naive(&text), "{text:?}");
        }
        assert!(spaced(b"abcdefg hijklmn opqrstu"));
        assert!(!spaced(b"abcdefg  ijklmn opqrstu") && !spaced(b"abcdefgh ijklmn  pqrstu"));
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
