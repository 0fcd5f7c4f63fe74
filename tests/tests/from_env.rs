//! `Client::from_env`, in its own test binary: it changes this process's environment.

use stytch_sms_otp::{BuildError, Client};

fn set(vars: &[(&str, Option<&str>)]) {
    for (name, value) in vars {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

#[test]
fn from_env_reads_credentials_and_picks_the_server_like_stytchs_sdks() {
    set(&[
        ("STYTCH_PROJECT_ID", Some("project-test-1")),
        ("STYTCH_SECRET", Some("secret-1")),
        ("STYTCH_BASE_URL", None),
    ]);
    assert_eq!(
        Client::from_env().expect("test project").base_url(),
        "https://test.stytch.com"
    );

    set(&[("STYTCH_PROJECT_ID", Some("project-live-1"))]);
    assert_eq!(
        Client::from_env().expect("live project").base_url(),
        "https://api.stytch.com"
    );

    set(&[("STYTCH_BASE_URL", Some("http://127.0.0.1:9/gateway"))]);
    assert_eq!(
        Client::from_env().expect("custom base URL").base_url(),
        "http://127.0.0.1:9/gateway"
    );

    set(&[("STYTCH_PROJECT_ID", None), ("STYTCH_SECRET", None)]);
    assert!(
        Client::from_env().is_ok(),
        "a gateway base URL needs no credentials"
    );

    set(&[("STYTCH_BASE_URL", None)]);
    assert!(matches!(
        Client::from_env(),
        Err(BuildError::MissingEnv("STYTCH_PROJECT_ID"))
    ));

    set(&[("STYTCH_PROJECT_ID", Some("project-test-1"))]);
    assert!(matches!(
        Client::from_env(),
        Err(BuildError::MissingEnv("STYTCH_SECRET"))
    ));
}
