//! langdetect's text handling before its random walk (`langwalk`), as langdetect does it:
//! `Detector.append` (URLs and e-mail addresses blanked, `NGram.normalize_vi`, runs of
//! spaces squeezed, the text cut at `max_text_length`), `Detector.cleaning_text` (Latin
//! letters dropped from a text mostly in another script) and `Detector._extract_ngrams`
//! (each character normalised by `NGram.normalize`, the 1- to 3-grams ending at it kept when
//! a profile has them, none inside a word in capitals). Its pure-Python loops were most of
//! what a detection cost once the walk was native.
//!
//! Texts are read as code points (`u32`), not `char`s: a Python str may hold a lone
//! surrogate, which langdetect handles like any other character. An n-gram holding one is in
//! no profile. The tables (`Tables`) are langdetect's own, handed over by
//! `cleaner.stages.language` from `langdetect.utils`.

use rustc_hash::FxHashMap;

use crate::chars;
use crate::ngrams::Profiles;

const SPACE: u32 = ' ' as u32;
const A_UPPER: u32 = 'A' as u32;
const Z_UPPER: u32 = 'Z' as u32;
const A_LOWER: u32 = 'a' as u32;
const Z_LOWER: u32 = 'z' as u32;

/// The Unicode blocks `NGram.normalize` tells apart, as langdetect numbers them
/// (`langdetect.utils.unicode_block`), in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockIds {
    pub basic_latin: u32,
    pub latin_1_supplement: u32,
    pub latin_extended_b: u32,
    pub general_punctuation: u32,
    pub arabic: u32,
    pub latin_extended_additional: u32,
    pub hiragana: u32,
    pub katakana: u32,
    pub bopomofo: u32,
    pub bopomofo_extended: u32,
    pub cjk_unified_ideographs: u32,
    pub hangul_syllables: u32,
}

/// langdetect's tables for its text handling.
pub struct Tables {
    /// `_unicode_blocks`: (block, first, last code point), sorted, searched as `unicode_block` does
    pub blocks: Vec<(u32, u32, u32)>,
    pub ids: BlockIds,
    /// `NGram.LATIN1_EXCLUDED`: Latin-1 characters normalised to a space
    pub latin1_excluded: Vec<u32>,
    /// `NGram.CJK_MAP`: a Han character to its class's representative
    pub cjk_map: FxHashMap<u32, u32>,
    /// `NGram.TO_NORMALIZE_VI_CHARS`, `NGram.DMARK_CLASS` and `NGram.NORMALIZED_VI_CHARS`
    /// (per mark, per letter): a letter followed by a combining mark to the one character
    pub vi_letters: Vec<u32>,
    pub vi_marks: Vec<u32>,
    pub vi_normalized: Vec<Vec<u32>>,
}

