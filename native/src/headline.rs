//! The measures of a text dump's headline candidates (`cleaner.headline`): each short line of
//! the page's header, its shape, its place, its neighbours, the words it shares with the
//! article, its copies on the page. Python picks the lines around the article's start, reads
//! the bylines and credits, and scores the rows; this computes them.

use std::borrow::Cow;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::article;
use crate::chars::{all_digits, is_alpha, is_digit, is_lower, is_space, is_upper, is_word, lower, upper_changes};
use crate::copies::{push_key, Copies};
use crate::shapes::{apostrophe_word_spans, single_spaced};

macro_rules! features {
    ($($name:ident),* $(,)?) => {
        /// A candidate's measures, by name: `F::words as usize` is the column of "words".
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        enum F { $($name),* }
        /// The measures' names, in the order of a row (`cleaner.headline.FEATURES`).
        pub const FEATURES: &[&str] = &[$(stringify!($name)),*];
    };
}

features!(
    words,
    short,
    three_four,
    mid,
    long,
    chars,
    name_like,
    end_question,
    end_other_punct,
    last_stop,
    first_upper,
    first_lower,
    first_digit,
    first_quote,
    caps_share,
    all_caps,
    stop_share,
    digit_share,
    bullet,
    separator,
    dist_up,
    above_near,
    past_start,
    words_between,
    nearest_shaped,
    shaped_rank,
    kept,
    dropped_junk,
    dropped_other,
    page_top,
    candidates,
    next_paragraph,
    next_lower,
    prev_short,
    next_short,
    prev_kicker,
    next_dek,
    prev_dek,
    gap_before,
    gap_after,
    repeat_equal,
    repeat_inside,
    body_overlap,
    body_cover,
    byline_below,
    byline_above,
);

pub type Row = [f64; FEATURES.len()];

const PARAGRAPH_WORDS: usize = 15;
const MAX_WORDS: usize = 40;
const SENTENCE_ENDS: &str = ".!?…»\"”)";
const OPENERS: &str = "«\"“'‘„¿¡([‹";

/// How a block of the page stands: dropped as junk, dropped otherwise, or kept.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    No,
    Junk,
    Other,
}

/// What Python gives of each block of the window around the candidates.
#[derive(Clone, Copy)]
pub struct Block {
    pub n_words: usize,
    pub list_item: bool,
    pub dropped: Dropped,
    pub lines: Option<(i64, i64)>,
    /// a photo credit is in its text
    pub credit: bool,
    /// a byline or date line
    pub byline: bool,
}

/// The page, as far as the candidates need it. Indexes are the page's block indexes.
pub struct Page<'a> {
    /// index of the first block of `span`
    pub first: usize,
    /// the blocks' texts, as read, from `first` on: every candidate, and the lines its copies are looked for in
    pub span: &'a [&'a str],
    /// index of the first block of `window`
    pub window_start: usize,
    /// the blocks from three before the first candidate to three after the last
    pub window: &'a [Block],
    /// the candidates are the lines from `lo` to `hi` (excluded), but `start`: the article's first paragraph
    pub lo: usize,
    pub start: usize,
    pub hi: usize,
    /// how many blocks the page has
    pub n_blocks: usize,
    /// the kept blocks' texts from `start` on, the article's words read from
    pub body: &'a [&'a str],
    pub stopwords: &'a FxHashSet<String>,
}

/// `cleaner.text.ends_sentence`: the last character, white space stripped, ends a sentence.
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(is_space).chars().next_back().is_some_and(|c| SENTENCE_ENDS.contains(c))
}

fn opens_lower(text: &str) -> bool {
    text.chars().next().is_some_and(is_lower)
}

/// `https?://|www\.|@\w|\[[^\[\]]{0,120}\]`: an address, a handle, a bracketed link or label.
fn has_link_mark(text: &str) -> bool {
    if text.contains("http://") || text.contains("https://") || text.contains("www.") {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| match c {
        '@' => chars.get(i + 1).is_some_and(|&n| is_word(n)),
        '[' => chars[i + 1..].iter().take(121).find(|&&n| n == '[' || n == ']') == Some(&']'),
        _ => false,
    })
}

