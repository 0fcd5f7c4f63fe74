//! Stage 1: read spec text (YAML or JSON), check it is OpenAPI 3.0.x (a Swagger 2.0
//! document is first converted: `swagger2`; a 3.1 document is rewritten into 3.0's
//! shape: `downgrade`; a 3.2 document has what 3.2 adds read in place first: `v3_2`),
//! and parse it with `openapiv3`, after repairing the
//! mistakes real specs make (`tolerate`). Every error names its place as a JSON
//! pointer.

mod bundle;
mod downgrade;
mod swagger2;
mod text;
mod tolerate;
mod v3_2;

pub use bundle::Origins;
pub use bundle::{is_name_char, longest_prefix};

use crate::naming::pointer_token;
use crate::shared::{GenerateError, NoFiles, Resolve};
use serde_json::Value;

/// A parsed spec: the typed document and the raw JSON (for `x-` extensions).
pub struct Loaded {
    pub doc: openapiv3::OpenAPI,
    pub raw: Value,
    /// What was repaired on the way in (see `tolerate`), at places in the files as
    /// written.
    pub warnings: Vec<crate::model::Warning>,
    /// Where the parts other files brought in came from (see `bundle`).
    pub origins: Origins,
    /// How many mistakes were repaired (the warnings of `tolerate` and of a version
    /// without its patch number): `raw` then says what the file meant, not what it
    /// says.
    pub repairs: usize,
}

/// Parse `text` as YAML (a superset of JSON) and check the version; a document with
/// external references is refused.
pub fn load(text: &str) -> Result<Loaded, GenerateError> {
    load_with(text, &NoFiles)
}

/// [`load`], reading the files external references name through `resolver` and
/// bringing them into the document first. Errors and warnings name the file and the
/// pointer as written.
pub fn load_with(text: &str, resolver: &dyn Resolve) -> Result<Loaded, GenerateError> {
    let (mut raw, mut read) = parse_text(text)?;
    let converted = convert_swagger(&mut raw)?;
    let (mut origins, mut warnings) = bundle::bundle(&mut raw, resolver)?;
    origins.converted(converted.moves);
    let parsed = parse_bundled(&mut raw, &mut origins);
    let (doc, more, repairs) = parsed.map_err(|mut err| {
        err.pointer = origins.translate(&err.pointer);
        err
    })?;
    warnings.extend(more);
    for warning in &mut warnings {
        warning.pointer = origins.translate(&warning.pointer);
    }
    // What the text and the conversion say is at places in the file already.
    read.extend(converted.warnings);
    warnings.splice(0..0, read);
    Ok(Loaded {
        doc,
        raw,
        warnings,
        origins,
        repairs,
    })
}

/// The spec as one document, when it names other files: `text` with every external
/// reference brought in (as [`load_with`] does first), written as JSON. `None` for a
/// spec in one file. A release keeps this, so that it can be read without its files.
pub fn bundled(text: &str, resolver: &dyn Resolve) -> Result<Option<String>, GenerateError> {
    let (mut raw, _) = parse_text(text)?;
    convert_swagger(&mut raw)?;
    let (origins, _) = bundle::bundle(&mut raw, resolver)?;
    if origins.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        serde_json::to_string_pretty(&raw).unwrap_or_default() + "\n",
    ))
}

/// The steps after bundling: read 3.2's additions, rewrite 3.1, check the version,
/// repair, parse, and check 3.2's operations that `openapiv3` does not read. The
/// components repairing adds are recorded in `origins`, at the places they stand for.
/// Also gives how many mistakes were repaired.
fn parse_bundled(
    raw: &mut Value,
    origins: &mut Origins,
) -> Result<(openapiv3::OpenAPI, Vec<crate::model::Warning>, usize), GenerateError> {
    let mut warnings: Vec<_> = full_version(raw).into_iter().collect();
    let mut repairs = warnings.len();
    let version = raw
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let is_3_2 = version.starts_with("3.2.");
    if is_3_2 {
        warnings.extend(v3_2::read(raw)?);
    } else if version.starts_with("3.0.") || version.starts_with("3.1.") {
        warnings.extend(v3_2::not_before_3_2(raw, &version));
    }
    if version.starts_with("3.1.") || is_3_2 {
        warnings.extend(downgrade::downgrade(raw)?);
    }
    check_version(raw)?;
    let (repaired, moved) = tolerate::repair(raw);
    repairs += repaired.len();
    warnings.extend(repaired);
    for (component, place) in moved {
        origins.moved(component, place);
    }
    let doc = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&*raw) {
        Ok(doc) => doc,
        Err(err) => {
            let (pointer, message) = locate(raw)
                .unwrap_or_else(|| (path_to_pointer(err.path()), err.inner().to_string()));
            return Err(GenerateError::new(
                pointer,
                format!("not a valid OpenAPI 3.0 document: {message}"),
            ));
        }
    };
    if is_3_2 {
        v3_2::check_operations(raw)?;
    }
    Ok((doc, warnings, repairs))
}

