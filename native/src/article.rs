//! The words a headline candidate shares with the article (`cleaner.headline`): the
//! candidates' words looked for in the article's lines, lowered as `str.lower` lowers them.

use rustc_hash::FxHashMap;

use crate::chars::{is_word, lower_into};
#[cfg(test)]
use crate::shapes::apostrophe_word_spans;

/// Which of `wanted` (words of the candidates, lower case, no stop words) the article has:
/// each marked true when met in `body`, its lines lowered one by one (`str.lower` of their
/// join: neither a word nor the final sigma's context crosses a line end).
pub fn mark_words(body: &[&str], wanted: &mut FxHashMap<String, bool>) {
    // a word is looked up only when some wanted word has its length, its first and its last
    // byte (by their low five bits: the letters' case aside): a cheap test that rules most of
    // the article's words out
    let slot = |word: &[u8]| match word {
        [first, .., last] | [first @ last] => {
            word.len().min(31) << 10 | usize::from(first & 31) << 5 | usize::from(last & 31)
        }
        [] => 0,
    };
    let mut seen = vec![0u64; 1 << 9];
    for w in wanted.keys() {
        let at = slot(w.as_bytes());
        seen[at >> 6] |= 1 << (at & 63);
    }
    let may = |word: &[u8]| {
        let at = slot(word);
        seen[at >> 6] >> (at & 63) & 1 == 1
    };
    let mut missing = wanted.len();
    let mut lowered = String::new();
    let mut buffer = [0u8; 64];
    let mut words = WordBits::default();
    for &line in body {
        // ASCII: its words are those of its lower case, lowered one by one when they may be wanted
        let ascii = line.is_ascii();
        let text = if ascii {
            line
        } else {
            lowered.clear();
            lower_into(line, &mut lowered);
            &lowered
        };
        let done = words.each(text, |a, b| {
            let bytes = &text.as_bytes()[a..b];
            if !may(bytes) {
                return false;
            }
            let found = if !ascii {
                wanted.get_mut(&text[a..b])
            } else if let Some(low) = buffer.get_mut(..b - a) {
                low.copy_from_slice(bytes);
                low.make_ascii_lowercase();
                wanted.get_mut(std::str::from_utf8(low).expect("ASCII"))
            } else {
                wanted.get_mut(&text[a..b].to_ascii_lowercase())
            };
            if let Some(found) = found.filter(|found| !**found) {
                *found = true;
                missing -= 1;
            }
            missing == 0
        });
        if done {
            return;
        }
    }
}

/// The bytes of a text in words (`apostrophe_word_spans`), one bit each: read without a
/// branch a byte, where telling each byte in turn whether it ends a word mispredicts twice a word.
#[derive(Default)]
pub struct WordBits(Vec<u64>);

impl WordBits {
    /// Sets the bits of `text`'s word characters (`\w`: all the bytes of each), then those of
    /// each apostrophe between two of them.
    fn read(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let bits = &mut self.0;
        bits.clear();
        bits.resize(bytes.len().div_ceil(64), 0);
        let mut at = 0;
        while at < bytes.len() {
            // eight ASCII bytes at a time, told without a branch (words start and end too often
            // for a branch on each byte to be guessed)
            if let Some(eight) = bytes.get(at..at + 8).map(|e| u64::from_le_bytes(e.try_into().expect("8 bytes"))) {
                if eight & 0x8080_8080_8080_8080 == 0 {
                    let found = u64::from(ascii_word_bits(eight));
                    bits[at >> 6] |= found << (at & 63);
                    if at & 63 > 56 {
                        bits[(at >> 6) + 1] |= found >> (64 - (at & 63));
                    }
                    at += 8;
                    continue;
                }
            }
            let c = text[at..].chars().next().expect("a character starts here");
            if is_word(c) {
                (at..at + c.len_utf8()).for_each(|i| bits[i >> 6] |= 1 << (i & 63));
            }
            at += c.len_utf8();
        }
        let bit = |bits: &[u64], i: usize| bits.get(i >> 6).is_some_and(|b| b >> (i & 63) & 1 == 1);
        for (at, len) in apostrophes(bytes) {
            if at > 0 && bit(bits, at - 1) && bit(bits, at + len) {
                (at..at + len).for_each(|i| bits[i >> 6] |= 1 << (i & 63));
            }
        }
    }

