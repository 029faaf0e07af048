//! Every kind of config and glossary error exits 2, checks nothing, and names the file,
//! the line and the entry, with a hint on how to fix it.

use assert_cmd::Command;
use std::fs;
use tempfile::TempDir;

/// Runs `check` in a repo with this config and glossary; returns stderr.
fn error_for(config: &str, glossary: &str) -> String {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("songsheet.toml"), config).unwrap();
    fs::write(dir.path().join("glossary.toml"), glossary).unwrap();
    fs::write(dir.path().join("doc.md"), "It is risk-free.\n").unwrap();
    let out = Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "doc.md"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "nothing is linted on a config error");
    String::from_utf8(out.stderr).unwrap()
}

const CONFIG: &str = "[check]\nglossaries = [\"glossary.toml\"]\nrulesets = []\n";

fn assert_all(stderr: &str, needles: &[&str]) {
    for n in needles {
        assert!(stderr.contains(n), "missing {n:?} in:\n{stderr}");
    }
}

#[test]
fn unknown_key_names_the_entry_and_the_accepted_keys() {
    let e = error_for(
        CONFIG,
        "[[terms]]\nid = \"pro\"\nuse = \"Pro\"\navod = [\"PRO\"]\n",
    );
    assert_all(
        &e,
        &[
            "unknown field `avod`",
            "[[terms]] entry `pro`",
            "glossary.toml:4:1",
            "`avoid`",
        ],
    );
}

#[test]
fn wrong_type() {
    let e = error_for(CONFIG, "[[banned]]\nid = \"x\"\nphrases = \"risk-free\"\n");
    assert_all(
        &e,
        &[
            "glossary.toml:3:",
            "[[banned]] entry `x`",
            "expected a sequence",
        ],
    );
}

#[test]
fn invalid_toml_syntax() {
    let e = error_for(CONFIG, "[[terms]\nid = \"x\"\n");
    assert_all(&e, &["glossary.toml:1:"]);
}

#[test]
fn duplicate_ids_across_files() {
    let config = format!("{CONFIG}\n[[banned]]\nid = \"dup\"\nphrases = [\"a\"]\n");
    let e = error_for(
        &config,
        "[[terms]]\nid = \"dup\"\nuse = \"A\"\navoid = [\"b\"]\n",
    );
    assert_all(
        &e,
        &[
            "duplicate id `dup`",
            "already defined in glossary.toml",
            "songsheet.toml:6:",
        ],
    );
}

#[test]
fn bad_pattern_points_inside_the_pattern() {
    let e = error_for(
        CONFIG,
        "[[promises]]\nid = \"guarantee\"\ntext = \"30-day guarantee\"\nvalue = \"30-day\"\npatterns = [\"{value} (satisfaction|money-back guarantee\"]\n",
    );
    assert_all(
        &e,
        &[
            "[[promises]] `guarantee`",
            "never closed",
            "glossary.toml:5:22",
        ],
    );
}

#[test]
fn bad_regex() {
    let e = error_for(
        CONFIG,
        "[[claims]]\nid = \"lift\"\ntext = \"67% more\"\nvalue = \"67%\"\nregex = \"(?P<value>\\\\d+%\"\n",
    );
    assert_all(&e, &["[[claims]] `lift`: bad regex", "glossary.toml:5:"]);
}

#[test]
fn regex_without_value_group() {
    let e = error_for(CONFIG, "[[claims]]\nid = \"lift\"\ntext = \"67% more\"\nvalue = \"67%\"\nregex = \"\\\\d+% more\"\n");
    assert_all(&e, &["no group named `value`", "glossary.toml:5:"]);
}

#[test]
fn value_that_is_not_a_quantity() {
    let e = error_for(
        CONFIG,
        "[[promises]]\nid = \"trial\"\ntext = \"a month\"\nvalue = \"a month\"\n",
    );
    assert_all(
        &e,
        &["value \"a month\" is not a quantity", "glossary.toml:4:"],
    );
}

#[test]
fn value_placeholder_without_value() {
    let e = error_for(
        CONFIG,
        "[[promises]]\nid = \"trial\"\ntext = \"t\"\npatterns = [\"{value} trial\"]\n",
    );
    assert_all(
        &e,
        &[
            "captures {value} but the entry has no `value`",
            "glossary.toml:4:",
        ],
    );
}

#[test]
fn unknown_disclaimer_and_persona_references() {
    let e = error_for(
        CONFIG,
        "[[claims]]\nid = \"lift\"\ntext = \"x\"\ndisclaimer = \"terms\"\npersonas = [\"cmo\"]\n",
    );
    assert_all(
        &e,
        &[
            "names disclaimer `terms`",
            "names persona `cmo`",
            "glossary.toml:4:",
            "glossary.toml:5:",
        ],
    );
}

