//! Character classes as CPython's `re` and `str` methods define them (tables generated
//! from the interpreter by `native/gen_tables.py`), and the ranges the measures name.

use std::sync::OnceLock;

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

/// How many blocks of 256 code points Unicode has.
const BLOCKS: usize = 0x110000 >> 8;
/// A block a table holds none of, all of, or some of (searched).
const NONE: u8 = 0;
const ALL: u8 = 1;
const SOME: u8 = 2;

/// A generated table of code point ranges (sorted, disjoint), and how it covers each block of
/// 256 code points, worked out the first time it is read: most characters (a line of box
/// drawing, a page in Cyrillic or Han) then need no binary search.
struct Table {
    ranges: &'static [(u32, u32)],
    blocks: OnceLock<Box<[u8]>>,
}

impl Table {
    const fn new(ranges: &'static [(u32, u32)]) -> Table {
        Table { ranges, blocks: OnceLock::new() }
    }

    fn blocks(&self) -> &[u8] {
        self.blocks.get_or_init(|| {
            let mut covered = vec![0u32; BLOCKS];
            for &(lo, hi) in self.ranges {
                for block in lo >> 8..=hi >> 8 {
                    let (start, end) = (lo.max(block << 8), hi.min((block << 8) | 0xff));
                    covered[block as usize] += end - start + 1;
                }
            }
            covered
                .iter()
                .map(|&n| {
                    if n == 0 {
                        NONE
                    } else if n == 256 {
                        ALL
                    } else {
                        SOME
                    }
                })
                .collect()
        })
    }

    /// Whether the table holds `c`.
    #[inline]
    fn holds(&self, c: char) -> bool {
        match self.blocks()[c as usize >> 8] {
            NONE => false,
            ALL => true,
            _ => in_table(self.ranges, c),
        }
    }
}

/// A generated map of code points (sorted) to what they become, and which blocks of 256 code
/// points hold a key (worked out the first time it is read).
struct Map {
    entries: &'static [(u32, &'static str)],
    blocks: OnceLock<Box<[bool]>>,
}

impl Map {
    const fn new(entries: &'static [(u32, &'static str)]) -> Map {
        Map { entries, blocks: OnceLock::new() }
    }

    /// What `c` becomes, None when the map does not hold it.
    #[inline]
    fn get(&self, c: char) -> Option<&'static str> {
        let blocks = self.blocks.get_or_init(|| {
            let mut blocks = vec![false; BLOCKS];
            for &(cp, _) in self.entries {
                blocks[cp as usize >> 8] = true;
            }
            blocks.into_boxed_slice()
        });
        if !blocks[c as usize >> 8] {
            return None;
        }
        let at = self.entries.binary_search_by_key(&(c as u32), |&(cp, _)| cp).ok()?;
        Some(self.entries[at].1)
    }
}

static LOWER_MAPPING: Map = Map::new(&LOWER_MAP);
static CASEFOLD_MAPPING: Map = Map::new(&CASEFOLD_MAP);

static WORD_TABLE: Table = Table::new(&WORD);
static DECIMAL_TABLE: Table = Table::new(&DECIMAL);
static UPPER_TABLE: Table = Table::new(&UPPER);
static ALPHA_TABLE: Table = Table::new(&ALPHA);
static SPACE_TABLE: Table = Table::new(&SPACE);
static LOWER_TABLE: Table = Table::new(&LOWER);
static DIGIT_TABLE: Table = Table::new(&DIGIT);
static UPPER_CHANGES_TABLE: Table = Table::new(&UPPER_CHANGES);

/// Whether `c` is of a class: `ascii` decides for ASCII, the generated `table` for the rest.
#[inline]
fn of_class(c: char, ascii: fn(char) -> bool, table: &Table) -> bool {
    if c.is_ascii() {
        ascii(c)
    } else {
        table.holds(c)
    }
}

/// `re`'s `\w`: a letter, digit or number of any script, or `_`.
#[inline]
pub fn is_word(c: char) -> bool {
    of_class(c, |c| c.is_ascii_alphanumeric() || c == '_', &WORD_TABLE)
}

