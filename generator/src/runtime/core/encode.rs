//! Encoding: path segments, query and form pairs, header text, JSON values, files
//! sent as parts, and the choice among an untagged union's variants.

use std::fmt;

use super::*;

/// A file sent as one part of a `multipart/form-data` body: its bytes (or a stream
/// read as the part is sent), and the file name and content type the part declares
/// (`application/octet-stream` and no name unless given, or the spec's type for the
/// part).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    streamed: Option<Streamed>,
    file_name: Option<String>,
    content_type: Option<String>,
}

/// A body read as it is sent, made once: clones share it, and the first request that
/// sends it takes it.
#[derive(Clone)]
pub(crate) struct Streamed {
    body: std::sync::Arc<std::sync::Mutex<Option<reqwest::Body>>>,
    len: Option<u64>,
}

impl Streamed {
    pub(crate) fn new(body: reqwest::Body, len: Option<u64>) -> Self {
        Streamed {
            body: std::sync::Arc::new(std::sync::Mutex::new(Some(body))),
            len,
        }
    }

    /// The body, unless a request took it already.
    pub(crate) fn take(&self) -> Option<reqwest::Body> {
        self.body
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    /// Whether a request took the body already.
    pub(crate) fn taken(&self) -> bool {
        self.body
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .is_none()
    }

    /// The length it was declared to have.
    pub(crate) fn len(&self) -> Option<u64> {
        self.len
    }
}

/// Two handles on one stream are equal; two streams never are.
impl PartialEq for Streamed {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.body, &other.body)
    }
}

impl Eq for Streamed {}

impl FilePart {
    /// A file of these bytes, with no name and the part's default content type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            ..FilePart::default()
        }
    }

    /// A file read as it is sent, never held in memory whole.
    pub(crate) fn from_streamed(streamed: Streamed) -> Self {
        FilePart {
            streamed: Some(streamed),
            ..FilePart::default()
        }
    }

    /// The file name the part declares (`filename=` in its `Content-Disposition`).
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's `Content-Type`, such as `image/png`; a value that is not one media
    /// type is refused before the request is sent.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes; none for a file read as it is sent (`Debug` shows which).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub(crate) fn streamed(&self) -> Option<&Streamed> {
        self.streamed.as_ref()
    }

    /// The file name, if one was given.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if one was given.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

/// Shows the name, type and size, never the contents.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = f.debug_struct("FilePart");
        shown
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type);
        match &self.streamed {
            Some(streamed) => shown.field("streamed_len", &streamed.len()),
            None => shown.field("len", &self.bytes.len()),
        };
        shown.finish()
    }
}

/// Where a file stands in JSON (a type shared with a JSON body or response), it is the
/// text of its bytes.
impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(FilePart::new)
    }
}

/// Percent-encode one path segment (everything but RFC 3986 unreserved characters).
/// An empty value, `.` and `..` are refused: a URL parser drops or resolves such a
/// segment, which would send the request to another endpoint.
pub(crate) fn encode_path(
    name: &'static str,
    value: impl fmt::Display,
) -> Result<String, ValidationError> {
    let value = value.to_string();
    if matches!(value.as_str(), "" | "." | "..") {
        return Err(ValidationError::new(
            name,
            "a path segment cannot be empty, `.` or `..`",
        ));
    }
    Ok(percent_encode(&value, false))
}

pub(super) fn percent_encode(value: &str, form: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            b' ' if form => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `value` as a JSON value with its numbers as its JSON text writes them.
/// `serde_json::to_value` widens an `f32` to the `f64` nearest it (`49.99f32` is
/// written `49.9900016784668`); the text is the shortest that reads back as the `f32`
/// (`49.99`), so this goes through the text.
pub(crate) fn json_value<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(&serde_json::to_string(value)?)
}

/// A variant of an untagged union: the members it knows (`None`: it takes any), and
/// how a value is read as it.
pub(crate) type Variant<T> = (
    Option<&'static [&'static str]>,
    fn(serde_json::Value) -> Result<T, serde_json::Error>,
);

/// `value` as the variant that fits it best: the first that decodes it and knows
/// every member it has; else, of those that decode it, the one that leaves out the
/// fewest members (the first of those). A value several variants decode is not
/// taken as the first of them when that one would drop members a later one keeps.
pub(crate) fn best_fit<T>(value: serde_json::Value, variants: &[Variant<T>]) -> Result<T, String> {
    let members: Vec<&str> = match &value {
        serde_json::Value::Object(object) => object.keys().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let mut best: Option<(usize, T)> = None;
    for (known, read) in variants {
        let unknown = known.map_or(0, |known| {
            members.iter().filter(|m| !known.contains(m)).count()
        });
        if best.as_ref().is_some_and(|(fewest, _)| *fewest <= unknown) {
            continue;
        }
        if let Ok(decoded) = read(value.clone()) {
            if unknown == 0 {
                return Ok(decoded);
            }
            best = Some((unknown, decoded));
        }
    }
    best.map(|(_, decoded)| decoded)
        .ok_or_else(|| "the value is none of the union's variants".to_owned())
}

/// The text of a scalar JSON value (`None` for `null`, arrays and objects).
pub(crate) fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Flatten `value` under `key` into name/value pairs: arrays of scalars as repeated
/// keys, nested objects and arrays of objects in brackets (`key[sub]`, `key[0][sub]`),
/// `null`s left out.
pub(crate) fn bracket_pairs(key: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                match scalar_text(item) {
                    Some(text) => out.push((key.to_owned(), text)),
                    None => bracket_pairs(&format!("{key}[{i}]"), item, out),
                }
            }
        }
        serde_json::Value::Object(object) => {
            for (sub, item) in object {
                bracket_pairs(&format!("{key}[{sub}]"), item, out);
            }
        }
        scalar => out.extend(scalar_text(scalar).map(|text| (key.to_owned(), text))),
    }
}

