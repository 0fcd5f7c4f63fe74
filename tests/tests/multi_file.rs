//! Specs in several files: relative external references are read through a resolver
//! (the CLI's reads files beside the spec) and brought into one document.

use openapi_clientgen::FileResolver;
use openapi_clientgen::{generate, generate_with, Options, Resolve};
use std::collections::BTreeMap;
use std::path::Path;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
}

/// Files held in memory, by the path a resolver is asked for.
struct Files(BTreeMap<&'static str, &'static str>);

impl Resolve for Files {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0
            .get(path)
            .map(|text| text.to_string())
            .ok_or_else(|| "no such file".to_owned())
    }

    fn root_name(&self) -> Option<&str> {
        Some("openapi.yaml")
    }
}

/// A resolver that must not be asked for anything.
struct Untouchable;

impl Resolve for Untouchable {
    fn read(&self, path: &str) -> Result<String, String> {
        panic!("asked to read {path}")
    }
}

const ROOT: &str = r#"
openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      responses:
        '200':
          description: Pets.
          content:
            application/json:
              schema: {$ref: 'schemas/pet.yaml#/Pet'}
"#;

#[test]
fn a_spec_in_several_files_generates_what_the_same_spec_in_one_file_does() {
    let options = Options::default();
    let multi = fixtures().join("multi-file.yaml");
    let text = std::fs::read_to_string(&multi).expect("fixture");
    let resolver = FileResolver::for_spec(&multi);
    let from_files = generate_with(&text, &resolver, &options).expect("generates");
    let one =
        std::fs::read_to_string(fixtures().join("multi-file/one-file.yaml")).expect("fixture");
    let from_one = generate(&one, &options).expect("generates");
    assert_eq!(from_files.files, from_one.files);
    assert_eq!(from_files.warnings, from_one.warnings);
    // Each file is read once, however often it is named.
    let mut asked: Vec<String> = resolver
        .files_asked()
        .iter()
        .map(|p| {
            p.strip_prefix(fixtures())
                .unwrap_or(p)
                .display()
                .to_string()
        })
        .collect();
    let count = asked.len();
    asked.sort();
    asked.dedup();
    assert_eq!(count, asked.len(), "{asked:?}");
    assert_eq!(
        asked,
        [
            "multi-file/parameters.yaml",
            "multi-file/paths/pets.yaml",
            "multi-file/responses.yaml",
            "multi-file/schemas/owner.json",
            "multi-file/schemas/pet.yaml",
        ]
    );
}

#[test]
fn an_error_in_a_referenced_file_names_that_file_and_the_pointer_in_it() {
    let files = Files(BTreeMap::from([(
        "schemas/pet.yaml",
        "Pet:\n  type: object\n  properties:\n    name: {$ref: '#/Name'}\nName: {$ref: 'https://example.com/name.json'}\n",
    )]));
    let err = generate_with(ROOT, &files, &Options::default()).unwrap_err();
    assert_eq!(err.pointer, "schemas/pet.yaml#/Name");
    assert!(err.message.contains("is a URL"), "{err}");

    let files = Files(BTreeMap::from([(
        "schemas/pet.yaml",
        "Pet:\n  type: object\n  properties:\n    tags: {type: array, items: {$ref: '#/Missing'}}\n",
    )]));
    let err = generate_with(ROOT, &files, &Options::default()).unwrap_err();
    assert_eq!(err.pointer, "schemas/pet.yaml#/Pet/properties/tags/items");
    assert!(
        err.message
            .contains("`schemas/pet.yaml` has nothing at `#/Missing`"),
        "{err}"
    );

    let files = Files(BTreeMap::from([(
        "schemas/pet.yaml",
        "Pet:\n  type: object\n  properties:\n    name: {type: string, pattern: '(unclosed'}\n",
    )]));
    let generated = generate_with(ROOT, &files, &Options::default()).expect("generates");
    let pointers: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        ["schemas/pet.yaml#/Pet/properties/name/pattern"],
        "{:?}",
        generated.warnings
    );
}

#[test]
fn a_reference_by_url_is_refused_without_reading_anything() {
    let spec = ROOT.replace(
        "schemas/pet.yaml#/Pet",
        "https://pets.example/pet.yaml#/Pet",
    );
    let err = generate_with(&spec, &Untouchable, &Options::default()).unwrap_err();
    assert_eq!(
        err.pointer,
        "#/paths/~1pets/get/responses/200/content/application~1json/schema"
    );
    assert!(err.message.contains("no network"), "{err}");
    let spec = ROOT.replace("schemas/pet.yaml#/Pet", "/etc/pet.yaml#/Pet");
    let err = generate_with(&spec, &Untouchable, &Options::default()).unwrap_err();
    assert!(err.message.contains("absolute path"), "{err}");
}

#[test]
fn a_missing_file_is_refused_at_the_reference_with_the_reason() {
    let err = generate_with(ROOT, &Files(BTreeMap::new()), &Options::default()).unwrap_err();
    assert_eq!(
        err.pointer,
        "#/paths/~1pets/get/responses/200/content/application~1json/schema"
    );
    assert_eq!(err.message, "cannot read `schemas/pet.yaml`: no such file");
    // Without a resolver, the same reference is refused where it stands.
    let err = generate(ROOT, &Options::default()).unwrap_err();
    assert_eq!(
        err.pointer,
        "#/paths/~1pets/get/responses/200/content/application~1json/schema"
    );
    assert!(err.message.contains("reads no files"), "{err}");
}

