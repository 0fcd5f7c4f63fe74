//! Reading the files a spec's external references name, from disk: the edge the CLI
//! and build scripts share, outside the pure core.

// File access is allowed here (clippy.toml, ARCHITECTURE.md): the edge where a spec's other files are read.
#![allow(clippy::disallowed_methods)]

use crate::shared::Resolve;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// Reads files relative to the root spec's directory, and remembers each one asked for.
#[derive(Debug)]
pub struct FileResolver {
    dir: PathBuf,
    root_name: String,
    asked: RefCell<Vec<PathBuf>>,
}

impl FileResolver {
    /// A resolver for the spec at `spec`: references are read beside it.
    pub fn for_spec(spec: &Path) -> Self {
        FileResolver {
            dir: spec.parent().map(Path::to_owned).unwrap_or_default(),
            root_name: spec
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            asked: RefCell::new(Vec::new()),
        }
    }

    /// Every file asked for so far, read or not, in the order asked.
    pub fn files_asked(&self) -> Vec<PathBuf> {
        self.asked.borrow().clone()
    }
}

impl Resolve for FileResolver {
    fn read(&self, path: &str) -> Result<String, String> {
        let full = self.dir.join(path);
        self.asked.borrow_mut().push(full.clone());
        std::fs::read_to_string(&full).map_err(|err| format!("{}: {err}", full.display()))
    }

    fn root_name(&self) -> Option<&str> {
        Some(&self.root_name)
    }
}
