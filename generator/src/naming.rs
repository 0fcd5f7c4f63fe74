//! Every Rust name the generator gives: case conversion, invalid characters,
//! keywords, reserved names and collisions. Nothing else makes identifiers.

use crate::model::{
    AuthMethod, BodyKind, Field, FromEnv, Operation, Server, StatusMatch, SuccessShape, TypeDef,
    TypeKind, TypeRef, Warning,
};
use crate::shared::GenerateError;
use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet};

/// Rust keywords (strict and reserved, all editions) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated code uses unqualified; a schema may not shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "BTreeMap",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Fn",
    "Into",
    "From",
    "ToString",
    "AsRef",
    "Iterator",
    "Self",
    "Value",
    "Map",
    "ValidationError",
    "MissingField",
    // The type parameters of hand-written serde impls, which items nested in them see.
    "A",
    "D",
];

/// Methods the runtime defines on `Client`, whatever their visibility: an operation
/// method of the same name would be a second definition. `runtime_method_lists_match_the_runtime`
/// reads them from the runtime's source.
pub const RUNTIME_CLIENT_METHODS: &[&str] = &[
    "attempt",
    "attempts",
    "base_url",
    "call",
    "exchange",
    "exchange_open",
    "open",
    "request",
    "send",
    "url",
    "with_query_keys",
];

/// Methods the runtime defines on `ClientBuilder` (see [`RUNTIME_CLIENT_METHODS`]).
pub const RUNTIME_BUILDER_METHODS: &[&str] = &[
    "base_url",
    "build",
    "credentials",
    "hook",
    "http_client",
    "max_response_bytes",
    "retry",
    "server_url",
    "timeout",
    "user_agent",
    "with_base_url",
];

/// Every name an operation method may not take: the runtime's, those `lib.rs` adds
/// (`builder`, `from_env`) and the usual trait methods of a client.
pub fn client_methods() -> Vec<&'static str> {
    let mut names = RUNTIME_CLIENT_METHODS.to_vec();
    names.extend(["builder", "from_env", "new", "clone", "fmt"]);
    names.extend(MOCK_SERVER_METHODS);
    names
}

/// The methods of the `mock` feature's `MockServer` besides the operations' (which
/// take the operations' names there too).
pub const MOCK_SERVER_METHODS: &[&str] = &["client", "client_builder", "start", "uri", "verify"];

/// Every name a credential method may not take: the runtime's, `server` (which
/// `lib.rs` adds) and the usual trait methods.
pub fn builder_methods() -> Vec<&'static str> {
    let mut names = RUNTIME_BUILDER_METHODS.to_vec();
    names.extend(["server", "new", "clone", "fmt"]);
    names
}

/// Argument names the generated methods use for themselves.
pub const ARGUMENT_NAMES: &[&str] = &["self", "body", "params", "request", "response", "url"];

/// Field names a generated struct's own methods take (`new`, `validate`, `builder`; the
/// catch-all map is `additional_properties`). Fields are also setters, on the struct or
/// on its builder, which has `build`.
pub const STRUCT_MEMBERS: &[&str] = &[
    "new",
    "validate",
    "additional_properties",
    "builder",
    "build",
];

/// Method names clippy expects to belong to a standard trait (`should_implement_trait`).
const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// Whether a method of this name reads like a standard trait's method.
pub fn is_trait_method_name(name: &str) -> bool {
    TRAIT_METHODS.contains(&name)
}

/// Words to normalise to ASCII identifier characters, keeping letters and digits.
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect::<String>()
}

