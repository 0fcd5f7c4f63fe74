//! `openapi_clientgen::build` in a real build: cargo reruns the build script when the spec
//! changes and not otherwise, warnings reach cargo, and a refused spec fails the build
//! with its JSON pointer. Each step is a real `cargo build` of a small crate.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD: &str = "openapi: 3.0.3\ninfo: {title: Probe, version: '1'}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses: {'204': {description: pong}}\n";

/// The spec with one more operation, whose callback is skipped with a warning.
const EDITED: &str = "openapi: 3.0.3\ninfo: {title: Probe, version: '1'}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses: {'204': {description: pong}}\n  /pong:\n    get:\n      operationId: pong\n      callbacks:\n        done:\n          '{$request.query.url}':\n            post:\n              responses: {'204': {description: ok}}\n      responses: {'204': {description: ping}}\n";

/// A spec the generator refuses: a multipart body.
const REFUSED: &str = "openapi: 3.0.3\ninfo: {title: Probe, version: '1'}\npaths:\n  /upload:\n    post:\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: string}\n      responses: {'204': {description: ok}}\n";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The target directory this test was built in, shared so that the generator's
/// dependencies are not compiled again.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    exe.ancestors()
        .nth(3)
        .expect("<target>/<profile>/deps/<test>")
        .to_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A crate whose build script generates a client from `spec.yaml`. Its library
/// includes the generated file as text, so that it rebuilds exactly when the file
/// changes without compiling the client's own dependencies.
fn probe_crate(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    let generator = repo().join("generator");
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n\n[build-dependencies]\nopenapi-clientgen = {{ path = {:?} }}\n",
            generator.display().to_string()
        ),
    );
    std::fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    write(
        &dir.join("build.rs"),
        "fn main() -> Result<(), openapi_clientgen::build::Error> {\n    openapi_clientgen::build::Builder::new(\"spec.yaml\").check_dependencies(false).generate()?;\n    Ok(())\n}\n",
    );
    write(
        &dir.join("src/lib.rs"),
        "pub const CLIENT: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/client.rs\"));\n",
    );
    write(&dir.join("notes.txt"), "unrelated\n");
    dir
}

