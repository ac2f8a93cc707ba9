//! The page's decisions, made without the browser: which release and item are shown, which
//! data file each selection needs, what a link could not restore, and where the selections point when a user's files come in. `web::app` only
//! wires these to signals, so each is tested natively here.

use std::sync::Arc;

use crate::analysis::distribution::SelectionFailure;
use crate::analysis::standardise::{selection_strata, StandardSource, StandardisedSelections};
use crate::import::manifest::{
    is_user_release, Manifest, ManifestEntry, SecondaryAreaEntry, EXAMPLE_RELEASE,
};
use crate::model::indicator::Indicator;
use crate::model::{AreaLevel, Dataset, Provenance, OCCUPATIONAL, REGIONAL};
use crate::view::language::{Language, Message};
use crate::view::names;
use crate::view::permalink::ViewState;
use crate::view::screen::{
    area_menu, compute_series, data_area_menu, group_key, group_menu_keys, indicator_or_default,
    keys_for_user_data, level_needed, release_label, MenuGroup, MenuOption, ScreenModel,
    SelectionKeys, SeriesResult, ANY_GROUP_KEY,
};

/// What the user chose on the page (a permalink and a saved view hold the same).
#[derive(Clone, Debug, PartialEq)]
pub struct Choices {
    /// Empty: the newest release.
    pub release: String,
    pub indicator: String,
    pub primary: SelectionKeys,
    pub compare: bool,
    pub comparison: SelectionKeys,
}

impl Choices {
    pub fn of_view(view: &ViewState) -> Choices {
        Choices {
            release: view.release.clone().unwrap_or_default(),
            indicator: view.indicator.clone(),
            primary: view.primary.clone(),
            compare: view.compare,
            comparison: view.comparison.clone(),
        }
    }

    /// The selections shown: the primary, and the comparison when it is on.
    pub fn selections(&self) -> Vec<SelectionKeys> {
        let mut keys = vec![self.primary.clone()];
        if self.compare {
            keys.push(self.comparison.clone());
        }
        keys
    }

    /// The example dataset's 地域 against its 職域 in the area shown.
    pub fn example(&self) -> Choices {
        let primary = SelectionKeys {
            group: group_key(REGIONAL),
            ..self.primary.clone()
        };
        Choices {
            release: EXAMPLE_RELEASE.to_string(),
            indicator: self.indicator.clone(),
            comparison: SelectionKeys {
                group: group_key(OCCUPATIONAL),
                ..primary.clone()
            },
            primary,
            compare: true,
        }
    }

    /// Where the choices go when the user's merged files change: a permalink's own view while
    /// its files come in (`pending`), else the newest year with its groups against each other
    /// and an item the files have. `entries` and `newest` are `manifest::user_catalogue`'s.
    pub fn for_user_files(
        &self,
        pending: Option<&ViewState>,
        entries: &[ManifestEntry],
        newest: &Dataset,
    ) -> Choices {
        let Some(first_entry) = entries.first() else {
            return self.clone();
        };
        if let Some(view) = pending {
            let mut choices = Choices::of_view(view);
            if view.release.is_none() {
                choices.release = first_entry.release.clone();
            }
            return choices;
        }
        let (primary, comparison) = keys_for_user_data(newest, &self.primary, &self.comparison);
        let indicator = if entries.iter().any(|e| e.indicator == self.indicator) {
            self.indicator.clone()
        } else {
            first_entry.indicator.clone()
        };
        Choices {
            release: first_entry.release.clone(),
            indicator,
            primary,
            compare: comparison.is_some(),
            comparison: comparison.unwrap_or_else(|| self.comparison.clone()),
        }
    }
}

/// The release shown, (release, fiscal year): the chosen one if the catalogue has it, else the
/// first (the newest, or the user's files).
pub fn release_shown(manifest: &Manifest, chosen: &str) -> Option<(String, i32)> {
    let releases = manifest.releases();
    releases
        .iter()
        .find(|(r, _)| r == chosen)
        .or(releases.first())
        .cloned()
}

/// The item shown: the chosen one if the release has it, else its first.
pub fn indicator_shown(manifest: &Manifest, release: &str, chosen: &str) -> Option<&'static str> {
    let offered = manifest.indicators(release);
    offered
        .iter()
        .find(|i| i.id == chosen)
        .or(offered.first())
        .map(|i| i.id)
}

