//! Real-world specs: each one generates or is refused precisely, and a representative
//! subset (plus the construct fixtures) compiles with zero warnings.
//! The whole corpus, with timings: `cargo run -p tests --bin corpus`.

use std::path::{Path, PathBuf};
use tests::corpus;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Kept small so the default test run stays quick on two cores; together they cover
/// form bodies, bearer and basic auth, header parameters, nullable fields, many enums,
/// union parameters, server variables, JSON input and a Swagger 2.0 document.
const SUBSET: &[&str] = &[
    "heyapi-2.0-form-data.json",
    "oai-petstore-expanded.json",
    "oai-uspto.json",
    "progenitor-buildomat.json",
    "sinch-sms.yaml",
    "twilio_messaging_v1.json",
    "vonage-sms.yml",
];

#[test]
fn every_corpus_spec_generates_or_is_refused_with_a_json_pointer() {
    let Some(dir) =
        tests::corpus_dir("every_corpus_spec_generates_or_is_refused_with_a_json_pointer")
    else {
        return;
    };
    let specs = corpus::specs(&dir);
    assert!(
        specs.len() >= 16,
        "the corpus is incomplete: {}",
        dir.display()
    );
    for spec in specs {
        let text = std::fs::read_to_string(&spec).expect("readable");
        match openapi_clientgen::generate(&text, &openapi_clientgen::Options::default()) {
            Ok(generated) => assert!(!generated.files.is_empty()),
            Err(err) => {
                assert!(err.pointer.starts_with('#'), "{}: {err}", spec.display());
                assert!(!err.message.is_empty(), "{}", spec.display());
            }
        }
    }
}

#[test]
fn a_schema_reference_to_a_response_is_taken_as_its_schema_with_a_warning_at_its_place() {
    let Some(dir) = tests::corpus_dir(
        "a_schema_reference_to_a_response_is_taken_as_its_schema_with_a_warning_at_its_place",
    ) else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("supabase-auth.yaml")).expect("readable");
    let generated = openapi_clientgen::generate(&text, &openapi_clientgen::Options::default())
        .expect("generates");
    let warning = generated
        .warnings
        .iter()
        .find(|w| {
            w.pointer
                == "#/paths/~1user~1identities~1{identityId}/delete/responses/401/content/application~1json/schema"
        })
        .expect("a warning at the reference");
    assert!(
        warning
            .message
            .contains("`#/components/responses/UnauthorizedResponse` is a response, not a schema"),
        "{}",
        warning.message
    );
}

#[test]
fn corpus_subset_and_construct_fixtures_compile_without_warnings() {
    let workspace = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-check");
    let crates = workspace.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    // Without the corpus, the fixtures are still checked.
    let mut specs: Vec<PathBuf> = match tests::corpus_dir(
        "corpus_subset_and_construct_fixtures_compile_without_warnings (its corpus part)",
    ) {
        Some(dir) => SUBSET.iter().map(|name| dir.join(name)).collect(),
        None => Vec::new(),
    };
    specs.extend(corpus::specs(&fixtures_dir()));
    let mut members = Vec::new();
    for spec in &specs {
        let outcome = corpus::generate_one(spec, &crates, 1);
        let name = outcome
            .result
            .unwrap_or_else(|err| panic!("{}: {err}", spec.display()));
        members.push(name);
    }
    // A crate with a planted warning proves the check sees warnings at all.
    let planted = "corpus-planted-warning";
    std::fs::create_dir_all(crates.join(planted).join("src")).expect("mkdir");
    std::fs::write(
        crates.join(planted).join("Cargo.toml"),
        format!("[package]\nname = \"{planted}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n"),
    )
    .expect("write");
    std::fs::write(crates.join(planted).join("src/lib.rs"), "fn unused() {}\n").expect("write");
    members.push(planted.to_owned());

    let paths: Vec<String> = members.iter().map(|m| format!("crates/{m}")).collect();
    corpus::write_workspace(&workspace, &paths).expect("workspace manifest");
    let checked = corpus::check_workspace(&workspace, &members).expect("cargo clippy runs");
    let mut noisy = Vec::new();
    for (member, messages) in &checked {
        if member == planted {
            assert!(!messages.is_empty(), "the planted warning was not seen");
        } else if !messages.is_empty() {
            noisy.push(format!("{member}:\n  {}", messages.join("\n  ")));
        }
    }
    assert!(noisy.is_empty(), "compiler messages:\n{}", noisy.join("\n"));
}
