//! Swagger 2.0 documents are converted to OpenAPI 3.0 as they load: the fixture
//! `swagger-2.0.yaml` generates exactly the crate its hand-written translation
//! `swagger-2.0-as-3.0.yaml` does (whose constructs the HTTP tests check on the
//! wire), and what is reported about a 2.0 document points into the 2.0 file.

use openapi_clientgen::{generate, Options};
use std::path::Path;
use tests::{assert_warns, generated, reads_as, warnings};

const HEAD: &str = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

#[test]
fn a_swagger_2_document_generates_the_crate_its_openapi_3_translation_does() {
    let got = reads_as(
        &fixture("swagger-2.0.yaml"),
        &fixture("swagger-2.0-as-3.0.yaml"),
    );
    assert_eq!(warnings(&got), Vec::<String>::new());
}

#[test]
fn the_server_is_https_unless_only_http_is_listed() {
    let server = |schemes: &str| {
        let spec = format!("{HEAD}host: api.example.com\nbasePath: /v1/\n{schemes}paths: {{}}\n");
        let lib = generated(&spec)
            .files
            .into_iter()
            .find(|f| f.path == "src/lib.rs");
        let lib = lib.expect("lib.rs").contents;
        if lib.contains("\"https://api.example.com/v1\"") {
            "https"
        } else if lib.contains("\"http://api.example.com/v1\"") {
            "http"
        } else {
            panic!("no server in:\n{lib}")
        }
    };
    assert_eq!(server(""), "https");
    assert_eq!(server("schemes: [http, https]\n"), "https");
    assert_eq!(server("schemes: [http]\n"), "http");
}

#[test]
fn a_warning_in_a_body_parameter_points_at_the_parameter_as_written() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      operationId: postA\n      parameters:\n        - {{name: q, in: query, type: string}}\n        - {{name: b, in: body, schema: {{type: object, properties: {{n: {{type: integer, format: int64, minimum: -9223372036854776000}}}}}}}}\n        - {{name: r, in: query, type: integer, format: int32, maximum: 1e30}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    let got = generated(&spec);
    assert_warns(
        &got,
        "#/paths/~1a/post/parameters/1/schema/properties/n/minimum",
        "",
    );
    // The query parameter after the body is the second in 3.0 and the third here.
    assert_warns(&got, "#/paths/~1a/post/parameters/2/maximum", "");
}

#[test]
fn a_warning_in_a_response_schema_or_a_definition_points_into_the_2_0_file() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          schema: {{$ref: '#/definitions/Missing'}}\ndefinitions:\n  Big: {{type: object, properties: {{n: {{type: integer, format: int64, maximum: 18446744073709552000}}}}}}\n"
    );
    let got = generated(&spec);
    assert_warns(
        &got,
        "#/paths/~1a/get/responses/200/schema",
        "no schema is named `Missing`",
    );
    assert_warns(&got, "#/definitions/Big/properties/n/maximum", "");
}

#[test]
fn a_warning_in_a_form_parameter_points_at_the_parameter_as_written() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      operationId: postA\n      parameters:\n        - {{name: n, in: formData, type: string}}\n        - {{name: m, in: formData, type: integer, format: int64, minimum: -9223372036854776000}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    assert_warns(
        &generated(&spec),
        "#/paths/~1a/post/parameters/1/minimum",
        "not a 64-bit integer",
    );
}

#[test]
fn an_error_in_a_parameter_after_a_body_points_at_the_parameter_as_written() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      operationId: postA\n      parameters:\n        - {{name: b, in: body, schema: {{type: string}}}}\n        - {{name: 'not a header', in: header, type: string}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    let Err(err) = generate(&spec, &Options::default()) else {
        panic!("generated");
    };
    assert_eq!(err.pointer, "#/paths/~1a/post/parameters/1", "{err}");
}

#[test]
fn a_collection_format_with_no_openapi_3_equivalent_is_warned_about_at_its_place() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: t, in: query, type: array, items: {{type: string}}, collectionFormat: tsv}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    let got = generated(&spec);
    assert_warns(
        &got,
        "#/paths/~1a/get/parameters/0/collectionFormat",
        "`collectionFormat: tsv` has no OpenAPI 3 equivalent",
    );
}

#[test]
fn a_bare_reference_naming_a_definition_is_read_as_one_with_a_warning() {
    let written = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          schema: {{$ref: Pet}}\ndefinitions:\n  Pet: {{type: object, properties: {{name: {{type: string}}}}}}\n"
    );
    let meant = written.replace("$ref: Pet", "$ref: '#/definitions/Pet'");
    let got = generated(&written);
    assert_warns(
        &got,
        "#/paths/~1a/get/responses/200/schema",
        "is read as `#/definitions/Pet`",
    );
    assert_eq!(got.files, generated(&meant).files);
}

#[test]
fn a_path_items_form_parameters_join_each_operations_form_body() {
    let written = format!(
        "{HEAD}paths:\n  /a:\n    parameters:\n      - {{name: shared, in: formData, type: string}}\n    post:\n      operationId: postA\n      parameters:\n        - {{name: own, in: formData, type: integer}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    let meant = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      operationId: postA\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema:\n              type: object\n              properties:\n                own: {type: integer}\n                shared: {type: string}\n      responses:\n        '204': {description: ok}\n";
    assert_eq!(generated(&written).files, generated(meant).files);
}

#[test]
fn a_swagger_version_other_than_2_0_is_refused_at_its_version() {
    let spec = "swagger: '1.2'\ninfo: {title: t, version: '1'}\n";
    let Err(err) = generate(spec, &Options::default()) else {
        panic!("generated");
    };
    assert_eq!(err.pointer, "#/swagger");
    assert!(err.message.contains("1.2"), "{}", err.message);
}

#[test]
fn an_operation_that_says_no_media_type_reads_json() {
    let written = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          schema: {{type: object, properties: {{id: {{type: integer}}}}}}\n"
    );
    let meant = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {id: {type: integer}}}\n";
    let got = reads_as(&written, meant);
    assert_eq!(warnings(&got), Vec::<String>::new());
}