/// A version written without its patch number (`3.1`, or the number `3.0`) as that
/// version's first release, with a warning.
fn full_version(raw: &mut Value) -> Option<crate::model::Warning> {
    let written = match raw.get("openapi")? {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        _ => return None,
    };
    let minor = ["3.0", "3.1", "3.2"].into_iter().find(|v| written == *v)?;
    raw["openapi"] = Value::String(format!("{minor}.0"));
    Some(crate::model::Warning::new(
        "#/openapi",
        format!("`{written}` is read as `{minor}.0`: a version has three numbers"),
    ))
}

/// Try to read `value` as a `T`; on failure, the pointer (below `base`) and message.
fn try_as<T: serde::de::DeserializeOwned>(value: &Value, base: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|err| {
            let below = path_to_pointer(err.path());
            (
                format!("{base}{}", below.trim_start_matches('#')),
                err.inner().to_string(),
            )
        })
}

/// The members of an object, or nothing.
fn entries(value: Option<&Value>) -> Vec<(&String, &Value)> {
    value
        .and_then(Value::as_object)
        .map(|o| o.iter().collect())
        .unwrap_or_default()
}

/// The innermost part of the operation `op` (at `pointer`) that fails to parse.
fn locate_operation(op: &Value, pointer: &str) -> Option<(String, String)> {
    use openapiv3::{Parameter, ReferenceOr, RequestBody, Response};
    let params = op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for (i, param) in params.enumerate() {
        let at = format!("{pointer}/parameters/{i}");
        if let Some(failure) = try_as::<ReferenceOr<Parameter>>(param, &at) {
            return Some(failure);
        }
    }
    if let Some(body) = op.get("requestBody") {
        let at = format!("{pointer}/requestBody");
        if let Some(failure) = try_as::<ReferenceOr<RequestBody>>(body, &at) {
            return Some(failure);
        }
    }
    match op.get("responses") {
        Some(Value::Object(responses)) => {
            for (code, response) in responses.iter().filter(|(k, _)| !k.starts_with("x-")) {
                let at = format!("{pointer}/responses/{}", pointer_token(code));
                if let Some(failure) = try_as::<ReferenceOr<Response>>(response, &at) {
                    return Some(failure);
                }
            }
        }
        Some(_) => {
            return Some((
                format!("{pointer}/responses"),
                "expected an object".to_owned(),
            ))
        }
        None => {}
    }
    if let Some(failure) = try_as::<openapiv3::Operation>(op, pointer) {
        return Some(failure);
    }
    None
}

