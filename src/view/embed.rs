//! What the embed page draws for a permalink: which built-in files it needs (named by
//! `manifest::built_in_file`, so the page fetches no catalogue), and the chart model from them.
//! The embed page (`web::embed`, its own small wasm binary) fetches only those files; everything
//! it shows is decided here, natively tested.

use crate::analysis::distribution::Selection;
use crate::import::manifest::{built_in_file, NEWEST_RELEASE};
use crate::model::indicator::Indicator;
use crate::model::Dataset;
use crate::view::language::Language;
use crate::view::messages::selection_failure;
use crate::view::names;
use crate::view::permalink::ViewState;
use crate::view::screen::{compute_series, indicator_or_default, level_needed, ScreenModel};

/// The series of an embedded chart and the built-in file each reads.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedPlan {
    pub indicator: &'static Indicator,
    /// 「第10回」: the link's, or the newest.
    pub release: String,
    /// The primary selection, then the comparison when the view has one.
    pub series: Vec<(Selection, String)>,
    pub language: Language,
}

/// The files and selections of a view; a message when it names what cannot be built in (the
/// embed page shows only built-in data).
pub fn plan(view: &ViewState) -> Result<EmbedPlan, String> {
    let language = view.language;
    if !view.data_files.is_empty() {
        return Err(language
            .pick(
                "埋め込みで表示できるのは内蔵のNDBデータだけです（data= のファイルは表示しません）。",
                "An embedded chart shows only the built-in NDB data (files given with data= are not shown).",
            )
            .into());
    }
    let release = view.release.as_deref().unwrap_or(NEWEST_RELEASE);
    let indicator = indicator_or_default(&view.indicator);
    let mut keys = vec![&view.primary];
    if view.compare {
        keys.push(&view.comparison);
    }
    let series = keys
        .into_iter()
        .map(|keys| {
            let selection = keys.to_selection(indicator.id).ok_or(language.pick(
                "リンクの選択を読み取れません。",
                "The link's selection cannot be read.",
            ))?;
            let file = built_in_file(release, level_needed(&selection.area), indicator.id)
                .ok_or_else(|| match language {
                    Language::Japanese => {
                        format!("年度（公表回）「{release}」のデータは内蔵されていません。")
                    }
                    Language::English => {
                        format!("The data of the release “{release}” are not built in.")
                    }
                })?;
            Ok((selection, file))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(EmbedPlan {
        indicator,
        release: release.to_string(),
        series,
        language,
    })
}

impl EmbedPlan {
    /// The files to fetch, each once.
    pub fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = Vec::new();
        for (_, file) in &self.series {
            if !files.contains(file) {
                files.push(file.clone());
            }
        }
        files
    }

    /// Why a file could not be fetched, said as the council reads it: this release has no such
    /// data (a link to an item or area level the release does not publish), and the detail.
    pub fn missing_data(&self, detail: &str) -> String {
        let (release, language) = (&self.release, self.language);
        match language {
            Language::Japanese => format!(
                "{release}の「{}」のデータを読み込めません（この公表回にない項目・地域区分かもしれません）。{detail}",
                self.indicator.name_ja
            ),
            Language::English => format!(
                "The data on {} of {} cannot be loaded (the release may not publish this item or area level). {detail}",
                self.indicator.name_en,
                names::release_in_english(release)
            ),
        }
    }

    /// The chart model, given the datasets of [`EmbedPlan::files`] in that order.
    pub fn model(&self, datasets: &[&Dataset]) -> Result<ScreenModel, String> {
        let language = self.language;
        let files = self.files();
        let dataset_of = |file: &String| {
            files
                .iter()
                .position(|f| f == file)
                .and_then(|i| datasets.get(i).copied())
                .ok_or(language.pick("データが足りません。", "Data are missing."))
        };
        let mut results = Vec::new();
        for (selection, file) in &self.series {
            let series = compute_series(dataset_of(file)?, selection)
                .map_err(|failure| selection_failure(&failure, language))?;
            results.push(series);
        }
        let mut results = results.into_iter();
        let primary = results.next().ok_or(language.pick(
            "表示する集団がありません。",
            "There is no population to show.",
        ))?;
        let primary_dataset = dataset_of(&self.series[0].1)?;
        Ok(ScreenModel::new(
            self.indicator,
            primary,
            results.next(),
            &primary_dataset.provenance,
            language,
        ))
    }
}

/// The `<iframe>` a web page pastes to show the chart of `query`: full width of its container,
/// a title for screen readers, lazy-loaded. `page_base` is the app's address up to its folder
/// (`https://example.lg.jp/renkei/`).
pub fn iframe_snippet(page_base: &str, query: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"640\" style=\"border:0;max-width:100%\" loading=\"lazy\"></iframe>",
        escape_attribute(&format!("{page_base}embed.html?{query}")),
        escape_attribute(title)
    )
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AreaLevel;
    use crate::view::permalink::to_query;
    use crate::view::screen::{area_key, SelectionKeys};

    #[test]
    fn the_embed_fetches_only_the_files_its_chart_reads() {
        let first = plan(&ViewState::default()).unwrap();
        assert_eq!(first.files(), ["ndb_r10_prefecture_sbp.arrow"]);
        let mut view = ViewState {
            release: Some("第9回".into()),
            ..ViewState::default()
        };
        view.primary = SelectionKeys {
            area: area_key(AreaLevel::SecondaryMedicalArea, "0101", "南渡島"),
            ..SelectionKeys::national()
        };
        let plan = plan(&view).unwrap();
        assert_eq!(
            plan.files(),
            [
                "ndb_r9_secondary_medical_area_sbp.arrow",
                "ndb_r9_prefecture_sbp.arrow"
            ]
        );
    }

    #[test]
    fn what_the_embed_cannot_show_is_said() {
        let user_data = ViewState {
            data_files: vec!["kokuho.csv".into()],
            ..ViewState::default()
        };
        assert!(plan(&user_data).unwrap_err().contains("内蔵"));
        let unknown = ViewState {
            release: Some("令和の回".into()),
            ..ViewState::default()
        };
        assert!(plan(&unknown).unwrap_err().contains("令和の回"));
        // A release the data folder could name but does not hold: said when its file is missing.
        let old = ViewState {
            release: Some("第1回".into()),
            language: Language::English,
            ..ViewState::default()
        };
        let old = plan(&old).unwrap();
        assert_eq!(old.files(), ["ndb_r1_prefecture_sbp.arrow"]);
        assert!(old
            .missing_data("HTTP 404")
            .starts_with("The data on Systolic blood pressure of 1st release cannot be loaded"));
    }

    #[test]
    fn the_snippet_is_escaped_and_titled() {
        let snippet = iframe_snippet(
            "https://example.lg.jp/renkei/",
            &to_query(&ViewState::default()),
            "収縮期血圧 \"北海道\" <比較>",
        );
        assert!(snippet.starts_with("<iframe src=\"https://example.lg.jp/renkei/embed.html?"));
        assert!(snippet.contains("title=\"収縮期血圧 &quot;北海道&quot; &lt;比較&gt;\""));
        assert!(snippet.contains("?item=sbp&amp;area="), "{snippet}");
    }
}
