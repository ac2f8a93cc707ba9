//! Validation of the binned model and the simulator against known distributions: a million
//! values drawn from a normal or log-normal, binned at the ministry's edges, must give the
//! analytic share past each threshold after a shift. Tolerances are justified where they are set.

use rand::rngs::StdRng;
use rand::SeedableRng;
use rand_distr::{Distribution as _, LogNormal, Normal};
use renkei::analysis::binned::{BinnedModel, Family, Shape, WithinBin};
use renkei::analysis::distribution::{BinCount, Distribution};
use renkei::analysis::intervention::{people_at_risk, people_below_after, HighRisk, Intervention};
use renkei::import::cells::parse_bin_label;
use renkei::model::indicator::RiskSide;
use renkei::model::Bin;

const SAMPLE_SIZE: usize = 1_000_000;
/// The sampling error of a share near 0.2 from a million people is √(0.2·0.8/10⁶) = 0.0004;
/// five of those is what chance alone may add to the model's own error.
const SAMPLING_TOLERANCE: f64 = 0.002;

const SBP_BINS: [&str; 6] = [
    "120未満",
    "120以上130未満",
    "130以上140未満",
    "140以上160未満",
    "160以上180未満",
    "180以上",
];
const HBA1C_BINS: [&str; 6] = [
    "5.6未満",
    "5.6以上6.0未満",
    "6.0以上6.5未満",
    "6.5以上8.0未満",
    "8.0以上8.4未満",
    "8.4以上",
];

fn binned(values: impl Iterator<Item = f64>, labels: &[&str]) -> Distribution {
    let bins: Vec<Bin> = labels.iter().map(|l| parse_bin_label(l).unwrap()).collect();
    let mut counts = vec![0u64; bins.len()];
    for value in values {
        let index = bins
            .iter()
            .position(|b| b.lower.is_none_or(|l| value >= l) && b.upper.is_none_or(|u| value < u))
            .unwrap();
        counts[index] += 1;
    }
    counted(labels, &counts)
}

fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

fn sbp_like() -> (Distribution, f64, f64) {
    let (mean, sd) = (126.0, 17.0);
    let mut rng = StdRng::seed_from_u64(2022);
    let normal = Normal::new(mean, sd).unwrap();
    let values = (0..SAMPLE_SIZE).map(|_| normal.sample(&mut rng));
    (binned(values, &SBP_BINS), mean, sd)
}

fn share(model: &BinnedModel, intervention: Intervention, threshold: f64, side: RiskSide) -> f64 {
    people_at_risk(model, &intervention, threshold, side) / model.total_people
}

fn shift(delta: f64) -> Intervention {
    Intervention {
        population_shift: delta,
        high_risk: None,
    }
}

#[test]
fn a_shift_of_normal_data_matches_the_analytic_share() {
    let (distribution, mean, sd) = sbp_like();
    let model = BinnedModel::fit(&distribution).unwrap();
    for delta in [-10.0, -4.0, 0.0, 4.0] {
        for threshold in [130.0, 140.0, 160.0] {
            let truth = 1.0 - normal_cdf((threshold - delta - mean) / sd);
            let estimate = share(&model, shift(delta), threshold, RiskSide::AtOrAbove);
            assert!(
                (estimate - truth).abs() < SAMPLING_TOLERANCE,
                "Δ {delta}, ≥{threshold}: {estimate} vs {truth}"
            );
        }
    }
    let (estimated_mean, estimated_sd) = model.mean_and_sd();
    assert!((estimated_mean - mean).abs() < 0.2, "{estimated_mean}");
    assert!((estimated_sd - sd).abs() < 0.2, "{estimated_sd}");
}

