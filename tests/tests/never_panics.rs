//! Property test: mutated real specs never make `generate` panic, and whatever it
//! accepts is Rust that parses and that rustc's lexer accepts (no bare carriage
//! return, no unescaped code point that changes the direction of text). Mutations
//! put hostile text (control characters, carriage returns, direction overrides, and
//! in JSON unpaired surrogate escapes), huge numbers and deep nesting anywhere, and
//! rename members to names the generated code uses. `FUZZ_CASES=100000 cargo test -p tests --release
//! --test never_panics` runs a long campaign (`FUZZ_SEED_MAX_BYTES=1000000` adds the
//! largest corpus specs as seeds); the default is a short run.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many cases were accepted and refused, printed so a run shows it explored both.
#[derive(Default)]
struct Counts {
    accepted: AtomicUsize,
    refused: AtomicUsize,
}

/// Specs to start from: the small and medium corpus files, the fixtures and our own spec.
fn seeds() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    // The corpus adds seeds when it is there; the fixtures and our spec suffice without it.
    if let Some(corpus) = tests::corpus_dir("never_panics (corpus seeds)") {
        files.extend(tests::corpus::specs(&corpus));
    }
    files.extend(tests::corpus::specs(&root.join("fixtures")));
    files.push(root.join("../spec/stytch-sms-otp.yaml"));
    files
        .iter()
        .filter(|f| {
            std::fs::metadata(f)
                .map(|m| m.len() < max_seed_bytes())
                .unwrap_or(false)
        })
        .filter_map(|f| std::fs::read_to_string(f).ok())
        // As written (a 3.1 document stays 3.1), not as loading rewrites it.
        .filter_map(|text| serde_yaml::from_str::<Value>(&text).ok())
        .filter(|value| openapi_clientgen::internal::load::load(&value.to_string()).is_ok())
        .collect()
}

/// Values a mutation may put anywhere.
fn replacements() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(""),
        json!("x"),
        json!("{id}"),
        json!([]),
        json!({}),
        json!({"$ref": "#/components/schemas/Missing"}),
        json!({"$ref": "#/components/schemas/Pet"}),
        json!({"$ref": "other.yaml#/x"}),
        json!({"type": "object", "additionalProperties": {"type": "string"}}),
        json!({"type": "array"}),
        json!({"type": "string", "enum": ["a", "", "-1", "Self", "type"]}),
        json!({"type": "integer", "enum": [-1, 0, 1], "format": "int32"}),
        json!({"type": "string", "pattern": "(?<=x)[", "minLength": 3}),
        json!({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
        json!({"anyOf": [{"type": "object"}, {"nullable": true}]}),
        json!({"allOf": [{"type": "string"}, {"type": "object"}]}),
        json!({"allOf": []}),
        json!({"not": {}}),
        json!({"type": "object", "properties": {"self": {"type": "string"}, "Self": {}, "0": {}}, "required": ["self", "ghost"]}),
        json!({"application/json": {"schema": {"type": "object"}}, "multipart/form-data": {}}),
        json!({"name": "x", "in": "cookie", "required": true, "schema": {"type": "string"}}),
        json!({"name": "f", "in": "query", "style": "deepObject", "schema": {"type": "object"}}),
        json!(HOSTILE_TEXT),
        json!({"type": "string", "description": HOSTILE_TEXT, "pattern": HOSTILE_TEXT, "enum": [HOSTILE_TEXT, "default"]}),
        json!({"type": "object", "properties": {HOSTILE_TEXT: {"type": "string"}, "default": {"type": "string"}, "clone": {}}}),
        json!(1e300),
        json!(-9.223_372_036_854_776e18),
        json!(u64::MAX),
        json!({"type": "integer", "minimum": -1e300, "maximum": 1.8446744073709552e19, "multipleOf": 0.5}),
        json!({"type": "string", "minLength": -3, "maxLength": 1e30}),
        json!({"type": "array", "maxItems": "12", "items": true}),
        json!({"$ref": "#/components/schemas/Pet/properties/name"}),
        json!({"$ref": "#/paths"}),
        deeply_nested(100),
        // What OpenAPI 3.2 adds.
        json!({"responses": {"204": {}}, "requestBody": {"content": {"application/json": {"$ref": "#/components/mediaTypes/PetQuery"}}}}),
        json!({"$ref": "#/components/mediaTypes/Missing"}),
        json!({"LINK": {}, "BAD METHOD": {}, "get": {}, "": {}}),
        json!({"name": "q", "in": "querystring", "content": {"text/plain": {}}}),
        json!({"name": "c", "in": "cookie", "style": "cookie", "schema": {"type": "string"}}),
        json!({"itemSchema": {"type": "object"}, "itemEncoding": {}, "prefixEncoding": []}),
        json!({"dataValue": {"a": 1}, "serializedValue": "a=1"}),
    ]
}

