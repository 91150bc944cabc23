//! Phrase lists matched natively: the regexes of the languages' TOML files (Python syntax, of
//! the subset `cleaner/patterns/syntax.py` reads) translated to the `regex` crate's syntax and
//! joined into one case-insensitive regex, with CPython's meaning kept where the engines differ:
//!
//! - a list matched from word starts (Python's `(?<!\w)(?:...)`) is searched at the positions
//!   where CPython's `\w` ends (`chars::is_word`): the `regex` crate has no look-behind, and its
//!   `\w` is not CPython's;
//! - CPython's `re.IGNORECASE` holds 'ı' and 'İ' equal to 'i': both are read as 'i', in the
//!   phrases and in the text;
//! - a look-behind or look-ahead, a back-reference, a possessive quantifier or an atomic group
//!   is refused (an error naming the phrase), except a leading `(?<!\w)` or `(?<!\d)` in a list
//!   matched from word starts, which the word start already implies.
//!
//! `\w` and `\W` are CPython's (`syntax::python_word_ranges`). `\b`, `\d`, `\s` keep the `regex`
//! crate's Unicode meaning (`\d` is CPython's; `\b` and `\s` differ from CPython's only beside
//! combining marks and a few rare characters). A `\b` that ends
//! a phrase after a word character is matched as the character after it (`\W` or the end, in a
//! group the match's end is read from), and one that opens a phrase matched from word starts is
//! implied by the word start: the `regex` crate's fast engines give up on a Unicode `\b` in a
//! text that is not ASCII, and fall back to one about fifty times slower.

use std::sync::OnceLock;

use regex::Regex;

use crate::chars::is_word;
use crate::syntax::{translate_ending, whole_line};

/// One list of phrases, translated to the `regex` crate's syntax: the phrases matched from
/// word starts, the others, and all of them as a whole line (`fullmatch`). The regexes are
/// compiled the first time the list is matched (`compiled`): a short text never reaches most
/// lists, and compiling them all took a fifth of the start-up.
pub struct Phrases {
    words: Option<String>,
    others: Option<String>,
    whole: Option<String>,
    searchable: bool,
    ignore_case: bool,
    compiled: OnceLock<Result<Compiled, String>>,
}

/// A phrase list's regexes (see `Phrases`), what matches texts.
pub struct Compiled {
    words: Option<Regex>,
    others: Option<Regex>,
    whole: Option<Regex>,
    ignore_case: bool,
}

/// 'ı' and 'İ' read as 'i' (CPython's `re.IGNORECASE` holds them equal); None when `text` has none.
pub(crate) fn folded(text: &str) -> Option<String> {
    // 'İ' is C4 B0 in UTF-8, 'ı' C4 B1; C4 only ever leads a character
    let bytes = text.as_bytes();
    let has = memchr::memchr_iter(0xc4, bytes).any(|i| matches!(bytes.get(i + 1), Some(0xb0 | 0xb1)));
    has.then(|| text.replace(['ı', 'İ'], "i"))
}

/// Byte offset in `original` of the character at byte offset `at` of `folded` (the same text
/// with 'ı' and 'İ' read as 'i').
fn unfold(original: &str, folded: &str, at: usize) -> usize {
    let chars = folded[..at].chars().count();
    original.char_indices().nth(chars).map_or(original.len(), |(i, _)| i)
}

fn source(items: &[&String], word_start: bool, ignore_case: bool) -> Result<Option<String>, String> {
    if items.is_empty() {
        return Ok(None);
    }
    let parts: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            translate_ending(item, word_start, Some(&format!("{ENDING}{n}")), ignore_case).map(|p| format!("(?:{p})"))
        })
        .collect::<Result<_, _>>()?;
    Ok(Some(format!("(?{}:{})", if ignore_case { "i" } else { "-i" }, parts.join("|"))))
}

fn compile(source: &Option<String>) -> Result<Option<Regex>, String> {
    source
        .as_deref()
        .map(|source| Regex::new(source).map_err(|err| format!("phrase list does not compile: {err}")))
        .transpose()
}

/// The prefix of the groups that hold the character after a phrase ending in `\b`.
const ENDING: &str = "phrase_ending_";

/// The end of the phrase matched at `start` (the match's end, or where its ending group starts).
fn phrase_end(regex: &Regex, text: &str, start: usize, end: usize) -> usize {
    if regex.captures_len() == 1 {
        return end;
    }
    let Some(caps) = regex.captures_at(text, start) else { return end };
    regex
        .capture_names()
        .enumerate()
        .filter(|(_, name)| name.is_some_and(|n| n.starts_with(ENDING)))
        .find_map(|(i, _)| caps.get(i))
        .map_or(end, |ending| ending.start())
}

