//! The simulator's report on real data: what a council reads (people past each threshold,
//! age-standardised shares, events, bands) checked against published counts, exact identities
//! and the groups adding up to their combined population.

use crate::fixtures::{built_in, hokkaido};

use renkei::analysis::distribution::AreaSelection;
use renkei::analysis::distribution::COMBINED_KEY;
use renkei::analysis::simulator::fit::SimulatorInput;
use renkei::analysis::simulator::outcome::simulate;
use renkei::analysis::simulator::parameters::{default_parameters, Approach, Parameters};
use renkei::analysis::standardise::{StandardPopulation, StandardSource};
use renkei::model::indicator::by_id;
use renkei::model::standard_population::FixedStandard;
use renkei::model::AreaLevel;
use renkei::view::language::Language;
use renkei::view::messages::simulator_error;
use renkei::view::simulator::sources::adjustment_note;
use renkei::view::simulator::SimulationReport;

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

/// 北海道, FY2022 SBP, both sexes 40–74, the defaults (−5 mmHg, 健康日本21 第三次, against ½ of ≥160 −15 mmHg).
fn hokkaido_report(standard: impl Fn(&SimulatorInput) -> StandardPopulation) -> SimulationReport {
    hokkaido_report_with(standard, default_parameters(by_id("sbp").unwrap()))
}

fn hokkaido_report_with(
    standard: impl Fn(&SimulatorInput) -> StandardPopulation,
    parameters: Parameters,
) -> SimulationReport {
    let dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    let sbp = by_id("sbp").unwrap();
    let input = SimulatorInput::prepare(&dataset, sbp, &hokkaido(), None, None).unwrap();
    SimulationReport::new(
        &simulate(&input, &parameters, &standard(&input)),
        Language::Japanese,
    )
}

fn ndb_2022_standard(input: &SimulatorInput) -> StandardPopulation {
    input.standard(StandardSource::Fixed(FixedStandard::NdbExaminees2022))
}

#[test]
fn counts_now_are_the_published_ones_and_the_high_risk_approach_keeps_everyone_past_140() {
    let report = hokkaido_report(ndb_2022_standard);
    assert_eq!(report.rows.len(), 1, "NDB data have no groups");
    let row = &report.rows[0];
    assert!(close(row.people, 975_254.0, 1e-6), "{}", row.people);
    let ids: Vec<&str> = report.thresholds.iter().map(|t| t.id).collect();
    assert_eq!(ids, ["guidance", "see-doctor", "high-risk"]);
    // Published: ≥130 = 179,151 + 157,250 + 36,309 + 7,179; ≥140 = 200,738; ≥160 = 43,488.
    // At bin edges every within-bin assumption gives the published counts.
    for (outcome, published) in row.past.iter().zip([379_889.0, 200_738.0, 43_488.0]) {
        for now in outcome.before.0 {
            assert!(close(now, published, 1e-6), "{now} vs {published}");
        }
    }
    // A reached person ≥160 falls by 15 to ≥145: still ≥140. So the high-risk approach moves
    // nobody below 140, and at 160 moves at most half of those ≥160 — under every assumption.
    let high_risk = 1;
    for a in 0..3 {
        assert!(close(row.past[1].after[high_risk].0[a], 200_738.0, 1e-6));
        let at_160 = row.past[2].after[high_risk].0[a];
        assert!(at_160 > 43_488.0 / 2.0 && at_160 < 43_488.0, "{at_160}");
        // The population approach moves people across every threshold.
        for outcome in &row.past {
            assert!(outcome.after[0].0[a] < outcome.before.0[a]);
            assert!(
                outcome.after[2].0[a] <= outcome.after[0].0[a] + 1e-6,
                "both ≤ population alone"
            );
        }
    }
    // Events: a shift multiplies everyone's risk by 2^(−5/20), whatever the distribution.
    let events = row.events.unwrap()[0];
    assert!(close(
        events[0].averted_fraction(),
        1.0 - 2f64.powf(-0.25),
        1e-9
    ));
    assert!(events[1].averted_fraction() > 0.0);
    assert!(
        events[1].averted_fraction() < events[0].averted_fraction(),
        "here the population approach averts more"
    );
    assert!(
        events[0].share_not_past_threshold_before() > 0.75,
        "most events arise below 160"
    );
    // The mean moves by exactly the shift, whatever the assumption.
    for a in 0..3 {
        assert!(close(
            row.mean.after[0].0[a] - row.mean.before.0[a],
            -5.0,
            1e-9
        ));
    }
    assert!(report.slope.as_ref().unwrap().source[0].contains("Lancet 2002"));
}

