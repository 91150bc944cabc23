//! The measures of a hard-wrapped dump's lines (`cleaner.wrapping`): display widths, and
//! whether a line is prose a wrapper could have cut, and so tells the width it was cut at.

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

/// A raw line as wrapping reads it: its indentation (columns), its text (without the
/// indentation and the trailing white space, tabs expanded) and its display width.
pub fn read(raw: &str) -> (usize, String, usize) {
    let raw = expand_tabs(raw.trim_end_matches(is_space));
    let text = raw.trim_start_matches(is_space);
    let indent = raw.chars().count() - text.chars().count();
    (indent, text.to_string(), display_width(&raw))
}

/// The length in characters of the list-item or numbered-item start of `text`, if it opens with
/// one: `^(?:[•·▪◦‣►▸*+-]\s|\d{1,3}[.)]\s|\[\d+\]|#{1,6}\s)`.
pub fn item_start(text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().take(8).collect();
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

/// `\S {3,}\S`: columns of a table or form, laid out with spaces.
fn has_table_gap(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            let run = chars[i..].iter().take_while(|&&c| c == ' ').count();
            if run >= 3 && i > 0 && !is_space(chars[i - 1]) && chars.get(i + run).is_some_and(|&c| !is_space(c)) {
                return true;
            }
            i += run;
        } else {
            i += 1;
        }
    }
    false
}

/// Words: a letter, and not a table or form row (cells set apart by runs of spaces).
pub fn prose(text: &str) -> bool {
    text.chars().any(is_alpha) && !has_table_gap(text)
}

/// Prose a wrapper could have cut: it has a space or a wide character.
pub fn breakable(text: &str) -> bool {
    prose(text) && (text.contains(' ') || text.chars().any(is_wide))
}

/// Breakable, not a list item's first line nor a table row, without a word too long to be cut:
/// the lines whose widths (`width`: the whole line's) tell the width they were wrapped at.
pub fn measurable(text: &str, width: usize) -> bool {
    if !breakable(text) || item_start(text).is_some() || text.matches(" | ").count() >= 2 {
        return false;
    }
    width < LONG_WORD
        || !text.split(is_space).any(|word| {
            let len = word.chars().count();
            len >= LONG_WORD && display_width(word) == len
        })
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
        assert_eq!(read("\t  abc\t \n"), (6, "abc".to_string(), 9));
        assert_eq!(display_width("日本 a"), 6);
        assert!(has_table_gap("Name   Value") && !has_table_gap("   lead") && !has_table_gap("a   "));
        assert!(measurable("a plain line of prose", 21) && !measurable("Name   Value here", 17));
        assert!(
            !measurable(&format!("see {}", "x".repeat(40)), 44) && measurable(&format!("see {}", "x".repeat(39)), 43)
        );
    }
}