/// `re`'s `\d`: a decimal digit of any script (category Nd).
#[inline]
pub fn is_decimal(c: char) -> bool {
    of_class(c, |c| c.is_ascii_digit(), &DECIMAL_TABLE)
}

/// `str.isupper` of one character.
#[inline]
pub fn is_upper(c: char) -> bool {
    of_class(c, |c| c.is_ascii_uppercase(), &UPPER_TABLE)
}

/// `str.isalpha` of one character.
#[inline]
pub fn is_alpha(c: char) -> bool {
    of_class(c, |c| c.is_ascii_alphabetic(), &ALPHA_TABLE)
}

/// `re`'s `\s` (`str.isspace`).
#[inline]
pub fn is_space(c: char) -> bool {
    of_class(c, |c| matches!(c, ' ' | '\t'..='\r' | '\x1c'..='\x1f'), &SPACE_TABLE)
}

/// Two columns on a terminal (Han, kana, Hangul, full width): `unicodedata.east_asian_width` W or F.
pub fn is_wide(c: char) -> bool {
    !c.is_ascii() && in_table(&WIDE, c)
}

/// `str.islower` of one character.
#[inline]
pub fn is_lower(c: char) -> bool {
    of_class(c, |c| c.is_ascii_lowercase(), &LOWER_TABLE)
}

/// `str.isdigit` of one character.
#[inline]
pub fn is_digit(c: char) -> bool {
    of_class(c, |c| c.is_ascii_digit(), &DIGIT_TABLE)
}

/// Whether `str.upper` changes `c`: `text.upper() == text` when it changes none of its characters.
pub fn upper_changes(c: char) -> bool {
    of_class(c, |c| c.is_ascii_lowercase(), &UPPER_CHANGES_TABLE)
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
    converted(text, &CASEFOLD_MAPPING)
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
        return push_converted(text, &LOWER_MAPPING, out);
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\u{3a3}' {
            out.push(if final_sigma(&chars, i) { '\u{3c2}' } else { '\u{3c3}' });
        } else {
            push_mapped(c, &LOWER_MAPPING, out);
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
fn converted(text: &str, map: &Map) -> String {
    let mut out = String::with_capacity(text.len());
    push_converted(text, map, &mut out);
    out
}

/// `converted(text, map)` appended to `out`, the runs of ASCII copied whole.
fn push_converted(text: &str, map: &Map, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
        push_ascii_lower(&rest[..at], out);
        let Some(c) = rest[at..].chars().next() else { break };
        push_mapped(c, map, out);
        rest = &rest[at + c.len_utf8()..];
    }
    push_ascii_lower(rest, out);
}

fn push_ascii_lower(ascii: &str, out: &mut String) {
    let from = out.len();
    out.push_str(ascii);
    out[from..].make_ascii_lowercase();
}

/// `c` lowered (ASCII) or replaced by what `map` maps it to.
fn push_mapped(c: char, map: &Map, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        match map.get(c) {
            Some(to) => out.push_str(to),
            None => out.push(c),
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
    fn the_block_summaries_answer_as_the_tables() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for table in [&WORD_TABLE, &DECIMAL_TABLE, &SPACE_TABLE, &UPPER_CHANGES_TABLE] {
                assert_eq!(table.holds(c), in_table(table.ranges, c), "{c:?}");
            }
            let found = LOWER_MAP.binary_search_by_key(&(c as u32), |&(cp, _)| cp).ok().map(|at| LOWER_MAP[at].1);
            assert_eq!(LOWER_MAPPING.get(c), found, "{c:?}");
        }
    }

    #[test]
    fn word_characters_follow_python() {
        assert!(is_word('é') && is_word('_') && is_word('²') && is_word('中'));
        assert!(!is_word('-') && !is_word('\u{301}') && !is_word('・'));
    }

    #[test]
    fn digits_letters_and_capitals() {
        assert!(is_decimal('٣') && !is_decimal('²'));
        assert!(is_upper('É') && !is_upper('ǅ') && is_alpha('ǅ'));
        assert!(is_capital('Ж') && !is_capital('ж') && is_space('\u{2003}') && is_space('\x1f'));
        assert!(folds_to('ſ', 's') && folds_to('G', 'g') && !folds_to('h', 'g'));
    }
}
