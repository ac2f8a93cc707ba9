//! The names of the model's things in the language a page is read in: groups, sexes, age bands,
//! bins, items, thresholds, areas, selections, releases and the citation of a dataset. The
//! model keeps the names it has in both languages as data; the words are chosen here.

use crate::analysis::distribution::{AreaSelection, GroupSelection, Selection, ThresholdShare};
use crate::analysis::standardise::StandardSource;
use crate::import::collection::LoadedFile;
use crate::model::indicator::{Indicator, RiskSide, Threshold, ThresholdKind};
use crate::model::prefecture::{self, PREFECTURES};
use crate::model::standard_population::FixedStandard;
use crate::model::text::{format_people, format_percent, format_value};
use crate::model::{AgeBand, AreaLevel, Bin, Provenance, Sex, KNOWN_GROUPS, NDB_PUBLISHER};
use crate::view::language::Language;

/// The label every view of fictional data carries, on screen and inside every image.
pub const FICTIONAL_LABEL_JA: &str = "架空データ（操作説明用）";
pub const FICTIONAL_LABEL_EN: &str = "Fictional data (for demonstration)";

pub fn fictional_label(language: Language) -> &'static str {
    language.pick(FICTIONAL_LABEL_JA, FICTIONAL_LABEL_EN)
}

/// 「架空データ（操作説明用）：実在の地域・職域の値ではありません。」: said above every table and
/// chart of made-up figures (the example dataset's first screen says how they were made).
pub fn not_real(language: Language) -> String {
    let label = fictional_label(language);
    match language {
        Language::Japanese => format!("{label}：実在の地域・職域の値ではありません。"),
        Language::English => format!("{label}: not the values of any real region or workplace."),
    }
}

/// 「地域」 / "Regional" for `regional`; a group a user named itself is shown as written.
pub fn group(id: &str, language: Language) -> String {
    KNOWN_GROUPS
        .iter()
        .find(|(known, _, _)| *known == id)
        .map_or_else(
            || id.to_string(),
            |(_, japanese, english)| language.pick(*japanese, *english).to_string(),
        )
}

/// 「合算（地域＋職域）」 / "Combined (Regional + Occupational)": the groups together.
pub fn combined<'a>(group_ids: impl IntoIterator<Item = &'a str>, language: Language) -> String {
    let group_names: Vec<String> = group_ids
        .into_iter()
        .map(|id| group(id, language))
        .collect();
    language.parenthesised(
        language.pick("合算", "Combined"),
        &group_names.join(language.pick("＋", " + ")),
    )
}

/// A threshold's share as a table shows it: 「36.1%（352,061人）」; 「12.1〜12.9%（1,234〜1,300人）」
/// where suppressed people may or may not be in the selection; 「—」 inside a bin.
pub fn threshold_share(share: ThresholdShare, language: Language) -> String {
    match share {
        ThresholdShare::Known {
            count_people,
            share_fraction,
            range: None,
        } => share_of_people(share_fraction, count_people, language),
        ThresholdShare::Known {
            range: Some(range), ..
        } => {
            let dash = language.pick("〜", "–");
            language.parenthesised(
                &format!(
                    "{:.1}{dash}{}",
                    range.low_fraction * 100.0,
                    format_percent(range.high_fraction)
                ),
                &language.people(&format!(
                    "{}{dash}{}",
                    format_people(range.low_count_people),
                    format_people(range.high_count_people)
                )),
            )
        }
        ThresholdShare::NotOnBinEdge => not_on_bin_edge(language).into(),
    }
}

/// What a share past a threshold inside a bin shows: 「—」 with why.
pub fn not_on_bin_edge(language: Language) -> &'static str {
    language.pick(
        "—（階層の境目でないため算出不可）",
        "— (not a bin edge, so not computable)",
    )
}

/// 「36.1%（352,061人）」 / "36.1% (352,061 people)": a share with the people it counts.
pub fn share_of_people(share_fraction: f64, count_people: u64, language: Language) -> String {
    language.parenthesised(
        &format_percent(share_fraction),
        &language.people(&format_people(count_people)),
    )
}

