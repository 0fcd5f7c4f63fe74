//! Schemas → named types and type references.

use super::spec::Spec;
use super::Shaper;
use crate::model::{
    Enum, EnumRepr, EnumVariant, Field, Presence, Rule, Struct, TypeDef, TypeKind, TypeRef, Union,
    UnionVariant,
};
use crate::naming::{self, pointer_token, Hint, Proposal, Scope, Wanted};
use crate::shared::GenerateError;
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;
use std::collections::BTreeMap;

mod shape;

use shape::*;

/// Deepest nesting of inline schemas and `allOf` chains the generator follows.
const MAX_DEPTH: usize = 64;

/// The warning at an `allOf` whose parts are of different kinds: no value fits it.
pub const NO_VALUE_FITS: &str =
    "allOf combines schemas of different kinds, which no value fits at once: any JSON value is taken";

type Props<'a> = Vec<(&'a String, &'a ReferenceOr<Box<Schema>>, String)>;
/// Properties and `required` written next to `allOf`.
type OwnObject<'a> = (&'a IndexMap<String, ReferenceOr<Box<Schema>>>, &'a [String]);

/// The name a schema's type gets if it creates one: proposed already (a component's,
/// by its key), or wanted, and proposed only when a type is really made.
pub(super) struct TypeName {
    /// The words of the name; an array's items and a map's values are named after
    /// them (a struct's properties and a union's variants after the name given).
    hint: Hint,
    /// The key of the proposal already made.
    key: Option<String>,
}

impl TypeName {
    fn proposed(key: &str) -> Self {
        TypeName {
            hint: Hint::NameOf(key.to_owned()),
            key: Some(key.to_owned()),
        }
    }

    fn wanted(hint: Hint) -> Self {
        TypeName { hint, key: None }
    }
}

/// The doc comment for a schema: its description, else its title.
pub(super) fn schema_doc(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    super::docs::trimmed(data.description.as_deref().or(data.title.as_deref()))
}

fn is_true(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Bool(true)))
}

/// The component schemas' type names, proposed before any type is made, in spec
/// order: each component's key, by its name in the spec.
pub(super) fn component_names(
    spec: Spec<'_>,
    proposals: &mut Vec<Proposal>,
) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let schemas = spec.doc.components.iter().flat_map(|c| c.schemas.keys());
    for name in schemas {
        let pointer = format!("#/components/schemas/{}", pointer_token(name));
        let wanted = Wanted::Component(name.clone());
        let key = naming::propose(proposals, Scope::Types, &pointer, wanted);
        names.insert(name.clone(), key);
    }
    names
}

