//! The spec's own examples, where they are valid: whether an example fits its schema
//! (`fits`, a small checker of the keywords a request's validator reads: types,
//! `enum`/`const`, bounds, lengths, `pattern`, the common `format`s, members and
//! items, and the combinators), and an example cut to a call's needs (`trim`: no
//! read-only member, and for the call with only what is required, no optional one).
//!
//! For an example the checker errs on the side of "does not fit": an example it
//! cannot be sure of is not used, and a value is made from the schema instead. For a
//! server's answer (`breaks`) it errs the other way: what it says breaks the schema
//! surely does.

use openapi_clientgen::internal::shared::dereferenced;
use serde_json::{Map, Value};

/// How deep the checker follows a value before it gives up (and says "does not fit").
const DEPTH: usize = 32;

/// The examples written for `schema` itself: its `example`, then the items of a 3.1
/// `examples` list.
pub fn own_examples(schema: &Value) -> Vec<Value> {
    let mut found: Vec<Value> = schema.get("example").cloned().into_iter().collect();
    if let Some(Value::Array(list)) = schema.get("examples") {
        found.extend(list.iter().cloned());
    }
    found
}

/// The examples of a parameter or a media type object: its `example`, then the
/// `value` of each of its `examples` (references followed), in the order written.
pub fn entry_examples(doc: &Value, entry: &Value) -> Vec<Value> {
    let mut found: Vec<Value> = entry.get("example").cloned().into_iter().collect();
    if let Some(Value::Object(named)) = entry.get("examples") {
        for example in named.values().filter_map(|e| dereferenced(doc, e)) {
            found.extend(example.get("value").cloned());
        }
    }
    found
}

/// The first of `candidates` that fits `schema`, cut to a call's needs ([`trim`]).
pub fn first_fitting(
    doc: &Value,
    schema: &Value,
    candidates: &[Value],
    full: bool,
) -> Option<Value> {
    candidates
        .iter()
        .filter(|example| fits(doc, schema, example))
        .find_map(|example| trim(doc, schema, example, full))
}

/// Whether `value` is valid for `schema`, as far as the checker can tell.
pub fn fits(doc: &Value, schema: &Value, value: &Value) -> bool {
    Checker { doc, sure: false }.fits(schema, value, 0)
}

/// Whether `value` surely breaks `schema`: what the checker cannot tell counts as
/// fitting.
pub fn breaks(doc: &Value, schema: &Value, value: &Value) -> bool {
    !Checker { doc, sure: true }.fits(schema, value, 0)
}

/// `value` without the members a request leaves out: read-only ones, and unless
/// `full`, every one that is not required. `None` when what is left no longer fits.
pub fn trim(doc: &Value, schema: &Value, value: &Value, full: bool) -> Option<Value> {
    let checker = Checker { doc, sure: false };
    let trimmed = checker.trim(schema, value.clone(), full, 0);
    checker.fits(schema, &trimmed, 0).then_some(trimmed)
}

struct Checker<'d> {
    doc: &'d Value,
    /// What the checker cannot tell fits (it answers "does not fit" only when sure).
    sure: bool,
}

