//! The Python regex syntax of the languages' TOML files (the subset `cleaner/patterns/syntax.py`
//! reads) translated to the `regex` crate's: what the translation keeps, implies or refuses is
//! told in `phrases`, which matches the result.

use std::sync::OnceLock;

use crate::pyunicode::{SPACE, WORD};

/// Each `(`, `)` and `|` of `chars` from `from` that is outside escapes and classes, with the
/// depth of groups there (a `(` counted in, a `)` not yet out).
fn structure(chars: &[char], from: usize) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let (mut depth, mut i, mut in_class) = (0usize, from, false);
    std::iter::from_fn(move || {
        while i < chars.len() {
            let (at, c) = (i, chars[i]);
            i += 1;
            match c {
                '\\' => i += 1,
                '[' if !in_class => in_class = true,
                ']' if in_class => in_class = false,
                '(' if !in_class => {
                    depth += 1;
                    return Some((at, c, depth));
                }
                ')' if !in_class => {
                    let inside = depth;
                    depth = depth.saturating_sub(1);
                    return Some((at, c, inside));
                }
                '|' if !in_class => return Some((at, c, depth)),
                _ => {}
            }
        }
        None
    })
}

/// Index just past the group opened at `open` (a '('), escapes and classes skipped.
pub(crate) fn group_end(chars: &[char], open: usize) -> Option<usize> {
    structure(chars, open).find(|&(_, c, depth)| c == ')' && depth == 1).map(|(at, _, _)| at + 1)
}

/// `item` as a whole line matches it: a negative look-behind that opens it holds at the start
/// of a line, and a negative look-ahead that ends it at the end, so both go; None for a
/// phrase that opens with a positive look-behind (it never matches at a line's start).
pub(crate) fn whole_line(item: &str) -> Option<String> {
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
    Some(without_final_boundary(&chars.into_iter().collect::<String>()).to_string())
}

/// The `regex`-crate form of one phrase (`word_start`: the list is matched from word starts).
pub fn translate(item: &str, word_start: bool) -> Result<String, String> {
    translate_ending(item, word_start, None, true)
}

/// `translate`, with a `\b` that ends the phrase after a word character matched as the group
/// named `ending` (the character after the phrase, or the end of the text) when `ending` is given,
/// and 'ı' and 'İ' read as 'i' only when `fold` (a case-insensitive list).
pub(crate) fn translate_ending(
    item: &str,
    word_start: bool,
    ending: Option<&str>,
    fold: bool,
) -> Result<String, String> {
    let mut rest = item;
    if word_start {
        loop {
            let opens_word = |tail: &str| tail.starts_with(|c: char| c.is_alphanumeric());
            match [r"(?<!\w)", r"(?<!\d)", r"\b"].iter().find_map(|p| rest.strip_prefix(p)) {
                Some(tail) if !rest.starts_with(r"\b") || opens_word(tail) => rest = tail,
                _ => break,
            }
        }
    }
    let mut close = String::new();
    if let Some(name) = ending {
        if let Some(body) = rest.strip_suffix(r"\b").filter(|body| ends_with_word(&body.chars().collect::<Vec<_>>())) {
            rest = body;
            close = format!(r"(?P<{name}>(?-i:[^{}])|\z)", python_word_ranges());
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
                    'ı' | 'İ' if fold => out.push('i'),
                    'w' | 's' if in_class => out.push_str(python_ranges(next)),
                    'w' | 's' => out.push_str(&format!("(?-i:[{}])", python_ranges(next))),
                    'W' | 'S' if in_class => return refuse(&format!(r"a \{next} in a class")),
                    'W' | 'S' => out.push_str(&format!("(?-i:[^{}])", python_ranges(next.to_ascii_lowercase()))),
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
            'ı' | 'İ' if fold => out.push('i'),
            _ => out.push(c),
        }
        i += 1;
    }
    out.push_str(&close);
    Ok(out)
}

/// `item` without a `\b` that ends it after a word character: where what follows the phrase
/// is a word end anyway (the end of a line, an item's `(?!\w)`), it holds.
pub fn without_final_boundary(item: &str) -> &str {
    match item.strip_suffix(r"\b") {
        Some(body) if ends_with_word(&body.chars().collect::<Vec<_>>()) => body,
        _ => item,
    }
}

/// CPython's `\w` as the ranges of a `regex`-crate class (`chars::is_word`'s table).
pub fn python_word_ranges() -> &'static str {
    python_ranges('w')
}

/// CPython's `\w` (`class` 'w') or `\s` ('s', `chars::is_space`'s table) as the ranges of a
/// `regex`-crate class.
fn python_ranges(class: char) -> &'static str {
    static WORDS: OnceLock<String> = OnceLock::new();
    static SPACES: OnceLock<String> = OnceLock::new();
    let (cell, table): (&OnceLock<String>, &[(u32, u32)]) =
        if class == 'w' { (&WORDS, &WORD) } else { (&SPACES, &SPACE) };
    cell.get_or_init(|| {
        let mut ranges = String::new();
        for &(lo, hi) in table {
            class_char(&mut ranges, lo);
            if hi != lo {
                ranges.push('-');
                class_char(&mut ranges, hi);
            }
        }
        ranges
    })
}

