//! What the first screen shows, computed without the browser: the menus offered, the chart
//! model for a pair of selections, the summary table and the notes. The browser layer only
//! binds these to elements, so every figure on screen is covered by native tests.

use crate::analysis::distribution::{
    distribution, AreaSelection, Distribution, GroupSelection, Selection, SelectionFailure,
    SuppressedPeople, COMBINED_KEY,
};
use crate::analysis::standardise::{Estimate, StandardisedSelections, Unstandardised};
use crate::draw::bars::bar_layout;
use crate::draw::distribution_chart::{ChartSeries, ChartThreshold, DistributionChart};
use crate::import::manifest::{is_user_release, Manifest, SecondaryAreaEntry, EXAMPLE_RELEASE};
use crate::model::indicator::{self, Indicator, ThresholdKind};
use crate::model::prefecture::{FIRST_YEAR_OF_PREFECTURE_UNKNOWN, PREFECTURES, PREFECTURE_UNKNOWN};
use crate::model::text::{format_people, format_value};
use crate::model::{
    AgeBand, AreaLevel, Dataset, Provenance, Sex, GROUP_ALL, NDB_AGE_BANDS, OCCUPATIONAL, REGIONAL,
};
use crate::view::groups::{difference_text, direct_method_note, estimate_text};
use crate::view::language::Language;
use crate::view::messages::unstandardised;
use crate::view::names;

/// A menu entry: stable key (used in `<option value>` and by tests) and the label shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuOption {
    pub key: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuGroup {
    pub label: String,
    pub options: Vec<MenuOption>,
}

/// The menu of a selection, as the keys the form holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SelectionKeys {
    pub area: String,
    /// `any`, `combined`, or `group:<id>`.
    pub group: String,
    pub sex: String,
    pub age: String,
}

/// The sex and age band menus' key for "both sexes", "every age band".
pub const ALL_KEY: &str = "all";
pub const NATIONAL_KEY: &str = "national";
/// The group key of data without groups; the sum of the groups is `COMBINED_KEY`.
pub const ANY_GROUP_KEY: &str = "any";
const GROUP_KEY_PREFIX: &str = "group:";

/// `group:regional`
pub fn group_key(group: &str) -> String {
    format!("{GROUP_KEY_PREFIX}{group}")
}

/// The group selection a group menu key names, if any.
pub fn parse_group_key(key: &str) -> Option<GroupSelection> {
    match key {
        ANY_GROUP_KEY => Some(GroupSelection::Any),
        COMBINED_KEY => Some(GroupSelection::Combined),
        _ => key
            .strip_prefix(GROUP_KEY_PREFIX)
            .map(|group| GroupSelection::One(group.to_string())),
    }
}

/// The keys of the group menu for a dataset's groups: none (nothing to choose) when its only
/// group is `all`; otherwise each group, and their sum when at least two groups are not `all`.
/// One named group is still offered, so every label says whose rows these are.
pub fn group_menu_keys(groups: &[String]) -> Vec<String> {
    if groups.is_empty() || groups == [GROUP_ALL] {
        return Vec::new();
    }
    let mut keys: Vec<String> = groups.iter().map(|group| group_key(group)).collect();
    if groups.iter().filter(|g| g.as_str() != GROUP_ALL).count() >= 2 {
        keys.push(COMBINED_KEY.into());
    }
    keys
}

/// The group menu of [`group_menu_keys`], labelled.
pub fn group_menu(groups: &[String], language: Language) -> Vec<MenuOption> {
    group_menu_keys(groups)
        .into_iter()
        .map(|key| {
            let label = match parse_group_key(&key) {
                Some(GroupSelection::One(group)) => names::group(&group, language),
                _ => language
                    .pick("合算（区分の合計）", "Combined (sum of the groups)")
                    .into(),
            };
            MenuOption { key, label }
        })
        .collect()
}

impl SelectionKeys {
    pub fn national() -> SelectionKeys {
        SelectionKeys {
            area: NATIONAL_KEY.into(),
            group: ANY_GROUP_KEY.into(),
            sex: ALL_KEY.into(),
            age: ALL_KEY.into(),
        }
    }

