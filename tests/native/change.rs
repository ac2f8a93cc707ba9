//! Two years compared (`view::change`): the people past each threshold and their change
//! recomputed from the ministry's workbooks with nothing but sums, ranges where suppressed
//! cells leave them, the predictions' consistency with the shares, merged bins said, the chart
//! drawn with both years.

use renkei::analysis::change::Resemblance;
use renkei::analysis::distribution::{
    distribution, AreaSelection, GroupSelection, Selection, ThresholdShare,
};
use renkei::draw::distribution_chart::render_svg;
use renkei::model::indicator::by_id;
use renkei::model::text::format_people;
use renkei::model::{AgeBand, AreaLevel, Record, Sex, NDB_AGE_BANDS};
use renkei::view::change::ChangeFigures;
use renkei::view::language::Language;
use renkei::view::trend::TrendData;

use crate::trend::workbook_records;

fn year(data: &[TrendData], fiscal_year: i32) -> &TrendData {
    data.iter().find(|d| d.fiscal_year == fiscal_year).unwrap()
}

fn hokkaido(indicator: &str) -> Selection {
    Selection {
        indicator: indicator.into(),
        area: crate::fixtures::hokkaido(),
        group: GroupSelection::Any,
        sex: None,
        age_band: None,
    }
}

/// 「−12,345人」 as the view writes a change of people.
fn signed_people(change: i64) -> String {
    let sign = match change.signum() {
        1 => "+",
        -1 => "−",
        _ => "±",
    };
    format!("{sign}{}人", format_people(change.unsigned_abs()))
}

#[test]
fn hokkaido_sbp_fy2013_and_fy2022_people_past_each_threshold_are_the_workbooks() {
    let sbp = by_id("sbp").unwrap();
    let data = crate::fixtures::built_in_trend_years("sbp", AreaLevel::Prefecture);
    let figures =
        ChangeFigures::compute(sbp, hokkaido("sbp"), year(&data, 2013), year(&data, 2022));
    let screen = figures.screen(Language::Japanese);
    let past = |release: &str, threshold: f64| -> i64 {
        workbook_records(release, "sbp")
            .iter()
            .filter(|r: &&Record| r.area_name == "北海道")
            .filter(|r| r.bin.lower.is_some_and(|lower| lower >= threshold))
            .map(|r| r.count_people.expect("北海道 has no suppressed cell") as i64)
            .sum()
    };
    assert_eq!(screen.shares.rows().count(), 2);
    for (row, threshold) in screen.shares.rows().zip([130.0, 140.0]) {
        let (before, after) = (past("第1回", threshold), past("第10回", threshold));
        // threshold, two standardised shares, their change, two crude shares, people's change.
        assert_eq!(row.len(), 7, "{row:?}");
        assert!(
            row[1].contains("95%CI") && row[3].contains("ポイント"),
            "{row:?}"
        );
        assert!(row[4].contains(&format_people(before as u64)), "{row:?}");
        assert!(row[5].contains(&format_people(after as u64)), "{row:?}");
        assert_eq!(row[6], signed_people(after - before), "≥{threshold}");
    }
    // The predictions' observed shares are the standardised shares of the table above (the
    // model is exact at a bin edge), to the decimal shown.
    let predictions = screen.predictions.as_ref().unwrap();
    for (prediction, share) in predictions.rows().zip(screen.shares.rows()) {
        let leading = |text: &str| text.split('%').next().unwrap().to_string();
        assert_eq!(
            leading(&prediction[1]),
            leading(&share[1]),
            "{prediction:?}"
        );
        assert_eq!(
            leading(&prediction[2]),
            leading(&share[2]),
            "{prediction:?}"
        );
    }
    let change = figures.change.as_ref().unwrap();
    assert_eq!(change.strata.len(), 14);
    assert!(change.missing_strata.is_empty());
    assert_eq!(screen.strata.as_ref().unwrap().rows().count(), 28);
    let verdict = match (change.resembles, change.high_risk_improvement[0]) {
        (Resemblance::PopulationShift, _) => "(a) 全員が平均値の変化だけ移動した形",
        (Resemblance::HighRisk, _) => "(b) 受診勧奨判定値以上の人だけが改善した形",
        (Resemblance::Unclear, None) => "(b) の予測は作れません",
        (Resemblance::Unclear, Some(_)) => "どちらにも特に近くありません",
    };
    assert!(screen.verdict.contains(verdict), "{}", screen.verdict);
    assert!(screen
        .verdict
        .contains("取り組みの効果を示すものではありません"));
    assert!(screen.notes[0].starts_with("出典：厚生労働省 NDBオープンデータ 第1回〜第10回"));
    assert!(screen.notes.iter().any(|n| n.contains("38.9%")));
    // The chart overlays the two years, each with its people.
    let chart = figures.chart(Language::Japanese).unwrap();
    let svg = render_svg(&chart, 960, 540).unwrap();
    assert!(
        svg.contains("2013年度") && svg.contains("2022年度"),
        "legends"
    );
    assert!(
        chart
            .primary
            .legend
            .starts_with("2022年度（第10回）（塗り："),
        "{}",
        chart.primary.legend
    );
    assert!(chart.comparison.as_ref().unwrap().legend.contains("枠線"));
}