/// Text no Rust source may hold as it is: control characters, carriage returns
/// alone and before a line feed, code points that change the direction of text, a
/// comment's end and a fence.
const HOSTILE_TEXT: &str =
    "a\rb\r\nc\u{0}d\u{1b}[31me\u{202e}f\u{2066}g\u{2028}h\u{feff}i\u{85}j */ ``` \"#";

/// A schema `depth` levels deep.
fn deeply_nested(depth: usize) -> Value {
    (0..depth).fold(json!({"type": "string"}), |inner, i| match i % 3 {
        0 => json!({"type": "array", "items": inner}),
        1 => json!({"type": "object", "properties": {"x": inner}}),
        _ => json!({"allOf": [inner]}),
    })
}

/// Names a mutation may rename a member to: names with meaning in OpenAPI, names the
/// generated code uses, and hostile text.
const NAMES: &[&str] = &[
    "type",
    "$ref",
    "x-y",
    "{id}",
    "200",
    "2XX",
    "default",
    "",
    "clone",
    "new",
    "build",
    "builder",
    "Self",
    "self",
    "Option",
    "fmt",
    "query",
    "additionalOperations",
    "LINK",
    "QUERY",
    "li nk",
    "itemSchema",
    "mediaTypes",
    "$self",
    HOSTILE_TEXT,
];

/// Whether rustc's lexer accepts `source` as far as these checks go: no carriage
/// return (prettyplease writes none, and a bare one is refused in comments) and no
/// unescaped code point that changes the direction of text (refused in comments and
/// literals).
fn lexes(source: &str) -> Result<(), String> {
    for (n, line) in source.lines().enumerate() {
        if let Some(c) = line
            .chars()
            .find(|c| *c == '\r' || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        {
            return Err(format!("line {}: {:?} in {line:?}", n + 1, c));
        }
    }
    Ok(())
}

/// The JSON text of a mutated spec, with an unpaired surrogate escape written into
/// the first few strings (JSON's grammar allows it; no Rust `String` can hold it).
fn with_lone_surrogates(json: &str) -> String {
    json.replacen(": \"", ": \"\\ud800", 3)
}

/// Every JSON pointer of `value`, in document order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(
                    child,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace { node: usize, with: usize },
    Remove { node: usize },
    Rename { node: usize, to: usize },
    Copy { from: usize, to: usize },
}

fn apply(doc: &mut Value, mutation: &Mutation, values: &[Value]) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let pick = |i: usize| all[i % all.len()].clone();
    match mutation {
        Mutation::Replace { node, with } => {
            if let Some(target) = doc.pointer_mut(&pick(*node)) {
                *target = values[with % values.len()].clone();
            }
        }
        Mutation::Remove { node } | Mutation::Rename { node, .. } => {
            let pointer = pick(*node);
            let Some((parent, key)) = pointer.rsplit_once('/') else {
                return;
            };
            let key = key.replace("~1", "/").replace("~0", "~");
            let renamed = match mutation {
                Mutation::Rename { to, .. } => Some(NAMES[to % NAMES.len()]),
                _ => None,
            };
            match doc.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    if let Some(removed) = map.shift_remove(&key) {
                        if let Some(name) = renamed {
                            map.insert(name.to_owned(), removed);
                        }
                    }
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
        }
        Mutation::Copy { from, to } => {
            let source = doc.pointer(&pick(*from)).cloned();
            if let (Some(source), Some(target)) = (source, doc.pointer_mut(&pick(*to))) {
                *target = source;
            }
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(node, with)| Mutation::Replace { node, with }),
        any::<usize>().prop_map(|node| Mutation::Remove { node }),
        (any::<usize>(), any::<usize>()).prop_map(|(node, to)| Mutation::Rename { node, to }),
        (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Mutation::Copy { from, to }),
    ]
}

