//! langdetect's language profiles, read natively: parsing its 55 JSON profiles into Python
//! dictionaries took a tenth of a second at start-up. What `cleaner.stages.language` asks of
//! them is langdetect's n-gram table, `DetectorFactory.word_lang_prob_map`: whether an
//! n-gram is in some profile, and its probability in each.
//!
//! The 87,598 distinct n-grams are kept one after another in one string, found through a
//! hash table of their indices, and their 184,129 counts in one vector: a handful of
//! allocations where a map of strings to lists makes two per n-gram.

use std::borrow::Cow;
use std::fmt;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// One profile file as langdetect ships it.
#[derive(Deserialize)]
struct Profile<'a> {
    name: String,
    #[serde(borrow)]
    freq: Counts<'a>,
    n_words: Vec<u64>,
}

/// A profile's n-gram counts in file order.
struct Counts<'a>(Vec<(Text<'a>, u64)>);

/// An n-gram as the JSON text has it, read in place when it has no escape.
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Counts<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = Counts<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of n-grams to counts")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(pair) = map.next_entry::<Text<'de>, u64>()? {
                    pairs.push(pair);
                }
                Ok(Counts(pairs))
            }
        }
        deserializer.deserialize_map(Pairs)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Str;
        impl<'de> Visitor<'de> for Str {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an n-gram")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(text)))
            }
            fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(text.to_string())))
            }
        }
        deserializer.deserialize_str(Str)
    }
}

/// One count: the profile, its count, and the n-gram's next count (`NONE`: the last).
struct Count {
    profile: u32,
    count: u64,
    next: u32,
}

const NONE: u32 = u32::MAX;

/// The profiles, in the order given: their names, n-gram counts per length, and every
/// n-gram's counts.
pub struct Profiles {
    pub names: Vec<String>,
    n_words: Vec<Vec<u64>>,
    /// the distinct n-grams, one after another
    text: String,
    /// each distinct n-gram's end in `text` and its last count in `counts`
    ends: Vec<(u32, u32)>,
    /// indices into `ends`, hashed by their n-gram
    table: HashTable<u32>,
    counts: Vec<Count>,
}

impl Profiles {
    /// The profiles in these JSON texts, in this order; an error naming the one that does not read.
    pub fn from_json(texts: &[String]) -> Result<Profiles, String> {
        let mut profiles = Profiles {
            names: Vec::with_capacity(texts.len()),
            n_words: Vec::with_capacity(texts.len()),
            text: String::new(),
            ends: Vec::new(),
            table: HashTable::new(),
            counts: Vec::new(),
        };
        for (index, text) in texts.iter().enumerate() {
            let profile: Profile =
                serde_json::from_str(text).map_err(|err| format!("profile {index} does not read: {err}"))?;
            for (word, count) in profile.freq.0 {
                profiles.add(&word.0, index as u32, count);
            }
            profiles.names.push(profile.name);
            profiles.n_words.push(profile.n_words);
        }
        Ok(profiles)
    }

    /// The n-gram numbered `id` (as `id` gives them).
    pub fn word(&self, id: u32) -> &str {
        word_at(&self.text, &self.ends, id)
    }

    /// The number of `word` in the table, if some profile has it.
    pub fn id(&self, word: &str) -> Option<u32> {
        self.find(word)
    }

    fn find(&self, word: &str) -> Option<u32> {
        self.table.find(FxBuildHasher.hash_one(word), |&id| self.word(id) == word).copied()
    }

    fn add(&mut self, word: &str, profile: u32, count: u64) {
        let at = self.counts.len() as u32;
        // a profile names an n-gram once (a JSON object's keys), so its last count is another profile's
        let next = match self.find(word) {
            Some(id) => std::mem::replace(&mut self.ends[id as usize].1, at),
            None => {
                let id = self.ends.len() as u32;
                self.text.push_str(word);
                self.ends.push((self.text.len() as u32, at));
                let (text, ends) = (&self.text, &self.ends);
                self.table.insert_unique(FxBuildHasher.hash_one(word), id, |&id| {
                    FxBuildHasher.hash_one(word_at(text, ends, id))
                });
                NONE
            }
        };
        self.counts.push(Count { profile, count, next });
    }

    /// Whether some profile has `word`.
    pub fn contains(&self, word: &str) -> bool {
        self.find(word).is_some()
    }

    /// `word`'s probability in each profile, as `DetectorFactory.add_profile` computes it:
    /// its count over the profile's number of n-grams of its length (0.0 where the profile
    /// lacks it, and for n-grams longer than 3); None when no profile has it.
    pub fn probabilities(&self, word: &str) -> Option<Vec<f64>> {
        let mut probs = Vec::with_capacity(self.names.len());
        self.push_probabilities(word, &mut probs).then_some(probs)
    }

    /// `probabilities(word)` appended to `out` (one value per profile), without a vector of
    /// its own; false, and `out` left as it was, when no profile has `word`.
    pub fn push_probabilities(&self, word: &str, out: &mut Vec<f64>) -> bool {
        let Some(id) = self.find(word) else {
            return false;
        };
        let base = out.len();
        out.resize(base + self.names.len(), 0.0);
        let probs = &mut out[base..];
        let length = word.chars().count();
        if (1..=3).contains(&length) {
            let mut at = self.ends[id as usize].1;
            while at != NONE {
                let Count { profile, count, next } = self.counts[at as usize];
                if let Some(&total) = self.n_words[profile as usize].get(length - 1) {
                    probs[profile as usize] = count as f64 / total as f64;
                }
                at = next;
            }
        }
        true
    }

    /// How many distinct n-grams the profiles have.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the profiles have no n-gram at all.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Every n-gram some profile has, sorted.
    pub fn words(&self) -> Vec<&str> {
        let mut words: Vec<&str> = (0..self.ends.len() as u32).map(|id| self.word(id)).collect();
        words.sort_unstable();
        words
    }
}

/// The n-gram `id` of `text`, which ends where `ends[id]` says and starts where the one before ends.
fn word_at<'a>(text: &'a str, ends: &[(u32, u32)], id: u32) -> &'a str {
    let start = if id == 0 { 0 } else { ends[id as usize - 1].0 as usize };
    &text[start..ends[id as usize].0 as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles() -> Profiles {
        Profiles::from_json(&[
            r#"{"freq":{"a":3,"ab":1,"abcd":5},"n_words":[6,4,2],"name":"xx"}"#.to_string(),
            r#"{"freq":{"a":1,"\u00e9":2},"n_words":[4,1,1],"name":"yy"}"#.to_string(),
        ])
        .unwrap()
    }

    #[test]
    fn probabilities_per_profile_by_length() {
        let p = profiles();
        assert_eq!(p.names, ["xx", "yy"]);
        assert_eq!(p.probabilities("a"), Some(vec![0.5, 0.25]));
        assert_eq!(p.probabilities("ab"), Some(vec![0.25, 0.0]));
        assert_eq!(p.probabilities("é"), Some(vec![0.0, 0.5]));
        assert_eq!(p.probabilities("abcd"), Some(vec![0.0, 0.0]));
        assert_eq!(p.probabilities("zz"), None);
        assert!(p.contains("abcd") && !p.contains("b") && !p.contains(""));
        assert_eq!(p.words(), ["a", "ab", "abcd", "é"]);
        assert_eq!(p.len(), 4);
    }

    #[test]
    fn a_profile_that_does_not_read_is_named() {
        let err = Profiles::from_json(&["{}".to_string()]).err().unwrap();
        assert!(err.starts_with("profile 0 does not read"), "{err}");
    }
}
