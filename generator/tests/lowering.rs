//! Golden tests for lowering: the whole model for small fixtures, committed as text so
//! that every decision (names, types, presence, rules, media types, status handling)
//! shows up in review; and the generated code `contract.rs` compiles against the
//! runtime. On a difference the test prints the command that rewrites them.

// File access is allowed here (clippy.toml, ARCHITECTURE.md): a test: it reads fixtures and golden files.
#![allow(clippy::disallowed_methods)]

use std::path::Path;

const UPDATE: &str = "UPDATE_GOLDEN=1 cargo test -p openapi-clientgen --test lowering";

fn model(fixture: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("../tests/fixtures").join(fixture)).expect("fixture");
    let loaded = openapi_clientgen::internal::load::load(&text).expect("loads");
    let options = openapi_clientgen::Options {
        spec_label: format!("tests/fixtures/{fixture}"),
        ..openapi_clientgen::Options::default()
    };
    let (api, warnings) =
        openapi_clientgen::internal::lower::lower(&loaded.doc, &loaded.raw, &options)
            .expect("lowers");
    format!(
        "spec: {}\n\n{api:#?}\n\nwarnings: {warnings:#?}\n",
        options.spec_label
    )
}

/// The items a spec generates as a module, without the runtime: what `contract.rs`
/// compiles against the runtime's source.
fn contract(spec: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("..").join(spec)).expect("spec");
    let options = openapi_clientgen::Options {
        spec_label: spec.to_owned(),
        regenerate_command: UPDATE.to_owned(),
        layout: openapi_clientgen::Layout::Module,
        ..openapi_clientgen::Options::default()
    };
    let generated = openapi_clientgen::generate(&text, &options).expect("generates");
    let module = &generated.files[0].contents;
    let start = module
        .find("\n\nmod runtime {\n")
        .expect("the module ends with the runtime");
    let hand_written = &module[start..];
    // Each of the runtime's modules but `mod.rs`, which holds them, unchanged.
    for (path, source) in &openapi_clientgen::internal::emit::RUNTIME[1..] {
        let name = path
            .trim_start_matches("src/runtime/")
            .trim_end_matches(".rs");
        assert!(
            hand_written.contains(&format!("mod {name} {{\n{source}}}\n")),
            "the module holds the runtime's `{name}` unchanged"
        );
    }
    let observe = format!(
        "\n\nmod observe {{\n{}}}\n",
        include_str!("../src/runtime/quiet.rs")
    );
    let multipart = format!(
        "\n\nmod multipart {{\n{}}}\n",
        include_str!("../src/runtime/multipart.rs")
    );
    let streams = format!(
        "\n\nmod streams {{\n{}}}\n",
        include_str!("../src/runtime/streams.rs")
    );
    let pages = format!(
        "\n\nmod pages {{\n{}}}\n",
        include_str!("../src/runtime/pages.rs")
    );
    let upload = format!(
        "\n\nmod upload {{\n{}}}\n",
        include_str!("../src/runtime/upload.rs")
    );
    let mut endings = vec![observe.clone()];
    for optional in [&multipart, &streams, &pages, &upload] {
        let longer: Vec<String> = endings.iter().map(|e| format!("{e}{optional}")).collect();
        endings.extend(longer);
    }
    assert!(
        endings
            .iter()
            .any(|ending| hand_written.ends_with(ending.as_str())),
        "the runtime is followed by the quiet `observe` and, when the spec needs them, \
         `multipart`, `streams` and `pages`"
    );
    module[..start].to_owned() + "\n"
}

fn check(fixture: &str) {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{fixture}.model.txt"));
    compare(&golden, &model(fixture), fixture);
}

fn compare(golden: &Path, actual: &str, fixture: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(golden, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(golden).unwrap_or_default();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
            .unified_diff()
            .context_radius(2)
            .to_string();
        panic!("{diff}\nthe output for {fixture} changed; if that is intended, refresh every snapshot with:\n\n    scripts/refresh.sh\n\n(these golden files alone: {UPDATE})\n");
    }
}

#[test]
fn parameters_lower_to_the_committed_model() {
    check("params.yaml");
}

#[test]
fn schemas_lower_to_the_committed_model() {
    check("schemas.yaml");
}

#[test]
fn responses_lower_to_the_committed_model() {
    check("responses.yaml");
}

#[test]
fn contract_code_is_what_the_specs_give() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/contract");
    for (spec, file) in [
        ("tests/fixtures/kitchen-sink.yaml", "kitchen_sink.rs"),
        ("spec/stytch-sms-otp.yaml", "stytch.rs"),
    ] {
        compare(&dir.join(file), &contract(spec), spec);
    }
}

/// Whether printed `text` holds a string that is a proposal's key (`"{12}"`), which
/// names stand for until the naming pass gives them.
fn holds_a_key(text: &str) -> bool {
    text.split("\"{").skip(1).any(|rest| {
        rest.split_once("}\"").is_some_and(|(inside, _)| {
            !inside.is_empty() && inside.bytes().all(|b| b.is_ascii_digit())
        })
    })
}

#[test]
fn every_name_in_the_model_is_given_by_the_naming_pass() {
    assert!(holds_a_key("rust_name: \"{12}\"") && !holds_a_key("path: \"/a/{0}\""));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = vec![root.join("spec/stytch-sms-otp.yaml")];
    let fixtures = std::fs::read_dir(root.join("tests/fixtures")).expect("fixtures");
    let mut fixtures: Vec<_> = fixtures
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    specs.extend(fixtures);
    for spec in &specs {
        let text = std::fs::read_to_string(spec).expect("spec");
        let resolver = openapi_clientgen::FileResolver::for_spec(spec);
        let (api, warnings) = openapi_clientgen::internal::model_with(
            &text,
            &resolver,
            &openapi_clientgen::Options::default(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let printed = format!("{api:?}\n{warnings:?}");
        assert!(
            !holds_a_key(&printed),
            "{}: a key is left in\n{printed}",
            spec.display()
        );
    }
    assert!(specs.len() > 10, "{specs:?}");
}
