//! The `openapi-clientgen` command line: writing, `--check`, warnings, failures,
//! `diff` and `release`.

// File access is allowed here (clippy.toml, ARCHITECTURE.md): a test: it writes specs and reads what the CLI wrote.
#![allow(clippy::disallowed_methods)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/stytch-sms-otp.yaml");

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "openapi-clientgen-cli-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-clientgen"))
        .args(args)
        .output()
        .expect("openapi-clientgen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap_or_default(),
                ));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn writes_a_complete_crate_for_any_spec() {
    let out = scratch("writes");
    let result = run(&["--spec", SPEC, "--out", out.to_str().expect("utf-8")]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    for file in [
        "Cargo.toml",
        "rustfmt.toml",
        "src/lib.rs",
        "src/types.rs",
        "src/runtime/mod.rs",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
}

#[test]
fn check_passes_when_fresh_and_fails_with_a_diff_and_the_command_when_stale() {
    let out = scratch("check");
    let out_arg = out.to_str().expect("utf-8");
    assert!(run(&["--spec", SPEC, "--out", out_arg]).status.success());
    assert!(run(&["--spec", SPEC, "--out", out_arg, "--check"])
        .status
        .success());

    // The spec gains an optional field but the crate is not regenerated.
    let spec = std::fs::read_to_string(SPEC).expect("spec");
    let grown = spec.replacen(
        "        session_jwt:\n",
        "        nickname:\n          type: string\n          description: Added later.\n        session_jwt:\n",
        1,
    );
    assert_ne!(
        grown, spec,
        "the spec has a session_jwt property to insert before"
    );
    let grown_path = out.join("grown.yaml");
    std::fs::write(&grown_path, grown).expect("write spec");
    let grown_arg = grown_path.to_str().expect("utf-8");
    let before = snapshot(&out);
    let stale = run(&["--spec", grown_arg, "--out", out_arg, "--check"]);
    assert!(!stale.status.success());
    assert!(
        text(&stale.stdout).contains("+    pub nickname: Option<String>,"),
        "{}",
        text(&stale.stdout)
    );
    assert!(
        text(&stale.stderr).contains(&format!(
            "openapi-clientgen --spec {grown_arg} --out {out_arg}"
        )),
        "{}",
        text(&stale.stderr)
    );
    assert_eq!(snapshot(&out), before, "--check writes nothing");

    assert!(run(&["--spec", grown_arg, "--out", out_arg])
        .status
        .success());
    assert!(run(&["--spec", grown_arg, "--out", out_arg, "--check"])
        .status
        .success());
}

#[test]
fn a_failed_run_leaves_the_output_as_it_was_and_names_the_place() {
    let out = scratch("failed");
    let out_arg = out.to_str().expect("utf-8");
    assert!(run(&["--spec", SPEC, "--out", out_arg]).status.success());
    let before = snapshot(&out);
    let broken = out.join("broken.yaml");
    let spec = std::fs::read_to_string(SPEC).expect("spec");
    std::fs::write(
        &broken,
        spec.replacen(
            "$ref: '#/components/schemas/Locale'",
            "$ref: 'https://example.com/schemas.yaml#/Locale'",
            1,
        ),
    )
    .expect("write");
    let before_with_spec = snapshot(&out);
    let result = run(&["--spec", broken.to_str().expect("utf-8"), "--out", out_arg]);
    assert!(!result.status.success());
    assert!(
        text(&result.stderr).contains("#/components/schemas/"),
        "{}",
        text(&result.stderr)
    );
    assert!(
        text(&result.stderr).contains("is a URL"),
        "{}",
        text(&result.stderr)
    );
    assert_eq!(snapshot(&out), before_with_spec);
    assert!(before.len() + 1 == before_with_spec.len());
}

#[test]
fn warnings_go_to_stderr_and_deny_warnings_turns_them_into_failure() {
    let out = scratch("warnings");
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/bodies.yaml");
    let out_arg = out.to_str().expect("utf-8");
    let lenient = run(&["--spec", spec, "--out", out_arg]);
    assert!(lenient.status.success());
    assert!(
        text(&lenient.stderr).contains("warning: #/paths/~1several/post/requestBody/content:"),
        "{}",
        text(&lenient.stderr)
    );
    let strict = run(&[
        "--spec",
        spec,
        "--out",
        out_arg,
        "--deny-warnings",
        "--check",
    ]);
    assert!(!strict.status.success());
    assert!(
        text(&strict.stderr).contains("--deny-warnings"),
        "{}",
        text(&strict.stderr)
    );
}

#[test]
fn text_from_the_spec_reaches_the_terminal_escaped() {
    let out = scratch("escaped");
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/hostile-text.json"
    );
    let result = run(&["--spec", spec, "--out", out.to_str().expect("utf-8")]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let stderr = text(&result.stderr);
    assert!(stderr.contains("names no schema"), "{stderr}");
    assert!(
        stderr.contains(r"\u{1b}") && stderr.contains(r"\u{202e}"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{202e}') && !stderr.contains('\r'),
        "{stderr:?}"
    );
}

#[test]
fn deny_warnings_refuses_a_repaired_mistake() {
    let out = scratch("tolerated");
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/tolerances.yaml"
    );
    let out_arg = out.to_str().expect("utf-8");
    assert!(run(&["--spec", spec, "--out", out_arg]).status.success());
    let strict = run(&["--spec", spec, "--out", out_arg, "--deny-warnings"]);
    assert!(!strict.status.success());
    let stderr = text(&strict.stderr);
    assert!(
        stderr.contains("is a response, not a schema") && stderr.contains("--deny-warnings"),
        "{stderr}"
    );
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");

#[test]
fn compare_upstream_exits_non_zero_when_something_differs() {
    let ours = format!("{FIXTURES}/upstream/ours.yaml");
    let theirs = format!("{FIXTURES}/upstream/theirs.yaml");
    let differs = run(&["compare-upstream", "--format", "json", &ours, &theirs]);
    assert_eq!(differs.status.code(), Some(1), "{}", text(&differs.stderr));
    let json: serde_json::Value = serde_json::from_slice(&differs.stdout).expect("JSON");
    assert_eq!(json["compared"], 2);
    assert_eq!(json["differences"].as_array().map(Vec::len), Some(8));
    let same = run(&["compare-upstream", &ours, &ours]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stdout));
}

#[test]
fn diff_prints_its_verdict_in_text_json_and_markdown() {
    let base = format!("{FIXTURES}/evolution/base.yaml");
    let changed = format!("{FIXTURES}/evolution/remove-response-field.yaml");
    let plain = run(&["diff", &base, &changed]);
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    assert!(
        text(&plain.stdout).starts_with("major: 1 change(s)\nmajor  types::Message::note  removed"),
        "{}",
        text(&plain.stdout)
    );
    let json = run(&["diff", "--format", "json", &base, &changed]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json["bump"], "major");
    assert_eq!(
        json["changes"][0]["pointer"],
        "#/components/schemas/Message/properties/note"
    );
    let markdown = run(&["diff", "--format", "markdown", &base, &changed]);
    assert!(
        text(&markdown.stdout).starts_with("## major change\n\n### Breaking\n"),
        "{}",
        text(&markdown.stdout)
    );
}

#[test]
fn diff_names_the_file_and_the_pointer_of_a_spec_it_cannot_read() {
    let dir = scratch("diff-broken");
    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: 7\n").expect("write");
    let base = format!("{FIXTURES}/evolution/base.yaml");
    let out = run(&["diff", &base, broken.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: {}: #/paths/~1x/get/responses:",
            broken.display()
        )),
        "{stderr}"
    );
}

#[test]
fn release_versions_the_crate_by_the_verdict_and_writes_the_changelog() {
    let dir = scratch("release");
    let spec = dir.join("api.yaml");
    let out = dir.join("crate");
    let (spec_arg, out_arg) = (spec.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    std::fs::copy(format!("{FIXTURES}/evolution/base.yaml"), &spec).expect("copy");
    let first = run(&["release", "--spec", spec_arg, "--out", out_arg]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(dir.join("released/api.yaml").exists());
    let manifest = || std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest().contains("version = \"1.0.0\""), "{}", manifest());
    // Unchanged: nothing to release, and the check passes.
    let again = run(&["release", "--spec", spec_arg, "--out", out_arg]);
    assert!(
        text(&again.stderr).contains("nothing to release"),
        "{}",
        text(&again.stderr)
    );
    assert!(
        run(&["release", "--check", "--spec", spec_arg, "--out", out_arg])
            .status
            .success()
    );

    // A new optional response field: the check fails until a minor release is made.
    std::fs::copy(
        format!("{FIXTURES}/evolution/add-optional-response-field.yaml"),
        &spec,
    )
    .expect("copy");
    let check = run(&["release", "--check", "--spec", spec_arg, "--out", out_arg]);
    assert!(!check.status.success());
    assert!(
        text(&check.stderr).contains("(minor change)"),
        "{}",
        text(&check.stderr)
    );
    let minor = run(&["release", "--spec", spec_arg, "--out", out_arg]);
    assert!(minor.status.success(), "{}", text(&minor.stderr));
    assert!(manifest().contains("version = \"1.1.0\""), "{}", manifest());
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).expect("changelog");
    let headings: Vec<&str> = changelog.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings, ["## 1.1.0", "## 1.0.0"]);
    assert!(
        changelog.contains("- `types::Message::price`: added"),
        "{changelog}"
    );
    assert!(
        run(&["release", "--check", "--spec", spec_arg, "--out", out_arg])
            .status
            .success()
    );
    // Regenerating keeps the released version.
    let regenerated = run(&["--spec", spec_arg, "--out", out_arg, "--check"]);
    assert!(
        regenerated.status.success(),
        "{}",
        text(&regenerated.stdout)
    );

    // Removing a field is breaking.
    std::fs::copy(
        format!("{FIXTURES}/evolution/remove-response-field.yaml"),
        &spec,
    )
    .expect("copy");
    assert!(run(&["release", "--spec", spec_arg, "--out", out_arg])
        .status
        .success());
    assert!(manifest().contains("version = \"2.0.0\""), "{}", manifest());
}

