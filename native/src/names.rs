//! The words of a page the `names` stage compares (`cleaner.stages.names.index_names`): the
//! words of letters (`[^\W\d_]+(?:-[^\W\d_]+)*`, CPython's classes) and, among them, the
//! capitalised ones: opening with an upper-case letter, not right after a letter or a letter
//! and a hyphen, not too long, no acronym (`may_be_name`). Offsets are in characters, as
//! Python's. And the names a word used once may be a misspelling of (`near`).

use rustc_hash::{FxHashMap, FxHashSet};

use crate::chars::{is_decimal, is_lower, is_upper, is_word, lower};

/// Characters that may stand between a sentence end and its first word.
const LEAD: &str = " \u{a0}\u{202f}\t«“\"'‘([–—-•*";
/// What ends a sentence.
const ENDS: &str = ".!?…";

/// A word that may be capitalised, with where it was first seen and how often.
pub struct Seen<'a> {
    pub word: &'a str,
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
    if text.is_ascii() {
        return ascii_words(text.as_bytes()).map(|span| (span, span)).collect();
    }
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

/// `words` of an ASCII text (a byte a character): the runs of letters, a hyphen between two
/// joining them.
fn ascii_words(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        at += bytes.get(at..)?.iter().position(u8::is_ascii_alphabetic)?;
        let start = at;
        loop {
            at += bytes[at..].iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(bytes.len() - at);
            if bytes.get(at) == Some(&b'-') && bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
                at += 1;
            } else {
                return Some((start, at));
            }
        }
    })
}

/// `str.istitle` of one character: a title-case letter (category Lt: "ǅ", "ᾈ").
fn is_title(c: char) -> bool {
    matches!(c, '\u{1c5}' | '\u{1c8}' | '\u{1cb}' | '\u{1f2}' | '\u{1f88}'..='\u{1f8f}' | '\u{1f98}'..='\u{1f9f}'
        | '\u{1fa8}'..='\u{1faf}' | '\u{1fbc}' | '\u{1fcc}' | '\u{1ffc}')
}

/// Whether a word that may be capitalised (see `index`) is indexed as a name: at most
/// `max_length` characters, opening with an upper-case letter (`str.isupper`), and no acronym
/// (a word of two characters or more that `str.isupper` holds: none lower or title case).
pub fn may_be_name(word: &str, max_length: usize) -> bool {
    let mut chars = word.chars();
    if !chars.next().is_some_and(is_upper) {
        return false;
    }
    let rest = chars.as_str();
    (rest.is_empty() || rest.chars().any(|c| is_lower(c) || is_title(c))) && word.chars().nth(max_length).is_none()
}

/// The capitalised words that may be names (`may_be_name`), in the order first seen, and the
/// distinct words that do not open with an upper-case letter (to be lower-cased).
pub fn index<T: AsRef<str>>(texts: &[T], max_length: usize) -> (Vec<Seen<'_>>, Vec<&str>) {
    let mut seen: Vec<Seen> = Vec::new();
    let mut at: FxHashMap<&str, usize> = FxHashMap::default();
    let mut plain: FxHashSet<&str> = FxHashSet::default();
    let size: usize = texts.iter().map(|t| t.as_ref().len()).sum();
    at.reserve(size / 64);
    plain.reserve(size / 16);
    for (t, text) in texts.iter().enumerate() {
        let text = text.as_ref();
        for ((a, b), (start, end)) in words(text) {
            let word = &text[a..b];
            // a word not opening with an upper-case letter is no name (`may_be_name`)
            if !word.chars().next().is_some_and(is_upper) {
                plain.insert(word);
                continue;
            }
            let mut back = text[..a].chars().rev();
            if back.next() == Some('-') && back.next().is_some_and(is_letter) {
                continue; // after a letter and a hyphen
            }
            match at.get(word) {
                Some(&k) => {
                    // a word seen before may be a name (`may_be_name` said it of the word)
                    let initial = sentence_initial(&text[..a]);
                    seen[k].count += 1;
                    seen[k].mid |= !initial;
                }
                None if may_be_name(word, max_length) => {
                    let initial = sentence_initial(&text[..a]);
                    at.insert(word, seen.len());
                    seen.push(Seen { word, count: 1, text: t, start, end, initial, mid: !initial });
                }
                None => {}
            }
        }
    }
    (seen, plain.into_iter().collect())
}

/// For each of `words`, the `names` one edit from it, inside the word (`plausible`), sorted
/// (code point order, as Python sorts strings): `NamesStage.run`'s SymSpell search, every name
/// indexed under each of its one-deletion variants (itself included), each word looked up
/// under its own variants.
pub fn near(words: &[String], names: &[String]) -> Vec<Vec<String>> {
    let letters: Vec<Vec<char>> = names.iter().map(|n| n.chars().collect()).collect();
    let mut variants: FxHashMap<Vec<char>, Vec<usize>> = FxHashMap::default();
    for (k, name) in letters.iter().enumerate() {
        for variant in deletions(name) {
            let holders = variants.entry(variant).or_default();
            if !holders.contains(&k) {
                holders.push(k);
            }
        }
    }
    words
        .iter()
        .map(|word| {
            let chars: Vec<char> = word.chars().collect();
            let mut found: Vec<usize> = Vec::new();
            for variant in deletions(&chars) {
                for &k in variants.get(&variant).map_or(&[][..], Vec::as_slice) {
                    if !found.contains(&k) && plausible(&chars, word, &letters[k], &names[k]) {
                        found.push(k);
                    }
                }
            }
            let mut near: Vec<String> = found.into_iter().map(|k| names[k].clone()).collect();
            near.sort_unstable();
            near
        })
        .collect()
}

