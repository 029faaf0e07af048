//! Finds ASCII glossary phrases in prose by looking words up, not by running an
//! automaton over every byte.
//!
//! A phrase that starts with a word character can only match where a word starts (the
//! matcher rejects matches glued to a preceding word), and the word that starts there
//! must be exactly the phrase's first word. So each word of the text is looked up once,
//! by its first word, in a hash map; the few phrases that share that first word are
//! then compared byte for byte. Building the map for thousands of phrases takes a
//! fraction of a millisecond, where an aho-corasick automaton took tens.
//!
//! Phrases that start with something else ("#1", "(tm)") or whose first word is very
//! long go to a small aho-corasick automaton searched the classic way.

use super::eight_bytes::{
    eq_lower, load_lower, load_zero_padded, lower_ascii_letters, mask_of, Prefix,
};
use crate::markdown::text::{is_word_char, FirstAscii};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// First words longer than this go to the automaton (a word's length is a bit of a
/// `u64`).
const MAX_FIRST_WORD: usize = 63;

/// One distinct phrase and what it stands for.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry<T> {
    /// Lower-case ASCII.
    #[serde(with = "as_bytes")]
    phrase: Box<[u8]>,
    /// Whether the phrase ends with a word character (then the text must not go on
    /// with one).
    ends_with_word: bool,
    values: Vec<T>,
}

/// An entry as the word lookup first sees it: what follows its first word, and which
/// entry it is. Those of one first word lie side by side, so the few bytes that tell
/// them apart are read without visiting the entries.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Candidate {
    /// Up to eight bytes that follow the first word: most phrases that share a first
    /// word are told apart by one comparison of numbers.
    next: Prefix,
    /// Index into `entries`.
    id: u32,
}

/// The entries that share the hash of their first word.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct FirstWord {
    /// The first word's first eight bytes ([`load_lower`]): a first word of at most
    /// eight bytes is compared as one number.
    #[serde(with = "postcard::fixint::le")]
    first: u64,
    /// The first word's length.
    len: u8,
    /// Where its candidates are in [`PhraseIndex::candidates`].
    start: u32,
    end: u32,
    /// Whether two different first words have this hash: then every entry's first
    /// word is compared too (with 64-bit hashes of a glossary's words, practically
    /// never).
    mixed: bool,
}

/// ASCII phrases, found case-insensitively with word boundaries.
#[derive(Debug, Clone)]
pub struct PhraseIndex<T> {
    entries: Vec<Entry<T>>,
    /// [`fold_hash`] of a first word to the entries that start with it.
    by_first_word: HashMap<u64, FirstWord, BuildHasherDefault<HashIsKey>>,
    /// The candidates of each first word, side by side.
    candidates: Vec<Candidate>,
    /// `lengths[b]` has bit `n` set when some first word starts with byte `b` and is
    /// `n` bytes long: most words of prose are ruled out without hashing.
    lengths: Box<[u64; 128]>,
    /// Bit `h >> 48` set for the hash `h` of every first word: most words of prose
    /// that start no phrase are ruled out here, before the map is probed (8 KB, in the
    /// fastest cache).
    hash_bits: Box<[u64; 1024]>,
    /// Phrases the word lookup cannot find, and their entries.
    automaton: Option<(AhoCorasick, Vec<u32>)>,
    /// The bytes those phrases can start with, when there are at most three ("#" for
    /// "#1"): a text without any of them is not searched.
    automaton_starts: Option<FirstAscii>,
}