/// `snake_case` identifier for functions, fields and modules.
pub fn snake(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.chars().all(|c| c.is_ascii_digit() || c == '_') {
        // `_0` would be a valid identifier, but one that reads like a placeholder.
        name.insert(0, 'v');
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The features a generated crate has of its own, which no group's may take.
pub const CRATE_FEATURES: [&str; 4] = ["default", "full", "mock", "tracing"];

/// The cargo feature names of groups of operations (tags or path segments), in their
/// order: snake case, ASCII; one that would take a crate feature's name or another
/// group's gets a number, with a warning at `pointer` naming both.
pub fn feature_names(labels: &[String], pointer: &str, warnings: &mut Vec<Warning>) -> Vec<String> {
    let mut taken: BTreeSet<String> = CRATE_FEATURES.iter().map(|f| f.to_string()).collect();
    labels
        .iter()
        .map(|label| {
            let mut base = ascii_words(label).to_snake_case();
            if base.is_empty() {
                base = "group".to_owned();
            }
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            if name != base {
                warnings.push(Warning::new(
                    pointer,
                    format!("the operations of `{label}` are under the feature `{name}`: `{base}` is taken"),
                ));
            }
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// Names a group's modules may not take: the crates the generated code names by path
/// (a module of that name in scope would stand in for the crate), and the modules and
/// imports of `types` that its group modules see with `use super::*`.
pub const MODULE_RESERVED: &[&str] = &[
    "alloc",
    "builders",
    "bytes",
    "check",
    "core",
    "decode",
    "futures_core",
    "http_body",
    "httpdate",
    "proc_macro",
    "regex_lite",
    "reqwest",
    "runtime",
    "rustls",
    "serde",
    "serde_json",
    "std",
    "test",
    "thiserror",
    "tokio",
    "tracing",
    "wiremock",
];

/// The Rust names of the modules that hold what each group alone compiles, one per
/// feature name (in order): the feature's name, unless it is not an identifier or is
/// reserved ([`MODULE_RESERVED`], keywords), then `group_` before it.
pub fn group_modules(
    features: &[String],
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<String> {
    let mut taken = BTreeSet::new();
    features
        .iter()
        .map(|feature| {
            let valid = feature.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                && feature.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && feature != "_";
            let reserved =
                KEYWORDS.contains(&feature.as_str()) || MODULE_RESERVED.contains(&feature.as_str());
            let mut name = match valid && !reserved {
                true => feature.clone(),
                false => format!("group_{}", feature.replace(|c: char| !c.is_ascii_alphanumeric(), "_")),
            };
            let base = name.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            if &name != feature {
                warnings.push(Warning::new(
                    pointer,
                    format!("what only the feature `{feature}` compiles is in modules named `{name}`: `{feature}` is not a free Rust name there"),
                ));
            }
            name
        })
        .collect()
}

/// The Rust names of the modules of `types/`, one per gate, given as the indices of
/// its groups (none for the types no operation reaches) into `groups`, the groups'
/// module names: a group's own name for one group, `a_and_b` for two, `a_b_and_c`
/// for three, `a_and_3_more` for more, `unreached` for none; a number after a name
/// taken.
pub fn type_file_modules(gates: &[Vec<usize>], groups: &[String]) -> Vec<String> {
    let mut taken: BTreeSet<String> = groups.iter().cloned().collect();
    let module = |g: usize| groups.get(g).cloned().unwrap_or_default();
    gates
        .iter()
        .map(|gate| {
            let base = match gate.as_slice() {
                [] => "unreached".to_owned(),
                [one] => return module(*one),
                [a, b] => format!("{}_and_{}", module(*a), module(*b)),
                [a, b, c] => format!("{}_{}_and_{}", module(*a), module(*b), module(*c)),
                [a, rest @ ..] => format!("{}_and_{}_more", module(*a), rest.len()),
            };
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// `UpperCamelCase` identifier for types and variants; `prefix` goes before a leading digit.
pub fn camel(raw: &str, prefix: &str) -> String {
    let (mut name, reserved) = camel_unreserved(raw, prefix);
    if reserved {
        name.push_str("Type");
    }
    name
}

/// `raw` in `UpperCamelCase`, and whether that is a keyword or a name the generated
/// code uses (which [`camel`] then moves away from).
fn camel_unreserved(raw: &str, prefix: &str) -> (String, bool) {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        return (name, false);
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, prefix);
    }
    let reserved = KEYWORDS.contains(&name.as_str()) || RESERVED_TYPES.contains(&name.as_str());
    (name, reserved)
}

/// The warning for a type whose name, [`type_name`] of `raw`, had to move away from a
/// keyword or a name the generated code uses, and which is now `name` (as claimed);
/// `None` when it did not.
pub fn reserved_type_rename(raw: &str, name: &str) -> Option<String> {
    let (reserved, true) = camel_unreserved(raw, "Type") else {
        return None;
    };
    Some(format!(
        "`{reserved}` is a Rust keyword or a name the generated code uses; this type is `{name}`"
    ))
}

/// A type name from a schema or operation name.
pub fn type_name(raw: &str) -> String {
    let name = camel(raw, "Type");
    if name.is_empty() {
        "Anonymous".to_owned()
    } else {
        name
    }
}

/// An enum variant for a wire value; `index` names values that have no letters or digits.
pub fn variant_name(wire: &str, index: usize) -> String {
    let spelled = match wire.strip_prefix('-') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => format!("minus {rest}"),
        _ => wire.replace('.', " dot "),
    };
    let name = camel(&spelled, "V");
    if name.is_empty() {
        if wire.is_empty() {
            "Empty".to_owned()
        } else {
            format!("Variant{index}")
        }
    } else {
        name
    }
}

/// A server's variant when its description and host give no name.
pub fn server_fallback(index: usize) -> String {
    format!("Server{index}")
}

/// A union variant for an inline schema without a `title`.
pub fn union_variant_fallback(index: usize) -> String {
    format!("Variant{index}")
}

/// A union variant for a schema whose type is not a named one.
pub fn primitive_variant(ty: &TypeRef) -> Option<String> {
    Some(
        match ty {
            TypeRef::String => "String",
            TypeRef::Bool => "Bool",
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer",
            TypeRef::F32 | TypeRef::F64 => "Number",
            TypeRef::Vec(_) => "Array",
            TypeRef::Map(_) | TypeRef::JsonObject => "Object",
            TypeRef::Json => "Value",
            _ => return None,
        }
        .to_owned(),
    )
}

/// The variant of an operation's response enum for a success status.
pub fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Exact(200) => "Ok".to_owned(),
        StatusMatch::Exact(201) => "Created".to_owned(),
        StatusMatch::Exact(202) => "Accepted".to_owned(),
        StatusMatch::Exact(203) => "NonAuthoritative".to_owned(),
        StatusMatch::Exact(204) => "NoContent".to_owned(),
        StatusMatch::Exact(206) => "PartialContent".to_owned(),
        StatusMatch::Exact(300) => "MultipleChoices".to_owned(),
        StatusMatch::Exact(301) => "MovedPermanently".to_owned(),
        StatusMatch::Exact(302) => "Found".to_owned(),
        StatusMatch::Exact(303) => "SeeOther".to_owned(),
        StatusMatch::Exact(304) => "NotModified".to_owned(),
        StatusMatch::Exact(307) => "TemporaryRedirect".to_owned(),
        StatusMatch::Exact(308) => "PermanentRedirect".to_owned(),
        StatusMatch::Exact(code) => format!("Status{code}"),
        StatusMatch::Range(class) => format!("Status{class}xx"),
        StatusMatch::Any => "Default".to_owned(),
    }
}

/// The start of the names of an operation's types: its method's name in
/// `UpperCamelCase`.
pub fn type_base(method: &str) -> Hint {
    Hint::TypeNameOf(Box::new(Hint::NameOf(method.to_owned())))
}

/// The struct of an operation's query and header parameters.
pub fn params_type(type_base: Hint) -> Hint {
    Hint::Suffixed(Box::new(type_base), "Params")
}

/// The method that takes an operation's parameters, when they are all optional.
pub fn with_params(method: &str) -> Hint {
    Hint::Suffixed(Box::new(Hint::NameOf(method.to_owned())), "_with_params")
}

/// The method that fetches an operation's pages.
pub fn pages_method(method: &str) -> Hint {
    Hint::Suffixed(Box::new(Hint::NameOf(method.to_owned())), "_pages")
}

/// The method that sends an operation's binary body as it is read.
pub fn upload_method(method: &str) -> Hint {
    Hint::Suffixed(Box::new(Hint::NameOf(method.to_owned())), "_from_stream")
}

/// The method that reads an operation's response as it arrives.
pub fn stream_method(method: &str) -> Hint {
    Hint::Suffixed(Box::new(Hint::NameOf(method.to_owned())), "_stream")
}

/// The enum of an operation's several success types.
pub fn response_enum(type_base: Hint) -> Hint {
    Hint::Suffixed(Box::new(type_base), "Response")
}

/// The compiled regex a field's `pattern` is checked with, a `static` in `validate`.
pub fn pattern_static(field: &str) -> String {
    format!("{}_PATTERN", shouty(field))
}

/// `SCREAMING_SNAKE_CASE` for constants.
pub fn shouty(raw: &str) -> String {
    let mut name = ascii_words(raw).to_shouty_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'C');
    }
    name
}

/// The method name of an operation without an `operationId`: method and path.
pub fn operation_fallback(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                words.push("by".to_owned());
                words.push(param.to_owned());
            }
            None => words.push(segment.to_owned()),
        }
    }
    snake(&words.join(" "))
}

