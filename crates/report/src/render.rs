//! Renderers: leaves that turn a [`Report`](crate::Report) into text. Each reads the same
//! sorted diagnostics.

pub mod concise;
pub mod csv_out;
pub mod escape;
pub mod github;
pub mod html;
pub mod human;
mod human_fast;
pub mod json;
pub mod junit;
pub mod markdown;
mod pretty;
pub mod sarif;
pub mod statistics;
