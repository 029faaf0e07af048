//! Text statistics for the `readability` rule: words, sentences, syllables and the
//! Flesch-Kincaid grade level.
//!
//! The syllable counter is a heuristic for English (vowel groups, with corrections for
//! silent endings and common vowel pairs that are two syllables). Its accuracy against
//! the CMU Pronouncing Dictionary is measured in `tests/readability.rs`.

/// Counts of one text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStats {
    /// Words (tokens with at least one letter).
    pub words: usize,
    /// Sentences (at least one per non-empty text).
    pub sentences: usize,
    /// Syllables of all words.
    pub syllables: usize,
}

impl TextStats {
    /// Adds another text's counts.
    pub fn add(&mut self, other: TextStats) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
    }

    /// The Flesch-Kincaid grade level, or `None` for a text without words.
    pub fn grade(&self) -> Option<f64> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let words_per_sentence = self.words as f64 / self.sentences as f64;
        let syllables_per_word = self.syllables as f64 / self.words as f64;
        Some(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59)
    }
}

/// Splits `text` into sentences: after `.`, `!` or `?` followed by a space, and at the
/// end. Abbreviations such as "e.g." end a sentence too: a small error that keeps the
/// grade conservative.
pub fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    push_sentences(text, 0, &mut out);
    out
}

/// Appends the sentences of [`sentences`] to `out`, shifted by `offset` (where `text`
/// starts in a longer text): one vector for a whole block, not one per line.
fn push_sentences(text: &str, offset: usize, out: &mut Vec<std::ops::Range<usize>>) {
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    // memchr jumps from one possible sentence end to the next.
    while let Some(found) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..]) {
        let mut end = i + found + 1;
        while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?' | b'"' | b'\'' | b')') {
            end += 1;
        }
        if (end == bytes.len() || bytes[end] == b' ') && !abbreviation(&text[start..end]) {
            if text[start..end].chars().any(char::is_alphabetic) {
                out.push(offset + start..offset + end);
            }
            start = end;
        }
        i = end;
    }
    if text[start..].chars().any(char::is_alphabetic) {
        out.push(offset + start..offset + text.len());
    }
}

/// Whether `sentence` ends with an abbreviation whose full stop does not end it.
fn abbreviation(sentence: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "vs.", "e.g.", "i.e.", "etc.)", "approx.", "ca.", "no.", "fig.", "mr.", "ms.", "mrs.",
        "dr.", "inc.", "ltd.", "st.",
    ];
    let last = sentence
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    // The abbreviations are ASCII without a `k`, so comparing ASCII case-insensitively
    // is the same as lower-casing first (only the Kelvin sign lower-cases to ASCII),
    // without a new string at every full stop.
    ABBREVIATIONS.iter().any(|a| last.eq_ignore_ascii_case(a))
}

/// Like [`sentences`], but a line break also ends a sentence when the next line does
/// not start in lower case: wrapped prose goes on in lower case, while lists, table
/// rows and headings written as plain lines start with a capital, digit or symbol.
/// `line_starts` are byte positions in `text` where source lines start.
pub fn sentences_in_lines(text: &str, line_starts: &[usize]) -> Vec<std::ops::Range<usize>> {
    let cuts = line_starts
        .iter()
        .copied()
        .filter(|&at| at > 0 && at < text.len() && text.is_char_boundary(at))
        .filter(|&at| !text[at..].starts_with(|c: char| c.is_lowercase()))
        .chain([text.len()]);
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts {
        if cut <= start {
            continue;
        }
        push_sentences(&text[start..cut], start, &mut out);
        start = cut;
    }
    out
}

/// Counts words, sentences (see [`sentences_in_lines`]) and syllables.
pub fn stats_in_lines(text: &str, line_starts: &[usize]) -> TextStats {
    let mut s = stats(text);
    s.sentences = sentences_in_lines(text, line_starts).len();
    s
}

/// Words of `text`: runs of letters, digits, apostrophes and inner hyphens that contain
/// a letter.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|w| w.chars().any(char::is_alphabetic))
}

/// Counts the words, sentences and syllables of `text`.
pub fn stats(text: &str) -> TextStats {
    let mut s = TextStats {
        sentences: sentences(text).len(),
        ..TextStats::default()
    };
    for w in words(text) {
        s.words += 1;
        s.syllables += w.split('-').map(syllables).sum::<usize>().max(1);
    }
    s
}