#[test]
fn standardised_to_itself_a_population_keeps_its_crude_shares() {
    let report = hokkaido_report(|input| input.standard(StandardSource::Shown));
    let row = &report.rows[0];
    let standardised = row.standardised.as_ref().unwrap();
    for (crude, adjusted) in row.past.iter().zip(standardised) {
        for a in 0..3 {
            assert!(close(
                crude.before.0[a] / row.people,
                adjusted.before.0[a],
                1e-12
            ));
            for i in 0..3 {
                assert!(close(
                    crude.after[i].0[a] / row.people,
                    adjusted.after[i].0[a],
                    1e-12
                ));
            }
        }
    }
    // Against the national population the weights differ, the shares stay shares.
    let national = hokkaido_report(ndb_2022_standard);
    let shares = national.rows[0].standardised.as_ref().unwrap();
    assert!(shares
        .iter()
        .all(|s| s.before.fitted() > 0.0 && s.before.fitted() < 1.0));
    assert!(national.standard_label.contains("NDB 2022年度"));
}

#[test]
fn bands_keep_everyone_and_a_pure_shift_moves_people_one_band_down() {
    let report = hokkaido_report(ndb_2022_standard);
    let bands = report.rows[0].bands.as_ref().unwrap();
    let people = report.rows[0].people;
    // Under every within-bin assumption `a`.
    for a in 0..3 {
        for approach in 0..3 {
            let after: f64 = bands.iter().map(|b| b.people.after[approach].0[a]).sum();
            assert!(close(after, people, 1e-6), "approach {approach}: {after}");
            for band in bands {
                assert!(band.moved_out[approach].0[a] >= -1e-9);
                assert!(band.moved_out[approach].0[a] <= band.people.before.0[a] + 1e-9);
            }
        }
        // −5 mmHg is narrower than every closed band: who leaves band b lands in band b − 1.
        let population = 0;
        assert!(close(bands[0].moved_out[population].0[a], 0.0, 1e-9));
        for pair in bands.windows(2) {
            let (lower, upper) = (&pair[0], &pair[1]);
            let expected = lower.people.before.0[a] - lower.moved_out[population].0[a]
                + upper.moved_out[population].0[a];
            assert!(
                close(lower.people.after[population].0[a], expected, 1e-6),
                "{}: {:?} vs {expected}",
                lower.bin.label,
                lower.people.after[population]
            );
        }
    }
    // No change: nobody moves.
    let sbp = by_id("sbp").unwrap();
    let dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    let input = SimulatorInput::prepare(&dataset, sbp, &hokkaido(), None, None).unwrap();
    let nothing = Parameters {
        population_shift: 0.0,
        reach_fraction: 0.0,
        ..default_parameters(sbp)
    };
    let report = SimulationReport::new(
        &simulate(&input, &nothing, &input.standard(StandardSource::Shown)),
        Language::Japanese,
    );
    for band in report.rows[0].bands.as_ref().unwrap() {
        for a in 0..3 {
            assert!(band.moved_out.iter().all(|m| m.0[a].abs() < 1e-6));
            assert!(band.people.after.iter().all(|after| close(
                after.0[a],
                band.people.before.0[a],
                1e-6
            )));
        }
    }
}

#[test]
fn groups_add_up_to_their_combined_population() {
    let dataset = built_in("example_prefecture_sbp.arrow");
    let sbp = by_id("sbp").unwrap();
    let input = SimulatorInput::prepare(&dataset, sbp, &hokkaido(), None, None).unwrap();
    let report = SimulationReport::new(
        &simulate(&input, &default_parameters(sbp), &ndb_2022_standard(&input)),
        Language::Japanese,
    );
    let keys: Vec<&str> = report.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["regional", "occupational", COMBINED_KEY]);
    assert!(report.fictional);
    let (groups, combined) = report.rows.split_at(2);
    let combined = &combined[0];
    assert!(close(
        groups[0].people + groups[1].people,
        combined.people,
        1e-6
    ));
    // The example splits the real counts: the groups together are 北海道's published people.
    assert!(close(combined.people, 975_254.0, 1e-6));
    for t in 0..report.thresholds.len() {
        for i in 0..3 {
            let sum = groups[0].past[t].after[i] + groups[1].past[t].after[i];
            for a in 0..3 {
                assert!(close(sum.0[a], combined.past[t].after[i].0[a], 1e-6));
            }
        }
    }
    for a in 0..3 {
        let events =
            |row: &renkei::view::simulator::PopulationRow| row.events.unwrap()[a][0].events_after;
        assert!(close(
            events(&groups[0]) + events(&groups[1]),
            events(combined),
            1e-6 * events(combined)
        ));
    }
    let table = report.table_rows(combined);
    assert!(table.iter().any(|r| r.id == "past-see-doctor"));
    assert!(combined.label.starts_with("合算（地域＋職域"));
}

