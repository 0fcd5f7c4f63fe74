//! Part of loading: spec text (YAML, or JSON, which YAML reads too) to a
//! `serde_json::Value`, order kept.
//!
//! Whatever number a file holds loads: an integer beyond 64 bits, or a number past
//! `f64`'s range, becomes the nearest `f64` (a bound that then does not fit its
//! field's type is dropped or clamped later, with a warning at its pointer). A JSON
//! string escape that is half of a surrogate pair with no other half stands for
//! U+FFFD, with a warning. Scalar mapping keys (`200:`) become strings.

use crate::model::Warning;
use crate::shared::GenerateError;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// Parse `text` as JSON (when it starts with `{`) or YAML. The warnings say what
/// was read in place of what the text holds.
pub fn parse(text: &str) -> Result<(Value, Vec<Warning>), GenerateError> {
    // A byte order mark that editors on Windows write says only that the text is
    // UTF-8, which it is.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        let (text, warnings) = repair_json(text);
        if let Ok(Json(value)) = serde_json::from_str::<Json>(&text) {
            return Ok((value, warnings));
        }
        // Read again, following the path, only to say where it fails.
        let mut json = serde_json::Deserializer::from_str(&text);
        return match serde_path_to_error::deserialize::<_, Json>(&mut json) {
            Ok(Json(value)) => Ok((value, warnings)),
            Err(err) => {
                let inner = err.inner();
                let (line, column) = (inner.line(), inner.column());
                Err(GenerateError::new(
                    super::path_to_pointer(err.path()),
                    format!("not valid JSON (line {line}, column {column}): {inner}"),
                ))
            }
        };
    }
    let yaml = serde_yaml::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Json>(yaml) {
        Ok(Json(value)) => Ok((value, Vec::new())),
        Err(err) => {
            let inner = err.inner();
            let place = inner
                .location()
                .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
                .unwrap_or_default();
            Err(GenerateError::new(
                super::path_to_pointer(err.path()),
                format!("not valid YAML{place}: {inner}"),
            ))
        }
    }
}

/// JSON text that `serde_json` reads whatever numbers and escapes it holds: a number
/// past `f64`'s range is written as `f64`'s largest (or its negative, or 0 for a
/// fraction too small), and a lone surrogate escape as `\ufffd`, with a warning.
fn repair_json(text: &str) -> (Cow<'_, str>, Vec<Warning>) {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut warnings = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (end, replacement) = match bytes[i] {
            b'"' => string_end(bytes, i, &mut warnings),
            b'-' | b'0'..=b'9' => number_end(text, i),
            _ => (i + 1, None),
        };
        for (at, with) in replacement.into_iter().flatten() {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..at.start]);
            out.push_str(with);
            copied = at.end;
        }
        i = end;
    }
    match out {
        None => (Cow::Borrowed(text), warnings),
        Some(mut out) => {
            out.push_str(&text[copied..]);
            (Cow::Owned(out), warnings)
        }
    }
}

type Replacements = Option<Vec<(std::ops::Range<usize>, &'static str)>>;

/// The end of the string that starts at `start`, and its lone surrogate escapes.
fn string_end(bytes: &[u8], start: usize, warnings: &mut Vec<Warning>) -> (usize, Replacements) {
    let mut found = Vec::new();
    let mut i = start + 1;
    let mut pending_high: Option<usize> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => break,
            b'\\' if bytes.get(i + 1) == Some(&b'u') => {
                let unit = bytes
                    .get(i + 2..i + 6)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u16::from_str_radix(h, 16).ok());
                match unit {
                    Some(0xD800..=0xDBFF) => {
                        if let Some(high) = pending_high.replace(i) {
                            found.push(high);
                        }
                    }
                    Some(0xDC00..=0xDFFF) if pending_high.take().is_none() => found.push(i),
                    _ => {
                        if let Some(high) = pending_high.take() {
                            found.push(high);
                        }
                    }
                }
                i += 6;
                continue;
            }
            b'\\' => i += 1,
            _ => {}
        }
        if let Some(high) = pending_high.take() {
            found.push(high);
        }
        i += 1;
    }
    if let Some(high) = pending_high {
        found.push(high);
    }
    for &at in &found {
        let (line, column) = line_column(bytes, at);
        warnings.push(Warning::new(
            "#",
            format!(
                "line {line}, column {column}: half of a UTF-16 surrogate pair without its other half is read as U+FFFD"
            ),
        ));
    }
    let replacements = (!found.is_empty()).then(|| {
        found
            .into_iter()
            .map(|at| (at..at + 6, "\\ufffd"))
            .collect()
    });
    (i + 1, replacements)
}

/// The end of the number that starts at `start`, and its replacement when it is
/// past `f64`'s range.
fn number_end(text: &str, start: usize) -> (usize, Replacements) {
    let bytes = text.as_bytes();
    let mut end = start + 1;
    while end < bytes.len() && matches!(bytes[end], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
    {
        end += 1;
    }
    let token = &text[start..end];
    let replacement = match token.parse::<f64>() {
        Ok(f) if f.is_infinite() && f > 0.0 => Some("1.7976931348623157e308"),
        Ok(f) if f.is_infinite() => Some("-1.7976931348623157e308"),
        _ => None,
    };
    (end, replacement.map(|with| vec![(start..end, with)]))
}

fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

/// A JSON value read from any self-describing format, numbers beyond 64 bits
/// included.
struct Json(Value);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(Json)
    }
}

