//! Byte ranges of a line's words: CPython's `\w+` runs (an ASCII line read 64 bytes at a
//! time), and the words of a line in a script written without spaces.

use crate::chars::{is_cjk, is_word};

/// Byte ranges of the `\w+` runs of `text`.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    push_word_spans(text, &mut out);
    out
}

/// Bit `k` set where byte `k` of `chunk` (up to 64 ASCII bytes) is a word character (`\w`),
/// found eight bytes at a time (`word_bits`).
fn ascii_word_mask(chunk: &[u8]) -> u64 {
    let mut mask = 0u64;
    let mut words = chunk.chunks_exact(8);
    for (k, eight) in words.by_ref().enumerate() {
        let eight: [u8; 8] = eight.try_into().unwrap_or_default();
        mask |= word_bits(u64::from_le_bytes(eight)) << (8 * k);
    }
    let rest = words.remainder();
    let mut last = [0u8; 8]; // NUL is no word character
    last[..rest.len()].copy_from_slice(rest);
    mask | (word_bits(u64::from_le_bytes(last)) << ((8 * (chunk.len() / 8)) % 64))
}

/// Eight ASCII bytes (the first in the low byte): bit `i` set where byte `i` is `[0-9A-Za-z_]`.
/// Each byte is below 0x80, so adding up to 0x80 to it never carries into the next: its high
/// bit then says whether it reached a bound.
fn word_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // high bit set where lo <= byte <= hi
    let within = |x: u64, lo: u8, hi: u8| (x + (0x80 - lo as u64) * ONES) & !(x + (0x7f - hi as u64) * ONES) & HIGH;
    let word = within(x, b'0', b'9') | within(x | (0x20 * ONES), b'a', b'z') | within(x, b'_', b'_');
    // the high bits gathered into the top byte, byte i's as bit i
    ((word >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
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
    fn every_ascii_byte_in_every_lane() {
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        for b in 0..128u8 {
            for lane in 0..8 {
                for filler in [0u8, b'a', b'_', 0x7f, b'@'] {
                    let mut eight = [filler; 8];
                    eight[lane] = b;
                    let want = (0..8).fold(0u64, |m, i| m | (u64::from(word(eight[i])) << i));
                    assert_eq!(word_bits(u64::from_le_bytes(eight)), want, "{b} in {lane}");
                }
            }
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