/// Encode a JSON object as `application/x-www-form-urlencoded` (see [`bracket_pairs`]).
pub(crate) fn form_encode(value: &serde_json::Value) -> String {
    let mut pairs = Vec::new();
    if let serde_json::Value::Object(object) = value {
        for (key, value) in object {
            bracket_pairs(key, value, &mut pairs);
        }
    }
    pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", percent_encode(&k, true), percent_encode(&v, true)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The query pairs of a parameter that is not a plain scalar or list, written through
/// serde: arrays repeat the name (`explode`) or are comma-joined; objects become
/// `name[key]=value` (`deepObject`), `key=value` (exploded form) or `name=k,v,...`.
pub(crate) fn param_pairs<T: serde::Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    explode: bool,
    deep: bool,
) -> Result<Vec<(String, String)>, ValidationError> {
    let value = json_value(value).map_err(|e| {
        ValidationError::new(name, format!("cannot be written as a parameter: {e}"))
    })?;
    let mut pairs = Vec::new();
    match &value {
        serde_json::Value::Object(_) if deep => bracket_pairs(name, &value, &mut pairs),
        serde_json::Value::Object(object) if explode => {
            for (key, item) in object {
                bracket_pairs(key, item, &mut pairs);
            }
        }
        serde_json::Value::Object(object) => {
            let flat: Vec<String> = object
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k},{}", scalar_text(v).unwrap_or_else(|| v.to_string())))
                .collect();
            pairs.push((name.to_owned(), flat.join(",")));
        }
        serde_json::Value::Array(items) if !explode => {
            let texts: Vec<String> = items
                .iter()
                .map(|i| scalar_text(i).unwrap_or_else(|| i.to_string()))
                .collect();
            pairs.push((name.to_owned(), texts.join(",")));
        }
        other => bracket_pairs(name, other, &mut pairs),
    }
    Ok(pairs)
}

/// A parameter value as one piece of text (path and header parameters: `simple`
/// style). Arrays are comma-joined either way; objects are `k,v,k2,v2`, or with
/// `explode` `k=v,k2=v2`.
pub(crate) fn param_text<T: serde::Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    explode: bool,
) -> Result<String, ValidationError> {
    let value = json_value(value).map_err(|e| {
        ValidationError::new(name, format!("cannot be written as a parameter: {e}"))
    })?;
    if let (true, serde_json::Value::Object(object)) = (explode, &value) {
        let pairs: Vec<String> = object
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}={}", scalar_text(v).unwrap_or_else(|| v.to_string())))
            .collect();
        return Ok(pairs.join(","));
    }
    let pairs = param_pairs(name, &value, false, false)?;
    Ok(pairs
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join(","))
}

/// Join list values for a header or a non-exploded query parameter.
pub(crate) fn join<T: fmt::Display>(values: &[T]) -> String {
    join_with(values, ",")
}

/// Join list values with `delimiter` (a `spaceDelimited` or `pipeDelimited` query
/// parameter).
pub(crate) fn join_with<T: fmt::Display>(values: &[T], delimiter: &str) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(delimiter)
}

/// The path styles that write more than the value.
#[derive(Clone, Copy)]
pub(crate) enum PathStyle {
    /// `.a,b`, or `.a.b` exploded.
    Label,
    /// `;name=a,b`, or `;name=a;name=b` exploded.
    Matrix,
}

/// A path parameter in `label` or `matrix` style: each value percent-encoded (none
/// may be empty, `.` or `..`), with the style's prefix and delimiters.
pub(crate) fn styled_path<T: fmt::Display>(
    name: &'static str,
    style: PathStyle,
    explode: bool,
    values: &[T],
) -> Result<String, ValidationError> {
    let encoded = values
        .iter()
        .map(|value| encode_path(name, value))
        .collect::<Result<Vec<_>, _>>()?;
    let key = percent_encode(name, false);
    Ok(match (style, explode) {
        (PathStyle::Label, false) => format!(".{}", encoded.join(",")),
        (PathStyle::Label, true) => format!(".{}", encoded.join(".")),
        (PathStyle::Matrix, false) => format!(";{key}={}", encoded.join(",")),
        (PathStyle::Matrix, true) => encoded.iter().map(|v| format!(";{key}={v}")).collect(),
    })
}

/// An environment variable, or `None` when it is unset or empty.
pub(crate) fn env_var(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