    pub fn prefecture(code: &str) -> SelectionKeys {
        let name = PREFECTURES
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("", |(_, n)| *n);
        SelectionKeys {
            area: area_key(AreaLevel::Prefecture, code, name),
            ..SelectionKeys::national()
        }
    }

    /// The selection these keys name, or `None` when a key is not one the menus offer.
    pub fn to_selection(&self, indicator: &str) -> Option<Selection> {
        let area = parse_area_key(&self.area)?;
        let sex = if self.sex == ALL_KEY {
            None
        } else {
            Some(Sex::from_id(&self.sex)?)
        };
        let age_band = if self.age == ALL_KEY {
            None
        } else {
            Some(AgeBand::parse(&self.age)?)
        };
        Some(Selection {
            indicator: indicator.to_string(),
            area,
            group: parse_group_key(&self.group)?,
            sex,
            age_band,
        })
    }
}

/// `prefecture:01:北海道`; the national total is `national`.
pub fn area_key(level: AreaLevel, code: &str, name: &str) -> String {
    format!("{}:{}:{}", level.id(), code, name)
}

pub fn parse_area_key(key: &str) -> Option<AreaSelection> {
    if key == NATIONAL_KEY {
        return Some(AreaSelection::National);
    }
    let mut parts = key.splitn(3, ':');
    let level = AreaLevel::from_id(parts.next()?)?;
    let code = parts.next()?.to_string();
    let name = parts.next()?.to_string();
    Some(AreaSelection::Area { level, code, name })
}

/// Where the selections point when a user's data are shown: areas the data hold (never a
/// 全国 the data do not have), and with two or more groups the first two (地域 before 職域)
/// against each other in one area. Returns the primary keys and the comparison's, `None` when
/// the data offer nothing to compare with.
pub fn keys_for_user_data(
    dataset: &Dataset,
    primary: &SelectionKeys,
    comparison: &SelectionKeys,
) -> (SelectionKeys, Option<SelectionKeys>) {
    let mut areas: Vec<(AreaLevel, &str, &str)> = Vec::new();
    let mut groups: Vec<&str> = Vec::new();
    for record in &dataset.records {
        let area = (
            record.area_level,
            record.area_code.as_str(),
            record.area_name.as_str(),
        );
        // The last first: a user's records come area by area, group by group (the reader
        // worker puts them so, `import::user_file`), so a scan runs once per area, not per row.
        if areas.last() != Some(&area) && !areas.contains(&area) {
            areas.push(area);
        }
        let group = record.group.as_str();
        if group != GROUP_ALL && groups.last() != Some(&group) && !groups.contains(&group) {
            groups.push(group);
        }
    }
    let keys: Vec<String> = areas
        .iter()
        .map(|(level, code, name)| area_key(*level, code, name))
        .collect();
    let mut primary = primary.clone();
    if !keys.contains(&primary.area) {
        primary.area = keys.first().cloned().unwrap_or_default();
    }
    let first = groups
        .iter()
        .find(|g| **g == REGIONAL)
        .or(groups.first())
        .copied();
    let others = || groups.iter().filter(|g| Some(**g) != first);
    let second = others()
        .find(|g| **g == OCCUPATIONAL)
        .or(others().next())
        .copied();
    if let (Some(first), Some(second)) = (first, second) {
        primary.group = group_key(first);
        let comparison = SelectionKeys {
            group: group_key(second),
            ..primary.clone()
        };
        return (primary, Some(comparison));
    }
    let mut comparison = comparison.clone();
    if !keys.contains(&comparison.area) || comparison.area == primary.area {
        match keys.iter().find(|key| **key != primary.area) {
            Some(other) => comparison.area = other.clone(),
            None => return (primary, None),
        }
    }
    (primary, Some(comparison))
}

/// The area menu of a user's data: exactly the areas its rows name for the item, by level.
/// No 全国 total is offered unless the file has national rows of its own: a file's prefectures
/// are rarely all of Japan.
pub fn data_area_menu(dataset: &Dataset, indicator: &str, language: Language) -> Vec<MenuGroup> {
    // One menu group per level, in the levels' order (their declaration order).
    let mut groups: [Option<MenuGroup>; AreaLevel::ALL.len()] = Default::default();
    let mut seen: std::collections::HashSet<(AreaLevel, &str, &str)> = Default::default();
    for record in dataset.records.iter().filter(|r| r.indicator == indicator) {
        // Compared borrowed first: a user's file may hold a million rows of a few areas.
        if !seen.insert((record.area_level, &record.area_code, &record.area_name)) {
            continue;
        }
        let group = groups[record.area_level as usize].get_or_insert_with(|| MenuGroup {
            label: names::area_level(record.area_level, language).into(),
            options: Vec::new(),
        });
        group.options.push(MenuOption {
            key: area_key(record.area_level, &record.area_code, &record.area_name),
            label: names::area(&record.area_name, language),
        });
    }
    groups.into_iter().flatten().collect()
}

