//! Renderers: leaves that turn a [`Report`](crate::Report) into text.

pub mod human;
pub mod json;
