//! Expected events by stratum (issue 12 item 3): rates per sex × age band weight the strata,
//! PSC 2002's age-specific slopes set each band's risk, and the regression-dilution ratio
//! moves risk towards the stratum's mean — each checked against what it must give by hand.

use crate::fixtures::{built_in, hokkaido};

use renkei::analysis::risk::{AgeSpecificOutcome, EventEstimate};
use renkei::analysis::simulator::fit::SimulatorInput;
use renkei::analysis::simulator::outcome::{simulate, EventScale, SimulationOutcome};
use renkei::analysis::simulator::parameters::{default_parameters, Parameters};
use renkei::analysis::standardise::StandardSource;
use renkei::model::indicator::by_id;
use renkei::model::{AgeBand, Dataset, Sex};
use renkei::view::language::Language;
use renkei::view::simulator::SimulationReport;

const YOUNGEST: AgeBand = AgeBand::new(40, 44);
const OLDEST: AgeBand = AgeBand::new(70, 74);

/// 北海道's men aged 40–44 and 70–74, SBP FY2022: two strata with different distributions.
fn two_bands() -> Dataset {
    let mut dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    dataset.records.retain(|r| {
        r.area_code == "01" && r.sex == Sex::Male && [YOUNGEST, OLDEST].contains(&r.age_band)
    });
    dataset
}

fn run(dataset: &Dataset, age_band: Option<AgeBand>, parameters: &Parameters) -> SimulationOutcome {
    let sbp = by_id("sbp").unwrap();
    let input =
        SimulatorInput::prepare(dataset, sbp, &hokkaido(), Some(Sex::Male), age_band).unwrap();
    simulate(&input, parameters, &input.standard(StandardSource::DEFAULT))
}

/// The fitted shape's events per approach (population, high-risk, both).
fn events(outcome: &SimulationOutcome) -> [EventEstimate; 3] {
    outcome.rows[0].events.unwrap()[0]
}