/// Which area level's file a selection needs (the national total is made from prefectures).
pub fn level_needed(area: &AreaSelection) -> AreaLevel {
    match area {
        AreaSelection::National => AreaLevel::Prefecture,
        AreaSelection::Area { level, .. } => *level,
    }
}

/// Area menu: the national total, the prefectures, then the secondary medical areas of each
/// prefecture when the release has them for this indicator (`secondary_areas`: the list in
/// `SECONDARY_AREAS_FILE`, empty until it is fetched).
pub fn area_menu(
    manifest: &Manifest,
    secondary_areas: &[SecondaryAreaEntry],
    release: &str,
    indicator: &str,
    fiscal_year: i32,
    language: Language,
) -> Vec<MenuGroup> {
    let national = MenuGroup {
        label: names::area_level(AreaLevel::National, language).into(),
        options: vec![MenuOption {
            key: NATIONAL_KEY.into(),
            label: language
                .pick("全国（都道府県の合計）", "Japan (sum of the prefectures)")
                .into(),
        }],
    };
    let mut prefectures: Vec<MenuOption> = PREFECTURES
        .iter()
        .map(|(code, name)| MenuOption {
            key: area_key(AreaLevel::Prefecture, code, name),
            label: names::area(name, language),
        })
        .collect();
    if fiscal_year >= FIRST_YEAR_OF_PREFECTURE_UNKNOWN {
        prefectures.push(MenuOption {
            key: area_key(AreaLevel::Prefecture, "", PREFECTURE_UNKNOWN),
            label: names::area(PREFECTURE_UNKNOWN, language),
        });
    }
    let mut groups = vec![
        national,
        MenuGroup {
            label: names::area_level(AreaLevel::Prefecture, language).into(),
            options: prefectures,
        },
    ];
    if manifest
        .find(release, AreaLevel::SecondaryMedicalArea.id(), indicator)
        .is_some()
    {
        let mut by_prefecture: Vec<MenuGroup> = Vec::new();
        for area in secondary_areas {
            let label = match area.prefecture() {
                None => language.pick("その他", "Other").to_string(),
                Some(prefecture) => language.parenthesised(
                    names::area_level(AreaLevel::SecondaryMedicalArea, language),
                    &names::area(prefecture, language),
                ),
            };
            let option = MenuOption {
                key: area_key(AreaLevel::SecondaryMedicalArea, &area.code, &area.name),
                label: if area.code.is_empty() {
                    area.name.clone()
                } else {
                    format!("{} {}", area.code, area.name)
                },
            };
            match by_prefecture.iter_mut().find(|g| g.label == label) {
                Some(group) => group.options.push(option),
                None => by_prefecture.push(MenuGroup {
                    label,
                    options: vec![option],
                }),
            }
        }
        groups.extend(by_prefecture);
    }
    groups
}

pub fn sex_menu(language: Language) -> Vec<MenuOption> {
    let mut options = vec![MenuOption {
        key: ALL_KEY.into(),
        label: language.pick("男女計", "Both sexes").into(),
    }];
    options.extend(Sex::BOTH.map(|sex| MenuOption {
        key: sex.id().into(),
        label: names::sex(sex, language).into(),
    }));
    options
}

pub fn age_menu(language: Language) -> Vec<MenuOption> {
    let mut options = vec![MenuOption {
        key: ALL_KEY.into(),
        label: language
            .pick("40〜74歳（全年齢）", "40–74 years (all ages)")
            .into(),
    }];
    options.extend(NDB_AGE_BANDS.map(|band| MenuOption {
        key: band.id(),
        label: names::age_band(band, language),
    }));
    options
}

/// One selection, computed: what the chart and one table row need.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesResult {
    pub selection: Selection,
    pub distribution: Distribution,
}