#[test]
fn a_shift_of_log_normal_data_matches_the_analytic_share() {
    let (log_mean, log_sd) = (5.6f64.ln(), 0.09);
    let mut rng = StdRng::seed_from_u64(7);
    let log_normal = LogNormal::new(log_mean, log_sd).unwrap();
    let distribution = binned(
        (0..SAMPLE_SIZE).map(|_| log_normal.sample(&mut rng)),
        &HBA1C_BINS,
    );
    let model = BinnedModel::fit(&distribution).unwrap();
    for delta in [-0.3f64, -0.1, 0.0, 0.2] {
        for threshold in [5.6, 6.5] {
            let truth = 1.0 - normal_cdf(((threshold - delta).ln() - log_mean) / log_sd);
            let estimate = share(&model, shift(delta), threshold, RiskSide::AtOrAbove);
            assert!(
                (estimate - truth).abs() < SAMPLING_TOLERANCE,
                "Δ {delta}, ≥{threshold}: {estimate} vs {truth}"
            );
        }
    }
}

/// A shape neither normal nor log-normal (two populations mixed): the model is then only an
/// approximation; one percentage point is the bound a council can read a chart to.
#[test]
fn a_mixture_stays_within_one_point() {
    let mut rng = StdRng::seed_from_u64(11);
    let (young, old) = (
        Normal::new(116.0, 12.0).unwrap(),
        Normal::new(138.0, 18.0).unwrap(),
    );
    let values = (0..SAMPLE_SIZE).map(|i| {
        if i % 3 == 0 {
            old.sample(&mut rng)
        } else {
            young.sample(&mut rng)
        }
    });
    let distribution = binned(values, &SBP_BINS);
    let model = BinnedModel::fit(&distribution).unwrap();
    let truth = |v: f64| {
        (2.0 * (1.0 - normal_cdf((v - 116.0) / 12.0)) + (1.0 - normal_cdf((v - 138.0) / 18.0)))
            / 3.0
    };
    for delta in [-8.0, -4.0, 4.0] {
        for threshold in [130.0, 140.0] {
            let estimate = share(&model, shift(delta), threshold, RiskSide::AtOrAbove);
            assert!(
                (estimate - truth(threshold - delta)).abs() < 0.01,
                "Δ {delta}, ≥{threshold}: {estimate} vs {}",
                truth(threshold - delta)
            );
        }
    }
}

#[test]
fn no_change_returns_the_observed_counts_exactly_and_people_are_conserved() {
    let (distribution, _, _) = sbp_like();
    let model = BinnedModel::fit(&distribution).unwrap();
    let mut below = 0u64;
    for bin in &distribution.bins {
        if let Some(lower) = bin.bin.lower {
            assert_eq!(model.people_below(lower), below as f64, "{}", bin.bin.label);
            let at_or_above = people_at_risk(&model, &shift(0.0), lower, RiskSide::AtOrAbove);
            assert_eq!(at_or_above, (distribution.total_people - below) as f64);
        }
        below += bin.count_people;
    }
    let both = Intervention {
        population_shift: -4.0,
        high_risk: Some(HighRisk {
            threshold: 160.0,
            reach_fraction: 0.5,
            improvement: 15.0,
        }),
    };
    // The distribution after holds everyone: nobody is lost or made up.
    let everyone = people_below_after(&model, &both, RiskSide::AtOrAbove, 1e6);
    assert!((everyone - model.total_people).abs() < 1e-6);
    let mut previous = 0.0;
    for value in (60..=260).map(f64::from) {
        let below = people_below_after(&model, &both, RiskSide::AtOrAbove, value);
        assert!(below >= previous - 1e-9, "{value}");
        previous = below;
    }
}

#[test]
fn shares_rise_with_the_shift() {
    let (distribution, _, _) = sbp_like();
    let model = BinnedModel::fit(&distribution).unwrap();
    let shares: Vec<f64> = (-20..=20)
        .map(|d| share(&model, shift(d as f64), 140.0, RiskSide::AtOrAbove))
        .collect();
    assert!(shares.windows(2).all(|w| w[0] < w[1]), "{shares:?}");
}