impl<'d> Checker<'d> {
    /// The schema a `$ref` names (through chains); `None` for one that leads nowhere.
    fn resolved<'s>(&self, schema: &'s Value) -> Option<&'s Value>
    where
        'd: 's,
    {
        dereferenced(self.doc, schema)
    }

    fn fits(&self, schema: &Value, value: &Value, depth: usize) -> bool {
        if depth > DEPTH {
            return self.sure;
        }
        let Some(schema) = self.resolved(schema) else {
            return self.sure;
        };
        let schema = match schema {
            Value::Bool(allowed) => return *allowed,
            Value::Object(_) => schema,
            _ => return false,
        };
        let list = |key: &str| schema.get(key).and_then(Value::as_array);
        if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
            return list("enum").is_none_or(|values| values.contains(&Value::Null));
        }
        if schema.get("const").is_some_and(|c| c != value) {
            return false;
        }
        if list("enum").is_some_and(|values| !values.contains(value)) {
            return false;
        }
        if list("allOf").is_some_and(|parts| !parts.iter().all(|p| self.fits(p, value, depth + 1)))
        {
            return false;
        }
        if list("anyOf").is_some_and(|parts| !parts.iter().any(|p| self.fits(p, value, depth + 1)))
        {
            return false;
        }
        if list("oneOf").is_some_and(|parts| {
            parts
                .iter()
                .filter(|p| self.fits(p, value, depth + 1))
                .count()
                != 1
        }) {
            return false;
        }
        if schema
            .get("not")
            .is_some_and(|not| self.fits(not, value, depth + 1))
        {
            return false;
        }
        if !self.of_type(schema, value) {
            return false;
        }
        match value {
            Value::String(text) => string_fits(schema, text, self.sure),
            Value::Number(_) => number_fits(schema, value),
            Value::Array(items) => self.array_fits(schema, items, depth),
            Value::Object(members) => self.object_fits(schema, members, depth),
            Value::Bool(_) | Value::Null => true,
        }
    }

    /// Whether `value` is of the schema's type (any, when it says none).
    fn of_type(&self, schema: &Value, value: &Value) -> bool {
        let nullable = schema.get("nullable") == Some(&Value::Bool(true));
        let is = |kind: &str| match kind {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "string" => value.is_string(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            "number" => value.is_number(),
            "integer" => is_integer(value),
            _ => false,
        };
        match schema.get("type") {
            Some(Value::String(kind)) => is(kind) || (nullable && value.is_null()),
            Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).any(is),
            Some(_) => false,
            None => true,
        }
    }

    fn array_fits(&self, schema: &Value, items: &[Value], depth: usize) -> bool {
        let count = items.len() as u64;
        if bound(schema, "minItems").is_some_and(|min| count < min)
            || bound(schema, "maxItems").is_some_and(|max| count > max)
        {
            return false;
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true))
            && items
                .iter()
                .enumerate()
                .any(|(i, item)| items[..i].contains(item))
        {
            return false;
        }
        match schema.get("items") {
            Some(item) => items.iter().all(|value| self.fits(item, value, depth + 1)),
            None => true,
        }
    }

    fn object_fits(&self, schema: &Value, members: &Map<String, Value>, depth: usize) -> bool {
        let count = members.len() as u64;
        if bound(schema, "minProperties").is_some_and(|min| count < min)
            || bound(schema, "maxProperties").is_some_and(|max| count > max)
        {
            return false;
        }
        let required = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in required {
            if !members.contains_key(name) {
                return false;
            }
        }
        members.iter().all(
            |(name, member)| match properties.and_then(|p| p.get(name)) {
                Some(property) => self.fits(property, member, depth + 1),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(allowed)) => *allowed,
                    Some(extra) => self.fits(extra, member, depth + 1),
                    None => true,
                },
            },
        )
    }

    /// `value` without read-only members, and unless `full` without optional ones,
    /// through the schema's own members and those of its `allOf` parts.
    fn trim(&self, schema: &Value, value: Value, full: bool, depth: usize) -> Value {
        let Some(schema) = self.resolved(schema).filter(|_| depth <= DEPTH) else {
            return value;
        };
        match value {
            Value::Object(members) => {
                let (properties, required) = self.members(schema, depth);
                let kept = members
                    .into_iter()
                    .filter_map(|(name, member)| {
                        let is_required = required.contains(&name);
                        let Some(property) = properties.get(&name) else {
                            return (full || is_required).then_some((name, member));
                        };
                        let read_only = self
                            .resolved(property)
                            .is_some_and(|p| p.get("readOnly") == Some(&Value::Bool(true)));
                        if (!full || read_only) && !is_required {
                            return None;
                        }
                        let member = self.trim(property, member, full, depth + 1);
                        Some((name, member))
                    })
                    .collect();
                Value::Object(kept)
            }
            Value::Array(items) => match schema.get("items") {
                Some(item) => Value::Array(
                    items
                        .into_iter()
                        .map(|value| self.trim(item, value, full, depth + 1))
                        .collect(),
                ),
                None => Value::Array(items),
            },
            other => other,
        }
    }

    /// The properties a schema declares, its own and its `allOf` parts', and the names
    /// it requires.
    fn members(&self, schema: &Value, depth: usize) -> (Map<String, Value>, Vec<String>) {
        let mut properties = Map::new();
        let mut required = Vec::new();
        if depth > DEPTH {
            return (properties, required);
        }
        if let Some(own) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in own {
                properties.entry(name.clone()).or_insert(property.clone());
            }
        }
        required.extend(
            schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(part) = self.resolved(part) {
                let (more, needed) = self.members(part, depth + 1);
                for (name, property) in more {
                    properties.entry(name).or_insert(property);
                }
                required.extend(needed);
            }
        }
        (properties, required)
    }
}