#[test]
fn invalid_id_and_severity() {
    let e = error_for(CONFIG, "[[banned]]\nid = \"Risk Free\"\nphrases = [\"x\"]\n\n[[banned]]\nid = \"ok\"\nphrases = [\"y\"]\nseverity = \"fatal\"\n");
    assert_all(
        &e,
        &[
            "id `Risk Free` may only use",
            "for example id = \"risk-free\"",
            "unknown severity \"fatal\"",
            "glossary.toml:8:",
        ],
    );
}

#[test]
fn config_level_errors() {
    let config = "[check]\nglossaries = [\"missing/*.toml\", \"glossary.toml\"]\nrulesets = [\"corp\"]\nfail_on = \"sometimes\"\nplaceholders = [\"<>\"]\n\n[severity]\nclaim-mismtch = \"off\"\nterm = \"loud\"\n\n[[paths]]\nglob = \"sales/**\"\nkind = \"deck\"\npersona = \"cmo\"\n";
    let e = error_for(config, "");
    assert_all(
        &e,
        &[
            "`missing/*.toml` matches no glossary file",
            "unknown ruleset `corp`",
            "fail_on = \"sometimes\"",
            "placeholder \"<>\"",
            "unknown rule `claim-mismtch`",
            "did you mean `claim-mismatch`",
            "term = \"loud\"",
            "kind = \"deck\"",
            "names persona `cmo`",
            "songsheet.toml:14:",
            "8 problems in the configuration",
        ],
    );
}

#[test]
fn unknown_top_level_key_in_config() {
    let e = error_for("[chek]\nrulesets = []\n", "");
    assert_all(&e, &["unknown field `chek`", "songsheet.toml:1:"]);
}

#[test]
fn missing_config_file_given_with_flag() {
    let dir = TempDir::new().unwrap();
    let out = Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--config", "nope.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read config nope.toml"));
}

#[test]
fn glossaries_outside_the_repository_are_refused_unless_allowed() {
    let outside = TempDir::new().unwrap();
    fs::write(
        outside.path().join("g.toml"),
        "[[banned]]\nid = \"x\"\nphrases = [\"risk-free\"]\n",
    )
    .unwrap();
    let dir = TempDir::new().unwrap();
    let config = format!(
        "[check]\nrulesets = []\nglossaries = [\"{}\"]\n",
        outside.path().join("g.toml").display()
    );
    fs::write(dir.path().join("songsheet.toml"), &config).unwrap();
    fs::write(dir.path().join("doc.md"), "It is risk-free.\n").unwrap();
    let run = |extra: &[&str]| {
        Command::cargo_bin("songsheet")
            .unwrap()
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .args(["check", "--format", "compact"])
            .args(extra)
            .arg("doc.md")
            .output()
            .unwrap()
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("is outside this repository"), "{stderr}");
    assert!(stderr.contains("--allow-external-glossaries"), "{stderr}");
    let allowed = run(&["--allow-external-glossaries"]);
    assert_eq!(allowed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&allowed.stdout).contains("error[banned]"));
}

#[test]
fn relative_glossary_paths_may_reach_the_git_root_but_not_beyond() {
    let top = TempDir::new().unwrap();
    let repo = top.path().join("repo");
    fs::create_dir_all(repo.join("site")).unwrap();
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(&repo)
        .status()
        .unwrap();
    assert!(git.success());
    fs::write(
        repo.join("shared.toml"),
        "[[banned]]\nid = \"x\"\nphrases = [\"risk-free\"]\n",
    )
    .unwrap();
    fs::write(
        top.path().join("outside.toml"),
        "[[banned]]\nid = \"y\"\nphrases = [\"cheap\"]\n",
    )
    .unwrap();
    fs::write(repo.join("site/doc.md"), "It is risk-free.\n").unwrap();
    let run = |glossary: &str| {
        fs::write(
            repo.join("site/songsheet.toml"),
            format!("[check]\nrulesets = []\nglossaries = [\"{glossary}\"]\n"),
        )
        .unwrap();
        Command::cargo_bin("songsheet")
            .unwrap()
            .current_dir(repo.join("site"))
            .args(["check", "--format", "compact", "doc.md"])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(
        run("../shared.toml"),
        Some(1),
        "inside the git repository: read, and it finds risk-free"
    );
    assert_eq!(
        run("../../outside.toml"),
        Some(2),
        "outside the git repository: refused"
    );
}

/// A config arrives through pull requests and may sit beside secrets: an error quotes the
/// offending line and nothing around it.
#[test]
fn an_error_quotes_only_the_offending_line() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("songsheet.toml"),
        "[check]\nrulesets = []\n# token = \"above\"\n[[banned]]\nid = \"x\"\nphrases = 3\n# token = \"below\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "text\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("songsheet")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "a.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("songsheet.toml:6:11"), "{stderr}");
    assert!(stderr.contains(" 6 │ 3"), "{stderr}");
    assert!(
        !stderr.contains("above") && !stderr.contains("below") && !stderr.contains("id = "),
        "{stderr}"
    );
}