#[test]
fn the_high_risk_approach_matches_the_analytic_share() {
    let (distribution, mean, sd) = sbp_like();
    let model = BinnedModel::fit(&distribution).unwrap();
    // Half of those ≥160 reached, −15 mmHg. Share ≥160 after: ½·P(X ≥ 160) + ½·P(X ≥ 175).
    // Share ≥140 after: unchanged, since 160 − 15 is still ≥ 140.
    let above = |v: f64| 1.0 - normal_cdf((v - mean) / sd);
    let high_risk = Intervention {
        population_shift: 0.0,
        high_risk: Some(HighRisk {
            threshold: 160.0,
            reach_fraction: 0.5,
            improvement: 15.0,
        }),
    };
    for (threshold, truth) in [
        (160.0, 0.5 * above(160.0) + 0.5 * above(175.0)),
        (140.0, above(140.0)),
    ] {
        let estimate = share(&model, high_risk, threshold, RiskSide::AtOrAbove);
        assert!(
            (estimate - truth).abs() < SAMPLING_TOLERANCE,
            "≥{threshold}: {estimate} vs {truth}"
        );
    }
}

/// HDL: low is risky. Mirroring the data around a centre turns "at or above" into "below":
/// the simulator must give the same people for the mirrored question.
#[test]
fn low_is_risky_behaves_as_the_mirror_of_high_is_risky() {
    let (mean, sd, centre) = (60.0, 15.0, 100.0);
    let mut rng = StdRng::seed_from_u64(5);
    let normal = Normal::new(mean, sd).unwrap();
    let values: Vec<f64> = (0..SAMPLE_SIZE).map(|_| normal.sample(&mut rng)).collect();
    let labels = [
        "35未満",
        "35以上40未満",
        "40以上60未満",
        "60以上80未満",
        "80以上",
    ];
    let direct = BinnedModel::fit(&binned(values.iter().copied(), &labels)).unwrap();
    let mirror_bins = [
        "120未満",
        "120以上140未満",
        "140以上160未満",
        "160以上165未満",
        "165以上",
    ];
    let mirrored = BinnedModel::fit(&binned(
        values.iter().map(|v| 2.0 * centre - v),
        &mirror_bins,
    ))
    .unwrap();
    for (delta, reach) in [(0.0, 0.0), (3.0, 0.0), (3.0, 0.5), (-2.0, 1.0)] {
        let low_is_risky = Intervention {
            population_shift: delta,
            high_risk: Some(HighRisk {
                threshold: 40.0,
                reach_fraction: reach,
                improvement: 5.0,
            }),
        };
        let high_is_risky = Intervention {
            population_shift: -delta,
            high_risk: Some(HighRisk {
                threshold: 2.0 * centre - 40.0,
                reach_fraction: reach,
                improvement: 5.0,
            }),
        };
        let a = share(&direct, low_is_risky, 40.0, RiskSide::Below);
        let b = share(
            &mirrored,
            high_is_risky,
            2.0 * centre - 40.0,
            RiskSide::AtOrAbove,
        );
        // The two fits are separate numerical optimisations (stopping at a relative 1e-10 of
        // the likelihood): they agree to far better than anything shown (0.1 points).
        assert!((a - b).abs() < 1e-5, "Δ {delta}, r {reach}: {a} vs {b}");
        let truth_without_high_risk = normal_cdf((40.0 - delta - mean) / sd);
        if reach == 0.0 {
            assert!(
                (a - truth_without_high_risk).abs() < SAMPLING_TOLERANCE,
                "{a}"
            );
        }
    }
}

#[test]
fn parameters_out_of_range_are_clamped() {
    let (distribution, _, _) = sbp_like();
    let model = BinnedModel::fit(&distribution).unwrap();
    let wild = Intervention {
        population_shift: f64::NAN,
        high_risk: Some(HighRisk {
            threshold: 160.0,
            reach_fraction: 1.7,
            improvement: -5.0,
        }),
    };
    let sane = Intervention {
        population_shift: 0.0,
        high_risk: Some(HighRisk {
            threshold: 160.0,
            reach_fraction: 1.0,
            improvement: 0.0,
        }),
    };
    assert_eq!(wild.clamped(), sane);
    assert_eq!(
        people_at_risk(&model, &wild, 140.0, RiskSide::AtOrAbove),
        people_at_risk(&model, &shift(0.0), 140.0, RiskSide::AtOrAbove)
    );
}

