//! What a schema is, whatever keywords it was written with: the [`Shape`] the
//! generator handles, with the rules (bounds, lengths, patterns, counts) it carries.

use super::*;

/// One schema, whatever keywords it was written with, as the shape the generator handles.
pub(super) enum Shape<'a> {
    String {
        enumeration: Vec<Option<String>>,
        rules: Vec<Rule>,
    },
    Integer {
        enumeration: Vec<Option<i64>>,
        format: Option<String>,
        rules: Vec<Rule>,
    },
    Number {
        format: Option<String>,
        rules: Vec<Rule>,
    },
    Boolean,
    Array {
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        rules: Vec<Rule>,
    },
    Object {
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
    },
    /// `oneOf` or `anyOf` (the keyword, for pointers).
    OneOf(&'a [ReferenceOr<Schema>], &'static str),
    AllOf {
        parts: &'a [ReferenceOr<Schema>],
        own: Option<OwnObject<'a>>,
    },
    /// An `enum` of mixed or untyped values.
    Values,
    Any,
}

pub(super) fn string_format<T: std::fmt::Debug>(
    format: &openapiv3::VariantOrUnknownOrEmpty<T>,
) -> Option<String> {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(item) => Some(format!("{item:?}").to_lowercase()),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => Some(s.to_lowercase()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

pub(super) fn min_max(min: Option<f64>, min_ex: bool, max: Option<f64>, max_ex: bool) -> Vec<Rule> {
    let mut rules = Vec::new();
    if let Some(value) = min.filter(|v| v.is_finite()) {
        rules.push(Rule::Minimum {
            value,
            exclusive: min_ex,
        });
    }
    if let Some(value) = max.filter(|v| v.is_finite()) {
        rules.push(Rule::Maximum {
            value,
            exclusive: max_ex,
        });
    }
    rules
}

pub(super) fn lengths(
    min: Option<usize>,
    max: Option<usize>,
    pattern: Option<&String>,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    if let Some(n) = min.filter(|n| *n > 0) {
        rules.push(Rule::MinLength(n as u64));
    }
    if let Some(n) = max {
        rules.push(Rule::MaxLength(n as u64));
    }
    if let Some(p) = pattern {
        rules.push(Rule::Pattern(p.clone()));
    }
    rules
}

/// A schema as the [`Shape`] the generator handles, whichever keywords it is written
/// with: typed, or untyped ([`untyped_shape`]).
pub(super) fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Shape::String {
            enumeration: s.enumeration.clone(),
            rules: lengths(s.min_length, s.max_length, s.pattern.as_ref()),
        },
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer {
            enumeration: i.enumeration.clone(),
            format: string_format(&i.format),
            rules: min_max(
                i.minimum.map(|v| v as f64),
                i.exclusive_minimum,
                i.maximum.map(|v| v as f64),
                i.exclusive_maximum,
            ),
        },
        SchemaKind::Type(Type::Number(n)) => Shape::Number {
            format: string_format(&n.format),
            rules: min_max(
                n.minimum,
                n.exclusive_minimum,
                n.maximum,
                n.exclusive_maximum,
            ),
        },
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Array(a)) => Shape::Array {
            items: a.items.as_ref(),
            rules: item_counts(a.min_items, a.max_items),
        },
        SchemaKind::Type(Type::Object(o)) => Shape::Object {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of, "oneOf"),
        SchemaKind::AnyOf { any_of } => Shape::OneOf(any_of, "anyOf"),
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            parts: all_of,
            own: None,
        },
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(a) => untyped_shape(a),
    }
}

/// Add an object's `properties`, written at `base`, to `props` (each with its pointer),
/// and its `required` to `required`.
pub(super) fn add_properties<'s>(
    props: &mut Props<'s>,
    required: &mut Vec<String>,
    base: &str,
    (properties, own_required): OwnObject<'s>,
) {
    for (k, v) in properties {
        props.push((k, v, format!("{base}/properties/{}", pointer_token(k))));
    }
    required.extend(own_required.iter().cloned());
}

