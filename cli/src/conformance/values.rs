//! Values that fit a schema: the spec's own example where it is valid (`examples`),
//! otherwise made from the schema: its `enum` or `const`, its bounds and lengths, its
//! `format` and its `pattern` (a string the pattern matches, from `rand_regex` with a
//! fixed seed, so the same spec gives the same values). `full` sets every optional
//! property; otherwise only the required ones are made, or kept of an example.

use super::examples;
use openapi_clientgen::internal::shared::dereferenced;
use rand::{RngExt, SeedableRng};
use serde_json::{json, Map, Value};

/// How deep values nest before optional parts are left out and arrays kept empty:
/// recursive schemas end there.
const DEPTH: usize = 6;

/// Makes values for the schemas of one document.
pub struct Maker<'d> {
    doc: &'d Value,
    rng: rand::rngs::StdRng,
    /// Whether the spec's examples are taken where they fit.
    examples: bool,
}

/// A value for an argument: the one to send, and one made from the schema alone for
/// when the client's type cannot read the first (an example it does not hold).
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub value: Value,
    pub made: Value,
}

impl Chosen {
    /// Each of the two values changed by `f`.
    pub fn map(self, f: impl Fn(Value) -> Value) -> Chosen {
        Chosen {
            value: f(self.value),
            made: f(self.made),
        }
    }
}

impl<'d> Maker<'d> {
    pub fn new(doc: &'d Value) -> Self {
        Maker {
            doc,
            rng: rand::rngs::StdRng::seed_from_u64(20_260_101),
            examples: true,
        }
    }

    /// A value of `schema` for an argument: the first of `written` (the examples of
    /// its parameter or media type) that fits, else one of the schema's own, else one
    /// made; and beside it one made from the schema alone.
    pub fn chosen(&mut self, schema: &Value, written: &[Value], full: bool) -> Chosen {
        let value = match examples::first_fitting(self.doc, schema, written, full) {
            Some(example) => example,
            None => self.make(schema, full, 0),
        };
        self.examples = false;
        let made = self.make(schema, full, 0);
        self.examples = true;
        Chosen { value, made }
    }