/// Why a line (`text`, as read) can never be the headline, whatever it scores (None when it
/// may be): a photo "caption" credit (`credit`: one is in it), a "link" (an address, a
/// bracketed link or image label), a "sentence" (ending with a full stop), a "clause" (ending
/// with a comma, semicolon or colon), or half a sentence "continued" on the next line
/// (`after`), which opens in lower case.
pub fn veto(text: &str, credit: bool, after: Option<&str>) -> Option<&'static str> {
    let text = text.trim_end_matches(is_space);
    if credit {
        Some("caption")
    } else if has_link_mark(text) {
        Some("link")
    } else if text.ends_with('.') && !text.ends_with("..") {
        Some("sentence")
    } else if text.ends_with([',', ';', ':']) {
        Some("clause")
    } else if after.is_some_and(opens_lower) && !ends_sentence(text) {
        Some("continued")
    } else {
        None
    }
}

/// `\s[|•·»›>/]\s|\s[-–—]\s`: a separator between spaces.
fn has_separator(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(3).any(|w| is_space(w[0]) && "|•·»›>/-–—".contains(w[1]) && is_space(w[2]))
}

impl Page<'_> {
    fn raw(&self, k: usize) -> &str {
        self.span[k - self.first]
    }

    fn block(&self, k: usize) -> &Block {
        &self.window[k - self.window_start]
    }

    fn is_paragraph(&self, k: usize) -> bool {
        self.block(k).n_words >= PARAGRAPH_WORDS && ends_sentence(self.raw(k))
    }

    fn vetoed(&self, k: usize) -> bool {
        let after = Some(k + 1).filter(|&a| a < self.n_blocks).map(|a| self.raw(a));
        veto(self.raw(k), self.block(k).credit, after).is_some()
    }

    /// `cleaner.headline._dek`: a line shaped like a standfirst.
    fn dek(&self, k: usize) -> bool {
        let n = self.block(k).n_words;
        (6..=MAX_WORDS).contains(&n) && !self.is_paragraph(k) && !opens_lower(self.raw(k))
    }

    /// 1.0 when a blank line (or more) separates two blocks of the input, else 0.0.
    fn gap(&self, a: Option<usize>, b: Option<usize>) -> f64 {
        match (a.and_then(|a| self.block(a).lines), b.and_then(|b| self.block(b).lines)) {
            (Some(a), Some(b)) => f64::from(u8::from(b.0 - a.1 > 1)),
            _ => 1.0,
        }
    }
}

/// `cleaner.headline.HeadlineModel.score`: `bias + sum(map(operator.mul, weights, row))`, the
/// products added left to right from 0 as CPython 3.11's `sum` adds floats (a plain double
/// sum), then the bias: the same operations in the same order, the same bits.
pub fn score(row: &[f64], weights: &[f64], bias: f64) -> f64 {
    bias + weights.iter().zip(row).fold(0.0, |sum, (w, x)| sum + w * x)
}

fn flag(on: bool) -> f64 {
    f64::from(u8::from(on))
}

fn share(count: usize, of: usize) -> f64 {
    count as f64 / of as f64
}

/// The candidates' rows, nearest the article's start first above it, then those below it:
/// (the block's index, its row in `FEATURES` order).
pub fn rows(page: &Page) -> Vec<(usize, Row)> {
    // the article's first paragraph is no candidate
    let lines: Vec<Option<Line>> =
        (page.lo..page.hi).map(|pos| if pos == page.start { None } else { Line::new(page, pos) }).collect();
    let mut wanted: FxHashMap<String, bool> = FxHashMap::default();
    for line in lines.iter().flatten() {
        wanted.extend(line.content(page.stopwords).map(|w| (w.clone(), false)));
    }
    if !wanted.is_empty() {
        article::mark_words(page.body, &mut wanted);
    }
    let measures = Measures { page, lines, copies: Copies::new(page.span), body: wanted };
    let mut out = Vec::new();
    let (mut shaped_seen, mut between) = (0usize, 0usize);
    for pos in (page.lo..page.start).rev() {
        let row = measures.row(pos, between);
        between += page.block(pos).n_words;
        if let Some(mut row) = row {
            let shaped = row[F::first_lower as usize] == 0.0 && row[F::short as usize] == 0.0;
            row[F::nearest_shaped as usize] = flag(shaped && shaped_seen == 0);
            row[F::shaped_rank as usize] = if shaped { share(shaped_seen.min(5), 5) } else { 1.0 };
            shaped_seen += usize::from(shaped);
            out.push((pos, row));
        }
    }
    for pos in page.start + 1..page.hi {
        if let Some(mut row) = measures.row(pos, 0) {
            row[F::shaped_rank as usize] = 1.0;
            out.push((pos, row));
        }
    }
    let many = (out.len() as f64).ln_1p() / 4.0; // the more lines compete, the likelier one is the headline
    for (_, row) in &mut out {
        row[F::candidates as usize] = many;
    }
    out
}