/// On the real FY2022 prefecture data: every stratum's model reproduces its published counts at
/// every edge, and SBP −4 moves the share ≥140 to between the published shares ≥160 and ≥140
/// (people at 140–144 leave; nobody crosses 160 → 156 into or out of the ≥140 group).
#[test]
fn real_strata_are_reproduced_and_bounded() {
    use renkei::analysis::distribution::{distribution, AreaSelection, GroupSelection, Selection};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/data/ndb_r10_prefecture_sbp.arrow"
    );
    let dataset =
        renkei::import::canonical_ipc::read_ipc_file_format(&std::fs::read(path).unwrap()).unwrap();
    let mut checked = 0;
    for (code, name) in renkei::model::prefecture::PREFECTURES {
        let selection = Selection {
            indicator: "sbp".into(),
            area: AreaSelection::Area {
                level: renkei::model::AreaLevel::Prefecture,
                code: code.to_string(),
                name: name.to_string(),
            },
            group: GroupSelection::Any,
            sex: None,
            age_band: None,
        };
        let d = distribution(&dataset.records, &selection).unwrap();
        let model = BinnedModel::fit(&d).unwrap();
        let mut below = 0u64;
        for bin in &d.bins {
            if let Some(lower) = bin.bin.lower {
                let modelled = model.people_below(lower);
                assert!(
                    (modelled - below as f64).abs() < 1e-6 * below as f64,
                    "{name} {lower}"
                );
            }
            below += bin.count_people;
        }
        let observed_at_or_above = |edge: f64| {
            d.bins
                .iter()
                .filter(|b| b.bin.lower.is_some_and(|l| l >= edge))
                .map(|b| b.count_people as f64)
                .sum::<f64>()
        };
        let after = people_at_risk(&model, &shift(-4.0), 140.0, RiskSide::AtOrAbove);
        assert!(
            after < observed_at_or_above(140.0) && after > observed_at_or_above(160.0),
            "{name}: {after}"
        );
        checked += 1;
    }
    assert_eq!(checked, 47);
}

/// Events under the PSC slope for SBP: a shift multiplies every person's risk by the same
/// factor, so −20 mmHg halves the events whatever the distribution; −4 mmHg averts 1 − 2^(−0.2).
#[test]
fn a_shift_averts_the_cohorts_fraction_of_events() {
    use renkei::analysis::risk::default_slope;
    let (distribution, mean, sd) = sbp_like();
    let model = BinnedModel::fit(&distribution).unwrap();
    let grid = model.people_grid(2000);
    let slope = default_slope("sbp").unwrap();
    assert!(slope.source[0].contains("Lancet 2002"));
    for (delta, averted) in [(-20.0, 0.5), (-4.0, 1.0 - 2f64.powf(-0.2)), (0.0, 0.0)] {
        let events = events_after_shift(&grid, delta, &slope, 160.0);
        assert!(
            (events.averted_fraction() - averted).abs() < 1e-9,
            "Δ {delta}: {events:?}"
        );
    }
    // The prevention paradox, analytically for a normal: with risk ∝ exp(βx) the events come
    // from a normal shifted by βσ², so the share from below 160 is Φ((160 − μ − βσ²)/σ).
    let beta = slope.log_rr_per_unit();
    let truth = normal_cdf((160.0 - mean - beta * sd * sd) / sd);
    let events = events_after_shift(&grid, 0.0, &slope, 160.0);
    // The model is fitted to binned draws and 2,000 slices put each slice's people at its
    // midpoint: 0.5 points covers both.
    let share = events.share_not_past_threshold_before();
    assert!((share - truth).abs() < 0.005, "{share} vs {truth}");
    assert!(share > 0.8, "most events arise below 160");
    // After a shift of d every value moves by d, so the events after come from the tilted
    // normal moved by d: Φ((160 − (μ + d) − βσ²)/σ).
    let events = events_after_shift(&grid, -4.0, &slope, 160.0);
    let truth_after = normal_cdf((160.0 - (mean - 4.0) - beta * sd * sd) / sd);
    let share_after = events.share_not_past_threshold_after();
    assert!(
        (share_after - truth_after).abs() < 0.005,
        "{share_after} vs {truth_after}"
    );
}

