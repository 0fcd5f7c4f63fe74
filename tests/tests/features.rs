//! A cargo feature per group of operations: by tag, else by first path segment; each
//! operation and the types only it reaches compile only with one of its groups on,
//! `full` (the default) turns on every group. Checked on what is generated; CI
//! compiles the kitchen sink with each feature alone (`.ci/run`).

use tests::{assert_warns, generated};

fn file<'a>(generated: &'a openapi_clientgen::Generated, path: &str) -> &'a str {
    &generated
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is generated"))
        .contents
}

/// The text from `needle` back to the item's start: the attributes just before it.
fn attributes_before<'a>(text: &'a str, needle: &str) -> &'a str {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} is there"));
    let start = text[..at].rfind("\n\n").unwrap_or(0);
    &text[start..at]
}

const TAGGED: &str = r#"
openapi: 3.0.3
info: {title: Tagged, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: list_pets
      tags: [pets]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}}
  /stores:
    get:
      operationId: list_stores
      tags: [stores]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Store'}}}}
  /adoptions:
    post:
      operationId: adopt
      tags: [pets, stores]
      responses:
        '204': {description: ok}
  /health:
    get:
      operationId: health
      responses:
        '204': {description: ok}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}, owner: {$ref: '#/components/schemas/Owner'}}}
    Owner: {type: object, properties: {name: {type: string}}}
    Store: {type: object, properties: {pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
    Unused: {type: object, properties: {note: {type: string}}}
"#;

#[test]
fn each_tag_is_a_feature_and_full_the_default_turns_on_all() {
    let generated = generated(TAGGED);
    let manifest = file(&generated, "Cargo.toml");
    assert!(manifest.contains("default = [\"full\"]\n"), "{manifest}");
    assert!(
        manifest.contains("full = [\"pets\", \"stores\", \"untagged\"]\n"),
        "{manifest}"
    );
    for feature in ["pets", "stores", "untagged"] {
        assert!(
            manifest.contains(&format!("\n{feature} = []\n")),
            "{manifest}"
        );
    }
}

#[test]
fn an_operation_compiles_with_any_feature_of_its_tags() {
    let generated = generated(TAGGED);
    let lib = file(&generated, "src/lib.rs");
    assert!(
        attributes_before(lib, "pub async fn list_pets(").contains("#[cfg(feature = \"pets\")]")
    );
    assert!(attributes_before(lib, "pub async fn adopt(")
        .contains("#[cfg(any(feature = \"pets\", feature = \"stores\"))]"));
    assert!(
        attributes_before(lib, "pub async fn health(").contains("#[cfg(feature = \"untagged\")]"),
        "an operation without a tag has a feature of its own"
    );
}

#[test]
fn a_type_compiles_with_any_group_that_reaches_it() {
    let generated = generated(TAGGED);
    let types = file(&generated, "src/types.rs");
    // `Pet` and `Owner` are reached from both tags' operations; `Store` from one.
    assert!(attributes_before(types, "pub struct Pet {")
        .contains("#[cfg(any(feature = \"pets\", feature = \"stores\"))]"));
    assert!(attributes_before(types, "pub struct Owner {")
        .contains("#[cfg(any(feature = \"pets\", feature = \"stores\"))]"));
    assert!(attributes_before(types, "pub struct Store {").contains("#[cfg(feature = \"stores\")]"));
    assert!(
        attributes_before(types, "pub struct Unused {").contains("#[cfg(feature = \"full\")]"),
        "a type no operation reaches compiles with `full`"
    );
}

#[test]
fn the_mock_expects_an_operation_only_when_it_compiles() {
    let generated = generated(TAGGED);
    let mock = file(&generated, "src/mock.rs");
    assert!(attributes_before(mock, "pub fn list_stores(").contains("#[cfg(feature = \"stores\")]"));
}

#[test]
fn without_two_tags_operations_are_grouped_by_the_path_after_its_version() {
    let spec = r#"
openapi: 3.0.3
info: {title: One tag, version: 1.0.0}
paths:
  /v1/customers/{id}/balance:
    get:
      operationId: customer_balance
      tags: [api]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
  /v1/charges:
    get: {operationId: list_charges, tags: [api], responses: {'204': {description: ok}}}
"#;
    let generated = generated(spec);
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest.contains("full = [\"customers\", \"charges\"]\n"),
        "{manifest}"
    );
    let lib = file(&generated, "src/lib.rs");
    assert!(attributes_before(lib, "pub async fn customer_balance(")
        .contains("#[cfg(feature = \"customers\")]"));
}

#[test]
fn a_spec_of_one_group_has_no_features() {
    let spec = r#"
openapi: 3.0.3
info: {title: One group, version: 1.0.0}
paths:
  /pets:
    get: {operationId: list_pets, tags: [pets], responses: {'204': {description: ok}}}
  /pets/{id}:
    get:
      operationId: get_pet
      tags: [pets]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
"#;
    let generated = generated(spec);
    let manifest = file(&generated, "Cargo.toml");
    assert!(!manifest.contains("full ="), "{manifest}");
    assert!(!file(&generated, "src/lib.rs").contains("#[cfg(feature = \"pets\")]"));
}

#[test]
fn a_tag_named_like_a_feature_of_the_crate_is_renamed_with_a_warning() {
    let spec = r#"
openapi: 3.0.3
info: {title: Clash, version: 1.0.0}
paths:
  /a:
    get: {operationId: a, tags: [Mock], responses: {'204': {description: ok}}}
  /b:
    get: {operationId: b, tags: [full], responses: {'204': {description: ok}}}
  /c:
    get: {operationId: c, tags: [Full], responses: {'204': {description: ok}}}
"#;
    let generated = generated(spec);
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest.contains("full = [\"mock_2\", \"full_2\", \"full_3\"]\n"),
        "{manifest}"
    );
    assert_warns(&generated, "#/tags", "`mock` is taken");
    assert_warns(
        &generated,
        "#/tags",
        "the operations of `Full` are under the feature `full_3`",
    );
}

