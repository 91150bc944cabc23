//! Character classes as CPython's `re` and `str` methods define them (tables generated
//! from the interpreter by `native/gen_tables.py`), and the ranges the measures name.

use crate::pyunicode::{
    ALPHA, CASED, CASEFOLD_MAP, CASE_IGNORABLE, DECIMAL, DIGIT, LOWER, LOWER_MAP, SPACE, UPPER, UPPER_CHANGES, WIDE,
    WORD,
};

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `c` is of a class: `ascii` decides for ASCII, the generated `table` for the rest.
#[inline]
fn of_class(c: char, ascii: fn(char) -> bool, table: &[(u32, u32)]) -> bool {
    if c.is_ascii() {
        ascii(c)
    } else {
        in_table(table, c)
    }
}

/// A class's characters of the Basic Multilingual Plane, one bit each (8 KB): read in one
/// step where a table is searched in ten (the word characters of a Cyrillic or Greek text).
type Bmp = [u64; 1024];

/// The BMP bits of `table` (at compile time).
const fn bmp(table: &[(u32, u32)]) -> Bmp {
    let mut bits = [0u64; 1024];
    let mut k = 0;
    while k < table.len() {
        let (mut cp, hi) = table[k];
        while cp <= hi && cp < 0x10000 {
            bits[(cp >> 6) as usize] |= 1 << (cp & 63);
            cp += 1;
        }
        k += 1;
    }
    bits
}

/// The BMP bits of the characters a case map holds (at compile time).
const fn bmp_keys(map: &[(u32, &str)]) -> Bmp {
    let mut bits = [0u64; 1024];
    let mut k = 0;
    while k < map.len() {
        let cp = map[k].0;
        if cp < 0x10000 {
            bits[(cp >> 6) as usize] |= 1 << (cp & 63);
        }
        k += 1;
    }
    bits
}

static WORD_BMP: Bmp = bmp(&WORD);
static DECIMAL_BMP: Bmp = bmp(&DECIMAL);
static SPACE_BMP: Bmp = bmp(&SPACE);
static WIDE_BMP: Bmp = bmp(&WIDE);
static ALPHA_BMP: Bmp = bmp(&ALPHA);
static UPPER_BMP: Bmp = bmp(&UPPER);
static LOWER_BMP: Bmp = bmp(&LOWER);
static LOWER_KEYS: Bmp = bmp_keys(&LOWER_MAP);
static CASEFOLD_KEYS: Bmp = bmp_keys(&CASEFOLD_MAP);

/// Whether `c` is of a class: `ascii` decides for ASCII, `bits` for the rest of the BMP, the
/// generated `table` beyond.
#[inline]
fn of_bmp_class(c: char, ascii: fn(char) -> bool, bits: &Bmp, table: &[(u32, u32)]) -> bool {
    let cp = c as u32;
    if c.is_ascii() {
        ascii(c)
    } else if cp < 0x10000 {
        bits[(cp >> 6) as usize] >> (cp & 63) & 1 == 1
    } else {
        in_table(table, c)
    }
}

/// `re`'s `\w`: a letter, digit or number of any script, or `_`.
#[inline]
pub fn is_word(c: char) -> bool {
    of_bmp_class(c, |c| c.is_ascii_alphanumeric() || c == '_', &WORD_BMP, &WORD)
}

/// `re`'s `\d`: a decimal digit of any script (category Nd).
#[inline]
pub fn is_decimal(c: char) -> bool {
    of_bmp_class(c, |c| c.is_ascii_digit(), &DECIMAL_BMP, &DECIMAL)
}

/// `str.isupper` of one character.
#[inline]
pub fn is_upper(c: char) -> bool {
    of_bmp_class(c, |c| c.is_ascii_uppercase(), &UPPER_BMP, &UPPER)
}

/// `str.isalpha` of one character.
#[inline]
pub fn is_alpha(c: char) -> bool {
    of_bmp_class(c, |c| c.is_ascii_alphabetic(), &ALPHA_BMP, &ALPHA)
}

/// `re`'s `\s` (`str.isspace`): none past ASCII before U+0085.
#[inline]
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t'..='\r' | '\x1c'..='\x1f') || c >= '\u{85}' && of_bmp_class(c, |_| false, &SPACE_BMP, &SPACE)
}

