//! The Stytch client, with the runtime and the `observe` that records nothing.

#[path = "../../src/runtime/quiet.rs"]
mod observe;
#[path = "../../src/runtime/core/mod.rs"]
mod runtime;

include!("stytch.rs");

#[path = "runtime_unit.rs"]
mod runtime_unit;
