//! What real specs hold that a strict reader refuses: each is read, with a warning at
//! its pointer where it is a mistake, and generates exactly the crate that the spec
//! written correctly generates (whose bytes on the wire the HTTP tests check). The
//! fixtures `real-world.yaml`, `json-schema-2020.yaml`, `split-components.yaml`,
//! `reserved-names.json` and `hostile-text.json` are also compiled, warning-free, by
//! the corpus test.

use openapi_clientgen::{generate_with, FileResolver, Generated, Options};
use std::path::Path;
use tests::{assert_warns, generated, reads_as, warnings};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn op(schema: &str) -> String {
    format!(
        "paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n"
    )
}

fn file(generated: &Generated, path: &str) -> String {
    generated
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.clone())
        .expect(path)
}

/// `src/types.rs` and the files of its groups' modules (`src/types/…`), in order.
fn all_types(generated: &Generated) -> String {
    let types = generated
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/types"));
    types.map(|f| f.contents.as_str()).collect()
}

fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn integer_bounds_beyond_64_bits_are_rounded_into_range_or_dropped() {
    let written = format!(
        "{HEAD}{}",
        op("{type: integer, format: int64, minimum: -9223372036854776000, maximum: 18446744073709552000}")
    );
    let meant = format!(
        "{HEAD}{}",
        op("{type: integer, format: int64, minimum: -9223372036854775808}")
    );
    let got = reads_as(&written, &meant);
    let schema = "#/paths/~1a/get/responses/200/content/application~1json/schema";
    assert_warns(
        &got,
        &format!("{schema}/maximum"),
        "beyond a 64-bit integer",
    );
    assert_warns(&got, &format!("{schema}/minimum"), "-9223372036854775808");
}

#[test]
fn numbers_past_the_range_of_a_float_load_in_json_and_yaml() {
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "number", "maximum": 1e400}}}}}}}}}"#;
    generated(json);
    let yaml = format!(
        "{HEAD}{}",
        op("{type: number, maximum: 1.0e400, minimum: '0.5'}")
    );
    let got = generated(&yaml);
    let schema = "#/paths/~1a/get/responses/200/content/application~1json/schema";
    assert_warns(&got, &format!("{schema}/minimum"), "written as text");
}

#[test]
fn lengths_that_are_not_unsigned_integers_are_rounded_or_dropped() {
    let written = format!(
        "{HEAD}{}",
        op("{type: string, minLength: 1.5, maxLength: 99999999999999999999, pattern: '^a'}")
    );
    let meant = format!(
        "{HEAD}{}",
        op("{type: string, minLength: 2, pattern: '^a'}")
    );
    reads_as(&written, &meant);
}

#[test]
fn a_reference_to_a_part_of_a_schema_is_that_part() {
    let components = "components:\n  schemas:\n    Tag:\n      allOf:\n        - {type: object, properties: {name: {type: string}}}\n        - {type: object, properties: {id: {type: integer}}}\n";
    let written = format!(
        "{HEAD}{}{components}",
        op("{$ref: '#/components/schemas/Tag/allOf/0'}")
    );
    let meant = format!(
        "{HEAD}{}{components}    Tag allOf 0: {{type: object, properties: {{name: {{type: string}}}}}}\n",
        op("{$ref: '#/components/schemas/Tag allOf 0'}")
    );
    let got = reads_as(&written, &meant);
    assert!(got.warnings.is_empty(), "{:?}", warnings(&got));
}

#[test]
fn a_reference_to_a_response_inside_items_is_its_schema() {
    let components = "components:\n  responses:\n    R: {description: r, content: {application/json: {schema: {type: object, properties: {r: {type: string}}}}}}\n";
    let written = format!(
        "{HEAD}{}{components}",
        op("{type: array, items: {$ref: '#/components/responses/R'}}")
    );
    let meant = format!(
        "{HEAD}{}{components}  schemas:\n    R: {{type: object, properties: {{r: {{type: string}}}}}}\n",
        op("{type: array, items: {$ref: '#/components/schemas/R'}}")
    );
    let got = reads_as(&written, &meant);
    assert_warns(
        &got,
        "#/paths/~1a/get/responses/200/content/application~1json/schema/items",
        "is a response, not a schema",
    );
}