/// One scope of the naming pass: hands out names, a taken name getting the smallest
/// free numeric suffix. [`name`] claims them in the order proposed, which follows the
/// spec, so the result is the same on every run.
#[derive(Debug, Default)]
struct Namespace {
    taken: BTreeMap<String, String>,
}

impl Namespace {
    /// A namespace in which `reserved` names are already taken.
    fn with_reserved(reserved: &[&str]) -> Self {
        let mut ns = Namespace::default();
        for name in reserved {
            ns.taken.insert(
                (*name).to_owned(),
                "a name the generated code uses".to_owned(),
            );
        }
        ns
    }

    /// Claim `wanted` for `owner`, the JSON pointer of what is named. A taken name gets
    /// the smallest free numeric suffix, and `warnings` a warning at `owner` naming
    /// both places and the result: every rename is reported.
    fn claim(&mut self, wanted: &str, owner: &str, warnings: &mut Vec<Warning>) -> String {
        let Some(previous) = self.taken.get(wanted).cloned() else {
            self.taken.insert(wanted.to_owned(), owner.to_owned());
            return wanted.to_owned();
        };
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let name = (2..)
            .map(|n| format!("{wanted}{separator}{n}"))
            .find(|candidate| !self.taken.contains_key(candidate))
            .unwrap_or_default();
        self.taken.insert(name.clone(), owner.to_owned());
        warnings.push(Warning::new(
            owner,
            format!("the name `{wanted}` is already taken by {previous}; this one is `{name}`"),
        ));
        name
    }
}

