//! Sales scripts: speaker turns. A line that starts with a speaker label (`Rep:`,
//! `**Rep:**`, `REP -`, `> Rep:`) belongs to that speaker until the next label, heading
//! or thematic break. Only `rep` turns and unlabelled text are checked.

use super::block::{Block, BlockKind};

/// Who is speaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// Unlabelled text: stage directions, headings, email templates (checked as collateral).
    Narration,
    /// A `rep` speaker (checked).
    Rep,
    /// An `other` speaker (not checked).
    Other,
}

/// The speaker labels of `[script]`.
#[derive(Debug, Clone)]
pub struct Speakers {
    rep: Vec<String>,
    other: Vec<String>,
}

/// The labels used when `[script]` does not set them: (rep, other).
pub fn default_labels() -> (Vec<String>, Vec<String>) {
    (
        vec!["Rep".into(), "AE".into(), "SDR".into()],
        vec!["Prospect".into(), "Customer".into(), "Buyer".into()],
    )
}

impl Default for Speakers {
    fn default() -> Speakers {
        let (rep, other) = default_labels();
        Speakers::new(&rep, &other)
    }
}

impl Speakers {
    /// Labels for rep speakers and for other speakers (compared case-insensitively).
    pub fn new(rep: &[String], other: &[String]) -> Speakers {
        let norm = |v: &[String]| {
            let mut v: Vec<String> = v
                .iter()
                .map(|l| l.trim().to_lowercase())
                .filter(|l| !l.is_empty())
                .collect();
            // Longest first so "Sales Rep" wins over "Rep".
            v.sort_by_key(|l| std::cmp::Reverse(l.len()));
            v
        };
        Speakers {
            rep: norm(rep),
            other: norm(other),
        }
    }

    /// If `line` starts with a speaker label, the speaker and where the turn's text starts.
    pub fn label(&self, line: &str) -> Option<(Speaker, usize)> {
        let mut start = 0;
        let bytes = line.as_bytes();
        if bytes.first() == Some(&b'>') {
            start = 1;
        }
        while bytes.get(start) == Some(&b' ') {
            start += 1;
        }
        let rest = &line[start..];
        let lower = rest[..crate::source::floor_char_boundary(rest, 64)].to_lowercase();
        for (speaker, labels) in [(Speaker::Rep, &self.rep), (Speaker::Other, &self.other)] {
            for label in labels {
                let Some(after) = lower.strip_prefix(label.as_str()) else {
                    continue;
                };
                // Lower-casing may change lengths only for rare letters; map back by chars.
                let label_chars = label.chars().count();
                let label_bytes: usize = rest.chars().take(label_chars).map(char::len_utf8).sum();
                let trimmed = after.trim_start_matches(' ');
                let gap = after.len() - trimmed.len();
                let separator = if trimmed.starts_with(':') {
                    Some(1)
                } else if trimmed.starts_with('-') && gap > 0 {
                    let t = &trimmed[1..];
                    (t.is_empty() || t.starts_with(' ')).then_some(1)
                } else {
                    None
                };
                if let Some(sep) = separator {
                    return Some((speaker, start + label_bytes + gap + sep));
                }
            }
        }
        None
    }
}

/// Splits blocks into speaker turns and keeps what is checked: rep turns and narration.
/// `breaks` are the offsets of thematic breaks.
pub fn split_turns(blocks: Vec<Block>, breaks: &[usize], speakers: &Speakers) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut speaker = Speaker::Narration;
    let mut last_start = 0;
    for block in blocks {
        let start = block.source_range(0..0).start;
        if breaks.iter().any(|&b| b >= last_start && b < start) {
            speaker = Speaker::Narration;
        }
        last_start = start;
        if block.kind == BlockKind::Heading {
            speaker = Speaker::Narration;
            out.push(block);
            continue;
        }
        // (turn text start, speaker) for each labelled line, after the carried-over turn.
        let mut turns = vec![(0, speaker)];
        for &line in &block.line_starts {
            if let Some((who, text_start)) = speakers.label(&block.text[line..]) {
                if line == 0 {
                    turns[0] = (text_start, who);
                } else {
                    turns.push((line + text_start, who));
                }
            }
        }
        for (i, &(from, who)) in turns.iter().enumerate() {
            let to = turns
                .get(i + 1)
                .map(|&(next_from, _)| label_start(&block, next_from))
                .unwrap_or(block.text.len());
            if who != Speaker::Other {
                if let Some(turn) = block.slice(from..to) {
                    out.push(turn);
                }
            }
            speaker = who;
        }
    }
    out
}

/// The start of the line that holds the turn text starting at `text_start`.
fn label_start(block: &Block, text_start: usize) -> usize {
    block
        .line_starts
        .iter()
        .rev()
        .find(|&&l| l <= text_start)
        .copied()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_their_usual_spellings() {
        let s = Speakers::default();
        assert_eq!(s.label("Rep: hi"), Some((Speaker::Rep, 4)));
        assert_eq!(s.label("REP - hi"), Some((Speaker::Rep, 5)));
        assert_eq!(s.label("> Customer: no"), Some((Speaker::Other, 11)));
        assert_eq!(s.label("sdr : yes"), Some((Speaker::Rep, 5)));
        assert_eq!(s.label("Rep-approved pricing"), None);
        assert_eq!(s.label("Reply: later"), None);
    }
}
