//! The Stytch client, with the runtime and the `observe` that records nothing.

#[path = "../../src/runtime/quiet.rs"]
mod observe;
#[path = "../../src/runtime/runtime.rs"]
mod runtime;

include!("stytch.rs");
