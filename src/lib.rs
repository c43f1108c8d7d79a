//! labdash: a terminal dashboard comparing AI labs, models, compute and cost claims.
//!
//! Data flows one way: file → `data::load` (parse, validate) → `Dataset` → `view` projection
//! (columns, sort, filter) → `ui` widgets or `export`.

#![deny(clippy::unwrap_used, clippy::expect_used)]

pub mod app;
pub mod cli;
pub mod config;
pub mod data;
pub mod editor;
pub mod export;
pub mod fsio;
pub mod generate;
pub mod import;
pub mod keymap;
pub mod load;
pub mod runner;
pub mod term;
pub mod ui;
pub mod view;
pub mod watch;
