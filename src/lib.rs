//! coroner: a static site generator for incident postmortem archives.
//!
//! The pipeline is a chain of owned values: [`source::load`] reads the files, [`load::load`]
//! turns each into an [`incident::Incident`], [`archive::Archive::build`] indexes and cross-links
//! them, [`render::render`] produces in-memory files, and [`output::write_site`] writes them.
//! [`build::build`] runs the whole chain. The library never prints.

// Every public item says what it is: `cargo clippy -- -D warnings` turns a missing one into an error.
#![warn(missing_docs)]

pub mod archive;
pub mod build;
pub mod build_cache;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod frontmatter;
pub mod incident;
pub mod infer;
pub mod insights;
pub mod load;
pub mod load_cache;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod stats;
pub mod suggest;
#[cfg(test)]
mod testing;
pub mod text;
pub mod timestamp;
pub mod url;

pub use build::{BuildError, BuildOptions, BuildReport, build};