/// The rules of an array's `minItems` (when above zero) and `maxItems`.
pub(super) fn item_counts(min: Option<usize>, max: Option<usize>) -> Vec<Rule> {
    let mut rules = Vec::new();
    if let Some(n) = min.filter(|n| *n > 0) {
        rules.push(Rule::MinItems(n as u64));
    }
    if let Some(n) = max {
        rules.push(Rule::MaxItems(n as u64));
    }
    rules
}

/// A schema `openapiv3` could not type (keywords mixed, or `type` missing): its shape
/// from the composition keywords first, then `properties` or `items`, then `type` and
/// `enum` ([`scalar_shape`]).
pub(super) fn untyped_shape(a: &AnySchema) -> Shape<'_> {
    let own = (!a.properties.is_empty()).then_some((&a.properties, a.required.as_slice()));
    if !a.all_of.is_empty() {
        return Shape::AllOf {
            parts: &a.all_of,
            own,
        };
    }
    if !a.one_of.is_empty() {
        return Shape::OneOf(&a.one_of, "oneOf");
    }
    if !a.any_of.is_empty() {
        return Shape::OneOf(&a.any_of, "anyOf");
    }
    let typ = a.typ.as_deref();
    if typ == Some("object") || !a.properties.is_empty() || a.additional_properties.is_some() {
        return Shape::Object {
            properties: &a.properties,
            required: &a.required,
            additional: a.additional_properties.as_ref(),
        };
    }
    if typ == Some("array") || a.items.is_some() {
        return Shape::Array {
            items: a.items.as_ref(),
            rules: item_counts(a.min_items, a.max_items),
        };
    }
    scalar_shape(a, typ)
}

/// An untyped schema that is neither an object nor an array: by `type`, whose `enum`
/// is kept when its values fit, else by the kind of its `enum` values.
pub(super) fn scalar_shape<'a>(a: &'a AnySchema, typ: Option<&str>) -> Shape<'a> {
    let strings = a.enumeration.iter().all(|v| v.is_string() || v.is_null());
    let integers = a.enumeration.iter().all(|v| v.is_i64() || v.is_null());
    let numeric_rules = min_max(
        a.minimum,
        a.exclusive_minimum.unwrap_or(false),
        a.maximum,
        a.exclusive_maximum.unwrap_or(false),
    );
    let string_values = || {
        a.enumeration
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    match typ {
        Some("string") if strings => Shape::String {
            enumeration: string_values(),
            rules: lengths(a.min_length, a.max_length, a.pattern.as_ref()),
        },
        Some("integer") if integers => Shape::Integer {
            enumeration: a.enumeration.iter().map(Value::as_i64).collect(),
            format: a.format.clone(),
            rules: numeric_rules,
        },
        Some("number") => Shape::Number {
            format: a.format.clone(),
            rules: numeric_rules,
        },
        Some("boolean") => Shape::Boolean,
        Some("string") => Shape::String {
            enumeration: Vec::new(),
            rules: Vec::new(),
        },
        Some("integer") => Shape::Integer {
            enumeration: Vec::new(),
            format: a.format.clone(),
            rules: numeric_rules,
        },
        None if !a.enumeration.is_empty() && strings => Shape::String {
            enumeration: string_values(),
            rules: Vec::new(),
        },
        None if !a.enumeration.is_empty() && integers => Shape::Integer {
            enumeration: a.enumeration.iter().map(Value::as_i64).collect(),
            format: None,
            rules: Vec::new(),
        },
        None if !a.enumeration.is_empty() => Shape::Values,
        _ => Shape::Any,
    }
}

/// The discriminator values that pick the variant referring to `component`: those its
/// mapping gives (by reference or by name), else the component's name.
pub(super) fn discriminator_tags(d: &openapiv3::Discriminator, component: &str) -> Vec<String> {
    let mapped: Vec<String> = d
        .mapping
        .iter()
        .filter(|(_, target)| {
            target.as_str() == format!("#/components/schemas/{component}")
                || target.as_str() == component
        })
        .map(|(tag, _)| tag.clone())
        .collect();
    if mapped.is_empty() {
        vec![component.to_owned()]
    } else {
        mapped
    }
}
