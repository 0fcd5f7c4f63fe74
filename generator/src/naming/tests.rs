//! The naming pass's own tests.
use super::*;

#[test]
fn operation_ids_are_snake_cased_word_by_word() {
    assert_eq!(snake("api_otp_v1_otp_sms_Send"), "api_otp_v1_otp_sms_send");
    assert_eq!(
        snake("api_b2b_otp_v1_b2b_otp_sms_Send"),
        "api_b2b_otp_v1_b2b_otp_sms_send"
    );
    assert_eq!(snake("meta/root"), "meta_root");
    assert_eq!(snake("list-data-sets"), "list_data_sets");
    assert_eq!(snake("find pet by id"), "find_pet_by_id");
    assert_eq!(snake("key.get"), "key_get");
    assert_eq!(snake("getPetById"), "get_pet_by_id");
}

#[test]
fn invalid_identifiers_become_valid() {
    assert_eq!(snake("account-ref"), "account_ref");
    assert_eq!(snake("Parameter1.Name"), "parameter1_name");
    assert_eq!(snake("0"), "v0");
    assert_eq!(snake("2fa_enabled"), "_2fa_enabled");
    assert_eq!(snake(""), "value");
    assert_eq!(snake("日本"), "value");
    assert_eq!(snake("$filter"), "filter");
}

#[test]
fn keywords_get_a_trailing_underscore() {
    assert_eq!(snake("type"), "type_");
    assert_eq!(snake("self"), "self_");
    assert_eq!(snake("async"), "async_");
    assert_eq!(type_name("Self"), "SelfType");
}

#[test]
fn type_names_are_upper_camel_and_avoid_prelude_names() {
    assert_eq!(
        type_name("api_organization_v1_Member"),
        "ApiOrganizationV1Member"
    );
    assert_eq!(type_name("pet.Category"), "PetCategory");
    assert_eq!(type_name("error-model"), "ErrorModel");
    assert_eq!(type_name("Result"), "ResultType");
    assert_eq!(type_name("2fa"), "Type2fa");
    assert_eq!(type_name("--"), "Anonymous");
}

#[test]
fn a_type_moved_away_from_a_reserved_name_is_said_so() {
    let warning = reserved_type_rename("result", "ResultType2").expect("a warning");
    assert!(
        warning.contains("`Result`") && warning.contains("`ResultType2`"),
        "{warning}"
    );
    assert_eq!(type_name("result"), "ResultType");
    assert!(reserved_type_rename("MissingField", "MissingFieldType").is_some());
    assert!(reserved_type_rename("ResultType", "ResultType").is_none());
    assert!(reserved_type_rename("Pet", "Pet").is_none());
}

#[test]
fn variants_name_values_without_letters() {
    assert_eq!(variant_name("pt-br", 0), "PtBr");
    assert_eq!(variant_name("", 0), "Empty");
    assert_eq!(variant_name("-1", 0), "Minus1");
    assert_eq!(variant_name("1", 0), "V1");
    assert_eq!(variant_name("1.5", 0), "V1Dot5");
    assert_eq!(variant_name(">=", 3), "Variant3");
}

#[test]
fn operations_without_id_are_named_from_method_and_path() {
    assert_eq!(
        operation_fallback("get", "/pets/{petId}"),
        "get_pets_by_pet_id"
    );
    assert_eq!(operation_fallback("post", "/"), "post");
}

#[test]
fn collisions_get_the_smallest_free_suffix_and_warn_naming_both_places() {
    let mut ns = Namespace::default();
    let mut warnings = Vec::new();
    assert_eq!(ns.claim("Pet", "#/a", &mut warnings), "Pet");
    assert!(warnings.is_empty());
    assert_eq!(ns.claim("Pet", "#/b", &mut warnings), "Pet2");
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].pointer, "#/b");
    assert!(warnings[0].message.contains("#/a") && warnings[0].message.contains("`Pet2`"));
    assert_eq!(ns.claim("Pet", "#/c", &mut warnings), "Pet3");
    assert_eq!(ns.claim("v1", "#/d", &mut warnings), "v1");
    assert_eq!(ns.claim("v1", "#/e", &mut warnings), "v1_2");
    assert_eq!(warnings.len(), 3);
}

fn proposal(scope: Scope, pointer: &str, wanted: Wanted) -> Proposal {
    Proposal {
        scope,
        pointer: pointer.to_owned(),
        wanted,
    }
}

#[test]
fn the_naming_pass_names_inline_types_after_their_parents_final_names() {
    let proposals = [
        proposal(Scope::Types, "#/a", Wanted::Component("Pet".into())),
        proposal(Scope::Types, "#/b", Wanted::Component("pet".into())),
        // The type of `#/b`'s property `kind`, and of its items.
        proposal(
            Scope::Types,
            "#/b/kind",
            Wanted::TypeName(Hint::words(Hint::NameOf(key(1)), "kind")),
        ),
        proposal(
            Scope::Types,
            "#/b/kind/items",
            Wanted::TypeName(Hint::words(
                Hint::words(Hint::NameOf(key(1)), "kind"),
                "item",
            )),
        ),
    ];
    let mut warnings = Vec::new();
    let names = name(&proposals, &mut warnings).expect("named");
    let given: Vec<String> = (0..4).map(|i| names.name_of(&key(i)).to_owned()).collect();
    assert_eq!(given, ["Pet", "Pet2", "Pet2Kind", "Pet2KindItem"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].pointer, "#/b");
    assert!(warnings[0].message.contains("#/a") && warnings[0].message.contains("`Pet2`"));
}