/// The whole first screen for one or two selections on one dataset each.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenModel {
    pub indicator: &'static Indicator,
    pub primary: SeriesResult,
    pub comparison: Option<SeriesResult>,
    pub citation: String,
    pub notes: Vec<String>,
    pub fictional: bool,
    /// The example dataset's made-up split of real NDB counts, rather than a user's file of
    /// made-up figures (the recipe's fictional records): the note says which.
    pub fictional_example: bool,
    pub language: Language,
    /// The selections age-standardised (the page's; the embed page shows no table). Boxed: the
    /// embed page's model stays small.
    pub standardised: Option<Box<StandardisedSelections>>,
}

/// Computes a selection against the dataset holding its rows (no words: a language switch
/// does not recompute it).
pub fn compute_series(
    dataset: &Dataset,
    selection: &Selection,
) -> Result<SeriesResult, SelectionFailure> {
    match distribution(&dataset.records, selection) {
        Ok(distribution) => Ok(SeriesResult {
            selection: selection.clone(),
            distribution,
        }),
        Err(problem) => Err(SelectionFailure {
            selection: selection.clone(),
            problem,
        }),
    }
}

impl ScreenModel {
    /// The screen of computed selections; `provenance` is the primary selection's dataset's.
    pub fn new(
        indicator: &'static Indicator,
        primary: SeriesResult,
        comparison: Option<SeriesResult>,
        provenance: &Provenance,
        language: Language,
    ) -> ScreenModel {
        let citation = names::citation(provenance, primary.distribution.fiscal_year, language);
        let notes = notes(&primary, comparison.as_ref(), language);
        ScreenModel {
            indicator,
            primary,
            comparison,
            citation,
            notes,
            fictional: provenance.fictional,
            // Only built-in files keep a publisher (`user_file`, `collection::merge_files`).
            fictional_example: provenance.fictional && !provenance.publisher.is_empty(),
            language,
            standardised: None,
        }
    }

    /// With the table's age-standardised shares.
    pub fn with_standardised(self, standardised: StandardisedSelections) -> ScreenModel {
        ScreenModel {
            standardised: Some(Box::new(standardised)),
            ..self
        }
    }

    /// 「収縮期血圧の分布（2022年度）」 / "Systolic blood pressure: distribution, FY2022"
    pub fn title(&self) -> String {
        distribution_title(
            self.indicator,
            self.primary.distribution.fiscal_year,
            self.language,
        )
    }

