//! One test per supported OpenAPI construct: what the generator makes of it.
//! The fixtures in `fixtures/` are also compiled, warning-free, by the corpus test.

use openapi_clientgen::{generate, GenerateError, Options};
use std::path::Path;

struct Output {
    lib: String,
    types: String,
    warnings: Vec<String>,
}

fn fixture(name: &str) -> Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    inline(&std::fs::read_to_string(&path).expect("fixture"))
}

/// What a spec's text generates.
fn inline(spec: &str) -> Output {
    let generated = generate(spec, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let file = |p: &str| {
        generated
            .files
            .iter()
            .find(|f| f.path == p)
            .map(|f| f.contents.clone())
            .expect(p)
    };
    Output {
        lib: file("src/lib.rs"),
        types: file("src/types.rs"),
        warnings: generated.warnings.iter().map(ToString::to_string).collect(),
    }
}

fn refusal(spec: &str) -> GenerateError {
    generate(spec, &Options::default()).expect_err("refused")
}

/// Drop whitespace so assertions do not depend on how the printer broke lines.
fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A warning at `at` whose message says `says`.
fn assert_warns(warnings: &[String], at: &str, says: &str) {
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with(&format!("{at}: ")) && w.contains(says)),
        "no warning at {at} saying {says}: {warnings:#?}"
    );
}

fn assert_has(haystack: &str, needle: &str) {
    assert!(flat(haystack).contains(&flat(needle)), "missing `{needle}`");
}

const MINIMAL_HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn operation_level_parameters_override_path_level_ones() {
    let out = fixture("params.yaml");
    assert_has(&out.types, "pub verbose: bool,");
    assert_has(
        &out.types,
        "pub fn new(verbose: bool, x_request_id: impl Into<String>) -> Self",
    );
}

