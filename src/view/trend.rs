//! The trend view: one selection's shares past the item's 判定値 over the fiscal years, with
//! 全国 as the reference. All ages are age-standardised to a fixed standard population (the
//! crude share beside it); one age band needs none. Its chart's and table's words.

use std::sync::Arc;

use crate::analysis::distribution::{AreaSelection, Selection, ThresholdShare};
use crate::analysis::standardise::{Estimate, StandardSource};
use crate::analysis::trend::{standardised_mean, trend, Trend, TrendYear};
use crate::draw::trend_chart::{TrendChart, TrendPoint, TrendSeries};
use crate::draw::{COMPARISON_RGB, PRIMARY_RGB};
use crate::import::manifest::{is_user_release, Manifest, ManifestEntry, EXAMPLE_RELEASE};
use crate::model::indicator::Indicator;
use crate::model::published_mean::PublishedMeans;
use crate::model::standard_population::FixedStandard;
use crate::model::text::format_people;
use crate::model::{sort_by_key_value, AreaLevel, Dataset};
use crate::view::groups::{direct_method_note, estimate_text};
use crate::view::language::Language;
use crate::view::names;
use crate::view::screen::{self, level_needed};

/// The standard every trend is standardised to: the page's default, fixed so years compare.
pub const TREND_STANDARD: FixedStandard = FixedStandard::Census2020;

/// The files of one fiscal year a trend needs: the selection's level and the prefectures' (for
/// the 全国 reference; the same file for a prefecture).
#[derive(Clone, Debug, PartialEq)]
pub struct TrendFiles {
    pub fiscal_year: i32,
    pub release: String,
    pub selection_file: String,
    /// `None` where a user's file has no data by prefecture (no 全国 reference then).
    pub prefecture_file: Option<String>,
}

/// The years of the series the shown release belongs to, with the item at the selection's
/// level, oldest first: the user's fiscal years when a user's file is shown (one release per
/// year, never summed across years), else every built-in release (the example is one year of
/// made-up groups, so its trend is the real releases').
pub fn trend_files(
    manifest: &Manifest,
    selection: &Selection,
    shown_release: &str,
) -> Vec<TrendFiles> {
    let level = level_needed(&selection.area);
    let users = is_user_release(shown_release);
    let files: Vec<TrendFiles> = manifest
        .datasets
        .iter()
        .filter(|e| e.release != EXAMPLE_RELEASE && is_user_release(&e.release) == users)
        .filter(|e| e.indicator == selection.indicator && e.area_level == level.id())
        .map(|entry| TrendFiles {
            fiscal_year: entry.fiscal_year,
            release: entry.release.clone(),
            selection_file: entry.file(),
            prefecture_file: manifest
                .find(&entry.release, AreaLevel::Prefecture.id(), &entry.indicator)
                .map(ManifestEntry::file),
        })
        .collect();
    let mut keyed: Vec<(f64, usize)> = (files.iter().enumerate())
        .map(|(index, file)| (f64::from(file.fiscal_year), index))
        .collect();
    sort_by_key_value(&mut keyed);
    keyed
        .iter()
        .map(|(_, index)| files[*index].clone())
        .collect()
}

/// One fiscal year's data: the selection's level and, for the 全国 reference, the prefectures'
/// (the same file for a prefecture).
#[derive(Clone)]
pub struct TrendData {
    pub fiscal_year: i32,
    pub release: String,
    pub selection_level: Arc<Dataset>,
    /// `None` without data by prefecture: the trend then has no 全国 reference.
    pub prefectures: Option<Arc<Dataset>>,
}

/// The figures of a trend view (no words: a language switch recomputes none of them).
#[derive(Clone, Debug, PartialEq)]
pub struct TrendFigures {
    pub indicator: &'static Indicator,
    pub selection: Selection,
    /// (fiscal year, release), in the order the data came.
    pub releases: Vec<(i32, String)>,
    pub area: Trend,
    /// `None` when the selection is 全国 itself.
    pub national: Option<Trend>,
    pub fictional: bool,
    /// The user's files the years come from, when they are the user's (not the ministry's).
    pub opened_files: Option<Vec<String>>,
}

