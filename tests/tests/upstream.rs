//! `generator compare-upstream`: our hand-written spec against the provider's published
//! one (fixtures in the shape of Stytch's file: `$ref`s, `allOf` bases, free-form maps).

use openapi_clientgen::internal::upstream::compare;
use std::path::Path;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/upstream")
            .join(name),
    )
    .expect("fixture")
}

fn lines(ours: &str, theirs: &str) -> Vec<String> {
    compare(ours, theirs)
        .expect("both load")
        .differences
        .iter()
        .map(|d| {
            format!(
                "{} | {} | {} | {} | {} | {}",
                d.operation, d.part, d.field, d.kind, d.ours, d.theirs
            )
        })
        .collect()
}

#[test]
fn every_field_that_differs_is_reported_through_refs_and_all_of() {
    assert_eq!(
        lines(&fixture("ours.yaml"), &fixture("theirs.yaml")),
        [
            "POST /v1/otps/sms/send | request | enable_autofill | only in theirs | absent | boolean",
            "POST /v1/otps/sms/send | response 200 | phone_id | required | optional | required",
            "POST /v1/otps/sms/send | response 200 | status_code | type | integer | string",
            "GET /v1/users/{user_id} | response 200 | phone_numbers[].verified | required | optional | required",
            "GET /v1/users/{user_id} | response 200 | phone_numbers[].phone_number | only in theirs | absent | string",
            "GET /v1/users/{user_id} | response 200 | request_id | only in theirs | absent | string",
            "GET /v1/users/{user_id} | response 200 | status_code | only in theirs | absent | string",
            "GET /v1/only/ours |  |  | operation only in ours | present | absent",
        ]
    );
}

#[test]
fn what_ours_refines_on_purpose_counts_as_agreement() {
    let report = compare(&fixture("ours.yaml"), &fixture("theirs.yaml")).expect("both load");
    // A pattern, bounds, an enum where theirs has a plain string, named keys where
    // theirs has a free-form object, and an error response theirs does not describe.
    for refined in [
        "phone_number",
        "expiration_minutes",
        "locale",
        "attributes",
        "attributes.ip_address",
        "error_type",
    ] {
        assert!(
            !report.differences.iter().any(|d| d.field == refined),
            "{refined} reported: {}",
            report.to_text()
        );
    }
    assert_eq!(report.compared, 2);
}

#[test]
fn a_spec_agrees_with_itself() {
    let ours = fixture("ours.yaml");
    assert_eq!(lines(&ours, &ours), Vec::<String>::new());
}

#[test]
fn recursive_schemas_are_compared_once_per_level() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /nodes:\n    get:\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}}\ncomponents:\n  schemas:\n    Node: {type: object, properties: {id: {type: string}, parent: {$ref: '#/components/schemas/Node'}, children: {type: array, items: {$ref: '#/components/schemas/Node'}}}}\n";
    let theirs = spec.replace("id: {type: string}", "id: {type: integer}");
    assert_eq!(
        lines(spec, &theirs),
        ["GET /nodes | response 200 | id | type | string | integer"]
    );
}

#[test]
fn query_and_additional_operations_of_3_2_documents_are_compared_by_method() {
    let spec = |field: &str| {
        format!("openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /pets:\n    query:\n      requestBody: {{content: {{application/json: {{schema: {{type: object, properties: {{{field}: {{type: string}}}}}}}}}}}}\n    additionalOperations:\n      LINK: {{}}\n")
    };
    let theirs = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    query:\n      requestBody: {content: {application/json: {schema: {type: object, properties: {kind: {type: string}}}}}}\n";
    assert_eq!(
        lines(&spec("name"), theirs),
        [
            "QUERY /pets | request | name | only in ours | string | absent",
            "QUERY /pets | request | kind | only in theirs | absent | string",
            "LINK /pets |  |  | operation only in ours | present | absent",
        ]
    );
}