#[test]
fn a_reference_to_a_schema_that_does_not_exist_is_any_value_with_a_warning() {
    let written = format!(
        "{HEAD}{}",
        op("{type: object, properties: {x: {$ref: '#/components/schemas/Missing'}, y: {$ref: '#/definitions/Old'}}}")
    );
    let meant = format!("{HEAD}{}", op("{type: object, properties: {x: {}, y: {}}}"));
    let got = reads_as(&written, &meant);
    let schema = "#/paths/~1a/get/responses/200/content/application~1json/schema";
    assert_warns(
        &got,
        &format!("{schema}/properties/x"),
        "no schema is named `Missing`",
    );
    assert_warns(&got, &format!("{schema}/properties/y"), "names no schema");
}

#[test]
fn components_given_as_a_reference_to_another_files_map_are_read() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let spec = dir.join("split-components.yaml");
    let text = std::fs::read_to_string(&spec).expect("fixture");
    let resolver = FileResolver::for_spec(&spec);
    let got =
        generate_with(&text, &resolver, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let types = flat(&file(&got, "src/types.rs"));
    assert!(types.contains("pubstructPet{"), "no Pet");
    assert!(types.contains("pubowner:Option<Owner>"), "no Owner");
    // The callback given by `$ref` is read, and ignored as callbacks are.
    assert_warns(
        &got,
        "#/paths/~1pets/post/callbacks",
        "callbacks are ignored",
    );
}

#[test]
fn a_version_written_as_a_number_is_text() {
    let body = op("{type: string}");
    let got = reads_as(
        &format!("openapi: 3.0.3\ninfo: {{title: t, version: 2}}\n{body}"),
        &format!("openapi: 3.0.3\ninfo: {{title: t, version: '2'}}\n{body}"),
    );
    assert_warns(&got, "#/info/version", "read as \"2\"");
}

#[test]
fn a_response_without_a_description_gets_an_empty_one() {
    let got = reads_as(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '204': {{}}\n"),
        &format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '204': {{description: ''}}\n"),
    );
    assert_warns(
        &got,
        "#/paths/~1a/get/responses/204",
        "needs a `description`",
    );
}

#[test]
fn parameter_styles_their_location_does_not_allow_are_their_defaults() {
    let params = |styles: [&str; 4]| {
        format!(
            "{HEAD}paths:\n  /a/{{id}}:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: id, in: path, required: true, {}schema: {{type: string}}}}\n        - {{name: tags, in: query, {}schema: {{type: array, items: {{type: string}}}}}}\n        - {{name: X-Trace, in: header, {}schema: {{type: string}}}}\n        - {{name: c, in: cookie, {}schema: {{type: string}}}}\n      responses:\n        '204': {{description: ok}}\n",
            styles[0], styles[1], styles[2], styles[3]
        )
    };
    let got = reads_as(
        &params([
            "style: form, ",
            "style: simple, ",
            "style: form, ",
            "style: simple, ",
        ]),
        &params(["", "", "", ""]),
    );
    for (i, (place, style)) in [
        ("path", "form"),
        ("query", "simple"),
        ("header", "form"),
        ("cookie", "simple"),
    ]
    .into_iter()
    .enumerate()
    {
        assert_warns(
            &got,
            &format!("#/paths/~1a~1{{id}}/get/parameters/{i}/style"),
            &format!("a {place} parameter cannot have the style `{style}`"),
        );
    }
}