/// Two columns on a terminal (Han, kana, Hangul, full width): `unicodedata.east_asian_width` W or F.
#[inline]
pub fn is_wide(c: char) -> bool {
    of_bmp_class(c, |_| false, &WIDE_BMP, &WIDE)
}

/// `str.islower` of one character.
#[inline]
pub fn is_lower(c: char) -> bool {
    of_bmp_class(c, |c| c.is_ascii_lowercase(), &LOWER_BMP, &LOWER)
}

/// `str.isdigit` of one character.
#[inline]
pub fn is_digit(c: char) -> bool {
    of_class(c, |c| c.is_ascii_digit(), &DIGIT)
}

/// Whether `str.upper` changes `c`: `text.upper() == text` when it changes none of its characters.
pub fn upper_changes(c: char) -> bool {
    of_class(c, |c| c.is_ascii_lowercase(), &UPPER_CHANGES)
}

/// `str.isdigit` of a text: some characters, all digits.
pub fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.chars().all(is_digit)
}

/// What `str.casefold` gives for `text`, one character at a time.
pub fn casefold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    converted(text, &CASEFOLD_MAP, &CASEFOLD_KEYS)
}

/// Whether `str.casefold` may change `c` (an ASCII capital, or a character the map holds).
#[inline]
pub fn folds(c: char) -> bool {
    let cp = c as u32;
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else if cp < 0x10000 {
        CASEFOLD_KEYS[(cp >> 6) as usize] >> (cp & 63) & 1 == 1
    } else {
        CASEFOLD_MAP.binary_search_by_key(&cp, |&(k, _)| k).is_ok()
    }
}

/// Appends `str.casefold` of `c` to `out`.
#[inline]
pub fn push_casefold(c: char, out: &mut String) {
    push_mapped(c, &CASEFOLD_MAP, &CASEFOLD_KEYS, out, |c, out| out.push(c.to_ascii_lowercase()));
}

/// What `str.lower` gives for `text`: each character's lower case, and a capital sigma "ς"
/// where it ends a word (CPython's final-sigma rule: a cased character before it, none
/// after it, the case-ignorable ones between skipped), else "σ".
pub fn lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    lower_into(text, &mut out);
    out
}

/// `lower(text)` appended to `out` (a page's lines lowered into one buffer).
pub fn lower_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        return push_ascii_lower(text, out);
    }
    if !text.contains('\u{3a3}') {
        return push_converted(text, &LOWER_MAP, &LOWER_KEYS, out);
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\u{3a3}' {
            out.push(if final_sigma(&chars, i) { '\u{3c2}' } else { '\u{3c3}' });
        } else {
            push_mapped(c, &LOWER_MAP, &LOWER_KEYS, out, |c, out| out.push(c.to_ascii_lowercase()));
        }
    }
}

/// CPython's `handle_capital_sigma`: the first character before `i` that is not case-ignorable
/// is cased, and the first after it that is not case-ignorable is not (or there is none).
fn final_sigma(chars: &[char], i: usize) -> bool {
    let ignorable = |c: char| in_table(&CASE_IGNORABLE, c);
    let before = chars[..i].iter().rev().find(|&&c| !ignorable(c));
    if !before.is_some_and(|&c| in_table(&CASED, c)) {
        return false;
    }
    !chars[i + 1..].iter().find(|&&c| !ignorable(c)).is_some_and(|&c| in_table(&CASED, c))
}

/// `text` with its ASCII letters lowered and each other character `map` holds replaced by
/// what it maps to.
fn converted(text: &str, map: &[(u32, &str)], keys: &Bmp) -> String {
    let mut out = String::with_capacity(text.len());
    push_converted(text, map, keys, &mut out);
    out
}

/// `converted(text, map, keys)` appended to `out`, the runs of ASCII copied and lowered whole.
fn push_converted(text: &str, map: &[(u32, &str)], keys: &Bmp, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
        push_ascii_lower(&rest[..at], out);
        let Some(c) = rest[at..].chars().next() else { break };
        push_mapped(c, map, keys, out, |c, out| out.push(c.to_ascii_lowercase()));
        rest = &rest[at + c.len_utf8()..];
    }
    push_ascii_lower(rest, out);
}

fn push_ascii_lower(ascii: &str, out: &mut String) {
    let from = out.len();
    out.push_str(ascii);
    out[from..].make_ascii_lowercase();
}

