//! A list of words searched as whole words in one pass over the text.
//!
//! The reader asks of nearly every line whether it mentions any word of a list ("gap" words,
//! done states, score labels …), and the lists hold words in sixteen languages. Searching word
//! by word made that cost (words × line length) the largest part of reading a report; one
//! Aho-Corasick automaton per list, built on first use, scans the line once and checks word
//! boundaries only where an entry matched.

use std::ops::Deref;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use super::is_word_boundary;

/// An entry of a list: a word alone, or a word with what it means.
pub trait Entry {
    fn word(&self) -> &'static str;
}

impl Entry for &'static str {
    fn word(&self) -> &'static str {
        self
    }
}

impl<T> Entry for (&'static str, T) {
    fn word(&self) -> &'static str {
        self.0
    }
}

/// A `static` list of lowercase words or phrases (see [`words`](super::words)). It derefs to
/// its entries, so it reads like the slice it is.
pub struct WordList<E: 'static> {
    entries: &'static [E],
    automaton: OnceLock<Option<AhoCorasick>>,
}

impl<E: Entry> WordList<E> {
    pub const fn new(entries: &'static [E]) -> Self {
        Self { entries, automaton: OnceLock::new() }
    }

    /// Every whole-word occurrence of an entry in `lowered`, as (byte offset, entry index), in
    /// no particular order. Linear in the text and the number of occurrences.
    pub fn occurrences<'h>(&'h self, lowered: &'h str) -> impl Iterator<Item = (usize, usize)> + 'h
    where
        E: 'h,
    {
        self.automaton()
            .into_iter()
            .flat_map(move |automaton| automaton.find_overlapping_iter(lowered))
            .filter(move |found| is_word_boundary(lowered, found.start(), found.end()))
            .map(|found| (found.start(), found.pattern().as_usize()))
    }

    /// Whether `lowered` holds any entry as whole words.
    pub fn found_in(&self, lowered: &str) -> bool {
        self.occurrences(lowered).next().is_some()
    }

    /// Whether any entry occurs in `text` at all, as a word or inside one: a prefilter before
    /// rewriting the text entry by entry.
    pub fn appears_in(&self, text: &str) -> bool {
        self.automaton().is_some_and(|automaton| automaton.is_match(text))
    }

    /// `text` with every occurrence of an entry (as a word or inside one) replaced by a space:
    /// phrases that would mislead a later search ("critical path", "go/no-go") taken out.
    pub fn blank_out(&self, mut text: String) -> String {
        if self.appears_in(&text) {
            for entry in self.entries {
                let word = entry.word();
                if !word.is_empty() && text.contains(word) {
                    text = text.replace(word, " ");
                }
            }
        }
        text
    }

    /// The entry that occurs first in `lowered` (the one listed first when two start at the
    /// same place), with its offset.
    pub fn earliest(&self, lowered: &str) -> Option<(usize, &'static E)> {
        self.occurrences(lowered).min().map(|(at, index)| (at, &self.entries[index]))
    }

    /// Among the entries found in `lowered`, the one listed first: lists put the more specific
    /// phrase ("not implemented") before the word it contains ("implemented").
    pub fn first_listed(&self, lowered: &str) -> Option<&'static E> {
        self.occurrences(lowered).map(|(_, index)| index).min().map(|index| &self.entries[index])
    }

    /// Each entry found in `lowered` at its first occurrence, as (entry index, byte offset), in
    /// the list's order: for rules that try the entries one after another.
    pub fn each_found(&self, lowered: &str) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> =
            self.occurrences(lowered).map(|(at, index)| (index, at)).collect();
        found.sort_unstable();
        found.dedup_by_key(|(index, _)| *index);
        found
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                // An empty entry would match everywhere; no list has one (a test checks), and
                // should one slip in it matches nothing, as a plain word search would.
                let words = self.entries.iter().map(|entry| match entry.word() {
                    "" => "\u{0}\u{0}",
                    word => word,
                });
                AhoCorasick::new(words).ok()
            })
            .as_ref()
    }
}

impl<E> Deref for WordList<E> {
    type Target = [E];

    fn deref(&self) -> &[E] {
        self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::super::find_word;
    use super::*;
    use proptest::prelude::*;

    static FRUIT: WordList<&str> = WordList::new(&["pear", "apple pie", "apple", "né", "优先"]);

    #[test]
    fn finds_whole_words_only_and_says_which_came_first() {
        assert!(FRUIT.found_in("an apple a day"));
        assert!(!FRUIT.found_in("pineapples and pears"));
        assert_eq!(FRUIT.earliest("pear, then apple pie"), Some((0, &"pear")));
        assert_eq!(FRUIT.first_listed("apple pie and pear").copied(), Some("pear"));
        assert_eq!(FRUIT.earliest("apple pie").map(|(_, word)| *word), Some("apple pie"));
        assert!(FRUIT.found_in("高优先级"), "dense scripts match inside a run");
        assert!(FRUIT.appears_in("pineapples") && !FRUIT.appears_in("plum"));
        assert_eq!(FRUIT.each_found("apple, pear, apple"), vec![(0, 7), (2, 0)]);
        assert_eq!(FRUIT.blank_out("pineapple tart".to_owned()), "pine  tart");
    }

    proptest! {
        /// The automaton finds exactly what a word-by-word search finds.
        #[test]
        fn agrees_with_searching_word_by_word(text in "[a-z é优先,]{0,40}") {
            let by_word = FRUIT.iter().filter_map(|w| find_word(&text, w).map(|at| (at, *w))).min_by_key(|(at, _)| *at);
            let found = FRUIT.found_in(&text);
            prop_assert_eq!(found, by_word.is_some());
            if let (Some((at, _)), Some((expected, _))) = (FRUIT.earliest(&text), by_word) {
                prop_assert_eq!(at, expected);
            }
        }
    }
}
