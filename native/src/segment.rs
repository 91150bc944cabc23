//! A text dump cut into its non-blank lines, what `cleaner.stages.segment` makes blocks of.

use crate::chars::is_space;

/// One non-blank line: its 1-based number, the line as read, the line without the blank
/// characters at its ends, its indentation (the blank characters before it, tabs expanded to
/// `TAB_WIDTH` columns: `len(lead.expandtabs(4))`) and whether it opens with a bullet.
pub struct Line<'a> {
    pub number: usize,
    pub original: &'a str,
    pub stripped: &'a str,
    pub indent: usize,
    pub bullet: bool,
}

const TAB_WIDTH: usize = 4;
/// Bullets of a list item; '-' and '*' only before white space ("-5 °C", "*emphasis*" are none).
const BULLETS: &str = "•·▪◦‣►▸";

/// The non-blank lines of `text`, split on "\n" only; `blank` holds the characters a line may
/// have at its ends and still be blank (`str.strip(blank)`).
pub fn lines<'a>(text: &'a str, blank: &str) -> Vec<Line<'a>> {
    let is_blank = |c: char| blank.contains(c);
    text.split('\n')
        .enumerate()
        .filter_map(|(i, line)| {
            let stripped = line.trim_matches(is_blank);
            if stripped.is_empty() {
                return None;
            }
            let lead = &line[..line.len() - line.trim_start_matches(is_blank).len()];
            Some(Line {
                number: i + 1,
                original: line,
                stripped,
                indent: expanded_len(lead),
                bullet: opens_list(stripped),
            })
        })
        .collect()
}

/// `len(text.expandtabs(TAB_WIDTH))`: a tab runs to the next tab stop, a line break restarts the column.
fn expanded_len(text: &str) -> usize {
    let (mut column, mut len) = (0, 0);
    for c in text.chars() {
        let width = if c == '\t' { TAB_WIDTH - column % TAB_WIDTH } else { 1 };
        column = if matches!(c, '\n' | '\r') { 0 } else { column + width };
        len += width;
    }
    len
}

/// `^(?:[•·▪◦‣►▸]|[-*](?=\s))`: a bullet, or a dash or star before white space.
fn opens_list(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if BULLETS.contains(c) => true,
        Some('-' | '*') => chars.next().is_some_and(is_space),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_blank_lines_numbered_and_measured() {
        let found = lines("\u{a0}\n\t  • Item\r\n-5 °C\n\n* x\n", " \t\r\u{a0}");
        let got: Vec<_> = found.iter().map(|l| (l.number, l.stripped, l.indent, l.bullet)).collect();
        assert_eq!(got, vec![(2, "• Item", 6, true), (3, "-5 °C", 0, false), (5, "* x", 0, true)]);
        assert_eq!(found[0].original, "\t  • Item\r");
    }

    #[test]
    fn tabs_expand_to_the_next_stop() {
        assert_eq!(expanded_len("a\tb"), 5);
        assert_eq!(expanded_len(" \r\t"), 6);
        assert_eq!(expanded_len("\t\t"), 8);
    }
}