/// Appends what `map` maps `c` to, or `c` (ASCII: `ascii` converts it). The BMP characters
/// the map does not hold (most lower-case letters) are told at once by its `keys` bits.
#[inline]
fn push_mapped(c: char, map: &[(u32, &str)], keys: &Bmp, out: &mut String, ascii: fn(char, &mut String)) {
    let cp = c as u32;
    if c.is_ascii() {
        ascii(c, out);
    } else if cp < 0x10000 && keys[(cp >> 6) as usize] >> (cp & 63) & 1 == 0 {
        out.push(c);
    } else {
        match map.binary_search_by_key(&(c as u32), |&(cp, _)| cp) {
            Ok(at) => out.push_str(map[at].1),
            Err(_) => out.push(c),
        }
    }
}

/// Han and kana, full and half width: scripts written without spaces (Hangul has spaces).
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9f}')
}

/// `[a-zà-öø-ÿ]`: a lower-case Latin letter.
#[inline]
pub fn is_latin_lower(c: char) -> bool {
    matches!(c, 'a'..='z' | 'à'..='ö' | 'ø'..='ÿ')
}

/// `[A-ZÀ-ÖØ-Þ]`: an upper-case Latin letter.
#[inline]
pub fn is_latin_upper(c: char) -> bool {
    matches!(c, 'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ')
}

/// `[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]`: a capital of the Latin, Cyrillic or Greek alphabet.
#[inline]
pub fn is_capital(c: char) -> bool {
    is_latin_upper(c) || matches!(c, 'А'..='Я' | 'Ё' | 'Α'..='Ω')
}

/// Whether `c` equals the ASCII lower-case letter `letter` under `re.IGNORECASE`, which also
/// folds 'İ' and 'ı' to 'i', 'ſ' to 's' and the Kelvin sign to 'k'.
pub fn folds_to(c: char, letter: char) -> bool {
    c.to_ascii_lowercase() == letter
        || (letter == 'i' && matches!(c, '\u{130}' | '\u{131}'))
        || (letter == 's' && c == '\u{17f}')
        || (letter == 'k' && c == '\u{212a}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_follow_python() {
        assert!(is_word('é') && is_word('_') && is_word('²') && is_word('中'));
        assert!(!is_word('-') && !is_word('\u{301}') && !is_word('・'));
    }

    #[test]
    fn bits_agree_with_the_tables() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_word(c), c.is_ascii() && (c.is_ascii_alphanumeric() || c == '_') || in_table(&WORD, c));
            assert_eq!(is_decimal(c), c.is_ascii_digit() || !c.is_ascii() && in_table(&DECIMAL, c));
            assert_eq!(is_space(c), of_class(c, |c| matches!(c, ' ' | '\t'..='\r' | '\x1c'..='\x1f'), &SPACE));
            assert_eq!(is_wide(c), !c.is_ascii() && in_table(&WIDE, c));
            assert_eq!(is_alpha(c), of_class(c, |c| c.is_ascii_alphabetic(), &ALPHA));
            assert_eq!(is_upper(c), of_class(c, |c| c.is_ascii_uppercase(), &UPPER));
            assert_eq!(is_lower(c), of_class(c, |c| c.is_ascii_lowercase(), &LOWER));
        }
    }

    #[test]
    fn case_map_bits_agree_with_the_maps() {
        for c in (0x80..0x11000).filter_map(char::from_u32) {
            let (mut folded, mut lowered) = (String::new(), String::new());
            push_casefold(c, &mut folded);
            push_mapped(c, &LOWER_MAP, &LOWER_KEYS, &mut lowered, |c, out| out.push(c));
            let mapped = |map: &[(u32, &str)]| {
                map.iter().find(|&&(cp, _)| cp == c as u32).map_or(c.to_string(), |m| m.1.to_string())
            };
            assert_eq!((folded, lowered), (mapped(&CASEFOLD_MAP), mapped(&LOWER_MAP)));
        }
    }

    #[test]
    fn digits_letters_and_capitals() {
        assert!(is_decimal('٣') && !is_decimal('²'));
        assert!(is_upper('É') && !is_upper('ǅ') && is_alpha('ǅ'));
        assert!(is_capital('Ж') && !is_capital('ж') && is_space('\u{2003}') && is_space('\x1f'));
        assert!(folds_to('ſ', 's') && folds_to('G', 'g') && !folds_to('h', 'g'));
    }
}
