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

/// One list of phrases, compiled.
pub struct Phrases {
    regex: Regex,
    word_start: bool,
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

impl Phrases {
    /// The list `items` as one case-insensitive regex; `word_start`: a phrase matches only where
    /// a word starts (CPython's `\w`). No items: a list that matches nothing.
    pub fn new(items: &[String], word_start: bool) -> Result<Phrases, String> {
        let parts: Vec<String> = items
            .iter()
            .map(|item| translate(item, word_start).map(|p| format!("(?:{p})")))
            .collect::<Result<_, _>>()?;
        let source = if parts.is_empty() { r"[^\s\S]".to_string() } else { format!("(?i:{})", parts.join("|")) };
        let regex = Regex::new(&source).map_err(|err| format!("phrase list does not compile: {err}"))?;
        Ok(Phrases { regex, word_start })
    }

    /// Whether a phrase of the list is in `text` (`re.search`).
    pub fn search(&self, text: &str) -> bool {
        match folded(text) {
            Some(text) => self.search_folded(&text),
            None => self.search_folded(text),
        }
    }

    fn search_folded(&self, text: &str) -> bool {
        if !self.word_start {
            return self.regex.is_match(text);
        }
        let mut from = 0;
        while let Some(found) = self.regex.find_at(text, from) {
            let start = found.start();
            if text[..start].chars().next_back().is_none_or(|c| !is_word(c)) {
                return true;
            }
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
            if from > text.len() {
                return false;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str], word_start: bool) -> Phrases {
        Phrases::new(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>(), word_start).unwrap()
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
    fn refused_and_translated_syntax() {
        assert!(translate(r"a(?=b)", false).is_err() && translate(r"(a)\1", false).is_err());
        assert!(translate(r"a++", false).is_err() && translate(r"(?<!\d)1", false).is_err());
        assert_eq!(translate(r"a{,3}b{2}c{x}[^\][]", false).unwrap(), r"a{0,3}b{2}c\{x}[^\]\[]");
        assert!(!list(&[], true).search("anything"));
    }
}
