//! An application that generates its API client while it builds: only the spec is
//! in the repository (here `tests/fixtures/kitchen-sink.yaml`); `build.rs` turns it
//! into `OUT_DIR/client.rs`, included below as the module `notes`.
//!
//! The crate asks for docs on everything it exports; the generated module allows
//! what generated code cannot promise, so that this builds warning-free.
#![warn(missing_docs)]

/// The generated client: the same types, `Client` and runtime as a generated crate.
pub mod notes {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}

/// The titles of the notes in a folder: the application's own code over the client.
pub async fn note_titles(
    client: &notes::Client,
    folder: &str,
) -> Result<Vec<String>, notes::Error<notes::types::Problem>> {
    let params = notes::types::ListNotesParams::new("note-titles").limit(50);
    let notes = client.list_notes(folder, &params).await?;
    Ok(notes
        .into_inner()
        .into_iter()
        .map(|note| note.title)
        .collect())
}
