//! `songsheet coverage` through the binary: table, JSON and CSV, unused entries,
//! mismatching and expired uses.

use assert_cmd::Command;
use std::fs;
use tempfile::TempDir;

const GLOSSARY: &str = r#"
[[claims]]
id = "deal-lift"
text = "Aligned teams close 67% more deals."
patterns = ["close {value} more deals"]
value = "67%"

[[claims]]
id = "old-stat"
text = "25% fewer coffee runs"
patterns = ["{value} fewer coffee runs"]
value = "25%"
expires = 2025-12-31

[[promises]]
id = "trial"
text = "14-day free trial"
patterns = ["{value} free trial"]
value = "14-day"

[[disclaimers]]
id = "terms"
text = "Terms apply."

[[personas]]
id = "cfo"
messages = ["payback period", "total cost of ownership"]
"#;

fn repo() -> TempDir {
    let dir = TempDir::new().unwrap();
    let write = |p: &str, t: &str| {
        let path = dir.path().join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, t).unwrap();
    };
    write(
        "songsheet.toml",
        "[check]\nglossaries = [\"g.toml\"]\nrulesets = []\n",
    );
    write("g.toml", GLOSSARY);
    write(
        "a.md",
        "Teams close 67% more deals.\n\nStart a two-week free trial. Terms apply.\n",
    );
    write("sales/b.md", "Teams close 70% more deals, with a short payback period.\n\nWe saw 25% fewer coffee runs.\n");
    dir
}

fn coverage(dir: &TempDir, format: &str) -> String {
    let out = Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(dir.path())
        .args(["coverage", "--today", "2026-11-23", "--format", format])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn table_lists_uses_unused_entries_and_problems() {
    let dir = repo();
    let table = coverage(&dir, "table");
    for needle in [
        "deal-lift",
        "a.md:1, sales/b.md:1 (says 70%)",
        "old-stat",
        "sales/b.md:3 (expired)",
        "trial",
        "terms",
        "cfo “payback period”",
        "Never used (1): message cfo “total cost of ownership”",
        "Documents with expired or mismatching uses (2):",
        "sales/b.md:1  claim deal-lift says 70%",
        "sales/b.md:3  claim old-stat is expired",
        "(2 documents checked)",
    ] {
        assert!(table.contains(needle), "missing {needle:?} in:\n{table}");
    }
    // Counts: deal-lift has 2 uses, 1 ok, 1 mismatch, 0 expired.
    let row = table
        .lines()
        .find(|l| l.trim_start().starts_with("deal-lift"))
        .unwrap();
    let numbers: Vec<&str> = row.split_whitespace().skip(1).take(4).collect();
    assert_eq!(numbers, ["2", "1", "1", "0"], "{row}");
}

#[test]
fn json_has_every_entry_with_its_uses() {
    let dir = repo();
    let v: serde_json::Value = serde_json::from_str(&coverage(&dir, "json")).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"], 2);
    let entries = v["entries"].as_array().unwrap();
    let lift = entries.iter().find(|e| e["id"] == "deal-lift").unwrap();
    assert_eq!(lift["kind"], "claim");
    assert_eq!(lift["uses"].as_array().unwrap().len(), 2);
    assert_eq!(lift["uses"][1]["status"], "mismatch");
    assert_eq!(lift["uses"][1]["said"], "70%");
    let unused: Vec<&serde_json::Value> = entries
        .iter()
        .filter(|e| e["uses"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0]["text"], "total cost of ownership");
}

#[test]
fn csv_has_one_row_per_use_and_per_unused_entry() {
    let dir = repo();
    let csv = coverage(&dir, "csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "kind,entry,text,path,line,status,said");
    assert!(lines.contains(
        &"claim,deal-lift,Aligned teams close 67% more deals.,sales/b.md,1,mismatch,70%"
    ));
    assert!(lines.contains(&"promise,trial,14-day free trial,a.md,3,approved,two-week"));
    assert!(lines.contains(&"message,cfo,total cost of ownership,,,unused,"));
    assert_eq!(lines.len(), 1 + 6 + 1, "{csv}");
}
