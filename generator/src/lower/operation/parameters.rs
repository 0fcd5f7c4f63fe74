//! Parameters: collected with path-level overrides, lowered into arguments and the
//! parameters struct, each with its style.

use crate::lower::aliases::Resolved;
use crate::lower::docs;
use crate::lower::spec::Spec;
use crate::lower::Shaper;
use crate::model::{
    Field, Param, ParamLocation, ParamStyle, ParamType, ParamsStruct, Presence, Struct, TypeDef,
    TypeKind, TypeRef,
};
use crate::naming::{self, Hint, Scope, Wanted};
use crate::shared::GenerateError;
use indexmap::IndexMap;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};

/// Where the spec puts a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Place {
    Query,
    Header,
    Path,
    Cookie,
}

impl Place {
    pub(super) fn of(param: &Parameter) -> Place {
        match param {
            Parameter::Query { .. } => Place::Query,
            Parameter::Header { .. } => Place::Header,
            Parameter::Path { .. } => Place::Path,
            Parameter::Cookie { .. } => Place::Cookie,
        }
    }
}

/// Whether a header or cookie name is not a token (visible ASCII without separators).
pub(super) fn not_a_token(name: &str) -> bool {
    name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// An operation's parameters by place and name: path-level ones first, replaced by
/// operation-level ones of the same name and place.
pub(super) type ParamsByPlace<'p> = IndexMap<(Place, String), (&'p Parameter, String)>;

/// What an operation's parameters lower to.
pub(super) struct LoweredParams {
    pub(super) path_params: Vec<Param>,
    /// The query parameters, then the header parameters, then the cookies.
    pub(super) params: Vec<Param>,
    /// The fields of the parameters struct: the query, header and cookie parameters.
    pub(super) fields: Vec<Field>,
}

/// The field of the parameters struct that holds a query or header parameter.
fn param_field(
    data: &openapiv3::ParameterData,
    rust: &str,
    doc: Option<String>,
    ty: TypeRef,
    rules: Vec<crate::model::Rule>,
    pattern_static: Option<String>,
) -> Field {
    Field {
        pattern_static,
        wire_name: data.name.clone(),
        rust_name: rust.to_owned(),
        doc,
        ty,
        presence: if data.required {
            Presence::Required
        } else {
            Presence::Optional
        },
        sensitive: data
            .extensions
            .get("x-sensitive")
            .is_some_and(|v| v == &serde_json::Value::Bool(true)),
        read_only: false,
        rules,
    }
}

/// A parameter's `explode` and `style`. `explode` is `true` by default for the
/// `form` style (and `deepObject`, which has no other meaning), else `false`.
fn param_style(param: &Parameter) -> (bool, ParamStyle) {
    use openapiv3::{PathStyle, QueryStyle};
    let (data, style) = match param {
        Parameter::Query {
            parameter_data,
            style,
            ..
        } => (
            parameter_data,
            match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
        ),
        Parameter::Path {
            parameter_data,
            style,
        } => (
            parameter_data,
            match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            },
        ),
        // `simple` style: `explode` writes objects as `k=v,…` instead of `k,v,…`.
        Parameter::Header { parameter_data, .. } => (parameter_data, ParamStyle::Simple),
        Parameter::Cookie { parameter_data, .. } => (parameter_data, ParamStyle::Form),
    };
    let exploding = matches!(style, ParamStyle::Form | ParamStyle::DeepObject)
        && !matches!(param, Parameter::Cookie { .. });
    (data.explode.unwrap_or(exploding), style)
}

