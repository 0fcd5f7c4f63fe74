//! The generator's intermediate model: plain data, every decision made.
//!
//! `lower` builds it from the spec; `emit` turns it into tokens without deciding
//! anything. Nothing here refers to `openapiv3` or to token types. Every name a
//! Rust item gets is final in the model `lower` returns (the naming pass gave it),
//! next to the name it has on the wire.

pub use crate::shared::Warning;
use std::collections::{BTreeMap, BTreeSet};

/// A whole client crate, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Cargo package name, e.g. `stytch-sms-otp`.
    pub crate_name: String,
    /// The spec's `info.version`, used as the crate version when it is semver.
    pub crate_version: String,
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// What a published crate declares of itself (`Cargo.toml`'s `[package]`).
    pub package: Package,
    pub servers: Vec<Server>,
    pub auth: Vec<AuthMethod>,
    /// `Client::from_env`, when the spec names environment variables for credentials.
    pub from_env: Option<FromEnv>,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// What the analysis of all types and operations together decided.
    pub analysis: Analysis,
    /// Extra runtime dependencies the generated crate needs.
    pub features: Features,
    /// The crate's cargo features, one per group of operations, and what each gates.
    pub gates: Gates,
}

/// The cargo features that let a crate compile only some of its operations: one per
/// tag (or, without tags, per first path segment), with the types only they reach.
/// A spec with fewer than two groups has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gates {
    /// The features, in the order their groups first appear among the operations.
    pub features: Vec<GroupFeature>,
    /// By type name, the features any one of which compiles the type; a type not
    /// here always compiles (every group, or no operation, reaches it).
    pub types: std::collections::BTreeMap<String, Vec<String>>,
    /// By runtime module (`multipart`, `pages`, `streams`, `upload`), the features any
    /// one of which compiles it: those of the operations that use it. A module not here
    /// compiles whenever the crate has it.
    pub modules: std::collections::BTreeMap<String, Vec<String>>,
    /// The files of `types/`, in the order their first types appear: the gated types
    /// of a big crate, each in the file of its gate, which the compiler does not read
    /// while no feature of the gate is on. Empty for a small crate, whose types each
    /// keep their `cfg` in `types.rs`.
    pub type_files: Vec<TypeFile>,
}

/// One file of `types/`: the types with one gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeFile {
    /// The Rust name of its module.
    pub module: String,
    /// The gate: the features any one of which compiles the file (`full` alone for
    /// the types no operation reaches).
    pub features: Vec<String>,
    /// Its types, by Rust name.
    pub types: BTreeSet<String>,
}

/// One group's cargo feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFeature {
    /// The feature's name in `Cargo.toml`.
    pub name: String,
    /// The tag, or the path segment, it groups by.
    pub label: String,
    /// The Rust name of the private modules that hold what this group alone compiles:
    /// its [`Self::operations`] in `operations/`, its types in `types/`.
    pub module: String,
    /// In a big crate, the operations of this group and no other, by Rust name: they
    /// are in a file of the group's own, which the compiler does not read while the
    /// feature is off. Empty in a small crate, whose operations each keep their `cfg`.
    pub operations: BTreeSet<String>,
}

/// Publishing metadata of the generated crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Package {
    /// An SPDX expression: `info.license.identifier`, or `info.license.name` when it is
    /// one.
    pub license: Option<String>,
    /// `info.x-repository`.
    pub repository: Option<String>,
    /// `false` when `info.x-publish: false` says the crate is not to be published.
    pub publish: bool,
}

/// Decisions about types that only the whole set of types and operations settles,
/// by type name: the analysis pass's output, kept apart from the types' shapes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Types a caller builds to make a request; structs among them get `new(required…)`
    /// and setters.
    pub request_types: BTreeSet<String>,
    /// Request structs whose fields are all optional: they derive `Default`.
    pub defaults: BTreeSet<String>,
    /// Request structs with a setter named like a standard trait's method (allowed on
    /// purpose, since setters are named after their fields).
    pub trait_like_setters: BTreeSet<String>,
    /// Types with a `validate` method (some field or variant has a rule).
    pub validated: BTreeSet<String>,
    /// Unions whose variants are all scalars: they have `Display` (for parameters).
    pub scalar_unions: BTreeSet<String>,
    /// Structs a caller does not build for a request (response and error bodies): they
    /// get a builder, so that an application's tests can make them.
    pub builders: BTreeSet<String>,
    /// Untagged unions with two or more object variants, which a value can fit more
    /// than one of: they decode as the variant that fits best (the first that knows
    /// every member the value has), not merely the first that decodes. For each
    /// variant, in order: the members it knows (`None`: it takes any member, or is
    /// not an object).
    pub best_fit: BTreeMap<String, Vec<Option<Vec<String>>>>,
    /// Aliases of an `Option` (through other aliases and boxes): a required member of
    /// one reads as `None` when the input leaves it out, as it would with a derive.
    pub none_when_absent: BTreeSet<String>,
}