impl Tables {
    /// `unicode_block(ch)`: the block of code point `c` (the binary search over the sorted
    /// blocks langdetect makes, ASCII first), None outside them all.
    pub fn block(&self, c: u32) -> Option<u32> {
        if c <= 0x7f {
            return Some(self.ids.basic_latin);
        }
        let (mut lo, mut hi) = (0isize, self.blocks.len() as isize - 1);
        while lo <= hi {
            let mid = (lo + hi) >> 1;
            let (name, start, end) = self.blocks[mid as usize];
            if start <= c && c <= end {
                return Some(name);
            }
            if c < start {
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        None
    }

    /// `NGram.normalize(ch)` of code point `c`.
    pub fn normalize(&self, c: u32) -> u32 {
        let Some(block) = self.block(c) else {
            return c;
        };
        let ids = &self.ids;
        if block == ids.basic_latin {
            if c < A_UPPER || (Z_UPPER < c && c < A_LOWER) || Z_LOWER < c {
                SPACE
            } else {
                c
            }
        } else if block == ids.latin_1_supplement {
            if self.latin1_excluded.contains(&c) {
                SPACE
            } else {
                c
            }
        } else if block == ids.latin_extended_b {
            // Romanian: s and t with a comma below as with a cedilla
            match c {
                0x219 => 0x15f,
                0x21b => 0x163,
                _ => c,
            }
        } else if block == ids.general_punctuation {
            SPACE
        } else if block == ids.arabic {
            if c == 0x6cc {
                0x64a // Farsi yeh as Arabic yeh
            } else {
                c
            }
        } else if block == ids.latin_extended_additional {
            if c >= 0x1ea0 {
                0x1ec3
            } else {
                c
            }
        } else if block == ids.hiragana {
            0x3042
        } else if block == ids.katakana {
            0x30a2
        } else if block == ids.bopomofo || block == ids.bopomofo_extended {
            0x3105
        } else if block == ids.cjk_unified_ideographs {
            self.cjk_map.get(&c).copied().unwrap_or(c)
        } else if block == ids.hangul_syllables {
            0xac00
        } else {
            c
        }
    }

    /// `Detector.append(text)` of a text already in `out`: `text` with `URL_RE` and then
    /// `MAIL_RE` matches made a space, `NGram.normalize_vi`, its first `max_length` code
    /// points with each space after a space dropped, added to `out`.
    pub fn append(&self, text: &[u32], max_length: usize, out: &mut Vec<u32>) {
        let text = blank_mails(&blank_urls(text));
        let text = self.normalize_vi(&text);
        let mut pre = None;
        for &c in text.iter().take(max_length) {
            if c != SPACE || pre != Some(SPACE) {
                out.push(c);
            }
            pre = Some(c);
        }
    }

    /// `NGram.normalize_vi`: each Vietnamese vowel followed by a combining mark made the one
    /// precomposed character.
    pub fn normalize_vi(&self, text: &[u32]) -> Vec<u32> {
        let mut out = Vec::with_capacity(text.len());
        let mut i = 0;
        while i < text.len() {
            let letter = self.vi_letters.iter().position(|&l| l == text[i]);
            let mark = text.get(i + 1).and_then(|m| self.vi_marks.iter().position(|&d| d == *m));
            if let (Some(letter), Some(mark)) = (letter, mark) {
                out.push(self.vi_normalized[mark][letter]);
                i += 2;
            } else {
                out.push(text[i]);
                i += 1;
            }
        }
        out
    }

    /// The n-grams `Detector._extract_ngrams` takes from `text` (after `cleaning_text`), as
    /// their ids in `profiles`, in langdetect's order.
    pub fn ngrams(&self, text: &[u32], profiles: &Profiles) -> Vec<u32> {
        let mut result = Vec::new();
        let mut gram = Gram::default();
        for &c in text {
            gram.add(self.normalize(c));
            if gram.capital_word {
                continue;
            }
            for n in 1..=gram.len {
                if let Some(id) = gram.last(n).and_then(|word| profiles.id(word.as_str())) {
                    result.push(id);
                }
            }
        }
        result
    }
}

/// `Detector.cleaning_text`: when fewer than half as many characters are from 'A' to 'z'
/// as are at or past U+0300, those from 'A' to 'z' dropped. (langdetect means to leave
/// Latin Extended Additional out of the second count, but compares `unicode_block`'s
/// number with the block's name, which always differs: every character from U+0300 counts.)
pub fn cleaning_text(text: &mut Vec<u32>) {
    let latin = |c: u32| (A_UPPER..=Z_LOWER).contains(&c);
    let n_latin = text.iter().filter(|&&c| latin(c)).count();
    let n_other = text.iter().filter(|&&c| !latin(c) && c >= 0x300).count();
    if n_latin * 2 < n_other {
        text.retain(|&c| !latin(c));
    }
}

/// `NGram`'s buffer: the last three normalised characters (or fewer, from a space) and
/// whether they are inside a word in capitals.
#[derive(Default)]
struct Gram {
    chars: [u32; 3],
    len: usize,
    capital_word: bool,
}

impl Gram {
    /// `NGram.add_char` of a normalised character (`grams` starts as a lone space).
    fn add(&mut self, c: u32) {
        let last = if self.len == 0 { SPACE } else { self.chars[self.len - 1] };
        if last == SPACE {
            self.chars[0] = SPACE;
            self.len = 1;
            self.capital_word = false;
            if c == SPACE {
                return;
            }
        } else if self.len >= 3 {
            self.chars.copy_within(1.., 0);
            self.len -= 1;
        }
        self.chars[self.len] = c;
        self.len += 1;
        if is_upper(c) {
            if is_upper(last) {
                self.capital_word = true;
            }
        } else {
            self.capital_word = false;
        }
    }

    /// The last `n` characters as a string, unless they are a lone space or hold a lone surrogate.
    fn last(&self, n: usize) -> Option<Utf8Gram> {
        let chars = &self.chars[self.len - n..self.len];
        if chars == [SPACE] {
            return None;
        }
        let mut gram = Utf8Gram { bytes: [0; 12], len: 0 };
        for &c in chars {
            let c = char::from_u32(c)?;
            gram.len += c.encode_utf8(&mut gram.bytes[gram.len..]).len();
        }
        Some(gram)
    }
}

/// An n-gram of at most three characters in UTF-8, on the stack.
struct Utf8Gram {
    bytes: [u8; 12],
    len: usize,
}

impl Utf8Gram {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// `str.isupper` of one code point (never of a lone surrogate).
fn is_upper(c: u32) -> bool {
    char::from_u32(c).is_some_and(chars::is_upper)
}

/// Whether `c` is in `[-_.0-9A-Za-z]`, or without the dot when `dot` is false.
fn is_address_char(c: u32, dot: bool) -> bool {
    char::from_u32(c).is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || (dot && c == '.'))
}

/// Whether `c` is in URL_RE's `[-_.?&~;+=/#0-9A-Za-z]`.
fn is_url_char(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| c.is_ascii_alphanumeric() || "-_.?&~;+=/#".contains(c))
}

/// How many code points from `start` are `is_char`, up to `max`.
fn run(text: &[u32], start: usize, max: usize, is_char: impl Fn(u32) -> bool) -> usize {
    text.iter().skip(start).take(max).take_while(|&&c| is_char(c)).count()
}

/// `text` with each match of `func` made one space, leftmost first and not overlapping, as
/// `re.sub` makes them; `func(text, at)` is the end of the match starting at `at`, if any.
fn blank(text: &[u32], func: impl Fn(&[u32], usize) -> Option<usize>) -> Vec<u32> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match func(text, i) {
            Some(end) => {
                out.push(SPACE);
                i = end;
            }
            None => {
                out.push(text[i]);
                i += 1;
            }
        }
    }
    out
}