#[test]
fn a_form_body_that_is_a_string_is_sent_as_the_text_given() {
    let got = generated(&format!(
        "{HEAD}paths:\n  /a:\n    post:\n      operationId: postA\n      requestBody:\n        required: true\n        content:\n          application/x-www-form-urlencoded:\n            schema: {{type: string}}\n      responses:\n        '204': {{description: ok}}\n"
    ));
    let lib = flat(&file(&got, "src/lib.rs"));
    assert!(lib.contains("body:String,"), "{lib}");
    assert!(
        lib.contains(r#"request.raw(body,"application/x-www-form-urlencoded");"#),
        "{lib}"
    );
    assert_warns(
        &got,
        "#/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/schema",
        "sent as the text the caller gives",
    );
}

#[test]
fn all_of_of_all_ofs_of_strings_is_a_string() {
    let written = format!(
        "{HEAD}{}",
        op("{allOf: [{allOf: [{type: string}, {minLength: 1}]}, {type: string, maxLength: 8}]}")
    );
    let meant = format!(
        "{HEAD}{}",
        op("{allOf: [{type: string}, {minLength: 1}, {type: string, maxLength: 8}]}")
    );
    let got = reads_as(&written, &meant);
    assert_warns(
        &got,
        "#/paths/~1a/get/responses/200/content/application~1json/schema",
        "allOf of schemas that are not objects",
    );
}

#[test]
fn all_of_that_leads_back_to_itself_merges_each_part_once() {
    let components = |loop_back: &str| {
        format!("components:\n  schemas:\n    Loop:\n      allOf:\n        - {{$ref: '#/components/schemas/Back'}}\n        - {{type: object, properties: {{a: {{type: string}}}}}}\n    Back:\n      allOf:\n{loop_back}        - {{type: object, properties: {{b: {{type: string}}}}}}\n")
    };
    let written = format!(
        "{HEAD}{}{}",
        op("{$ref: '#/components/schemas/Loop'}"),
        components("        - {$ref: '#/components/schemas/Loop'}\n")
    );
    let got = generated(&written);
    let types = flat(&file(&got, "src/types.rs"));
    assert!(types.contains("pubstructLoop{"), "{types}");
    assert!(types.contains("pubb:Option<String>") && types.contains("puba:Option<String>"));
}

#[test]
fn recursion_through_all_of_is_boxed_not_refused() {
    let spec = format!(
        "{HEAD}{}components:\n  schemas:\n    Node:\n      allOf:\n        - {{$ref: '#/components/schemas/Base'}}\n        - type: object\n          properties:\n            children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}\n            parent: {{$ref: '#/components/schemas/Node'}}\n    Base: {{type: object, properties: {{id: {{type: string}}}}}}\n",
        op("{$ref: '#/components/schemas/Node'}")
    );
    let types = flat(&file(&generated(&spec), "src/types.rs"));
    assert!(types.contains("pubchildren:Option<Vec<Node>>"), "{types}");
    assert!(types.contains("pubparent:Option<Box<Node>>"), "{types}");
}

const HEAD_31: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

#[test]
fn boolean_schemas_are_any_value_and_false_properties_are_left_out() {
    let written = format!(
        "{HEAD_31}{}",
        op("{type: object, additionalProperties: false, properties: {any: true, never: false, list: {type: array, items: true}}}")
    );
    let meant = format!(
        "{HEAD_31}{}",
        op("{type: object, additionalProperties: false, properties: {any: {}, list: {type: array, items: {}}}}")
    );
    let got = reads_as(&written, &meant);
    assert_warns(
        &got,
        "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/never",
        "is never valid: it is left out",
    );
}

#[test]
fn keywords_that_only_narrow_what_is_valid_are_dropped_with_a_warning() {
    let written = format!(
        "{HEAD_31}{}",
        op("{type: object, properties: {a: {type: string}}, dependentSchemas: {a: {required: [a]}}, if: {required: [a]}, then: {required: [a]}, else: {required: [a]}, unevaluatedItems: false}")
    );
    let meant = format!(
        "{HEAD_31}{}",
        op("{type: object, properties: {a: {type: string}}}")
    );
    let got = reads_as(&written, &meant);
    for keyword in ["dependentSchemas", "if", "then", "else", "unevaluatedItems"] {
        assert_warns(
            &got,
            &format!("#/paths/~1a/get/responses/200/content/application~1json/schema/{keyword}"),
            "is ignored",
        );
    }
}

#[test]
fn a_dynamic_ref_is_the_ref_it_reaches_without_a_dynamic_scope() {
    let components = |children: &str| {
        format!("components:\n  schemas:\n    Tree:\n      type: object\n      properties:\n        value: {{type: string}}\n        children: {{type: array, items: {children}}}\n")
    };
    let written = format!(
        "{HEAD_31}{}{}",
        op("{$ref: '#/components/schemas/Tree'}"),
        components("{$dynamicRef: '#node'}").replace(
            "      type: object\n",
            "      $dynamicAnchor: node\n      type: object\n"
        )
    );
    let meant = format!(
        "{HEAD_31}{}{}",
        op("{$ref: '#/components/schemas/Tree'}"),
        components("{$ref: '#/components/schemas/Tree'}")
    );
    let got = reads_as(&written, &meant);
    assert_warns(
        &got,
        "#/components/schemas/Tree/properties/children/items/$dynamicRef",
        "read as a `$ref` to `#/components/schemas/Tree`",
    );
    // An anchor nobody defines: any value.
    let nowhere = format!(
        "{HEAD_31}{}",
        op("{type: array, items: {$dynamicRef: '#nowhere'}}")
    );
    assert_warns(
        &generated(&nowhere),
        "#/paths/~1a/get/responses/200/content/application~1json/schema/items/$dynamicRef",
        "reaches no schema",
    );
}

#[test]
fn a_mutual_tls_scheme_is_left_to_the_callers_http_client() {
    let schemes = |mtls: bool| {
        let (scheme, requirement) = match mtls {
            true => ("    mtls: {type: mutualTLS}\n", "{mtls: []}, "),
            false => ("", "{}, "),
        };
        format!("{HEAD_31}security: [{requirement}{{key: []}}]\n{}components:\n  securitySchemes:\n{scheme}    key: {{type: apiKey, in: header, name: X-Key}}\n", op("{type: string}"))
    };
    let got = reads_as(&schemes(true), &schemes(false));
    assert_warns(&got, "#/components/securitySchemes/mtls", "`http_client`");
}

#[test]
fn names_the_generated_code_calls_do_not_break_it() {
    // Compiled, warning-free, by the corpus test; here: a field named `default` has
    // a setter of that name, and the builder is still made by `Default`.
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/reserved-names.json"),
    )
    .expect("fixture");
    let types = flat(&all_types(&generated(&spec)));
    assert!(types.contains("pubfndefault(mutself,value:implInto<String>)->Self"));
    assert!(types.contains("pubfnbuilder()->builders::EveryReply{Default::default()}"));
}

