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
//! `\b`, `\d`, `\s` keep the `regex` crate's Unicode meaning (`\d` is CPython's; `\b` and `\s`
//! differ from CPython's only beside combining marks and a few rare characters).

use regex::Regex;

use crate::chars::is_word;

/// One list of phrases, compiled: the phrases matched from word starts, the others, and all of
/// them as a whole line (`fullmatch`).
pub struct Phrases {
    words: Option<Regex>,
    others: Option<Regex>,
    whole: Option<Regex>,
    searchable: bool,
}

/// Index just past the group opened at `open` (a '('), escapes and classes skipped.
fn group_end(chars: &[char], open: usize) -> Option<usize> {
    let (mut depth, mut i, mut in_class) = (0usize, open, false);
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `item` as a whole line matches it: a negative look-behind that opens it holds at the start
/// of a line, and a negative look-ahead that ends it at the end, so both go; None for a
/// phrase that opens with a positive look-behind (it never matches at a line's start).
fn whole_line(item: &str) -> Option<String> {
    let mut chars: Vec<char> = item.chars().collect();
    loop {
        let opens = |kind: &str| chars.iter().take(4).collect::<String>() == kind;
        if opens("(?<=") {
            return None;
        }
        if !opens("(?<!") {
            break;
        }
        let end = group_end(&chars, 0)?;
        chars.drain(..end);
    }
    while chars.last() == Some(&')') {
        let Some(open) = (0..chars.len()).rev().find(|&i| {
            chars[i..].iter().take(3).collect::<String>() == "(?!" && group_end(&chars, i) == Some(chars.len())
        }) else {
            break;
        };
        chars.truncate(open);
    }
    Some(chars.into_iter().collect())
}

/// The `regex`-crate form of one phrase (`word_start`: the list is matched from word starts).
pub fn translate(item: &str, word_start: bool) -> Result<String, String> {
    let mut rest = item;
    if word_start {
        while let Some(tail) = rest.strip_prefix(r"(?<!\w)").or_else(|| rest.strip_prefix(r"(?<!\d)")) {
            rest = tail;
        }
    }
    let chars: Vec<char> = rest.chars().collect();
    let mut out = String::with_capacity(rest.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    let refuse = |what: &str| Err(format!("{what} in phrase {item:?}: the native engine has none"));
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let next = chars.get(i + 1).copied().unwrap_or('\\');
                if next.is_ascii_digit() && !in_class {
                    return refuse("a back-reference");
                }
                match next {
                    'Z' => out.push_str(r"\z"),
                    'ı' | 'İ' => out.push('i'),
                    _ => {
                        out.push('\\');
                        out.push(next);
                    }
                }
                i += 2;
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    out.push_str(r"\]");
                    i += 1;
                }
                continue;
            }
            '[' | '&' | '~' if in_class => out.push_str(&format!("\\{c}")),
            '-' if in_class && chars.get(i + 1) == Some(&'-') => out.push_str(r"\-"),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '(' if !in_class && chars.get(i + 1) == Some(&'?') => {
                let kind: String = chars[i + 2..(i + 4).min(chars.len())].iter().collect();
                if kind.starts_with('=') || kind.starts_with('!') || kind == "<=" || kind == "<!" {
                    return refuse("a look-around");
                }
                if kind.starts_with('>') {
                    return refuse("an atomic group");
                }
                if kind == "P=" {
                    return refuse("a back-reference");
                }
                out.push('(');
            }
            '*' | '+' | '?' | '}' if !in_class && chars.get(i + 1) == Some(&'+') => {
                return refuse("a possessive quantifier");
            }
            '{' if !in_class => match quantifier(&chars[i..]) {
                Some((text, len)) => {
                    out.push_str(&text);
                    i += len;
                    continue;
                }
                None => out.push_str(r"\{"),
            },
            'ı' | 'İ' => out.push('i'),
            _ => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

/// A `{n}`, `{n,}`, `{n,m}` or `{,m}` quantifier at the start of `chars`, in the `regex`
/// crate's form, and its length; None when the brace is a literal (as CPython reads it).
fn quantifier(chars: &[char]) -> Option<(String, usize)> {
    let end = chars.iter().position(|&c| c == '}')?;
    let body: String = chars[1..end].iter().collect();
    let (lo, hi) = match body.split_once(',') {
        Some((lo, hi)) => (lo, Some(hi)),
        None => (body.as_str(), None),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !digits(lo) || !hi.is_none_or(digits) || (lo.is_empty() && hi.is_none_or(str::is_empty)) {
        return None;
    }
    let lo = if lo.is_empty() { "0" } else { lo };
    let text = match hi {
        None => format!("{{{lo}}}"),
        Some(hi) => format!("{{{lo},{hi}}}"),
    };
    Some((text, end + 1))
}

/// 'ı' and 'İ' read as 'i' (CPython's `re.IGNORECASE` holds them equal); None when `text` has none.
fn folded(text: &str) -> Option<String> {
    text.contains(['ı', 'İ']).then(|| text.replace(['ı', 'İ'], "i"))
}

/// Byte offset in `original` of the character at byte offset `at` of `folded` (the same text
/// with 'ı' and 'İ' read as 'i').
fn unfold(original: &str, folded: &str, at: usize) -> usize {
    let chars = folded[..at].chars().count();
    original.char_indices().nth(chars).map_or(original.len(), |(i, _)| i)
}

fn compile(items: &[&String], word_start: bool) -> Result<Option<Regex>, String> {
    if items.is_empty() {
        return Ok(None);
    }
    let parts: Vec<String> =
        items.iter().map(|item| translate(item, word_start).map(|p| format!("(?:{p})"))).collect::<Result<_, _>>()?;
    let source = format!("(?i:{})", parts.join("|"));
    Regex::new(&source).map(Some).map_err(|err| format!("phrase list does not compile: {err}"))
}

impl Phrases {
    /// The list `items` as case-insensitive regexes: the phrases whose `word_start` is true
    /// match only where a word starts (CPython's `\w`), as `patterns.union` puts them behind
    /// `(?<!\w)`. No items: a list that matches nothing.
    pub fn new(items: &[String], word_start: &[bool]) -> Result<Phrases, String> {
        if items.len() != word_start.len() {
            return Err("one word_start per phrase".to_string());
        }
        let pick = |want: bool| -> Vec<&String> {
            items.iter().zip(word_start).filter(|(_, &w)| w == want).map(|(item, _)| item).collect()
        };
        let mut list = Phrases::lines(items)?;
        (list.words, list.others) = (compile(&pick(true), true)?, compile(&pick(false), false)?);
        list.searchable = true;
        Ok(list)
    }

    /// The list `items` for `fullmatch` only: a phrase that must be a whole line may use a
    /// look-behind at its start or a look-ahead at its end (see `whole_line`).
    pub fn lines(items: &[String]) -> Result<Phrases, String> {
        let lines: Vec<String> = items.iter().filter_map(|item| whole_line(item)).collect();
        let whole = if lines.is_empty() {
            None
        } else {
            let parts: Vec<String> =
                lines.iter().map(|l| translate(l, false).map(|p| format!("(?:{p})"))).collect::<Result<_, _>>()?;
            let source = format!(r"(?i:\A(?:{})\z)", parts.join("|"));
            Some(Regex::new(&source).map_err(|err| format!("phrase list does not compile: {err}"))?)
        };
        Ok(Phrases { words: None, others: None, whole, searchable: false })
    }

    /// Whether the list was built for `search` and `first` (`new`), not for whole lines only.
    pub fn searchable(&self) -> bool {
        self.searchable
    }

    /// Whether a phrase of the list is in `text` (`re.search`).
    pub fn search(&self, text: &str) -> bool {
        self.first(text).is_some()
    }

    /// Whether one phrase of the list is the whole of `text` (`re.fullmatch`).
    pub fn fullmatch(&self, text: &str) -> bool {
        let Some(regex) = &self.whole else { return false };
        match folded(text) {
            Some(folded) => regex.is_match(&folded),
            None => regex.is_match(text),
        }
    }

    /// The byte range of the match `re.search` finds: the leftmost, and there the first phrase
    /// in the list's order (the word-start phrases come first, as in `patterns.union`).
    pub fn first(&self, text: &str) -> Option<(usize, usize)> {
        let Some(folded) = folded(text) else { return self.first_folded(text) };
        self.first_folded(&folded).map(|(a, b)| (unfold(text, &folded, a), unfold(text, &folded, b)))
    }

    fn first_folded(&self, text: &str) -> Option<(usize, usize)> {
        let word = self.words.as_ref().and_then(|regex| first_at_word_start(regex, text));
        let other = self.others.as_ref().and_then(|regex| regex.find(text)).map(|m| (m.start(), m.end()));
        match (word, other) {
            (Some(w), Some(o)) => Some(if w.0 <= o.0 { w } else { o }),
            (w, o) => w.or(o),
        }
    }
}

/// The leftmost match of `regex` that starts where a word starts (CPython's `\w`). A match
/// inside a word sends the search on to the next word start, past that word and the character
/// after it: no position is searched from twice (linear time, as CPython's look-behind).
fn first_at_word_start(regex: &Regex, text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
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
    }

    #[test]
    fn whole_lines_drop_the_assertions_at_their_ends() {
        assert_eq!(whole_line(r"(?<!\d)\d+ comments?").as_deref(), Some(r"\d+ comments?"));
        assert_eq!(whole_line(r"(?<![\d,.])\d+(?!\w)").as_deref(), Some(r"\d+"));
        assert_eq!(whole_line(r"(?<=x)y"), None);
        let items = [r"(?<!\d)\d+ comments?".to_string(), r"comments?(?: \(\d+\))?".to_string()];
        let heads = Phrases::lines(&items).unwrap();
        assert!(heads.fullmatch("12 Comments") && heads.fullmatch("comments (3)") && !heads.fullmatch("12 comments x"));
    }

    #[test]
    fn refused_and_translated_syntax() {
        assert!(translate(r"a(?=b)", false).is_err() && translate(r"(a)\1", false).is_err());
        assert!(translate(r"a++", false).is_err() && translate(r"(?<!\d)1", false).is_err());
        assert_eq!(translate(r"a{,3}b{2}c{x}[^\][]", false).unwrap(), r"a{0,3}b{2}c\{x}[^\]\[]");
        assert!(!list(&[], true).search("anything"));
    }
}