impl TrendFigures {
    pub fn compute(
        indicator: &'static Indicator,
        selection: Selection,
        data: &[TrendData],
    ) -> TrendFigures {
        let releases: Vec<(i32, String)> = data
            .iter()
            .map(|d| (d.fiscal_year, d.release.clone()))
            .collect();
        let area_years: Vec<(i32, &[crate::model::Record])> = data
            .iter()
            .map(|d| (d.fiscal_year, d.selection_level.records.as_slice()))
            .collect();
        let area = trend(
            &area_years,
            &selection,
            indicator.thresholds,
            TREND_STANDARD,
        );
        // 全国 only where every year has data by prefecture (a user's file may have none).
        let prefecture_years: Option<Vec<(i32, &[crate::model::Record])>> = data
            .iter()
            .map(|d| Some((d.fiscal_year, d.prefectures.as_ref()?.records.as_slice())))
            .collect();
        let national = prefecture_years
            .filter(|_| selection.area != AreaSelection::National)
            .map(|years| {
                let national_selection = Selection {
                    area: AreaSelection::National,
                    ..selection.clone()
                };
                trend(
                    &years,
                    &national_selection,
                    indicator.thresholds,
                    TREND_STANDARD,
                )
            });
        TrendFigures {
            indicator,
            selection,
            releases,
            area,
            national,
            fictional: data.iter().any(|d| d.selection_level.provenance.fictional),
            opened_files: data
                .first()
                .filter(|d| is_user_release(&d.release))
                .map(|d| d.selection_level.provenance.source_files.clone()),
        }
    }

    /// Whether the shares shown are age-standardised: all ages (one age band needs none).
    fn standardised(&self) -> bool {
        self.selection.age_band.is_none()
    }

    pub fn screen(&self, language: Language) -> TrendScreen {
        let unit = self.indicator.unit;
        let headings = self
            .indicator
            .thresholds
            .iter()
            .map(|t| names::threshold_heading(t, unit, language))
            .collect();
        let rows = self
            .area
            .years
            .iter()
            .map(|year| self.row(year, language))
            .collect();
        // One age band needs no standardising: its crude share is the figure plotted, shown once.
        let mut columns = Vec::new();
        if self.standardised() {
            columns.push(language.pick("年齢調整割合（95%CI）", "Age-standardised (95% CI)"));
        }
        columns.push(language.pick("粗割合（人数）", "Crude (people)"));
        if self.national.is_some() {
            columns.push(if self.standardised() {
                language.pick("全国（年齢調整）", "Japan (age-standardised)")
            } else {
                language.pick("全国", "Japan")
            });
        }
        // A user's year is no release of the ministry's. (The chart's axis words: 「年度」 alone is
        // a string the opening of files has too, which would move it into a chunk both fetch.)
        let year_heading = if self.opened_files.is_some() {
            language.pick("健診の実施年度", "Fiscal year of the checkups")
        } else {
            language.pick("年度（公表回）", "Fiscal year (release)")
        };
        TrendScreen {
            title: self.title(language),
            row_headings: [
                year_heading.into(),
                language.pick("受診者数", "Examinees").into(),
            ],
            columns,
            headings,
            rows,
            notes: self.notes(language),
            chart: self.chart(language),
        }
    }

    fn title(&self, language: Language) -> String {
        let item = names::indicator(self.indicator, language);
        let who = names::selection(&self.selection, language);
        match (language, self.standardised()) {
            (Language::Japanese, true) => {
                format!("{item}：判定値以上の人の割合の推移（{who}、年齢調整）")
            }
            (Language::Japanese, false) => {
                format!("{item}：判定値以上の人の割合の推移（{who}、粗割合）")
            }
            (Language::English, true) => {
                format!("{item}: share past each threshold by year ({who}, age-standardised)")
            }
            (Language::English, false) => {
                format!("{item}: share past each threshold by year ({who}, crude)")
            }
        }
    }

    /// 「2013年度（第1回）」, or a user's year as the release menu names it.
    pub fn release_label(&self, fiscal_year: i32, language: Language) -> String {
        let release = self
            .releases
            .iter()
            .find(|(year, _)| *year == fiscal_year)
            .map(|(_, release)| release.as_str())
            .unwrap_or_default();
        // A user's year is a release of its own: named as the release menu names it.
        if self.opened_files.is_some() {
            return screen::release_label(release, fiscal_year, language);
        }
        match language {
            Language::Japanese => format!("{fiscal_year}年度（{release}）"),
            Language::English => {
                format!("FY{fiscal_year} ({})", names::release_in_english(release))
            }
        }
    }

