//! The machine formats of `check`, on the fixtures: SARIF validated against the official
//! 2.1.0 schema, GitHub annotations, JUnit and Checkstyle XML, GitLab Code Quality, and
//! baselines.

use assert_cmd::Command;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::fs;
use tempfile::TempDir;

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(["check", "--today", "2026-11-23"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn json_count() -> usize {
    let (out, _) = run(&["--format", "json", "fixtures"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["diagnostics"].as_array().unwrap().len()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/schemas/sarif-schema-2.1.0.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    let (out, code) = run(&["--format", "sarif", "fixtures"]);
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), songsheet::rules::RULES.len());
    assert!(rules.iter().all(|r| r["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## What it does")));
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), json_count());
    // Every result points at its rule; safe fixes are included.
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let fixed = results.iter().filter(|r| r.get("fixes").is_some()).count();
    assert!(fixed > 0, "term and mismatch findings carry fixes");
    let term_fix = results
        .iter()
        .find(|r| r["ruleId"] == "term" && r.get("fixes").is_some())
        .unwrap();
    assert!(
        term_fix["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
            .is_string()
    );
}

#[test]
fn github_annotations() {
    let (out, code) = run(&["--format", "github", "fixtures/collateral/launch.mdx"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "::warning file=fixtures/collateral/launch.mdx,line=12,col=19,endLine=12,endColumn=31,title=songsheet term (brewline-pro)::write “Brewline Pro”, not “BrewLine Pro”\n\
         ::error file=fixtures/collateral/launch.mdx,line=12,col=44,endLine=12,endColumn=73,title=songsheet promise-mismatch (guarantee)::promise `guarantee` is approved as 30-day, this says 45-day\n"
    );
    let (all, _) = run(&["--format", "github", "fixtures"]);
    assert_eq!(all.lines().count(), json_count());
    assert!(all.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
}

/// Counts start or empty elements by name in an XML document (and checks it is well formed).
fn xml_elements(xml: &str, name: &[u8]) -> usize {
    let mut reader = Reader::from_str(xml);
    let mut count = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.name().as_ref() == name => count += 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML: {e}"),
        }
    }
    count
}

#[test]
fn junit_has_one_test_case_per_file() {
    let (out, code) = run(&["--format", "junit", "fixtures/collateral"]);
    assert_eq!(code, 1);
    let files = fs::read_dir("fixtures/collateral").unwrap().count();
    assert_eq!(xml_elements(&out, b"testcase"), files);
    // The clean page passes; files with errors fail.
    assert_eq!(xml_elements(&out, b"failure"), files - 1);
    assert!(out.contains("name=\"fixtures/collateral/clean-landing.md\" classname=\"songsheet\"/>"));
}

#[test]
fn checkstyle_is_well_formed_and_escaped() {
    let (out, code) = run(&["--format", "checkstyle", "fixtures"]);
    assert_eq!(code, 1);
    assert_eq!(xml_elements(&out, b"error"), json_count());
    // The core message quotes "Number one": inside an attribute it must be escaped.
    assert!(
        out.contains(
            "message=\"“the #1” is banned wording. &quot;Number one&quot; by what measure"
        ),
        "{out}"
    );
}

#[test]
fn gitlab_code_quality() {
    let (out, _) = run(&["--format", "gitlab", "fixtures"]);
    let issues: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(issues.len(), json_count());
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    assert!(issues
        .iter()
        .all(|i| ["info", "minor", "major", "critical", "blocker"]
            .contains(&i["severity"].as_str().unwrap())));
}

#[test]
fn output_file_for_every_format() {
    let dir = TempDir::new().unwrap();
    for format in [
        "sarif",
        "github",
        "junit",
        "checkstyle",
        "gitlab",
        "json",
        "compact",
    ] {
        let path = dir.path().join(format!("report.{format}"));
        let (stdout, code) = run(&[
            "--format",
            format,
            "--output",
            path.to_str().unwrap(),
            "fixtures/collateral",
        ]);
        assert_eq!((stdout.as_str(), code), ("", 1), "{format}");
        assert!(fs::metadata(&path).unwrap().len() > 0, "{format}");
    }
}

#[test]
fn baseline_hides_known_findings_and_survives_edits_above_them() {
    let dir = TempDir::new().unwrap();
    let write = |p: &str, t: &str| fs::write(dir.path().join(p), t).unwrap();
    write(
        "songsheet.toml",
        "[check]\nrulesets = []\n\n[[banned]]\nid = \"risk-free\"\nphrases = [\"risk-free\"]\n",
    );
    write("a.md", "It is risk-free.\n\nAlso risk-free here.\n");
    let songsheet = |args: &[&str]| {
        let out = Command::cargo_bin("songsheet")
            .unwrap()
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            out.status.code().unwrap(),
        )
    };
    let (out, code) = songsheet(&["baseline", "--output", "baseline.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Wrote 2 finding(s) from 1 file(s) to baseline.json"));
    let (_, code) = songsheet(&["check", "--baseline", "baseline.json"]);
    assert_eq!(code, 0, "known findings do not fail the run");
    // Edits above: the old findings move down but still match; a new one is reported.
    write(
        "a.md",
        "# New title\n\nA brand-new risk-free claim.\n\nIt is risk-free.\n\nAlso risk-free here.\n",
    );
    let (out, code) = songsheet(&[
        "check",
        "--baseline",
        "baseline.json",
        "--format",
        "compact",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "a.md:3:13: error[banned] “risk-free” is banned wording\n"
    );
    // Fixing a known finding makes its entry stale, counted in the summary.
    write("a.md", "It is risk-free.\n\nAlso fine here.\n");
    let (out, code) = songsheet(&["check", "--baseline", "baseline.json", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["summary"]["baseline"],
        serde_json::json!({"known": 1, "stale": 1})
    );
    let (out, _) = songsheet(&["check", "--baseline", "baseline.json"]);
    assert!(
        out.contains("The baseline hid 1 known finding(s); 1 baseline entry no longer match"),
        "{out}"
    );
    // A file that is not a baseline is a usage error.
    write("bad.json", "{\"findings\": 3}");
    let (_, code) = songsheet(&["check", "--baseline", "bad.json"]);
    assert_eq!(code, 2);
}