/// The code point `code` in a class, as itself (the shortest text for the parser to read),
/// escaped where it is ASCII and not a letter or digit.
fn class_char(out: &mut String, code: u32) {
    match char::from_u32(code) {
        Some(c) if c.is_ascii_alphanumeric() || (!c.is_ascii() && !c.is_whitespace() && !c.is_control()) => out.push(c),
        _ => out.push_str(&format!(r"\x{{{code:x}}}")),
    }
}

/// Whether every text the regex `chars` matches ends with a word character (conservatively:
/// a letter or digit, `\d` or `\w`, a group whose alternatives all do, or an optional one of
/// these after what does); false when unsure.
pub(crate) fn ends_with_word(chars: &[char]) -> bool {
    let escaped = |at: usize| chars[..at].iter().rev().take_while(|&&c| c == '\\').count() % 2 == 1;
    let Some((&last, before)) = chars.split_last() else { return false };
    if escaped(chars.len() - 1) {
        return matches!(last, 'd' | 'w');
    }
    match last {
        c if c.is_alphanumeric() => true,
        '+' => element_start(before).is_some_and(|start| ends_with_word(&before[start..])),
        '?' | '*' => element_start(before)
            .is_some_and(|start| ends_with_word(&before[start..]) && ends_with_word(&before[..start])),
        ')' => element_start(chars).is_some_and(|open| {
            let body = &chars[open + 1..chars.len() - 1];
            let body = body.strip_prefix(&['?', ':']).unwrap_or(body);
            !body.starts_with(&['?']) && top_alternatives(body).iter().all(|alt| ends_with_word(alt))
        }),
        _ => false,
    }
}

/// Where the last element of `chars` starts: a letter, an escape or a group (None otherwise).
fn element_start(chars: &[char]) -> Option<usize> {
    let last = chars.len().checked_sub(1)?;
    if chars[last] == ')' {
        return (0..last).rev().find(|&open| chars[open] == '(' && group_end(chars, open) == Some(chars.len()));
    }
    if last > 0 && chars[last - 1] == '\\' {
        return Some(last - 1);
    }
    chars[last].is_alphanumeric().then_some(last)
}

/// The top-level alternatives of the regex `chars` (split at `|` outside groups and classes).
fn top_alternatives(chars: &[char]) -> Vec<&[char]> {
    let (mut parts, mut start) = (Vec::new(), 0);
    for (at, _, _) in structure(chars, 0).filter(|&(_, c, depth)| c == '|' && depth == 0) {
        parts.push(&chars[start..at]);
        start = at + 1;
    }
    parts.push(&chars[start..]);
    parts
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_lines_drop_the_assertions_at_their_ends() {
        assert_eq!(whole_line(r"(?<!\d)\d+ comments?").as_deref(), Some(r"\d+ comments?"));
        assert_eq!(whole_line(r"(?<![\d,.])\d+(?!\w)").as_deref(), Some(r"\d+"));
        assert_eq!(whole_line(r"(?<=x)y"), None);
        assert_eq!(whole_line(r"ago\b").as_deref(), Some("ago"));
        assert_eq!(whole_line(r"a.\b").as_deref(), Some(r"a.\b"));
    }

    #[test]
    fn a_word_boundary_that_ends_a_phrase() {
        assert!(ends_with_word(&"a(?:b|c\\d)?".chars().collect::<Vec<_>>()));
        assert!(!ends_with_word(&"a(?:b|c.)".chars().collect::<Vec<_>>()) && !ends_with_word(&['a', '\\', '.']));
        let ending = translate_ending(r"\b(?:a|b)\b", true, Some("e"), true).unwrap();
        assert_eq!(ending, format!(r"\b(?:a|b)(?P<e>(?-i:[^{}])|\z)", python_word_ranges()));
        assert_eq!(translate_ending(r"\bab\b", true, None, true).unwrap(), r"ab\b");
    }

    #[test]
    fn refused_and_translated_syntax() {
        assert!(translate(r"a(?=b)", false).is_err() && translate(r"(a)\1", false).is_err());
        assert!(translate(r"a++", false).is_err() && translate(r"(?<!\d)1", false).is_err());
        assert_eq!(translate(r"a{,3}b{2}c{x}[^\][]", false).unwrap(), r"a{0,3}b{2}c\{x}[^\]\[]");
        let word = python_word_ranges();
        assert_eq!(translate(r"\w+[\w-]\W", false).unwrap(), format!(r"(?-i:[{word}])+[{word}-](?-i:[^{word}])"));
        assert!(translate(r"[\W]", false).is_err() && translate(r"[\S]", false).is_err());
        let space = python_ranges('s');
        assert_eq!(translate(r"\s[^\s]\S", false).unwrap(), format!(r"(?-i:[{space}])[^{space}](?-i:[^{space}])"));
    }
}
