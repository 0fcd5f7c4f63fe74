//! Generate the client for the notes API from its spec, into `OUT_DIR/client.rs`.

fn main() -> Result<(), generator::build::Error> {
    generator::build::Builder::new("../../tests/fixtures/kitchen-sink.yaml").generate()?;
    Ok(())
}