#[test]
fn path_items_that_lead_back_to_themselves_are_refused() {
    let spec = r#"
openapi: 3.0.3
info: {title: Loop, version: 1.0.0}
paths:
  /a: {$ref: 'a.yaml'}
"#;
    let files = Files(BTreeMap::from([
        ("a.yaml", "$ref: 'dir/b.yaml'\n"),
        ("dir/b.yaml", "$ref: '../a.yaml'\n"),
    ]));
    let err = generate_with(spec, &files, &Options::default()).unwrap_err();
    // Where the cycle closes: the reference in `dir/b.yaml`.
    assert_eq!(err.pointer, "dir/b.yaml#");
    assert!(err.message.contains("cycle"), "{err}");
}

#[test]
fn components_that_refer_to_each_other_across_files_are_brought_in_once() {
    let files = Files(BTreeMap::from([
        (
            "schemas/pet.yaml",
            "Pet:\n  type: object\n  properties:\n    owner: {$ref: 'people.yaml#/Person'}\n",
        ),
        (
            "schemas/people.yaml",
            "Person:\n  type: object\n  properties:\n    pets: {type: array, items: {$ref: 'pet.yaml#/Pet'}}\n    back: {$ref: '../openapi.yaml#/components/schemas/Pet'}\n",
        ),
    ]));
    // The root's own `Pet` keeps its name; the file's is renamed, with a warning.
    let spec = format!("{ROOT}components:\n  schemas:\n    Pet: {{type: string}}\n");
    let generated = generate_with(&spec, &files, &Options::default()).expect("generates");
    let types = &generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types")
        .contents;
    for item in [
        "pub type Pet = String;",
        "pub struct Pet2 {",
        "pub struct Person {",
    ] {
        assert!(types.contains(item), "{item} missing:\n{types}");
    }
    assert!(types.contains("pub pets: Option<Vec<Pet2>>,"), "{types}");
    assert!(types.contains("pub back: Option<String>,"), "{types}");
    let renamed: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        renamed,
        ["schemas/pet.yaml#/Pet: `schemas/pet.yaml#/Pet` is named `Pet2` here: `Pet` is taken"]
    );
}

#[test]
fn references_under_names_that_are_also_keywords_are_followed() {
    // `value`, `default` and `x-…` are data in a schema, but names in `properties`.
    let spec = ROOT.replace(
        "schema: {$ref: 'schemas/pet.yaml#/Pet'}",
        "schema: {type: object, properties: {value: {$ref: 'schemas/pet.yaml#/Pet'}, x-tenant: {$ref: 'schemas/pet.yaml#/Pet'}}}",
    );
    let files = Files(BTreeMap::from([(
        "schemas/pet.yaml",
        "Pet: {type: object, properties: {name: {type: string}}}\n",
    )]));
    let generated = generate_with(&spec, &files, &Options::default()).expect("generates");
    let types = &generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types")
        .contents;
    assert!(types.contains("pub value: Option<Pet>,"), "{types}");
    assert!(types.contains("pub x_tenant: Option<Pet>,"), "{types}");
}

#[test]
fn discriminator_mappings_into_other_files_are_brought_in() {
    let spec = r#"
openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths: {}
components:
  schemas:
    Pet:
      oneOf: [{$ref: 'pets.yaml#/Dog'}, {$ref: 'pets.yaml#/Cat'}]
      discriminator:
        propertyName: kind
        mapping: {dog: 'pets.yaml#/Dog', cat: 'pets.yaml#/Cat'}
"#;
    let files = Files(BTreeMap::from([(
        "pets.yaml",
        "Dog: {type: object, required: [kind], properties: {kind: {type: string}, barks: {type: boolean}}}\nCat: {type: object, required: [kind], properties: {kind: {type: string}}}\n",
    )]));
    let generated = generate_with(spec, &files, &Options::default()).expect("generates");
    let types = &generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types")
        .contents;
    assert!(types.contains(r#""dog" => {"#), "{types}");
    assert!(types.contains(r#""cat" => {"#), "{types}");
}

#[test]
fn path_items_of_webhooks_and_callbacks_in_other_files_are_not_types() {
    let spec = r#"
openapi: 3.1.0
info: {title: Hooks, version: 1.0.0}
webhooks:
  newPet: {$ref: 'hook.yaml'}
paths:
  /subscribe:
    post:
      operationId: subscribe
      callbacks:
        onEvent:
          '{$request.body#/url}': {$ref: 'hook.yaml'}
      responses: {'204': {description: ok}}
"#;
    let files = Files(BTreeMap::from([(
        "hook.yaml",
        "post:\n  requestBody: {content: {application/json: {schema: {type: object}}}}\n  responses: {'200': {description: ok}}\n",
    )]));
    let generated = generate_with(spec, &files, &Options::default()).expect("generates");
    let types = &generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types")
        .contents;
    assert!(!types.contains("Hook"), "{types}");
}
