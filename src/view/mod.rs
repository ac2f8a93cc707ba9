//! What a screen shows, in the language it is read in: the only layer that writes words. Every
//! view model is built from the typed facts of the layers below and a `Language`; building one
//! is cheap, so a language switch rebuilds the words and recomputes no figure.

pub mod change;
pub mod embed;
pub mod export;
pub mod groups;
pub mod language;
pub mod messages;
pub mod names;
pub mod page;
pub mod permalink;
pub mod saved_views;
pub mod screen;
pub mod simulator;
pub mod trend;
