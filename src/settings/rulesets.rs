//! Rulesets compiled into the binary.

/// Names of the embedded rulesets.
pub const EMBEDDED_RULESETS: &[&str] = &["core"];

/// The TOML of an embedded ruleset.
pub fn embedded_ruleset(name: &str) -> Option<&'static str> {
    match name {
        "core" => Some(include_str!("../../rulesets/core.toml")),
        _ => None,
    }
}