/// 「地域・職域」: the groups a file contributes, as the file list shows them.
pub fn file_groups(file: &LoadedFile, language: Language) -> String {
    let mut group_names: Vec<String> = Vec::new();
    for id in file.group_ids() {
        let name = group(id, language);
        if !group_names.contains(&name) {
            group_names.push(name);
        }
    }
    group_names.join(language.pick("・", ", "))
}

/// 「男性」 / "Men"
pub fn sex(sex: Sex, language: Language) -> &'static str {
    let [japanese, english] = sex.names();
    language.pick(japanese, english)
}

/// 「都道府県」 / "Prefectures"
pub fn area_level(level: AreaLevel, language: Language) -> &'static str {
    let [japanese, english] = level.names();
    language.pick(japanese, english)
}

/// 「40〜44歳」 / "40–44 years"
pub fn age_band(band: AgeBand, language: Language) -> String {
    match language {
        Language::Japanese => format!("{}〜{}歳", band.from_years, band.to_years),
        Language::English => format!("{}–{} years", band.from_years, band.to_years),
    }
}

/// A bin as shown: in Japanese exactly as published; in English written from the edges
/// (「130以上140未満」 → "130 to <140"), categorical labels as published.
pub fn bin(bin: &Bin, language: Language) -> String {
    match (language, bin.lower, bin.upper) {
        (Language::Japanese, _, _) | (_, None, None) => bin.label.clone(),
        (Language::English, Some(lower), Some(upper)) => {
            format!("{} to <{}", format_value(lower), format_value(upper))
        }
        (Language::English, Some(lower), None) => format!("≥{}", format_value(lower)),
        (Language::English, None, Some(upper)) => format!("<{}", format_value(upper)),
    }
}

/// 「収縮期血圧」 / "Systolic blood pressure"
pub fn indicator(indicator: &Indicator, language: Language) -> &'static str {
    language.pick(indicator.name_ja, indicator.name_en)
}

/// 「収縮期血圧（mmHg）」: an item with its unit, as menus and axes name it.
pub fn indicator_with_unit(indicator: &Indicator, language: Language) -> String {
    let name = self::indicator(indicator, language);
    if indicator.unit.is_empty() {
        name.to_string()
    } else {
        language.parenthesised(name, indicator.unit)
    }
}

/// 「保健指導判定値」 / "Guidance threshold"
pub fn threshold_kind(kind: ThresholdKind, language: Language) -> &'static str {
    match kind {
        ThresholdKind::Guidance => language.pick("保健指導判定値", "Guidance threshold"),
        ThresholdKind::SeeDoctor => language.pick("受診勧奨判定値", "See-a-doctor threshold"),
    }
}

/// 「140mmHg以上」 / "≥140 mmHg", or 「40mg/dL未満」 / "<40 mg/dL".
pub fn threshold_condition(threshold: &Threshold, unit: &str, language: Language) -> String {
    let value = format_value(threshold.value);
    let space = if unit.is_empty() { "" } else { " " };
    match (threshold.risk_side, language) {
        (RiskSide::AtOrAbove, Language::Japanese) => format!("{value}{unit}以上"),
        (RiskSide::Below, Language::Japanese) => format!("{value}{unit}未満"),
        (RiskSide::AtOrAbove, Language::English) => format!("≥{value}{space}{unit}"),
        (RiskSide::Below, Language::English) => format!("<{value}{space}{unit}"),
    }
}

/// 「受診勧奨判定値（140mmHg以上）」: how tables and charts name a threshold.
pub fn threshold_heading(threshold: &Threshold, unit: &str, language: Language) -> String {
    language.parenthesised(
        threshold_kind(threshold.kind, language),
        &threshold_condition(threshold, unit, language),
    )
}

/// A prefecture's or pseudo-area's name in `language`: 「北海道」 / "Hokkaido". Any other name
/// (a secondary medical area's) is data and is returned as written.
pub fn area(japanese_name: &str, language: Language) -> String {
    match language {
        Language::Japanese => japanese_name.to_string(),
        Language::English => prefecture::english_name(japanese_name)
            .map_or_else(|| japanese_name.to_string(), str::to_string),
    }
}