/// Seeds larger than this are left out of the short run (`FUZZ_SEED_MAX_BYTES` raises it).
fn max_seed_bytes() -> u64 {
    std::env::var("FUZZ_SEED_MAX_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Generate, catching panics; every accepted file must parse as Rust. With
/// `FUZZ_LAST_CASE=PATH`, each case is written there first, so that one that aborts
/// the process (a stack overflow is no panic) leaves its input behind.
fn check(text: &str, counts: &Counts) -> Result<(), TestCaseError> {
    if let Some(path) = std::env::var_os("FUZZ_LAST_CASE") {
        std::fs::write(path, text).expect("FUZZ_LAST_CASE is writable");
    }
    // References to other files are read beside the multi-file fixture, so that its
    // mutations reach the bundling of those files.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/multi-file.yaml");
    let resolver = openapi_clientgen::FileResolver::for_spec(&fixture);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        openapi_clientgen::generate_with(text, &resolver, &openapi_clientgen::Options::default())
    }));
    let generated = match result {
        Err(_) => return Err(TestCaseError::fail("generate panicked")),
        Ok(Err(err)) => {
            counts.refused.fetch_add(1, Ordering::Relaxed);
            // `#/…`, or `file#/…` in a file a reference named.
            prop_assert!(err.pointer.contains('#'), "error without a pointer: {err}");
            return Ok(());
        }
        Ok(Ok(generated)) => generated,
    };
    counts.accepted.fetch_add(1, Ordering::Relaxed);
    for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
        prop_assert!(
            syn::parse_file(&file.contents).is_ok(),
            "{} does not parse",
            file.path
        );
        if let Err(why) = lexes(&file.contents) {
            return Err(TestCaseError::fail(format!("{}: {why}", file.path)));
        }
    }
    Ok(())
}

/// Mutate `seeds` for a run of cases: the counts of specs generated and refused.
fn campaign(seeds: &[Value]) -> (usize, usize) {
    let values = replacements();
    let counts = Counts::default();
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        0..seeds.len(),
        proptest::collection::vec(mutation(), 1..6),
        0..4u8,
    );
    runner
        .run(&strategy, |(seed, mutations, format)| {
            let mut doc = seeds[seed].clone();
            for m in &mutations {
                apply(&mut doc, m, &values);
            }
            let text = match format {
                0 => serde_yaml::to_string(&doc).unwrap_or_default(),
                1 => with_lone_surrogates(&serde_json::to_string_pretty(&doc).unwrap_or_default()),
                _ => serde_json::to_string_pretty(&doc).unwrap_or_default(),
            };
            check(&text, &counts)
        })
        .unwrap_or_else(|err| panic!("{err}"));
    (
        counts.accepted.load(Ordering::Relaxed),
        counts.refused.load(Ordering::Relaxed),
    )
}

#[test]
fn mutated_specs_never_make_generate_panic_and_accepted_output_parses() {
    let seeds = seeds();
    // The fixtures and our spec are seven; the corpus, when present, adds more.
    assert!(seeds.len() >= 7, "too few seed specs: {}", seeds.len());
    let (accepted, refused) = campaign(&seeds);
    eprintln!("mutated specs: {accepted} generated, {refused} refused");
    assert!(
        accepted > 0 && refused > 0,
        "the mutations should both keep and break specs"
    );
}

/// A campaign over the seeds `pick` keeps (one version's documents), which must hold
/// at least one.
fn version_campaign(pick: fn(&Value) -> bool, what: &str) {
    let seeds: Vec<Value> = seeds().into_iter().filter(pick).collect();
    assert!(!seeds.is_empty(), "the {what} fixture is a seed");
    let (accepted, refused) = campaign(&seeds);
    eprintln!("mutated {what} specs: {accepted} generated, {refused} refused");
    assert!(
        accepted > 0 && refused > 0,
        "the mutations should both keep and break specs"
    );
}

#[test]
fn mutated_3_2_specs_never_make_generate_panic_and_accepted_output_parses() {
    version_campaign(
        |seed| {
            seed["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.2."))
        },
        "3.2",
    );
}

#[test]
fn mutated_swagger_2_specs_never_make_generate_panic_and_accepted_output_parses() {
    version_campaign(|seed| seed.get("swagger").is_some(), "Swagger 2.0");
}

#[test]
fn arbitrary_text_never_makes_generate_panic() {
    let counts = Counts::default();
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &"(openapi: 3\\.0\\.[0-9]\n)?[ -~\n\t{}\\[\\]:,'\"]{0,400}",
            |text| check(&text, &counts),
        )
        .unwrap_or_else(|err| panic!("{err}"));
}