#[test]
fn a_module_made_at_build_time_has_no_features() {
    let options = openapi_clientgen::Options {
        layout: openapi_clientgen::Layout::Module,
        ..openapi_clientgen::Options::default()
    };
    let generated = openapi_clientgen::generate(TAGGED, &options).expect("generates");
    assert!(!generated.files[0]
        .contents
        .contains("#[cfg(feature = \"pets\")]"));
}

const STREAMING: &str = r#"
openapi: 3.0.3
info: {title: Streaming, version: 1.0.0}
paths:
  /events:
    get:
      operationId: watch
      tags: [events]
      responses:
        '200': {description: ok, content: {text/event-stream: {schema: {type: string}}}}
  /files:
    get:
      operationId: download
      tags: [files]
      responses:
        '200': {description: ok, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
  /notes:
    get:
      operationId: list_notes
      tags: [notes]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object}}}}
"#;

#[test]
fn a_runtime_module_compiles_only_with_the_groups_whose_operations_use_it() {
    let generated = generated(STREAMING);
    let lib = file(&generated, "src/lib.rs");
    assert!(
        attributes_before(lib, "mod streams;")
            .contains("#[cfg(any(feature = \"events\", feature = \"files\"))]"),
        "{lib}"
    );
    assert!(
        attributes_before(lib, "pub use streams::")
            .contains("#[cfg(any(feature = \"events\", feature = \"files\"))]"),
        "{lib}"
    );
}