#[test]
fn parameter_names_that_are_not_identifiers_are_sanitized() {
    let out = fixture("params.yaml");
    assert_has(&out.lib, "pub async fn list_items( &self, account_ref: &str, v0: i64, params: &types::ListItemsParams, )");
    assert_has(&out.types, "pub parameter1_name: Option<String>,");
    assert_has(&out.types, "pub type_: Option<Sort>,");
    assert_has(&out.lib, r#"request.query("Parameter1.Name", value);"#);
}

#[test]
fn array_query_parameters_repeat_or_join_as_the_spec_says() {
    let out = fixture("params.yaml");
    assert_has(
        &out.lib,
        r#"for item in value { request.query("tags", item); }"#,
    );
    assert_has(&out.lib, r#"request.query("ids", &runtime::join(value));"#);
}

#[test]
fn union_parameters_are_written_through_serde() {
    let out = fixture("params.yaml");
    assert_has(
        &out.lib,
        r#"request.query_pairs(runtime::param_pairs("id", value, true, false)?"#,
    );
}

#[test]
fn header_parameters_are_sent_and_reserved_ones_ignored_with_a_warning() {
    let out = fixture("params.yaml");
    assert_has(
        &out.lib,
        r#"request.header("X-Request-Id", &params.x_request_id)?;"#,
    );
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("parameters/9") && w.contains("`Accept`")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn parameter_rules_are_checked_before_sending() {
    let out = fixture("params.yaml");
    assert_has(&out.lib, "params.validate()?;");
    assert_has(
        &out.types,
        r#"check::minimum("limit", f64::from(*value), 1.0, false)?;"#,
    );
}

#[test]
fn server_variables_take_their_defaults() {
    let out = fixture("params.yaml");
    assert_has(&out.lib, r#""https://eu.example.com/v2""#);
}

#[test]
fn json_media_types_with_parameters_or_suffixes_are_json() {
    let out = fixture("bodies.yaml");
    assert_has(
        &out.lib,
        r#"request.json(body, "application/json; charset=utf-8")?;"#,
    );
    assert_has(
        &out.lib,
        r#"request.json(body, "application/merge-patch+json")?;"#,
    );
}

#[test]
fn form_bodies_are_form_encoded() {
    let out = fixture("bodies.yaml");
    assert_has(
        &out.lib,
        r#"request.form(body, "application/x-www-form-urlencoded")?;"#,
    );
}

#[test]
fn binary_and_text_bodies_are_bytes_and_strings_and_may_be_optional() {
    let out = fixture("bodies.yaml");
    assert_has(
        &out.lib,
        "pub async fn upload( &self, body: Option<Vec<u8>>, )",
    );
    assert_has(
        &out.lib,
        r#"if let Some(body) = body { request.raw(body, "application/octet-stream"); }"#,
    );
    assert_has(&out.lib, "pub async fn send_text( &self, body: String, ) -> Result<ResponseValue<String>, Error<serde_json::Value>>");
}

#[test]
fn several_media_types_choose_json_and_say_so() {
    let out = fixture("bodies.yaml");
    assert_has(&out.lib, r#"request.json(body, "application/json")?;"#);
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("~1several/post/requestBody/content")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn several_success_types_become_an_enum_by_status() {
    let out = fixture("responses.yaml");
    assert_has(
        &out.types,
        "pub enum GetPetResponse { Ok(Pet), Accepted(Job), NoContent, }",
    );
    assert_has(
        &out.lib,
        "Result<ResponseValue<types::GetPetResponse>, Error<types::Problem>>",
    );
}

#[test]
fn inline_bodies_of_several_success_statuses_are_named_by_status() {
    let out = fixture("responses.yaml");
    assert_has(
        &out.types,
        "pub enum StartJobResponse { Ok(StartJobResponse200), Accepted(StartJobResponse202), }",
    );
    assert!(
        out.warnings.iter().all(|w| !w.contains("already used")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn status_ranges_default_and_binary_responses() {
    let out = fixture("responses.yaml");
    assert_has(
        &out.lib,
        "pub async fn export(&self) -> Result<ResponseValue<Vec<u8>>, Error<types::Problem>>",
    );
    assert_has(&out.lib, "200..=299 => response.bytes(),");
}

#[test]
fn wildcard_media_types_with_a_schema_are_json() {
    let out = fixture("responses.yaml");
    assert_has(&out.lib, "pub async fn springdoc_style( &self, body: Option<&types::Pet>, ) -> Result<ResponseValue<types::Pet>, Error<serde_json::Value>>");
    assert_has(&out.lib, r#"request.json(body, "application/json")?;"#);
}

#[test]
fn bodiless_responses_are_unit() {
    let out = fixture("responses.yaml");
    assert_has(
        &out.lib,
        "pub async fn ping(&self) -> Result<ResponseValue<()>, Error<serde_json::Value>>",
    );
}

#[test]
fn operations_without_an_id_are_named_from_method_and_path() {
    assert_has(&fixture("responses.yaml").lib, "pub async fn get_health(");
    assert_has(
        &fixture("names.yaml").lib,
        "pub async fn delete_pets_by_id(",
    );
}

#[test]
fn recursive_types_are_boxed_only_where_needed() {
    let out = fixture("schemas.yaml");
    assert_has(&out.types, "pub next: Option<Box<Node>>,");
    assert_has(&out.types, "pub children: Option<Vec<Node>>,");
    assert_has(&out.types, "pub left: Box<Expr>,");
}

#[test]
fn all_of_merges_properties_and_required() {
    let out = fixture("schemas.yaml");
    let dog = out
        .types
        .split("pub struct Dog {")
        .nth(1)
        .expect("Dog")
        .split('}')
        .next()
        .expect("body")
        .to_owned();
    for field in [
        "pub id: String,",
        "pub created_at: Option<String>,",
        "pub bark: bool,",
        "pub password: Option<String>,",
    ] {
        assert_has(&dog, field);
    }
}

#[test]
fn discriminated_unions_dispatch_on_the_tag_and_write_it() {
    let out = fixture("schemas.yaml");
    assert_has(
        &out.types,
        r#""dog" => { serde_json::from_value(value).map(Self::Dog)"#,
    );
    assert_has(
        &out.types,
        r#"object.entry("pet_type").or_insert_with(|| tag.into());"#,
    );
    assert_has(
        &out.types,
        "#[serde(untagged)] #[non_exhaustive] pub enum Expr { Literal(Literal), Sum(Box<Sum>), }",
    );
}

#[test]
fn enums_name_odd_values_and_keep_unknown_ones() {
    let out = fixture("schemas.yaml");
    assert_has(&out.types, "pub enum Color { /// `red` Red, /// `green` Green, /// `` Empty, /// `pt-br` PtBr, /// `1st` V1st, /// `unknown` Unknown, /// A value this version of the spec does not list. Unknown2(String), }");
    assert_has(&out.types, "pub enum Priority { /// `-1` Minus1, /// `0` V0, /// `1` V1, /// A value this version of the spec does not list. Unknown(i64), }");
    assert_has(&out.types, "-1 => Ok(Self::Minus1),");
}

#[test]
fn enum_variant_names_and_docs_come_from_extensions_when_given() {
    let out = fixture("schemas.yaml");
    assert_has(
        &out.types,
        "pub enum Level { /// `1`: Barely Low, /// `2`: Somewhat Medium, /// `3`: Very High,",
    );
}

#[test]
fn single_valued_enums_are_constants_without_a_fallback() {
    let out = fixture("schemas.yaml");
    assert_has(
        &out.types,
        r#"other => Err(serde::de::Error::unknown_variant(other, &["literal"])),"#,
    );
}

#[test]
fn nullable_is_kept_apart_from_optional() {
    let out = fixture("schemas.yaml");
    assert_has(&out.types, "pub required_nullable: Option<String>,");
    assert_has(&out.types, "pub optional_nullable: Option<Option<i64>>,");
    assert_has(&out.types, "pub optional: Option<i64>,");
    // Written: `null` for `required_nullable`; the others left out when unset.
    assert_has(
        &out.types,
        r#"out.serialize_field("required_nullable", &self.required_nullable)?;"#,
    );
    assert_has(
        &out.types,
        r#"if self.optional_nullable.is_some() { out.serialize_field("optional_nullable", &self.optional_nullable)?; }"#,
    );
    assert_has(
        &out.types,
        r#"if self.optional.is_some() { out.serialize_field("optional", &self.optional)?; }"#,
    );
    // Read back: absent and `null` are one for `optional`, two for `optional_nullable`.
    assert_has(&out.types, "optional: optional.flatten(),");
    assert_has(&out.types, "optional_nullable,");
}

#[test]
fn maps_and_free_form_objects() {
    let out = fixture("schemas.yaml");
    assert_has(
        &out.types,
        "pub labels: Option<std::collections::BTreeMap<String, String>>,",
    );
    assert_has(
        &out.types,
        "pub free: Option<serde_json::Map<String, serde_json::Value>>,",
    );
    assert_has(&out.types, "pub anything: Option<serde_json::Value>,");
    assert_has(
        &out.types,
        "pub additional_properties: std::collections::BTreeMap<String, i64>,",
    );
    // Written beside the declared members, as a flattened map would be.
    assert_has(
        &out.types,
        "for (name, value) in &self.additional_properties { out.serialize_entry(name, value)?; }",
    );
}

#[test]
fn formats_map_to_the_documented_rust_types() {
    let out = fixture("schemas.yaml");
    for field in [
        "pub i32: Option<i32>,",
        "pub i64: Option<i64>,",
        "pub f32: Option<f32>,",
        "pub f64: Option<f64>,",
        "pub day: Option<String>,",
        "pub id: Option<String>,",
        "pub raw: Option<String>,",
        "pub blob: Option<String>,",
        "pub u64: Option<u64>,",
    ] {
        assert_has(&out.types, field);
    }
}

#[test]
fn read_only_fields_are_never_sent_and_passwords_never_printed() {
    let out = fixture("schemas.yaml");
    assert_has(&out.types, "pub id: String,");
    assert_has(
        &out.types,
        r#"let mut out = serializer.serialize_struct("Base", usize::from(self.created_at.is_some()))?;"#,
    );
    let types = flat(&out.types);
    let base = types
        .split("implserde::SerializeforBase{")
        .nth(1)
        .and_then(|rest| rest.split("out.end()").next())
        .expect("Base's Serialize");
    assert!(!base.contains(r#""id""#), "{base}");
    assert_has(
        &out.types,
        r#".field("password", &self.password.as_ref().map(|_| "<redacted>"))"#,
    );
}

#[test]
fn defaults_are_documented() {
    assert_has(&fixture("schemas.yaml").types, "/// Default: `9`.");
}

#[test]
fn odd_operation_ids_become_snake_case_methods() {
    let out = fixture("names.yaml");
    for method in ["meta_root", "list_data_sets", "find_pet_by_id", "key_get"] {
        assert_has(&out.lib, &format!("pub async fn {method}("));
    }
}

#[test]
fn duplicate_operation_ids_are_resolved_with_a_warning_naming_both() {
    let out = fixture("names.yaml");
    assert_has(&out.lib, "pub async fn list_data_sets2(");
    assert_warns(
        &out.warnings,
        "#/paths/~1data-sets/post",
        "#/paths/~1data-sets/get",
    );
}

#[test]
fn operation_ids_that_clash_with_client_methods_are_renamed() {
    assert_has(&fixture("names.yaml").lib, "pub async fn builder2(");
}

#[test]
fn colliding_type_names_are_resolved_with_a_warning_naming_both() {
    let out = fixture("names.yaml");
    assert_has(&out.types, "pub struct PetCategory {");
    assert_has(&out.types, "pub struct PetCategory2 {");
    assert_has(&out.types, "pub struct ResultType {");
    assert_has(&out.types, "pub struct ValidationErrorType {");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.starts_with("#/components/schemas/pet-category:")
                && w.contains("#/components/schemas/pet.Category")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn security_schemes_become_builder_methods_and_empty_security_sends_none() {
    let out = fixture("names.yaml");
    assert_has(
        &out.lib,
        r#"pub fn api_key(self, key: impl Into<String>) -> Self { self.credentials(Credentials::ApiKeyHeader { name: "X-API-Key", key: Secret::new(key), }) }"#,
    );
    assert_has(
        &out.lib,
        "pub fn bearer_auth(self, token: impl Into<String>) -> Self",
    );
    let post = out
        .lib
        .split("pub async fn list_data_sets2(")
        .nth(1)
        .expect("method");
    assert_has(
        post.split("let response").next().expect("prefix"),
        r#""/data-sets".to_owned(), false)"#,
    );
}

#[test]
fn openapi_versions_other_than_3_0_3_1_and_3_2_are_refused_at_the_version() {
    let err = refusal("openapi: 3.3.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(err.pointer, "#/openapi");
    assert!(err.message.contains("only 3.0.x, 3.1.x and 3.2.x"), "{err}");
}

#[test]
fn a_multipart_body_that_is_not_an_object_is_refused_at_its_schema() {
    let spec = format!("{MINIMAL_HEAD}paths:\n  /f:\n    post:\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {{type: string}}\n      responses: {{'200': {{description: ok}}}}\n");
    let err = refusal(&spec);
    assert_eq!(
        err.pointer,
        "#/paths/~1f/post/requestBody/content/multipart~1form-data/schema"
    );
    assert!(err.message.contains("must be an object"), "{}", err.message);
}

#[test]
fn a_free_form_multipart_body_sends_its_members_by_their_keys() {
    let spec = format!("{MINIMAL_HEAD}paths:\n  /f:\n    post:\n      operationId: send\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {{type: object}}\n      responses: {{'200': {{description: ok}}}}\n");
    let out = inline(&spec);
    let lib = flat(&out.lib);
    assert!(
        lib.contains("body:Option<&serde_json::Map<String,serde_json::Value>>"),
        "{}",
        out.lib
    );
    assert!(lib.contains("form.members(body)?;"), "{}", out.lib);
}

#[test]
fn external_references_are_refused_at_their_place_without_a_resolver() {
    let spec = format!(
        "{MINIMAL_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'other.yaml#/B'}}\n"
    );
    let err = refusal(&spec);
    assert_eq!(err.pointer, "#/components/schemas/A");
    assert!(err.message.contains("reads no files"), "{}", err.message);
}

#[test]
fn object_query_parameters_follow_their_style() {
    let spec = format!("{MINIMAL_HEAD}paths:\n  /q:\n    get:\n      operationId: query\n      parameters:\n        - {{name: filter, in: query, style: deepObject, schema: {{type: object, properties: {{a: {{type: string}}}}}}}}\n        - {{name: page, in: query, schema: {{type: object, properties: {{size: {{type: integer}}}}}}}}\n      responses: {{'200': {{description: ok}}}}\n");
    let out = inline(&spec);
    let lib = &out.lib;
    assert_has(
        lib,
        r#"request.query_pairs(runtime::param_pairs("filter", value, true, true)?"#,
    );
    assert_has(
        lib,
        r#"request.query_pairs(runtime::param_pairs("page", value, true, false)?"#,
    );
}

#[test]
fn cookie_parameters_are_fields_of_the_parameters_struct_sent_as_cookies() {
    let spec = format!("{MINIMAL_HEAD}paths:\n  /c:\n    get:\n      operationId: c\n      parameters:\n        - {{name: session, in: cookie, required: true, schema: {{type: string}}}}\n      responses: {{'200': {{description: ok}}}}\n");
    let out = inline(&spec);
    let lib = &out.lib;
    assert!(
        flat(lib).contains(r#"request.cookie("session",&params.session);"#),
        "{lib}"
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn a_cookie_parameter_whose_name_a_cookie_cannot_have_is_refused() {
    let spec = format!("{MINIMAL_HEAD}paths:\n  /c:\n    get:\n      parameters:\n        - {{name: 'my session', in: cookie, schema: {{type: string}}}}\n      responses: {{'200': {{description: ok}}}}\n");
    let err = refusal(&spec);
    assert_eq!(err.pointer, "#/paths/~1c/get/parameters/0");
    assert!(err.message.contains("not a valid cookie name"), "{err}");
}

#[test]
fn schemas_defined_only_by_themselves_are_refused() {
    let spec = format!("{MINIMAL_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n");
    let err = refusal(&spec);
    assert!(err.pointer.starts_with("#/components/schemas/"), "{err}");
}

#[test]
fn callbacks_and_links_are_ignored_with_warnings() {
    let callback = format!("{MINIMAL_HEAD}paths:\n  /subscribe:\n    post:\n      callbacks:\n        onEvent:\n          '{{$request.body#/url}}':\n            post:\n              responses: {{'200': {{description: ok}}}}\n      responses: {{'201': {{description: ok}}}}\n");
    let link = format!("{MINIMAL_HEAD}paths:\n  /users/{{id}}:\n    get:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '200':\n          description: ok\n          links:\n            repos: {{$ref: '#/components/links/UserRepos'}}\ncomponents:\n  links:\n    UserRepos: {{operationId: getRepos, parameters: {{id: '$response.body#/id'}}}}\n");
    for (spec, pointer) in [
        (callback, "#/paths/~1subscribe/post/callbacks"),
        (link.clone(), "#/components/links"),
        (link, "#/paths/~1users~1{id}/get/responses/200/links"),
    ] {
        let generated = generate(&spec, &Options::default()).expect("generates");
        assert!(
            generated
                .warnings
                .iter()
                .any(|w| w.to_string().contains(pointer)),
            "{pointer}: {:?}",
            generated.warnings
        );
    }
}

#[test]
fn long_reference_chains_generate_without_deep_recursion() {
    let mut spec = format!("{MINIMAL_HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/A0'}}\ncomponents:\n  schemas:\n");
    for i in 0..2000 {
        spec.push_str(&format!("    A{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/A{}'}}}}}}\n", i + 1));
    }
    spec.push_str("    A2000: {type: string}\n");
    // A small stack, as on a test thread, still suffices: nothing recurses per reference.
    let handle = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || generate(&spec, &Options::default()).map(|g| g.files.len()))
        .expect("thread");
    assert!(handle.join().expect("no stack overflow").is_ok());
}

#[test]
fn an_array_defined_through_itself_holds_any_values_with_a_warning() {
    let spec = format!("{MINIMAL_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    List: {{type: array, items: {{$ref: '#/components/schemas/List'}}}}\n");
    let generated = generate(&spec, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let types = &generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types.rs")
        .contents;
    assert!(
        flat(types).contains("pubtypeList=Vec<serde_json::Value>;"),
        "{types}"
    );
    let pointers: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["#/components/schemas/List"]);
}

#[test]
fn aliases_are_resolved_wherever_they_are_used() {
    let spec = format!("{MINIMAL_HEAD}paths:\n  /n/{{name}}:\n    get:\n      operationId: get_name\n      parameters:\n        - {{name: name, in: path, required: true, schema: {{$ref: '#/components/schemas/Name'}}}}\n        - {{name: tags, in: query, schema: {{$ref: '#/components/schemas/Tags'}}}}\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  schemas:\n    Tags: {{type: array, items: {{$ref: '#/components/schemas/Name'}}}}\n    Name: {{type: string, pattern: '^[a-z]+$'}}\n");
    let out = inline(&spec);
    let lib = &out.lib;
    let types = &out.types;
    // Its parameters are all optional: a method without them, and one with them.
    assert_has(
        lib,
        "pub async fn get_name_with_params( &self, name: &str, params: &types::GetNameParams, )",
    );
    assert_has(lib, "pub async fn get_name( &self, name: &str, )");
    assert_has(types, "pub tags: Option<Vec<String>>,");
    assert_has(types, "pub type Tags = Vec<String>;");
}

#[test]
fn a_cycle_of_references_used_by_a_property_is_refused_without_recursing() {
    let spec = format!("{MINIMAL_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Holder: {{type: object, properties: {{a: {{$ref: '#/components/schemas/A'}}}}}}\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n");
    let handle = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || generate(&spec, &Options::default()).map(|_| ()))
        .expect("thread");
    let err = handle.join().expect("no stack overflow").unwrap_err();
    assert!(err.pointer.starts_with("#/components/schemas/"), "{err}");
}

#[test]
fn of_several_cycles_of_references_the_first_in_the_spec_is_reported() {
    for (first, second) in [("Z", "Y"), ("A", "B")] {
        let spec = format!("{MINIMAL_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    {first}: {{$ref: '#/components/schemas/{second}'}}\n    {second}: {{$ref: '#/components/schemas/{first}'}}\n    Other: {{$ref: '#/components/schemas/Other'}}\n");
        let err = generate(&spec, &Options::default())
            .map(|_| ())
            .unwrap_err();
        assert_eq!(
            err.pointer,
            format!("#/components/schemas/{first}"),
            "{err}"
        );
    }
}

#[test]
fn deeply_nested_specs_are_refused_or_generated_without_overflowing() {
    for depth in [40, 70, 200] {
        let mut schema = String::from("{type: string}");
        for _ in 0..depth {
            schema = format!("{{type: object, properties: {{x: {schema}}}}}");
        }
        let spec =
            format!("{MINIMAL_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n");
        let handle = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || generate(&spec, &Options::default()).map(|_| ()))
            .expect("thread");
        let result = handle.join().expect("no stack overflow");
        if let Err(err) = result {
            assert!(err.pointer.starts_with('#'), "{err}");
        }
    }
}

#[test]
fn every_renamed_collision_warns_naming_both_places_and_the_result() {
    let out = fixture("collisions.yaml");
    let schema = "#/components/schemas/Account/properties";
    for (at, first, result) in [
        (
            format!("{schema}/account_ref"),
            format!("{schema}/account-ref"),
            "account_ref2",
        ),
        (
            format!("{schema}/kind/enum/1"),
            format!("{schema}/kind/enum/0"),
            "AB2",
        ),
        (
            format!("{schema}/kind/enum/2"),
            format!("{schema}/kind/enum/0"),
            "AB3",
        ),
        (
            format!("{schema}/kind/enum"),
            format!("{schema}/kind/enum/3"),
            "Unknown2",
        ),
        (
            "#/servers/1".to_owned(),
            "#/servers/0".to_owned(),
            "Production2",
        ),
        (
            "#/paths/~1accounts/get/parameters/1".to_owned(),
            "#/paths/~1accounts/get/parameters/0".to_owned(),
            "page_size2",
        ),
    ] {
        assert!(
            out.warnings
                .iter()
                .any(|w| w.starts_with(&format!("{at}: "))
                    && w.contains(&first)
                    && w.contains(&format!("`{result}`"))),
            "no warning at {at}: {:#?}",
            out.warnings
        );
    }
    assert_has(&out.types, "pub account_ref2: Option<String>,");
    assert_has(&out.lib, "Production2,");
}

#[test]
fn names_the_runtime_uses_are_never_given_to_spec_items() {
    // The fixture is also compiled by the corpus test: no second definition.
    let out = fixture("collisions.yaml");
    for (pointer, method) in [
        (
            "#/components/securitySchemes/max_response_bytes",
            "max_response_bytes2",
        ),
        ("#/components/securitySchemes/retry", "retry2"),
        ("#/paths/~1accounts/get", "attempt2"),
        ("#/paths/~1url/get", "url2"),
    ] {
        assert_has(&out.lib, &format!("fn {method}("));
        assert!(
            out.warnings
                .iter()
                .any(|w| w.starts_with(&format!("{pointer}: "))
                    && w.contains(&format!("`{method}`"))),
            "no warning at {pointer}: {:#?}",
            out.warnings
        );
    }
    assert!(!flat(&out.lib).contains("pubfnmax_response_bytes("));
    // The builders' `build` and the runtime's `MissingField` are taken too.
    assert_has(&out.types, "pub build2: Option<String>,");
    assert_has(&out.types, "pub struct MissingFieldType {");
    assert_warns(
        &out.warnings,
        "#/components/schemas/MissingField",
        "`MissingFieldType`",
    );
    assert_has(
        &out.types,
        "pub fn is_active(mut self, value: bool) -> Self {",
    );
}

#[test]
fn header_and_path_objects_follow_explode() {
    let spec = format!("{MINIMAL_HEAD}paths:\n  /paint/{{color}}:\n    get:\n      operationId: paint\n      parameters:\n        - {{name: color, in: path, required: true, explode: true, schema: {{type: object, properties: {{R: {{type: integer}}}}}}}}\n        - {{name: X-Tint, in: header, required: true, explode: true, schema: {{type: object, properties: {{G: {{type: integer}}}}}}}}\n        - {{name: X-Shade, in: header, required: true, schema: {{type: object, properties: {{B: {{type: integer}}}}}}}}\n      responses: {{'204': {{description: ok}}}}\n");
    let generated = generate(&spec, &Options::default()).expect("generates");
    let lib = &generated
        .files
        .iter()
        .find(|f| f.path == "src/lib.rs")
        .expect("lib.rs")
        .contents;
    assert_has(lib, r#"runtime::param_text("color", color, true)"#);
    assert_has(
        lib,
        r#"runtime::param_text("X-Tint", &params.x_tint, true)"#,
    );
    assert_has(
        lib,
        r#"runtime::param_text("X-Shade", &params.x_shade, false)"#,
    );
}

#[test]
fn all_of_reuses_the_inline_types_of_its_parts() {
    let base = "    Base:\n      type: object\n      properties:\n        meta: {type: object, properties: {tag: {type: string}}}\n        kind: {type: string, enum: [a, b]}\n";
    let derived = "    Derived:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, properties: {extra: {type: integer}}}\n";
    // Whichever of the two the spec lists first.
    for schemas in [format!("{base}{derived}"), format!("{derived}{base}")] {
        let spec = format!("{MINIMAL_HEAD}paths:\n  /d:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Derived'}}}}}}\ncomponents:\n  schemas:\n{schemas}");
        let generated = generate(&spec, &Options::default()).expect("generates");
        let types = &generated
            .files
            .iter()
            .find(|f| f.path == "src/types.rs")
            .expect("types.rs")
            .contents;
        // The types themselves, not their builders.
        let types = types.split("pub mod builders").next().unwrap_or_default();
        for name in ["BaseMeta", "BaseKind"] {
            assert_eq!(
                flat(types).matches(&format!("pubstruct{name}{{")).count()
                    + flat(types).matches(&format!("pubenum{name}{{")).count(),
                1,
                "{name} once:\n{types}"
            );
        }
        assert!(
            !types.contains("DerivedMeta") && !types.contains("DerivedKind"),
            "{types}"
        );
        assert_eq!(
            flat(types).matches("pubmeta:Option<BaseMeta>").count(),
            2,
            "{types}"
        );
    }
}

#[test]
fn a_schema_reference_to_a_response_is_its_json_schema_with_a_warning_at_the_reference() {
    let out = fixture("tolerances.yaml");
    assert!(
        flat(&out.lib).contains("Error<types::Problem>"),
        "the 404 body is the Problem schema"
    );
    let repaired: Vec<&String> = out
        .warnings
        .iter()
        .filter(|w| w.contains("is a response, not a schema"))
        .collect();
    assert_eq!(
        repaired,
        ["#/paths/~1items~1{id}/get/responses/404/content/application~1json/schema: `#/components/responses/Problem` is a response, not a schema: its `application/json` schema is used"]
    );
}

#[test]
fn a_path_item_given_by_ref_has_the_operations_of_the_item_it_points_at() {
    let out = fixture("tolerances.yaml");
    let lib = flat(&out.lib);
    // `/v2/items/{id}` refers to `/v1/items/{id}`, which refers to `#/x-shared/ItemPath`.
    assert!(lib.contains("`DELETE/v1/items/{id}`"), "{}", out.lib);
    assert!(lib.contains("`DELETE/v2/items/{id}`"), "{}", out.lib);
    assert!(out
        .warnings
        .iter()
        .any(|w| w.contains("the name `delete_item` is already taken")));
}

#[test]
fn a_path_item_reference_outside_the_document_is_refused_at_its_path_without_a_resolver() {
    let err = refusal(
        r"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a: {$ref: 'other.yaml#/paths/~1a'}
",
    );
    assert_eq!(err.pointer, "#/paths/~1a");
    assert!(err.message.contains("reads no files"), "{}", err.message);
}

#[test]
fn components_that_refer_to_components_are_followed_to_what_they_name() {
    let out = fixture("tolerances.yaml");
    // The parameter and the 200 response are each reached through a second component.
    assert!(
        flat(&out.lib).contains("pubasyncfnget_item(&self,id:&str,)"),
        "{}",
        out.lib
    );
    assert!(
        flat(&out.types).contains("pubstructGetItemResponse{pubid:String,}"),
        "{}",
        out.types
    );
}

#[test]
fn a_cycle_of_component_references_is_refused_where_it_closes() {
    let err = refusal(
        r"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200': {$ref: '#/components/responses/A'}
components:
  responses:
    A: {$ref: '#/components/responses/B'}
    B: {$ref: '#/components/responses/A'}
",
    );
    assert_eq!(err.pointer, "#/components/responses/B");
    assert!(err.message.contains("cycle"), "{}", err.message);
}

#[test]
fn secrets_behind_a_ref_beside_a_ref_in_array_items_and_unnamed_members_are_redacted() {
    let out = fixture("secrets.yaml");
    let types = flat(&out.types);
    for field in ["password", "recovery_codes", "api_key"] {
        assert!(
            types.contains(&format!(r#".field("{field}",&"<redacted>")"#))
                || types.contains(&format!(
                    r#".field("{field}",&self.{field}.as_ref().map(|_|"<redacted>"))"#
                )),
            "{field} is not redacted:\n{}",
            out.types
        );
    }
    assert!(
        types.contains(r#".field("user",&self.user)"#),
        "{}",
        out.types
    );
    assert!(
        types.contains(
            r#".field("additional_properties",&self.additional_properties.keys().collect::<Vec<_>>()"#
        ),
        "{}",
        out.types
    );
}

#[test]
fn an_operations_own_server_is_its_first_absolute_one_and_a_relative_one_is_warned_about() {
    let spec = format!("{MINIMAL_HEAD}paths:\n  /risk:\n    servers: [{{url: 'https://path.example/v1'}}]\n    post:\n      operationId: risk\n      servers: [{{url: /relative}}, {{url: 'https://{{host}}.example', variables: {{host: {{default: risk}}}}}}]\n      responses: {{'204': {{description: ok}}}}\n  /other:\n    servers: [{{url: 'https://path.example/v1'}}]\n    get:\n      operationId: other\n      responses: {{'204': {{description: ok}}}}\n");
    let out = inline(&spec);
    let lib = &out.lib;
    assert!(
        flat(lib).contains(r#"request.server("https://risk.example");"#),
        "{lib}"
    );
    assert!(
        flat(lib).contains(r#"request.server("https://path.example/v1");"#),
        "{lib}"
    );
    assert_eq!(
        out.warnings,
        ["#/paths/~1risk/post/servers/0: the server `/relative` is not an absolute URL and is not used"]
    );
}

#[test]
fn an_openapi_3_1_document_is_read_with_its_types_nulls_consts_and_tuples() {
    let out = fixture("openapi-3.1.yaml");
    let types = flat(&out.types);
    for field in [
        "pubname:String,",
        "pubkind:PetKind,",
        // `type: [string, "null"]`, required: present, maybe `null`.
        "pubnickname:Option<String>,",
        "pubid_or_name:Option<PetIdOrName>,",
        "pubposition:Option<Vec<serde_json::Value>>,",
    ] {
        assert!(types.contains(field), "{field} in:\n{}", out.types);
    }
    assert!(
        types.contains("pubenumPetKind{///`dog`Dog,"),
        "{}",
        out.types
    );
}

#[test]
fn an_openapi_3_1_document_may_use_component_path_items_and_leave_out_responses() {
    let out = fixture("openapi-3.1.yaml");
    let lib = flat(&out.lib);
    assert!(
        lib.contains("pubasyncfnget_pet(&self,id:&str,)"),
        "{}",
        out.lib
    );
    assert!(
        lib.contains("pubasyncfnping(&self)->Result<ResponseValue<()>"),
        "{}",
        out.lib
    );
}

#[test]
fn what_3_1_adds_and_the_client_ignores_is_warned_about_at_its_pointer_in_the_document() {
    let out = fixture("openapi-3.1.yaml");
    assert_eq!(
        out.warnings,
        [
            "#/components/schemas/Pet/properties/extra/unevaluatedProperties: `unevaluatedProperties` is ignored: the client does not check it",
            "#/components/schemas/Pet/properties/position/prefixItems: `prefixItems` (a tuple) is read as an array of any values",
            "#/webhooks: webhooks are ignored",
        ]
    );
}

#[test]
fn json_schema_2020_12_as_the_dialect_is_read_as_the_default_one() {
    let generated = generate(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\n",
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn another_dialect_is_read_as_the_default_one_with_a_warning_at_its_pointer() {
    let generated = generate(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\njsonSchemaDialect: http://json-schema.org/draft-07/schema#\n",
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let pointers: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["#/jsonSchemaDialect"]);
}

#[test]
fn an_all_of_of_one_kind_of_scalar_is_that_scalar_and_of_different_kinds_any_json() {
    let spec = format!("{MINIMAL_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Code:\n      type: object\n      properties:\n        short: {{allOf: [{{type: string}}, {{type: string, maxLength: 3}}]}}\n        either: {{allOf: [{{type: string}}, {{type: integer}}]}}\n");
    let out = inline(&spec);
    let types = &out.types;
    assert!(flat(types).contains("pubshort:Option<String>,"), "{types}");
    assert!(
        flat(types).contains("pubeither:Option<serde_json::Value>,"),
        "{types}"
    );
    assert_eq!(
        out.warnings,
        [
            "#/components/schemas/Code/properties/either: allOf combines schemas of different kinds, which no value fits at once: any JSON value is taken",
            "#/components/schemas/Code/properties/short: allOf of schemas that are not objects: the first part's type is used, and the other parts' rules are not checked",
        ]
    );
}

#[test]
fn a_3_1_document_of_webhooks_only_generates_a_client_without_operations() {
    let out = inline(
        "openapi: 3.1.0\ninfo: {title: Hooks, summary: Only webhooks., version: '1', license: {name: MIT, identifier: MIT}}\nwebhooks:\n  created:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object}\n",
    );
    assert_eq!(out.warnings, ["#/webhooks: webhooks are ignored"]);
    assert!(!flat(&out.lib).contains("pubasyncfn"), "{}", out.lib);
}

const HEAD_3_2: &str = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\n";

#[test]
fn query_and_additional_operations_are_methods_that_send_their_method() {
    let out = inline(&format!("{HEAD_3_2}paths:\n  /items:\n    get: {{responses: {{'204': {{description: ok}}}}}}\n    query: {{responses: {{'204': {{description: ok}}}}}}\n    additionalOperations:\n      LINK: {{responses: {{'204': {{description: ok}}}}}}\n"));
    assert_has(&out.lib, "pub async fn get_items(");
    assert_has(&out.lib, "pub async fn query_items(");
    assert_has(&out.lib, "pub async fn link_items(");
    assert_has(&out.lib, r#"reqwest::Method::from_bytes(b"QUERY")"#);
    assert_has(&out.lib, r#"reqwest::Method::from_bytes(b"LINK")"#);
    assert_has(&out.lib, "`LINK /items`");
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
}

#[test]
fn an_additional_operation_whose_key_is_no_method_token_is_refused_at_its_pointer() {
    for (key, token) in [("'LI NK'", "LI NK"), ("'a/b'", "a~1b"), ("''", "")] {
        let err = refusal(&format!(
            "{HEAD_3_2}paths:\n  /items:\n    additionalOperations:\n      {key}: {{}}\n"
        ));
        assert_eq!(
            err.pointer,
            format!("#/paths/~1items/additionalOperations/{token}")
        );
        assert!(err.message.contains("RFC 9110"), "{err}");
    }
}

#[test]
fn an_additional_operation_repeating_a_method_with_a_field_is_refused() {
    for key in ["POST", "query", "Get"] {
        let err = refusal(&format!(
            "{HEAD_3_2}paths:\n  /items:\n    additionalOperations:\n      {key}: {{}}\n"
        ));
        assert_eq!(
            err.pointer,
            format!("#/paths/~1items/additionalOperations/{key}")
        );
        assert!(err.message.contains("field of its own"), "{err}");
    }
}

#[test]
fn warnings_inside_an_additional_operation_point_into_it() {
    let out = inline(&format!(
        "{HEAD_3_2}paths:\n  /items/{{id}}:\n    additionalOperations:\n      LINK: {{}}\n"
    ));
    assert_warns(
        &out.warnings,
        "#/paths/~1items~1{id}/additionalOperations/LINK",
        "the path parameter `id` is not declared",
    );
}

#[test]
fn a_query_operation_of_a_path_item_given_by_reference_is_read() {
    let out = inline(&format!("{HEAD_3_2}paths:\n  /items:\n    $ref: '#/components/pathItems/Items'\ncomponents:\n  pathItems:\n    Items:\n      query: {{operationId: search, responses: {{'204': {{description: ok}}}}}}\n"));
    assert_has(&out.lib, "pub async fn search(");
    assert_has(&out.lib, r#"from_bytes(b"QUERY")"#);
}

#[test]
fn what_3_2_adds_and_the_client_ignores_is_warned_about_at_its_pointer_in_the_document() {
    let out = fixture("openapi-3.2.yaml");
    let at = |w: &String| w.split(": ").next().unwrap_or_default().to_owned();
    assert_eq!(
        out.warnings.iter().map(at).collect::<Vec<_>>(),
        [
            "#/$self",
            "#/components/schemas/Animal/discriminator/defaultMapping",
            "#/paths/~1events/get/responses/200/content/text~1event-stream/itemSchema",
            "#/paths/~1export/get/responses/200/content/application~1jsonl/itemSchema",
            "#/paths/~1pets~1{name}/additionalOperations/LINK/parameters/0/style",
        ]
    );
}

#[test]
fn any_method_token_gives_a_method_named_after_it_that_sends_it_as_written() {
    let ops: String = ["'!'", "'1'", "self", "M-SEARCH", "link", "LINK"]
        .iter()
        .map(|key| format!("      {key}: {{responses: {{'204': {{description: ok}}}}}}\n"))
        .collect();
    let out = inline(&format!(
        "{HEAD_3_2}paths:\n  /things:\n    additionalOperations:\n{ops}"
    ));
    syn::parse_file(&out.lib).expect("lib.rs parses");
    for (name, token) in [
        ("things", "!"),
        ("_1_things", "1"),
        ("self_things", "self"),
        ("m_search_things", "M-SEARCH"),
        ("link_things", "link"),
        ("link_things2", "LINK"),
    ] {
        assert_has(&out.lib, &format!("pub async fn {name}("));
        assert_has(
            &out.lib,
            &format!("reqwest::Method::from_bytes(b\"{token}\")"),
        );
    }
    assert_warns(
        &out.warnings,
        "#/paths/~1things/additionalOperations/LINK",
        "`link_things2`",
    );
}

#[test]
fn a_server_is_named_after_the_first_word_of_its_description_that_is_not_an_article() {
    let spec = format!(
        "{MINIMAL_HEAD}servers:\n  - {{url: 'https://a.example.com', description: The staging server.}}\n  - {{url: 'https://b.example.com', description: Our production server}}\npaths: {{}}\n"
    );
    let lib = flat(&inline(&spec).lib);
    assert!(
        lib.contains("Staging,") && lib.contains("Production,"),
        "{lib}"
    );
}

/// Two POSTs, `a` and `b`, each with `a_extra` and `b_extra` written into them, and
/// `root` written at the document's top.
fn two_posts(root: &str, a_extra: &str, b_extra: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{root}paths:\n  /a:\n    post:\n      operationId: a\n{a_extra}      responses: {{'204': {{description: ok}}}}\n  /b:\n    post:\n      operationId: b\n{b_extra}      responses: {{'204': {{description: ok}}}}\n"
    )
}

#[test]
fn an_idempotency_key_header_parameter_gives_each_call_a_key() {
    let header =
        "      parameters: [{name: idempotency-key, in: header, schema: {type: string}}]\n";
    let out = inline(&two_posts("", header, ""));
    assert_eq!(
        out.lib
            .matches("request.idempotency_key(\"idempotency-key\");")
            .count(),
        1,
        "only the operation with the header: {}",
        out.lib
    );
}

#[test]
fn the_idempotency_extension_names_the_header_for_every_operation_or_turns_it_off() {
    let out = inline(&two_posts(
        "x-idempotency-key: X-Request-Key\n",
        "",
        "      x-idempotency-key: false\n",
    ));
    assert_eq!(
        out.lib
            .matches("request.idempotency_key(\"X-Request-Key\");")
            .count(),
        1,
        "the document's header for `a`, none for `b`: {}",
        out.lib
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn an_idempotency_extension_that_is_no_header_name_is_ignored_with_a_warning() {
    let out = inline(&two_posts("", "      x-idempotency-key: 'two words'\n", ""));
    assert!(!out.lib.contains("idempotency_key("), "{}", out.lib);
    assert!(
        out.warnings
            .iter()
            .any(|w| w.starts_with("#/paths/~1a/post/x-idempotency-key: ")),
        "{:?}",
        out.warnings
    );
}

/// One GET `/items` operation with `params` and a 200 JSON response of `schema`.
fn list_op(params: &str, schema: &str, extra: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /items:\n    get:\n      operationId: list_items\n      parameters: [{params}]\n{extra}      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}}}\n"
    )
}

#[test]
fn a_cursor_member_named_after_a_query_parameter_makes_the_operation_page() {
    let schema = "{type: object, properties: {items: {type: array, items: {type: string}}, meta: {type: object, properties: {nextPageToken: {type: string}}}}}";
    let out = inline(&list_op(
        "{name: pageToken, in: query, schema: {type: string}}",
        schema,
        "",
    ));
    assert_has(&out.lib, "pub fn list_items_pages(");
    assert_has(&out.lib, "param: \"pageToken\"");
    assert_has(&out.lib, "from: &[\"meta\", \"nextPageToken\"]");
}

#[test]
fn lists_without_a_recognised_way_to_the_next_page_do_not_page() {
    let unmatched = "{type: object, properties: {items: {type: array, items: {type: string}}, next_cursor: {type: string}}}";
    let out = inline(&list_op(
        "{name: limit, in: query, schema: {type: integer}}",
        unmatched,
        "",
    ));
    assert!(
        !out.lib.contains("_pages("),
        "no `cursor` parameter: {}",
        out.lib
    );
    let bare_list = "{type: array, items: {type: string}}";
    let out = inline(&list_op(
        "{name: page, in: query, schema: {type: integer}}",
        bare_list,
        "",
    ));
    assert!(
        !out.lib.contains("_pages("),
        "no `Link` header declared: {}",
        out.lib
    );
}

#[test]
fn an_x_pagination_that_does_not_fit_the_operation_warns_and_pages_nothing() {
    let schema = "{type: object, properties: {items: {type: array, items: {type: string}}}}";
    let extra = "      x-pagination: {items: $.items, cursor: after, next: $.next}\n";
    let out = inline(&list_op(
        "{name: limit, in: query, schema: {type: integer}}",
        schema,
        extra,
    ));
    assert!(!out.lib.contains("_pages("), "{}", out.lib);
    assert!(
        out.warnings
            .iter()
            .any(|w| w.starts_with("#/paths/~1items/get/x-pagination: ")
                && w.contains("`cursor` names no query parameter")),
        "{:?}",
        out.warnings
    );
}
