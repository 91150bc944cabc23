//! What one line of text looks like: the pattern tests of the text model's measures,
//! each written as a scan that finds what the Python regex in its comment found.

use std::borrow::Cow;

use crate::chars::{
    folds_to, is_alpha, is_capital, is_decimal, is_latin_lower, is_latin_upper, is_space, is_upper, is_word,
};

/// Full stops, question marks... that end a sentence (`SENT_ENDS`).
const SENT_ENDS: &str = ".!?…。！？";
/// Closing marks stripped before the end is looked at (`CLOSERS`).
const CLOSERS: &str = "\"'”’»)]";
/// The full-width punctuation counted with `,.;:` (`WIDE_PUNCT`).
const WIDE_PUNCT: &str = "，。；：、";

/// How many matches CPython's `\w+(?:['’]\w+)*` finds in `text` (`cleaner.text.WORD`): runs
/// of word characters, an apostrophe between two word characters joining them.
pub fn apostrophe_words(text: &str) -> usize {
    let (mut count, mut in_word, mut joined) = (0, false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_word(c) {
            count += usize::from(!in_word && !joined);
            (in_word, joined) = (true, false);
        } else {
            joined = in_word && matches!(c, '\'' | '’') && chars.peek().is_some_and(|&n| is_word(n));
            in_word = false;
        }
    }
    count
}

/// The bullets `cleaner.patterns.norm` takes off a line's start; '-' only before white space.
pub const BULLETS: &str = "•·▪►▸*";

/// A text (already NFC) as phrase lists see it (`cleaner.patterns.norm`): straight apostrophes
/// for ’ ‘ and `, spaces for the no-break spaces, one leading bullet off, white space (CPython's,
/// `str.split`'s) made single spaces, stripped.
pub fn phrase_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // ’ ‘ ` (made apostrophes) are no white space and no bullet, the no-break spaces are spaces
    // either way: the start is read on `text` itself
    let rest = text.trim_start_matches(is_space);
    let mut chars = rest.chars();
    let rest = match chars.next() {
        Some(c) if BULLETS.contains(c) => chars.as_str(),
        Some('-') => {
            if !chars.as_str().starts_with(is_space) {
                out.push('-');
            }
            chars.as_str()
        }
        _ => rest,
    };
    push_phrase_spaced(&mut out, rest);
    out
}

/// `push_single_spaced` of `text`'s characters with ’ ‘ and ` made straight apostrophes: the
/// runs of characters that stay as they are copied at once (only a character that may be
/// white space or an apostrophe, ASCII or led by the bytes C2, E1, E2, E3, is decoded).
fn push_phrase_spaced(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let (mut space, mut run, mut i) = (false, 0, 0);
    while i < bytes.len() {
        // the character at `i`: its width, and whether it is white space or an apostrophe
        let (width, is_white, apostrophe) = match bytes[i] {
            b' ' | b'\t'..=b'\r' | 0x1c..=0x1f => (1, true, false),
            b'`' => (1, false, true),
            0xc2 | 0xe1..=0xe3 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.len_utf8(), is_space(c), matches!(c, '’' | '‘'))
            }
            _ => {
                i += 1;
                continue;
            }
        };
        if is_white || apostrophe {
            if run < i {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push_str(&text[run..i]);
            }
            if is_white {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push('\'');
            }
            run = i + width;
        }
        i += width;
    }
    if run < bytes.len() {
        if space {
            out.push(' ');
        }
        out.push_str(&text[run..]);
    }
}

/// `text` with its runs of white space (CPython's, `str.split`'s) made one space, stripped:
/// `" ".join(text.split())`.
pub fn single_spaced(text: &str) -> Cow<'_, str> {
    let mut before = ' '; // a space first is stripped
    let spaced = text.chars().all(|c| {
        let fine = if is_space(c) { c == ' ' && before != ' ' } else { true };
        before = c;
        fine
    });
    if spaced && before != ' ' {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    push_single_spaced(&mut out, text.chars());
    Cow::Owned(out)
}

/// Appends `chars` to `out` single-spaced: no space first (when `out` is empty) or last.
fn push_single_spaced(out: &mut String, chars: impl Iterator<Item = char>) {
    let mut space = false;
    for c in chars {
        if is_space(c) {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
}

/// Byte ranges of the matches of CPython's `\w+(?:['’]\w+)*` in `text` (`cleaner.text.words`).
pub fn apostrophe_word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut after_word = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word(c) {
            let end = i + c.len_utf8();
            current = Some(current.map_or((i, end), |(start, _)| (start, end)));
            after_word = true;
        } else {
            let joins = after_word && matches!(c, '\'' | '’') && chars.peek().is_some_and(|&(_, n)| is_word(n));
            if !joins {
                out.extend(current.take());
            }
            after_word = false;
        }
    }
    out.extend(current);
    out
}

/// `ends_sentence(text, SENT_ENDS, CLOSERS)`: the last character once closing marks are
/// stripped ends a sentence.
pub fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(|c| CLOSERS.contains(c)).chars().next_back().is_some_and(|c| SENT_ENDS.contains(c))
}