/// 「全国」, 「北海道」, or 「南渡島（北海道）」: a secondary medical area names its prefecture,
/// because area names alone do not say where they are.
pub fn area_selection(selection: &AreaSelection, language: Language) -> String {
    match selection {
        AreaSelection::National => language.pick("全国", "Japan").to_string(),
        AreaSelection::Area {
            level: AreaLevel::SecondaryMedicalArea,
            code,
            name,
        } => {
            let prefecture = PREFECTURES
                .iter()
                .find(|(prefecture_code, _)| code.len() == 4 && code.starts_with(prefecture_code));
            match prefecture {
                Some((_, prefecture_name)) => {
                    language.parenthesised(name, &area(prefecture_name, language))
                }
                None => area(name, language),
            }
        }
        AreaSelection::Area { name, .. } => area(name, language),
    }
}

/// 「北海道・男性・40〜44歳」 / "Hokkaido, men, 40–44 years"
pub fn selection(selection: &Selection, language: Language) -> String {
    let sex = selection
        .sex
        .map_or(language.pick("男女計", "both sexes"), |s| {
            sex(s, language)
        });
    let age = selection.age_band.map_or_else(
        || language.pick("40〜74歳", "40–74 years").to_string(),
        |band| age_band(band, language),
    );
    let group = match &selection.group {
        GroupSelection::Any => None,
        GroupSelection::One(id) => Some(group(id, language)),
        GroupSelection::Combined => Some(language.pick("合算", "combined").to_string()),
    };
    let mut parts = vec![area_selection(&selection.area, language)];
    parts.extend(group);
    if language == Language::English {
        parts.push(sex.to_ascii_lowercase());
    } else {
        parts.push(sex.to_string());
    }
    parts.push(age);
    parts.join(language.pick("・", ", "))
}

/// 「第10回」 → "10th release"; anything else as written.
pub fn release_in_english(release: &str) -> String {
    let number = release
        .strip_prefix('第')
        .and_then(|rest| rest.strip_suffix('回'))
        .and_then(|digits| digits.parse::<u32>().ok());
    match number {
        Some(number) => {
            let suffix = match (number % 10, number % 100) {
                (1, n) if n != 11 => "st",
                (2, n) if n != 12 => "nd",
                (3, n) if n != 13 => "rd",
                _ => "th",
            };
            format!("{number}{suffix} release")
        }
        None => release.to_string(),
    }
}

/// The ministry's series in English; any other publisher as written.
fn publisher_in_english(publisher: &str) -> String {
    match publisher {
        NDB_PUBLISHER => "MHLW NDB Open Data".to_string(),
        _ => publisher.to_string(),
    }
}

/// The line printed under every chart and table:
/// 「出典：厚生労働省 NDBオープンデータ 第10回（2022年度 特定健診）」. A file the user opened has no
/// known release: it is named instead.
pub fn citation(provenance: &Provenance, fiscal_year: i32, language: Language) -> String {
    match language {
        Language::Japanese => citation_japanese(provenance, fiscal_year),
        Language::English => citation_english(provenance, fiscal_year),
    }
}

/// A user's file (no publisher: `collection::merge_files` never carries one) is cited by its
/// name, fictional or not; the fictional label beside the chart says what it is.
fn citation_english(provenance: &Provenance, fiscal_year: i32) -> String {
    let publisher = publisher_in_english(&provenance.publisher);
    let release = release_in_english(&provenance.release);
    if provenance.publisher.is_empty() {
        let files = provenance.source_files.join("”, “");
        format!("Source: the file “{files}” you opened (FY{fiscal_year})")
    } else if provenance.fictional {
        format!(
            "{FICTIONAL_LABEL_EN}: counts of {publisher} {release} (specific health checkups, FY{fiscal_year}) split between regional and occupational by a fixed rule. Not the values of any real region or workplace"
        )
    } else {
        format!("Source: {publisher}, {release} (specific health checkups, FY{fiscal_year})")
    }
}

fn citation_japanese(provenance: &Provenance, fiscal_year: i32) -> String {
    if provenance.publisher.is_empty() {
        format!(
            "出典：読み込んだファイル「{}」（{}年度）",
            provenance.source_files.join("」「"),
            fiscal_year
        )
    } else if provenance.fictional {
        format!(
            "{FICTIONAL_LABEL_JA}：{} {}（{}年度 特定健診）の人数を一定の規則で地域・職域に分けた架空の値。実在の地域・職域の値ではありません",
            provenance.publisher, provenance.release, fiscal_year
        )
    } else {
        format!(
            "出典：{} {}（{}年度 特定健診）",
            provenance.publisher, provenance.release, fiscal_year
        )
    }
}