    fn row(&self, year: &TrendYear, language: Language) -> TrendRow {
        let national = self
            .national
            .as_ref()
            .and_then(|n| n.years.iter().find(|y| y.fiscal_year == year.fiscal_year));
        let people = match &year.distribution {
            Ok(d) => language.people(&format_people(d.total_people)),
            Err(_) => language.pick("—（データなし）", "— (no data)").into(),
        };
        let cells = (0..self.indicator.thresholds.len())
            .map(|index| TrendCell {
                standardised: self
                    .standardised()
                    .then(|| self.share_text(year, index, language)),
                crude: crude_text(year, index, language),
                national: national.map(|n| self.share_text(n, index, language)),
            })
            .collect();
        TrendRow {
            fiscal_year: year.fiscal_year,
            year: self.release_label(year.fiscal_year, language),
            people,
            cells,
        }
    }

    /// The figure the chart plots: standardised for all ages, crude for one age band.
    fn share_text(&self, year: &TrendYear, index: usize, language: Language) -> String {
        if !self.standardised() {
            return crude_text(year, index, language);
        }
        match &year.standardised[index] {
            Ok(estimate) => estimate_text(estimate, 100.0, "%", language),
            Err(_) => language.pick("—（算出不可）", "— (not computable)").into(),
        }
    }

    fn point(&self, year: &TrendYear, index: usize) -> TrendPoint {
        let (percent, interval_percent) = if self.standardised() {
            match &year.standardised[index] {
                Ok(Estimate {
                    value,
                    range,
                    interval,
                    ..
                }) => {
                    let (low, high) = range.unwrap_or((*value, *value));
                    let interval = (interval.0.min(low) * 100.0, interval.1.max(high) * 100.0);
                    (Some(value * 100.0), Some(interval))
                }
                Err(_) => (None, None),
            }
        } else {
            match year.crude[index] {
                Some(ThresholdShare::Known {
                    share_fraction,
                    range,
                    ..
                }) => (
                    Some(share_fraction * 100.0),
                    range.map(|r| (r.low_fraction * 100.0, r.high_fraction * 100.0)),
                ),
                _ => (None, None),
            }
        };
        TrendPoint {
            fiscal_year: year.fiscal_year,
            percent,
            interval_percent,
        }
    }

    fn chart(&self, language: Language) -> TrendChart {
        let unit = self.indicator.unit;
        let colours = [PRIMARY_RGB, COMPARISON_RGB];
        let area_name = names::area_selection(&self.selection.area, language);
        let national_name = names::area_selection(&AreaSelection::National, language);
        let mut series = Vec::new();
        for (index, threshold) in self.indicator.thresholds.iter().enumerate() {
            let condition = names::threshold_condition(threshold, unit, language);
            let rgb = colours[index % colours.len()];
            series.push(TrendSeries {
                label: format!("{area_name} {condition}"),
                rgb,
                reference: false,
                points: self
                    .area
                    .years
                    .iter()
                    .map(|y| self.point(y, index))
                    .collect(),
            });
            if let Some(national) = &self.national {
                series.push(TrendSeries {
                    label: format!("{national_name} {condition}"),
                    rgb,
                    reference: true,
                    points: national
                        .years
                        .iter()
                        .map(|y| self.point(y, index))
                        .collect(),
                });
            }
        }
        let mut footer = vec![self.citation(language)];
        footer.extend(self.notes(language));
        TrendChart {
            title: self.title(language),
            y_axis: language
                .pick("判定値以上の人の割合（%）", "Share past the threshold (%)")
                .into(),
            x_axis: language
                .pick("健診の実施年度", "Fiscal year of the checkups")
                .into(),
            series,
            footer,
            fictional_label: self
                .fictional
                .then(|| names::fictional_label(language).to_string()),
        }
    }