fn bound(schema: &Value, key: &str) -> Option<u64> {
    schema.get(key).and_then(Value::as_u64)
}

fn is_integer(value: &Value) -> bool {
    value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|n| n.fract() == 0.0)
}

fn number_fits(schema: &Value, value: &Value) -> bool {
    let Some(n) = value.as_f64() else {
        return false;
    };
    let limit = |key: &str| schema.get(key).and_then(Value::as_f64);
    // 3.0 writes exclusive bounds as booleans beside the bound, 3.1 as numbers.
    let exclusive = |key: &str, bound: &str| match schema.get(key) {
        Some(Value::Bool(true)) => limit(bound),
        Some(other) => other.as_f64(),
        None => None,
    };
    let inclusive = |key: &str, exclusive_key: &str| match schema.get(exclusive_key) {
        Some(Value::Bool(true)) => None,
        _ => limit(key),
    };
    if inclusive("minimum", "exclusiveMinimum").is_some_and(|m| n < m)
        || inclusive("maximum", "exclusiveMaximum").is_some_and(|m| n > m)
        || exclusive("exclusiveMinimum", "minimum").is_some_and(|m| n <= m)
        || exclusive("exclusiveMaximum", "maximum").is_some_and(|m| n >= m)
    {
        return false;
    }
    if let Some(step) = limit("multipleOf").filter(|s| *s > 0.0) {
        let ratio = n / step;
        if (ratio - ratio.round()).abs() > 1e-9 {
            return false;
        }
    }
    match schema.get("format").and_then(Value::as_str) {
        Some("int32") => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        Some("int64") => value.is_i64(),
        Some("float") => n.abs() <= f64::from(f32::MAX),
        _ => true,
    }
}

