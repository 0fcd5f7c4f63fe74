//! Numbers in schemas that `openapiv3` cannot read as the type it wants: a bound
//! written as text, an integer schema's bound that is no 64-bit integer, a length or
//! count that is no unsigned integer. Each is read as the nearest value that means
//! the same to an integer, or dropped where none does, with a warning.

use super::each_schema;
use crate::model::Warning;
use crate::naming::pointer_of;
use serde_json::{Map, Number, Value};

/// Bounds of a number or integer.
const BOUNDS: &[&str] = &[
    "minimum",
    "maximum",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
];
/// Lengths and counts: unsigned integers.
const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// The floats that are 64-bit integers: `I64_LOW..I64_END`, and `0.0..U64_END`.
const I64_LOW: f64 = i64::MIN as f64;
const I64_END: f64 = -I64_LOW;
const U64_END: f64 = 2.0 * I64_END;

/// Repair every schema of `raw`.
pub fn repair(raw: &mut Value, warnings: &mut Vec<Warning>) {
    each_schema(raw, &mut Vec::new(), &mut |node, path| {
        if let Some(schema) = node.as_object_mut() {
            schema_numbers(schema, path, warnings);
        }
    });
}

/// What a keyword's value is read as.
enum Read {
    /// As written.
    Kept,
    /// This value instead, with why.
    As(Value, String),
    /// Not at all, with why.
    Dropped(String),
}

fn schema_numbers(schema: &mut Map<String, Value>, path: &[String], warnings: &mut Vec<Warning>) {
    let integer = schema.get("type").and_then(Value::as_str) == Some("integer");
    for keyword in BOUNDS.iter().chain(COUNTS) {
        let Some(value) = schema.get(*keyword) else {
            continue;
        };
        let read = match number_of(value) {
            Err(why) => Read::Dropped(why),
            Ok(None) => Read::Kept,
            Ok(Some(n)) => {
                let as_text = !value.is_number();
                let read = if COUNTS.contains(keyword) {
                    count(keyword, &n)
                } else if integer {
                    integer_bound(keyword, &n)
                } else {
                    Read::Kept
                };
                match (read, as_text) {
                    (Read::Kept, true) => Read::As(
                        Value::Number(n),
                        "written as text: read as a number".to_owned(),
                    ),
                    (read, _) => read,
                }
            }
        };
        let pointer = format!("{}/{keyword}", pointer_of(path));
        match read {
            Read::Kept => {}
            Read::As(value, why) => {
                warnings.push(Warning::new(pointer, format!("`{keyword}` {why}: {value}")));
                schema.insert((*keyword).to_owned(), value);
            }
            Read::Dropped(why) => {
                warnings.push(Warning::new(
                    pointer,
                    format!("`{keyword}` {why}: it is ignored"),
                ));
                schema.remove(*keyword);
            }
        }
    }
}

/// The number a keyword holds: `Ok(None)` for a boolean (3.0's exclusive bounds),
/// the number itself, or the number text holds.
fn number_of(value: &Value) -> Result<Option<Number>, String> {
    match value {
        Value::Bool(_) => Ok(None),
        Value::Number(n) => Ok(Some(n.clone())),
        Value::String(text) => text
            .trim()
            .parse::<f64>()
            .ok()
            .map(|f| {
                if f.is_infinite() {
                    f64::MAX.copysign(f)
                } else {
                    f
                }
            })
            .and_then(Number::from_f64)
            .map(|n| Some(integral(n)))
            .ok_or_else(|| format!("is not a number (`{text}`)")),
        _ => Err("is not a number".to_owned()),
    }
}

/// A whole float as an integer number where one holds it.
fn integral(n: Number) -> Number {
    match n.as_f64() {
        #[allow(clippy::cast_possible_truncation)]
        Some(f) if f.fract() == 0.0 && (I64_LOW..I64_END).contains(&f) => Number::from(f as i64),
        _ => n,
    }
}

/// Rounded towards where it still means the same to an integer: a lower bound up, an
/// upper bound down.
fn rounded(keyword: &str, f: f64) -> f64 {
    if keyword.starts_with("min") || keyword == "exclusiveMinimum" {
        f.ceil()
    } else {
        f.floor()
    }
}

/// An integer schema's bound as a 64-bit integer.
fn integer_bound(keyword: &str, n: &Number) -> Read {
    if n.is_i64() {
        return Read::Kept;
    }
    if n.is_u64() {
        return Read::Dropped("is beyond a 64-bit integer".to_owned());
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if keyword == "multipleOf" {
        return Read::Dropped(
            "is not a whole number, which an integer's multiple must be".to_owned(),
        );
    }
    let whole = rounded(keyword, f);
    if (I64_LOW..I64_END).contains(&whole) {
        #[allow(clippy::cast_possible_truncation)]
        let read = Value::from(whole as i64);
        Read::As(
            read,
            "is not a 64-bit integer: read as the nearest one that bounds the same".to_owned(),
        )
    } else {
        Read::Dropped("is beyond a 64-bit integer".to_owned())
    }
}

/// A length or count as an unsigned integer.
fn count(keyword: &str, n: &Number) -> Read {
    if n.is_u64() {
        return Read::Kept;
    }
    if n.is_i64() {
        return Read::Dropped("is negative".to_owned());
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    let whole = rounded(keyword, f);
    if (0.0..U64_END).contains(&whole) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let read = Value::from(whole as u64);
        Read::As(
            read,
            "is not a whole number: read as the nearest one that bounds the same".to_owned(),
        )
    } else if whole < 0.0 {
        Read::Dropped("is negative".to_owned())
    } else {
        Read::Dropped("is beyond a 64-bit integer".to_owned())
    }
}