    pub fn chart(&self) -> DistributionChart<'_> {
        let language = self.language;
        distribution_chart(ChartText {
            title: self.title(),
            indicator: self.indicator,
            primary: chart_series(&self.primary, language),
            comparison: self
                .comparison
                .as_ref()
                .map(|series| chart_series(series, language)),
            citation: &self.citation,
            notes: &self.notes,
            fictional: self.fictional,
            language,
        })
    }

    /// Table rows: one per selection.
    pub fn summary_rows(&self) -> Vec<SummaryRow> {
        std::iter::once(&self.primary)
            .chain(&self.comparison)
            .map(|s| summary_row(self.indicator, s, self.language))
            .collect()
    }

    /// Under each selection's row, per threshold, its age-standardised share:
    /// 「34.2%（95%CI 34.1〜34.3）」, or why not; `None` for a selection of one age band (its
    /// crude share is the band's own) or without standardised figures (the embed page).
    pub fn standardised_rows(&self) -> Vec<Option<Vec<String>>> {
        let language = self.language;
        let Some(standardised) = &self.standardised else {
            return Vec::new();
        };
        standardised
            .shares
            .iter()
            .map(|shares| {
                standardises(shares).then(|| {
                    let share = |e: &Estimate| estimate_text(e, 100.0, "%", language);
                    shares.iter().map(|s| or_why(s, share, language)).collect()
                })
            })
            .collect()
    }

    /// Under the rows, per threshold: the first selection's age-standardised share minus the
    /// second's, in points with its 95 % interval — `None` without a comparison, or where
    /// neither is standardised (one age band chosen).
    pub fn standardised_differences(&self) -> Option<Vec<String>> {
        let differences = &self.standardised.as_ref()?.differences;
        let language = self.language;
        let text = |d: &Estimate| difference_text(d, language);
        standardises(differences).then(|| {
            differences
                .iter()
                .map(|d| or_why(d, text, language))
                .collect()
        })
    }

    /// How the table's standardised shares were made (under the table), or nothing when none
    /// is shown.
    pub fn standardised_note(&self) -> Option<String> {
        let standardised = self.standardised.as_ref()?;
        let shown = standardised
            .shares
            .iter()
            .any(|shares| standardises(shares));
        shown.then(|| direct_method_note(standardised.standard, self.language))
    }

    /// 「収縮期血圧・北海道・男女計・40〜74歳（第10回）」: the title a saved view of it gets.
    pub fn view_title(&self, release: &str) -> String {
        let shown = names::selection(&self.primary.selection, self.language);
        match self.language {
            Language::Japanese => format!("{}・{shown}（{release}）", self.indicator.name_ja),
            Language::English => format!("{}: {shown} ({release})", self.indicator.name_en),
        }
    }

    /// 「収縮期血圧の分布（北海道・男女計・40〜74歳）」: the embedded chart's frame title.
    pub fn embed_title(&self) -> String {
        let shown = names::selection(&self.primary.selection, self.language);
        match self.language {
            Language::Japanese => format!("{}の分布（{shown}）", self.indicator.name_ja),
            Language::English => format!("Distribution of {} ({shown})", self.indicator.name_en),
        }
    }

    /// What the page adds to a message while this screen stays shown.
    pub fn kept_note(&self) -> String {
        let shown = names::selection(&self.primary.selection, self.language);
        match self.language {
            Language::Japanese => format!("前の表示（{shown}）をそのまま残しています。"),
            Language::English => format!("The previous view ({shown}) is kept."),
        }
    }

    /// The label above a chart of made-up figures: how the example dataset was made, or only
    /// that a user's figures are not real.
    pub fn fictional_note(&self) -> Option<String> {
        if !self.fictional_example {
            return self.fictional.then(|| names::not_real(self.language));
        }
        let label = names::fictional_label(self.language);
        Some(match self.language {
            Language::Japanese => format!("{label}：NDBの実際の人数を一定の規則で地域・職域に分けた架空の値です。実在の地域・職域の値ではありません。"),
            Language::English => format!("{label}: the real NDB counts split between regional and occupational by a fixed rule. Not the values of any real region or workplace."),
        })
    }

    /// A one-sentence text alternative for the chart.
    pub fn text_alternative(&self) -> String {
        let language = self.language;
        let mut text = match language {
            Language::Japanese => format!("{}の分布の棒グラフ。", self.indicator.name_ja),
            Language::English => format!(
                "Bar chart of the distribution of {}. ",
                self.indicator.name_en
            ),
        };
        for row in self.summary_rows() {
            text.push_str(&format!(
                "{}{}{}",
                row.label,
                language.pick("：", ": "),
                language.people(&row.people)
            ));
            for cell in &row.thresholds {
                text.push_str(&match language {
                    Language::Japanese => format!("、{}は{}", cell.heading, cell.share),
                    Language::English => format!("; {}: {}", cell.heading, cell.share),
                });
            }
            text.push_str(language.pick("。", ". "));
        }
        text.trim_end().to_string()
    }
}

/// The title of a distribution chart: 「収縮期血圧の分布（2022年度）」.
pub fn distribution_title(indicator: &Indicator, fiscal_year: i32, language: Language) -> String {
    match language {
        Language::Japanese => format!("{}の分布（{}年度）", indicator.name_ja, fiscal_year),
        Language::English => format!("Distribution of {}, FY{}", indicator.name_en, fiscal_year),
    }
}

/// A selection's label and distribution, as a chart shows them.
fn chart_series(series: &SeriesResult, language: Language) -> (String, &Distribution) {
    (
        names::selection(&series.selection, language),
        &series.distribution,
    )
}