/// Whether `text` fits the string rules of `schema`; `unknown` is the answer for a
/// rule the checker cannot read.
fn string_fits(schema: &Value, text: &str, unknown: bool) -> bool {
    let length = text.chars().count() as u64;
    if bound(schema, "minLength").is_some_and(|min| length < min)
        || bound(schema, "maxLength").is_some_and(|max| length > max)
    {
        return false;
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        match regex_lite::Regex::new(pattern) {
            Ok(re) if re.is_match(text) => {}
            Ok(_) => return false,
            Err(_) if unknown => {}
            Err(_) => return false,
        }
    }
    let Some(format) = schema.get("format").and_then(Value::as_str) else {
        return true;
    };
    let matches = |pattern: &str| regex_lite::Regex::new(pattern).is_ok_and(|re| re.is_match(text));
    match format {
        "date-time" => {
            matches(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
        }
        "date" => matches(r"^\d{4}-\d{2}-\d{2}$"),
        "time" => matches(r"^\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$"),
        "uuid" => matches(
            r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        ),
        "email" | "idn-email" => matches(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
        "uri" | "url" | "iri" => matches(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$"),
        "uri-reference" | "iri-reference" => !text.chars().any(char::is_whitespace),
        "hostname" | "idn-hostname" => matches(
            r"^[A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*$",
        ),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "byte" => text.len().is_multiple_of(4) && matches(r"^[A-Za-z0-9+/]*={0,2}$"),
        "int32" | "int64" => matches(r"^-?\d+$"),
        // Formats a validator checks and this checker does not: an example of one is
        // not trusted. Others no validator knows, and so none checks.
        "duration" | "uri-template" | "regex" | "json-pointer" | "relative-json-pointer" => unknown,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fit(schema: Value, value: Value) -> bool {
        fits(&json!({}), &schema, &value)
    }

    #[test]
    fn an_example_of_the_wrong_type_does_not_fit() {
        assert!(!fit(json!({"type": "integer"}), json!("1")));
        assert!(fit(json!({"type": "integer"}), json!(1)));
        assert!(!fit(json!({"type": "string"}), json!(null)));
        assert!(fit(
            json!({"type": "string", "nullable": true}),
            json!(null)
        ));
    }

    #[test]
    fn an_example_outside_its_bounds_lengths_or_pattern_does_not_fit() {
        assert!(!fit(json!({"type": "integer", "maximum": 5}), json!(6)));
        assert!(!fit(
            json!({"type": "integer", "minimum": 5, "exclusiveMinimum": true}),
            json!(5)
        ));
        assert!(!fit(
            json!({"type": "number", "exclusiveMaximum": 1.5}),
            json!(1.5)
        ));
        assert!(!fit(
            json!({"type": "string", "maxLength": 2}),
            json!("abc")
        ));
        assert!(!fit(
            json!({"type": "string", "pattern": "^[a-z]+$"}),
            json!("A1")
        ));
        assert!(fit(
            json!({"type": "string", "pattern": "^[a-z]+$"}),
            json!("abc")
        ));
    }

    #[test]
    fn an_example_of_a_format_fits_only_when_it_is_written_in_it() {
        assert!(fit(
            json!({"type": "string", "format": "date-time"}),
            json!("2026-01-02T03:04:05+01:00")
        ));
        assert!(!fit(
            json!({"type": "string", "format": "date-time"}),
            json!("yesterday")
        ));
        assert!(!fit(
            json!({"type": "string", "format": "uuid"}),
            json!("not-a-uuid")
        ));
        assert!(!fit(
            json!({"type": "string", "format": "ipv4"}),
            json!("256.0.0.1")
        ));
        assert!(!fit(
            json!({"type": "string", "format": "duration"}),
            json!("PT1M")
        ));
        assert!(fit(
            json!({"type": "string", "format": "a-format-of-its-own"}),
            json!("x")
        ));
    }

    #[test]
    fn an_object_example_needs_its_required_members_and_fitting_ones() {
        let schema = json!({"type": "object", "required": ["a"], "additionalProperties": false,
            "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}});
        assert!(fit(schema.clone(), json!({"a": "x", "b": 2})));
        assert!(!fit(schema.clone(), json!({"b": 2})));
        assert!(!fit(schema.clone(), json!({"a": "x", "b": "2"})));
        assert!(!fit(schema, json!({"a": "x", "c": 1})));
    }

    #[test]
    fn one_of_fits_only_when_exactly_one_branch_does() {
        let schema = json!({"oneOf": [{"type": "integer"}, {"type": "number"}]});
        assert!(!fit(schema, json!(1)));
        let schema = json!({"oneOf": [{"type": "integer"}, {"type": "string"}]});
        assert!(fit(schema, json!(1)));
    }

    #[test]
    fn an_answer_breaks_its_schema_only_where_the_checker_is_sure() {
        let doc = json!({});
        let node = json!({"type": "object", "properties": {"children": {"type": "array", "items": {"type": "object"}}}});
        assert!(breaks(&doc, &node, &json!({"children": [null]})));
        assert!(!breaks(&doc, &node, &json!({"children": [{}]})));
        let duration = json!({"type": "string", "format": "duration"});
        assert!(!breaks(&doc, &duration, &json!("PT1M")));
        assert!(!fits(&doc, &duration, &json!("PT1M")));
        assert!(!breaks(&doc, &json!({"$ref": "#/nowhere"}), &json!(1)));
    }

    #[test]
    fn trimming_for_the_required_call_keeps_only_required_members() {
        let doc = json!({});
        let schema = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string"}, "y": {"type": "string"}}},
            "b": {"type": "integer"},
            "id": {"type": "integer", "readOnly": true}}});
        let example = json!({"a": {"x": "1", "y": "2"}, "b": 3, "id": 4});
        assert_eq!(
            trim(&doc, &schema, &example, false),
            Some(json!({"a": {"x": "1"}}))
        );
        assert_eq!(
            trim(&doc, &schema, &example, true),
            Some(json!({"a": {"x": "1", "y": "2"}, "b": 3}))
        );
    }
}