struct JsonVisitor;

/// A float as a JSON number: infinities become `f64`'s largest; NaN, which JSON has
/// no number for, is the text `NaN` (a schema keyword that needs a number then drops
/// it with a warning).
fn float<E: de::Error>(f: f64) -> Result<Value, E> {
    let f = if f.is_infinite() {
        f64::MAX.copysign(f)
    } else {
        f
    };
    Ok(Number::from_f64(f).map_or_else(|| Value::String("NaN".to_owned()), Value::Number))
}

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Value, E> {
        if let Ok(n) = i64::try_from(n) {
            Ok(Value::from(n))
        } else if let Ok(n) = u64::try_from(n) {
            Ok(Value::from(n))
        } else {
            #[allow(clippy::cast_precision_loss)]
            float(n as f64)
        }
    }
    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Value, E> {
        match u64::try_from(n) {
            Ok(n) => Ok(Value::from(n)),
            #[allow(clippy::cast_precision_loss)]
            Err(_) => float(n as f64),
        }
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        float(f)
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Json::deserialize(d).map(|Json(v)| v)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Json(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            let Json(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
    /// A YAML tag (`!name value`): the value, untagged.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess;
        let (_tag, variant): (de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant::<Json>().map(|Json(v)| v)
    }
}

/// A mapping key: a string, or a scalar written as one (`200`, `true`, `null`).
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Json::deserialize(deserializer)?.0 {
            Value::String(s) => Ok(Key(s)),
            Value::Number(n) => Ok(Key(n.to_string())),
            Value::Bool(b) => Ok(Key(b.to_string())),
            Value::Null => Ok(Key("null".to_owned())),
            _ => Err(de::Error::custom("a mapping key is not a scalar")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_before_yaml_or_json_is_read_past() {
        for text in [
            "\u{feff}openapi: 3.0.3\n",
            "\u{feff}{\"openapi\": \"3.0.3\"}",
        ] {
            let (value, warnings) = parse(text).expect("parses");
            assert_eq!(value["openapi"], "3.0.3");
            assert!(warnings.is_empty());
        }
    }

    fn value(text: &str) -> Value {
        parse(text).unwrap().0
    }

    #[test]
    fn yaml_integer_keys_become_strings() {
        assert_eq!(value("responses:\n  200: ok\n")["responses"]["200"], "ok");
    }

    #[test]
    fn yaml_nan_is_read_as_text_and_a_mapping_key_that_is_not_a_scalar_is_refused() {
        let v = value("paths:\n  /a~b:\n    get:\n      x-n: [1, .nan, .inf]\n");
        assert_eq!(v["paths"]["/a~b"]["get"]["x-n"][1], "NaN");
        assert_eq!(v["paths"]["/a~b"]["get"]["x-n"][2].as_f64(), Some(f64::MAX));
        let err = parse("info:\n  ? [a, b]\n  : 1\n").err().unwrap();
        assert!(err.pointer.starts_with("#/info"), "{}", err.pointer);
        assert!(err.message.contains("not a scalar"), "{}", err.message);
    }

    #[test]
    fn integers_beyond_64_bits_load_as_the_nearest_float_in_yaml_and_json() {
        for text in [
            "a: -9223372036854776000\nb: 18446744073709552000\ne: 7\n",
            r#"{"a": -9223372036854776000, "b": 18446744073709552000, "e": 7}"#,
        ] {
            let v = value(text);
            assert_eq!(v["a"].as_f64(), Some(-9.223372036854776e18), "{text}");
            assert_eq!(v["b"].as_f64(), Some(1.8446744073709552e19), "{text}");
            assert_eq!(v["e"].as_i64(), Some(7), "{text}");
        }
    }

    #[test]
    fn json_numbers_past_the_range_of_a_float_load_as_its_largest() {
        let v = value(r#"{"c": 1e400, "d": -1e400, "e": [1.5e-400]}"#);
        assert_eq!(v["c"].as_f64(), Some(f64::MAX));
        assert_eq!(v["d"].as_f64(), Some(f64::MIN));
        assert_eq!(v["e"][0].as_f64(), Some(0.0));
    }

    #[test]
    fn a_lone_surrogate_escape_reads_as_the_replacement_character_with_a_warning() {
        let (v, warnings) =
            parse(r#"{"a": "x\ud800y", "b": "\udc00", "c": "\ud83d\ude00", "d": "\\ud800"}"#)
                .unwrap();
        assert_eq!(v["a"], "x\u{fffd}y");
        assert_eq!(v["b"], "\u{fffd}");
        assert_eq!(v["c"], "\u{1f600}");
        assert_eq!(v["d"], "\\ud800");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].message.contains("line 1, column 9"),
            "{warnings:?}"
        );
    }

    #[test]
    fn yaml_tags_are_read_as_their_values() {
        assert_eq!(value("a: !thing 5\nb: !!str 6\n")["a"], 5);
    }
}