/// Why a selection cannot be looked up in the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub enum PageProblem {
    UnreadableSelection,
    NoData {
        release: String,
        indicator: &'static Indicator,
        level: AreaLevel,
    },
}

impl PageProblem {
    pub fn message(&self) -> Message {
        match self {
            PageProblem::UnreadableSelection => {
                Message::new("選択を読み取れません。", "The selection cannot be read.")
            }
            PageProblem::NoData {
                release,
                indicator,
                level,
            } => {
                let level_name = |language| names::area_level(*level, language);
                Message::new(
                    format!(
                        "{release}には「{}」の{}別データがありません。",
                        indicator.name_ja,
                        level_name(Language::Japanese)
                    ),
                    format!(
                        "{release} has no data on {} by {}.",
                        indicator.name_en,
                        level_name(Language::English).to_ascii_lowercase()
                    ),
                )
            }
        }
    }
}

/// The data file each selection needs: (selection keys, catalogue `file`).
pub fn files_needed(
    manifest: &Manifest,
    release: &str,
    indicator: &str,
    selections: Vec<SelectionKeys>,
) -> Result<Vec<(SelectionKeys, String)>, PageProblem> {
    selections
        .into_iter()
        .map(|keys| {
            let selection = keys
                .to_selection(indicator)
                .ok_or(PageProblem::UnreadableSelection)?;
            let level = level_needed(&selection.area);
            let entry = manifest
                .find(release, level.id(), indicator)
                .ok_or_else(|| PageProblem::NoData {
                    release: release.to_string(),
                    indicator: indicator_or_default(indicator),
                    level,
                })?;
            Ok((keys, entry.file()))
        })
        .collect()
}

/// What a link named that the catalogue does not have (said once the catalogue is in).
pub fn link_notes(link: &ViewState, manifest: &Manifest, shown_release: &str) -> Vec<Message> {
    let mut notes = Vec::new();
    if let Some(wanted) = link.release.as_ref().filter(|r| *r != shown_release) {
        notes.push(Message::new(
            format!("リンクの年度（公表回）「{wanted}」は見つからないため、「{shown_release}」を表示しています。"),
            format!("The link’s release “{wanted}” is not here, so “{shown_release}” is shown."),
        ));
    }
    let wanted = &link.indicator;
    if !manifest
        .indicators(shown_release)
        .iter()
        .any(|i| i.id == *wanted)
    {
        notes.push(Message::new(
            format!("リンクの検査項目「{wanted}」はこの年度にないため、別の項目を表示しています。"),
            format!("The link’s item “{wanted}” is not in this release, so another item is shown."),
        ));
    }
    notes
}

/// The selections shown in the chart and table, computed (no words: a language switch does not
/// recompute them).
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub indicator: &'static Indicator,
    /// The primary selection's, then the comparison's.
    pub results: Vec<SeriesResult>,
    /// The primary selection's dataset's.
    pub provenance: Provenance,
    /// The same selections age-standardised.
    pub standardised: StandardisedSelections,
}

impl Shown {
    /// The first screen of these selections, in `language`.
    pub fn screen(&self, language: Language) -> Option<ScreenModel> {
        let mut results = self.results.iter().cloned();
        let primary = results.next()?;
        Some(
            ScreenModel::new(
                self.indicator,
                primary,
                results.next(),
                &self.provenance,
                language,
            )
            .with_standardised(self.standardised.clone()),
        )
    }
}

/// Where a data file is.
#[derive(Clone, Debug, PartialEq)]
pub enum FileState {
    Loaded(Arc<Dataset>),
    Loading,
    Failed(Message),
}

/// Why the selections chosen are not shown (yet).
#[derive(Clone, Debug, PartialEq)]
pub enum NotShown {
    Loading,
    Failed(Message),
    Selection(SelectionFailure),
}