    /// The schema a local `$ref` names (through chains), or the schema itself.
    fn resolved(&self, schema: &'d Value) -> &'d Value {
        dereferenced(self.doc, schema).unwrap_or(schema)
    }

    fn make(&mut self, schema: &Value, full: bool, depth: usize) -> Value {
        // Borrowed from the document where it can be: references resolve into it.
        let Some(schema) = dereferenced(self.doc, schema) else {
            return json!({});
        };
        let schema = schema.clone();
        if self.examples {
            let own = examples::own_examples(&schema);
            if let Some(example) = examples::first_fitting(self.doc, &schema, &own, full) {
                return example;
            }
        }
        if let Some(value) = schema.get("const") {
            return value.clone();
        }
        if let Some(Value::Array(values)) = schema.get("enum") {
            if let Some(value) = values.iter().find(|v| !v.is_null()).or(values.first()) {
                return value.clone();
            }
        }
        if let Some(Value::Array(parts)) = schema.get("allOf") {
            return self.all_of(parts, &schema, full, depth);
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(variants)) = schema.get(keyword) {
                if let Some(first) = variants.first() {
                    let mut value = self.make(first, full, depth + 1);
                    self.tag(&schema, first, &mut value);
                    if let (Value::Object(own), Value::Object(made)) =
                        (self.object(&schema, full, depth), &mut value)
                    {
                        for (key, member) in own {
                            made.entry(key).or_insert(member);
                        }
                    }
                    return value;
                }
            }
        }
        let kind = schema_type(&schema);
        match kind.as_deref() {
            Some("object") => self.object(&schema, full, depth),
            Some("array") => {
                let min = count(&schema, "minItems").unwrap_or(0);
                let wanted = if depth >= DEPTH { 0 } else { 1 };
                let n = wanted
                    .max(min)
                    .min(count(&schema, "maxItems").unwrap_or(u64::MAX));
                let items = schema.get("items").cloned().unwrap_or(json!({}));
                let mut values: Vec<Value> =
                    (0..n).map(|_| self.make(&items, full, depth + 1)).collect();
                if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
                    values.dedup();
                }
                Value::Array(values)
            }
            Some("integer") => json!(integer(&schema)),
            Some("number") => number(&schema),
            Some("boolean") => json!(true),
            Some("string") => json!(self.string(&schema)),
            Some("null") => Value::Null,
            _ if schema.get("properties").is_some() => self.object(&schema, full, depth),
            _ => json!("value"),
        }
    }

    /// Every part's members in one object (a scalar part's value when there is no
    /// object).
    fn all_of(&mut self, parts: &[Value], schema: &Value, full: bool, depth: usize) -> Value {
        let mut merged = Map::new();
        let mut scalar = None;
        for part in parts {
            match self.make(part, full, depth + 1) {
                Value::Object(members) => {
                    for (key, member) in members {
                        merged.entry(key).or_insert(member);
                    }
                }
                other => scalar = scalar.or(Some(other)),
            }
        }
        if let Value::Object(own) = self.object(schema, full, depth) {
            for (key, member) in own {
                merged.entry(key).or_insert(member);
            }
        }
        match (merged.is_empty(), scalar) {
            (true, Some(scalar)) => scalar,
            _ => Value::Object(merged),
        }
    }

    /// The discriminator's value for `variant`, when `schema` has one.
    fn tag(&self, schema: &Value, variant: &Value, value: &mut Value) {
        let Some(property) = schema
            .pointer("/discriminator/propertyName")
            .and_then(Value::as_str)
        else {
            return;
        };
        let Some(reference) = variant.get("$ref").and_then(Value::as_str) else {
            return;
        };
        let mapped = schema
            .pointer("/discriminator/mapping")
            .and_then(Value::as_object)
            .and_then(|mapping| {
                mapping
                    .iter()
                    .find(|(_, target)| target.as_str() == Some(reference))
                    .map(|(key, _)| key.clone())
            });
        let name =
            mapped.unwrap_or_else(|| reference.rsplit('/').next().unwrap_or_default().to_owned());
        if let Value::Object(members) = value {
            members.insert(property.to_owned(), json!(name));
        }
    }

    fn object(&mut self, schema: &Value, full: bool, depth: usize) -> Value {
        let mut members = Map::new();
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(Value::Object(properties)) = schema.get("properties") {
            for (name, property) in properties {
                let is_required = required.contains(&name.as_str());
                if !is_required && (!full || depth >= DEPTH) {
                    continue;
                }
                let resolved = self.resolved(property);
                if resolved.get("readOnly") == Some(&Value::Bool(true)) && !is_required {
                    continue;
                }
                let value = self.make(property, full, depth + 1);
                members.insert(name.clone(), value);
            }
        }
        Value::Object(members)
    }

    fn string(&mut self, schema: &Value) -> String {
        let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
        let made = match format {
            "date-time" => "2026-01-02T03:04:05Z".to_owned(),
            "date" => "2026-01-02".to_owned(),
            "time" => "03:04:05Z".to_owned(),
            "duration" => "PT1M".to_owned(),
            "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6".to_owned(),
            "email" | "idn-email" => "user@example.com".to_owned(),
            "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => {
                "https://example.com/resource".to_owned()
            }
            "hostname" | "idn-hostname" => "example.com".to_owned(),
            "ipv4" => "192.0.2.1".to_owned(),
            "ipv6" => "2001:db8::1".to_owned(),
            "byte" => "Y29uZm9ybWFuY2U=".to_owned(),
            "int32" | "int64" => "1".to_owned(),
            _ => match schema.get("pattern").and_then(Value::as_str) {
                Some(pattern) => self.matching(pattern).unwrap_or_else(|| "value".to_owned()),
                None => "value".to_owned(),
            },
        };
        fit_length(made, schema)
    }

    /// A string `pattern` matches, when `rand_regex` can write one.
    fn matching(&mut self, pattern: &str) -> Option<String> {
        let bare = pattern.strip_prefix('^').unwrap_or(pattern);
        let bare = bare.strip_suffix('$').unwrap_or(bare);
        // ASCII classes first (`\d` is `[0-9]`, as the client's regex engine reads it),
        // Unicode ones for a pattern that needs them.
        let ascii = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(true)
            .build()
            .parse(&printable_dots(bare))
            .ok();
        let hir = ascii.or_else(|| regex_syntax::Parser::new().parse(bare).ok())?;
        let generator = rand_regex::Regex::with_hir(hir, 4).ok()?;
        // A string the client's regex engine and a JavaScript one (Prism's) both
        // accept: `.` must not have made a control character, which JavaScript's `.`
        // does not match.
        let check = regex_lite::Regex::new(pattern).ok();
        (0..64).find_map(|_| {
            let made: String = self.rng.sample(&generator);
            let plain = !made.chars().any(char::is_control);
            let matches = check.as_ref().is_none_or(|re| re.is_match(&made));
            (plain && matches).then_some(made)
        })
    }
}

/// `pattern` with each `.` outside a class written as a printable ASCII character
/// (`[ -~]`): in ASCII mode a `.` is any byte, which is no string.
fn printable_dots(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let (mut escaped, mut in_class) = (false, false);
    for c in pattern.chars() {
        match c {
            _ if escaped => {
                escaped = false;
                out.push(c);
            }
            '\\' => {
                escaped = true;
                out.push(c);
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            '.' if !in_class => out.push_str("[ -~]"),
            _ => out.push(c),
        }
    }
    out
}

/// The schema's one type (the first of a 3.1 list that is not `null`), or the type
/// its keywords imply.
fn schema_type(schema: &Value) -> Option<String> {
    match schema.get("type") {
        Some(Value::String(kind)) => Some(kind.clone()),
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|k| *k != "null")
            .map(str::to_owned),
        _ if schema.get("items").is_some() => Some("array".to_owned()),
        _ if schema.get("properties").is_some() => Some("object".to_owned()),
        _ => None,
    }
}

