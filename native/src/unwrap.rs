//! Which lines of a hard-wrapped dump are one paragraph (`cleaner.wrapping`, the `unwrap` stage).
//!
//! A wrapper cuts each paragraph where the next word would not have fitted: no line of prose is
//! wider than the width, and the first word of the next line would have overflowed the line
//! before it. `wrap_width` finds a width that many line breaks of the text explain that way
//! and that (almost) no line exceeds; `paragraph_runs` groups the lines cut at that width with
//! the lines they continue. Widths are display columns (a wide character takes two), and CJK
//! text is cut between any two characters.

use crate::chars::{is_space, is_wide};
use crate::wrapping::{display_width, item_start, measure, Measured};

/// Narrower "widths" are lists of short lines, not wrapping.
const MIN_WIDTH: usize = 30;
/// Wider: a renderer's line limit (w3m cuts at 1023), not a dump's width.
pub const MAX_WIDTH: usize = 250;
/// Cuts at the width needed before a text counts as wrapped.
const MIN_BREAKS: usize = 3;
/// Of the lines within `NEAR` columns of the width, the share cut there.
const MIN_BREAK_SHARE: f64 = 0.3;
const NEAR: usize = 12;
/// Prose lines allowed past the width (a long word or URL cannot be cut).
pub const OVERFLOW_SHARE: f64 = 0.02;

/// One input line: its 1-based number in the input and its reading (`wrapping::measure`).
pub struct Line<'a> {
    pub number: usize,
    pub read: Measured<'a>,
}

/// The lines `raws` (numbered `numbers`) read and measured.
pub fn read_lines<'a>(numbers: &[usize], raws: &'a [impl AsRef<str>]) -> Vec<Line<'a>> {
    numbers.iter().zip(raws).map(|(&number, raw)| Line { number, read: measure(raw.as_ref()) }).collect()
}

/// `below` is the next input line after `line`, with no blank line between.
fn follows(line: &Line, below: &Line) -> bool {
    below.number == line.number + 1
}

/// `^[-–—*+]\s+[a-zà-ÿ]`: a dash or star starting a line inside a sentence ("... in
/// Österreich\n- und umgekehrt.").
fn dash_goes_on(text: &str) -> bool {
    let mut chars = text.chars();
    if !chars.next().is_some_and(|c| "-–—*+".contains(c)) {
        return false;
    }
    let mut spaces = 0;
    for c in chars {
        if is_space(c) {
            spaces += 1;
            continue;
        }
        return spaces > 0 && (c.is_ascii_lowercase() || ('à'..='ÿ').contains(&c));
    }
    false
}

/// `[.!?:;…]['"’”»)]*$`: a sentence end, maybe followed by closing quotes or brackets.
fn sentence_end(text: &str) -> bool {
    text.trim_end_matches(['\'', '"', '’', '”', '»', ')']).ends_with(['.', '!', '?', ':', ';', '…'])
}

/// `line` opens a list item (`item_start`), unless it is a dash going on with the sentence above.
fn starts_item(above: &Line, line: &Line) -> bool {
    item_start(&line.read.text).is_some() && (!dash_goes_on(&line.read.text) || sentence_end(&above.read.text))
}

/// Columns a line's first word would have taken on the line above (a wide character is a word
/// of its own: CJK text is cut anywhere); a word ends at a space or a tab (a no-break space
/// holds it together).
fn first_word_width(text: &str) -> usize {
    match text.chars().next() {
        Some(c) if is_wide(c) => 2,
        _ => display_width(text.split([' ', '\t']).next().unwrap_or("")),
    }
}

/// `below`'s first word would not have fitted at the end of `line`.
fn cut_at(line: &Line, below: &Line, width: usize) -> bool {
    let (text, next) = (&line.read.text, &below.read.text);
    let glued = next.chars().next().is_some_and(is_wide) && text.chars().next_back().is_some_and(is_wide);
    line.read.width + usize::from(!glued) + first_word_width(next) > width
}

