//! The page's words in its language: the language chosen with the switch in the header, and
//! labels that follow it.

use leptos::prelude::*;

use crate::view::language::Language;

/// The page's language (a `RwSignal<Language>` provided by `App`).
pub(crate) fn use_language() -> Signal<Language> {
    expect_context::<RwSignal<Language>>().into()
}

/// A text in the page's language, for `view!` (as text or as an attribute).
pub(crate) fn localized(
    language: Signal<Language>,
    japanese: &'static str,
    english: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || language.get().pick(japanese, english)
}