impl Shaper<'_> {
    /// Lower every component schema, whose names [`component_names`] proposed first: a
    /// `$ref` is just the key of its name, and nothing recurses from one component into
    /// another.
    pub(super) fn lower_components(&mut self) -> Result<(), GenerateError> {
        let Some(components) = self.spec.doc.components.as_ref() else {
            return Ok(());
        };
        for (index, (name, schema)) in components.schemas.iter().enumerate() {
            self.origin = index;
            let key = self.component_names[name].clone();
            let pointer = format!("#/components/schemas/{}", pointer_token(name));
            let (ty, doc) = match schema {
                ReferenceOr::Reference { reference } => (self.ref_type(reference, &pointer)?, None),
                ReferenceOr::Item(schema) => (
                    self.schema_named(schema, &pointer, &TypeName::proposed(&key))?,
                    schema_doc(schema),
                ),
            };
            // A component that is not a type of its own (a string, an array, a reference)
            // is an alias; references to it are replaced by its target later.
            if ty != TypeRef::Named(key.clone()) {
                self.push_type(TypeDef {
                    rust_name: key,
                    pointer,
                    doc,
                    kind: TypeKind::Alias(ty),
                });
            }
        }
        Ok(())
    }

    /// The type a `$ref` to a component schema stands for: its name's key.
    pub(super) fn ref_type(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Result<TypeRef, GenerateError> {
        let name = super::spec::component_ref(reference, "schemas", pointer)?;
        match self.component_names.get(name) {
            Some(rust) => Ok(TypeRef::Named(rust.clone())),
            None => Err(GenerateError::new(
                pointer,
                format!("the reference `{reference}` names no schema in #/components/schemas"),
            )),
        }
    }

    /// The Rust type of a schema that may be a reference; `hint` names any type it
    /// creates. (`openapiv3` boxes property schemas, hence `Borrow`.)
    pub(super) fn schema_type<S: std::borrow::Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        pointer: &str,
        hint: Hint,
    ) -> Result<TypeRef, GenerateError> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            // One place in the spec is one type, however often it is reached (a base's
            // property merged into several `allOf`s).
            ReferenceOr::Item(_) if self.inline_types.contains_key(pointer) => {
                Ok(self.inline_types[pointer].clone())
            }
            ReferenceOr::Item(item) => {
                let ty = self.schema_named(item.borrow(), pointer, &TypeName::wanted(hint))?;
                self.inline_types.insert(pointer.to_owned(), ty.clone());
                Ok(ty)
            }
        }
    }

    /// The key of the name a property's inline type is named after: the struct being
    /// built, or, for a property merged from another component by `allOf`, that
    /// component.
    fn property_owner(
        &self,
        struct_name: &str,
        struct_pointer: &str,
        prop_pointer: &str,
    ) -> String {
        if prop_pointer.starts_with(&format!("{struct_pointer}/")) {
            return struct_name.to_owned();
        }
        prop_pointer
            .strip_prefix("#/components/schemas/")
            .and_then(|rest| rest.split('/').next())
            .map(crate::naming::token_text)
            .and_then(|component| self.component_names.get(&component).cloned())
            .unwrap_or_else(|| struct_name.to_owned())
    }

    /// The key of the name of a type being created: proposed now, unless it was.
    fn realize(&mut self, name: &TypeName, pointer: &str) -> String {
        match &name.key {
            Some(key) => key.clone(),
            None => self.propose_type(pointer, Wanted::TypeName(name.hint.clone())),
        }
    }

    /// Lower a schema that stands for its parent (a lone `allOf`/`oneOf` member):
    /// a type it creates takes the parent's name.
    fn same_name_type(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        name: &TypeName,
    ) -> Result<TypeRef, GenerateError> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            ReferenceOr::Item(item) => self.schema_named(item, pointer, name),
        }
    }

    /// Lower an inline schema; `name` is the name of a type it creates.
    fn schema_named(
        &mut self,
        schema: &Schema,
        pointer: &str,
        name: &TypeName,
    ) -> Result<TypeRef, GenerateError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(GenerateError::new(
                pointer,
                format!("schemas nest more than {MAX_DEPTH} levels deep"),
            ));
        }
        let result = self.schema_named_inner(schema, pointer, name);
        self.depth -= 1;
        result
    }

    /// The type for each shape: scalars directly, enums, arrays, maps, structs, unions
    /// and `allOf` merges through their own functions. One `match` over [`Shape`],
    /// kept whole so that every shape's handling is in one place.
    fn schema_named_inner(
        &mut self,
        schema: &Schema,
        pointer: &str,
        name: &TypeName,
    ) -> Result<TypeRef, GenerateError> {
        let doc = schema_doc(schema);
        match shape(schema) {
            Shape::String { enumeration, .. } if enumeration.iter().flatten().next().is_some() => {
                let values: Vec<String> = enumeration.into_iter().flatten().collect();
                self.enum_type(name, pointer, schema, EnumRepr::String, values)
            }
            Shape::String { .. } => Ok(TypeRef::String),
            Shape::Integer { enumeration, .. } if enumeration.iter().flatten().next().is_some() => {
                let values = enumeration
                    .into_iter()
                    .flatten()
                    .map(|v| v.to_string())
                    .collect();
                self.enum_type(name, pointer, schema, EnumRepr::Integer, values)
            }
            Shape::Integer { format, .. } => Ok(integer_type(format.as_deref())),
            Shape::Number { format, .. } => Ok(match format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            Shape::Boolean => Ok(TypeRef::Bool),
            Shape::Values | Shape::Any => Ok(TypeRef::Json),
            Shape::Array { items, .. } => self.array_type(items, pointer, name),
            Shape::Object {
                properties,
                required,
                additional,
            } => self.object_type(properties, required, additional, pointer, name, doc),
            Shape::OneOf(variants, keyword) => {
                if variants.len() == 1 {
                    let only = format!("{pointer}/{keyword}/0");
                    return self.same_name_type(&variants[0], &only, name);
                }
                self.union_type(
                    name,
                    pointer,
                    doc,
                    variants,
                    keyword,
                    schema.schema_data.discriminator.as_ref(),
                )
            }
            Shape::AllOf { parts, own } => self.all_of_type(parts, own, pointer, name, doc),
        }
    }

    /// An array's type: a `Vec` of its items' type (any JSON without `items`).
    fn array_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        pointer: &str,
        name: &TypeName,
    ) -> Result<TypeRef, GenerateError> {
        let Some(items) = items else {
            return Ok(TypeRef::Vec(Box::new(TypeRef::Json)));
        };
        let item_pointer = format!("{pointer}/items");
        let item_hint = Hint::words(name.hint.clone(), "item");
        let mut item = self.schema_type(items, &item_pointer, item_hint)?;
        if self.spec.nullable(items, &item_pointer) {
            item = TypeRef::Option(Box::new(item));
        }
        Ok(TypeRef::Vec(Box::new(item)))
    }

    /// An object's type: a struct of its properties (with a map of the rest when
    /// `additionalProperties` has a schema), or only a map when it has no properties.
    fn object_type(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        name: &TypeName,
        doc: Option<String>,
    ) -> Result<TypeRef, GenerateError> {
        let value_type = match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value_pointer = format!("{pointer}/additionalProperties");
                let mut value_ty = self.schema_type(
                    value,
                    &value_pointer,
                    Hint::words(name.hint.clone(), "value"),
                )?;
                if self.spec.nullable(value, &value_pointer) {
                    value_ty = TypeRef::Option(Box::new(value_ty));
                }
                Some(value_ty)
            }
            _ => None,
        };
        if properties.is_empty() {
            return Ok(match value_type {
                Some(TypeRef::Json) => TypeRef::JsonObject,
                Some(value) => TypeRef::Map(Box::new(value)),
                None => TypeRef::JsonObject,
            });
        }
        let (mut props, mut all_required) = (Vec::new(), Vec::new());
        add_properties(
            &mut props,
            &mut all_required,
            pointer,
            (properties, required),
        );
        self.struct_type(name, pointer, doc, props, all_required, value_type)
    }

    /// An `allOf`'s type: one struct of every part's properties and its own (a later
    /// definition of a property replacing an earlier one), unless its parts are not
    /// objects ([`Shaper::all_of_non_objects`]) or it stands for its one part.
    fn all_of_type(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        own: Option<OwnObject<'_>>,
        pointer: &str,
        name: &TypeName,
        doc: Option<String>,
    ) -> Result<TypeRef, GenerateError> {
        if own.is_none() && parts.len() == 1 {
            return self.same_name_type(&parts[0], &format!("{pointer}/allOf/0"), name);
        }
        if let Some(ty) = self.all_of_non_objects(parts, pointer, name)? {
            return Ok(ty);
        }
        let mut props: Props<'_> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        let mut doc = doc;
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = format!("{pointer}/allOf/{i}");
            self.spec.collect_object(
                part,
                &part_pointer,
                &mut props,
                &mut required,
                &mut doc,
                &mut Vec::new(),
            )?;
        }
        if let Some(own) = own {
            add_properties(&mut props, &mut required, pointer, own);
        }
        if props.is_empty() {
            return Ok(TypeRef::JsonObject);
        }
        // A later part redefining a property replaces the earlier definition.
        let mut seen = IndexMap::new();
        for (k, v, p) in props {
            seen.insert(k.clone(), (k, v, p));
        }
        let props = seen.into_values().collect();
        self.struct_type(name, pointer, doc, props, required, None)
    }

    /// An `allOf` with parts that are not objects: when they all have one kind (a
    /// string and a string with a rule), the first such part's type, with a warning
    /// that the other parts' rules are not checked; when their kinds differ, no value
    /// fits them all, and any JSON value is taken, with a warning. `None`: only
    /// objects (and schemas without a type), which are merged.
    fn all_of_non_objects(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        pointer: &str,
        name: &TypeName,
    ) -> Result<Option<TypeRef>, GenerateError> {
        let mut flat = Vec::new();
        self.spec
            .flat_parts(parts, pointer, &mut Vec::new(), &mut flat)?;
        let mut kinds = Vec::new();
        let mut objects = false;
        for (i, (_, _, schema)) in flat.iter().enumerate() {
            match shape(schema) {
                Shape::Object { .. } | Shape::AllOf { .. } => objects = true,
                Shape::Any => {}
                other => kinds.push((i, std::mem::discriminant(&other))),
            }
        }
        let Some(&(first, kind)) = kinds.first() else {
            return Ok(None);
        };
        if !objects && kinds.iter().all(|(_, k)| *k == kind) {
            self.warn(
                pointer,
                "allOf of schemas that are not objects: the first part's type is used, and the other parts' rules are not checked",
            );
            let (first_pointer, part, _) = &flat[first];
            return self.same_name_type(part, first_pointer, name).map(Some);
        }
        self.warn(pointer, NO_VALUE_FITS);
        Ok(Some(TypeRef::Json))
    }

    /// An enum type; `schema`'s `x-enum-varnames` (or `x-enumNames`) names the variants
    /// and `x-enum-descriptions` documents them, when they have one entry per value.
    fn enum_type(
        &mut self,
        name: &TypeName,
        pointer: &str,
        schema: &Schema,
        repr: EnumRepr,
        values: Vec<String>,
    ) -> Result<TypeRef, GenerateError> {
        let name = &self.realize(name, pointer);
        let doc = schema_doc(schema);
        let per_value = |key: &str| -> Option<Vec<String>> {
            let list = schema.schema_data.extensions.get(key)?.as_array()?;
            let texts: Option<Vec<String>> =
                list.iter().map(|v| v.as_str().map(str::to_owned)).collect();
            texts.filter(|t| t.len() == values.len())
        };
        let given_names = per_value("x-enum-varnames").or_else(|| per_value("x-enumNames"));
        let descriptions = per_value("x-enum-descriptions");
        let scope = Scope::Variants(name.clone());
        let mut variants = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (i, wire) in values.iter().enumerate() {
            if !seen.insert(wire.clone()) {
                continue;
            }
            let wanted = match given_names.as_ref().map(|n| naming::camel(&n[i], "V")) {
                Some(given) if !given.is_empty() => given,
                _ => naming::variant_name(wire, i),
            };
            let rust_name = self.propose(
                scope.clone(),
                &format!("{pointer}/enum/{i}"),
                Wanted::text(wanted),
            );
            let doc = descriptions
                .as_ref()
                .map(|d| d[i].trim().to_owned())
                .filter(|d| !d.is_empty());
            variants.push(EnumVariant {
                rust_name,
                wire: wire.clone(),
                doc,
            });
        }
        // A single-valued enum is a constant (often a union tag): it accepts nothing else.
        let fallback = (variants.len() > 1).then(|| {
            let wanted = Wanted::text("Unknown".to_owned());
            self.propose(scope, &format!("{pointer}/enum"), wanted)
        });
        self.push_type(TypeDef {
            rust_name: name.to_owned(),
            pointer: pointer.to_owned(),
            doc,
            kind: TypeKind::Enum(Enum {
                repr,
                variants,
                fallback,
            }),
        });
        Ok(TypeRef::Named(name.to_owned()))
    }

    fn struct_type(
        &mut self,
        name: &TypeName,
        pointer: &str,
        doc: Option<String>,
        props: Props<'_>,
        required: Vec<String>,
        extra: Option<TypeRef>,
    ) -> Result<TypeRef, GenerateError> {
        let name = &self.realize(name, pointer);
        let mut fields = Vec::new();
        for (wire, schema, prop_pointer) in props {
            let rust_name = self.propose_field(name, &prop_pointer, wire);
            let hint = Hint::words(
                Hint::NameOf(self.property_owner(name, pointer, &prop_pointer)),
                wire,
            );
            let file = match self.multipart_objects.contains(pointer) {
                true => self.spec.file_type(schema, &prop_pointer),
                false => None,
            };
            let ty = match &file {
                Some(file) => file.clone(),
                None => self.schema_type(schema, &prop_pointer, hint)?,
            };
            let nullable = self.spec.nullable(schema, &prop_pointer);
            let is_required = required.iter().any(|r| r == wire);
            let (field_doc, sensitive, read_only, mut rules) =
                self.property_details(schema, &prop_pointer);
            if file.is_some() {
                // A file's length rules are about its bytes, which are not checked.
                rules.retain(|rule| matches!(rule, Rule::MinItems(_) | Rule::MaxItems(_)));
            }
            let presence = match (is_required, nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            let pattern_static = self.propose_pattern(&prop_pointer, &rust_name, &rules);
            fields.push(Field {
                pattern_static,
                wire_name: wire.clone(),
                rust_name,
                doc: field_doc,
                ty,
                presence,
                sensitive,
                read_only,
                rules,
            });
        }
        let redacted_debug = fields.iter().any(|f| f.sensitive);
        self.push_type(TypeDef {
            rust_name: name.to_owned(),
            pointer: pointer.to_owned(),
            doc,
            kind: TypeKind::Struct(Struct {
                fields,
                extra,
                redacted_debug,
                params: false,
            }),
        });
        Ok(TypeRef::Named(name.to_owned()))
    }

    /// A property's rustdoc (its description, with its default), whether it is a
    /// secret, whether it is read-only, and its rules.
    fn property_details(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        prop_pointer: &str,
    ) -> (Option<String>, bool, bool, Vec<Rule>) {
        match schema {
            ReferenceOr::Item(s) => (
                with_default(schema_doc(s), s.schema_data.default.as_ref()),
                self.spec.is_secret(schema, prop_pointer, 0),
                s.schema_data.read_only,
                self.rules_of(s, prop_pointer),
            ),
            // OpenAPI 3.0 ignores siblings of `$ref`, but a description there still documents the field.
            ReferenceOr::Reference { .. } => {
                let doc = self
                    .spec
                    .raw_at(prop_pointer)
                    .and_then(|r| r.get("description"))
                    .and_then(Value::as_str);
                let sensitive = self.spec.is_secret(schema, prop_pointer, 0);
                (super::docs::trimmed(doc), sensitive, false, Vec::new())
            }
        }
    }

    /// The checks a schema asks for; a pattern the client cannot evaluate is left out with a warning.
    pub(super) fn rules_of(&mut self, schema: &Schema, pointer: &str) -> Vec<Rule> {
        let rules = match shape(schema) {
            Shape::String { rules, .. }
            | Shape::Integer { rules, .. }
            | Shape::Number { rules, .. }
            | Shape::Array { rules, .. } => rules,
            _ => Vec::new(),
        };
        rules
            .into_iter()
            .filter(|rule| match rule {
                Rule::Pattern(p) => match regex_lite::Regex::new(p) {
                    Ok(_) => true,
                    Err(_) => {
                        self.warn(format!("{pointer}/pattern"), format!("the pattern `{p}` uses syntax the client's regex engine lacks; it is not checked"));
                        false
                    }
                },
                _ => true,
            })
            .collect()
    }

    fn union_type(
        &mut self,
        name: &TypeName,
        pointer: &str,
        doc: Option<String>,
        variants: &[ReferenceOr<Schema>],
        keyword: &str,
        discriminator: Option<&openapiv3::Discriminator>,
    ) -> Result<TypeRef, GenerateError> {
        let name = &self.realize(name, pointer);
        let mut lowered = Vec::new();
        let mut seen_types = std::collections::BTreeSet::new();
        for (i, variant) in variants.iter().enumerate() {
            let variant_pointer = format!("{pointer}/{keyword}/{i}");
            let (candidate, ref_name) = match variant {
                ReferenceOr::Reference { reference } => {
                    let component =
                        super::spec::component_ref(reference, "schemas", &variant_pointer)?
                            .to_owned();
                    (naming::type_name(&component), Some(component))
                }
                ReferenceOr::Item(item) => {
                    let title = item.schema_data.title.as_deref().map(naming::type_name);
                    (
                        title.unwrap_or_else(|| naming::union_variant_fallback(i)),
                        None,
                    )
                }
            };
            let hint = Hint::words(Hint::NameOf(name.clone()), &candidate);
            let ty = self.schema_type(variant, &variant_pointer, hint)?;
            // Two variants of the same Rust type could never be told apart.
            if !seen_types.insert(ty.clone()) {
                continue;
            }
            // A variant holding a named type is named after it.
            let wanted = match (&ty, ref_name.is_some()) {
                (TypeRef::Named(key), _) => Hint::NameOf(key.clone()),
                (other, false) => Hint::Text(naming::primitive_variant(other).unwrap_or(candidate)),
                (_, true) => Hint::Text(candidate),
            };
            let scope = Scope::Variants(name.clone());
            let rust_name = self.propose(scope, &variant_pointer, Wanted::AsIs(wanted));
            let tags = match (discriminator, &ref_name) {
                (Some(d), Some(component)) => discriminator_tags(d, component),
                _ => Vec::new(),
            };
            lowered.push(UnionVariant {
                rust_name,
                ty,
                tags,
            });
        }
        let discriminator = discriminator
            .filter(|_| lowered.iter().all(|v| !v.tags.is_empty()))
            .map(|d| d.property_name.clone());
        if lowered.len() == 1 {
            return Ok(lowered.remove(0).ty);
        }
        self.push_type(TypeDef {
            rust_name: name.to_owned(),
            pointer: pointer.to_owned(),
            doc,
            kind: TypeKind::Union(Union {
                variants: lowered,
                discriminator,
            }),
        });
        Ok(TypeRef::Named(name.to_owned()))
    }
}

