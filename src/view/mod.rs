//! What a screen shows, in the language it is read in.

pub mod embed;
pub mod export;
pub mod groups;
pub mod language;
pub mod permalink;
pub mod saved_views;
pub mod scenario;
pub mod screen;
