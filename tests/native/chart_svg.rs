//! Charts rendered to SVG natively, on the real built-in data.

use std::path::Path;

use renkei::analysis::distribution::{distribution, AreaSelection, Distribution, Selection};
use renkei::draw::bars::bar_layout;
use renkei::draw::distribution_chart::render_svg;
use renkei::import::canonical_ipc::read_ipc_file_format;
use renkei::model::indicator::by_id;
use renkei::model::text::format_percent;
use renkei::model::{AreaLevel, Dataset};
use renkei::view::language::Language;
use renkei::view::names;
use renkei::view::screen::{distribution_chart, ChartText};

fn builtin(file: &str) -> Dataset {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("public/data")
        .join(file);
    read_ipc_file_format(&std::fs::read(path).unwrap()).unwrap()
}

fn selection(indicator: &str, area: AreaSelection) -> Selection {
    Selection {
        group: renkei::analysis::distribution::GroupSelection::Any,
        indicator: indicator.to_string(),
        area,
        sex: None,
        age_band: None,
    }
}

/// A chart of one distribution, without comparison or notes, as SVG.
fn single_series_svg(indicator: &str, label: &str, d: &Distribution, dataset: &Dataset) -> String {
    let citation = names::citation(&dataset.provenance, d.fiscal_year, Language::Japanese);
    let chart = distribution_chart(ChartText {
        title: format!(
            "{}の分布（{}年度）",
            by_id(indicator).unwrap().name_ja,
            d.fiscal_year
        ),
        indicator: by_id(indicator).unwrap(),
        primary: (label.into(), d),
        comparison: None,
        citation: &citation,
        notes: &[],
        fictional: false,
        language: Language::Japanese,
    });
    render_svg(&chart, 900, 540).unwrap()
}

fn hokkaido() -> AreaSelection {
    AreaSelection::Area {
        level: AreaLevel::Prefecture,
        code: "01".into(),
        name: "北海道".into(),
    }
}

#[test]
fn bar_areas_add_up_to_all_people_and_open_bins_take_their_neighbours_width() {
    let dataset = builtin("ndb_r10_prefecture_hba1c.arrow");
    let d = distribution(&dataset.records, &selection("hba1c", hokkaido())).unwrap();
    let layout = bar_layout(&d);
    let reference = layout.reference_width.unwrap();
    let area_percent: f64 = layout
        .bars
        .iter()
        .map(|b| b.height_percent * (b.x_to - b.x_from) / reference)
        .sum();
    assert!((area_percent - 100.0).abs() < 1e-9, "{area_percent}");
    let first = &layout.bars[0];
    let second = &layout.bars[1];
    assert!(first.open_ended && !second.open_ended);
    assert!(((first.x_to - first.x_from) - (second.x_to - second.x_from)).abs() < 1e-9);
    assert!(layout.bars.last().unwrap().open_ended);

    // Edges are printed at the precision of the finest one: 6.0, not 6.
    let svg = single_series_svg("hba1c", "北海道", &d, &dataset);
    for edge in ["5.6", "6.0", "6.5", "8.0", "8.4"] {
        assert!(svg.contains(&format!("\n{edge}\n")), "edge {edge}");
    }
}

#[test]
fn svg_carries_title_source_thresholds_and_every_share() {
    let dataset = builtin("ndb_r10_prefecture_sbp.arrow");
    let primary = distribution(&dataset.records, &selection("sbp", hokkaido())).unwrap();
    let national =
        distribution(&dataset.records, &selection("sbp", AreaSelection::National)).unwrap();
    let citation = names::citation(&dataset.provenance, primary.fiscal_year, Language::Japanese);
    let notes = ["全国値は都道府県別の行の合計です。".to_string()];
    let chart = distribution_chart(ChartText {
        title: format!("収縮期血圧の分布（{}年度）", primary.fiscal_year),
        indicator: by_id("sbp").unwrap(),
        primary: ("北海道・男女計・40〜74歳".into(), &primary),
        comparison: Some(("全国・男女計・40〜74歳".into(), &national)),
        citation: &citation,
        notes: &notes,
        fictional: false,
        language: Language::Japanese,
    });
    let svg = render_svg(&chart, 960, 560).unwrap();
    for expected in [
        "収縮期血圧の分布（2022年度）",
        "出典：厚生労働省 NDBオープンデータ 第10回（2022年度 特定健診）",
        "保健指導判定値 130以上",
        "受診勧奨判定値 140以上",
        "全国値は都道府県別の行の合計です。",
        "人数の割合（%、10mmHg幅あたり）",
    ] {
        assert!(svg.contains(expected), "SVG lacks {expected}");
    }
    for share in primary
        .share_fractions()
        .into_iter()
        .chain(national.share_fractions())
    {
        assert!(
            svg.contains(&format_percent(share)),
            "SVG lacks {}",
            format_percent(share)
        );
    }
    std::fs::create_dir_all(Path::new(env!("CARGO_TARGET_TMPDIR"))).unwrap();
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("sbp_hokkaido_vs_national.svg"),
        svg,
    )
    .unwrap();
}