/// 北海道's secondary medical areas, one age band at a time (all ages are exact from the
/// published subtotals): where suppressed cells leave ranges, the change of people is the range
/// from the lowest later count minus the highest earlier one to the other way round.
#[test]
fn suppressed_cells_make_the_change_a_range() {
    let sbp = by_id("sbp").unwrap();
    let data = crate::fixtures::built_in_trend_years("sbp", AreaLevel::SecondaryMedicalArea);
    let (before, after) = (year(&data, 2018), year(&data, 2021));
    let mut areas: Vec<(String, String)> = (before.selection_level.records.iter())
        .filter(|r| r.area_code.starts_with("01"))
        .map(|r| (r.area_code.clone(), r.area_name.clone()))
        .collect();
    areas.dedup();
    assert!(areas.len() >= 20, "{areas:?}");
    let mut ranges_seen = 0;
    for ((code, name), band) in areas.iter().flat_map(|a| NDB_AGE_BANDS.map(|b| (a, b))) {
        let selection = Selection {
            area: AreaSelection::Area {
                level: AreaLevel::SecondaryMedicalArea,
                code: code.clone(),
                name: name.clone(),
            },
            age_band: Some(band),
            ..hokkaido("sbp")
        };
        let Ok(_) = distribution(&before.selection_level.records, &selection) else {
            continue;
        };
        let figures = ChangeFigures::compute(sbp, selection.clone(), before, after);
        let shares = figures.screen(Language::Japanese).shares;
        let rows: Vec<&[String]> = shares.rows().collect();
        for (index, threshold) in sbp.thresholds.iter().enumerate() {
            let bounds = |d: &TrendData| {
                let Ok(distribution) = distribution(&d.selection_level.records, &selection) else {
                    return None;
                };
                let share = distribution.threshold_share(threshold);
                match share {
                    ThresholdShare::Known {
                        count_people,
                        range: None,
                        ..
                    } => Some((count_people as i64, count_people as i64)),
                    ThresholdShare::Known { range: Some(r), .. } => {
                        Some((r.low_count_people as i64, r.high_count_people as i64))
                    }
                    ThresholdShare::NotOnBinEdge => panic!("SBP's thresholds are bin edges"),
                }
            };
            let (Some((b_low, b_high)), Some((a_low, a_high))) = (bounds(before), bounds(after))
            else {
                continue;
            };
            let expected = if (b_low, a_low) == (b_high, a_high) {
                signed_people(a_low - b_low)
            } else {
                ranges_seen += 1;
                let text = format!(
                    "{}〜{}",
                    signed_people(a_low - b_high),
                    signed_people(a_high - b_low)
                );
                // The sign and people of each bound, one 「人」 at the end.
                text.replacen("人〜", "〜", 1)
            };
            assert_eq!(
                rows[index].last().unwrap(),
                &expected,
                "{name} {band:?} {threshold:?}"
            );
        }
    }
    assert!(
        ranges_seen > 0,
        "a suppressed cell in one of the areas' years"
    );
}

/// BMI from FY2017 (release 5) to FY2018 (release 6, three more bins past 30): both years in the
/// bins they share, and the notes say so; one age band is not standardised.
#[test]
fn bmi_across_the_bin_change_is_merged_and_said() {
    let bmi = by_id("bmi").unwrap();
    let data = crate::fixtures::built_in_trend_years("bmi", AreaLevel::Prefecture);
    let selection = Selection {
        sex: Some(Sex::Female),
        age_band: Some(AgeBand::new(60, 64)),
        ..hokkaido("bmi")
    };
    let figures = ChangeFigures::compute(bmi, selection, year(&data, 2017), year(&data, 2018));
    let bins: Vec<usize> = figures
        .years
        .area
        .years
        .iter()
        .map(|y| y.distribution.as_ref().unwrap().bins.len())
        .collect();
    assert_eq!(bins[0], bins[1]);
    let screen = figures.screen(Language::English);
    assert!(screen
        .notes
        .iter()
        .any(|n| n.contains("both years are shown in the bins they share")));
    let headings = &screen.shares.headings;
    assert!(
        !headings.iter().any(|h| h.contains("standardised")),
        "{headings:?}"
    );
    let caption = screen.predictions.unwrap().caption;
    assert!(
        !caption.contains("standardised") && !caption.contains("weighted"),
        "{caption}"
    );
}