/// The selections chosen, computed from the files [`files_needed`] named (`file` says where
/// each is): the first file that failed is said, else the first still loading waits, else the
/// first selection that cannot be shown is said. A group key of another file falls back to the
/// group menu of the primary selection's data.
pub fn shown(
    wanted: &[(SelectionKeys, String)],
    indicator: &'static Indicator,
    standard: StandardSource,
    file: impl Fn(&str) -> FileState,
) -> Result<Shown, NotShown> {
    let mut menu_keys = None;
    let mut results = Vec::new();
    let mut strata = Vec::new();
    let mut provenance = None;
    for (keys, name) in wanted {
        let dataset = match file(name) {
            FileState::Loaded(dataset) => dataset,
            FileState::Loading => return Err(NotShown::Loading),
            FileState::Failed(message) => return Err(NotShown::Failed(message)),
        };
        let menu_keys = menu_keys.get_or_insert_with(|| group_menu_keys(&dataset.groups()));
        let Some(selection) = keys_in_menu(keys, menu_keys).to_selection(indicator.id) else {
            return Err(NotShown::Failed(PageProblem::UnreadableSelection.message()));
        };
        results.push(compute_series(&dataset, &selection).map_err(NotShown::Selection)?);
        strata.push(selection_strata(&dataset.records, &selection));
        provenance.get_or_insert_with(|| dataset.provenance.clone());
    }
    match provenance {
        Some(provenance) => Ok(Shown {
            indicator,
            results,
            provenance,
            standardised: StandardisedSelections::compute(&strata, indicator.thresholds, standard),
        }),
        None => Err(NotShown::Loading),
    }
}

/// A group key left over from another file falls back to what the group menu shows
/// (`menu_keys`: `screen::group_menu_keys` of the data shown).
pub fn keys_in_menu(keys: &SelectionKeys, menu_keys: &[String]) -> SelectionKeys {
    let mut keys = keys.clone();
    if !menu_keys.contains(&keys.group) {
        keys.group = menu_keys
            .first()
            .cloned()
            .unwrap_or_else(|| ANY_GROUP_KEY.to_string());
    }
    keys
}

/// The release menu: every release of the catalogue, the user's first.
pub fn release_menu(manifest: &Manifest, language: Language) -> Vec<MenuGroup> {
    let options = manifest
        .releases()
        .into_iter()
        .map(|(release, year)| MenuOption {
            label: release_label(&release, year, language),
            key: release,
        })
        .collect();
    vec![MenuGroup {
        label: String::new(),
        options,
    }]
}

/// The item menu: the items a release has, with their units.
pub fn indicator_menu(manifest: &Manifest, release: &str, language: Language) -> Vec<MenuGroup> {
    let options = manifest
        .indicators(release)
        .into_iter()
        .map(|indicator| MenuOption {
            key: indicator.id.into(),
            label: names::indicator_with_unit(indicator, language),
        })
        .collect();
    vec![MenuGroup {
        label: String::new(),
        options,
    }]
}

/// The area menu: a user's data offer the areas they hold; built-in data the full menu.
pub fn area_groups(
    manifest: &Manifest,
    secondary_areas: &[SecondaryAreaEntry],
    (release, fiscal_year): (&str, i32),
    indicator: &str,
    user_data: Option<&Dataset>,
    language: Language,
) -> Vec<MenuGroup> {
    match user_data {
        Some(dataset) => data_area_menu(dataset, indicator, language),
        None => area_menu(
            manifest,
            secondary_areas,
            release,
            indicator,
            fiscal_year,
            language,
        ),
    }
}

