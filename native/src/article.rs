//! The words a headline candidate shares with the article (`cleaner.headline`): the
//! candidates' words looked for in the article's lines, lowered as `str.lower` lowers them.

use rustc_hash::FxHashMap;

use crate::chars::lower;
use crate::shapes::apostrophe_word_spans;

/// Which of `wanted` (words of the candidates, lower case, no stop words) the article has:
/// each marked true when met in `body`, its lines lowered one by one (`str.lower` of their
/// join: neither a word nor the final sigma's context crosses a line end).
pub fn mark_words(body: &[&str], wanted: &mut FxHashMap<String, bool>) {
    // a word is looked up only when some wanted word has its length and its first byte (by its
    // low six bits): a cheap test that rules most of the article's words out
    let mut firsts = [0u64; 64];
    for w in wanted.keys() {
        firsts[w.len().min(63)] |= 1 << (w.as_bytes().first().copied().unwrap_or(0) & 63);
    }
    let may = |len: usize, first: u8| firsts[len.min(63)] >> (first & 63) & 1 == 1;
    let mut missing = wanted.len();
    let mut meet = |word: &str| {
        if let Some(found) = wanted.get_mut(word).filter(|found| !**found) {
            *found = true;
            missing -= 1;
        }
        missing == 0
    };
    let mut buffer = [0u8; 64];
    for &line in body {
        if line.is_ascii() {
            // ASCII: its words are those of its lower case, lowered one by one when of a wanted length
            let done = ascii_words(line.as_bytes()).any(|(a, b)| {
                if !may(b - a, line.as_bytes()[a].to_ascii_lowercase()) {
                    return false;
                }
                let Some(low) = buffer.get_mut(..b - a) else { return meet(&line[a..b].to_ascii_lowercase()) };
                low.copy_from_slice(&line.as_bytes()[a..b]);
                low.make_ascii_lowercase();
                meet(std::str::from_utf8(low).expect("ASCII"))
            });
            if done {
                return;
            }
            continue;
        }
        let line = lower(line);
        for (a, b) in apostrophe_word_spans(&line) {
            if may(b - a, line.as_bytes()[a]) && meet(&line[a..b]) {
                return;
            }
        }
    }
}

/// `apostrophe_word_spans` of an ASCII text: runs of word bytes, an apostrophe between two
/// joining them.
fn ascii_words(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut at = 0;
    std::iter::from_fn(move || {
        at += bytes.get(at..)?.iter().position(|&b| word(b))?;
        let start = at;
        loop {
            at += bytes[at..].iter().position(|&b| !word(b)).unwrap_or(bytes.len() - at);
            if bytes.get(at) == Some(&b'\'') && bytes.get(at + 1).is_some_and(|&b| word(b)) {
                at += 1;
            } else {
                return Some((start, at));
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_as_apostrophe_words() {
        for text in ["", "a", "l'ecole a''b x'y' 'z", "it's 'quoted' _a_ b2 ", "'a", "a'", "a'b'c d'"] {
            let words: Vec<(usize, usize)> = ascii_words(text.as_bytes()).collect();
            assert_eq!(words, apostrophe_word_spans(text), "{text:?}");
        }
    }
}