/// Words a name is made from, proposed while the model is shaped and read by [`name`]:
/// a name may be made from names given before it (an inline type is named after the
/// type it sits in), which are known only by their keys until then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// The name given to an earlier proposal, by its key.
    NameOf(String),
    /// Words as they are (a union variant's candidate, a status variant).
    Text(String),
    /// `"{base} {words}"`, where the base is a name: an earlier proposal's, a text's,
    /// or the [`type_name`] of another such hint.
    Words(Box<Hint>, String),
    /// The [`type_name`] of a hint's text (an operation's types start with its method's).
    TypeNameOf(Box<Hint>),
    /// A hint's text with a suffix written straight after it (`…Params`).
    Suffixed(Box<Hint>, &'static str),
}

impl Hint {
    /// `base`, a space, then `words`.
    pub fn words(base: Hint, words: impl Into<String>) -> Self {
        Hint::Words(Box::new(base), words.into())
    }

    /// The text, with the names given so far; `Err` with the key of a name not given
    /// yet.
    fn text(&self, given: &Names) -> Result<String, String> {
        Ok(match self {
            Hint::NameOf(key) => given.given.get(key).ok_or_else(|| key.clone())?.clone(),
            Hint::Text(text) => text.clone(),
            Hint::Words(base, words) => format!("{} {words}", base.as_name(given)?),
            Hint::TypeNameOf(hint) => type_name(&hint.text(given)?),
            Hint::Suffixed(hint, suffix) => format!("{}{suffix}", hint.text(given)?),
        })
    }

    /// The text as the start of another hint: words are first made a type name.
    fn as_name(&self, given: &Names) -> Result<String, String> {
        match self {
            Hint::Words(..) => Ok(type_name(&self.text(given)?)),
            _ => self.text(given),
        }
    }
}

/// What a proposal wants to be called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// A component schema's type, by its name in the spec.
    Component(String),
    /// The [`type_name`] of a hint's text (an inline schema's type).
    TypeName(Hint),
    /// A hint's text as it is, already a name (`…Params`, a variant, a field).
    AsIs(Hint),
    /// The `static` holding the compiled `pattern` of the field a hint names.
    PatternStatic(Hint),
}

impl Wanted {
    /// A name made already, as it is.
    pub fn text(name: impl Into<String>) -> Self {
        Wanted::AsIs(Hint::Text(name.into()))
    }