#[test]
fn the_bmi_slope_applies_above_25_only_and_other_items_have_no_default() {
    use renkei::analysis::risk::default_slope;
    let slope = default_slope("bmi").unwrap();
    assert_eq!(slope.from_value, Some(25.0));
    assert!(
        default_slope("ldl").is_none(),
        "no cited default: the user gives one"
    );
    let mut rng = StdRng::seed_from_u64(3);
    let lean = Normal::new(20.0, 1.0).unwrap();
    let labels = [
        "18.5未満",
        "18.5以上20.0未満",
        "20.0以上25.0未満",
        "25.0以上30.0未満",
        "30.0以上",
    ];
    let model = BinnedModel::fit(&binned(
        (0..100_000).map(|_| lean.sample(&mut rng)),
        &labels,
    ))
    .unwrap();
    // Almost nobody above 25: moving everyone by −1 averts (almost) nothing.
    let grid = model.people_grid(2000);
    let events = events_after_shift(&grid, -1.0, &slope, 25.0);
    assert!(events.averted_fraction().abs() < 1e-4, "{events:?}");
    // Rose's paradox is about the excess: a lean population's events below 25 are almost all
    // of its events, but none of its excess events (risk is flat below 25).
    assert!(
        events.share_not_past_threshold_before() > 0.99,
        "{events:?}"
    );
    assert_eq!(events.excess_share_not_past_threshold_before(), 0.0);
    assert!(events.excess_fraction_before() < 1e-4, "{events:?}");
}

/// Excess events count only what lies above the risk at the reference level: for SBP against
/// 115 mmHg, a person at 135 has twice the reference's risk, so one reference risk of excess;
/// a person at 110 has none.
#[test]
fn excess_events_are_the_risk_above_the_reference_level() {
    use renkei::analysis::risk::default_slope;
    let slope = default_slope("sbp").unwrap();
    assert_eq!(slope.excess_from, Some(115.0));
    let unit = |value: f64| (slope.log_rr_per_unit() * value).exp();
    let grid = [(135.0, 10.0), (110.0, 30.0)];
    let events = events_after_shift(&grid, 0.0, &slope, 140.0);
    let expected_excess = 10.0 * (unit(135.0) - unit(115.0));
    assert!((events.excess.before - expected_excess).abs() < 1e-9 * expected_excess);
    assert!(
        (unit(135.0) / unit(115.0) - 2.0).abs() < 1e-12,
        "20 mmHg doubles the risk"
    );
    assert_eq!(
        events.excess_share_not_past_threshold_before(),
        1.0,
        "every excess event arises below 140 here"
    );
    let all = 10.0 * unit(135.0) + 30.0 * unit(110.0);
    assert!((events.events_before - all).abs() < 1e-9 * all);
}

fn counted(labels: &[&str], counts: &[u64]) -> Distribution {
    let bins: Vec<Bin> = labels.iter().map(|l| parse_bin_label(l).unwrap()).collect();
    Distribution {
        fiscal_year: 2022,
        total_people: counts.iter().sum(),
        cell_count: bins.len(),
        suppressed_cell_count: 0,
        bins: bins
            .into_iter()
            .zip(counts)
            .map(|(bin, &count_people)| BinCount::exact(bin, count_people))
            .collect(),
    }
}