impl<T: Copy + PartialEq> PhraseIndex<T> {
    /// Indexes `phrases` (ASCII; compared case-insensitively). Identical phrases share
    /// one entry with all their values.
    pub fn new(phrases: impl IntoIterator<Item = (String, T)>) -> PhraseIndex<T> {
        // Identical phrases become one entry: sort (stably, so values keep their
        // order) and group; cheaper than hashing every phrase. Comparing the first
        // eight bytes as one number first spares most byte-by-byte comparisons.
        let mut all: Vec<(u64, Box<[u8]>, T)> = phrases
            .into_iter()
            .map(|(p, v)| {
                let key: Box<[u8]> = p.to_ascii_lowercase().into_bytes().into();
                (sort_prefix(&key), key, v)
            })
            .filter(|(_, p, _)| !p.is_empty())
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        let mut entries: Vec<Entry<T>> = Vec::new();
        for (_, key, value) in all {
            match entries.last_mut() {
                Some(last) if last.phrase == key => {
                    if !last.values.contains(&value) {
                        last.values.push(value);
                    }
                }
                _ => entries.push(Entry {
                    ends_with_word: key.last().is_some_and(|&b| is_ascii_word(b)),
                    phrase: key,
                    values: vec![value],
                }),
            }
        }
        let mut lengths = Box::new([0u64; 128]);
        let mut hash_bits = Box::new([0u64; 1024]);
        let mut others = Vec::new();
        // (hash of the first word, entry), grouped by hash with entries in order.
        let mut by_hash: Vec<(u64, u32)> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let first = first_word(&e.phrase);
            if first.is_empty() || first.len() > MAX_FIRST_WORD {
                others.push(i as u32);
                continue;
            }
            lengths[first[0] as usize] |= 1 << first.len();
            let hash = fold_hash(first, 0..first.len());
            let (slot, bit) = hash_bit(hash);
            hash_bits[slot] |= bit;
            by_hash.push((hash, i as u32));
        }
        by_hash.sort_unstable();
        let mut by_first_word: HashMap<u64, FirstWord, BuildHasherDefault<HashIsKey>> =
            HashMap::default();
        let mut candidates = Vec::with_capacity(by_hash.len());
        for group in by_hash.chunk_by(|a, b| a.0 == b.0) {
            let first = first_word(&entries[group[0].1 as usize].phrase);
            let start = candidates.len() as u32;
            candidates.extend(group.iter().map(|&(_, id)| Candidate {
                next: Prefix::of(&entries[id as usize].phrase[first.len()..]),
                id,
            }));
            by_first_word.insert(
                group[0].0,
                FirstWord {
                    first: load_lower(first),
                    // At most MAX_FIRST_WORD.
                    len: first.len() as u8,
                    start,
                    end: candidates.len() as u32,
                    mixed: group
                        .iter()
                        .any(|&(_, id)| first_word(&entries[id as usize].phrase) != first),
                },
            );
        }
        let (automaton, automaton_starts) = automaton_of(&entries, others);
        PhraseIndex {
            entries,
            by_first_word,
            candidates,
            lengths,
            hash_bits,
            automaton,
            automaton_starts,
        }
    }

    /// How many distinct phrases are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no phrase is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Calls `found` with the range and values of every match in `text`: case-insensitive,
    /// not glued to a word character at an end that is itself a word character. Matches
    /// may overlap.
    pub fn find(&self, text: &str, mut found: impl FnMut(Range<usize>, &[T])) {
        if self.entries.is_empty() {
            return;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut after_word = false;
        while i < bytes.len() {
            let b = bytes[i];
            if b >= 0x80 {
                let c = text[i..].chars().next().unwrap_or(' ');
                after_word = is_word_char(c);
                i += c.len_utf8();
                continue;
            }
            if !is_ascii_word(b) {
                after_word = false;
                i += 1;
                continue;
            }
            // A word: its end, and whether it is all ASCII (only those can be keys).
            let start = i;
            let mut ascii = true;
            loop {
                while i < bytes.len() && is_ascii_word(bytes[i]) {
                    i += 1;
                }
                if i >= bytes.len() || bytes[i] < 0x80 {
                    break;
                }
                let ch = text[i..].chars().next().unwrap_or(' ');
                if !is_word_char(ch) {
                    break;
                }
                ascii = false;
                i += ch.len_utf8();
            }
            if !after_word && ascii {
                self.lookup(text, start, i, &mut found);
            }
            after_word = true;
        }
        if let Some(starts) = self.automaton_starts {
            if starts.find(bytes).is_none() {
                return;
            }
        }
        if let Some((ac, ids)) = &self.automaton {
            for m in ac.find_overlapping_iter(text) {
                let e = &self.entries[ids[m.pattern().as_usize()] as usize];
                let starts_with_word = e.phrase.first().is_some_and(|&b| is_ascii_word(b));
                let glued_start = starts_with_word
                    && text[..m.start()]
                        .chars()
                        .next_back()
                        .is_some_and(is_word_char);
                let glued_end = e.ends_with_word && glued_after(text, m.end());
                if !glued_start && !glued_end {
                    found(m.range(), &e.values);
                }
            }
        }
    }

    /// The phrases whose first word is `text[start..end]`, checked in full at `start`.
    fn lookup(
        &self,
        text: &str,
        start: usize,
        end: usize,
        found: &mut impl FnMut(Range<usize>, &[T]),
    ) {
        let bytes = text.as_bytes();
        let len = end - start;
        if len > MAX_FIRST_WORD {
            return;
        }
        let first = bytes[start].to_ascii_lowercase();
        if self.lengths[first as usize] & (1 << len) == 0 {
            return;
        }
        // Hashed where it stands, without a lower-cased copy: this runs for most words
        // of the prose.
        let word = &bytes[start..end];
        let hash = fold_hash(bytes, start..end);
        let (slot, bit) = hash_bit(hash);
        if self.hash_bits[slot] & bit == 0 {
            return;
        }
        let Some(&same_hash) = self.by_first_word.get(&hash) else {
            return;
        };
        // The first word is compared once (for every entry only if the hash is shared
        // by another word), then the rest of each phrase, eight bytes first.
        // Loaded from the whole text, not from the word: eight bytes can be read at once
        // but at the very end.
        let word_start = lower_ascii_letters(load_zero_padded(bytes, start, len.min(8)));
        let same_word = |first: &[u8]| match len {
            ..=8 => first.len() == len && load_lower(first) == word_start,
            _ => eq_lower(word, first),
        };
        let first_of = |id: u32| first_word(&self.entries[id as usize].phrase);
        let candidates = &self.candidates[same_hash.start as usize..same_hash.end as usize];
        if !same_hash.mixed {
            // One first word: a short one is compared as a number, without visiting an
            // entry (a word of the text may share its hash and not its bytes).
            let same = match len {
                ..=8 => usize::from(same_hash.len) == len && same_hash.first == word_start,
                _ => candidates
                    .first()
                    .is_some_and(|c| same_word(first_of(c.id))),
            };
            if !same {
                return;
            }
        }
        let next = load_lower(&bytes[end..]);
        for candidate in candidates {
            if !candidate.next.starts(next)
                || (same_hash.mixed && !same_word(first_of(candidate.id)))
            {
                continue;
            }
            let e = &self.entries[candidate.id as usize];
            let phrase_end = start + e.phrase.len();
            // What follows the first word was compared with `next` when it is at most
            // eight bytes long: only the length of the text is left to check.
            let rest = &e.phrase[len..];
            let matches = bytes
                .get(end..phrase_end)
                .is_some_and(|t| rest.len() <= 8 || eq_lower(t, rest));
            if matches && !(e.ends_with_word && glued_after(text, phrase_end)) {
                found(start..phrase_end, &e.values);
            }
        }
    }
}