/// `word` and every string made by deleting one of its characters.
fn deletions(word: &[char]) -> Vec<Vec<char>> {
    let mut out = vec![word.to_vec()];
    out.extend((0..word.len()).map(|i| [&word[..i], &word[i + 1..]].concat()));
    out
}

/// One edit from `name`, inside the word (not its first letter nor its last two), and not
/// only in case (`str.lower`).
fn plausible(word: &[char], word_text: &str, name: &[char], name_text: &str) -> bool {
    lower(word_text) != lower(name_text)
        && edit_span(word, name).is_some_and(|(first, last)| first > 0 && last + 2 < word.len().max(name.len()))
}

/// First and last index (in the longer word) of the characters the one edit turning `a` into
/// `b` touches (insertion, deletion, substitution or transposition); None when equal or more
/// than one edit apart.
fn edit_span(a: &[char], b: &[char]) -> Option<(usize, usize)> {
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return None;
    }
    let (a, b) = if a.len() > b.len() { (b, a) } else { (a, b) };
    let i = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if a.len() < b.len() {
        return (a[i..] == b[i + 1..]).then_some((i, i));
    }
    if a[i + 1..] == b[i + 1..] {
        return Some((i, i));
    }
    let swapped = i + 1 < a.len() && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..];
    swapped.then_some((i, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_letters_and_their_first_place() {
        let texts = ["Le Kremlin. Kremlin-Ouest, l'Élysée 3Moscou".to_string(), "« Kremlin »".to_string()];
        let (seen, plain) = index(&texts, 40);
        let found: Vec<(&str, usize, bool)> = seen.iter().map(|s| (s.word, s.count, s.mid)).collect();
        assert_eq!(
            found,
            [
                ("Le", 1, false),
                ("Kremlin", 2, true),
                ("Kremlin-Ouest", 1, false),
                ("Élysée", 1, true),
                ("Moscou", 1, true)
            ]
        );
        assert_eq!((seen[1].start, seen[1].end, seen[1].initial), (3, 10, false));
        assert!(plain.contains(&"l") && !plain.contains(&"Le"));
        assert!(index(&["ab-Cd x_Y".to_string()], 40).0.iter().all(|s| s.word != "Cd"));
        let texts = ["NATO Nato A Éa ÉA ǅx Xǅ Abcdef Abcdefg".to_string()];
        let kept: Vec<&str> = index(&texts, 6).0.iter().map(|s| s.word).collect();
        assert_eq!(kept, ["Nato", "A", "Éa", "Xǅ", "Abcdef"]);
        for text in ["", "a", "ab-Cd x_Y 3Moscou a--b -a b- x-y-z", "A9b _c d_e", "l'École-Ouest été-x"] {
            let ascii: Vec<(usize, usize)> = ascii_words(text.as_bytes()).collect();
            let mut general: Vec<(usize, usize)> = Vec::new();
            let mut chars = text.char_indices().enumerate().peekable();
            while let Some((_, (i, c))) = chars.next() {
                if is_letter(c) {
                    let mut end = i + c.len_utf8();
                    while let Some(&(_, (j, d))) = chars.peek() {
                        if !(is_letter(d) || d == '-' && text[j + 1..].chars().next().is_some_and(is_letter)) {
                            break;
                        }
                        end = j + d.len_utf8();
                        chars.next();
                    }
                    general.push((i, end));
                }
            }
            if text.is_ascii() {
                assert_eq!(ascii, general, "{text:?}");
            }
            assert_eq!(words(text).iter().map(|w| w.0).collect::<Vec<_>>(), general, "{text:?}");
        }
    }

    fn near_of(word: &str, names: &[&str]) -> Vec<String> {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        near(&[word.to_string()], &names).remove(0)
    }

    #[test]
    fn one_edit_inside_the_word() {
        let names = ["Vladimir", "Kremlin", "Russia", "Moscow", "Vladimiro"];
        assert_eq!(near_of("Vladirmir", &names), ["Vladimir"]); // an insertion
        assert_eq!(near_of("Vladimri", &names), Vec::<String>::new()); // in the last two letters
        assert_eq!(near_of("Kermlin", &names), ["Kremlin"]); // a transposition
        assert_eq!(near_of("Kremiln", &names), Vec::<String>::new()); // one in the last two letters
        assert_eq!(near_of("Krenlin", &names), ["Kremlin"]); // a substitution
        assert_eq!(near_of("Zremlin", &names), Vec::<String>::new()); // the first letter
        assert_eq!(near_of("KREMLIN", &names), Vec::<String>::new()); // two edits and more
        assert_eq!(near_of("Vladimirr", &names), Vec::<String>::new()); // its last letter
        assert_eq!(near_of("Vladimiri", &names), Vec::<String>::new()); // last two letters of the longer
    }
}
