//! The parts of the page not on the first visit: the simulator (and what the group section says
//! of data without groups), fetched after the first chart; the group comparison, fetched once
//! data with groups are shown; opening files, fetched with the first file; the trend over the
//! years, fetched when the user opens it; two years compared, fetched when the user opens it
//! from the trend. Each function here is a split point
//! (`wasm_split_helpers`): the release build (`scripts/build-app.sh`) cuts everything only they
//! reach — their components, the statistics and Leptos code only they use — into a module per
//! split name (`after_first_chart`, `groups`, `open_files`, `trend`, `change`), so the first
//! visit carries the first screen's code alone. (The chart exports are a split point of their own, in
//! `web::export_bar`, and so is the reader of saved views, in `web::presentation`.)
//!
//! A module that cannot be downloaded (the connection dropped) is said where its part would be,
//! with a button that tries again; the chart and anything loaded stay as they are.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_split_helpers::{wasm_split, SplitLoaderError};

use super::change_section::ChangeInput;
use super::file_picker::FilesToOpen;
use super::group_section::{GroupHint, GroupSection};
use super::open_file::OpenFile;
use super::simulator_section::{SimulatorSection, SimulatorSettings};
use super::text::use_language;
use super::trend_section::TrendPage;
use crate::analysis::simulator::fit::{SimulatorError, SimulatorInput};
use crate::analysis::standardise::StandardSource;
use crate::import::collection::LoadedFile;
use crate::view::groups::GroupComparison;
use crate::view::language::Message;
use crate::view::messages::{part_not_downloaded, LaterPart};

/// A part's module could not be downloaded.
pub struct NotDownloaded;

impl From<SplitLoaderError> for NotDownloaded {
    fn from(_: SplitLoaderError) -> Self {
        NotDownloaded
    }
}

type Part = Result<AnyView, NotDownloaded>;

#[wasm_split(open_files, fallible)]
pub fn open_file(
    files: Signal<Vec<LoadedFile>>,
    apply: Callback<Vec<LoadedFile>, Result<(), Message>>,
    files_to_open: FilesToOpen,
) -> Part {
    Ok(view! { <OpenFile files=files apply=apply files_to_open=files_to_open /> }.into_any())
}

/// Asked for only once the data shown have groups: most data (the ministry's) have none.
#[wasm_split(groups, fallible)]
pub fn group_section(
    comparison: Memo<Option<Result<Arc<GroupComparison>, String>>>,
    standard: RwSignal<StandardSource>,
) -> Part {
    Ok(view! { <GroupSection comparison=comparison standard=standard /> }.into_any())
}

#[wasm_split(after_first_chart, fallible)]
pub fn group_hint(try_example: Signal<Option<Callback<()>>>) -> Part {
    Ok(view! { <GroupHint try_example=try_example /> }.into_any())
}

#[wasm_split(after_first_chart, fallible)]
pub fn simulator_section(
    input: Memo<Option<Result<SimulatorInput, SimulatorError>>>,
    settings: SimulatorSettings,
) -> Part {
    Ok(view! { <SimulatorSection input=input settings=settings /> }.into_any())
}

/// A part's module being fetched and its view made.
pub type LoadPart = Pin<Box<dyn Future<Output = Part> + Send>>;

/// Shows the part `load` gives once `ready` (the first screen has settled, or a file came); if
/// its module cannot be downloaded, says so, naming the part, with a button that tries again.
/// The loader is type-erased so the page carries this (and Leptos' suspense under it) once for
/// every part, not once per part.
pub fn later(
    ready: Memo<bool>,
    part: LaterPart,
    load: impl Fn() -> LoadPart + Send + Sync + 'static,
) -> AnyView {
    later_erased(ready, part, Arc::new(load))
}

fn later_erased(
    ready: Memo<bool>,
    part: LaterPart,
    load: Arc<dyn Fn() -> LoadPart + Send + Sync>,
) -> AnyView {
    let attempt = RwSignal::new(0_u32);
    (move || {
        ready.get().then(|| {
            let load = load.clone();
            view! {
                <Suspense fallback=|| ()>
                    {move || {
                        attempt.track();
                        let loading = load();
                        Suspend::new(async move {
                            loading
                                .await
                                .unwrap_or_else(|NotDownloaded| not_downloaded(part, attempt))
                        })
                    }}
                </Suspense>
            }
        })
    })
    .into_any()
}

/// What a part says when its module could not be downloaded (one function for every part, so
/// the page carries its view once).
fn not_downloaded(part: LaterPart, attempt: RwSignal<u32>) -> AnyView {
    let retry = Message::new("もう一度読み込む", "Try again");
    let offer = Offer {
        class: "error",
        role: Some("alert"),
        testid: "part-not-downloaded",
        button_testid: "part-retry",
        hidden_once_pressed: false,
    };
    offer.view(part_not_downloaded(part), retry, attempt)
}

/// A sentence and a button that counts its presses: what a part says when its module could not
/// be downloaded (the button tries again), and the trend's offer (the button opens it). One view
/// for both, so the first module carries it once.
pub struct Offer {
    pub class: &'static str,
    pub role: Option<&'static str>,
    pub testid: &'static str,
    pub button_testid: &'static str,
    /// The sentence and button go once pressed (the trend, open from then on, takes their place).
    pub hidden_once_pressed: bool,
}

impl Offer {
    pub fn view(self, sentence: Message, button: Message, presses: RwSignal<u32>) -> AnyView {
        let language = use_language();
        let hides = self.hidden_once_pressed;
        let hidden = move || hides && presses.get() != 0;
        view! {
            <p class=self.class role=self.role data-testid=self.testid class:hidden=hidden>
                {move || sentence.text(language.get()).to_string()}
                " "
                <button type="button" data-testid=self.button_testid on:click=move |_| presses.update(|n| *n += 1)>
                    {move || button.text(language.get()).to_string()}
                </button>
            </p>
        }
        .into_any()
    }
}

/// The two years' comparison's module being fetched and started. The trend starts it, through a
/// loader `web::app` gives it (`TrendPage::compare_years`): a split part naming another split
/// point would leave an import an unsplit build cannot resolve (ARCHITECTURE.md).
pub type LoadChange = Pin<Box<dyn Future<Output = Result<(), NotDownloaded>>>>;

/// Asked for only once the user opens the two years' comparison from the trend.
#[wasm_split(change, fallible)]
pub fn change_section(input: ChangeInput) -> Result<(), NotDownloaded> {
    super::change_section::change_section(input);
    Ok(())
}

/// Asked for only once the user opens the trend: its figures need every year's files.
#[wasm_split(trend, fallible)]
pub fn trend_section(page: TrendPage) -> Part {
    Ok(super::trend_section::trend_section(page))
}