    /// Calls `each(start, end)` for each word of `text` (`apostrophe_word_spans`) in turn
    /// until it returns true; returns whether it did.
    pub fn each(&mut self, text: &str, mut each: impl FnMut(usize, usize) -> bool) -> bool {
        self.read(text);
        let (mut before, mut start) = (0u64, 0);
        for (k, &bits) in self.0.iter().enumerate() {
            let shifted = bits << 1 | before; // bit i: byte i - 1 in a word
            let (mut starts, mut ends) = (bits & !shifted, !bits & shifted);
            before = bits >> 63;
            while starts | ends != 0 {
                let (s, e) = (starts.trailing_zeros(), ends.trailing_zeros());
                if e < s {
                    if each(start, k * 64 + e as usize) {
                        return true;
                    }
                    ends &= ends - 1;
                } else {
                    start = k * 64 + s as usize;
                    starts &= starts - 1;
                }
            }
        }
        before == 1 && each(start, text.len())
    }
}

/// Which of eight ASCII bytes (little-endian) are word bytes (`\w`), one bit each: their
/// ranges (digits, letters of either case, `_`) told apart in one go, each byte's answer in its
/// high bit (`b + 128 - lo` has it when `b >= lo`), the eight high bits then gathered.
fn ascii_word_bits(x: u64) -> u8 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let splat = |b: u8| u64::from(b) * 0x0101_0101_0101_0101;
    let within = |x: u64, lo: u8, hi: u8| (x + splat(128 - lo)) & !(x + splat(127 - hi));
    let words = (within(x, b'0', b'9') | within(x | splat(0x20), b'a', b'z') | within(x, b'_', b'_')) & HIGH;
    ((words >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// The apostrophes of a text (' and ’): where each starts, and its length.
fn apostrophes(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    memchr::memchr2_iter(b'\'', 0x99, bytes).filter_map(|at| match bytes[at] {
        b'\'' => Some((at, 1)),
        _ => (at >= 2 && bytes[at - 2..at] == [0xe2, 0x80]).then(|| (at - 2, 3)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `re`'s `\w` of each ASCII byte.
    static ASCII_WORD: [bool; 128] = {
        let mut table = [false; 128];
        let mut b = 0;
        while b < 128 {
            table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
            b += 1;
        }
        table
    };

    fn words(text: &str) -> Vec<(usize, usize)> {
        let mut words = Vec::new();
        WordBits::default().each(text, |a, b| {
            words.push((a, b));
            false
        });
        words
    }

    #[test]
    fn words_as_apostrophe_words() {
        for text in [
            "",
            "a",
            "l'ecole a''b x'y' 'z",
            "it's 'quoted' _a_ b2 ",
            "'a",
            "a'",
            "a'b'c d'",
            "l’été d’’a x’",
            "é’é ’a a’ é'",
            "Ωμέγα 文字 x\u{300}y ٣٤ a\u{a0}b",
            "a’\u{10400}",
        ] {
            assert_eq!(words(text), apostrophe_word_spans(text), "{text:?}");
        }
        let pieces = ["ab", " ", "'", "’", "é", "x’y", "-", "Ω", "9_", "a'b c", "\u{10400}", "\u{300}"];
        for n in 0..20_000usize {
            // long texts: the pieces picked by the digits of `n`, again and again
            let text: String = (0..60).map(|k| pieces[(n / (k % 7 + 1) + k * n) % pieces.len()]).collect();
            assert_eq!(words(&text), apostrophe_word_spans(&text), "{text:?}");
        }
        let mut seen = Vec::new();
        assert!(WordBits::default().each("a b c", |a, b| {
            seen.push((a, b));
            b == 3
        }));
        assert_eq!(seen, [(0, 1), (2, 3)]);
    }

    #[test]
    fn word_bytes_told_eight_at_a_time() {
        for b in 0..128u8 {
            for at in 0..8 {
                let mut eight = [b' '; 8];
                eight[at] = b;
                let expected = (0..8).filter(|&i| ASCII_WORD[usize::from(eight[i])]).map(|i| 1 << i).sum::<u8>();
                assert_eq!(ascii_word_bits(u64::from_le_bytes(eight)), expected, "{b} at {at}");
            }
        }
        let eight = *b"a_Z9 -'~";
        assert_eq!(ascii_word_bits(u64::from_le_bytes(eight)), 0b1111);
    }

    #[test]
    fn words_marked_as_the_article_has_them() {
        let mut wanted: FxHashMap<String, bool> =
            ["été", "école", "xyz", "οδος", "οδοσ", "it's"].iter().map(|w| (w.to_string(), false)).collect();
        // the line lowered whole: no final sigma before ".Α"; an apostrophe joins "l'école"
        mark_words(&["ÉTÉ à l'École", "IT'S", "ΟΔΟΣ.Α"], &mut wanted);
        let marked: Vec<&str> =
            ["été", "école", "xyz", "οδος", "οδοσ", "it's"].into_iter().filter(|w| wanted[*w]).collect();
        assert_eq!(marked, ["été", "οδοσ", "it's"]);
    }
}