/// A standard population as a figure's label names it: 「令和2年国勢調査人口（全国・40〜74歳）」.
pub fn standard_label(source: StandardSource, language: Language) -> String {
    match source {
        StandardSource::Fixed(FixedStandard::Census2020) => language
            .pick(
                "令和2年国勢調査人口（全国・40〜74歳）",
                "2020 census population (Japan, ages 40–74)",
            )
            .into(),
        StandardSource::Fixed(FixedStandard::NdbExaminees2022) => language
            .pick(
                "NDB 2022年度の特定健診受診者（全国）",
                "NDB FY2022 checkup examinees (Japan)",
            )
            .into(),
        StandardSource::Shown => language
            .pick("表示中の集団の合計", "the populations shown, together")
            .into(),
    }
}

/// A standard population's source, cited in full where figures list their sources.
pub fn standard_source(source: StandardSource, language: Language) -> String {
    match source {
        StandardSource::Fixed(standard) => {
            let [japanese, english] = standard.source();
            language.pick(japanese, english).into()
        }
        StandardSource::Shown => standard_label(source, language),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::indicator::by_id;

    #[test]
    fn citations_are_written_in_both_languages() {
        let provenance = Provenance {
            publisher: "厚生労働省 NDBオープンデータ".into(),
            release: "第10回".into(),
            source_files: vec![],
            fictional: false,
        };
        assert_eq!(
            citation(&provenance, 2022, Language::Japanese),
            "出典：厚生労働省 NDBオープンデータ 第10回（2022年度 特定健診）"
        );
        assert_eq!(
            citation(&provenance, 2022, Language::English),
            "Source: MHLW NDB Open Data, 10th release (specific health checkups, FY2022)"
        );
        assert_eq!(release_in_english("第11回"), "11th release");
        assert_eq!(release_in_english("第2回"), "2nd release");
    }

    #[test]
    fn english_bin_labels_are_written_from_the_edges() {
        let make = |lower, upper| Bin {
            label: "130以上140未満".into(),
            lower,
            upper,
        };
        assert_eq!(
            bin(&make(Some(130.0), Some(140.0)), Language::English),
            "130 to <140"
        );
        assert_eq!(bin(&make(Some(5.6), None), Language::English), "≥5.6");
        assert_eq!(
            bin(&make(Some(130.0), Some(140.0)), Language::Japanese),
            "130以上140未満"
        );
    }

    #[test]
    fn hdl_risk_lies_below_its_thresholds() {
        let hdl = by_id("hdl").unwrap();
        assert_eq!(
            threshold_condition(&hdl.thresholds[0], hdl.unit, Language::Japanese),
            "40mg/dL未満"
        );
        assert_eq!(
            threshold_condition(&hdl.thresholds[0], hdl.unit, Language::English),
            "<40 mg/dL"
        );
    }

    #[test]
    fn prefectures_have_english_names_and_other_areas_keep_theirs() {
        assert_eq!(area("東京都", Language::English), "Tokyo");
        assert_eq!(area("沖縄県", Language::English), "Okinawa");
        assert_eq!(area("南渡島", Language::English), "南渡島");
        assert_eq!(area("東京都", Language::Japanese), "東京都");
    }

    #[test]
    fn secondary_areas_name_their_prefecture() {
        let named = AreaSelection::Area {
            level: AreaLevel::SecondaryMedicalArea,
            code: "0101".into(),
            name: "南渡島".into(),
        };
        assert_eq!(
            area_selection(&named, Language::Japanese),
            "南渡島（北海道）"
        );
        assert_eq!(
            area_selection(&named, Language::English),
            "南渡島 (Hokkaido)"
        );
        let unknown = AreaSelection::Area {
            level: AreaLevel::SecondaryMedicalArea,
            code: String::new(),
            name: "二次医療圏判別不可".into(),
        };
        assert_eq!(
            area_selection(&unknown, Language::Japanese),
            "二次医療圏判別不可"
        );
    }
}
