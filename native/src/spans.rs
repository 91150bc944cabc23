//! Byte ranges of a line's words: CPython's `\w+` runs (an ASCII line read 64 bytes at a
//! time), and the words of a line in a script written without spaces.

use crate::chars::{is_cjk, is_word};

/// Byte ranges of the `\w+` runs of `text`.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    push_word_spans(text, &mut out);
    out
}

/// Bit `k` set where byte `k` of `chunk` (up to 64 bytes) is an ASCII word character (`\w`).
fn ascii_word_mask(chunk: &[u8]) -> u64 {
    chunk.iter().enumerate().fold(0u64, |mask, (k, &b)| {
        let word = (b | 0x20).wrapping_sub(b'a') < 26 || b.wrapping_sub(b'0') < 10 || b == b'_';
        mask | (u64::from(word) << k)
    })
}

/// `word_spans` of an ASCII text: the words' edges found 64 bytes at a time, from a mask of
/// the word characters.
fn push_ascii_word_spans(bytes: &[u8], out: &mut Vec<(usize, usize)>) {
    let mut open: Option<usize> = None; // where the word being read starts
    let mut carry = 0u64; // 1 when the chunk before ends in a word character
    for (c, chunk) in bytes.chunks(64).enumerate() {
        let mask = ascii_word_mask(chunk);
        let mut edges = mask ^ ((mask << 1) | carry);
        if chunk.len() < 64 {
            edges &= (1u64 << chunk.len()) - 1; // a word that ends the text is closed below
        }
        while edges != 0 {
            let k = edges.trailing_zeros() as usize;
            if mask >> k & 1 == 1 {
                open = Some(c * 64 + k);
            } else if let Some(start) = open.take() {
                out.push((start, c * 64 + k));
            }
            edges &= edges - 1;
        }
        carry = mask >> 63;
    }
    if let Some(start) = open {
        out.push((start, bytes.len()));
    }
}

/// `word_spans(text)` appended to `out`.
pub fn push_word_spans(text: &str, out: &mut Vec<(usize, usize)>) {
    if text.is_ascii() {
        push_ascii_word_spans(text.as_bytes(), out);
    } else {
        push_any_word_spans(text, out);
    }
}

/// `push_word_spans` of any text, a character at a time (ASCII by its byte).
fn push_any_word_spans(text: &str, out: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let (word, len) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric() || b == b'_', 1),
            _ => text[i..].chars().next().map_or((false, 1), |c| (is_word(c), c.len_utf8())),
        };
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
}

/// Byte ranges of the maximal runs of characters that pass `keep`.
pub fn runs(text: &str, keep: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (keep(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// `[CJK]|[^\W CJK]+`: each Han or kana character a word, and the runs of other word characters.
pub fn cjk_word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let cjk = is_cjk(c);
        let plain = !cjk && is_word(c);
        if !plain {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
        if cjk {
            out.push((i, i + c.len_utf8()));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_found_as_any_text_s() {
        let pieces = ["ab", " ", "_", "9", "-", "x'y", "\t", ".", "Z"];
        let mut seed = 7u64;
        for len in 0..300 {
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    pieces[(seed >> 33) as usize % pieces.len()]
                })
                .collect();
            let (mut ascii, mut any) = (Vec::new(), Vec::new());
            push_ascii_word_spans(text.as_bytes(), &mut ascii);
            push_any_word_spans(&text, &mut any);
            assert_eq!(ascii, any, "{text:?}");
        }
    }

    #[test]
    fn words() {
        let text = "l'été 2024";
        let spans: Vec<&str> = word_spans(text).iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(spans, ["l", "été", "2024"]);
        let cjk = "新闻abc的";
        let spans: Vec<&str> = cjk_word_spans(cjk).iter().map(|&(a, b)| &cjk[a..b]).collect();
        assert_eq!(spans, ["新", "闻", "abc", "的"]);
    }
}
