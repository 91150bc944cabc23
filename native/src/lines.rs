//! The measures of each block of a text dump, alone: words, stop words, sentence end, and
//! the short-line tests (date, name, image), then, for kept blocks, the surface measures.
//! `page` puts them together; `cleaner/textmode/features.py` is the Python side.

use std::ops::Range;

use crate::phrases::Compiled;
use crate::shapes;
use crate::spans;
use crate::surface;
use crate::words::{Lex, Table, PAD};

/// Lines up to this many words are looked at for dates, stamps, names and cues (`SHORT`).
pub const SHORT: f64 = 15.0;

/// One block's measures. `units` counts words, a Han or kana character as half a word.
#[derive(Default)]
pub struct Line {
    pub kept: bool,
    /// the line's range in the page's word spans, byte ranges in the lower-cased text (each
    /// Han or kana character a word)
    pub words: Range<usize>,
    pub units: f64,
    pub stop: f64,
    pub stop_share: f64,
    pub sent: f64,
    pub bullet: f64,
    pub date: f64,
    pub stamp: f64,
    pub cue: f64,
    pub name: f64,
    pub image: f64,
    pub tjoin: bool,
    pub keyed: bool,
    pub prose: bool,
    pub shape: (u8, bool, bool),
    pub sig: Option<u32>,
    /// the words' log-odds in the word table, added up
    pub lex: Lex,
    // surface measures, kept blocks only
    pub punct: f64,
    pub digits: f64,
    pub title: f64,
    pub indent: f64,
    pub glued: f64,
    pub colon: f64,
    pub echo: f64,
}

/// What the document and the phrase lists tell a line's measures.
pub struct Given<'a> {
    pub kept: bool,
    pub bullet: bool,
    pub indent: f64,
    /// a removed block removed as a comment
    pub comment_dropped: bool,
    /// a time of day or "... ago" (`Cues.stamp`), asked of lines up to `SHORT` words
    pub stamps: &'a Compiled,
    /// a comment heading or form line (`Cues.comment`), asked of kept lines up to 12 words
    pub cues: &'a Compiled,
    pub joins: &'a dyn Fn(&str) -> bool,
    pub name_ends: &'a [String],
}

/// The lower-case forms (`str.lower`) of a page's lines, in one buffer, followed by
/// `words::PAD` spaces (16 bytes can be read from any word's start: `words::Table::get_in`).
#[derive(Default)]
pub struct Lows {
    text: String,
    /// where each line's form ends in `text`
    ends: Vec<usize>,
}

impl Lows {
    /// The lower-case forms of `texts`.
    pub fn new<'a>(texts: impl ExactSizeIterator<Item = &'a str> + Clone) -> Lows {
        let size = texts.clone().map(str::len).sum::<usize>() + PAD; // most texts lower to as many bytes
        let mut lows = Lows { text: String::with_capacity(size), ends: Vec::with_capacity(texts.len()) };
        for text in texts {
            crate::chars::lower_into(text, &mut lows.text);
            lows.ends.push(lows.text.len());
        }
        lows.text.extend([' '; PAD]);
        lows
    }

    /// The bytes from line `j`'s start to the end of the buffer (its form, then more).
    pub fn from(&self, j: usize) -> &[u8] {
        &self.text.as_bytes()[if j == 0 { 0 } else { self.ends[j - 1] }..]
    }

    /// The lower-case form of line `j`.
    pub fn get(&self, j: usize) -> &str {
        let start = if j == 0 { 0 } else { self.ends[j - 1] };
        &self.text[start..self.ends[j]]
    }
}

/// A line's words (`words`: its range in the page's word spans), units, stop words and their
/// share, and its words' log-odds in the word table (`lex`).
pub struct Counted {
    pub words: Range<usize>,
    pub units: f64,
    pub stop: f64,
    pub share: f64,
    pub lex: Lex,
}