#[test]
fn text_a_spec_holds_reaches_rustdoc_only_as_printable_lines() {
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile-text.json"),
    )
    .expect("fixture");
    for file in generated(&spec).files {
        if !file.path.ends_with(".rs") {
            continue;
        }
        for (n, line) in file.contents.lines().enumerate() {
            let comment = line.trim_start().starts_with("//");
            let bad = line.chars().any(|c| {
                c == '\r'
                    || (comment && c.is_control() && c != '\t')
                    || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            });
            assert!(!bad, "{}:{}: {line:?}", file.path, n + 1);
        }
    }
}

#[test]
fn a_bound_beyond_what_the_fields_type_holds_is_dropped_with_a_warning() {
    let spec = |bounds: &str| {
        format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: n, in: query, schema: {{type: integer, format: int32{bounds}}}}}\n      responses:\n        '204': {{description: ok}}\n")
    };
    let got = reads_as(
        &spec(", minimum: -99999999999, maximum: 99999999999"),
        &spec(""),
    );
    assert_warns(
        &got,
        "#/paths/~1a/get/parameters",
        "`n`: `minimum` -99999999999 is below",
    );
    assert_warns(
        &got,
        "#/paths/~1a/get/parameters",
        "`n`: `maximum` 99999999999 is above",
    );
}