    /// The [`snake`] case of a wire name, as it is.
    pub fn snake(wire: &str) -> Self {
        Wanted::text(snake(wire))
    }
}

/// The namespace a proposal is named in, and the names it holds from the start.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// The `types` module.
    Types,
    /// The client's operation methods (the mock's too): [`client_methods`] are taken.
    Methods,
    /// The builder's credential methods: [`builder_methods`] are taken.
    Credentials,
    /// The variants of `Server`.
    Servers,
    /// The variants of one enum, union or response enum, by the type's key.
    Variants(String),
    /// The fields of one struct, by its key (a parameters struct's by its pointer):
    /// [`STRUCT_MEMBERS`] are taken.
    Fields(String),
    /// A name alone in its block, given as wanted: a field's pattern `static`, which
    /// sits in the block that checks that field.
    OwnBlock,
    /// One operation's arguments, by its pointer: [`ARGUMENT_NAMES`] are taken.
    Arguments(String),
}

impl Scope {
    fn namespace(&self) -> Namespace {
        match self {
            Scope::Methods => Namespace::with_reserved(&client_methods()),
            Scope::Credentials => Namespace::with_reserved(&builder_methods()),
            Scope::Fields(_) => Namespace::with_reserved(STRUCT_MEMBERS),
            Scope::Arguments(_) => Namespace::with_reserved(ARGUMENT_NAMES),
            Scope::Types | Scope::Servers | Scope::Variants(_) | Scope::OwnBlock => {
                Namespace::default()
            }
        }
    }
}

/// A name the shaping passes need, at the JSON pointer of what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub scope: Scope,
    pub pointer: String,
    pub wanted: Wanted,
}

/// Add a proposal; what it names carries the key returned until [`name`] runs.
pub fn propose(
    proposals: &mut Vec<Proposal>,
    scope: Scope,
    pointer: &str,
    wanted: Wanted,
) -> String {
    proposals.push(Proposal {
        scope,
        pointer: pointer.to_owned(),
        wanted,
    });
    key(proposals.len() - 1)
}

/// The key by which the model refers to the `index`th proposal until it is named:
/// never an identifier, so that one left behind cannot compile.
pub fn key(index: usize) -> String {
    format!("{{{index}}}")
}

/// The names given to proposals, by key.
#[derive(Debug, Default)]
pub struct Names {
    given: BTreeMap<String, String>,
}

impl Names {
    /// The name given for `key` (a name that is not a key is itself).
    pub fn name_of<'a>(&'a self, key: &'a str) -> &'a str {
        self.given.get(key).map_or(key, String::as_str)
    }

    /// Replace a key with the name it was given.
    pub fn rename(&self, name: &mut String) {
        if let Some(given) = self.given.get(name.as_str()) {
            *name = given.clone();
        }
    }