/// The catalogue `file` of the user's data of a release, if the release is the user's.
pub fn user_file_of(manifest: &Manifest, release: &str) -> Option<String> {
    manifest
        .datasets
        .iter()
        .find(|e| e.release == release && is_user_release(&e.release))
        .map(ManifestEntry::file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::manifest::user_catalogue;
    use crate::model::indicator::by_id;
    use crate::model::{test_record, Bin, Provenance, Record};
    use crate::view::screen::area_key;

    fn entry(release: &str, year: i32, level: AreaLevel, indicator: &str) -> ManifestEntry {
        ManifestEntry {
            release: release.into(),
            fiscal_year: year,
            area_level: level.id().into(),
            indicator: indicator.into(),
            source_files: Vec::new(),
        }
    }

    fn catalogue() -> Manifest {
        Manifest {
            datasets: vec![
                entry("第10回", 2022, AreaLevel::Prefecture, "sbp"),
                entry("第9回", 2021, AreaLevel::Prefecture, "sbp"),
                entry("第9回", 2021, AreaLevel::SecondaryMedicalArea, "sbp"),
                entry("第9回", 2021, AreaLevel::Prefecture, "waist"),
                entry(EXAMPLE_RELEASE, 2022, AreaLevel::Prefecture, "sbp"),
            ],
        }
    }

    fn record(area: (&str, &str), group: &str, year: i32) -> Record {
        let bin = Bin {
            label: "130未満".into(),
            lower: None,
            upper: Some(130.0),
        };
        Record {
            year,
            area_code: area.0.into(),
            area_name: area.1.into(),
            ..test_record(group, bin, Some(10))
        }
    }

    #[test]
    fn a_release_or_item_the_catalogue_lacks_falls_back_and_a_link_says_so() {
        let manifest = catalogue();
        assert_eq!(
            release_shown(&manifest, "第9回"),
            Some(("第9回".into(), 2021))
        );
        assert_eq!(release_shown(&manifest, ""), Some(("第10回".into(), 2022)));
        assert_eq!(
            release_shown(&manifest, "第1回"),
            Some(("第10回".into(), 2022))
        );
        assert_eq!(indicator_shown(&manifest, "第9回", "waist"), Some("waist"));
        assert_eq!(indicator_shown(&manifest, "第10回", "waist"), Some("sbp"));
        let link = ViewState {
            release: Some("第1回".into()),
            indicator: "waist".into(),
            ..ViewState::default()
        };
        let notes = link_notes(&link, &manifest, "第10回");
        assert_eq!(notes.len(), 2);
        assert!(notes[0]
            .text(Language::Japanese)
            .contains("「第1回」は見つからない"));
        assert!(notes[1]
            .text(Language::English)
            .contains("“waist” is not in this release"));
        assert!(link_notes(&ViewState::default(), &manifest, "第10回").is_empty());
    }

    #[test]
    fn each_selection_reads_the_file_of_its_area_level() {
        let manifest = catalogue();
        let national = SelectionKeys::national();
        let area = SelectionKeys {
            area: area_key(AreaLevel::SecondaryMedicalArea, "0101", "南渡島"),
            ..SelectionKeys::national()
        };
        let files = files_needed(
            &manifest,
            "第9回",
            "sbp",
            vec![national.clone(), area.clone()],
        )
        .unwrap();
        assert_eq!(
            files,
            [
                (national.clone(), "ndb_r9_prefecture_sbp.arrow".to_string()),
                (
                    area.clone(),
                    "ndb_r9_secondary_medical_area_sbp.arrow".to_string()
                )
            ]
        );
        let missing = files_needed(&manifest, "第10回", "sbp", vec![area]).unwrap_err();
        assert_eq!(
            missing.message().text(Language::Japanese),
            "第10回には「収縮期血圧」の二次医療圏別データがありません。"
        );
        let broken = SelectionKeys {
            sex: "robot".into(),
            ..national
        };
        assert_eq!(
            files_needed(&manifest, "第10回", "sbp", vec![broken]),
            Err(PageProblem::UnreadableSelection)
        );
    }

    #[test]
    fn new_files_show_their_groups_or_the_view_a_permalink_names() {
        let (entries, datasets) = user_catalogue(Dataset {
            provenance: Provenance::default(),
            records: vec![
                record(("01", "北海道"), "occupational", 2022),
                record(("01", "北海道"), "regional", 2022),
            ],
        });
        let now = Choices::of_view(&ViewState {
            indicator: "hba1c".into(),
            ..ViewState::default()
        });
        let shown = now.for_user_files(None, &entries, &datasets[0].1);
        assert_eq!(shown.release, "読み込んだファイル（2022年度）");
        assert_eq!(shown.indicator, "sbp", "an item the files have");
        assert!(shown.compare);
        assert_eq!(
            (
                shown.primary.group.as_str(),
                shown.comparison.group.as_str()
            ),
            ("group:regional", "group:occupational")
        );
        // A permalink with `data` files keeps its own view as they come in.
        let link = ViewState {
            indicator: "sbp".into(),
            compare: false,
            ..ViewState::default()
        };
        let linked = now.for_user_files(Some(&link), &entries, &datasets[0].1);
        assert_eq!(linked.release, "読み込んだファイル（2022年度）");
        assert!(!linked.compare);
        assert_eq!(linked.primary, link.primary);
        // No files: nothing changes.
        assert_eq!(now.for_user_files(None, &[], &datasets[0].1), now);
    }

    #[test]
    fn the_selections_shown_wait_for_their_files_and_say_the_first_failure() {
        let dataset = Arc::new(Dataset {
            provenance: Provenance::default(),
            records: vec![
                record(("01", "北海道"), "regional", 2022),
                record(("01", "北海道"), "occupational", 2022),
            ],
        });
        let sbp = by_id("sbp").unwrap();
        let hokkaido = SelectionKeys {
            group: group_key("kyosai"),
            ..SelectionKeys::prefecture("01")
        };
        let wanted = vec![
            (hokkaido.clone(), "a".to_string()),
            (SelectionKeys::national(), "b".to_string()),
        ];
        let loaded = |_: &str| FileState::Loaded(dataset.clone());
        let shown = shown(&wanted[..1], sbp, StandardSource::DEFAULT, loaded).unwrap();
        assert_eq!(
            shown.results[0].selection.group,
            crate::analysis::distribution::GroupSelection::One(REGIONAL.into()),
            "a group of another file falls back to the menu's first"
        );
        assert_eq!(shown.results[0].distribution.total_people, 10);
        assert!(shown.screen(Language::English).is_some());
        let second_loading = |name: &str| match name {
            "a" => FileState::Loaded(dataset.clone()),
            _ => FileState::Loading,
        };
        assert_eq!(
            super::shown(&wanted, sbp, StandardSource::DEFAULT, second_loading),
            Err(NotShown::Loading)
        );
        let failed = Message::new("取得できません", "cannot be fetched");
        let second_failed = |name: &str| match name {
            "a" => FileState::Loading,
            _ => FileState::Failed(failed.clone()),
        };
        assert_eq!(
            super::shown(&wanted, sbp, StandardSource::DEFAULT, second_failed),
            Err(NotShown::Loading),
            "files are looked at in order"
        );
        // A prefecture the file does not have: said, naming the selection.
        let tokyo = [(SelectionKeys::prefecture("13"), "a".to_string())];
        assert!(matches!(
            super::shown(&tokyo, sbp, StandardSource::DEFAULT, loaded),
            Err(NotShown::Selection(SelectionFailure { .. }))
        ));
    }

    #[test]
    fn a_group_key_of_another_file_falls_back_to_the_menu() {
        let menu = [group_key(REGIONAL)];
        let keys = SelectionKeys {
            group: group_key("kyosai"),
            ..SelectionKeys::national()
        };
        assert_eq!(keys_in_menu(&keys, &menu).group, "group:regional");
        assert_eq!(keys_in_menu(&keys, &[]).group, ANY_GROUP_KEY);
        let example = Choices::of_view(&ViewState::default()).example();
        assert_eq!(example.release, EXAMPLE_RELEASE);
        assert_eq!(example.comparison.group, "group:occupational");
        assert_eq!(example.primary.area, example.comparison.area);
    }

    #[test]
    fn the_release_and_item_menus_follow_the_catalogue_in_either_language() {
        let manifest = catalogue();
        let labels = |menu: Vec<MenuGroup>| -> Vec<(String, String)> {
            menu.into_iter()
                .flat_map(|group| group.options)
                .map(|option| (option.key, option.label))
                .collect()
        };
        assert_eq!(
            labels(release_menu(&manifest, Language::Japanese)),
            [
                ("第10回".to_string(), "第10回（2022年度）".to_string()),
                ("第9回".to_string(), "第9回（2021年度）".to_string()),
                (
                    EXAMPLE_RELEASE.to_string(),
                    format!("{EXAMPLE_RELEASE}（2022年度）")
                ),
            ]
        );
        assert_eq!(
            labels(indicator_menu(&manifest, "第9回", Language::English)),
            [
                (
                    "sbp".to_string(),
                    "Systolic blood pressure (mmHg)".to_string()
                ),
                ("waist".to_string(), "Waist circumference (cm)".to_string()),
            ]
        );
        assert!(labels(indicator_menu(&Manifest::default(), "", Language::Japanese)).is_empty());
    }
}