#[test]
fn a_part_that_refers_to_itself_is_one_recursive_type() {
    // Each copy of the part would hold two more references to it: read as copies,
    // the document would double with every reading.
    let spec = format!(
        "{HEAD}{}components:\n  schemas:\n    Shape:\n      type: object\n      properties:\n        points:\n          type: object\n          properties:\n            children: {{type: array, items: {{$ref: '#/components/schemas/Shape/properties/points'}}}}\n            parent: {{$ref: '#/components/schemas/Shape/properties/points'}}\n",
        op("{$ref: '#/components/schemas/Shape/properties/points'}")
    );
    let got = generated(&spec);
    let types = flat(&file(&got, "src/types.rs"));
    assert!(
        types.contains("pubparent:Option<Box<ShapePoints>>"),
        "{types}"
    );
    assert!(
        types.contains("pubchildren:Option<Vec<ShapePoints>>"),
        "{types}"
    );
}

#[test]
fn what_is_said_of_a_part_a_reference_names_points_where_the_part_is_written() {
    let spec = format!(
        "{HEAD}{}components:\n  schemas:\n    Tag:\n      allOf:\n        - {{type: object, properties: {{name: {{type: string, pattern: '(?<=a)b'}}}}}}\n",
        op("{$ref: '#/components/schemas/Tag/allOf/0'}")
    );
    let got = generated(&spec);
    assert_eq!(
        warnings(&got),
        ["#/components/schemas/Tag/allOf/0/properties/name/pattern: the pattern `(?<=a)b` uses syntax the client's regex engine lacks; it is not checked"]
    );
}

#[test]
fn a_schema_holding_itself_through_arrays_alone_reads_its_innermost_reference_as_any_value() {
    let written = format!(
        "{HEAD}{}components:\n  schemas:\n    Tree: {{type: array, items: {{$ref: '#/components/schemas/Tree'}}}}\n",
        op("{$ref: '#/components/schemas/Tree'}")
    );
    let meant = format!(
        "{HEAD}{}components:\n  schemas:\n    Tree: {{type: array, items: {{}}}}\n",
        op("{$ref: '#/components/schemas/Tree'}")
    );
    assert_warns(
        &reads_as(&written, &meant),
        "#/components/schemas/Tree",
        "its innermost reference to itself is read as any JSON value",
    );
}

#[test]
fn a_schema_defined_only_as_a_reference_to_itself_is_refused_at_its_pointer() {
    let spec = format!(
        "{HEAD}{}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n",
        op("{$ref: '#/components/schemas/A'}")
    );
    let Err(err) = openapi_clientgen::generate(&spec, &Options::default()) else {
        panic!("generated");
    };
    assert_eq!(err.pointer, "#/components/schemas/A", "{err}");
}

#[test]
fn a_chain_of_thousands_of_references_reads_as_its_last_schema() {
    let links = 2000;
    let mut schemas = String::new();
    for i in 0..links {
        schemas.push_str(&format!(
            "    A{i}: {{$ref: '#/components/schemas/A{}'}}\n",
            i + 1
        ));
    }
    let written = format!(
        "{HEAD}{}components:\n  schemas:\n{schemas}    A{links}: {{type: object, properties: {{name: {{type: string}}}}}}\n",
        op("{$ref: '#/components/schemas/A0'}")
    );
    let got = generated(&written);
    let lib = flat(&file(&got, "src/lib.rs"));
    assert!(lib.contains(&format!("types::A{links}")), "{lib}");
}

#[test]
fn a_path_key_without_its_leading_slash_is_read_with_it() {
    let meant = format!("{HEAD}{}", op("{type: string}"));
    let written = meant.replace("  /a:\n", "  a:\n");
    assert_warns(
        &reads_as(&written, &meant),
        "#/paths/a",
        "`a` is read as `/a`",
    );
}

