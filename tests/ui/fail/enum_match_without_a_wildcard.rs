use stytch_sms_otp::types::Locale;

fn main() {
    // Generated enums are `#[non_exhaustive]`: the spec may add values, so a match
    // needs a wildcard arm even when it names every variant.
    let _greeting = match Locale::Fr {
        Locale::En => "hello",
        Locale::Es => "hola",
        Locale::PtBr => "olá",
        Locale::Fr => "bonjour",
        Locale::Unknown(_) => "…",
    };
}
