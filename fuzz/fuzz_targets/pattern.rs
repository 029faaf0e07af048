//! The pattern parser, the pattern matcher and the quantity parser on arbitrary text:
//! no panic; a parsed pattern's regex source is a valid regex, and the matcher finds
//! what that regex finds; restyling a value never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use songsheet::glossary::pattern::parse;
use songsheet::quantity::{parse as parse_quantity, restyle};

fuzz_target!(|text: &str| {
    // The first line is the pattern, the rest the prose it is matched against.
    let (pattern, prose) = text.split_once('\n').unwrap_or((text, text));
    if let Ok(parsed) = parse(pattern) {
        let ours = parsed.find_at(prose, 0);
        if let Some(m) = &ours {
            assert!(prose.get(m.range.clone()).is_some(), "match off a character boundary");
            if let Some(v) = &m.value {
                assert!(m.range.start <= v.start && v.end <= m.range.end, "value outside the match");
            }
        }
        let source = parsed.regex_source();
        // The source must be a regex; a size limit refusal is fine.
        match regex::RegexBuilder::new(&source).size_limit(1 << 22).build() {
            Ok(re) => {
                // The matcher folds case by lower case, ASCII letters matching only
                // ASCII (src/glossary/pattern.rs): compare where both agree on that.
                let folds_alike = pattern.is_ascii() && !prose.contains(['\u{212A}', '\u{17F}']);
                if folds_alike {
                    let theirs = re.captures(prose).map(|c| {
                        (c.get(0).map(|m| m.range()), c.name("value").map(|v| v.range()))
                    });
                    let ours = ours.map(|m| (Some(m.range), m.value));
                    assert_eq!(ours, theirs, "pattern {pattern:?} on {prose:?}");
                }
            }
            Err(regex::Error::CompiledTooBig(_)) => {}
            Err(e) => panic!("pattern {pattern:?} compiled to an invalid regex {source:?}: {e}"),
        }
    }
    let _ = parse_quantity(text);
    let (left, right) = text.split_at(text.floor_char_boundary(text.len() / 2));
    let _ = restyle(left, right);
});
