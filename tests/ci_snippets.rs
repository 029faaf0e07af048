//! The CI snippets the README shows are the files in docs/ci/, and they work: the GitHub
//! action's check steps and the GitLab job's songsheet lines are run for real against
//! the fixtures (with the freshly built binary standing in for the installed one; the
//! pre-commit test, tests/pre-commit/run.sh, builds it with cargo install).

use std::path::Path;
use std::process::Command;
use yaml_rust2::{Yaml, YamlLoader};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn yaml(path: &str) -> Yaml {
    let text = std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

fn bash(script: &str, dir: &Path) -> (i32, String) {
    let out = Command::new("bash")
        .args(["-c", script])
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_readme_shows_the_snippet_files_verbatim() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    for snippet in [
        "docs/ci/pre-commit-config.yaml",
        "docs/ci/github-workflow.yml",
        "docs/ci/gitlab-ci.yml",
    ] {
        let text = std::fs::read_to_string(Path::new(ROOT).join(snippet)).unwrap();
        assert!(
            readme.contains(text.trim_end()),
            "README.md does not show {snippet} as it is"
        );
    }
}

#[test]
fn the_github_action_runs_and_writes_sarif() {
    let action = yaml("action.yml");
    let inputs = action["inputs"].as_hash().unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let sarif = dir.path().join("out.sarif");
    let value = |name: &str| -> String {
        match name {
            "paths" => "fixtures".to_string(),
            "args" => "--today 2026-11-23".to_string(),
            "sarif" => sarif.display().to_string(),
            other => inputs[&Yaml::String(other.into())]["default"]
                .as_str()
                .unwrap()
                .to_string(),
        }
    };
    let steps = action["runs"]["steps"].as_vec().unwrap();
    let install = steps[0]["run"].as_str().unwrap();
    assert!(
        install.contains("cargo install --locked") && install.contains("${{ github.action_path }}")
    );
    assert!(install.contains("--root \"${{ runner.temp }}/songsheet\""));
    let mut exits = Vec::new();
    for step in &steps[1..] {
        let mut script = step["run"].as_str().unwrap().replace(
            "\"${{ runner.temp }}/songsheet/bin/songsheet\"",
            env!("CARGO_BIN_EXE_songsheet"),
        );
        for name in ["paths", "args", "fail-on", "sarif"] {
            script = script.replace(&format!("${{{{ inputs.{name} }}}}"), &value(name));
        }
        assert!(
            !script.contains("${{"),
            "unsubstituted expression in {script}"
        );
        let (code, stdout) = bash(&script, Path::new(ROOT));
        exits.push(code);
        if step["name"].as_str() == Some("Annotate the pull request") {
            assert!(
                stdout.lines().count() > 10 && stdout.lines().all(|l| l.starts_with("::")),
                "{stdout}"
            );
        }
    }
    assert_eq!(
        exits,
        [0, 1],
        "annotations never fail; the SARIF step fails on the fixtures' errors"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(report["version"], "2.1.0");
}

#[test]
fn the_workflow_uses_the_actions_inputs_and_uploads_its_sarif() {
    let action = yaml("action.yml");
    let workflow = yaml("docs/ci/github-workflow.yml");
    let steps = workflow["jobs"]["songsheet"]["steps"].as_vec().unwrap();
    let ours = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.ends_with("/songsheet@v0.1.0"))
        })
        .expect("a step uses the songsheet action");
    for (key, _) in ours["with"].as_hash().unwrap() {
        assert!(
            action["inputs"].as_hash().unwrap().contains_key(key),
            "the workflow passes {key:?}, which action.yml does not declare"
        );
    }
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))
        })
        .expect("a step uploads SARIF");
    assert_eq!(upload["with"]["sarif_file"], ours["with"]["sarif"]);
    assert_eq!(
        workflow["permissions"]["security-events"].as_str(),
        Some("write")
    );
}

#[test]
fn the_gitlab_job_writes_a_code_quality_report() {
    let job = yaml("docs/ci/gitlab-ci.yml");
    let script = job["songsheet"]["script"].as_vec().unwrap();
    let report = job["songsheet"]["artifacts"]["reports"]["codequality"]
        .as_str()
        .unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("songsheet.toml"),
        "[check]\nrulesets = []\n\n[[banned]]\nid = \"risk-free\"\nphrases = [\"risk-free\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("offer.md"), "Try it risk-free.\n").unwrap();
    let mut codes = Vec::new();
    for line in script
        .iter()
        .filter_map(|l| l.as_str())
        .filter(|l| l.starts_with("songsheet "))
    {
        let command = line.replacen("songsheet", env!("CARGO_BIN_EXE_songsheet"), 1);
        codes.push(bash(&command, dir.path()).0);
    }
    assert_eq!(
        codes,
        [0, 1],
        "the report step never fails; the gate fails on an error"
    );
    let issues: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(report)).unwrap()).unwrap();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0]["check_name"], "banned");
    assert_eq!(issues[0]["location"]["path"], "offer.md");
}