#[test]
fn the_table_prints_published_counts_and_the_events_with_their_source() {
    let report = hokkaido_report(ndb_2022_standard);
    let table = report.table_rows(&report.rows[0]);
    let row = |id: &str| table.iter().find(|r| r.id == id).unwrap().clone();
    assert_eq!(row("past-see-doctor").cells[0], "200,738人（20.6%）");
    assert!(
        row("past-see-doctor").cells[2].ends_with("\n±0人"),
        "{:?}",
        row("past-see-doctor")
    );
    // 1 − 2^(−5/20) of the events: the slope halves risk per 20 mmHg.
    assert_eq!(row("events-averted").cells[1], "15.9%減");
    assert!(row("events-not-past-threshold")
        .label
        .contains("160mmHg未満"));
    let headings = report.column_headings();
    assert_eq!(headings[1], "集団アプローチ（全員 −5mmHg）");
    assert_eq!(
        headings[2],
        "ハイリスクアプローチ（160mmHg以上の50%に−15mmHg）"
    );
    assert!(report.sources().iter().any(|l| l.contains("Lancet 2002")));
    // A baseline rate turns relative events into counts: 100 per 100,000 of 975,254 people.
    let report = hokkaido_report_with(
        ndb_2022_standard,
        Parameters {
            baseline_rate_per_100k: Some(100.0),
            ..report.parameters
        },
    );
    let table = report.table_rows(&report.rows[0]);
    let count = table.iter().find(|r| r.id == "events-count").unwrap();
    assert_eq!(count.cells[0], "975件");
    let averted = 975.254 * (1.0 - 2f64.powf(-0.25));
    assert!(
        count.cells[1].contains(&format!("−{}件", averted.round())),
        "{:?}",
        count.cells
    );
    // The prevention paradox in events: the share of the excess events (above the risk at
    // 115 mmHg) that arise below 160, and how many of the 975 events that is.
    let paradox = table
        .iter()
        .find(|r| r.id == "events-not-past-threshold")
        .unwrap();
    assert!(
        paradox.label.contains("超過発症（115mmHg"),
        "{}",
        paradox.label
    );
    // Per within-bin assumption: the share, and the events it stands for.
    let per_assumption = report.rows[0].events.unwrap().map(|events| {
        let share = events[0].excess_share_not_past_threshold_before();
        assert!(
            share < events[0].share_not_past_threshold_before(),
            "the excess comes more from the high tail than all events do"
        );
        (share, share * events[0].excess_fraction_before() * 975.254)
    });
    let [fitted, ..] = per_assumption;
    let low = per_assumption
        .iter()
        .fold(fitted, |l, s| (l.0.min(s.0), l.1.min(s.1)));
    let high = per_assumption
        .iter()
        .fold(fitted, |h, s| (h.0.max(s.0), h.1.max(s.1)));
    assert_eq!(
        paradox.cells[0],
        format!(
            "{:.1}%\n幅 {:.1}%〜{:.1}%\n{}件\n幅 {}〜{}件",
            fitted.0 * 100.0,
            low.0 * 100.0,
            high.0 * 100.0,
            fitted.1.round(),
            low.1.round(),
            high.1.round()
        )
    );
}

#[test]
fn parameters_out_of_range_are_brought_back_and_said() {
    let sbp = by_id("sbp").unwrap();
    let wild = Parameters {
        population_shift: -400.0,
        high_risk_threshold: f64::NAN,
        reach_fraction: 3.0,
        improvement: -5.0,
        relative_risk_per_step: Some(0.0),
        baseline_rate_per_100k: Some(-1.0),
        dilution_ratio: 5.0,
        ..default_parameters(sbp)
    };
    let (checked, adjustments) = wild.checked(sbp);
    let notes: Vec<String> = adjustments
        .iter()
        .map(|a| adjustment_note(a, sbp, Language::Japanese))
        .collect();
    assert_eq!(checked.population_shift, -35.0);
    assert_eq!(checked.high_risk_threshold, 160.0);
    assert_eq!(checked.reach_fraction, 1.0);
    assert_eq!(checked.improvement, 0.0);
    assert_eq!(checked.relative_risk_per_step, Some(0.1));
    assert_eq!(checked.baseline_rate_per_100k, Some(0.0));
    assert_eq!(checked.dilution_ratio, 1.0);
    assert_eq!(notes.len(), 7, "{notes:?}");
    assert!(notes[6].contains("回帰希釈比"), "{}", notes[6]);
    assert!(
        notes[0].contains("−400") || notes[0].contains("-400"),
        "{}",
        notes[0]
    );
}

