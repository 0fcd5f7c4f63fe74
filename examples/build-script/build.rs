//! Generate the client for the notes API from its spec, into `OUT_DIR/client.rs`.

fn main() -> Result<(), openapi_clientgen::build::Error> {
    openapi_clientgen::build::Builder::new("../../tests/fixtures/kitchen-sink.yaml").generate()?;
    Ok(())
}