/// Where hash `hash` has its bit in [`PhraseIndex::hash_bits`]: the word and the bit.
fn hash_bit(hash: u64) -> (usize, u64) {
    let top = (hash >> 48) as usize;
    (top / 64, 1 << (top % 64))
}

/// A hash of the ASCII word `bytes[word]` that ignores case: each byte is ORed with
/// `0x20` before hashing, which lower-cases letters, leaves digits alone and turns `_`
/// into `0x7f`, a byte no word holds, so words that differ other than in case hash
/// apart (but for collisions, which the lookup's comparison of the first word absorbs).
fn fold_hash(bytes: &[u8], word: Range<usize>) -> u64 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let mut hasher = FxHasher::default();
    let mut at = word.start;
    while at < word.end {
        let n = (word.end - at).min(8);
        // Fold only the bytes the word has, so the padding stays zero.
        hasher.add(load_zero_padded(bytes, at, n) | (FOLD & mask_of(n)));
        at += n;
    }
    // A product's low bits depend only on its factors' low bits, and the map picks a
    // bucket by the low bits: fold the well-mixed high half in.
    let hash = hasher.finish();
    hash ^ (hash >> 32)
}

/// The automaton of the phrases the word lookup cannot find (`others`, entry numbers),
/// and the bytes they start with when those are few.
fn automaton_of<T>(
    entries: &[Entry<T>],
    others: Vec<u32>,
) -> (Option<(AhoCorasick, Vec<u32>)>, Option<FirstAscii>) {
    let mut starts: Vec<u8> = others
        .iter()
        .filter_map(|&i| entries.get(i as usize)?.phrase.first())
        .flat_map(|&b| [b, b.to_ascii_uppercase()])
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let automaton_starts = FirstAscii::of_distinct(&starts);
    let automaton = (!others.is_empty()).then(|| {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(
                others
                    .iter()
                    .filter_map(|&i| Some(&entries.get(i as usize)?.phrase)),
            )
            .expect("literal phrases always compile");
        (ac, others)
    });
    (automaton, automaton_starts)
}