#[test]
fn a_reference_to_the_whole_document_is_any_value_with_a_warning() {
    let written = format!("{HEAD}{}", op("{$ref: '#'}"));
    let meant = format!("{HEAD}{}", op("{}"));
    assert_warns(
        &reads_as(&written, &meant),
        "#/paths/~1a/get/responses/200/content/application~1json/schema",
        "is the whole document, not a schema",
    );
}

#[test]
fn a_parameter_with_neither_schema_nor_content_is_a_string() {
    let meant = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: q, in: query, schema: {{type: string}}}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    let written = meant.replace(", schema: {type: string}", "");
    assert_warns(
        &reads_as(&written, &meant),
        "#/paths/~1a/get/parameters/0",
        "neither `schema` nor `content`",
    );
}

#[test]
fn a_type_json_schema_lacks_is_read_as_the_type_it_plainly_means() {
    let written = format!(
        "{HEAD}{}",
        op("{type: object, properties: {a: {type: str}, b: {type: int}, c: {type: bool}}}")
    );
    let meant = format!(
        "{HEAD}{}",
        op("{type: object, properties: {a: {type: string}, b: {type: integer}, c: {type: boolean}}}")
    );
    let got = reads_as(&written, &meant);
    assert_warns(
        &got,
        "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/a/type",
        "`str` is not a JSON Schema type: read as `string`",
    );
    assert_eq!(warnings(&got).len(), 3, "{:#?}", warnings(&got));
}

#[test]
fn a_type_with_no_plain_meaning_is_any_value() {
    let written = format!("{HEAD}{}", op("{type: whatever}"));
    let meant = format!("{HEAD}{}", op("{}"));
    assert_warns(
        &reads_as(&written, &meant),
        "#/paths/~1a/get/responses/200/content/application~1json/schema/type",
        "any JSON value is read",
    );
}

#[test]
fn an_all_of_with_a_one_of_part_is_the_union_of_each_branch_with_the_other_parts() {
    let components = "components:\n  schemas:\n    Base: {type: object, properties: {id: {type: string}}}\n    Cat: {type: object, properties: {meow: {type: boolean}}}\n    Dog: {type: object, properties: {bark: {type: boolean}}}\n";
    let written = format!(
        "{HEAD}{}{components}    Pet:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - oneOf:\n            - $ref: '#/components/schemas/Cat'\n            - {{type: object, properties: {{n: {{type: integer, format: int32, maximum: 1e30}}}}}}\n",
        op("{$ref: '#/components/schemas/Pet'}")
    );
    let meant = format!(
        "{HEAD}{}{components}    Pet:\n      oneOf:\n        - allOf: [{{$ref: '#/components/schemas/Base'}}, {{$ref: '#/components/schemas/Cat'}}]\n        - allOf: [{{$ref: '#/components/schemas/Base'}}, {{type: object, properties: {{n: {{type: integer, format: int32, maximum: 1e30}}}}}}]\n",
        op("{$ref: '#/components/schemas/Pet'}")
    );
    let got = reads_as(&written, &meant);
    // What is said of a branch points where the branch is written.
    assert_warns(
        &got,
        "#/components/schemas/Pet/allOf/1/oneOf/1/properties/n/maximum",
        "",
    );
}

#[test]
fn a_schema_nested_deeper_than_a_reader_can_afford_generates_what_it_means() {
    // Fifteen levels of items in allOf: read as nested, the parser's time doubles
    // with each level.
    let mut schema = String::from("{type: string}");
    for _ in 0..15 {
        schema = format!("{{type: array, items: {{allOf: [{schema}]}}}}");
    }
    let spec = format!("{HEAD}{}", op(&schema));
    let got = generated(&spec);
    let lib = flat(&file(&got, "src/lib.rs"));
    assert!(lib.contains("pubasyncfnget_a"), "{lib}");
}