impl Phrases {
    /// The list `items` as case-insensitive regexes: the phrases whose `word_start` is true
    /// match only where a word starts (CPython's `\w`), as `patterns.union` puts them behind
    /// `(?<!\w)`. No items: a list that matches nothing.
    pub fn new(items: &[String], word_start: &[bool]) -> Result<Phrases, String> {
        Phrases::with_case(items, word_start, true)
    }

    /// `new`, case-insensitive or not (as CPython without `re.IGNORECASE`).
    pub fn with_case(items: &[String], word_start: &[bool], ignore_case: bool) -> Result<Phrases, String> {
        if items.len() != word_start.len() {
            return Err("one word_start per phrase".to_string());
        }
        let pick = |want: bool| -> Vec<&String> {
            items.iter().zip(word_start).filter(|(_, &w)| w == want).map(|(item, _)| item).collect()
        };
        let mut list = Phrases::lines_with_case(items, ignore_case)?;
        list.words = source(&pick(true), true, ignore_case)?;
        list.others = source(&pick(false), false, ignore_case)?;
        list.searchable = true;
        Ok(list)
    }

    /// The list `items` for `fullmatch` only: a phrase that must be a whole line may use a
    /// look-behind at its start or a look-ahead at its end (see `whole_line`).
    pub fn lines(items: &[String]) -> Result<Phrases, String> {
        Phrases::lines_with_case(items, true)
    }

    fn lines_with_case(items: &[String], ignore_case: bool) -> Result<Phrases, String> {
        let lines: Vec<String> = items.iter().filter_map(|item| whole_line(item)).collect();
        let whole = if lines.is_empty() {
            None
        } else {
            let parts: Vec<String> = lines
                .iter()
                .map(|l| translate_ending(l, false, None, ignore_case).map(|p| format!("(?:{p})")))
                .collect::<Result<_, _>>()?;
            let flag = if ignore_case { "i" } else { "-i" };
            Some(format!(r"(?{flag}:\A(?:{})\z)", parts.join("|")))
        };
        Ok(Phrases { words: None, others: None, whole, searchable: false, ignore_case, compiled: OnceLock::new() })
    }