/// An index as the glossary cache keeps it: everything [`PhraseIndex::new`] computes
/// except the automaton, which is rebuilt from its few entries ("#1" and the like)
/// when the index is read.
#[derive(Serialize)]
struct StoredRef<'a, T> {
    entries: &'a [Entry<T>],
    by_first_word: &'a HashMap<u64, FirstWord, BuildHasherDefault<HashIsKey>>,
    candidates: &'a [Candidate],
    lengths: &'a [u64],
    hash_bits: &'a [u64],
    others: &'a [u32],
}

/// [`StoredRef`] read back.
#[derive(Deserialize)]
struct Stored<T> {
    entries: Vec<Entry<T>>,
    by_first_word: HashMap<u64, FirstWord, BuildHasherDefault<HashIsKey>>,
    candidates: Vec<Candidate>,
    lengths: Vec<u64>,
    hash_bits: Vec<u64>,
    others: Vec<u32>,
}

impl<T: Serialize> Serialize for PhraseIndex<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StoredRef {
            entries: &self.entries,
            by_first_word: &self.by_first_word,
            candidates: &self.candidates,
            lengths: &self.lengths[..],
            hash_bits: &self.hash_bits[..],
            others: self.automaton.as_ref().map_or(&[], |(_, others)| others),
        }
        .serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for PhraseIndex<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let stored = Stored::<T>::deserialize(deserializer)?;
        let lengths: Box<[u64; 128]> = stored
            .lengths
            .into_boxed_slice()
            .try_into()
            .map_err(|_| D::Error::custom("a phrase index's length table has 128 slots"))?;
        let hash_bits: Box<[u64; 1024]> = stored
            .hash_bits
            .into_boxed_slice()
            .try_into()
            .map_err(|_| D::Error::custom("a phrase index's hash bits have 1024 words"))?;
        let (automaton, automaton_starts) = automaton_of(&stored.entries, stored.others);
        Ok(PhraseIndex {
            entries: stored.entries,
            by_first_word: stored.by_first_word,
            candidates: stored.candidates,
            lengths,
            hash_bits,
            automaton,
            automaton_starts,
        })
    }
}

