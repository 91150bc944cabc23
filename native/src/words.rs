//! What the text model's measures ask of a word, found with one lookup: whether it is a stop
//! word of the page's language, and its log-odds of content in the model's word table (the
//! `lex` measures). A page's lines count their stop words and add up their log-odds in one
//! pass over their words (`lines::count_words`). A word of up to 15 bytes is looked for by
//! its bytes packed in two integers, read from its line at once (the key held in the table
//! itself: no string compared, none read elsewhere in memory); a longer one in a map of strings.

use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

/// Bytes readable past a word's start in the text `Table::get_in` reads it from.
pub const PAD: usize = 16;
/// The longest word packed in a `Key`.
const PACKED: usize = 15;

/// A word of up to `PACKED` bytes: its bytes, zeros after them, its length in the last byte.
type Key = [u64; 2];

/// The key of the word of `len` bytes (up to `PACKED`) that opens `chunk`.
#[inline]
fn key_of(chunk: &[u8; 16], len: usize) -> Key {
    let low = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
    let high =
        u64::from_le_bytes([chunk[8], chunk[9], chunk[10], chunk[11], chunk[12], chunk[13], chunk[14], chunk[15]]);
    let bits = 8 * len as u32;
    let low_mask = if len >= 8 { u64::MAX } else { (1u64 << bits) - 1 };
    let high_mask = if len > 8 { (1u64 << (bits - 64)) - 1 } else { 0 };
    [low & low_mask, (high & high_mask) | ((len as u64) << 56)]
}

/// The key of `word`, when it has up to `PACKED` bytes.
fn key(word: &[u8]) -> Option<Key> {
    let mut chunk = [0u8; 16];
    chunk.get_mut(..word.len()).filter(|_| word.len() <= PACKED)?.copy_from_slice(word);
    Some(key_of(&chunk, word.len()))
}

#[inline]
fn hash(key: &Key) -> u64 {
    let mut hasher = FxBuildHasher.build_hasher();
    hasher.write_u64(key[0]);
    hasher.write_u64(key[1]);
    hasher.finish()
}

/// What the table knows of one word.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Known {
    pub stop: bool,
    /// its log-odds in the word table (None: not in it)
    pub lex: Option<f64>,
}

/// The stop words and the word table, merged.
pub struct Table {
    /// the words of up to `PACKED` bytes
    packed: HashTable<(Key, Known)>,
    /// the longer ones
    long: FxHashMap<String, Known>,
    /// whether there is a word table with words in it (else the `lex` measures are 0)
    pub has_lexicon: bool,
}

impl Table {
    /// The table of these stop words and this word table (None: none).
    pub fn new(stopwords: &FxHashSet<String>, lexicon: Option<&FxHashMap<String, f64>>) -> Table {
        let lexicon = lexicon.filter(|l| !l.is_empty());
        let mut table = Table { packed: HashTable::new(), long: FxHashMap::default(), has_lexicon: lexicon.is_some() };
        for word in stopwords {
            table.entry(word).stop = true;
        }
        for (word, &value) in lexicon.into_iter().flatten() {
            table.entry(word).lex = Some(value);
        }
        table
    }

    /// What the table holds of `word`, a default `Known` put in first when it holds nothing.
    fn entry(&mut self, word: &str) -> &mut Known {
        let Some(key) = key(word.as_bytes()) else { return self.long.entry(word.to_string()).or_default() };
        let entry = self.packed.entry(hash(&key), |e| e.0 == key, |e| hash(&e.0));
        &mut entry.or_insert((key, Known::default())).into_mut().1
    }

    #[inline]
    fn find(&self, key: Key) -> Known {
        self.packed.find(hash(&key), |e| e.0 == key).map_or_else(Known::default, |e| e.1)
    }

    /// What the table knows of `word` (nothing: a default `Known`).
    pub fn get(&self, word: &str) -> Known {
        match key(word.as_bytes()) {
            Some(key) => self.find(key),
            None => self.long.get(word).copied().unwrap_or_default(),
        }
    }

    /// `get` of the word at bytes `a..b` of `text`, which holds `PAD` bytes more past `a`
    /// (read at once).
    #[inline]
    pub fn get_in(&self, text: &[u8], a: usize, b: usize) -> Known {
        let len = b - a;
        match text.get(a..a + PAD).and_then(|c| <&[u8; 16]>::try_from(c).ok()) {
            Some(chunk) if len <= PACKED => self.find(key_of(chunk, len)),
            _ => self.get(std::str::from_utf8(&text[a..b]).unwrap_or_default()),
        }
    }
}

/// A line's words' log-odds added up in order (unknown words 0), and how many the table knows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Lex {
    pub total: f64,
    pub known: usize,
}

impl Lex {
    /// `known` added (its log-odds, and one more known word when the table has it).
    #[inline]
    pub fn add(&mut self, known: Known) {
        self.total += known.lex.unwrap_or(0.0);
        self.known += usize::from(known.lex.is_some());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_a_stop_word_and_in_the_table_at_once() {
        let stop: FxHashSet<String> = ["the", "of"].iter().map(|w| w.to_string()).collect();
        let lex: FxHashMap<String, f64> = [("the".to_string(), 0.5), ("menu".to_string(), -2.0)].into_iter().collect();
        let table = Table::new(&stop, Some(&lex));
        assert!(table.has_lexicon);
        assert_eq!(table.get("the"), Known { stop: true, lex: Some(0.5) });
        assert_eq!(table.get("of"), Known { stop: true, lex: None });
        assert_eq!(table.get("menu"), Known { stop: false, lex: Some(-2.0) });
        assert_eq!(table.get("news"), Known::default());
        let mut sum = Lex::default();
        for w in ["the", "menu", "news"] {
            sum.add(table.get(w));
        }
        assert_eq!(sum, Lex { total: 0.5 + -2.0 + 0.0, known: 2 });
        assert!(!Table::new(&stop, Some(&FxHashMap::default())).has_lexicon);
        assert_eq!(Table::new(&stop, None).get("menu"), Known::default());
    }

    #[test]
    fn words_of_every_length_found_and_no_other() {
        // lengths around the packed limit, prefixes of each other, a NUL (no word has one, but
        // the key's zeros must not make it one with a shorter word), non-ASCII bytes
        let letters = "abcdefghijklmnopqrstuvwxyzäöü_0123456789";
        let words: Vec<String> = (0..40).map(|n| letters.chars().take(n).collect()).collect();
        let stop: FxHashSet<String> = words.iter().step_by(2).cloned().chain(["xy\0".to_string()]).collect();
        let lex: FxHashMap<String, f64> = words.iter().enumerate().map(|(k, w)| (w.clone(), k as f64)).collect();
        let table = Table::new(&stop, Some(&lex));
        for (k, w) in words.iter().enumerate() {
            let want = Known { stop: k % 2 == 0, lex: Some(k as f64) };
            assert_eq!(table.get(w), want, "{w:?}");
            // read from a line: the word, what follows it, the padding
            let line = format!("{w}~more words{}", " ".repeat(PAD));
            assert_eq!(table.get_in(line.as_bytes(), 0, w.len()), want, "{w:?}");
            let line = format!("x {w}{}", " ".repeat(PAD));
            assert_eq!(table.get_in(line.as_bytes(), 2, 2 + w.len()), want, "{w:?}");
            let other = format!("{w}~");
            assert_eq!(table.get(&other), Known::default(), "{other:?}");
        }
        assert!(table.get("xy\0").stop && !table.get("xy").stop && table.get("xy\0\0") == Known::default());
    }
}