/// Whether the rules include a `pattern` (which needs a compiled regex).
pub(super) fn has_pattern(rules: &[Rule]) -> bool {
    rules.iter().any(|rule| matches!(rule, Rule::Pattern(_)))
}

/// A field's doc with the server-side default it documents (the client sends nothing for it).
fn with_default(doc: Option<String>, default: Option<&Value>) -> Option<String> {
    match (doc, default) {
        (doc, None | Some(Value::Null)) => doc,
        (Some(doc), Some(value)) => Some(format!("{doc}\n\nDefault: `{value}`.")),
        (None, Some(value)) => Some(format!("Default: `{value}`.")),
    }
}

fn is_password(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s))
        if matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)))
}

/// The Rust integer type for an `integer` schema's format (`i64` when it has none).
fn integer_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("int32" | "int16" | "int8") => TypeRef::I32,
        Some("uint32" | "uint16" | "uint8") => TypeRef::U32,
        Some("uint64" | "uint") => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

impl<'d> Spec<'d> {
    /// Whether values of this schema may be `null`.
    pub(super) fn nullable<S: std::borrow::Borrow<Schema>>(
        &self,
        schema: &ReferenceOr<S>,
        pointer: &str,
    ) -> bool {
        let item: &Schema = match schema {
            ReferenceOr::Item(s) => s.borrow(),
            ReferenceOr::Reference { reference } => {
                match self.schema_component(reference, pointer) {
                    Ok((_, s)) => s,
                    Err(_) => return false,
                }
            }
        };
        if item.schema_data.nullable {
            return true;
        }
        match &item.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
            SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_none),
            SchemaKind::Any(a) => a.enumeration.iter().any(Value::is_null),
            _ => false,
        }
    }

    /// The parts of an `allOf`, each with its pointer and schema, where a part that is
    /// an `allOf` and nothing else (inline or a component) is read as its parts; a
    /// component already on the way (`seen`) adds nothing again.
    pub(super) fn flat_parts<'s>(
        &self,
        parts: &'s [ReferenceOr<Schema>],
        pointer: &str,
        seen: &mut Vec<String>,
        flat: &mut Vec<(String, &'s ReferenceOr<Schema>, &'s Schema)>,
    ) -> Result<(), GenerateError>
    where
        Self: 's,
    {
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = format!("{pointer}/allOf/{i}");
            let (schema, base) = match part {
                ReferenceOr::Item(s) => (s, part_pointer.clone()),
                ReferenceOr::Reference { reference } => {
                    let (name, s) = self.schema_component(reference, &part_pointer)?;
                    if seen.contains(&name) {
                        continue;
                    }
                    seen.push(name.clone());
                    (s, format!("#/components/schemas/{}", pointer_token(&name)))
                }
            };
            match shape(schema) {
                Shape::AllOf {
                    parts: inner,
                    own: None,
                } if seen.len() <= MAX_DEPTH => {
                    self.flat_parts(inner, &base, seen, flat)?;
                }
                _ => flat.push((part_pointer, part, schema)),
            }
        }
        Ok(())
    }

    /// Gather the properties of an `allOf` part (following references and nested
    /// `allOf`). A component already on the way (`seen`: an `allOf` that leads back to
    /// itself) adds nothing new, so it is not read again.
    fn collect_object<'s>(
        &self,
        part: &'s ReferenceOr<Schema>,
        pointer: &str,
        props: &mut Props<'s>,
        required: &mut Vec<String>,
        doc: &mut Option<String>,
        seen: &mut Vec<String>,
    ) -> Result<(), GenerateError>
    where
        Self: 's,
    {
        if seen.len() > MAX_DEPTH {
            return Err(GenerateError::new(
                pointer,
                format!("allOf nests more than {MAX_DEPTH} levels deep"),
            ));
        }
        let (schema, base): (&'s Schema, String) = match part {
            ReferenceOr::Item(s) => (s, pointer.to_owned()),
            ReferenceOr::Reference { reference } => {
                let (name, s) = self.schema_component(reference, pointer)?;
                if seen.contains(&name) {
                    return Ok(());
                }
                seen.push(name.clone());
                (s, format!("#/components/schemas/{}", pointer_token(&name)))
            }
        };
        if doc.is_none() {
            *doc = schema_doc(schema);
        }
        match shape(schema) {
            Shape::Object { properties, required: req, .. } => {
                add_properties(props, required, &base, (properties, req));
                Ok(())
            }
            Shape::AllOf { parts, own } => {
                for (i, inner) in parts.iter().enumerate() {
                    self.collect_object(inner, &format!("{base}/allOf/{i}"), props, required, doc, seen)?;
                }
                if let Some(own) = own {
                    add_properties(props, required, &base, own);
                }
                Ok(())
            }
            Shape::Any => Ok(()),
            _ => Err(GenerateError::new(
                base,
                "allOf combines a schema that is not an object with others; only objects can be merged",
            )),
        }
    }

    /// The file type a property of a multipart body stands for: a binary string (or a
    /// string with a `contentMediaType`) is a file, an array of them a list of files.
    fn file_type(&self, schema: &ReferenceOr<Box<Schema>>, pointer: &str) -> Option<TypeRef> {
        let schema: &Schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                self.schema_component(reference, pointer).ok()?.1
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => matches!(
                s.format,
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
            )
            .then_some(TypeRef::File),
            SchemaKind::Type(Type::Array(a)) => {
                let items = a.items.as_ref()?;
                let item = self.file_type(items, &format!("{pointer}/items"))?;
                (item == TypeRef::File).then(|| TypeRef::Vec(Box::new(item)))
            }
            _ => None,
        }
    }

    /// Whether a property's values are secrets: marked `x-sensitive` (beside a `$ref`
    /// too), `format: password`, given by a `$ref` to a schema that is, or an array
    /// whose items are.
    fn is_secret<S: std::borrow::Borrow<Schema>>(
        &self,
        schema: &ReferenceOr<S>,
        pointer: &str,
        depth: usize,
    ) -> bool {
        const MAX_DEPTH: usize = 8;
        if depth > MAX_DEPTH {
            return false;
        }
        match schema {
            ReferenceOr::Reference { reference } => {
                let beside = self
                    .raw_at(pointer)
                    .is_some_and(|raw| is_true(raw.get("x-sensitive")));
                beside
                    || self
                        .schema_component(reference, pointer)
                        .is_ok_and(|(target, item)| {
                            let target = format!("#/components/schemas/{}", pointer_token(&target));
                            self.is_secret(&ReferenceOr::Item(item), &target, depth + 1)
                        })
            }
            ReferenceOr::Item(item) => {
                let item: &Schema = item.borrow();
                let items = match &item.schema_kind {
                    SchemaKind::Type(Type::Array(array)) => array.items.as_ref(),
                    _ => None,
                };
                is_true(item.schema_data.extensions.get("x-sensitive"))
                    || is_password(item)
                    || items.is_some_and(|items| {
                        self.is_secret(items, &format!("{pointer}/items"), depth + 1)
                    })
            }
        }
    }
}
