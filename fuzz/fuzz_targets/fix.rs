//! Fixing arbitrary text keeps every byte outside the fixed spans, and fixing twice
//! changes nothing more.
#![no_main]

use libfuzzer_sys::fuzz_target;
use songsheet::invariants::check_fix;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let path = common::path(selector);
    if let Err(problem) = check_fix(&path, text, common::settings(), &common::options()) {
        panic!("{problem}");
    }
});