#[test]
fn items_without_a_risky_side_and_strata_without_people_say_so() {
    let dataset = built_in("ndb_r9_prefecture_waist.arrow");
    let waist = by_id("waist").unwrap();
    let error = SimulatorInput::prepare(&dataset, waist, &hokkaido(), None, None).unwrap_err();
    let error = simulator_error(&error, Language::Japanese);
    assert!(error.contains("判定値がない"), "{error}");

    let template = renkei::import::tidy::import_tidy_csv(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/public/data/renkei-template.csv"
        ))
        .unwrap(),
        "renkei-template.csv",
    )
    .unwrap();
    let sbp = by_id("sbp").unwrap();
    let city = AreaSelection::Area {
        level: AreaLevel::Municipality,
        code: String::new(),
        name: "記入例市".into(),
    };
    let input = SimulatorInput::prepare(&template, sbp, &city, None, None).unwrap();
    let report = SimulationReport::new(
        &simulate(&input, &default_parameters(sbp), &ndb_2022_standard(&input)),
        Language::Japanese,
    );
    let regional = &report.rows[0];
    assert_eq!(
        regional.missing.len(),
        13,
        "only men 40–44 are in the template"
    );
    assert!(regional
        .standardised
        .as_ref()
        .unwrap_err()
        .contains("年齢調整できません"));
    let sources = report.sources();
    assert!(sources.iter().any(|l| l.contains("女性・70〜74歳")));
    assert!(
        sources.iter().any(|l| l.contains("秘匿セル 1 個")),
        "the suppressed ≥140 cell of 地域 is said: {sources:?}"
    );
    // A whole sex × band of nobody is an error, not a row of zeros.
    let women = SimulatorInput::prepare(
        &template,
        sbp,
        &city,
        Some(renkei::model::Sex::Female),
        None,
    )
    .unwrap_err();
    let women = simulator_error(&women, Language::Japanese);
    assert!(women.contains("人数のある層がありません"), "{women}");
}

#[test]
fn low_is_risky_for_hdl() {
    let dataset = built_in("ndb_r9_prefecture_hdl.arrow");
    let hdl = by_id("hdl").unwrap();
    let input = SimulatorInput::prepare(&dataset, hdl, &hokkaido(), None, None).unwrap();
    let parameters = Parameters {
        population_shift: 2.0,
        high_risk_threshold: 40.0,
        reach_fraction: 0.5,
        improvement: 5.0,
        relative_risk_per_step: None,
        ..default_parameters(hdl)
    };
    let report = SimulationReport::new(
        &simulate(&input, &parameters, &input.standard(StandardSource::Shown)),
        Language::Japanese,
    );
    let row = &report.rows[0];
    for outcome in &row.past {
        assert!(
            (0..3).all(|a| outcome
                .after
                .iter()
                .all(|after| after.0[a] < outcome.before.0[a])),
            "{outcome:?}"
        );
    }
    assert!(
        (0..3).all(|a| row.mean.after[1].0[a] > row.mean.before.0[a]),
        "raising the low raises the mean"
    );
    let table = report.table_rows(row);
    assert!(table
        .iter()
        .any(|r| r.cells[0].contains("出典のあるリスクの既定値がありません")));
}

#[test]
fn the_chart_shows_now_and_after_in_whole_people_that_add_up() {
    let report = hokkaido_report(ndb_2022_standard);
    let chart = report.chart("all", Approach::Population).unwrap();
    assert_eq!(chart.before.total_people, 975_254);
    assert_eq!(chart.after.total_people, 975_254);
    assert_eq!(
        chart
            .before
            .bins
            .iter()
            .map(|b| b.count_people)
            .collect::<Vec<_>>(),
        [351_474, 243_891, 179_151, 157_250, 36_309, 7_179]
    );
    assert!(chart.after.bins[0].count_people > 351_474);
    let svg = renkei::draw::distribution_chart::render_svg(&chart.chart(), 960, 540).unwrap();
    assert!(svg.contains("集団アプローチ後"), "title names the approach");
    assert!(svg.contains("推計"));
    assert!(
        svg.contains("幅を主に決めているのは"),
        "the image says how far the other within-bin assumptions move the outline"
    );
}