/// A phrase's bytes as one byte string in the glossary cache (a sequence would be
/// read byte by byte).
mod as_bytes {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<[u8]>, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Box<[u8]>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a byte string")
            }
            fn visit_bytes<E>(self, bytes: &[u8]) -> Result<Box<[u8]>, E> {
                Ok(bytes.into())
            }
        }
        deserializer.deserialize_bytes(Bytes)
    }
}

/// A "hasher" for keys that are hashes already ([`fold_hash`]).
#[derive(Default, Clone, Copy)]
struct HashIsKey(u64);

impl Hasher for HashIsKey {
    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; anything else is hashed properly.
        let mut hasher = FxHasher(self.0);
        hasher.write(bytes);
        self.0 = hasher.finish();
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// `WORD_BYTE[b]`: whether ASCII byte `b` is a word character (a table lookup is the
/// cheapest test in the loop that walks every byte of the prose).
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Whether byte `b` is an ASCII word character (letter, digit, `_`).
pub(crate) fn is_ascii_word(b: u8) -> bool {
    WORD_BYTE[b as usize]
}

/// The first eight bytes of `phrase` as a big-endian number, zero-padded: when two
/// phrases' prefixes differ, they order the phrases as the bytes do (a shorter phrase
/// pads with zeros, below any byte it would be compared with), and when they are
/// equal the bytes decide.
fn sort_prefix(phrase: &[u8]) -> u64 {
    let mut first = [0u8; 8];
    let n = phrase.len().min(8);
    first[..n].copy_from_slice(&phrase[..n]);
    u64::from_be_bytes(first)
}

/// The leading run of word characters.
fn first_word(phrase: &[u8]) -> &[u8] {
    let n = phrase.iter().take_while(|&&b| is_ascii_word(b)).count();
    &phrase[..n]
}

/// Whether a word character follows byte `at`.
fn glued_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

/// A small, fast hash for short byte strings (the multiply-rotate hash of Firefox and
/// rustc). Keys come from the glossary, not from the prose being checked.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            self.add(load_zero_padded(chunk, 0, chunk.len()));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{any, Just};
    use proptest::strategy::Strategy;

    /// An index of `phrases` and their values.
    fn index_of(phrases: &[(&str, u8)]) -> PhraseIndex<u8> {
        PhraseIndex::new(phrases.iter().map(|&(p, v)| (p.to_string(), v)))
    }