/// Find the innermost part of the spec that fails to parse. `openapiv3` flattens
/// some maps, which hides the path in its errors, so parts are tried one by one.
fn locate(raw: &Value) -> Option<(String, String)> {
    use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    for (path, item) in entries(raw.get("paths")) {
        let item_pointer = format!("#/paths/{}", pointer_token(path));
        for (method, op) in entries(Some(item))
            .into_iter()
            .filter(|(k, _)| METHODS.contains(&k.as_str()))
        {
            let pointer = format!("{item_pointer}/{method}");
            if let Some(failure) = locate_operation(op, &pointer) {
                return Some(failure);
            }
        }
        if let Some(failure) = try_as::<ReferenceOr<openapiv3::PathItem>>(item, &item_pointer) {
            return Some(failure);
        }
    }
    type Check = fn(&Value, &str) -> Option<(String, String)>;
    let sections: [(&str, Check); 5] = [
        ("schemas", |v, p| try_as::<ReferenceOr<Schema>>(v, p)),
        ("responses", |v, p| try_as::<ReferenceOr<Response>>(v, p)),
        ("parameters", |v, p| try_as::<ReferenceOr<Parameter>>(v, p)),
        ("requestBodies", |v, p| {
            try_as::<ReferenceOr<RequestBody>>(v, p)
        }),
        ("securitySchemes", |v, p| {
            try_as::<ReferenceOr<SecurityScheme>>(v, p)
        }),
    ];
    let components = raw.get("components");
    for (section, check) in sections {
        for (name, value) in entries(components.and_then(|c| c.get(section))) {
            let at = format!("#/components/{section}/{}", pointer_token(name));
            if let Some(failure) = check(value, &at) {
                return Some(failure);
            }
        }
    }
    None
}

/// A Swagger 2.0 document rewritten as OpenAPI 3.0.3, in place; nothing for any
/// other document.
fn convert_swagger(raw: &mut Value) -> Result<swagger2::Converted, GenerateError> {
    if swagger2::is_swagger(raw) {
        swagger2::convert(raw)
    } else {
        Ok(swagger2::Converted::default())
    }
}

/// Spec text to JSON (see [`text`]), with what was read in its place.
fn parse_text(text: &str) -> Result<(Value, Vec<crate::model::Warning>), GenerateError> {
    text::parse(text)
}

fn check_version(raw: &Value) -> Result<(), GenerateError> {
    let Some(object) = raw.as_object() else {
        return Err(GenerateError::new("#", "the document is not an object"));
    };
    if object.contains_key("swagger") {
        return Err(GenerateError::new(
            "#/swagger",
            "a document is Swagger 2.0 (`swagger`) or OpenAPI 3 (`openapi`), not both",
        ));
    }
    let version = match object.get("openapi") {
        Some(Value::String(v)) => v.as_str(),
        Some(_) => {
            return Err(GenerateError::new(
                "#/openapi",
                "the version is not a string",
            ))
        }
        None => {
            return Err(GenerateError::new(
                "#/openapi",
                "missing: this is not an OpenAPI document",
            ))
        }
    };
    if version.starts_with("3.0") {
        Ok(())
    } else {
        Err(GenerateError::new(
            "#/openapi",
            format!("OpenAPI {version} is not supported; only 3.0.x, 3.1.x and 3.2.x are"),
        ))
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&pointer_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_version_is_refused_at_its_version_field() {
        let err = load("openapi: 3.3.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .err()
            .unwrap();
        assert_eq!(err.pointer, "#/openapi");
        assert!(err.message.contains("3.3.0"), "{}", err.message);
    }

    #[test]
    fn a_3_1_document_loads_as_3_0_with_nothing_to_say() {
        let loaded = load("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n").unwrap();
        assert_eq!(loaded.raw["openapi"], "3.0.3");
        assert!(loaded.doc.paths.paths.is_empty());
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn swagger_2_loads_as_3_0() {
        let loaded = load("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
        assert_eq!(loaded.raw["openapi"], "3.0.3");
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn a_swagger_version_other_than_2_0_is_refused_at_its_version_field() {
        let err = load("swagger: '1.2'\ninfo: {title: t, version: '1'}\n")
            .err()
            .unwrap();
        assert_eq!(err.pointer, "#/swagger");
        assert!(err.message.contains("1.2"), "{}", err.message);
    }

    #[test]
    fn a_version_without_its_patch_number_is_read_with_a_warning() {
        let loaded = load("openapi: 3.1\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
        assert_eq!(loaded.raw["openapi"], "3.0.3");
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert_eq!(loaded.warnings[0].pointer, "#/openapi");
    }

    #[test]
    fn structural_errors_name_their_place() {
        let err = load("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n")
            .err()
            .unwrap();
        assert!(
            err.pointer.starts_with("#/paths/~1a/get"),
            "{}",
            err.pointer
        );
    }

    #[test]
    fn json_text_is_accepted() {
        let loaded =
            load(r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#).unwrap();
        assert_eq!(loaded.doc.info.title, "t");
    }
}