#[test]
fn categorical_items_draw_their_labels() {
    let dataset = builtin("ndb_r9_prefecture_urine_protein.arrow");
    let d = distribution(
        &dataset.records,
        &selection("urine_protein", AreaSelection::National),
    )
    .unwrap();
    let svg = single_series_svg("urine_protein", "全国", &d, &dataset);
    for label in ["－", "±", "＋", "＋＋", "＋＋＋"] {
        assert!(svg.contains(&format!("\n{label}\n")), "{label}");
    }
    assert!(bar_layout(&d).reference_width.is_none());
}

/// The small multiples of the example dataset: every panel's printed share is the core's, and
/// the image says the data are fictional.
#[test]
fn small_multiples_print_each_panels_share_and_the_fictional_label() {
    use renkei::analysis::distribution::ThresholdShare;
    use renkei::analysis::groups::GroupDistributions;
    use renkei::view::names::FICTIONAL_LABEL_JA;

    let dataset = builtin("example_prefecture_sbp.arrow");
    let sbp = by_id("sbp").unwrap();
    let facts = GroupDistributions::compute(&dataset, sbp, &hokkaido(), None, None)
        .unwrap()
        .unwrap();
    let comparison = crate::fixtures::group_comparison(facts, Language::Japanese);
    let svg = renkei::draw::small_multiples::render_svg(&comparison.chart(), 1200, 560).unwrap();
    std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/screenshots")).unwrap();
    std::fs::write(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/screenshots/small_multiples.svg"
        ),
        &svg,
    )
    .unwrap();
    assert!(svg.contains(FICTIONAL_LABEL_JA));
    assert!(
        svg_text(&svg).contains(&comparison.citation),
        "the source, perhaps wrapped"
    );
    let see_doctor = comparison.panel_threshold().unwrap();
    for panel in &comparison.panels {
        assert!(svg.contains(&names::age_band(panel.age_band, Language::Japanese)));
        for series in &panel.series {
            let ThresholdShare::Known { share_fraction, .. } =
                series.as_ref().unwrap().threshold_share(see_doctor)
            else {
                panic!("140 is an edge of the SBP bins")
            };
            assert!(svg.contains(&format_percent(share_fraction)));
        }
    }
    // Older men are mostly residents in the example, and residents lean to risk by rule.
    let older_men = &comparison.panels[6];
    let share = |i: usize| match older_men.series[i]
        .as_ref()
        .unwrap()
        .threshold_share(see_doctor)
    {
        ThresholdShare::Known { share_fraction, .. } => share_fraction,
        ThresholdShare::NotOnBinEdge => unreachable!(),
    };
    assert!(share(0) > share(1));
}

/// The text of an SVG's `<text>` elements in document order, joined: lines a chart wrapped
/// read as one.
fn svg_text(svg: &str) -> String {
    svg.split("<text")
        .skip(1)
        .filter_map(|element| {
            let (_, rest) = element.split_once('>')?;
            Some(rest.split("</text>").next()?.trim().to_string())
        })
        .collect()
}

/// A bin that suppressed people may belong to (南檜山, men 40–44: its cells ≥160 are
/// suppressed, their row's sum known only over all ages) is never labelled as if it held none:
/// its share is marked ＊, which the notes explain; bins of known people are not marked.
#[test]
fn bins_with_suppressed_people_are_marked_not_shown_as_zero() {
    let dataset = builtin("ndb_r9_secondary_medical_area_sbp.arrow");
    let mut one_band = selection(
        "sbp",
        AreaSelection::Area {
            level: AreaLevel::SecondaryMedicalArea,
            code: "0102".into(),
            name: "南檜山".into(),
        },
    );
    one_band.sex = Some(renkei::model::Sex::Male);
    one_band.age_band = Some(renkei::model::NDB_AGE_BANDS[0]);
    let d = distribution(&dataset.records, &one_band).unwrap();
    let layout = bar_layout(&d);
    let marked: Vec<bool> = layout.bars.iter().map(|b| b.people_unknown).collect();
    assert!(
        marked.iter().any(|m| *m) && !marked.iter().all(|m| *m),
        "{marked:?}"
    );
    let svg = single_series_svg("sbp", "南檜山・男性・40〜44歳", &d, &dataset);
    for bar in &layout.bars {
        let label = format_percent(bar.share_fraction);
        if bar.people_unknown {
            assert!(svg.contains(&format!("{label}＊")), "{label}＊");
        }
    }
    // All ages: the row sums are exact, nothing is marked.
    one_band.age_band = None;
    let all_ages = distribution(&dataset.records, &one_band).unwrap();
    assert!(bar_layout(&all_ages).bars.iter().all(|b| !b.people_unknown));
}