/// A line of the header, as its measures read it: single-spaced, its words and their lower case.
struct Line<'a> {
    text: Cow<'a, str>,
    words: Vec<(usize, usize)>,
    lowered: Vec<String>,
}

impl<'a> Line<'a> {
    /// The line at `pos`, None when it is no candidate (`cleaner.headline._measure`): a
    /// paragraph, a line of no words or too many, a vetoed line, a byline.
    fn new(page: &Page<'a>, pos: usize) -> Option<Self> {
        // the cheap tests first: a byline, a paragraph need no words read
        if page.block(pos).byline || page.is_paragraph(pos) {
            return None;
        }
        let text = single_spaced(page.span[pos - page.first]);
        let words = apostrophe_word_spans(&text);
        let n = words.len();
        if !(1..=MAX_WORDS).contains(&n) || page.vetoed(pos) {
            return None;
        }
        let lowered = words.iter().map(|&(a, b)| lower(&text[a..b])).collect();
        Some(Line { text, words, lowered })
    }

    /// Its words that weigh in what it shares with the article: no stop words, no numbers.
    fn content<'b>(&'b self, stopwords: &'b FxHashSet<String>) -> impl Iterator<Item = &'b String> {
        self.lowered.iter().filter(|w| !stopwords.contains(*w) && !all_digits(w))
    }
}

struct Measures<'a> {
    page: &'a Page<'a>,
    /// the lines `page.lo` to `page.hi` (but `page.start`)
    lines: Vec<Option<Line<'a>>>,
    copies: Copies<'a>,
    /// the candidates' words, and whether the article has them
    body: FxHashMap<String, bool>,
}