/// Estimated syllables of an English word (at least 1).
pub fn syllables(word: &str) -> usize {
    let w: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if w.is_empty() {
        return 0;
    }
    if w.chars().all(|c| c.is_ascii_uppercase() || !c.is_ascii()) {
        return 1;
    }
    if let Some(&(_, n)) = EXCEPTIONS.iter().find(|(e, _)| *e == w) {
        return n;
    }
    if w.len() <= 3 {
        return 1;
    }
    let b = w.as_bytes();
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    // Abbreviations without vowels are spelled out: "CRM", "HTML".
    if !b.iter().any(|&c| vowel(c)) {
        return b.iter().map(|&c| if c == b'w' { 3 } else { 1 }).sum();
    }
    let mut count: usize = 0;
    let mut prev_vowel = false;
    for (i, &c) in b.iter().enumerate() {
        // "y" is a consonant at the start and between vowels ("yes", "buying", "layer").
        let y_consonant = c == b'y'
            && (i == 0 || (prev_vowel && b.get(i + 1).is_some_and(|&n| vowel(n) && n != b'y')));
        let v = vowel(c) && !y_consonant;
        if v && !prev_vowel {
            count += 1;
        }
        prev_vowel = v;
    }
    // A silent e before a consonant suffix: "management", "likely", "careful".
    for suffix in ["ment", "ly", "ful", "ness", "less", "line", "stone", "work"] {
        if let Some(stem) = w
            .strip_suffix(suffix)
            .or_else(|| w.strip_suffix(&format!("{suffix}s")))
        {
            let sb = stem.as_bytes();
            if stem.len() > 2
                && stem.ends_with('e')
                && !vowel(sb[sb.len() - 2])
                && !stem.ends_with("le")
            {
                count = count.saturating_sub(1);
            }
        }
    }
    let ends = |s: &str| w.ends_with(s);
    let len = b.len();
    // Silent final e ("make"), but not "-le" after a consonant ("table") or "-ee".
    if ends("e") && !ends("le") && !ends("ee") && !ends("ie") && len > 2 && !vowel(b[len - 2]) {
        count = count.saturating_sub(1);
    } else if ends("le") && len > 2 && vowel(b[len - 3]) {
        // "whale", "mile": silent e after a vowel-consonant.
        count = count.saturating_sub(1);
    }
    // "-es" and "-ed" are silent unless after sibilants / t, d ("makes", "used"), or
    // "-les"/"-led" after a consonant ("samples", "tackled").
    let consonant_le = len > 4 && b[len - 3] == b'l' && !vowel(b[len - 4]);
    if ends("es")
        && len > 3
        && !matches!(b[len - 3], b's' | b'x' | b'z' | b'c' | b'g')
        && !ends("ches")
        && !ends("shes")
        && !vowel(b[len - 3])
        && !consonant_le
    {
        count = count.saturating_sub(1);
    }
    if ends("ed")
        && len > 3
        && !matches!(b[len - 3], b't' | b'd')
        && !vowel(b[len - 3])
        && !consonant_le
    {
        count = count.saturating_sub(1);
    }
    // Vowel pairs that are two syllables ("create", "science", "video", "ideas").
    for pair in ["ia", "io", "ea", "eo", "ua", "uo", "ii", "iu"] {
        let mut from = 0;
        while let Some(at) = w[from..].find(pair) {
            let at = from + at;
            from = at + 1;
            let before = &w[..at];
            let after = &w[at + 2..];
            let two = match pair {
                // "-tion", "-sion", "-cial", "-tial", "-cian" are one syllable.
                "io" | "ia" => {
                    !(before.ends_with('t')
                        || before.ends_with('s')
                        || before.ends_with('c')
                        || before.ends_with('x')
                        || before.ends_with("g"))
                        || after.is_empty()
                }
                // "great", "each", "head" are one; "create", "area", "idea" are two.
                "ea" => {
                    before.ends_with("cr")
                        || before.ends_with("id")
                        || before.ends_with("ar")
                        || (after.is_empty() && !before.is_empty())
                        || after.starts_with("te") && before.len() > 2
                }
                "ua" | "uo" => !before.ends_with('q') && !before.ends_with('g'),
                _ => true,
            };
            if two {
                count += 1;
            }
        }
    }
    count.max(1)
}

/// Words the rules above get wrong that are common in business writing.
const EXCEPTIONS: &[(&str, usize)] = &[
    ("the", 1),
    ("business", 2),
    ("every", 3),
    ("people", 2),
    ("being", 2),
    ("doing", 2),
    ("going", 2),
    ("create", 2),
    ("created", 3),
    ("creates", 2),
    ("real", 1),
    ("really", 2),
    ("area", 3),
    ("areas", 3),
    ("idea", 3),
    ("ideas", 3),
    ("use", 1),
    ("used", 1),
    ("uses", 2),
    ("user", 2),
    ("users", 2),
    ("useful", 2),
    ("value", 2),
    ("values", 2),
    ("issue", 2),
    ("issues", 2),
    ("continue", 3),
    ("average", 3),
    ("different", 3),
    ("interest", 3),
    ("interested", 4),
    ("general", 3),
    ("several", 3),
    ("evening", 3),
    ("family", 3),
    ("therefore", 2),
    ("someone", 2),
    ("sometimes", 2),
    ("something", 2),
    ("anyone", 3),
    ("everyone", 3),
    ("everything", 4),
    ("before", 2),
    ("more", 1),
    ("where", 1),
    ("there", 1),
    ("here", 1),
    ("were", 1),
    ("are", 1),
    ("one", 1),
    ("once", 1),
    ("done", 1),
    ("gone", 1),
    ("none", 1),
    ("whole", 1),
    ("science", 2),
    ("quiet", 2),
    ("diet", 2),
    ("toward", 2),
    ("towards", 2),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("A 5% lift vs. control at 95% confidence. Next.").len(),
            2
        );
        assert_eq!(sentences("Use e.g. this one. Then stop.").len(), 2);
        // In any case, and after an opening bracket.
        assert_eq!(sentences("Ask Dr. Lee (E.G. by mail). Done!").len(), 2);
        assert_eq!(sentences("Brewline Inc. ships. It works.").len(), 2);
        // Not abbreviations: a full stop after other words, or after a non-ASCII one.
        assert_eq!(sentences("Ship it. Then stop.").len(), 2);
        assert_eq!(sentences("Ask Dř. Lee.").len(), 2);
    }

    #[test]
    fn line_breaks_before_capitals_end_sentences() {
        let text = "| Metric | Link | ARR | Tracker | Pipeline | Salesforce";
        let starts = [0, 9, 20];
        assert_eq!(sentences_in_lines(text, &starts).len(), 3);
        let wrapped = "Aligned teams close more deals because they share one story and";
        assert_eq!(sentences_in_lines(wrapped, &[0, 31]).len(), 1);
    }
}