fn count(schema: &Value, key: &str) -> Option<u64> {
    schema.get(key).and_then(Value::as_u64)
}

/// An integer within the bounds, near the lower one.
fn integer(schema: &Value) -> i64 {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let exclusive = |key: &str| schema.get(key) == Some(&Value::Bool(true));
    let mut low = bound("minimum").map(|m| m.ceil() as i64);
    if exclusive("exclusiveMinimum") {
        low = low.map(|m| m + 1);
    }
    let high = bound("maximum").map(|m| m.floor() as i64).map(|m| {
        if exclusive("exclusiveMaximum") {
            m - 1
        } else {
            m
        }
    });
    let value = match (low, high) {
        (Some(low), _) => low.max(1).min(high.unwrap_or(i64::MAX)),
        (None, Some(high)) => 1.min(high),
        (None, None) => 1,
    };
    match schema.get("multipleOf").and_then(Value::as_i64) {
        Some(step) if step > 0 && value % step != 0 => value + (step - value % step),
        _ => value,
    }
}

/// A number within the bounds.
fn number(schema: &Value) -> Value {
    let low = schema.get("minimum").and_then(Value::as_f64);
    let high = schema.get("maximum").and_then(Value::as_f64);
    let value = match (low, high) {
        (Some(low), Some(high)) => (low + high) / 2.0,
        (Some(low), None) => low + 1.0,
        (None, Some(high)) => high - 1.0,
        (None, None) => 1.5,
    };
    json!(value)
}

/// `text` padded or cut to the schema's lengths.
fn fit_length(mut text: String, schema: &Value) -> String {
    let min = count(schema, "minLength").unwrap_or(0) as usize;
    let max = count(schema, "maxLength").map(|m| m as usize);
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = max {
        if text.chars().count() > max {
            text = text.chars().take(max).collect();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made(schema: Value) -> Value {
        let doc = json!({});
        Maker::new(&doc).make(&schema, true, 0)
    }

    #[test]
    fn a_string_matches_its_pattern() {
        let value = made(json!({"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2}$"}));
        let text = value.as_str().unwrap();
        assert!(
            regex_lite::Regex::new("^[A-Z]{3}-[0-9]{2}$")
                .unwrap()
                .is_match(text),
            "{text}"
        );
    }

    #[test]
    fn a_pattern_with_any_character_makes_no_control_character() {
        let doc = json!({});
        let mut maker = Maker::new(&doc);
        let schema = json!({"type": "string", "pattern": "^\\d+\\.\\d+\\.\\d+([\\-\\+].+)?$"});
        for _ in 0..200 {
            let value = maker.make(&schema, true, 0);
            let text = value.as_str().unwrap();
            assert!(!text.chars().any(char::is_control), "{text:?}");
            assert!(
                regex_lite::Regex::new("^\\d+\\.\\d+\\.\\d+([\\-\\+].+)?$")
                    .unwrap()
                    .is_match(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn an_integer_is_within_its_bounds() {
        assert_eq!(
            made(json!({"type": "integer", "minimum": 5, "maximum": 9})),
            json!(5)
        );
        assert_eq!(made(json!({"type": "integer", "maximum": 0})), json!(0));
    }

    #[test]
    fn a_string_has_its_format_and_lengths() {
        assert_eq!(
            made(json!({"type": "string", "format": "uuid"})),
            json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")
        );
        assert_eq!(
            made(json!({"type": "string", "minLength": 8})),
            json!("valuexxx")
        );
    }

    #[test]
    fn only_required_members_are_made_unless_full() {
        let doc = json!({});
        let schema = json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}});
        assert_eq!(
            Maker::new(&doc).make(&schema, false, 0),
            json!({"a": "value"})
        );
        assert_eq!(
            Maker::new(&doc).make(&schema, true, 0),
            json!({"a": "value", "b": 1})
        );
    }

    #[test]
    fn a_discriminated_variant_carries_its_tag() {
        let doc = json!({"components": {"schemas": {"Cat": {"type": "object", "properties": {"kind": {"type": "string"}}}}}});
        let schema = json!({"oneOf": [{"$ref": "#/components/schemas/Cat"}], "discriminator": {"propertyName": "kind"}});
        assert_eq!(
            Maker::new(&doc).make(&schema, false, 0),
            json!({"kind": "Cat"})
        );
    }
}