/// What a distribution chart says, before its words are laid out by [`distribution_chart`].
/// `'a`: the distributions, which the chart keeps; `'w`: the words, which it copies.
pub struct ChartText<'a, 'w> {
    pub title: String,
    pub indicator: &'static Indicator,
    /// (label, distribution), filled.
    pub primary: (String, &'a Distribution),
    /// (label, distribution), outlined.
    pub comparison: Option<(String, &'a Distribution)>,
    pub citation: &'w str,
    pub notes: &'w [String],
    pub fictional: bool,
    pub language: Language,
}

/// Every word of a distribution chart (first screen, embed page, simulator): legend with the
/// people counted, axes, threshold labels, source and notes, the fictional-data label.
pub fn distribution_chart<'a>(text: ChartText<'a, '_>) -> DistributionChart<'a> {
    let ChartText {
        title,
        indicator,
        primary,
        comparison,
        citation,
        notes,
        fictional,
        language,
    } = text;
    let legend = |(label, distribution): (String, &'a Distribution), filled: bool| {
        let people = language.people(&format_people(distribution.total_people));
        let legend = match (language, filled) {
            (Language::Japanese, true) => format!("{label}（塗り：{people}）"),
            (Language::Japanese, false) => format!("{label}（枠線：{people}）"),
            (Language::English, true) => format!("{label} (filled: {people})"),
            (Language::English, false) => format!("{label} (outlined: {people})"),
        };
        ChartSeries {
            legend,
            distribution,
        }
    };
    let unit = indicator.unit;
    let y_axis = match (bar_layout(primary.1).reference_width, language) {
        (Some(w), Language::Japanese) => {
            format!("人数の割合（%、{}{unit}幅あたり）", format_value(w))
        }
        (Some(w), Language::English) => {
            format!("Share of people (% per {} {unit})", format_value(w))
        }
        (None, _) => language
            .pick("人数の割合（%）", "Share of people (%)")
            .to_string(),
    };
    // The unit is on the x axis; leaving it out of the threshold labels keeps them short
    // enough to sit beside their line.
    let thresholds = indicator
        .thresholds
        .iter()
        .map(|threshold| ChartThreshold {
            value: threshold.value,
            solid: threshold.kind == ThresholdKind::SeeDoctor,
            label: format!(
                "{} {}",
                names::threshold_kind(threshold.kind, language),
                names::threshold_condition(threshold, "", language)
            ),
        })
        .collect();
    let mut footer = vec![citation.to_string()];
    footer.extend(notes.iter().cloned());
    DistributionChart {
        title,
        primary: legend(primary, true),
        comparison: comparison.map(|series| legend(series, false)),
        y_axis,
        x_axis: names::indicator_with_unit(indicator, language),
        thresholds,
        footer,
        fictional_label: fictional.then(|| names::fictional_label(language).to_string()),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub label: String,
    pub people: String,
    pub thresholds: Vec<ThresholdCell>,
    pub suppressed_cells: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ThresholdCell {
    /// `guidance` or `see-doctor`: used in `data-testid`s.
    pub id: &'static str,
    /// 「保健指導判定値（130mmHg以上）」
    pub heading: String,
    /// 「36.1%（352,061人）」, or 「—」 when the threshold falls inside a bin.
    pub share: String,
}

fn summary_row(indicator: &Indicator, series: &SeriesResult, language: Language) -> SummaryRow {
    let d = &series.distribution;
    let thresholds = indicator
        .thresholds
        .iter()
        .map(|threshold| ThresholdCell {
            id: threshold.kind.id(),
            heading: names::threshold_heading(threshold, indicator.unit, language),
            share: names::threshold_share(d.threshold_share(threshold), language),
        })
        .collect();
    SummaryRow {
        label: names::selection(&series.selection, language),
        people: format_people(d.total_people),
        thresholds,
        suppressed_cells: format!("{} / {}", d.suppressed_cell_count, d.cell_count),
    }
}

/// Whether some of these figures are standardised or say why not: not when every one is
/// "one age band" (nothing to standardise) or there are none.
pub(crate) fn standardises(figures: &[Result<Estimate, Unstandardised>]) -> bool {
    figures
        .iter()
        .any(|f| *f != Err(Unstandardised::OneAgeBand))
}

/// A standardised figure as `text` writes it, or why there is none.
fn or_why(
    figure: &Result<Estimate, Unstandardised>,
    text: impl Fn(&Estimate) -> String,
    language: Language,
) -> String {
    match figure {
        Ok(estimate) => text(estimate),
        Err(why) => unstandardised(why, language),
    }
}

fn notes(
    primary: &SeriesResult,
    comparison: Option<&SeriesResult>,
    language: Language,
) -> Vec<String> {
    let mut notes = Vec::new();
    let all = std::iter::once(primary).chain(comparison);
    if all
        .clone()
        .any(|s| s.selection.area == AreaSelection::National)
    {
        notes.push(language.pick("全国値は都道府県別の行（都道府県判別不可の行がある年度はそれも含む）を合計して算出（NDBは全国の行を公表していない）。",
            "The national figure is the sum of the prefecture rows (including “prefecture unknown” where a year has it): NDB publishes no national row.").into());
    }
    notes.extend(suppression_notes(
        SuppressedPeople::of(all.clone().map(|s| &s.distribution)),
        language,
    ));
    if primary
        .distribution
        .bins
        .iter()
        .any(|b| !b.bin.is_categorical() && (b.bin.lower.is_none() || b.bin.upper.is_none()))
    {
        notes.push(language.pick("両端の淡い棒は上限・下限のない階層。幅を隣の階層と同じと仮定して描いたため高さは目安（割合の数値は正確）。",
            "The pale bars at either end are open-ended bins, drawn as wide as their neighbour: their height is a guide (the shares are exact).").into());
    }
    notes
}

/// What the tables say about suppressed cells: how many, how many people the published
/// subtotals (中計) restored exactly, and how many they bound without saying which age band
/// holds them. Shared by every table of distributions.
pub fn suppression_notes(suppressed: SuppressedPeople, language: Language) -> Vec<String> {
    let SuppressedPeople {
        cells: suppressed,
        restored_people: restored,
        bounded_people_up_to: bounded,
        unbounded_cells: unbounded,
        ..
    } = suppressed;
    let mut notes = Vec::new();
    if suppressed == 0 {
        return notes;
    }
    let (restored_text, bounded_text) = (format_people(restored), format_people(bounded));
    notes.push(match language {
        Language::Japanese => format!("秘匿セル {suppressed} 個（10人未満など）。公表されている中計（年齢階級の小計）から {restored_text} 人を正確に復元して集計に含めた。"),
        Language::English => format!("{suppressed} suppressed cells (fewer than 10 people, etc.). The published subtotals (中計, over the age bands) restore {restored_text} of their people exactly; they are counted."),
    });
    if bounded > 0 {
        notes.push(match language {
            Language::Japanese => format!("ほかに秘匿された {bounded_text} 人は、中計から人数の合計は分かるが、どの年齢階級にいるかが分からない。この人数に左右される割合は、全員がこの選択に入る場合と入らない場合の範囲（〜）で示す。＊の階層の棒と割合は確定した人数のみ。"),
            Language::English => format!("Another {bounded_text} suppressed people are known from the subtotals as a sum, but not by age band. A share that depends on them is shown as the range (–) between none and all of them being in this selection. Bins marked ＊ show only the people known."),
        });
    }
    if unbounded > 0 {
        notes.push(match language {
            Language::Japanese => format!("秘匿セル {unbounded} 個は中計も公表されておらず人数不明（集計に含まない）。割合は人数の分かっている人に対するもの（＊の階層）。"),
            Language::English => format!("{unbounded} suppressed cells have no published subtotal: their people are unknown and not counted; shares are of the people known (bins marked ＊)."),
        });
    }
    notes
}

/// How the release menu names a release: 「第10回（2022年度）」 / "10th release (FY2022)"; a
/// user release already says its year in Japanese.
pub fn release_label(release: &str, fiscal_year: i32, language: Language) -> String {
    match language {
        Language::Japanese if is_user_release(release) => release.to_string(),
        Language::Japanese => format!("{release}（{fiscal_year}年度）"),
        Language::English => {
            let name = if is_user_release(release) {
                "Files you opened".to_string()
            } else if release == EXAMPLE_RELEASE {
                names::FICTIONAL_LABEL_EN.to_string()
            } else {
                names::release_in_english(release)
            };
            format!("{name} (FY{fiscal_year})")
        }
    }
}

/// The indicator of an id, for menus that only know ids.
pub fn indicator_or_default(id: &str) -> &'static Indicator {
    indicator::by_id(id).unwrap_or(&indicator::INDICATORS[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_keys_round_trip() {
        let key = area_key(AreaLevel::SecondaryMedicalArea, "0101", "南渡島");
        assert_eq!(
            parse_area_key(&key),
            Some(AreaSelection::Area {
                level: AreaLevel::SecondaryMedicalArea,
                code: "0101".into(),
                name: "南渡島".into()
            })
        );
        assert_eq!(parse_area_key(NATIONAL_KEY), Some(AreaSelection::National));
        assert_eq!(parse_area_key("nowhere:1:x"), None);
        // A file's own national rows are an area like any other (never the sum of prefectures).
        assert!(matches!(
            parse_area_key("national:00:全国"),
            Some(AreaSelection::Area {
                level: AreaLevel::National,
                ..
            })
        ));
    }

    #[test]
    fn selection_keys_refuse_what_the_menus_do_not_offer() {
        let mut keys = SelectionKeys::prefecture("13");
        assert_eq!(
            names::selection(&keys.to_selection("sbp").unwrap(), Language::Japanese),
            "東京都・男女計・40〜74歳"
        );
        keys.sex = "other".into();
        assert_eq!(keys.to_selection("sbp"), None);
    }

    #[test]
    fn group_menu_appears_only_when_there_is_a_choice() {
        assert!(group_menu(&["all".to_string()], Language::Japanese).is_empty());
        assert_eq!(
            group_menu(&["occupational".to_string()], Language::Japanese)[0].label,
            "職域"
        );
        let groups = ["regional".to_string(), "occupational".to_string()];
        let menu = group_menu(&groups, Language::Japanese);
        assert_eq!(
            group_menu(&groups, Language::English)[2].label,
            "Combined (sum of the groups)"
        );
        let keys: Vec<&str> = menu.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(keys, ["group:regional", "group:occupational", "combined"]);
        assert_eq!(menu[0].label, "地域");
        let mut keys = SelectionKeys::prefecture("01");
        keys.group = "group:occupational".into();
        assert_eq!(
            names::selection(&keys.to_selection("sbp").unwrap(), Language::Japanese),
            "北海道・職域・男女計・40〜74歳"
        );
    }

    #[test]
    fn user_data_are_shown_in_their_own_areas_and_groups() {
        use crate::model::{Bin, Record};
        let record = |code: &str, name: &str, group: &str| Record {
            year: 2022,
            area_level: AreaLevel::Prefecture,
            area_code: code.into(),
            area_name: name.into(),
            group: group.into(),
            sex: Sex::Male,
            age_band: NDB_AGE_BANDS[0],
            indicator: "sbp".into(),
            bin: Bin {
                label: "x".into(),
                lower: None,
                upper: None,
            },
            count_people: Some(1),
            suppressed_in_row: None,
        };
        let dataset = |records| Dataset {
            provenance: Default::default(),
            records,
        };
        let tokyo = SelectionKeys::prefecture("13");
        // One group, two areas: the second area is the comparison, never a 全国 sum.
        let workers = dataset(vec![
            record("01", "北海道", "occupational"),
            record("02", "青森県", "occupational"),
        ]);
        let (primary, comparison) =
            keys_for_user_data(&workers, &tokyo, &SelectionKeys::national());
        assert_eq!(primary.area, SelectionKeys::prefecture("01").area);
        assert_eq!(
            comparison.unwrap().area,
            SelectionKeys::prefecture("02").area
        );
        // One area only: nothing to compare with.
        let one = dataset(vec![record("01", "北海道", "all")]);
        assert_eq!(keys_for_user_data(&one, &tokyo, &tokyo).1, None);
        // Two groups: 地域 against 職域 in the same area.
        let both = dataset(vec![
            record("01", "北海道", "occupational"),
            record("01", "北海道", "regional"),
        ]);
        let (primary, comparison) = keys_for_user_data(&both, &tokyo, &tokyo);
        let comparison = comparison.unwrap();
        assert_eq!(
            (primary.group.as_str(), comparison.group.as_str()),
            ("group:regional", "group:occupational")
        );
        assert_eq!(primary.area, comparison.area);
    }

    #[test]
    fn menus_offer_every_band_and_both_sexes() {
        assert_eq!(age_menu(Language::English).len(), 8);
        assert_eq!(
            sex_menu(Language::English)
                .iter()
                .map(|o| o.key.as_str())
                .collect::<Vec<_>>(),
            ["all", "male", "female"]
        );
    }
}