/// Words and units of `text` (`low`: its lower-case form), its stop words and its words'
/// log-odds (`table`). The words' byte ranges in `low` are appended to `spans` (a page's,
/// line after line).
/// `padded`: `low` and at least `words::PAD` bytes more (`Lows::from`).
pub fn count_words(text: &str, low: &str, padded: &[u8], table: &Table, spans: &mut Vec<(usize, usize)>) -> Counted {
    let first = spans.len();
    let cjk = if may_have_cjk(text) { text.chars().filter(|&c| shapes_cjk(c)).count() } else { 0 };
    let mut lex = Lex::default();
    if cjk == 0 {
        spans::push_word_spans(low, spans);
        let words = &spans[first..];
        let units = words.len() as f64;
        let mut stop = 0usize;
        for &(a, b) in words {
            let known = table.get_in(padded, a, b);
            stop += usize::from(known.stop);
            lex.add(known);
        }
        let stop = stop as f64;
        let share = if units > 0.0 { stop / units } else { 0.0 };
        return Counted { words: first..spans.len(), units, stop, share, lex };
    }
    let rest = spans::runs(low, |c| !shapes_cjk(c) && crate::chars::is_word(c));
    let mut buf = [0u8; 4];
    let stop_chars = text.chars().filter(|c| table.get(c.encode_utf8(&mut buf)).stop).count();
    let stop_rest = rest.iter().filter(|&&(a, b)| table.get(&low[a..b]).stop).count();
    let stop = (stop_chars + stop_rest) as f64;
    let units = rest.len() as f64 + cjk as f64 / 2.0;
    spans.extend(spans::cjk_word_spans(low));
    for &(a, b) in &spans[first..] {
        lex.add(table.get(&low[a..b]));
    }
    Counted { words: first..spans.len(), units, stop, share: stop / (cjk + rest.len()) as f64, lex }
}

/// Whether `text` has a byte that opens the UTF-8 of a Han or kana character (U+3040 to
/// U+9FFF: E3 to E9; U+F900 to U+FFEF: EF), a scan of the bytes alone.
fn may_have_cjk(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, 0xe3..=0xe9 | 0xef))
}

fn shapes_cjk(c: char) -> bool {
    crate::chars::is_cjk(c)
}

impl Line {
    /// The measures every block needs (kept or removed: the removed ones are context).
    /// `chars`: a buffer the line's characters are put in (kept from line to line).
    pub fn new(text: &str, low: &str, counted: Counted, given: &Given, chars: &mut Vec<char>) -> Line {
        let Counted { words, units, stop, share: stop_share, lex } = counted;
        chars.clear();
        if text.is_ascii() {
            chars.extend(text.bytes().map(char::from)); // sized: no check a character
        } else {
            chars.extend(text.chars());
        }
        let chars = &chars[..];
        let mut line = Line {
            kept: given.kept,
            words,
            units,
            stop,
            stop_share,
            lex,
            sent: flag(shapes::ends_sentence(text)),
            bullet: flag(given.bullet),
            ..Line::default()
        };
        if units <= SHORT {
            line.date = flag(shapes::has_date(chars));
            line.stamp = flag(given.stamps.search(text));
            line.cue = flag(if given.kept { units <= 12.0 && given.cues.search(text) } else { given.comment_dropped });
            line.name = flag(units > 0.0 && units <= 5.0 && shapes::is_name(text, chars, given.joins, given.name_ends));
            line.image = flag(units <= 12.0 && shapes::has_image(chars));
            line.keyed = units <= 12.0 && !low.is_empty();
        } else {
            line.tjoin = shapes::teaser_join(chars);
        }
        line.prose = units >= 12.0 && (line.sent > 0.0 || stop_share >= 0.2) && !line.tjoin;
        let bucket = if units <= 3.0 {
            0
        } else if units <= 16.0 {
            1
        } else if units <= 40.0 {
            2
        } else {
            3
        };
        line.shape = (bucket, given.bullet, line.sent > 0.0);
        if !line.prose {
            let size = ((units as u32) / 3).min(4);
            let bits = [line.date, line.stamp, line.name, line.bullet, line.sent, line.image];
            line.sig = Some(bits.iter().fold(size, |acc, &b| acc * 2 + (b > 0.0) as u32));
        }
        if given.kept {
            line.surface(text, chars, given.indent);
        }
        line
    }

    /// Punctuation, digits, capitals, indent, glued words, echo: for kept blocks.
    fn surface(&mut self, text: &str, chars: &[char], indent: f64) {
        let n_words = self.words.len();
        let counts = surface::counts(chars);
        self.punct = counts.punct as f64;
        let len = if chars.is_empty() { 1 } else { chars.len() };
        self.digits = counts.digits as f64 / len as f64;
        self.title = if n_words > 0 { counts.capitals as f64 / n_words as f64 } else { 0.0 };
        self.indent = indent;
        self.glued = if self.units > 3.0 { counts.glued as f64 } else { 0.0 };
        self.colon = flag(text.ends_with(':'));
        self.echo = flag(shapes::echo(chars));
    }
}

pub fn flag(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_han_or_kana_character_opens_with_a_byte_looked_for() {
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|&c| shapes_cjk(c)) {
            assert!(may_have_cjk(c.encode_utf8(&mut [0; 4])), "{c:?}");
        }
        assert!(!may_have_cjk("plain ├──┼── □ é Ж"));
    }
}