/// The shape chosen is the one of highest grouped likelihood, fitted as SciPy fits it: values
/// from `scripts/reference/grouped_fit.py` (SciPy 1.17.1 Nelder–Mead on the same likelihood), for
/// 北海道 FY2021 HbA1c men 40–44 (six bins: the log-logistic wins clearly) and γ-GT women 70–74
/// (three bins: all three shapes fit exactly and tie; the normal, whose mean is −47 U/L, is no
/// candidate on a positive scale, and the log-logistic comes before the log-normal).
#[test]
fn the_shape_is_the_likeliest_candidate_as_scipy_fits_it() {
    const GGT_BINS: [&str; 3] = ["51未満", "51以上101未満", "101以上"];
    struct Reference {
        labels: &'static [&'static str],
        counts: &'static [u64],
        /// SciPy's log-logistic: the log-median, the log-scale and the log-likelihood.
        log_logistic: [f64; 3],
        /// The normal's and the log-normal's log-likelihoods.
        others: [f64; 2],
    }
    let cases = [
        Reference {
            labels: &HBA1C_BINS,
            counts: &[41235, 12700, 2359, 1446, 157, 566],
            log_logistic: [1.6652948141621673, 0.062309210603878507, -52602.19503233581],
            others: [-55723.6893526731, -54468.356867497336],
        },
        Reference {
            labels: &GGT_BINS,
            counts: &[46908, 3291, 920],
            log_logistic: [2.8952053575398864, 0.4300458034294333, -16755.81939491671],
            others: [-16755.81939491671, -16755.81939491671],
        },
    ];
    for Reference {
        labels,
        counts,
        log_logistic: [median, scale, likelihood],
        others,
    } in cases
    {
        let distribution = counted(labels, counts);
        let model = BinnedModel::fit(&distribution).unwrap();
        let Shape {
            family: Family::LogLogistic,
            location: log_median,
            scale: log_scale,
        } = model.shape
        else {
            panic!("{labels:?}: {:?}", model.shape);
        };
        // The likelihood is flat to second order at its peak: a stop at a relative change of
        // 1e-10 leaves the parameters about its square root apart.
        assert!(
            (log_median - median).abs() < 1e-4,
            "{log_median} vs {median}"
        );
        assert!((log_scale - scale).abs() < 1e-4, "{log_scale} vs {scale}");
        // The grouped log-likelihood of the shape chosen, computed here from its CDF.
        let cdf = |x: f64| 1.0 / (1.0 + (-(x.ln() - log_median) / log_scale).exp());
        let edges: Vec<f64> = distribution.bins[1..]
            .iter()
            .map(|b| b.bin.lower.unwrap())
            .collect();
        let mut cumulative = vec![0.0];
        cumulative.extend(edges.iter().map(|&e| cdf(e)));
        cumulative.push(1.0);
        let reached: f64 = counts
            .iter()
            .zip(cumulative.windows(2))
            .map(|(&n, p)| n as f64 * (p[1] - p[0]).ln())
            .sum();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs();
        assert!(close(reached, likelihood), "{reached} vs {likelihood}");
        assert!(others
            .iter()
            .all(|&other| other < likelihood || close(other, likelihood)));
        assert_eq!(model.people_below(0.0), 0.0, "nobody below zero");
    }
}

/// With everyone in one bin every shape fits, so none is used: the people are spread evenly
/// over the bin (an open one over its neighbour's width).
#[test]
fn everyone_in_one_bin_is_spread_evenly_over_it() {
    for (counts, mean) in [([0, 0, 500, 0, 0, 0], 135.0), ([500, 0, 0, 0, 0, 0], 115.0)] {
        let model = BinnedModel::fit(&counted(&SBP_BINS, &counts)).unwrap();
        let (model_mean, _) = model.mean_and_sd();
        assert!((model_mean - mean).abs() < 0.01, "{counts:?}: {model_mean}");
        assert!(
            (model.people_below(mean) - 250.0).abs() < 1e-6,
            "{counts:?}"
        );
    }
}