/// 北海道 FY2022, SBP −4 mmHg for everyone: people ≥140 afterwards are those ≥144 now, which
/// the bins bound whatever the within-bin assumption — between the published ≥160 and ≥140
/// (144 falls in the bin 140–160). The simulator's three assumptions all lie inside; spread
/// evenly it gives exactly the count worked out here by hand, and the table shows the range.
#[test]
fn the_hokkaido_minus_4_answer_lies_within_what_the_bins_allow_and_shows_its_range() {
    use renkei::analysis::binned::BinnedModel;
    use renkei::analysis::distribution::{distribution, GroupSelection, Selection};
    use renkei::analysis::intervention::{people_at_risk, Intervention};
    use renkei::model::indicator::RiskSide;
    use renkei::model::{Sex, NDB_AGE_BANDS};
    let dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    let minus_4 = Intervention {
        population_shift: -4.0,
        high_risk: None,
    };
    let (mut fitted, mut even, mut at_least, mut at_most) = (0.0, 0.0, 0.0, 0.0);
    for sex in Sex::BOTH {
        for band in NDB_AGE_BANDS {
            let selection = Selection {
                indicator: "sbp".into(),
                area: hokkaido(),
                group: GroupSelection::Any,
                sex: Some(sex),
                age_band: Some(band),
            };
            let d = distribution(&dataset.records, &selection).unwrap();
            // Now at 144 or more: bins wholly above 144 surely, the bin holding 144 partly.
            for b in &d.bins {
                let (lower, upper) = (
                    b.bin.lower.unwrap_or(f64::MIN),
                    b.bin.upper.unwrap_or(f64::MAX),
                );
                let people = b.count_people as f64;
                if lower >= 144.0 {
                    at_least += people;
                    at_most += people;
                    even += people;
                } else if upper > 144.0 {
                    at_most += people;
                    even += people * (upper - 144.0) / (upper - lower);
                }
            }
            let model = BinnedModel::fit(&d).unwrap();
            fitted += people_at_risk(&model, &minus_4, 140.0, RiskSide::AtOrAbove);
        }
    }
    let sbp = by_id("sbp").unwrap();
    let input = SimulatorInput::prepare(&dataset, sbp, &hokkaido(), None, None).unwrap();
    let parameters = Parameters {
        population_shift: -4.0,
        ..default_parameters(sbp)
    };
    let outcome = simulate(&input, &parameters, &ndb_2022_standard(&input));
    let see_doctor = outcome
        .thresholds
        .iter()
        .position(|t| t.id == "see-doctor")
        .unwrap();
    let after = outcome.rows[0].past[see_doctor].after[0];
    let [shape, monotone, evenly] = after.0;
    println!(
        "北海道 FY2022 SBP −4 mmHg, people ≥140: fitted {shape:.0}, monotone cumulative \
         {monotone:.0}, even within bins {evenly:.0}; bins allow {at_least:.0}–{at_most:.0}"
    );
    assert!(close(shape, fitted, 1e-9), "the page's fitted figure");
    assert!(close(evenly, even, 1e-9), "spread evenly, the hand count");
    for answer in after.0 {
        assert!(at_least <= answer && answer <= at_most, "{answer}");
    }
    assert!(
        shape < evenly,
        "the fitted shape thins out across 140–160, an even spread does not"
    );
    let report = SimulationReport::new(&outcome, Language::Japanese);
    let table = report.table_rows(&report.rows[0]);
    let cell = &table
        .iter()
        .find(|r| r.id == "past-see-doctor")
        .unwrap()
        .cells[1];
    let (low, high) = after.range();
    let range = format!(
        "幅 {}〜{}人",
        renkei::model::text::format_people(low.round() as u64),
        renkei::model::text::format_people(high.round() as u64)
    );
    assert!(cell.ends_with(&range), "{cell:?} should end with {range}");
    let sources = report.sources();
    let fitted_sentence = format!(
        "人数は、当てはめた分布形 {}人",
        renkei::model::text::format_people(shape.round() as u64)
    );
    assert!(
        sources.iter().any(|line| line.contains(&fitted_sentence)
            && line.contains("幅を主に決めているのは「階級内で均等」の仮定")),
        "{sources:?}"
    );
}