    /// The list's regexes, compiled the first time they are asked for; an error when the
    /// `regex` crate refuses one (its size limits).
    pub fn compiled(&self) -> Result<&Compiled, String> {
        self.compiled
            .get_or_init(|| {
                Ok(Compiled {
                    words: compile(&self.words)?,
                    others: compile(&self.others)?,
                    whole: compile(&self.whole)?,
                    ignore_case: self.ignore_case,
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Whether the list was built for `search` and `first` (`new`), not for whole lines only.
    pub fn searchable(&self) -> bool {
        self.searchable
    }
}

impl Compiled {
    /// The text as the list reads it: 'ı' and 'İ' as 'i' in a case-insensitive list (None
    /// when that changes nothing).
    fn folded(&self, text: &str) -> Option<String> {
        if self.ignore_case {
            folded(text)
        } else {
            None
        }
    }

    /// Whether a phrase of the list is in `text` (`re.search`).
    pub fn search(&self, text: &str) -> bool {
        match self.folded(text) {
            Some(folded) => self.first_folded(&folded, false).is_some(),
            None => self.first_folded(text, false).is_some(),
        }
    }

    /// Whether one phrase of the list is the whole of `text` (`re.fullmatch`).
    pub fn fullmatch(&self, text: &str) -> bool {
        let Some(regex) = &self.whole else { return false };
        match self.folded(text) {
            Some(folded) => regex.is_match(&folded),
            None => regex.is_match(text),
        }
    }

    /// The byte range of the match `re.search` finds: the leftmost, and there the first phrase
    /// in the list's order (the word-start phrases come first, as in `patterns.union`).
    pub fn first(&self, text: &str) -> Option<(usize, usize)> {
        let Some(folded) = self.folded(text) else { return self.first_folded(text, true) };
        self.first_folded(&folded, true).map(|(a, b)| (unfold(text, &folded, a), unfold(text, &folded, b)))
    }

    /// The leftmost match (`first`), its end exact when `exact_end` (else it may take in the
    /// character after a phrase ending in `\b`).
    fn first_folded(&self, text: &str, exact_end: bool) -> Option<(usize, usize)> {
        let word = self.words.as_ref().and_then(|regex| Some((regex, first_at_word_start(regex, text, 0)?)));
        let other =
            self.others.as_ref().and_then(|regex| Some((regex, regex.find(text).map(|m| (m.start(), m.end()))?)));
        let (regex, (start, end)) = match (word, other) {
            (Some(w), Some(o)) => {
                if w.1 .0 <= o.1 .0 {
                    w
                } else {
                    o
                }
            }
            (w, o) => w.or(o)?,
        };
        Some((start, if exact_end { phrase_end(regex, text, start, end) } else { end }))
    }
}

/// The leftmost match of `regex` from `from` that starts where a word starts (CPython's `\w`). A match
/// inside a word sends the search on to the next word start, past that word and the character
/// after it: no position is searched from twice (linear time, as CPython's look-behind).
pub(crate) fn first_at_word_start(regex: &Regex, text: &str, from: usize) -> Option<(usize, usize)> {
    let mut from = from;
    while let Some(found) = regex.find_at(text, from) {
        let start = found.start();
        if text[..start].chars().next_back().is_none_or(|c| !is_word(c)) {
            return Some((start, found.end()));
        }
        let (gap, after) = text[start..].char_indices().find(|&(_, c)| !is_word(c))?;
        from = start + gap + after.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Phrases {
        fn search(&self, text: &str) -> bool {
            self.compiled().unwrap().search(text)
        }

        fn first(&self, text: &str) -> Option<(usize, usize)> {
            self.compiled().unwrap().first(text)
        }

        fn fullmatch(&self, text: &str) -> bool {
            self.compiled().unwrap().fullmatch(text)
        }
    }

    #[test]
    fn dotless_and_dotted_i_found_by_their_bytes() {
        assert_eq!(folded("Istanbul ılık İzmir"), Some("Istanbul ilik izmir".to_string()));
        assert_eq!(folded("Ĉu ĉi ĳ"), None); // C4 leading other characters
        assert_eq!(folded("plain"), None);
    }

    fn list(items: &[&str], word_start: bool) -> Phrases {
        Phrases::new(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>(), &vec![word_start; items.len()]).unwrap()
    }

    #[test]
    fn the_first_match_is_pythons() {
        let mixed =
            Phrases::new(&["b".to_string(), "ab".to_string(), r"\.x".to_string()], &[true, true, false]).unwrap();
        assert_eq!(mixed.first("zab b"), Some((4, 5)));
        assert_eq!(mixed.first("z.x ab"), Some((1, 3)));
        assert_eq!(mixed.first("ab"), Some((0, 2)));
        assert_eq!(list(&["kapali"], true).first("İİ KAPALI"), Some((5, 11)));
    }

    #[test]
    fn word_starts_follow_python() {
        let cues = list(&["comments?", r"(?<!\d)\d+ comments?"], true);
        assert!(cues.search("12 Comments") && cues.search("(comments)") && !cues.search("nocomments"));
        let counts = list(&[r"(?<!\d)\d+ comments?"], true);
        assert!(!counts.search("x12 comments") && counts.search("x12 comments, 3 comments"));
        assert!(list(&["yorum"], true).search("YORUM") && list(&["kapalı"], true).search("KAPALI"));
        assert!(!list(&[], true).search("anything"));
    }

    #[test]
    fn a_case_sensitive_list_reads_dotted_i_as_it_is() {
        let exact = Phrases::with_case(&["[À-Ñİ][a]".to_string()], &[false], false).unwrap();
        assert!(exact.search("İa") && !exact.search("ia") && !exact.search("àa"));
        assert!(list(&["kapali"], true).search("KAPALI") && list(&["[À-Ñİ]a"], false).search("ia"));
    }

    #[test]
    fn a_list_too_big_to_compile_is_an_error_when_first_matched() {
        let huge = list(&[r"(?:\w{1000}){1000}"], false);
        let err = huge.compiled().err().unwrap();
        assert!(err.starts_with("phrase list does not compile"), "{err}");
        assert!(huge.compiled().is_err(), "the error is kept, not compiled again");
    }

    #[test]
    fn whole_lines() {
        let items = [r"(?<!\d)\d+ comments?".to_string(), r"comments?(?: \(\d+\))?".to_string()];
        let heads = Phrases::lines(&items).unwrap();
        assert!(heads.fullmatch("12 Comments") && heads.fullmatch("comments (3)") && !heads.fullmatch("12 comments x"));
    }

    #[test]
    fn a_phrase_ending_in_a_word_boundary() {
        let news = list(&[r"\bnewsletters?\b", r"\bboletín(?: de noticias)?\b", "x"], true);
        assert_eq!(news.first("la newsletter, ok"), Some((3, 13)));
        assert_eq!(news.first("é newsletters"), Some((3, 14)));
        assert_eq!(news.first("newslettersx boletín de noticias."), Some((13, 33)));
        assert!(!news.search("newsletteré") && news.search("«newsletter»"));
    }
}