impl Shaper<'_> {
    /// Each parameter's type, Rust name and style: path parameters become arguments,
    /// query, header and cookie parameters fields of the parameters struct.
    pub(super) fn lower_parameters(
        &mut self,
        params: &ParamsByPlace<'_>,
        type_base: &Hint,
        pointer: &str,
        struct_pointer: &str,
        resolved: &Resolved,
    ) -> Result<LoweredParams, GenerateError> {
        let mut path_params = Vec::new();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        let mut cookies = Vec::new();
        let mut fields = Vec::new();
        for ((place, name), (param, param_pointer)) in params {
            let data = param.parameter_data_ref();
            let hint = Hint::words(type_base.clone(), name);
            let (ty, rules) = self.parameter_type(&data.format, param_pointer, hint)?;
            let ty = resolved.resolved(&ty);
            let doc = docs::trimmed(data.description.as_deref());
            if self.skip_parameter(*place, name, param_pointer)? {
                continue;
            }
            let (explode, style) = param_style(param);
            let param_ty = self.param_type(&ty, resolved);
            if *place == Place::Path {
                let scope = Scope::Arguments(pointer.to_owned());
                let rust = self.propose(scope, param_pointer, Wanted::snake(name));
                path_params.push(Param {
                    wire_name: name.clone(),
                    rust_name: rust,
                    location: ParamLocation::Path,
                    doc,
                    ty: param_ty,
                    required: true,
                    explode,
                    style,
                });
                continue;
            }
            let rust = self.propose_field(struct_pointer, param_pointer, name);
            let pattern = self.propose_pattern(param_pointer, &rust, &rules);
            let required = data.required;
            fields.push(param_field(data, &rust, doc.clone(), ty, rules, pattern));
            let location = match place {
                Place::Query => ParamLocation::Query,
                Place::Cookie => ParamLocation::Cookie,
                _ => ParamLocation::Header,
            };
            let param = Param {
                wire_name: name.clone(),
                rust_name: rust,
                location,
                doc,
                ty: param_ty,
                required,
                explode,
                style,
            };
            match location {
                ParamLocation::Query => query.push(param),
                ParamLocation::Cookie => cookies.push(param),
                _ => headers.push(param),
            }
        }
        query.extend(headers);
        query.extend(cookies);
        Ok(LoweredParams {
            path_params,
            params: query,
            fields,
        })
    }

    /// How a parameter value becomes text: scalars and lists of scalars directly;
    /// anything else (unions, objects) through serde, as its style says.
    fn param_type(&self, ty: &TypeRef, resolved: &Resolved) -> ParamType {
        match ty {
            TypeRef::Vec(item) if self.is_scalar(item, resolved) => {
                ParamType::List((**item).clone())
            }
            scalar if self.is_scalar(scalar, resolved) => ParamType::Scalar(scalar.clone()),
            other => ParamType::Json(other.clone()),
        }
    }

    /// Whether a parameter is left out, with a warning (headers OpenAPI reserves); an
    /// invalid header or cookie name is refused.
    fn skip_parameter(
        &mut self,
        place: Place,
        name: &str,
        param_pointer: &str,
    ) -> Result<bool, GenerateError> {
        match place {
            Place::Cookie if not_a_token(name) => Err(GenerateError::new(
                param_pointer,
                format!("`{name}` is not a valid cookie name"),
            )),
            Place::Header
                if ["accept", "content-type", "authorization"]
                    .contains(&name.to_ascii_lowercase().as_str()) =>
            {
                self.warn(
                    param_pointer,
                    format!("the `{name}` header parameter is ignored, as OpenAPI requires"),
                );
                Ok(true)
            }
            Place::Header if not_a_token(name) => Err(GenerateError::new(
                param_pointer,
                format!("`{name}` is not a valid HTTP header name"),
            )),
            _ => Ok(false),
        }
    }

    /// The parameters struct of an operation with query or header parameters.
    pub(super) fn params_struct(
        &mut self,
        fields: Vec<Field>,
        params: Vec<Param>,
        type_base: &Hint,
        pointer: String,
    ) -> Option<ParamsStruct> {
        if fields.is_empty() {
            None
        } else {
            let type_name = self.propose_type(
                &pointer,
                Wanted::AsIs(naming::params_type(type_base.clone())),
            );
            let redacted_debug = fields.iter().any(|f| f.sensitive);
            self.push_type(TypeDef {
                rust_name: type_name.clone(),
                pointer,
                // Written once its operation's method has a name (`docs::params_structs`).
                doc: None,
                kind: TypeKind::Struct(Struct {
                    fields,
                    extra: None,
                    redacted_debug,
                    params: true,
                }),
            });
            Some(ParamsStruct { type_name, params })
        }
    }
}

impl Shaper<'_> {
    fn parameter_type(
        &mut self,
        format: &ParameterSchemaOrContent,
        pointer: &str,
        hint: Hint,
    ) -> Result<(TypeRef, Vec<crate::model::Rule>), GenerateError> {
        match format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_pointer = format!("{pointer}/schema");
                let ty = self.schema_type(schema, &schema_pointer, hint)?;
                let rules = match schema {
                    ReferenceOr::Item(s) => self.rules_of(s, &schema_pointer),
                    ReferenceOr::Reference { .. } => Vec::new(),
                };
                // A parameter without a type is still text on the wire.
                Ok((
                    if ty == TypeRef::Json {
                        TypeRef::String
                    } else {
                        ty
                    },
                    rules,
                ))
            }
            // A parameter given by `content` is serialized text the caller supplies.
            ParameterSchemaOrContent::Content(_) => Ok((TypeRef::String, Vec::new())),
        }
    }
}

impl<'d> Spec<'d> {
    /// The parameters an operation takes, by place and name (see [`ParamsByPlace`]).
    pub(super) fn collect_parameters<'p>(
        &self,
        op: &'p openapiv3::Operation,
        shared: &'p [ReferenceOr<Parameter>],
        pointer: &str,
    ) -> Result<ParamsByPlace<'p>, GenerateError>
    where
        Self: 'p,
    {
        let mut params: ParamsByPlace<'p> = IndexMap::new();
        let shared_pointer = pointer
            .rsplit_once('/')
            .map_or(pointer, |(p, _)| p)
            .to_owned();
        for (list, list_pointer) in [
            (shared, format!("{shared_pointer}/parameters")),
            (&op.parameters[..], format!("{pointer}/parameters")),
        ] {
            for (i, param) in list.iter().enumerate() {
                let (param, param_pointer) =
                    self.resolve(param, &format!("{list_pointer}/{i}"), "parameters", |c| {
                        &c.parameters
                    })?;
                let data = param.parameter_data_ref();
                params.insert(
                    (Place::of(param), data.name.clone()),
                    (param, param_pointer),
                );
            }
        }
        Ok(params)
    }
}
