//! What the text model's measures ask of a word, found with one lookup: whether it is a stop
//! word of the page's language, and its log-odds of content in the model's word table (the
//! `lex` measures). A page's lines count their stop words and add up their log-odds in one
//! pass over their words (`lines::count_words`).

use rustc_hash::{FxHashMap, FxHashSet};

/// What the table knows of one word.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Known {
    pub stop: bool,
    /// its log-odds in the word table (None: not in it)
    pub lex: Option<f64>,
}

/// The stop words and the word table, merged.
pub struct Table {
    map: FxHashMap<String, Known>,
    /// whether there is a word table with words in it (else the `lex` measures are 0)
    pub has_lexicon: bool,
}

impl Table {
    /// The table of these stop words and this word table (None: none).
    pub fn new(stopwords: &FxHashSet<String>, lexicon: Option<&FxHashMap<String, f64>>) -> Table {
        let lexicon = lexicon.filter(|l| !l.is_empty());
        let mut map: FxHashMap<String, Known> = FxHashMap::default();
        map.reserve(stopwords.len() + lexicon.map_or(0, |l| l.len()));
        for word in stopwords {
            map.insert(word.clone(), Known { stop: true, lex: None });
        }
        for (word, &value) in lexicon.into_iter().flatten() {
            map.entry(word.clone()).or_default().lex = Some(value);
        }
        Table { map, has_lexicon: lexicon.is_some() }
    }

    /// What the table knows of `word` (nothing: a default `Known`).
    #[inline]
    pub fn get(&self, word: &str) -> Known {
        self.map.get(word).copied().unwrap_or_default()
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
}
