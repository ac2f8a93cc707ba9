//! Benchmark: every stratum (area × sex × age band) of the FY2021 secondary-medical-area SBP
//! data (336 areas) modelled and simulated natively. Prints a table; nothing is asserted.
//!
//!     cargo bench --bench simulator
//!
//! A slider move needs only the second row (the models are fitted once per dataset).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::time::Instant;

    use renkei::analysis::binned::BinnedModel;
    use renkei::analysis::distribution::{distribution, AreaSelection, GroupSelection, Selection};
    use renkei::analysis::intervention::{people_at_risk, HighRisk, Intervention};
    use renkei::analysis::simulator::fit::SimulatorInput;
    use renkei::analysis::simulator::outcome::simulate;
    use renkei::analysis::simulator::parameters::default_parameters;
    use renkei::analysis::standardise::StandardPopulation;
    use renkei::model::indicator::RiskSide;
    use renkei::model::standard_population::FixedStandard;
    use renkei::model::{AreaLevel, NDB_AGE_BANDS};
    use renkei::view::language::Language;
    use renkei::view::simulator::SimulationReport;

    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/data/ndb_r9_secondary_medical_area_sbp.arrow"
    );
    let dataset =
        renkei::import::canonical_ipc::read_ipc_file_format(&std::fs::read(path).unwrap()).unwrap();
    let mut areas: Vec<(String, String)> = Vec::new();
    for r in &dataset.records {
        let area = (r.area_code.clone(), r.area_name.clone());
        if !areas.contains(&area) {
            areas.push(area);
        }
    }
    let mut distributions = Vec::new();
    for (code, name) in &areas {
        // One pass per area, then the strata of that area.
        let records: Vec<_> = dataset
            .records
            .iter()
            .filter(|r| r.area_code == *code && r.area_name == *name)
            .cloned()
            .collect();
        for sex in renkei::model::Sex::BOTH {
            for band in NDB_AGE_BANDS {
                let selection = Selection {
                    indicator: "sbp".into(),
                    area: AreaSelection::Area {
                        level: AreaLevel::SecondaryMedicalArea,
                        code: code.clone(),
                        name: name.clone(),
                    },
                    group: GroupSelection::Any,
                    sex: Some(sex),
                    age_band: Some(band),
                };
                if let Ok(d) = distribution(&records, &selection) {
                    distributions.push(d);
                }
            }
        }
    }
    let both = Intervention {
        population_shift: -4.0,
        high_risk: Some(HighRisk {
            threshold: 160.0,
            reach_fraction: 0.5,
            improvement: 15.0,
        }),
    };
    const RUNS: usize = 5;
    let (mut fit_ms, mut simulate_ms) = (Vec::new(), Vec::new());
    // What the page does: the report of every area (three approaches, three thresholds, age
    // standardisation, events, bands), models fitted once per area, then rerun.
    let (mut prepare_ms, mut report_ms) = (Vec::new(), Vec::new());
    let sbp = renkei::model::indicator::by_id("sbp").unwrap();
    let standard = StandardPopulation::fixed(FixedStandard::Census2020);
    let parameters = default_parameters(sbp);
    for _ in 0..RUNS {
        let start = Instant::now();
        let models: Vec<BinnedModel> = distributions
            .iter()
            .filter_map(|d| BinnedModel::fit(d).ok())
            .collect();
        fit_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        let mut people = 0.0;
        for model in &models {
            for threshold in [130.0, 140.0] {
                people += people_at_risk(model, &both, threshold, RiskSide::AtOrAbove);
            }
        }
        simulate_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(people);

        let start = Instant::now();
        let inputs: Vec<SimulatorInput> = areas
            .iter()
            .filter_map(|(code, name)| {
                let area = AreaSelection::Area {
                    level: AreaLevel::SecondaryMedicalArea,
                    code: code.clone(),
                    name: name.clone(),
                };
                SimulatorInput::prepare(&dataset, sbp, &area, None, None).ok()
            })
            .collect();
        prepare_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        for input in &inputs {
            let outcome = simulate(input, &parameters, &standard);
            std::hint::black_box(SimulationReport::new(&outcome, Language::Japanese));
        }
        report_ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    println!("| measure (native, release) | strata | runs | median ms | min ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, samples) in [
        ("fit the binned model of every stratum", &mut fit_ms),
        (
            "SBP −4 and ½ of ≥160 −15: people ≥130 and ≥140, every stratum",
            &mut simulate_ms,
        ),
        (
            "every area's simulator fitted (SimulatorInput::prepare, 14 strata each)",
            &mut prepare_ms,
        ),
        (
            "every area's full report rerun (simulate and its words: 3 approaches, events, bands)",
            &mut report_ms,
        ),
    ] {
        samples.sort_by(f64::total_cmp);
        println!(
            "| {name} | {} | {RUNS} | {:.2} | {:.2} | {:.2} |",
            distributions.len(),
            samples[RUNS / 2],
            samples[0],
            samples[RUNS - 1]
        );
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
