//! Lines made only of the items of one phrase list (menus, share bars): what CPython finds with
//! `(?<!\w)(?:item|item...)(?!\w)` (IGNORECASE), its `sub` taking every item out of the line
//! and no letter or digit left behind (`cleaner.stage.ItemLineRule`).
//!
//! The `regex` crate has neither look-around. An item is searched anchored, only where CPython
//! could start one that leaves no word behind: at the positions between the end of the last
//! item and the next word character, where no word character precedes (the look-behind). The
//! look-ahead is matched as the character after the item (not one of CPython's `\w`, or the
//! end of the line). The items are tried in the list's order, as CPython's alternation tries
//! them. A `\b` that ends an item after a word character goes: the look-ahead says the same.

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};

use crate::chars::is_word;
use crate::phrases::folded;
use crate::syntax::{python_word_ranges, translate, without_final_boundary};

/// One list of items, compiled (see the module).
pub struct Items {
    regex: Regex,
}

impl Items {
    /// The list `items`, tried in this order; an error for a phrase the native engine cannot
    /// read, or a list that matches an empty text (CPython's `sub` would take out nothing and go on).
    pub fn new(items: &[String]) -> Result<Items, String> {
        let parts: Vec<String> = items
            .iter()
            .map(|item| translate(without_final_boundary(item), true).map(|p| format!("(?:{p})")))
            .collect::<Result<_, _>>()?;
        let source = format!(r"(?i:{})(?:[^{}]|\z)", parts.join("|"), python_word_ranges());
        let regex = Regex::new(&source).map_err(|err| format!("item list does not compile: {err}"))?;
        if regex.is_match("") {
            return Err("an item of the list matches an empty text".to_string());
        }
        Ok(Items { regex })
    }

    /// Whether `text` is made only of items: CPython's `sub` takes at least one out, and what
    /// is left has no `\w` character.
    pub fn only_items(&self, text: &str) -> bool {
        match folded(text) {
            Some(folded) => self.only_items_folded(&folded),
            None => self.only_items_folded(text),
        }
    }

    fn only_items_folded(&self, text: &str) -> bool {
        let (mut at, mut found) = (0, false);
        loop {
            let Some(word) = text[at..].find(is_word).map(|i| at + i) else { return found };
            let starts = text[at..word].char_indices().map(|(i, _)| at + i).chain([word]);
            let Some(end) = starts
                .filter(|&s| text[..s].chars().next_back().is_none_or(|c| !is_word(c)))
                .find_map(|s| self.regex.search(&Input::new(text).range(s..).anchored(Anchored::Yes)))
                .map(|m| m.end())
            else {
                return false; // the word character at `word` stays
            };
            found = true;
            // the match took the character after the item, unless it ended with the text (then
            // what is left is that character or nothing: no word either way)
            at = if end == text.len() { end } else { end - text[..end].chars().next_back().map_or(0, char::len_utf8) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(list: &[&str]) -> Items {
        Items::new(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn a_line_of_items_and_separators() {
        let chrome = items(&["accueil", "suivre ce blog", "créer mon blog", "top"]);
        assert!(chrome.only_items("Accueil | Suivre ce blog + Créer mon blog"));
        assert!(!chrome.only_items("Accueil du public") && !chrome.only_items("» · «"));
        assert!(!chrome.only_items("topaccueil") && !chrome.only_items("Accueil_"));
        assert!(chrome.only_items("TOP… ACCUEIL") && chrome.only_items("«Top» — accueil"));
    }

    #[test]
    fn the_first_item_that_ends_at_a_word_end() {
        let list = items(&["sign in", "sign", "in x"]);
        assert!(!list.only_items("sign in x") && list.only_items("sign in"));
        assert!(items(&["a", "ab"]).only_items("ab") && !items(&["a", "b"]).only_items("ab"));
        assert!(Items::new(&["x?".to_string()]).is_err());
    }
}