    /// Every key in the types and operations replaced by its name: the types' names
    /// and every reference to them, fields and their pattern `static`s, variants,
    /// methods, arguments, parameters, multipart parts.
    pub fn apply(&self, types: &mut [TypeDef], operations: &mut [Operation]) {
        for def in types.iter_mut() {
            self.rename(&mut def.rust_name);
            def.each_type_ref_mut(&mut |ty| self.rename_type_ref(ty));
            match &mut def.kind {
                TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| self.rename_field(f)),
                TypeKind::Enum(e) => {
                    e.variants
                        .iter_mut()
                        .for_each(|v| self.rename(&mut v.rust_name));
                    e.fallback.iter_mut().for_each(|f| self.rename(f));
                }
                TypeKind::Union(u) => u
                    .variants
                    .iter_mut()
                    .for_each(|v| self.rename(&mut v.rust_name)),
                TypeKind::ResponseEnum(variants) => variants
                    .iter_mut()
                    .for_each(|v| self.rename(&mut v.rust_name)),
                TypeKind::Alias(_) => {}
            }
        }
        for op in operations.iter_mut() {
            self.apply_to_operation(op);
        }
    }

    fn apply_to_operation(&self, op: &mut Operation) {
        self.rename(&mut op.rust_name);
        op.with_params.iter_mut().for_each(|m| self.rename(m));
        op.upload.iter_mut().for_each(|m| self.rename(m));
        if let Some(stream) = &mut op.stream {
            self.rename(&mut stream.rust_name);
        }
        if let Some(pages) = &mut op.pages {
            self.rename(&mut pages.rust_name);
        }
        op.each_type_ref_mut(&mut |ty| self.rename_type_ref(ty));
        op.path_params
            .iter_mut()
            .for_each(|p| self.rename(&mut p.rust_name));
        if let Some(params) = &mut op.params_struct {
            self.rename(&mut params.type_name);
            params
                .params
                .iter_mut()
                .for_each(|p| self.rename(&mut p.rust_name));
        }
        if let SuccessShape::Enum {
            type_name,
            variants,
        } = &mut op.success
        {
            self.rename(type_name);
            variants
                .iter_mut()
                .for_each(|v| self.rename(&mut v.rust_name));
        }
        if let Some(BodyKind::Multipart { parts, .. }) = op.body.as_mut().map(|b| &mut b.kind) {
            parts
                .iter_mut()
                .for_each(|part| self.rename(&mut part.field));
        }
    }

    /// The servers' and credential methods' keys replaced by their names, in `from_env`
    /// too.
    pub fn apply_to_credentials(
        &self,
        servers: &mut [Server],
        auth: &mut [AuthMethod],
        from_env: Option<&mut FromEnv>,
    ) {
        servers
            .iter_mut()
            .for_each(|s| self.rename(&mut s.rust_name));
        auth.iter_mut()
            .for_each(|a| self.rename(&mut a.method_name));
        if let Some(from_env) = from_env {
            self.rename(&mut from_env.auth_method);
            for choice in &mut from_env.server_by_prefix {
                self.rename(&mut choice.server);
            }
        }
    }

    fn rename_type_ref(&self, ty: &mut TypeRef) {
        if let TypeRef::Named(name) = ty.leaf_mut() {
            self.rename(name);
        }
    }

    fn rename_field(&self, field: &mut Field) {
        self.rename(&mut field.rust_name);
        field.pattern_static.iter_mut().for_each(|s| self.rename(s));
    }
}

/// The naming pass: each proposal, in the order made, gets its wanted name in its
/// scope, moved away from keywords and reserved names and from the names taken
/// before it (every such rename warned about, at its pointer, naming the place that
/// holds the name and the name given). Hints refer only to earlier proposals; one
/// that does not is the generator's own error, reported at its pointer.
pub fn name(proposals: &[Proposal], warnings: &mut Vec<Warning>) -> Result<Names, GenerateError> {
    let mut names = Names::default();
    let mut scopes: BTreeMap<&Scope, Namespace> = BTreeMap::new();
    for (index, proposal) in proposals.iter().enumerate() {
        let text = |hint: &Hint| {
            hint.text(&names).map_err(|key| {
                GenerateError::new(
                    &proposal.pointer,
                    format!("internal error: this name is made from the name of {key}, which is not given yet"),
                )
            })
        };
        let (wanted, raw) = match &proposal.wanted {
            Wanted::Component(raw) => (type_name(raw), Some(raw.clone())),
            Wanted::TypeName(hint) => {
                let text = text(hint)?;
                (type_name(&text), Some(text))
            }
            Wanted::AsIs(hint) => (text(hint)?, None),
            Wanted::PatternStatic(hint) => (pattern_static(&text(hint)?), None),
        };
        let name = match &proposal.scope {
            Scope::OwnBlock => wanted,
            scope => scopes
                .entry(scope)
                .or_insert_with(|| scope.namespace())
                .claim(&wanted, &proposal.pointer, warnings),
        };
        if let Some(message) = raw.and_then(|raw| reserved_type_rename(&raw, &name)) {
            warnings.push(Warning::new(proposal.pointer.clone(), message));
        }
        names.given.insert(key(index), name);
    }
    Ok(names)
}

/// The JSON pointer (`#/a/b~1c`) of a path of member names and indices.
pub fn pointer_of(path: &[String]) -> String {
    let mut pointer = "#".to_owned();
    for token in path {
        pointer.push('/');
        pointer.push_str(&pointer_token(token));
    }
    pointer
}

/// Escape one JSON pointer token (`~` → `~0`, `/` → `~1`).
pub fn pointer_token(raw: &str) -> String {
    raw.replace('~', "~0").replace('/', "~1")
}

/// The text of one JSON pointer token: [`pointer_token`] undone.
pub fn token_text(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests;
