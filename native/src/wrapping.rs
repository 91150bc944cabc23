//! The measures of a hard-wrapped dump's lines (`cleaner.wrapping`): display widths, and
//! whether a line is prose a wrapper could have cut, and so tells the width it was cut at.

use std::borrow::Cow;

use crate::chars::{is_alpha, is_decimal, is_space, is_wide};

const TAB_WIDTH: usize = 4;
/// A word this wide (an address) cannot be cut: its line may pass the width.
const LONG_WORD: usize = 40;
/// Bullets that open a list item before white space (`ITEM_START`).
const BULLETS: &str = "•·▪◦‣►▸*+-";

/// Columns `text` takes on a terminal: wide characters count two.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// `text.expandtabs(4)`: a tab runs to the next tab stop, a line break restarts the column.
fn expand_tabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for c in text.chars() {
        if c == '\t' {
            let width = TAB_WIDTH - column % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', width));
            column += width;
        } else {
            out.push(c);
            column = if matches!(c, '\n' | '\r') { 0 } else { column + 1 };
        }
    }
    out
}

/// A raw line as wrapping reads it and measures it: its indentation (columns), its text
/// (without the indentation and the trailing white space, tabs expanded), the display width
/// of the whole line, and whether it is `prose`, `breakable` and `measurable` (see `Scan`).
pub struct Measured<'a> {
    pub indent: usize,
    pub text: Cow<'a, str>,
    pub width: usize,
    pub prose: bool,
    pub breakable: bool,
    pub measurable: bool,
}

/// Read and measure a raw line: its text is scanned once (`scan`).
pub fn measure(raw: &str) -> Measured<'_> {
    let trimmed = raw.trim_end_matches(is_space);
    let line: Cow<'_, str> =
        if trimmed.contains('\t') { Cow::Owned(expand_tabs(trimmed)) } else { Cow::Borrowed(trimmed) };
    let text_len = line.trim_start_matches(is_space).len();
    let lead = &line[..line.len() - text_len];
    let (indent, lead_width) = (lead.chars().count(), display_width(lead));
    let text = match line {
        Cow::Borrowed(line) => Cow::Borrowed(&line[line.len() - text_len..]),
        Cow::Owned(line) => Cow::Owned(line[line.len() - text_len..].to_string()),
    };
    let found = scan(&text);
    let width = lead_width + found.width;
    let prose = found.alpha && !found.table_gap;
    let breakable = prose && (found.space || found.wide);
    let measurable = breakable
        && item_start(&text).is_none()
        && text.match_indices(" | ").nth(1).is_none()
        && (width < LONG_WORD || !found.long_word);
    Measured { indent, text, width, prose, breakable, measurable }
}

/// The length in characters of the list-item or numbered-item start of `text`, if it opens with
/// one: `^(?:[•·▪◦‣►▸*+-]\s|\d{1,3}[.)]\s|\[\d+\]|#{1,6}\s)`.
pub fn item_start(text: &str) -> Option<usize> {
    let mut chars = ['\0'; 8]; // the first eight characters, read without an allocation
    let mut count = 0;
    for (slot, c) in chars.iter_mut().zip(text.chars()) {
        (*slot, count) = (c, count + 1);
    }
    let chars = &chars[..count];
    let at = |i: usize| chars.get(i).copied();
    let leading = |test: fn(char) -> bool| chars.iter().take_while(|&&c| test(c)).count();
    let first = at(0)?;
    if BULLETS.contains(first) && at(1).is_some_and(is_space) {
        return Some(2);
    }
    let digits = leading(is_decimal);
    if (1..=3).contains(&digits) && matches!(at(digits), Some('.' | ')')) && at(digits + 1).is_some_and(is_space) {
        return Some(digits + 2);
    }
    if first == '[' {
        let inner = text.chars().skip(1).take_while(|&c| is_decimal(c)).count();
        return (inner > 0 && text.chars().nth(inner + 1) == Some(']')).then_some(inner + 2);
    }
    let hashes = leading(|c| c == '#');
    ((1..=6).contains(&hashes) && at(hashes).is_some_and(is_space)).then_some(hashes + 1)
}

/// What one pass over a line's text finds: a letter (`alpha`), a wide character, a space;
/// a run of three spaces or more between two characters that are not white space
/// (`table_gap`: `\S {3,}\S`, columns of a table or form); a word (between white space) of
/// `LONG_WORD` characters or more, none of them wide (`long_word`: an address, which cannot
/// be cut); the display width.
/// - prose: words (a letter), and not a table or form row;
/// - breakable: prose a wrapper could have cut (a space or a wide character);
/// - measurable: breakable, not a list item's first line nor a table row (two " | "), without
///   a word too long to be cut: the lines whose widths tell the width they were wrapped at.
#[derive(Default)]
struct Scan {
    alpha: bool,
    wide: bool,
    space: bool,
    table_gap: bool,
    long_word: bool,
    width: usize,
}

fn scan(text: &str) -> Scan {
    let mut found = Scan::default();
    let (mut run, mut run_after_text) = (0usize, false); // a run of spaces, and whether text is before it
    let (mut word, mut word_wide) = (0usize, false); // the current word's length, and a wide character in it
    let mut before_is_text = false; // the character before is not white space
    for c in text.chars() {
        let (wide, space) = (is_wide(c), is_space(c));
        found.width += if wide { 2 } else { 1 };
        if c == ' ' {
            if run == 0 {
                run_after_text = before_is_text;
            }
            run += 1;
        } else {
            found.table_gap |= run >= 3 && run_after_text && !space;
            run = 0;
        }
        if space {
            found.long_word |= word >= LONG_WORD && !word_wide;
            (word, word_wide) = (0, false);
        } else {
            word += 1;
            word_wide |= wide;
            found.alpha = found.alpha || is_alpha(c);
        }
        found.wide |= wide;
        found.space |= c == ' ';
        before_is_text = !space;
    }
    found.long_word |= word >= LONG_WORD && !word_wide;
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_starts() {
        assert_eq!(item_start("• item"), Some(2));
        assert_eq!(item_start("12. point"), Some(4));
        assert_eq!(item_start("1234. no"), None);
        assert_eq!(item_start("[12] link"), Some(4));
        assert_eq!(item_start("[x] no"), None);
        assert_eq!(item_start("### Title"), Some(4));
        assert_eq!(item_start("####### no"), None);
        assert_eq!(item_start("-5 °C"), None);
        assert_eq!(item_start(""), None);
    }

    #[test]
    fn lines_read_and_measured() {
        let line = measure("\t  abc\t \n");
        assert_eq!((line.indent, line.text.as_ref(), line.width), (6, "abc", 9));
        assert_eq!(display_width("日本 a"), 6);
        let gap = |text: &str| scan(text).table_gap;
        assert!(gap("Name   Value") && !gap("   lead") && !gap("a   ") && !gap("a\u{a0}   b") && !gap("a  b"));
        assert!(measure("a plain line of prose").measurable && !measure("Name   Value here").measurable);
        assert!(!measure(&format!("see {}", "x".repeat(40))).measurable);
        assert!(measure(&format!("see {}", "x".repeat(39))).measurable);
        assert!(measure(&format!("{}日 see", "x".repeat(40))).measurable, "a word with a wide character can be cut");
        assert!(measure(&format!("{} see", "x".repeat(40))).width >= LONG_WORD);
        assert!(!measure("• an item").measurable && !measure("a | b | c").measurable && measure("a | b c").measurable);
        let unwide = measure("\u{3000}日本");
        assert_eq!((unwide.indent, unwide.width, unwide.breakable), (1, 6, true));
    }
}