fn cargo_build(dir: &Path) -> Output {
    Command::new(env!("CARGO"))
        .args(["build", "-v", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Whether cargo ran the build script of the crate `name` in this build.
fn ran_build_script(output: &Output, name: &str) -> bool {
    stderr(output).lines().any(|line| {
        line.trim_start().starts_with("Running")
            && line.contains(&format!("/{name}-"))
            && line.contains("build-script-build")
    })
}

#[test]
fn the_build_script_reruns_when_the_spec_changes_and_only_then() {
    let name = "build-script-probe";
    let dir = probe_crate(name);
    write(&dir.join("spec.yaml"), GOOD);
    let first = cargo_build(&dir);
    assert!(first.status.success(), "{}", stderr(&first));

    // Nothing changed, or only a file the spec does not involve: nothing reruns.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    write(&dir.join("notes.txt"), "still unrelated\n");
    write(
        &dir.join("src/lib.rs"),
        &std::fs::read_to_string(dir.join("src/lib.rs")).expect("lib.rs"),
    );
    let untouched = cargo_build(&dir);
    assert!(untouched.status.success(), "{}", stderr(&untouched));
    assert!(
        !ran_build_script(&untouched, name),
        "reran for an unrelated file:\n{}",
        stderr(&untouched)
    );

    // The spec changed: the script reruns, reports the warning with its pointer, and
    // the generated file has the new operation.
    write(&dir.join("spec.yaml"), EDITED);
    let edited = cargo_build(&dir);
    assert!(edited.status.success(), "{}", stderr(&edited));
    assert!(
        ran_build_script(&edited, name),
        "did not rerun:\n{}",
        stderr(&edited)
    );
    assert!(
        stderr(&edited).contains("warning: build-script-probe@0.0.0: #/paths/~1pong/get/callbacks"),
        "{}",
        stderr(&edited)
    );
}

#[test]
fn a_refused_spec_fails_the_build_with_its_json_pointer() {
    let dir = probe_crate("build-script-probe-refused");
    write(&dir.join("spec.yaml"), REFUSED);
    let refused = cargo_build(&dir);
    assert!(!refused.status.success(), "a refused spec built");
    let text = stderr(&refused);
    assert!(
        text.contains("error: spec.yaml: #/paths/~1upload/post/requestBody/content/multipart~1form-data/schema: a multipart/form-data body must be an object"),
        "{text}"
    );
}

/// The `[dependencies]` a client always needs: a feature's optional ones left out
/// (a module included from a build script has no features).
fn dependency_lines(manifest: &str) -> Vec<String> {
    let mut lines = tests::manifest_section(manifest, "dependencies");
    lines.retain(|line| !line.contains("optional = true"));
    lines
}

/// The dependency lines on `name` that `block` holds commented out (`# name = …`,
/// each with its own comment after it left out): those only some specs need.
fn commented(block: &str, name: &str) -> Vec<String> {
    let prefix = format!("# {name}");
    block
        .lines()
        .filter_map(|line| line.trim().strip_prefix(prefix.as_str()))
        .map(|rest| {
            format!(
                "{name}{}",
                rest.split(" #").next().unwrap_or(rest).trim_end()
            )
        })
        .collect()
}

#[test]
fn the_readme_lists_exactly_the_dependencies_generated_crates_declare() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let section = readme
        .split("## Generating at build time")
        .nth(1)
        .expect("README has the section");
    let block = section
        .split("```toml")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a toml block");
    let always = dependency_lines(block);
    let with_patterns = commented(block, "regex-lite");
    assert_eq!(with_patterns, ["regex-lite = \"0.1\""]);
    let with_streams = commented(block, "futures-core");
    assert_eq!(with_streams, ["futures-core = \"0.3\""]);
    let multipart_reqwest = commented(block, "reqwest");
    assert_eq!(
        multipart_reqwest.len(),
        1,
        "the README names reqwest for multipart bodies"
    );
    let uploads_tokio = commented(block, "tokio");
    assert_eq!(uploads_tokio.len(), 1, "the README names tokio for uploads");
    let with_uploads = [commented(block, "bytes"), commented(block, "http-body")].concat();
    assert_eq!(with_uploads, ["bytes = \"1\"", "http-body = \"1\""]);
    let with_multipart: Vec<String> = always
        .iter()
        .map(|line| match line {
            line if line.starts_with("reqwest ") => multipart_reqwest[0].clone(),
            line if line.starts_with("tokio ") => uploads_tokio[0].clone(),
            line => line.clone(),
        })
        .collect();

    let manifest = |path: &str| {
        dependency_lines(&std::fs::read_to_string(repo().join(path)).expect("manifest"))
    };
    // The Stytch spec has patterns and neither multipart bodies, uploads nor streams;
    // the kitchen sink the reverse.
    let mut stytch = always.clone();
    stytch.extend(with_patterns);
    assert_eq!(manifest("generated/Cargo.toml"), stytch);
    let mut with_multipart = with_multipart;
    with_multipart.extend(with_streams);
    with_multipart.extend(with_uploads);
    assert_eq!(manifest("tests/kitchen-sink/Cargo.toml"), with_multipart);
    assert_eq!(manifest("examples/build-script/Cargo.toml"), with_multipart);
}

#[test]
fn a_missing_runtime_dependency_fails_the_build_with_the_lines_to_add() {
    let dir = probe_crate("build-script-probe-deps");
    write(
        &dir.join("build.rs"),
        "fn main() -> Result<(), openapi_clientgen::build::Error> {\n    openapi_clientgen::build::Builder::new(\"spec.yaml\").generate()?;\n    Ok(())\n}\n",
    );
    write(&dir.join("spec.yaml"), GOOD);
    let failed = cargo_build(&dir);
    assert!(
        !failed.status.success(),
        "built without the client's dependencies"
    );
    let text = stderr(&failed);
    assert!(text.contains("add them to [dependencies]"), "{text}");
    assert!(
        text.contains(r#"reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }"#),
        "{text}"
    );
}
