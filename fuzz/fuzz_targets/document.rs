//! Arbitrary bytes as Markdown, MDX, text or a script, with or without front matter:
//! no panic, and every finding lies on character boundaries with a matching position.
#![no_main]

use libfuzzer_sys::fuzz_target;
use songsheet::engine::{check_bytes, decode};
use songsheet::invariants::check_spans;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let front_matter = b"---\ntitle: Brew Line\npersona: cfo\n---\n";
    let owned;
    let bytes = if selector & 4 != 0 {
        owned = [front_matter.as_slice(), bytes].concat();
        &owned[..]
    } else {
        bytes
    };
    let path = common::path(selector);
    let diagnostics = check_bytes(&path, bytes, common::settings(), &common::options());
    if let Ok(text) = decode(bytes) {
        if let Err(problem) = check_spans(text, &diagnostics) {
            panic!("{problem}");
        }
    }
});