fn boundary_before(chars: &[char], i: usize) -> bool {
    i == 0 || !is_word(chars[i - 1])
}

fn boundary_after(chars: &[char], end: usize) -> bool {
    end >= chars.len() || !is_word(chars[end])
}

fn decimal_run(chars: &[char], from: usize) -> usize {
    chars[from..].iter().take_while(|&&c| is_decimal(c)).count()
}

/// `\b(?:19|20)\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b`: a year or a numeric date.
pub fn has_date(chars: &[char]) -> bool {
    (0..chars.len()).any(|i| {
        if !is_decimal(chars[i]) || !boundary_before(chars, i) {
            return false;
        }
        let year = i + 4 <= chars.len()
            && matches!((chars[i], chars[i + 1]), ('1', '9') | ('2', '0'))
            && is_decimal(chars[i + 2])
            && is_decimal(chars[i + 3])
            && boundary_after(chars, i + 4);
        year || numeric_date(chars, i)
    })
}

fn numeric_date(chars: &[char], i: usize) -> bool {
    let mut at = i;
    for _ in 0..2 {
        let run = decimal_run(chars, at);
        if !(1..=2).contains(&run) || at + run >= chars.len() || !matches!(chars[at + run], '/' | '.' | '-') {
            return false;
        }
        at += run + 1;
    }
    let run = decimal_run(chars, at);
    (2..=4).contains(&run) && boundary_after(chars, at + run)
}

/// `\.(?:jpe?g|png|gif|webp|svg)\b|^\[[^\]]*\]$` (ignoring case): an image file name, or a
/// line that is one bracketed label.
pub fn has_image(chars: &[char]) -> bool {
    let n = chars.len();
    if n >= 2 && chars[0] == '[' && chars[n - 1] == ']' && !chars[1..n - 1].contains(&']') {
        return true;
    }
    const EXTENSIONS: [&str; 6] = ["jpeg", "jpg", "png", "gif", "webp", "svg"];
    (0..n).filter(|&i| chars[i] == '.').any(|i| {
        EXTENSIONS.iter().any(|ext| {
            let end = i + 1 + ext.len();
            end <= n
                && ext.chars().zip(&chars[i + 1..end]).all(|(letter, &c)| folds_to(c, letter))
                && boundary_after(chars, end)
        })
    })
}

/// `(?<!\S)[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]`: how many words open with a capital.
pub fn capitals(chars: &[char]) -> usize {
    (0..chars.len()).filter(|&i| is_capital(chars[i]) && (i == 0 || is_space(chars[i - 1]))).count()
}

/// `(?<=[a-zà-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])`: places where a lower-case letter is glued
/// to a capitalised word ("KremlinParti").
pub fn glued(chars: &[char]) -> usize {
    chars.windows(3).filter(|w| is_latin_lower(w[0]) && is_latin_upper(w[1]) && is_latin_lower(w[2])).count()
}

/// `,.;:` and the full-width ones (`，。；：、`).
pub fn punctuation(text: &str) -> usize {
    text.chars().filter(|&c| matches!(c, ',' | '.' | ';' | ':') || WIDE_PUNCT.contains(c)).count()
}

fn numbering_class(c: char) -> bool {
    is_decimal(c) || matches!(c, '.' | ')' | ']' | '#' | '-') || is_space(c)
}

/// The next match of `^[\d.)\]#\s-]+|\[[^\][]*\]` at or after `from`, as a char range.
fn numbering_at(chars: &[char], from: usize) -> Option<(usize, usize)> {
    if from == 0 {
        let run = chars.iter().take_while(|&&c| numbering_class(c)).count();
        if run > 0 {
            return Some((0, run));
        }
    }
    // a bracketed number: each '[' from `from` on, to the next ']' with no '[' between
    let mut start = from;
    while let Some(k) = chars.get(start..)?.iter().position(|&c| c == '[') {
        let open = start + k;
        if let Some(len) = chars[open + 1..].iter().position(|&c| c == ']' || c == '[') {
            if chars[open + 1 + len] == ']' {
                return Some((open, open + len + 2));
            }
        }
        start = open + 1;
    }
    None
}

/// `NUMBERING.sub("", text, count)`: a list number or bracketed link number taken out (all of
/// them when `count` is 0).
pub fn strip_numbering(chars: &[char], count: usize) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut at = 0;
    let mut done = 0;
    while count == 0 || done < count {
        let Some((start, end)) = numbering_at(chars, at) else { break };
        out.extend_from_slice(&chars[at..start]);
        at = end;
        done += 1;
    }
    out.extend_from_slice(&chars[at..]);
    out
}

/// A line that says its first words again ("Title hereTitle here"): a link and its label.
pub fn echo(chars: &[char]) -> bool {
    if chars.len() < 24 {
        return false; // taking the number out only shortens it
    }
    let bare: Cow<[char]> = match numbering_at(chars, 0) {
        None => Cow::Borrowed(chars),
        Some((0, end)) => Cow::Borrowed(&chars[end..]),
        Some(_) => Cow::Owned(strip_numbering(chars, 1)),
    };
    if bare.len() < 24 {
        return false;
    }
    let head = &bare[..12];
    (8..=bare.len() - 12).any(|i| bare[i] == head[0] && &bare[i..i + 12] == head)
}