/// The monotone assumption is SciPy's `PchipInterpolator` through the cumulative counts at the
/// finite edges: values from `scripts/reference/pchip.py` (SciPy 1.17.1), including a bin with
/// nobody (flat), a dip and a spike (the one-sided end rule and its clamps).
#[test]
fn the_monotone_assumption_is_scipys_pchip_of_the_cumulative_counts() {
    const POINTS: [f64; 10] = [
        121.0, 125.0, 129.5, 133.0, 137.0, 141.0, 150.0, 159.0, 163.0, 175.0,
    ];
    let cases: [(&str, [u64; 6], [f64; 10]); 3] = [
        (
            "smooth",
            [351000, 244000, 179000, 157000, 36000, 7000],
            [
                378369.94680851063,
                481749.26122931443,
                584569.1083037825,
                656832.9980230137,
                731575.340540696,
                785295.3402160881,
                873700.0690612578,
                927760.6860271897,
                939534.5181347149,
                964120.4663212437,
            ],
        ),
        (
            "empty bin and a dip",
            [100, 0, 50, 400, 20, 5],
            [
                100.0,
                100.0,
                100.0,
                106.075,
                128.175,
                159.5782738095238,
                363.98809523809524,
                545.7372023809526,
                555.3435714285713,
                568.6607142857142,
            ],
        ),
        (
            "spike",
            [10, 500, 5, 300, 1, 1],
            [
                84.45839108910891,
                352.19987623762376,
                507.7035303217822,
                511.9831728172817,
                513.2551260126013,
                517.9614183781334,
                666.9423890063425,
                812.7766894442767,
                815.2767799003323,
                815.937188538206,
            ],
        ),
    ];
    for (name, counts, expected) in cases {
        let [_, monotone, _] =
            BinnedModel::fit_each_assumption(&counted(&SBP_BINS, &counts)).unwrap();
        for (x, want) in POINTS.iter().zip(expected) {
            let got = monotone.people_below(*x);
            assert!(
                (got - want).abs() <= 1e-9 * want.max(1.0),
                "{name}, below {x}: {got} against SciPy's {want}"
            );
        }
    }
}

/// Every assumption keeps every bin's count, and between edges the three differ only in where
/// inside the bin people are: the range they give is never wider than the bin allows.
#[test]
fn every_assumption_keeps_each_bins_count_and_stays_inside_the_bin() {
    let distribution = counted(&SBP_BINS, &[351000, 244000, 179000, 157000, 36000, 7000]);
    let models = BinnedModel::fit_each_assumption(&distribution).unwrap();
    let fitted = BinnedModel::fit(&distribution).unwrap();
    assert_eq!(
        models[0], fitted,
        "the fitted-shape model is the one `fit` gives"
    );
    let cumulative = [351000.0, 595000.0, 774000.0, 931000.0, 967000.0];
    for (within, model) in WithinBin::ALL.iter().zip(&models) {
        assert_eq!(model.total_people, 974000.0);
        for (edge, people) in [120.0, 130.0, 140.0, 160.0, 180.0].iter().zip(cumulative) {
            let below = model.people_below(*edge);
            assert!(
                (below - people).abs() < 1e-6,
                "{within:?} at {edge}: {below}"
            );
        }
        // Inside 140–160 the count below rises from 774,000 to 931,000 and never leaves that.
        let mut previous = 774000.0;
        for step in 1..200 {
            let below = model.people_below(140.0 + 0.1 * step as f64);
            assert!(
                below >= previous - 1e-9 && below <= 931000.0 + 1e-9,
                "{within:?}"
            );
            previous = below;
        }
    }
    // Spread evenly, a point a quarter into a bin has a quarter of its people below it.
    assert!((models[2].people_below(135.0) - (595000.0 + 0.5 * 179000.0)).abs() < 1e-6);
}

/// Expected events on a grid for one shift of everyone, readings taken as usual levels.
fn events_after_shift(
    grid: &[(f64, f64)],
    delta: f64,
    slope: &renkei::analysis::risk::RiskSlope,
    high_risk_threshold: f64,
) -> renkei::analysis::risk::EventEstimate {
    use renkei::analysis::risk::{expected_events, UsualLevel};
    let [events] = expected_events(
        grid,
        [shift(delta)],
        RiskSide::AtOrAbove,
        slope,
        high_risk_threshold,
        // Readings taken as usual levels (no regression dilution).
        UsualLevel {
            stratum_mean: 0.0,
            dilution_ratio: 1.0,
        },
    );
    events
}