impl Analysis {
    /// Whether a value of this type, under any wrappers, holds a validated type.
    pub fn validates(&self, ty: &TypeRef) -> bool {
        ty.named().is_some_and(|name| self.validated.contains(name))
    }

    /// Whether a required member of this type reads as `None` when the input leaves
    /// it out, rather than as an error.
    pub fn none_when_absent(&self, ty: &TypeRef) -> bool {
        ty.none_when_absent(&self.none_when_absent)
    }

    /// Whether a value of this type itself has a `validate` method to call.
    pub fn has_validate(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Named(name) if self.validated.contains(name))
    }
}

/// Optional parts of the generated crate, switched on by what the spec uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// Some schema has a `pattern` that is checked before sending (needs `regex-lite`).
    pub patterns: bool,
    /// Some operation sends a `multipart/form-data` body (needs reqwest's `multipart`
    /// feature and the runtime's `multipart` module).
    pub multipart: bool,
    /// Some operation has a method that reads its response as it arrives (needs the
    /// runtime's `streams` module and `futures-core`).
    pub streams: bool,
    /// Some operation pages (needs the runtime's `pages` module and `futures-core`).
    pub pages: bool,
    /// Some operation sends a binary or multipart body, which may come from a stream
    /// or a file (needs the runtime's `upload` module, `bytes`, `http-body`,
    /// `futures-core` and tokio's `fs`).
    pub uploads: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// Variant of the generated `Server` enum.
    pub rust_name: String,
    /// URL with server variables replaced by their defaults.
    pub url: String,
    pub description: Option<String>,
}

/// One way to authenticate, from `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthMethod {
    /// The scheme's key in `securitySchemes`.
    pub scheme_name: String,
    /// The `ClientBuilder` method that sets these credentials.
    pub method_name: String,
    pub description: Option<String>,
    pub kind: AuthKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    Basic,
    Bearer,
    ApiKeyHeader { name: String },
    ApiKeyQuery { name: String },
}

