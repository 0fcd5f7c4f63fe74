//! The typed API at compile time: what a user can write, and what the compiler refuses.
//! `.stderr` files come from `TRYBUILD=overwrite cargo test -p tests --test ui`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