    /// 「出典：厚生労働省 NDBオープンデータ 第1回〜第10回（2013〜2022年度 特定健診）」
    pub fn citation(&self, language: Language) -> String {
        let years = self.releases.iter();
        let (Some((first_year, first)), Some((last_year, last))) = (
            years.clone().min_by_key(|(year, _)| *year),
            years.max_by_key(|(year, _)| *year),
        ) else {
            return String::new();
        };
        if let Some(files) = &self.opened_files {
            return match language {
                Language::Japanese => format!(
                    "出典：読み込んだファイル「{}」（{first_year}〜{last_year}年度）",
                    files.join("」「")
                ),
                Language::English => format!(
                    "Source: the files “{}” you opened (FY{first_year}–FY{last_year})",
                    files.join("”, “")
                ),
            };
        }
        match language {
            Language::Japanese => format!(
                "出典：厚生労働省 NDBオープンデータ {first}〜{last}（{first_year}〜{last_year}年度 特定健診）"
            ),
            Language::English => format!(
                "Source: MHLW NDB Open Data, {} to {} (specific health checkups, FY{first_year}–FY{last_year})",
                names::release_in_english(first),
                names::release_in_english(last)
            ),
        }
    }

    fn notes(&self, language: Language) -> Vec<String> {
        let mut notes = Vec::new();
        if self.standardised() {
            notes.push(direct_method_note(
                StandardSource::Fixed(TREND_STANDARD),
                language,
            ));
        }
        if self.area.bins_merged {
            notes.push(language.pick(
                "年度により検査値の階層が異なるため（BMIは第6回から30以上を3階層に分割）、全年度に共通の階層にまとめています。",
                "The bins differ between years (BMI's ≥30 was split into three from the 6th release): every year is shown in the bins all years share.",
            ).into());
        }
        if self.opened_files.is_none() && self.releases.iter().any(|(year, _)| *year == 2013) {
            notes.push(language.pick(
                "第1回（2013年度）は年度末年齢による集計（以降の回と同じ年齢の数え方）。",
                "The 1st release (FY2013) counts age at the end of the fiscal year, as every later release does.",
            ).into());
        }
        notes.push(language.pick(
            "割合の変化には、受診する人の変化（特定健診の実施率は全国で2008年度38.9%から2022年度58.1%へ上昇し、保険者により大きく異なる）や測定方法の変化も含まれます。",
            "Changes include changes in who attends (participation in Japan rose from 38.9% in FY2008 to 58.1% in FY2022 and differs widely by insurer) and in measurement.",
        ).into());
        notes
    }
}

fn crude_text(year: &TrendYear, index: usize, language: Language) -> String {
    match year.crude[index] {
        Some(share) => names::threshold_share(share, language),
        None => language.pick("—（データなし）", "— (no data)").into(),
    }
}

/// The trend view in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendScreen {
    pub title: String,
    /// The table's first two columns: 「年度」, 「受診者数」.
    pub row_headings: [String; 2],
    /// The columns of each threshold: the standardised share (all ages), the crude share, 全国's
    /// (unless the selection is 全国), as in [`TrendCell`].
    pub columns: Vec<&'static str>,
    /// Per threshold: 「受診勧奨判定値（140mmHg以上）」.
    pub headings: Vec<String>,
    /// Oldest first.
    pub rows: Vec<TrendRow>,
    pub notes: Vec<String>,
    pub chart: TrendChart,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrendRow {
    pub fiscal_year: i32,
    /// 「2013年度（第1回）」
    pub year: String,
    /// 「4,123,456人」
    pub people: String,
    /// Per threshold.
    pub cells: Vec<TrendCell>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrendCell {
    /// Standardised with its interval (all ages: the figure the chart plots); `None` for one
    /// age band, whose crude share is the figure.
    pub standardised: Option<String>,
    pub crude: String,
    /// 全国's figure as the chart plots it; `None` when the selection is 全国.
    pub national: Option<String>,
}

/// One fiscal year's published means for [`TrendMeans`]: at the selection's level, and by
/// prefecture (whose 全国 rows are the reference's; the same for a prefecture).
pub struct TrendMeansData {
    pub fiscal_year: i32,
    pub selection_level: Option<Arc<PublishedMeans>>,
    pub prefectures: Option<Arc<PublishedMeans>>,
}

/// A trend's means: per fiscal year the selection's and 全国's, each the ministry's published
/// means weighted by the trend's standard (`analysis::trend::standardised_mean`), or none. Not
/// on the page yet: the means are not built in (a file of every year's means of an item by
/// prefecture is 54 KB gzip, and reading and showing it puts the trend's module 6.7 KB over
/// its budget; see issue 13's notes).
#[derive(Clone, Debug, PartialEq)]
pub struct TrendMeans {
    pub indicator: &'static Indicator,
    /// Over several age bands (then standardised) or one.
    pub standardised: bool,
    /// (fiscal year, the selection's mean, 全国's), oldest first; 全国's is `None` when the
    /// selection is 全国 itself.
    pub years: Vec<(i32, Option<f64>, Option<f64>)>,
}

/// A trend's means in one language: the two columns' headings, a row per year, the notes.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendMeansScreen {
    pub headings: [String; 2],
    /// (fiscal year, the selection's mean, 全国's), 「124.3mmHg」 or 「—（公表なし）」.
    pub rows: Vec<(i32, String, String)>,
    pub notes: Vec<String>,
}