#[test]
fn each_union_names_its_variants_in_a_namespace_of_its_own() {
    let proposals = [
        proposal(Scope::Types, "#/u", Wanted::Component("Choice".into())),
        proposal(Scope::Types, "#/v", Wanted::Component("Other".into())),
        proposal(
            Scope::Variants(key(0)),
            "#/u/oneOf/0",
            Wanted::AsIs(Hint::NameOf(key(1))),
        ),
        proposal(
            Scope::Variants(key(1)),
            "#/v/oneOf/0",
            Wanted::AsIs(Hint::NameOf(key(1))),
        ),
        // A variant named like a type is not a collision; like a variant, it is.
        proposal(
            Scope::Variants(key(0)),
            "#/u/oneOf/1",
            Wanted::AsIs(Hint::Text("Choice".into())),
        ),
        proposal(
            Scope::Variants(key(0)),
            "#/u/oneOf/2",
            Wanted::AsIs(Hint::Text("Other".into())),
        ),
    ];
    let mut warnings = Vec::new();
    let names = name(&proposals, &mut warnings).expect("named");
    let given: Vec<String> = (2..6).map(|i| names.name_of(&key(i)).to_owned()).collect();
    assert_eq!(given, ["Other", "Other", "Choice", "Other2"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("#/u/oneOf/0"), "{warnings:?}");
}

#[test]
fn a_name_made_from_one_not_given_yet_is_an_error_at_its_pointer() {
    let proposals = [proposal(
        Scope::Types,
        "#/early",
        Wanted::TypeName(Hint::words(Hint::NameOf(key(1)), "kind")),
    )];
    let err = name(&proposals, &mut Vec::new()).map(|_| ()).unwrap_err();
    assert_eq!(err.pointer, "#/early");
}

#[test]
fn pattern_statics_are_given_as_wanted_in_their_own_blocks() {
    let proposals = [
        proposal(Scope::Fields("#/s".into()), "#/s/a", Wanted::text("_2fa")),
        proposal(Scope::Fields("#/s".into()), "#/s/b", Wanted::text("c2fa")),
        proposal(
            Scope::OwnBlock,
            "#/s/a",
            Wanted::PatternStatic(Hint::NameOf(key(0))),
        ),
        proposal(
            Scope::OwnBlock,
            "#/s/b",
            Wanted::PatternStatic(Hint::NameOf(key(1))),
        ),
    ];
    let mut warnings = Vec::new();
    let names = name(&proposals, &mut warnings).expect("named");
    assert_eq!(names.name_of(&key(2)), "C2FA_PATTERN");
    assert_eq!(names.name_of(&key(3)), "C2FA_PATTERN");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn reserved_names_are_never_handed_out() {
    let mut ns = Namespace::with_reserved(&["new"]);
    let mut warnings = Vec::new();
    assert_eq!(ns.claim("new", "#/f", &mut warnings), "new2");
    assert_eq!(warnings.len(), 1);
}

/// The names of the functions in the runtime's inherent `impl {type_name}` blocks.
fn runtime_methods(type_name: &str) -> Vec<String> {
    let files: Vec<syn::File> = crate::emit::RUNTIME
        .iter()
        .map(|(path, source)| syn::parse_file(source).expect(path))
        .collect();
    let mut names: Vec<String> = files
        .iter()
        .flat_map(|file| &file.items)
        .filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
            _ => None,
        })
        .filter(|block| matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident(type_name)))
        .flat_map(|block| &block.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    names.sort();
    names
}

#[test]
fn runtime_method_lists_match_the_runtime() {
    assert_eq!(runtime_methods("Client"), RUNTIME_CLIENT_METHODS);
    assert_eq!(runtime_methods("ClientBuilder"), RUNTIME_BUILDER_METHODS);
}

#[test]
fn pointer_tokens_are_escaped() {
    assert_eq!(pointer_token("/v1/otps/sms/send"), "~1v1~1otps~1sms~1send");
    assert_eq!(pointer_token("a~b"), "a~0b");
}

#[test]
fn a_group_module_is_its_feature_unless_that_is_no_free_rust_name() {
    let features: Vec<String> = ["accounts", "type", "2fa", "serde", "builders", "group_type"]
        .map(String::from)
        .to_vec();
    let mut warnings = Vec::new();
    let modules = group_modules(&features, "#/tags", &mut warnings);
    assert_eq!(
        modules,
        [
            "accounts",
            "group_type",
            "group_2fa",
            "group_serde",
            "group_builders",
            "group_type_2"
        ]
    );
    // Every name but the first is a rename, and says so.
    assert_eq!(warnings.len(), 5, "{warnings:?}");
}

#[test]
fn no_group_module_takes_the_name_of_a_crate_the_generated_code_depends_on() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object, properties: {f: {type: string, format: binary}, p: {type: string, pattern: '^a$'}}}\n          application/octet-stream:\n            schema: {type: string, format: binary}\n      responses:\n        '200':\n          description: ok\n          content: {text/event-stream: {schema: {type: string}}}\n";
    let (api, _) =
        crate::model_with(spec, &crate::NoFiles, &crate::Options::default()).expect("lowers");
    let mut dependencies = crate::emit::manifest::dependencies(&api);
    dependencies.extend(crate::emit::manifest::OPTIONAL_DEPENDENCIES.iter().copied());
    assert!(
        dependencies.iter().any(|(name, _)| *name == "http-body"),
        "{dependencies:?}"
    );
    for (name, _) in dependencies {
        let name = name.replace('-', "_");
        assert!(
            MODULE_RESERVED.contains(&name.as_str()),
            "`{name}` is not reserved"
        );
    }
}
