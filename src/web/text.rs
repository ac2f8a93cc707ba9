//! The page's words in its language: the language chosen with the switch in the header, and
//! labels that follow it.

use leptos::prelude::*;

use crate::view::language::Language;

/// The page's language: the signal `App` provides, itself. (A `Signal` made from it here would
/// belong to the calling component and die with it, while an effect already queued by the same
/// change — a file arriving replaces the group section's hint — could still read it: the page
/// stopped with "a reactive value that has already been disposed".)
pub(crate) fn use_language() -> RwSignal<Language> {
    expect_context::<RwSignal<Language>>()
}

/// A text in the page's language, for `view!` (as text or as an attribute).
pub(crate) fn localized(
    language: RwSignal<Language>,
    japanese: &'static str,
    english: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || language.get().pick(japanese, english)
}