impl TrendMeans {
    pub fn compute(
        indicator: &'static Indicator,
        selection: &Selection,
        data: &[TrendMeansData],
    ) -> TrendMeans {
        let national = Selection {
            area: AreaSelection::National,
            ..selection.clone()
        };
        let is_national = selection.area == AreaSelection::National;
        let mean_of = |means: &Option<Arc<PublishedMeans>>, selection: &Selection| {
            standardised_mean(means.as_deref()?, selection, TREND_STANDARD)
        };
        let mut years: Vec<(i32, Option<f64>, Option<f64>)> = data
            .iter()
            .map(|d| {
                let reference = (!is_national)
                    .then(|| mean_of(&d.prefectures, &national))
                    .flatten();
                (
                    d.fiscal_year,
                    mean_of(&d.selection_level, selection),
                    reference,
                )
            })
            .collect();
        years.sort_unstable_by_key(|(year, _, _)| *year);
        TrendMeans {
            indicator,
            standardised: selection.age_band.is_none(),
            years,
        }
    }

    pub fn screen(&self, language: Language) -> TrendMeansScreen {
        let mean_heading = if self.standardised {
            language.pick("平均値（年齢調整）", "Mean (age-standardised)")
        } else {
            language.pick("平均値", "Mean")
        };
        let headings = [
            mean_heading.into(),
            language.pick("全国の平均値", "Japan's mean").into(),
        ];
        let rows = self
            .years
            .iter()
            .map(|(year, mean, national)| {
                (
                    *year,
                    self.text(*mean, language),
                    self.text(*national, language),
                )
            })
            .collect();
        let mut notes = vec![language.pick(
            "平均値：厚生労働省が公表する性・年齢階級別の平均値（各項目の平均値）を、基準人口で重み付けたもの。",
            "Means: the ministry's published means by sex and age band (各項目の平均値), weighted by the standard population.",
        ).into()];
        if self.years.iter().any(|(_, mean, _)| mean.is_none()) {
            notes.push(language.pick(
                "平均値「公表なし」：その年度・地域の各項目の平均値がありません。検査値階層の人数からの推計は公表値とずれ（収縮期血圧で0.5〜0.9mmHg高い）、年度間の変化より大きいため、示しません。",
                "Means “not published”: there is no published mean of that year and area. Estimates from the people per bin differ from the published means (0.5–0.9 mmHg higher for systolic blood pressure), more than a year's change, so none is shown.",
            ).into());
        }
        TrendMeansScreen {
            headings,
            rows,
            notes,
        }
    }

    /// 「124.3mmHg」, or that none was published.
    fn text(&self, mean: Option<f64>, language: Language) -> String {
        let Some(mean) = mean else {
            return language.pick("—（公表なし）", "— (not published)").into();
        };
        let unit = self.indicator.unit;
        // Two decimals for items measured in small numbers (HbA1c 5.62 %, creatinine 0.87).
        let decimals = if mean.abs() < 10.0 { 2 } else { 1 };
        match language {
            Language::Japanese => format!("{mean:.decimals$}{unit}"),
            Language::English => format!("{mean:.decimals$} {unit}"),
        }
    }
}