/// `Detector.URL_RE.sub(' ', text)`: `https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}`.
pub fn blank_urls(text: &[u32]) -> Vec<u32> {
    if !text.windows(3).any(|w| w == [':' as u32, '/' as u32, '/' as u32]) {
        return text.to_vec();
    }
    blank(text, |text, at| {
        let starts = |at: usize, s: &str| s.chars().enumerate().all(|(k, c)| text.get(at + k) == Some(&(c as u32)));
        if !starts(at, "http") {
            return None;
        }
        let after = if starts(at + 4, "s://") {
            at + 8
        } else if starts(at + 4, "://") {
            at + 7
        } else {
            return None;
        };
        let n = run(text, after, 2076, is_url_char);
        (n >= 1).then_some(after + n)
    })
}

/// `Detector.MAIL_RE.sub(' ', text)`: `[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}`.
/// A match starting at `at` has its '@' where the run of address characters from `at` ends,
/// at most 64 on; then the longest run (up to 255) of characters without a dot and the
/// longest (up to 255) with one after it, or, when none can follow, the first run given
/// back its last character for the second (backtracking).
pub fn blank_mails(text: &[u32]) -> Vec<u32> {
    if !text.contains(&('@' as u32)) {
        return text.to_vec();
    }
    blank(text, |text, at| {
        let local = run(text, at, 64, |c| is_address_char(c, true));
        if local == 0 || text.get(at + local) != Some(&('@' as u32)) {
            return None;
        }
        let first = at + local + 1;
        let host = run(text, first, 255, |c| is_address_char(c, false));
        if host == 0 {
            return None;
        }
        let rest = run(text, first + host, 255, |c| is_address_char(c, true));
        if rest > 0 {
            Some(first + host + rest)
        } else if host >= 2 {
            Some(first + host)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cps(text: &str) -> Vec<u32> {
        text.chars().map(u32::from).collect()
    }

    fn string(cps: &[u32]) -> String {
        cps.iter().map(|&c| char::from_u32(c).unwrap()).collect()
    }

    #[test]
    fn urls_blanked_as_the_regex() {
        let blanked = |t: &str| string(&blank_urls(&cps(t)));
        assert_eq!(blanked("see http://a.b/c?d=1 and https://x"), "see   and  ");
        assert_eq!(blanked("http:// https:/x httpx://a"), "http:// https:/x httpx://a");
        assert_eq!(blanked("xhttps://é"), "xhttps://é");
        let long = format!("http://{}", "a".repeat(3000));
        assert_eq!(blanked(&long), format!(" {}", "a".repeat(3000 - 2076)));
    }

    #[test]
    fn mails_blanked_as_the_regex() {
        let blanked = |t: &str| string(&blank_mails(&cps(t)));
        assert_eq!(blanked("write to a.b@c.d now"), "write to   now");
        assert_eq!(blanked("a@bc"), " ");
        assert_eq!(blanked("a@b"), "a@b");
        assert_eq!(blanked("a@b."), " ");
        assert_eq!(blanked("a@.b"), "a@.b");
        assert_eq!(blanked("@b.c a@@b"), "@b.c a@@b");
        let local = "x".repeat(70);
        assert_eq!(blanked(&format!("{local}@host")), format!("{} ", "x".repeat(6)));
    }

    #[test]
    fn cleaning_drops_latin_from_other_scripts() {
        let mut text = cps("abc αβγδεζηθ");
        cleaning_text(&mut text);
        assert_eq!(string(&text), " αβγδεζηθ");
        let mut text = cps("abcd αβγδεζηθ");
        cleaning_text(&mut text);
        assert_eq!(string(&text), "abcd αβγδεζηθ");
    }

    #[test]
    fn capital_words_and_spaces() {
        let mut gram = Gram::default();
        let mut seen = Vec::new();
        for c in "AB cD".chars() {
            gram.add(c as u32);
            seen.push((string(&gram.chars[..gram.len]), gram.capital_word));
        }
        let expected = [(" A", false), (" AB", true), ("AB ", false), (" c", false), (" cD", false)];
        assert_eq!(seen, expected.map(|(s, b)| (s.to_string(), b)));
        assert!(gram.last(1).is_some_and(|g| g.as_str() == "D"));
        gram.add(0xd800);
        assert!(gram.last(1).is_none() && gram.last(3).is_none());
    }
}