/// Every share label sits below the thresholds' labels, whose white backing would otherwise
/// hide it: here the tallest bar (the lowest bin, tripled) lies under the label of 130, which
/// is written to the left of its line (found in a screenshot of the simulator's chart).
#[test]
fn share_labels_stay_below_the_threshold_labels() {
    let dataset = builtin("ndb_r10_prefecture_sbp.arrow");
    let mut primary = distribution(&dataset.records, &selection("sbp", hokkaido())).unwrap();
    primary.bins[0].count_people *= 3;
    primary.total_people = primary.bins.iter().map(|b| b.count_people).sum();
    let national =
        distribution(&dataset.records, &selection("sbp", AreaSelection::National)).unwrap();
    let citation = names::citation(&dataset.provenance, primary.fiscal_year, Language::Japanese);
    let chart = distribution_chart(ChartText {
        title: "収縮期血圧の分布".into(),
        indicator: by_id("sbp").unwrap(),
        primary: ("北海道".into(), &primary),
        comparison: Some(("全国".into(), &national)),
        citation: &citation,
        notes: &[],
        fictional: false,
        language: Language::Japanese,
    });
    for (width, height) in [(960, 560), (640, 420)] {
        let svg = render_svg(&chart, width, height).unwrap();
        // (y, font size, text) of each `<text>`: share labels hang above their y (dy -0.5ex),
        // threshold labels below it (dy 0.76em).
        let texts: Vec<(f64, f64, String)> = svg
            .split("<text")
            .skip(1)
            .filter_map(|element| {
                let attribute = |name: &str| -> Option<f64> {
                    let value = element.split(&format!(" {name}=\"")).nth(1)?;
                    value.split('"').next()?.parse().ok()
                };
                let (_, rest) = element.split_once('>')?;
                let content = rest.split("</text>").next()?.trim().to_string();
                Some((attribute("y")?, attribute("font-size")?, content))
            })
            .collect();
        let threshold_bottom = texts
            .iter()
            .filter(|(_, _, text)| text.contains("判定値"))
            .map(|(y, size, _)| y + size)
            .fold(f64::NEG_INFINITY, f64::max);
        let shares: Vec<_> = texts
            .iter()
            .filter(|(_, _, text)| text.ends_with('%'))
            .collect();
        assert_eq!(shares.len(), 2 * primary.bins.len(), "{width}×{height}");
        for (y, size, text) in shares {
            assert!(
                y - size >= threshold_bottom,
                "{width}×{height}: {text} at {y} reaches the threshold labels (to {threshold_bottom})"
            );
        }
    }
}

/// A bin of zero width gives a bar of infinite height, on which plotters' axis code loops: the
/// readers refuse such bins (`tests/native/hostile.rs`), and the chart, should one reach it,
/// refuses to draw with a message instead of freezing the page.
#[test]
fn a_distribution_with_no_drawable_range_is_refused_not_drawn() {
    let dataset = builtin("ndb_r10_prefecture_sbp.arrow");
    let mut d = distribution(&dataset.records, &selection("sbp", hokkaido())).unwrap();
    let bin = &mut d.bins[1].bin;
    bin.upper = bin.lower;
    let citation = names::citation(&dataset.provenance, d.fiscal_year, Language::Japanese);
    let chart = distribution_chart(ChartText {
        title: "zero width".into(),
        indicator: by_id("sbp").unwrap(),
        primary: ("北海道".into(), &d),
        comparison: None,
        citation: &citation,
        notes: &[],
        fictional: false,
        language: Language::Japanese,
    });
    let error = render_svg(&chart, 900, 540).unwrap_err();
    assert_eq!(error, renkei::draw::DrawError::ValueRange);
    assert_eq!(
        renkei::view::messages::draw_error(&error, Language::Japanese),
        "階級の値の範囲が図にできません。"
    );
}