/// The width the text was wrapped at, or None when it does not look wrapped.
pub fn wrap_width(lines: &[Line]) -> Option<usize> {
    let mut widths: Vec<usize> = lines.iter().filter(|l| l.read.measurable).map(|l| l.read.width).collect();
    if widths.len() < MIN_BREAKS + 1 {
        return None;
    }
    widths.sort_unstable_by(|a, b| b.cmp(a));
    let allowed = (widths.len() as f64 * OVERFLOW_SHARE) as usize;
    let width = widths[allowed.min(widths.len() - 1)];
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&width) {
        return None;
    }
    let (mut near, mut breaks) = (0usize, 0usize);
    for pair in lines.windows(2) {
        let (line, below) = (&pair[0], &pair[1]);
        if !(line.read.breakable && width - NEAR <= line.read.width && line.read.width <= width) {
            continue;
        }
        near += 1;
        if follows(line, below) && below.read.prose && !starts_item(line, below) && cut_at(line, below, width) {
            breaks += 1;
        }
    }
    (breaks >= MIN_BREAKS && breaks as f64 >= MIN_BREAK_SHARE * near as f64).then_some(width)
}

/// `line` goes on with the paragraph of `above` (cut at `width`): no blank line between, both
/// prose, not a list item, at an indentation the paragraph's lines may have (`hang`).
fn continues(above: &Line, line: &Line, width: usize, hang: (usize, usize)) -> bool {
    follows(above, line)
        && above.read.prose
        && line.read.prose
        && above.read.width <= width
        && (line.read.indent == hang.0 || line.read.indent == hang.1)
        && !starts_item(above, line)
        && cut_at(above, line, width)
}

/// Positions in `lines` grouped into paragraphs: a line joins the one above when that one was
/// cut at `width` and this one continues it. A list item's lines go on under its text (w3m,
/// lynx) or under its bullet (a plain wrap).
pub fn paragraph_runs(lines: &[Line], width: usize) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut hang = (0, 0);
    for (pos, line) in lines.iter().enumerate() {
        if let Some(run) = runs.last_mut() {
            if continues(&lines[pos - 1], line, width, hang) {
                run.push(pos);
                continue;
            }
        }
        runs.push(vec![pos]);
        let item = if pos == 0 || starts_item(&lines[pos - 1], line) { item_start(&line.read.text) } else { None };
        let text = &line.read.text;
        let under_text = match item {
            Some(chars) if !text.starts_with('[') => {
                let end = text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
                display_width(&text[..end])
            }
            _ => 0,
        };
        hang = (line.read.indent, line.read.indent + under_text);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(raws: &[&str]) -> Vec<Line<'static>> {
        let numbers: Vec<usize> = (1..=raws.len()).collect();
        let raws: Vec<&'static str> = raws.iter().map(|r| &*Box::leak(r.to_string().into_boxed_str())).collect();
        read_lines(&numbers, Box::leak(raws.into_boxed_slice()))
    }

    #[test]
    fn line_starts_and_ends() {
        assert!(
            dash_goes_on("- und umgekehrt")
                && dash_goes_on("—\u{a0}à")
                && !dash_goes_on("- Und")
                && !dash_goes_on("-und")
        );
        assert!(sentence_end("la fin.»)") && sentence_end("Quoi ?") && !sentence_end("suite") && !sentence_end(")"));
        assert_eq!(
            (first_word_width("日本"), first_word_width("word\u{a0}glued next"), first_word_width("")),
            (2, 10, 0)
        );
    }

    #[test]
    fn a_wrapped_paragraph_is_found_and_joined() {
        let text = "The river that runs through the old town rose by almost two metres during the
night, and by morning the lower streets near the market were under water up to
the doors. Residents who had been warned on Friday moved their cars to higher
ground, but many shops on the quay could not empty their cellars in time, the
mayor said at a press conference that evening.";
        let read = lines(&text.lines().collect::<Vec<_>>());
        let width = wrap_width(&read).expect("wrapped");
        assert!((76..=80).contains(&width), "{width}");
        assert_eq!(paragraph_runs(&read, width), vec![vec![0, 1, 2, 3, 4]]);
        assert_eq!(wrap_width(&lines(&["Home", "News", "Sport"])), None);
    }
}
