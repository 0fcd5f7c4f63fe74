//! The emit–runtime contract, checked by the compiler: code generated from the
//! kitchen-sink fixture and the Stytch spec (committed in `contract/`, kept current by
//! `lowering.rs`), compiled against the runtime's source as it is now. A runtime
//! signature that no longer fits what emit writes fails `cargo test -p openapi-clientgen`.

// One copy of the runtime per client, as each generated crate has its own: both add
// methods to their own `Client`. The kitchen-sink client is compiled with the
// `tracing` feature's `observe`, the Stytch client without it, so both are checked.
#![allow(clippy::duplicate_mod)]

#[path = "contract/kitchen_sink_traced.rs"]
mod kitchen_sink;
#[path = "contract/stytch_quiet.rs"]
mod stytch;

#[test]
fn generated_code_compiles_and_runs_against_the_runtime() {
    let request = stytch::types::OtpSmsSendRequest::new("not a phone number");
    let err = request.validate().unwrap_err();
    assert_eq!(err.field(), "phone_number");
    let client = kitchen_sink::Client::builder()
        .base_url("http://127.0.0.1:9/api")
        .key("key-1")
        .build()
        .expect("client");
    assert_eq!(client.base_url(), "http://127.0.0.1:9/api");
}