/// Where `Client::from_env` finds its configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromEnv {
    /// The `ClientBuilder` method that sets the credentials read.
    pub auth_method: String,
    pub vars: AuthEnv,
    /// Variable that overrides the base URL.
    pub base_url_var: Option<String>,
    /// Servers picked by the username's prefix (basic auth), first match wins.
    pub server_by_prefix: Vec<ServerChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerChoice {
    pub username_prefix: String,
    /// Variant of the generated `Server` enum.
    pub server: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthEnv {
    Basic { username: String, password: String },
    Token { token: String },
}

/// A named Rust type in the generated `types` module.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub rust_name: String,
    /// The JSON pointer of the schema this type comes from.
    pub pointer: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

impl TypeDef {
    /// Call `f` on every type this one refers to: fields, the extra members' type, union
    /// variants, an alias's target, response variants.
    pub fn each_type_ref_mut(&mut self, f: &mut impl FnMut(&mut TypeRef)) {
        match &mut self.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|field| f(&mut field.ty));
                if let Some(extra) = &mut s.extra {
                    f(extra);
                }
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| f(&mut v.ty)),
            TypeKind::Alias(target) => f(target),
            TypeKind::ResponseEnum(variants) => variants
                .iter_mut()
                .for_each(|v| v.kind.each_type_ref_mut(f)),
            TypeKind::Enum(_) => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string or integer enum with a fallback variant for unknown values.
    Enum(Enum),
    /// `oneOf`/`anyOf`: one of several shapes.
    Union(Union),
    /// A named alias (`pub type X = Y;`).
    Alias(TypeRef),
    /// The several success types of one operation, one variant per status.
    ResponseEnum(Vec<SuccessVariant>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` next to declared properties: the value type of the
    /// flattened `additional_properties` map.
    pub extra: Option<TypeRef>,
    /// A field is secret: `Debug` is written by hand and redacts it.
    pub redacted_debug: bool,
    /// Query and header parameters of an operation: no serde, not sent as a body.
    pub params: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub doc: Option<String>,
    /// The field's full Rust type, `Option` wrapping included.
    pub ty: TypeRef,
    pub presence: Presence,
    pub sensitive: bool,
    pub read_only: bool,
    pub rules: Vec<Rule>,
    /// The `static` holding the compiled regex of a `Pattern` rule.
    pub pattern_static: Option<String>,
}

/// How a field is present on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, never null: `T`.
    Required,
    /// Required but may be null: `Option<T>`, sent as `null` when `None`.
    RequiredNullable,
    /// May be left out: `Option<T>`, omitted when `None`.
    Optional,
    /// May be left out or null: `Option<Option<T>>`.
    OptionalNullable,
}

/// A constraint checked before a request is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    MinLength(u64),
    MaxLength(u64),
    Pattern(String),
    Minimum { value: f64, exclusive: bool },
    Maximum { value: f64, exclusive: bool },
    MinItems(u64),
    MaxItems(u64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that holds values the spec does not list; none for a
    /// single-valued enum, which is a constant (often a union's tag).
    pub fallback: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub rust_name: String,
    /// The value on the wire (a string, or an integer written in decimal).
    pub wire: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// `discriminator.propertyName`, when variants are chosen by a property.
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
}

/// A reference to a Rust type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
    /// Any JSON value.
    Json,
    /// A JSON object with any members.
    JsonObject,
    /// Raw bytes (`format: binary` bodies).
    Bytes,
    /// A file sent as one part of a `multipart/form-data` body: bytes, with an
    /// optional file name and content type (the runtime's `FilePart`).
    File,
    /// A type in the `types` module, by its Rust name.
    Named(String),
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    Box(Box<TypeRef>),
}

impl TypeRef {
    /// Whether a required member of this type reads as `None` when the input leaves
    /// it out: an `Option`, under boxes and the `aliases` of one.
    pub fn none_when_absent(&self, aliases: &BTreeSet<String>) -> bool {
        match self {
            TypeRef::Option(_) => true,
            TypeRef::Box(inner) => inner.none_when_absent(aliases),
            TypeRef::Named(name) => aliases.contains(name),
            _ => false,
        }
    }

    /// Whether a type of the `types` module appears in this type.
    pub fn mentions_named(&self) -> bool {
        match self {
            TypeRef::Named(_) => true,
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Box(t) => {
                t.mentions_named()
            }
            _ => false,
        }
    }

    /// The type without `Option`/`Box` wrappers.
    pub fn inner(&self) -> &TypeRef {
        match self {
            TypeRef::Option(t) | TypeRef::Box(t) => t.inner(),
            other => other,
        }
    }

    /// The type under every wrapper (`Option`, `Box`, `Vec`, maps). Wrappers hold one
    /// type each, so a reference names at most one type: this one.
    pub fn leaf(&self) -> &TypeRef {
        match self {
            TypeRef::Option(t) | TypeRef::Box(t) | TypeRef::Vec(t) | TypeRef::Map(t) => t.leaf(),
            other => other,
        }
    }

    /// [`TypeRef::leaf`], to replace it.
    pub fn leaf_mut(&mut self) -> &mut TypeRef {
        match self {
            TypeRef::Option(t) | TypeRef::Box(t) | TypeRef::Vec(t) | TypeRef::Map(t) => {
                t.leaf_mut()
            }
            other => other,
        }
    }

    /// The named type this reference holds, under any wrappers.
    pub fn named(&self) -> Option<&str> {
        match self.leaf() {
            TypeRef::Named(name) => Some(name),
            _ => None,
        }
    }
}

/// How a value is passed to a generated function, and made into what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Passing {
    /// By value, as it is.
    Owned(TypeRef),
    /// By value, boxed on the way in (`T`, stored as `Box<T>`).
    Boxed(TypeRef),
    /// `impl Into<String>`.
    IntoString,
    /// `&str`.
    Str,
    /// `&[T]`.
    Slice(TypeRef),
    /// `&T`.
    Borrowed(TypeRef),
}

impl Field {
    /// How the constructor (a required field) or the setter (an optional one) takes
    /// the field's value.
    pub fn passing(&self) -> Passing {
        match &self.ty {
            TypeRef::String => Passing::IntoString,
            TypeRef::Box(inner) => Passing::Boxed((**inner).clone()),
            other => Passing::Owned(other.clone()),
        }
    }
}

impl Param {
    /// How a path parameter is passed: text and lists borrowed, named types by
    /// reference, other scalars by value.
    pub fn passing(&self) -> Passing {
        match &self.ty {
            ParamType::Scalar(TypeRef::String) => Passing::Str,
            ParamType::Scalar(ty @ TypeRef::Named(_)) | ParamType::Json(ty) => {
                Passing::Borrowed(ty.clone())
            }
            ParamType::Scalar(ty) => Passing::Owned(ty.clone()),
            ParamType::List(item) => Passing::Slice(item.clone()),
        }
    }
}

/// How a JSON or form request body of this type is passed: borrowed, as a slice for
/// lists and `&str` for text.
pub fn body_passing(ty: &TypeRef) -> Passing {
    match ty {
        TypeRef::String => Passing::Str,
        TypeRef::Vec(item) => Passing::Slice((**item).clone()),
        other => Passing::Borrowed(other.clone()),
    }
}

impl Operation {
    /// Whether its body is `multipart/form-data` (the runtime's `multipart` module).
    pub fn sends_multipart(&self) -> bool {
        (self.body.as_ref()).is_some_and(|body| matches!(body.kind, BodyKind::Multipart { .. }))
    }

    /// Whether its body may come from a stream or a file (the runtime's `upload`
    /// module): a binary body, or a multipart one.
    pub fn sends_uploads(&self) -> bool {
        self.upload.is_some() || self.sends_multipart()
    }

    /// The typed request a mock decodes a call of this operation into: its JSON body
    /// (an `Option` when the body is optional), or `None` for any other body.
    pub fn decoded_request(&self) -> Option<TypeRef> {
        let body = self.body.as_ref()?;
        let BodyKind::Json { ty } = &body.kind else {
            return None;
        };
        Some(if body.required {
            ty.clone()
        } else {
            TypeRef::Option(Box::new(ty.clone()))
        })
    }

    /// Call `f` on every type the operation refers to: parameters, body, success and
    /// error types.
    pub fn each_type_ref_mut(&mut self, f: &mut impl FnMut(&mut TypeRef)) {
        let params = self.path_params.iter_mut().chain(
            self.params_struct
                .iter_mut()
                .flat_map(|p| p.params.iter_mut()),
        );
        for param in params {
            let (ParamType::Scalar(ty) | ParamType::List(ty) | ParamType::Json(ty)) = &mut param.ty;
            f(ty);
        }
        if let Some(ty) = self.body.as_mut().and_then(|body| body.kind.typed_mut()) {
            f(ty);
        }
        match &mut self.success {
            SuccessShape::Single { ty, .. } => ty.each_type_ref_mut(f),
            SuccessShape::Enum { variants, .. } => variants
                .iter_mut()
                .for_each(|v| v.kind.each_type_ref_mut(f)),
        }
        f(&mut self.error_type);
        if let Some(StreamMethod {
            kind: StreamKind::Events(Some(ty)),
            ..
        }) = &mut self.stream
        {
            f(ty);
        }
        if let Some(pages) = &mut self.pages {
            f(&mut pages.item);
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The client method's name.
    pub rust_name: String,
    /// The spec's `operationId`, when it has one.
    pub operation_id: Option<String>,
    pub pointer: String,
    pub method: HttpMethod,
    /// The path template as written in the spec.
    pub path: String,
    /// The path template split into literal text and path parameters.
    pub path_parts: Vec<PathPart>,
    /// Query pairs the path key itself holds (`/?Action=List`), sent on every call
    /// before the parameters.
    pub fixed_query: Vec<(String, String)>,
    /// The `Accept` header: the media types the responses are read from, in spec
    /// order (none when no response has content).
    pub accept: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub path_params: Vec<Param>,
    /// Query and header parameters, passed in a `params` struct when there are any.
    pub params_struct: Option<ParamsStruct>,
    /// When every parameter of the struct is optional: the name of the method that
    /// takes it, beside `rust_name`, which sends them all unset. (So that an
    /// operation's first optional parameter adds a method rather than changing one.)
    pub with_params: Option<String>,
    pub body: Option<Body>,
    pub success: SuccessShape,
    /// The spec's example of a success response, which the mock answers by default.
    pub example: Option<ResponseExample>,
    /// The error body type `E` of `Error<E>`.
    pub error_type: TypeRef,
    /// Credentials are attached (the operation's security is not empty).
    pub authenticated: bool,
    /// The method that reads the success response as it arrives, beside the one that
    /// reads it whole: server-sent events, or a binary body's chunks.
    pub stream: Option<StreamMethod>,
    /// The spec's tags of the operation, in its order.
    pub tags: Vec<String>,
    /// The features any one of which compiles the operation's methods; empty: always.
    pub gate: Vec<String>,
    /// The method that sends a binary body as it is read from a stream or a file,
    /// beside the one that takes it in memory.
    pub upload: Option<String>,
    /// The method that fetches the operation's pages one by one, when it pages.
    pub pages: Option<Pagination>,
    /// The header each call carries an idempotency key in (a fresh one unless the
    /// caller gives one), which lets the opt-in retry policy resend the call.
    pub idempotency_key: Option<String>,
    /// The operation's own server (its `servers`, else its path item's): an absolute
    /// URL with variables at their defaults. `None`: the client's.
    pub server: Option<String>,
}

/// How an operation pages: where a page's items are, and how the next is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The `…_pages` method's name.
    pub rust_name: String,
    /// The members (wire names) from the body to the list of items; none: the body.
    pub items: Vec<String>,
    /// The type of one item.
    pub item: TypeRef,
    pub next: NextPage,
}

/// How the next page is asked for (see the runtime's `pages::Next`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    /// The body's member at `from` is the next cursor for the query parameter `param`.
    Cursor { param: String, from: Vec<String> },
    /// While the body's boolean at `has_more` is true, `param` takes the last item's
    /// member `field`.
    AfterLast {
        param: String,
        field: String,
        has_more: Vec<String>,
    },
    /// The query parameter `param` advances by the number of items.
    Offset { param: String },
    /// The `Link` header's `rel="next"`.
    Link,
}

/// A method that reads an operation's success response as it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamMethod {
    /// The method's name.
    pub rust_name: String,
    /// The media type it asks for (`Accept`).
    pub media_type: String,
    pub kind: StreamKind,
}

/// What a streaming method reads.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamKind {
    /// Server-sent events (`text/event-stream`), each event's data as JSON of this
    /// type, or as text (`None`).
    Events(Option<TypeRef>),
    /// A binary body's chunks.
    Bytes,
}

/// The method a call sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
    /// Any other method, as it goes on the wire (`QUERY`, or a key of a path item's
    /// `additionalOperations` such as `LINK`): a token (RFC 9110), checked when the
    /// operation is lowered.
    Other(String),
}

impl HttpMethod {
    /// The method as it goes on the wire.
    pub fn token(&self) -> &str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
            HttpMethod::Other(token) => token,
        }
    }
}

/// Where a parameter goes on the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path: a method argument.
    Path,
    /// In the query: a field of the parameters struct.
    Query,
    /// In a header: a field of the parameters struct.
    Header,
    /// A cookie, in the `Cookie` header: a field of the parameters struct.
    Cookie,
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    /// The method argument (path) or the field of the parameters struct.
    pub rust_name: String,
    pub location: ParamLocation,
    pub doc: Option<String>,
    pub ty: ParamType,
    pub required: bool,
    /// Arrays are sent as repeated pairs (`true`) or joined (`false`).
    pub explode: bool,
    pub style: ParamStyle,
}

/// How a parameter's value is written, as its `style` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// The query's and cookies' default: `name=a,b` (or repeated with `explode`).
    Form,
    /// The path's and headers' default: `a,b`.
    Simple,
    /// A query array joined with spaces: `name=a%20b`.
    SpaceDelimited,
    /// A query array joined with pipes: `name=a|b`.
    PipeDelimited,
    /// An object in the query as `name[key]=value`.
    DeepObject,
    /// A path parameter with a leading dot: `.a,b` (`.a.b` with `explode`).
    Label,
    /// A path parameter with its name: `;name=a,b` (`;name=a;name=b` with `explode`).
    Matrix,
}

impl ParamStyle {
    /// What a non-exploded array's items are joined with.
    pub fn delimiter(self) -> &'static str {
        match self {
            ParamStyle::SpaceDelimited => " ",
            ParamStyle::PipeDelimited => "|",
            _ => ",",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::path_params`.
    Param(usize),
}

/// How a parameter value is passed and turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamType {
    /// A scalar with `Display` (strings, numbers, booleans, enums).
    Scalar(TypeRef),
    /// An array of scalars, sent as repeated `name=value` pairs (query) or comma-joined.
    List(TypeRef),
    /// Anything else (unions, objects): written out through serde at run time, as
    /// `style`/`explode` say.
    Json(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParamsStruct {
    /// Name of the generated struct in `types`.
    pub type_name: String,
    /// The query parameters, then the header parameters: the order they are added in.
    pub params: Vec<Param>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub media_type: String,
    pub kind: BodyKind,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json {
        ty: TypeRef,
    },
    Form {
        ty: TypeRef,
    },
    /// `multipart/form-data`: a struct whose fields are sent as parts, in this order.
    Multipart {
        ty: TypeRef,
        parts: Vec<Part>,
        /// Members without a declared part, sent as text parts named by their keys.
        members: Members,
    },
    Bytes,
    Text,
}

impl BodyKind {
    /// The type a caller passes for a typed body (JSON, form or multipart).
    pub fn typed(&self) -> Option<&TypeRef> {
        match self {
            BodyKind::Json { ty } | BodyKind::Form { ty } | BodyKind::Multipart { ty, .. } => {
                Some(ty)
            }
            BodyKind::Bytes | BodyKind::Text => None,
        }
    }

    /// [`BodyKind::typed`], to replace it.
    pub fn typed_mut(&mut self) -> Option<&mut TypeRef> {
        match self {
            BodyKind::Json { ty } | BodyKind::Form { ty } | BodyKind::Multipart { ty, .. } => {
                Some(ty)
            }
            BodyKind::Bytes | BodyKind::Text => None,
        }
    }
}

/// Which members of a multipart body are sent by their keys, beside its declared parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Members {
    None,
    /// The struct's `additional_properties`.
    Extra,
    /// The whole body: a free-form object or a map.
    Whole,
}

/// One field of a multipart body, sent as one part (or one per item, or per pair).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The part's name on the wire.
    pub wire_name: String,
    /// The struct field it is read from.
    pub field: String,
    pub presence: Presence,
    pub kind: PartKind,
    /// The part's `Content-Type` (`encoding.<name>.contentType`); for a file, the one
    /// used when the file does not name its own.
    pub content_type: Option<String>,
}

