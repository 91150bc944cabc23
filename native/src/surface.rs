//! A kept line's surface counts in one pass over its characters: what `shapes::punctuation`,
//! `shapes::capitals`, `shapes::glued` and the count of ASCII digits find, each of which
//! would otherwise scan the line again. ASCII characters are classed by a table; the tests
//! check the counts against those functions.

use crate::chars::{is_capital, is_latin_lower, is_latin_upper, is_space};

/// `,.;:` or the full-width `，。；：、` (`shapes::punctuation`).
const PUNCT: u8 = 1;
/// An ASCII digit.
const DIGIT: u8 = 2;
/// `[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]` (`chars::is_capital`).
const CAPITAL: u8 = 4;
/// `[a-zà-öø-ÿ]` (`chars::is_latin_lower`).
const LATIN_LOWER: u8 = 8;
/// `[A-ZÀ-ÖØ-Þ]` (`chars::is_latin_upper`).
const LATIN_UPPER: u8 = 16;
/// CPython's white space (`chars::is_space`).
const SPACE: u8 = 32;

/// The classes of the ASCII characters.
const ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b',' | b'.' | b';' | b':' => PUNCT,
            b'0'..=b'9' => DIGIT,
            b'A'..=b'Z' => CAPITAL | LATIN_UPPER,
            b'a'..=b'z' => LATIN_LOWER,
            b' ' | b'\t'..=b'\r' | 0x1c..=0x1f => SPACE,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// The classes of `c`.
#[inline]
fn class(c: char) -> u8 {
    if c.is_ascii() {
        return ASCII[c as usize];
    }
    let punct = if matches!(c, '，' | '。' | '；' | '：' | '、') { PUNCT } else { 0 };
    let capital = if is_capital(c) { CAPITAL } else { 0 };
    let lower = if is_latin_lower(c) { LATIN_LOWER } else { 0 };
    let upper = if is_latin_upper(c) { LATIN_UPPER } else { 0 };
    let space = if is_space(c) { SPACE } else { 0 };
    punct | capital | lower | upper | space
}

/// The counts one pass finds.
#[derive(Debug, Default, PartialEq)]
pub struct Counts {
    /// `shapes::punctuation`
    pub punct: usize,
    /// ASCII digits
    pub digits: usize,
    /// `shapes::capitals`: capitals opening a word
    pub capitals: usize,
    /// `shapes::glued`: a lower-case letter, a capital, a lower-case letter
    pub glued: usize,
}

/// The surface counts of a line's characters.
pub fn counts(chars: &[char]) -> Counts {
    let mut out = Counts::default();
    // the classes of the two characters before, and whether the one before is white space
    let (mut before2, mut before1) = (0u8, 0u8);
    let mut after_space = true; // the line's start opens a word
    for &c in chars {
        let k = class(c);
        out.punct += usize::from(k & PUNCT != 0);
        out.digits += usize::from(k & DIGIT != 0);
        out.capitals += usize::from(k & CAPITAL != 0 && after_space);
        out.glued += usize::from(k & LATIN_LOWER != 0 && before1 & LATIN_UPPER != 0 && before2 & LATIN_LOWER != 0);
        after_space = k & SPACE != 0;
        (before2, before1) = (before1, k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shapes;

    #[test]
    fn counts_as_the_separate_scans() {
        let texts = [
            "",
            "KremlinParti said: 12, 3.5; ok",
            " Über Édouard\u{2003}Ωmega Жук\u{a0}Ab aBc",
            "新闻，报道。时间：２０２４、Ab",
            "\u{1f}A\u{85}B\u{3000}C dÉe àÀà",
            "x\tY\u{1c}Zz",
        ];
        // the patterns at every offset, in lines of many lengths
        let long: Vec<String> = (0..140)
            .map(|k| format!("{}KremlinParti, Ab 12.A;aBc:\tD\x1fE", "x ".repeat(k / 2) + &"y".repeat(k % 2)))
            .collect();
        for text in texts.iter().copied().chain(long.iter().map(String::as_str)) {
            let chars: Vec<char> = text.chars().collect();
            let want = Counts {
                punct: shapes::punctuation(text),
                digits: chars.iter().filter(|c| c.is_ascii_digit()).count(),
                capitals: shapes::capitals(&chars),
                glued: shapes::glued(&chars),
            };
            assert_eq!(counts(&chars), want, "{text:?}");
        }
    }

    #[test]
    fn every_character_classed_as_the_functions() {
        for c in (0..0x11000).filter_map(char::from_u32) {
            let k = class(c);
            assert_eq!(k & CAPITAL != 0, is_capital(c), "{c:?}");
            assert_eq!(k & LATIN_LOWER != 0, is_latin_lower(c), "{c:?}");
            assert_eq!(k & LATIN_UPPER != 0, is_latin_upper(c), "{c:?}");
            assert_eq!(k & PUNCT != 0, shapes::punctuation(&c.to_string()) == 1, "{c:?}");
            assert_eq!(k & DIGIT != 0, c.is_ascii_digit(), "{c:?}");
            assert_eq!(k & SPACE != 0, is_space(c), "{c:?}");
        }
    }
}