#[test]
fn release_check_fails_when_the_public_api_changed_though_the_spec_did_not() {
    let dir = scratch("release-api");
    let spec = dir.join("api.yaml");
    let out = dir.join("crate");
    let (spec_arg, out_arg) = (spec.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    std::fs::copy(format!("{FIXTURES}/evolution/base.yaml"), &spec).expect("copy");
    let first = run(&["release", "--spec", spec_arg, "--out", out_arg]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let recorded = dir.join("released/api.api");
    let api = std::fs::read_to_string(&recorded).expect("the public API is recorded");
    assert!(api.contains("crate: Client: "), "{api}");
    // As a generator whose runtime had one public function more would record it.
    std::fs::write(
        &recorded,
        format!("{api}runtime: fn gone_from_the_runtime ()\n"),
    )
    .expect("write");
    let check = run(&["release", "--check", "--spec", spec_arg, "--out", out_arg]);
    assert!(!check.status.success());
    let stderr = text(&check.stderr);
    assert!(
        stderr.contains("- runtime: fn gone_from_the_runtime ()"),
        "{stderr}"
    );
    assert!(stderr.contains("public API changed"), "{stderr}");
    assert!(
        stderr.contains("(major change: 1 items gone, 0 new)"),
        "{stderr}"
    );
    // A release takes the breaking change: 1.0.0 becomes 2.0.0, and the check passes.
    let release = run(&["release", "--spec", spec_arg, "--out", out_arg]);
    assert!(release.status.success(), "{}", text(&release.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("version = \"2.0.0\""), "{manifest}");
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).expect("changelog");
    assert!(
        changelog.contains("the generator or its runtime changed the crate's public API"),
        "{changelog}"
    );
    assert!(
        changelog.contains("- gone or changed: `runtime: fn gone_from_the_runtime ()`"),
        "{changelog}"
    );
    assert!(
        run(&["release", "--check", "--spec", spec_arg, "--out", out_arg])
            .status
            .success()
    );
}

#[test]
fn a_release_of_a_spec_in_several_files_keeps_it_as_one_document() {
    let dir = scratch("release-multi");
    std::fs::create_dir_all(dir.join("schemas")).expect("folder");
    let spec = dir.join("api.yaml");
    std::fs::write(&spec, "openapi: 3.0.3\ninfo: {title: Pets, version: 1.0.0}\npaths:\n  /pets:\n    get:\n      operationId: list_pets\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: 'schemas/pet.yaml#/Pet'}}}}}\n").expect("write");
    let pet = dir.join("schemas/pet.yaml");
    std::fs::write(
        &pet,
        "Pet: {type: object, properties: {name: {type: string}}}\n",
    )
    .expect("write");
    let out = dir.join("crate");
    let (spec_arg, out_arg) = (spec.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    assert!(run(&["release", "--spec", spec_arg, "--out", out_arg])
        .status
        .success());
    let kept = std::fs::read_to_string(dir.join("released/api.yaml")).expect("kept");
    assert!(
        kept.contains("\"Pet\"") && !kept.contains("schemas/pet.yaml"),
        "{kept}"
    );
    // A change in the other file is seen against the kept document.
    std::fs::write(
        &pet,
        "Pet: {type: object, properties: {name: {type: string}, age: {type: integer}}}\n",
    )
    .expect("write");
    let check = run(&["release", "--check", "--spec", spec_arg, "--out", out_arg]);
    assert!(!check.status.success());
    assert!(
        text(&check.stderr).contains("(minor change)"),
        "{}",
        text(&check.stderr)
    );
}