/// How a multipart field becomes parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A `FilePart`: its bytes, file name and content type.
    File,
    /// A list of `FilePart`s: one part each, all with the field's name.
    Files,
    /// A scalar written as text.
    Text,
    /// A list of scalars: one text part each, all with the field's name.
    Texts,
    /// Anything else, as one JSON part.
    Json,
    /// An object in `deepObject` style: one text part per `name[key]` pair.
    Pairs,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessShape {
    /// One type for every success status.
    Single {
        ty: ResponseKind,
        statuses: Vec<StatusMatch>,
    },
    /// Several distinct types: an enum in `types`, one variant per status.
    Enum {
        type_name: String,
        variants: Vec<SuccessVariant>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct SuccessVariant {
    pub rust_name: String,
    pub status: StatusMatch,
    pub kind: ResponseKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResponseKind {
    Json(TypeRef),
    Text,
    Bytes,
    Empty,
}

impl ResponseKind {
    /// Call `f` on the JSON body's type, if there is one.
    pub fn each_type_ref_mut(&mut self, f: &mut impl FnMut(&mut TypeRef)) {
        if let ResponseKind::Json(ty) = self {
            f(ty);
        }
    }
}

/// An example of a success response body, as compact JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseExample {
    pub status: u16,
    pub json: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusMatch {
    Exact(u16),
    /// `2XX`: `100 * n ..= 100 * n + 99`.
    Range(u16),
    /// `default` used as the success response.
    Any,
}

impl StatusMatch {
    /// The status a mock answers with for this match: the code itself, the first of
    /// a range, `200` for `default`.
    pub fn mock_status(self) -> u16 {
        match self {
            StatusMatch::Exact(code) => code,
            StatusMatch::Range(class) => class * 100,
            StatusMatch::Any => 200,
        }
    }
}