#[test]
fn a_runtime_module_an_operation_of_every_group_uses_always_compiles() {
    let everywhere = STREAMING.replace("tags: [events]", "tags: [events, files, notes]");
    let generated = generated(&everywhere);
    let lib = file(&generated, "src/lib.rs");
    let line_before = lib
        .lines()
        .take_while(|line| *line != "mod streams;")
        .last()
        .unwrap_or_else(|| panic!("mod streams; is there: {lib}"));
    assert!(!line_before.starts_with("#[cfg"), "{line_before}");
    assert!(lib.lines().any(|line| line == "mod streams;"), "{lib}");
}

/// `TAGGED` with `extra` more operations tagged `stores`, each with a type of its own.
fn tagged_with(extra: usize) -> String {
    let (paths, schemas) = TAGGED
        .split_once("components:\n  schemas:\n")
        .expect("TAGGED has schemas");
    let (mut paths, mut schemas) = (paths.to_owned(), schemas.to_owned());
    for i in 0..extra {
        paths.push_str(&format!(
            "  /stores/s{i}:\n    get:\n      operationId: store_{i}\n      tags: [stores]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Shelf{i}'}}}}}}}}\n"
        ));
        schemas.push_str(&format!(
            "    Shelf{i}: {{type: object, properties: {{size: {{type: integer}}}}}}\n"
        ));
    }
    format!("{paths}components:\n  schemas:\n{schemas}")
}

#[test]
fn in_a_big_crate_gated_items_are_in_files_their_features_skip() {
    let generated = generated(&tagged_with(20));
    let types = file(&generated, "src/types.rs");
    assert!(
        types.contains("#[cfg(feature = \"stores\")]\npub use stores::*;\n"),
        "{types}"
    );
    assert!(
        types.contains("#[cfg(feature = \"stores\")]\nmod stores;\n"),
        "{types}"
    );
    let stores = file(&generated, "src/types/stores.rs");
    assert!(stores.contains("pub struct Store {") && stores.contains("pub struct Shelf0 {"));
    assert!(stores.contains("pub mod builders {"), "{stores}");
    // What several groups reach is in a file of their gate's.
    let gate = "#[cfg(any(feature = \"pets\", feature = \"stores\"))]";
    assert!(
        types.contains(&format!("{gate}\nmod pets_and_stores;\n")),
        "{types}"
    );
    let shared = file(&generated, "src/types/pets_and_stores.rs");
    assert!(shared.contains("pub struct Pet {") && shared.contains("pub struct Owner {"));
    assert!(file(&generated, "src/types/unreached.rs").contains("pub struct Unused {"));
    let lib = file(&generated, "src/lib.rs");
    assert!(
        lib.contains("mod operations {\n    #[cfg(feature = \"pets\")]\n    mod pets;\n"),
        "{lib}"
    );
    assert!(attributes_before(lib, "pub async fn adopt(")
        .contains("#[cfg(any(feature = \"pets\", feature = \"stores\"))]"));
    let operations = file(&generated, "src/operations/stores.rs");
    assert!(operations.contains("impl Client {") && operations.contains("pub async fn store_0("));
    assert!(
        !operations.contains("#[cfg("),
        "the module's feature gates it whole"
    );
}

#[test]
fn a_small_crate_keeps_every_item_in_lib_rs_and_types_rs() {
    let generated = generated(&tagged_with(3));
    let rust: Vec<&str> = (generated.files.iter())
        .map(|f| f.path.as_str())
        .filter(|path| path.starts_with("src/types") || path.starts_with("src/operations"))
        .collect();
    assert_eq!(rust, ["src/types.rs"]);
}

#[test]
fn a_group_named_like_a_crate_the_code_names_gets_modules_of_another_name() {
    let spec = tagged_with(20).replace("tags: [stores]", "tags: [serde]");
    let got = openapi_clientgen::generate(&spec, &Default::default()).expect("generates");
    assert_warns(&got, "#/tags", "`group_serde`");
    assert!(got
        .files
        .iter()
        .any(|f| f.path == "src/types/group_serde.rs"));
    assert!(got
        .files
        .iter()
        .any(|f| f.path == "src/operations/group_serde.rs"));
}
