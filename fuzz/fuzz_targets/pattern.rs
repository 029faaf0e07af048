//! The pattern compiler and the quantity parser on arbitrary text: no panic; a compiled
//! pattern is a valid regex; restyling a value never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use songsheet::glossary::pattern::compile;
use songsheet::quantity::{parse, restyle};

fuzz_target!(|text: &str| {
    if let Ok((source, _)) = compile(text) {
        // The compiler's output must be a regex; a size limit refusal is fine.
        match regex::RegexBuilder::new(&source).size_limit(1 << 22).build() {
            Ok(_) | Err(regex::Error::CompiledTooBig(_)) => {}
            Err(e) => panic!("pattern {text:?} compiled to an invalid regex {source:?}: {e}"),
        }
    }
    let _ = parse(text);
    let (left, right) = text.split_at(text.floor_char_boundary(text.len() / 2));
    let _ = restyle(left, right);
});