impl Measures<'_> {
    /// The row of the block at `pos` (`between`: the words between it and the article's
    /// start), None when it is no candidate (see `Line::new`).
    fn row(&self, pos: usize, between: usize) -> Option<Row> {
        let page = self.page;
        let line = self.lines[pos - page.lo].as_ref()?;
        let text = &line.text;
        let n = line.words.len();
        let block = page.block(pos);
        let words: Vec<&str> = line.words.iter().map(|&(a, b)| &text[a..b]).collect();
        let lowered = &line.lowered;
        let stop = |w: &String| page.stopwords.contains(w);
        let (first, last) = (text.chars().next()?, text.chars().next_back()?);
        let caps = words.iter().filter(|w| w.chars().next().is_some_and(is_upper)).count();
        let content: Vec<&String> = line.content(page.stopwords).collect();
        let in_body = content.iter().filter(|w| self.body.get(w.as_str()) == Some(&true)).count();
        let mut key = String::with_capacity(text.len());
        push_key(&mut key, text, usize::MAX);
        let (count, holding) = self.copies.count(&key);
        let prev = pos.checked_sub(1);
        let next = Some(pos + 1).filter(|&k| k < page.n_blocks);
        let around = pos.saturating_sub(3)..pos;
        let after = pos + 1..page.n_blocks.min(pos + 4);
        let short_share =
            |range: std::ops::Range<usize>| share(range.filter(|&k| page.block(k).n_words <= 4).count(), 3);
        let mut row: Row = [0.0; FEATURES.len()];
        let mut set = |f: F, value: f64| row[f as usize] = value;
        set(F::words, share(n.min(30), 30));
        set(F::short, flag(n <= 2));
        set(F::three_four, flag((3..=4).contains(&n)));
        set(F::mid, flag((5..=15).contains(&n)));
        set(F::long, flag(n > 20));
        set(F::chars, share(text.chars().count().min(300), 300));
        set(F::name_like, flag((2..=4).contains(&n) && caps == n && !words.iter().any(|w| all_digits(w))));
        set(F::end_question, flag("?!".contains(last)));
        set(F::end_other_punct, flag("-–—|/…".contains(last) || text.ends_with("...")));
        set(F::last_stop, flag(stop(&lowered[n - 1]) && n > 1));
        set(F::first_upper, flag(is_upper(first)));
        set(F::first_lower, flag(is_lower(first)));
        set(F::first_digit, flag(is_digit(first)));
        set(F::first_quote, flag(OPENERS.contains(first)));
        set(F::caps_share, share(caps, n));
        set(F::all_caps, flag(!text.chars().any(upper_changes) && text.chars().any(is_alpha)));
        set(F::stop_share, share(lowered.iter().filter(|w| stop(w)).count(), n));
        set(F::digit_share, share(lowered.iter().filter(|w| all_digits(w)).count(), n));
        set(F::bullet, flag(block.list_item));
        set(F::separator, flag(has_separator(text)));
        set(F::dist_up, if pos < page.start { share((page.start - pos).min(30), 30) } else { 0.0 });
        set(F::above_near, flag(pos < page.start && page.start - pos <= 3));
        set(F::past_start, flag(pos > page.start));
        set(F::words_between, (between as f64).ln_1p() / 6.0);
        set(F::kept, flag(block.dropped == Dropped::No));
        set(F::page_top, flag(pos == 0));
        set(F::dropped_junk, flag(block.dropped == Dropped::Junk));
        set(F::dropped_other, flag(block.dropped == Dropped::Other));
        set(F::next_paragraph, flag(next.is_some_and(|k| page.is_paragraph(k))));
        set(F::next_lower, flag(next.is_some_and(|k| opens_lower(page.raw(k)))));
        set(F::prev_short, short_share(around.clone()));
        set(F::next_short, short_share(after.clone()));
        set(
            F::prev_kicker,
            flag(prev.is_some_and(|k| (1..=6).contains(&page.block(k).n_words) && !ends_sentence(page.raw(k)))),
        );
        set(F::next_dek, flag(next.is_some_and(|k| page.dek(k))));
        set(F::prev_dek, flag(prev.is_some_and(|k| page.dek(k))));
        set(F::gap_before, page.gap(prev, Some(pos)));
        set(F::gap_after, page.gap(Some(pos), next));
        set(F::repeat_equal, share((count - 1).min(3), 3));
        let inside = if n >= 3 { (holding as i64 - count as i64).min(3) as f64 / 3.0 } else { 0.0 };
        set(F::repeat_inside, inside);
        set(F::body_overlap, if content.is_empty() { 0.0 } else { share(in_body, content.len()) });
        set(F::body_cover, share(in_body.min(10), 10));
        set(F::byline_below, flag(after.into_iter().any(|k| page.block(k).byline)));
        set(F::byline_above, flag(around.into_iter().any(|k| page.block(k).byline)));
        Some(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_marks_and_separators() {
        assert!(has_link_mark("see www.example.org") && has_link_mark("@jane") && has_link_mark("[Photo]"));
        assert!(
            !has_link_mark("@ home") && !has_link_mark("[a [b") && !has_link_mark(&format!("[{}]", "x".repeat(121)))
        );
        assert!(has_link_mark(&format!("[{}]", "x".repeat(120))));
        assert!(has_separator("News | World") && has_separator("A — B") && !has_separator("A—B"));
    }

    #[test]
    fn scores_add_left_to_right() {
        assert_eq!(score(&[1.0, 2.0], &[0.5, 0.25], 1.0), 2.0);
        assert_eq!(score(&[1e16, 1.0, -1e16], &[1.0, 1.0, 1.0], 0.0), 0.0); // (1e16 + 1) - 1e16, as Python adds
        assert_eq!(score(&[1.0, 2.0, 3.0], &[1.0], -0.5), 0.5); // `zip` stops at the shorter
    }
}