/// A person's name, maybe numbered or with "says:": "1. [763d3]John Scalzi", "Anna Lee says:".
/// `joins`: lower-case words that may join names; `ends`: " says." and the like.
pub fn is_name(text: &str, chars: &[char], joins: &dyn Fn(&str) -> bool, ends: &[String]) -> bool {
    if text.ends_with(['.', '!', '?']) && !ends.iter().any(|e| text.ends_with(e.as_str())) {
        return false;
    }
    let bare: Cow<str> = match numbering_at(chars, 0) {
        None => Cow::Borrowed(text), // nothing to take out
        Some(_) => Cow::Owned(strip_numbering(chars, 0).into_iter().collect()),
    };
    let mut tokens = bare.split(is_space).filter(|t| !t.is_empty()).peekable();
    tokens.peek().is_some()
        && tokens.all(|t| {
            let first = t.chars().next().unwrap_or(' ');
            is_upper(first) || first == '@' || joins(&t.to_lowercase())
        })
}

/// A headline glued to its summary: "Is Violence In Sports On The Rise?Violence is part of..."
/// (no space where the headline ends, in the first 200 characters, after a capitalised or
/// question-like headline of three words or more).
pub fn teaser_join(chars: &[char]) -> bool {
    let end = chars.len().min(200);
    let joined = |p: usize| {
        is_latin_upper(chars[p]) // the rarest first
            && (is_latin_lower(chars[p - 1]) || chars[p - 1].is_ascii_digit() || "?!)”’\"'".contains(chars[p - 1]))
            && (is_latin_lower(chars[p + 1]) || is_space(chars[p + 1]))
    };
    let Some(at) = (1..end.saturating_sub(1)).find(|&p| joined(p)) else { return false };
    let head: String = chars[..at].iter().collect();
    let words: Vec<&str> = head.split(is_space).filter(|w| !w.is_empty()).collect();
    if words.len() < 3 || head.contains(". ") {
        return false;
    }
    let capitalised = words.iter().filter(|w| w.chars().next().is_some_and(|c| is_upper(c) || !is_alpha(c))).count();
    chars[at - 1] == '?' || chars[at - 1] == '!' || capitalised as f64 > 0.5 * words.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn apostrophe_words_as_spans() {
        let text = "l'école a''b x’y' 'z";
        let words: Vec<&str> = apostrophe_word_spans(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(words, ["l'école", "a", "b", "x’y", "z"]);
        assert_eq!(words.len(), apostrophe_words(text));
    }

    #[test]
    fn phrase_forms() {
        assert_eq!(phrase_form("  \u{2022}  L’école\u{a0} d`été \t\n"), "L'école d'été");
        assert_eq!(phrase_form("- item"), "item");
        assert_eq!(phrase_form("-5 degrees"), "-5 degrees");
        assert_eq!(phrase_form("* * twice"), "* twice");
        assert_eq!(phrase_form("-"), "-");
        assert_eq!(phrase_form("\u{1c} \u{a0}"), "");
        assert_eq!(phrase_form("a\u{85}b\u{3000}c"), "a b c");
        assert_eq!(single_spaced("\u{1f} • a\t\u{a0}b’ "), "• a b’");
        assert!(matches!(single_spaced("a b c"), Cow::Borrowed("a b c")));
        assert_eq!(single_spaced(""), "");
        assert_eq!(single_spaced(" a"), "a");
        assert_eq!(single_spaced("a  b"), "a b");
    }

    #[test]
    fn dates() {
        assert!(has_date(&v("Updated 2024")) && has_date(&v("on 12/05/24.")));
        assert!(!has_date(&v("x2024")) && !has_date(&v("12/05/24567")) && !has_date(&v("123/05/24")));
    }

    #[test]
    fn images_and_numbering() {
        assert!(has_image(&v("rtr4iun7.JPG")) && has_image(&v("[photo_368]")) && !has_image(&v("a.jpgs")));
        assert_eq!(strip_numbering(&v("1. [763d3]John"), 0), v("John"));
        assert_eq!(strip_numbering(&v("1. [a]b[c]"), 1), v("[a]b[c]"));
    }

    #[test]
    fn names_and_joins() {
        let joins = |w: &str| w == "and";
        assert!(is_name("Anna Lee and Bo Li", &v("Anna Lee and Bo Li"), &joins, &[]));
        assert!(!is_name("Anna said this.", &v("Anna said this."), &joins, &[]));
        assert!(teaser_join(&v("Is Violence In Sports On The Rise?Violence is part of it")));
        assert!(!teaser_join(&v("a plain sentence. Then another")));
    }

    #[test]
    fn sentences_and_glued_words() {
        assert!(ends_sentence("He said “so.”") && !ends_sentence("Menu"));
        assert_eq!(glued(&v("KremlinParti")), 1);
    }
}
