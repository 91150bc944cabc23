//! The words of a page the `names` stage compares (`cleaner.stages.names.index_names`): the
//! words of letters (`[^\W\d_]+(?:-[^\W\d_]+)*`, CPython's classes) and, among them, those that
//! may be capitalised: not opening with an ASCII lower-case letter, nor right after a letter
//! or a letter and a hyphen. Offsets are in characters, as Python's.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::chars::{is_decimal, is_upper, is_word};

/// Characters that may stand between a sentence end and its first word.
const LEAD: &str = " \u{a0}\u{202f}\t«“\"'‘([–—-•*";
/// What ends a sentence.
const ENDS: &str = ".!?…";

/// A word that may be capitalised, with where it was first seen and how often.
pub struct Seen {
    pub word: String,
    pub count: usize,
    /// the first occurrence: its text's index, its character span, and whether it opens a sentence
    pub text: usize,
    pub start: usize,
    pub end: usize,
    pub initial: bool,
    /// whether some occurrence stands inside a sentence
    pub mid: bool,
}

/// `re`'s `[^\W\d_]`: a word character that is no decimal digit and no underscore.
fn is_letter(c: char) -> bool {
    c != '_' && is_word(c) && !is_decimal(c)
}

/// Whether a word after `before` opens its sentence (or its text).
pub fn sentence_initial(before: &str) -> bool {
    before.trim_end_matches(|c| LEAD.contains(c)).chars().next_back().is_none_or(|c| ENDS.contains(c))
}

/// The words of letters (hyphens joining runs) of `text`: byte span and character span.
fn words(text: &str) -> Vec<((usize, usize), (usize, usize))> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().enumerate().peekable();
    while let Some((n, (i, c))) = chars.next() {
        if !is_letter(c) {
            continue;
        }
        let (mut end, mut end_n) = (i + c.len_utf8(), n + 1);
        while let Some(&(m, (j, d))) = chars.peek() {
            let joins = d == '-' && text[j + 1..].chars().next().is_some_and(is_letter);
            if !is_letter(d) && !joins {
                break;
            }
            (end, end_n) = (j + d.len_utf8(), m + 1);
            chars.next();
        }
        out.push(((i, end), (n, end_n)));
    }
    out
}

/// The words that may be capitalised, in the order first seen, and the distinct words that do
/// not open with an upper-case letter (to be lower-cased).
pub fn index<T: AsRef<str>>(texts: &[T]) -> (Vec<Seen>, Vec<String>) {
    let mut seen: Vec<Seen> = Vec::new();
    let mut at: FxHashMap<&str, usize> = FxHashMap::default();
    let mut plain: FxHashSet<&str> = FxHashSet::default();
    for (t, text) in texts.iter().enumerate() {
        let text = text.as_ref();
        for ((a, b), (start, end)) in words(text) {
            let word = &text[a..b];
            let first = word.chars().next().expect("a word has a letter");
            let mut back = text[..a].chars().rev();
            let after_hyphenated = back.next() == Some('-') && back.next().is_some_and(is_letter);
            if !first.is_ascii_lowercase() && !after_hyphenated {
                let initial = sentence_initial(&text[..a]);
                match at.get(word) {
                    Some(&k) => {
                        seen[k].count += 1;
                        seen[k].mid |= !initial;
                    }
                    None => {
                        at.insert(word, seen.len());
                        let word = word.to_string();
                        seen.push(Seen { word, count: 1, text: t, start, end, initial, mid: !initial });
                    }
                }
            }
            if !is_upper(first) {
                plain.insert(word);
            }
        }
    }
    (seen, plain.into_iter().map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_letters_and_their_first_place() {
        let texts = ["Le Kremlin. Kremlin-Ouest, l'Élysée 3Moscou".to_string(), "« Kremlin »".to_string()];
        let (seen, plain) = index(&texts);
        let words: Vec<(&str, usize, bool)> = seen.iter().map(|s| (s.word.as_str(), s.count, s.mid)).collect();
        assert_eq!(
            words,
            [
                ("Le", 1, false),
                ("Kremlin", 2, true),
                ("Kremlin-Ouest", 1, false),
                ("Élysée", 1, true),
                ("Moscou", 1, true)
            ]
        );
        assert_eq!((seen[1].start, seen[1].end, seen[1].initial), (3, 10, false));
        assert!(plain.contains(&"l".to_string()) && !plain.contains(&"Le".to_string()));
        assert!(index(&["ab-Cd x_Y".to_string()]).0.iter().all(|s| s.word != "Cd"));
    }
}