    fn all(index: &PhraseIndex<u8>, text: &str) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        index.find(text, |r, v| out.push((text[r].to_string(), v.to_vec())));
        out.sort();
        out
    }

    #[test]
    fn finds_whole_words_case_insensitively_and_overlapping() {
        let index = index_of(&[
            ("Brew Line", 1),
            ("brewline", 2),
            ("line pro", 3),
            ("BREW LINE", 4),
        ]);
        assert_eq!(
            all(&index, "Try BREW line pro, or Brewline."),
            vec![
                ("BREW line".into(), vec![1, 4]),
                ("Brewline".into(), vec![2]),
                ("line pro".into(), vec![3]),
            ]
        );
        // Glued to a word on either side: no match.
        assert!(all(&index, "xbrewline brewlines émbrew line").is_empty());
    }

    #[test]
    fn phrases_that_start_with_punctuation_use_the_automaton() {
        let index = index_of(&[("#1", 1), ("(tm)", 2)]);
        assert_eq!(
            all(&index, "the #1 tool(TM) and #10"),
            vec![("#1".into(), vec![1]), ("(TM)".into(), vec![2])]
        );
    }

    #[test]
    fn the_automaton_skips_texts_without_a_start_byte_but_finds_the_rest() {
        let index = index_of(&[("#1", 1), ("(x)", 2)]);
        assert_eq!(index.automaton_starts, Some(FirstAscii([b'#', b'(', b'#'])));
        assert!(all(&index, "no hashes or brackets here").is_empty());
        assert_eq!(all(&index, "ranked #1 (X)").len(), 2);
        // Four possible first bytes: no filter.
        let index = index_of(&[("#1", 1), ("(x)", 2), ("&amp", 3), ("%x", 4)]);
        assert_eq!(index.automaton_starts, None);
        assert_eq!(all(&index, "&amp #1 50%x").len(), 3);
    }

    #[test]
    fn phrases_sharing_a_first_word_are_told_apart() {
        let index = index_of(&[
            ("the team", 1),
            ("the teams", 2),
            ("the", 3),
            ("the team lead role", 4),
            ("the-team", 5),
        ]);
        assert_eq!(
            all(&index, "The TEAM Lead Role; the-teams"),
            vec![
                ("The".into(), vec![3]),
                ("The TEAM".into(), vec![1]),
                ("The TEAM Lead Role".into(), vec![4]),
                ("the".into(), vec![3]),
            ]
        );
    }

    /// The eight bytes after the first word are compared as one number; a phrase that
    /// goes on past them is compared to its end.
    #[test]
    fn phrases_longer_than_eight_bytes_after_the_first_word_are_compared_in_full() {
        let index = index_of(&[
            ("the abcdefghi", 1),
            ("the abcdefg", 2),
            ("abcdefgh team", 3),
        ]);
        assert!(all(&index, "the abcdefgha. the abcdefghij").is_empty());
        assert_eq!(
            all(&index, "THE ABCDEFGHI. the abcdefg; AbcdefgH Team"),
            vec![
                ("AbcdefgH Team".into(), vec![3]),
                ("THE ABCDEFGHI".into(), vec![1]),
                ("the abcdefg".into(), vec![2]),
            ]
        );
    }

    #[test]
    fn a_phrase_may_end_in_punctuation_glued_to_the_next_word() {
        let index = index_of(&[("e-", 1), ("co.", 2)]);
        assert_eq!(
            all(&index, "e-mail Co.op"),
            vec![("Co.".into(), vec![2]), ("e-".into(), vec![1])]
        );
    }

    /// Every match by brute force: each phrase at each position, compared ignoring
    /// ASCII case, not glued to a word character where the phrase has one at that end.
    fn all_by_brute_force(phrases: &[(String, u8)], text: &str) -> Vec<(String, Vec<u8>)> {
        let mut grouped: Vec<(String, Vec<u8>)> = Vec::new();
        for (phrase, value) in phrases {
            let key = phrase.to_ascii_lowercase();
            match grouped.iter_mut().find(|(k, _)| *k == key) {
                Some((_, values)) if !values.contains(value) => values.push(*value),
                Some(_) => {}
                None => grouped.push((key, vec![*value])),
            }
        }
        let mut out = Vec::new();
        for (key, values) in grouped.iter().filter(|(k, _)| !k.is_empty()) {
            let starts_word = key.starts_with(|c: char| is_word_char(c));
            let ends_word = key.ends_with(|c: char| is_word_char(c));
            for (at, _) in text.char_indices() {
                let Some(candidate) = text.get(at..at + key.len()) else {
                    continue;
                };
                let glued_start =
                    starts_word && text[..at].chars().next_back().is_some_and(is_word_char);
                let glued_end = ends_word
                    && text[at + key.len()..]
                        .chars()
                        .next()
                        .is_some_and(is_word_char);
                if candidate.eq_ignore_ascii_case(key) && !glued_start && !glued_end {
                    out.push((candidate.to_string(), values.clone()));
                }
            }
        }
        out.sort();
        out
    }

    /// Words of every length around the eight bytes compared at once, in any case (the
    /// index holds ASCII phrases; the text may have anything).
    const WORDS: &[&str] = &[
        "a",
        "Ab",
        "team",
        "TEAMS",
        "abcdefg",
        "abcdefgh",
        "AbcdefgH",
        "abcdefghi",
        "abcdefghijklmnopq",
        "x_1",
        "-",
        " ",
        ".",
        "#1",
        "the",
    ];

    fn words(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(WORDS), 0..max)
            .prop_map(|ws| ws.concat())
    }

    /// Phrases, and a text made of the same words, the phrases themselves and a few
    /// non-ASCII letters: near misses ("abcdefgh" + "a" against "abcdefghi") are
    /// common.
    fn phrases_and_text() -> impl Strategy<Value = (Vec<(String, u8)>, String)> {
        proptest::collection::vec((words(4), 0u8..4), 1..8).prop_flat_map(|phrases| {
            let mut pieces: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
            pieces.extend(["é".to_string(), "Ω".to_string()]);
            pieces.extend(phrases.iter().map(|(p, _)| p.to_uppercase()));
            pieces.extend(phrases.iter().map(|(p, _)| p.clone()));
            let text = proptest::collection::vec(proptest::sample::select(pieces), 0..16)
                .prop_map(|ps| ps.concat());
            (Just(phrases), text)
        })
    }

    /// `index` as if every first word had the same hash: each lookup then compares
    /// every phrase's first word, the path a real collision of hashes takes.
    fn colliding(mut index: PhraseIndex<u8>) -> PhraseIndex<u8> {
        let end = index.candidates.len() as u32;
        for group in index.by_first_word.values_mut() {
            *group = FirstWord {
                start: 0,
                end,
                mixed: true,
                ..*group
            };
        }
        index
    }

    /// A word of the text whose hash is that of a glossary first word is still not
    /// that word: of a shorter length with the same first eight bytes, of the same
    /// length, or longer than eight bytes.
    #[test]
    fn a_word_that_shares_a_first_words_hash_is_not_it() {
        for (first_word, text_word) in [
            ("abcdefghij", "abcdefgh"),
            ("the", "thx"),
            ("abcdefghijkm", "abcdefghijkl"),
        ] {
            let mut index = index_of(&[(&format!("{first_word} pro"), 1)]);
            let hash = |w: &str| fold_hash(w.as_bytes(), 0..w.len());
            let group = index.by_first_word[&hash(first_word)];
            // Past the filters that rule a word out before the map is probed.
            index.lengths[usize::from(text_word.as_bytes()[0])] |= 1 << text_word.len();
            let (slot, bit) = hash_bit(hash(text_word));
            index.hash_bits[slot] |= bit;
            index.by_first_word.insert(hash(text_word), group);
            // Room after the text's word for the first word's length.
            let text = format!("{text_word} pro       | {first_word} pro");
            assert_eq!(
                all(&index, &text),
                vec![(format!("{first_word} pro"), vec![1])],
                "{text_word} taken for {first_word}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        #[test]
        fn finds_what_brute_force_finds((phrases, text) in phrases_and_text()) {
            let index = PhraseIndex::new(phrases.iter().cloned());
            let expected = all_by_brute_force(&phrases, &text);
            proptest::prop_assert_eq!(&all(&index, &text), &expected, "{:?} in {:?}", phrases, text);
            let index = colliding(index);
            proptest::prop_assert_eq!(&all(&index, &text), &expected, "colliding: {:?} in {:?}", phrases, text);
        }

        #[test]
        fn sort_prefix_orders_as_the_bytes_do(
            a in proptest::collection::vec(proptest::prop_oneof![Just(0u8), Just(b'a'), Just(b'b'), any::<u8>()], 0..12),
            b in proptest::collection::vec(proptest::prop_oneof![Just(0u8), Just(b'a'), Just(b'b'), any::<u8>()], 0..12),
        ) {
            let by_prefix = sort_prefix(&a).cmp(&sort_prefix(&b)).then_with(|| a.cmp(&b));
            proptest::prop_assert_eq!(by_prefix, a.cmp(&b));
        }
    }
}