/// Rates per 100,000: 10 for men 40–44, 100 for men 70–74, none for women.
fn one_to_ten() -> Parameters {
    let mut parameters = default_parameters(by_id("sbp").unwrap());
    parameters.stratum_rates_per_100k.0[Sex::Male as usize][0] = Some(10.0);
    parameters.stratum_rates_per_100k.0[Sex::Male as usize][6] = Some(100.0);
    parameters
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn rates_by_stratum_weigh_each_band_by_its_rate_and_turn_events_into_events_per_year() {
    let dataset = two_bands();
    let parameters = one_to_ten();
    let young = run(&dataset, Some(YOUNGEST), &parameters);
    let old = run(&dataset, Some(OLDEST), &parameters);
    let both = run(&dataset, None, &parameters);
    assert_eq!(both.event_scale, EventScale::ByStratum);
    // Events now are each stratum's rate × its people: per person 1 : 10.
    let (young_people, old_people) = (young.rows[0].people, old.rows[0].people);
    let young_now = events(&young)[0].events_before;
    let old_now = events(&old)[0].events_before;
    assert!(
        close(young_now, 10.0 * young_people / 100_000.0),
        "{young_now}"
    );
    assert!(close(old_now, 100.0 * old_people / 100_000.0), "{old_now}");
    assert!(close(
        (old_now / old_people) / (young_now / young_people),
        10.0
    ));
    // The strata add up, before and after, for every approach.
    for approach in 0..3 {
        let sum = events(&young)[approach] + events(&old)[approach];
        let combined = events(&both)[approach];
        assert!(close(combined.events_before, sum.events_before));
        assert!(close(combined.events_after, sum.events_after));
        assert!(close(combined.excess.before, sum.excess.before));
    }
    // So the combined fraction averted is the rate-weighted one, which equal weights miss.
    let unweighted = run(&dataset, None, &default_parameters(by_id("sbp").unwrap()));
    let weighted_fraction = events(&both)[1].averted_fraction();
    let young_fraction = events(&young)[1].averted_fraction();
    let old_fraction = events(&old)[1].averted_fraction();
    let expected = (young_now * young_fraction + old_now * old_fraction) / (young_now + old_now);
    assert!(
        close(weighted_fraction, expected),
        "{weighted_fraction} {expected}"
    );
    assert!(
        (weighted_fraction - events(&unweighted)[1].averted_fraction()).abs() > 0.005,
        "the high-risk approach reaches more of the old men's events once they weigh ×10"
    );
    // The table counts the same events per year.
    let report = SimulationReport::new(&both, Language::Japanese);
    let counts = report
        .table_rows(&report.rows[0])
        .into_iter()
        .find(|row| row.id == "events-count")
        .expect("events per year are shown");
    assert!(counts.label.contains("性・年齢階級別"), "{}", counts.label);
    let now = (young_now + old_now).round() as u64;
    assert!(
        counts.cells[0].contains(&renkei::model::text::format_people(now)),
        "{:?} {now}",
        counts.cells
    );
}

#[test]
fn a_stratum_without_a_rate_is_named_and_no_count_per_year_is_shown() {
    let dataset = two_bands();
    let mut parameters = one_to_ten();
    parameters.stratum_rates_per_100k.0[Sex::Male as usize][6] = None;
    let outcome = run(&dataset, None, &parameters);
    assert_eq!(
        outcome.event_scale,
        EventScale::MissingStratumRate {
            sex: Sex::Male,
            age_band: OLDEST
        }
    );
    let report = SimulationReport::new(&outcome, Language::Japanese);
    assert!(report
        .table_rows(&report.rows[0])
        .iter()
        .all(|row| row.id != "events-count"));
    let sources = report.sources().join("\n");
    assert!(
        sources.contains("男性・70〜74歳の発生率が入力されていない"),
        "{sources}"
    );
}

#[test]
fn psc_age_specific_slopes_give_each_band_its_decades_hazard_ratio() {
    // SBP's slope has no threshold: 20 mmHg lower for everyone divides every person's risk by
    // the band's hazard ratio, whatever the distribution.
    let dataset = two_bands();
    for (outcome, hazard_ratios) in [
        (AgeSpecificOutcome::Stroke, [0.36, 0.50]),
        (AgeSpecificOutcome::IschaemicHeartDisease, [0.49, 0.60]),
    ] {
        let mut parameters = default_parameters(by_id("sbp").unwrap());
        parameters.population_shift = -20.0;
        parameters.age_specific = Some(outcome);
        for (band, hazard_ratio) in [YOUNGEST, OLDEST].into_iter().zip(hazard_ratios) {
            let run = run(&dataset, Some(band), &parameters);
            let averted = events(&run)[0].averted_fraction();
            assert!(
                close(averted, 1.0 - hazard_ratio),
                "{outcome:?} {band:?}: {averted}"
            );
        }
        let report = SimulationReport::new(&run(&dataset, None, &parameters), Language::English);
        let sources = report.sources().join("\n");
        assert!(sources.contains("age-specific hazard ratios"), "{sources}");
    }
    // Chosen for another item, it is not used (cited for SBP only).
    let bmi = by_id("bmi").unwrap();
    let mut parameters = default_parameters(bmi);
    parameters.age_specific = Some(AgeSpecificOutcome::Stroke);
    assert_eq!(parameters.checked(bmi).0.age_specific, None);
}

#[test]
fn regression_dilution_leaves_a_shift_alone_and_shrinks_what_the_high_risk_approach_averts() {
    let dataset = two_bands();
    let readings = default_parameters(by_id("sbp").unwrap());
    let diluted = Parameters {
        dilution_ratio: 0.5,
        ..readings
    };
    let (as_read, usual) = (
        run(&dataset, None, &readings),
        run(&dataset, None, &diluted),
    );
    // Log-linear without a threshold: a shift averts the same fraction of anyone's risk.
    assert!(close(
        events(&as_read)[0].averted_fraction(),
        events(&usual)[0].averted_fraction()
    ));
    // Those past 160 are nearer the mean in usual level: less of the risk is theirs.
    let (read, pulled) = (events(&as_read)[1], events(&usual)[1]);
    assert!(pulled.averted_fraction() < read.averted_fraction() - 0.001);
    assert!(
        pulled.share_not_past_threshold_before() > read.share_not_past_threshold_before() + 0.01
    );
    // A ratio of 1 is the reading itself, bit for bit.
    let one = Parameters {
        dilution_ratio: 1.0,
        ..readings
    };
    assert_eq!(events(&run(&dataset, None, &one)), events(&as_read));
}

#[test]
fn an_age_gradient_moves_the_high_risk_approachs_share_of_events_averted() {
    // 北海道 FY2022, both sexes, the defaults. Made-up rates rising with age (about ×1.7 per
    // band, women's 1/2.5 of men's): the older bands, where more people are past 160 mmHg,
    // weigh more, so the high-risk approach averts a larger share than with one rate for all.
    let dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    let sbp = by_id("sbp").unwrap();
    let input = SimulatorInput::prepare(&dataset, sbp, &hokkaido(), None, None).unwrap();
    let standard = input.standard(StandardSource::DEFAULT);
    let men = [10.0, 18.0, 32.0, 55.0, 95.0, 160.0, 270.0];
    let graded = Parameters {
        stratum_rates_per_100k: renkei::analysis::risk::StratumRates([
            men.map(Some),
            men.map(|rate| Some(rate / 2.5)),
        ]),
        ..default_parameters(sbp)
    };
    let flat = events(&simulate(&input, &default_parameters(sbp), &standard));
    let aged = events(&simulate(&input, &graded, &standard));
    println!(
        "averted: population {:.2} % → {:.2} %, high-risk {:.2} % → {:.2} %; \
         excess events below 160 before: {:.1} % → {:.1} %",
        100.0 * flat[0].averted_fraction(),
        100.0 * aged[0].averted_fraction(),
        100.0 * flat[1].averted_fraction(),
        100.0 * aged[1].averted_fraction(),
        100.0 * flat[0].excess_share_not_past_threshold_before(),
        100.0 * aged[0].excess_share_not_past_threshold_before(),
    );
    assert!(aged[1].averted_fraction() > flat[1].averted_fraction());
    // A pure shift of a log-linear risk averts the same fraction of every stratum's events.
    assert!(close(
        aged[0].averted_fraction(),
        flat[0].averted_fraction()
    ));
}
