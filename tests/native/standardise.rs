//! Age standardisation: the fixed standard populations re-derived from their sources, and the
//! group comparison standardised end to end.

use renkei::analysis::distribution::AreaSelection;
use renkei::analysis::groups::GroupDistributions;
use renkei::analysis::standardise::StandardSource;
use renkei::model::indicator::by_id;
use renkei::model::standard_population::{
    FixedStandard, CENSUS_2020_PEOPLE, NDB_2022_SBP_EXAMINEES,
};
use renkei::model::{
    AgeBand, AreaLevel, Bin, Dataset, Provenance, Record, Sex, NDB_AGE_BANDS, OCCUPATIONAL,
    REGIONAL,
};
use renkei::view::language::Language;

use crate::fixtures::{built_in, group_comparison, root};

/// The 2020 census table: the 47 prefectures' people per sex and five-year band, summed.
#[test]
fn the_census_standard_is_the_sum_of_the_prefectures_in_the_census_file() {
    let text =
        std::fs::read_to_string(root().join("data/population/census2020_prefecture_sex_age.csv"))
            .unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut sums = [[0u64; 7]; 2];
    let mut prefectures = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let sex = match cells[2] {
            "male" => 0,
            "female" => 1,
            other => panic!("sex {other}"),
        };
        prefectures += 1;
        for (index, band) in NDB_AGE_BANDS.iter().enumerate() {
            let column = format!("pop_{}_{}", band.from_years, band.to_years);
            let at = header.iter().position(|h| *h == column).unwrap();
            sums[sex][index] += cells[at].parse::<u64>().unwrap();
        }
    }
    assert_eq!(prefectures, 94);
    assert_eq!(sums, CENSUS_2020_PEOPLE);
}

/// The NDB FY2022 table: the built-in SBP file's prefecture rows summed (no cell suppressed).
#[test]
fn the_ndb_standard_is_the_built_in_fy2022_sbp_file_summed() {
    let dataset = built_in("ndb_r10_prefecture_sbp.arrow");
    let mut sums = [[0u64; 7]; 2];
    for record in &dataset.records {
        assert_eq!(record.area_level, AreaLevel::Prefecture);
        let sex = Sex::BOTH.iter().position(|s| *s == record.sex).unwrap();
        let band = NDB_AGE_BANDS
            .iter()
            .position(|b| *b == record.age_band)
            .unwrap();
        sums[sex][band] += record
            .count_people
            .expect("no suppressed cell in this file");
    }
    assert_eq!(sums, NDB_2022_SBP_EXAMINEES);
    assert_eq!(
        FixedStandard::NdbExaminees2022.people().len(),
        14,
        "men's and women's seven bands"
    );
}

fn cell(group: &str, band: AgeBand, bin: (&str, Option<f64>, Option<f64>), people: u64) -> Record {
    let (label, lower, upper) = bin;
    let bin = Bin {
        label: label.into(),
        lower,
        upper,
    };
    crate::fixtures::sbp_cell(group, band, bin, Some(people))
}

/// Two groups with the same share ≥140 in every age band, one old and one young: the crude
/// difference is large, the standardised one is 0.0 and the standardised ratio 100.
/// 地域 and 職域 men of 北海道 with the same share ≥140 in every age band (rising with age) and
/// opposite age mixes: 地域 has `scale` × (band + 1) people per band, 職域 7 × `scale` / (band + 1).
fn same_rates_different_age_mixes(scale: u64) -> Dataset {
    let shares_past_140 = [0.10, 0.14, 0.20, 0.26, 0.32, 0.38, 0.44];
    let mut records = Vec::new();
    for (index, band) in NDB_AGE_BANDS.into_iter().enumerate() {
        for (group, people) in [
            (REGIONAL, scale * (index as u64 + 1)),
            (OCCUPATIONAL, 7 * scale / (index as u64 + 1)),
        ] {
            let past = (people as f64 * shares_past_140[index]).round() as u64;
            records.push(cell(group, band, ("140以上", Some(140.0), None), past));
            records.push(cell(
                group,
                band,
                ("140未満", None, Some(140.0)),
                people - past,
            ));
        }
    }
    Dataset {
        provenance: Provenance::default(),
        records,
    }
}

#[test]
fn identical_rates_by_age_with_different_age_mixes_compare_as_equal_once_standardised() {
    // Shares rounded to whole people differ by under 0.05 points per band: the check below
    // allows for that and no more.
    let dataset = same_rates_different_age_mixes(1_000);
    let sbp = by_id("sbp").unwrap();
    let hokkaido = AreaSelection::Area {
        level: AreaLevel::Prefecture,
        code: "01".into(),
        name: "北海道".into(),
    };
    let facts = GroupDistributions::compute(&dataset, sbp, &hokkaido, Some(Sex::Male), None)
        .unwrap()
        .unwrap();
    let standardised = facts.standardised(&facts.standard(StandardSource::DEFAULT));
    let see_doctor = sbp
        .thresholds
        .iter()
        .position(|t| t.value == 140.0)
        .unwrap();
    let comparison = standardised[see_doctor].as_ref().unwrap();
    let difference = comparison.differences[1]
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap();
    assert!(difference.value.abs() < 0.0005, "{difference:?}");
    assert!(difference.interval.0 < 0.0 && 0.0 < difference.interval.1);
    let ratio = comparison.ratios[0].as_ref().unwrap();
    assert!((ratio.ratio.value - 100.0).abs() < 0.5, "{ratio:?}");

    let shown = group_comparison(facts, Language::Japanese);
    let occupational = &shown.rows[1].thresholds[see_doctor];
    assert_ne!(
        occupational.difference, "±0.0ポイント",
        "the crude difference shows age"
    );
    assert!(
        occupational
            .standardised_difference
            .starts_with("±0.0ポイント（95%CI -"),
        "{}",
        occupational.standardised_difference
    );
    assert!(shown.method_notes[0].contains("令和2年国勢調査"));
}

/// The first screen compares any two selections — here 地域 and 職域 men, whose shares are the
/// same in every age band and whose age mixes differ — crude and age-standardised side by side:
/// the crude shares differ, the standardised ones do not, and the table says both.
#[test]
fn the_first_screen_shows_crude_and_standardised_shares_and_their_difference() {
    use renkei::analysis::distribution::{GroupSelection, Selection};
    use renkei::analysis::standardise::{selection_strata, StandardisedSelections};
    use renkei::view::screen::{compute_series, ScreenModel};
    let dataset = same_rates_different_age_mixes(10_000);
    let sbp = by_id("sbp").unwrap();
    let men_of = |group: &str| Selection {
        indicator: "sbp".into(),
        area: AreaSelection::Area {
            level: AreaLevel::Prefecture,
            code: "01".into(),
            name: "北海道".into(),
        },
        group: GroupSelection::One(group.into()),
        sex: Some(Sex::Male),
        age_band: None,
    };
    let selections = [men_of(REGIONAL), men_of(OCCUPATIONAL)];
    let strata: Vec<_> = selections
        .iter()
        .map(|s| selection_strata(&dataset.records, s))
        .collect();
    let standardised =
        StandardisedSelections::compute(&strata, sbp.thresholds, StandardSource::DEFAULT);
    let see_doctor = sbp
        .thresholds
        .iter()
        .position(|t| t.value == 140.0)
        .unwrap();
    let difference = standardised.differences[see_doctor].as_ref().unwrap();
    // Whole people per band move a share by under 0.0005 of a point.
    assert!(difference.value.abs() < 0.000_05, "{difference:?}");
    let [regional, occupational] = selections.map(|s| compute_series(&dataset, &s).unwrap());
    let model = ScreenModel::new(
        sbp,
        regional,
        Some(occupational),
        &dataset.provenance,
        Language::Japanese,
    )
    .with_standardised(standardised.clone());
    let rows = model.summary_rows();
    let crude: Vec<&str> = rows
        .iter()
        .map(|r| r.thresholds[see_doctor].share.as_str())
        .collect();
    assert_ne!(
        crude[0].split('%').next(),
        crude[1].split('%').next(),
        "crude shares show the age mix: {crude:?}"
    );
    let adjusted: Vec<String> = model
        .standardised_rows()
        .into_iter()
        .map(|row| row.unwrap()[see_doctor].clone())
        .collect();
    assert_eq!(
        adjusted[0].split('（').next(),
        adjusted[1].split('（').next(),
        "{adjusted:?}"
    );
    assert!(adjusted[0].contains("%（95%CI "), "{adjusted:?}");
    let differences = model.standardised_differences().unwrap();
    assert!(
        differences[see_doctor].starts_with("±0.0ポイント（95%CI -"),
        "{differences:?}"
    );
    assert!(model
        .standardised_note()
        .unwrap()
        .contains("令和2年国勢調査"));
    // One age band chosen: the crude share is the band's own, nothing is standardised.
    let one_band = Selection {
        age_band: Some(NDB_AGE_BANDS[3]),
        ..men_of(REGIONAL)
    };
    let single = StandardisedSelections::compute(
        &[selection_strata(&dataset.records, &one_band)],
        sbp.thresholds,
        StandardSource::DEFAULT,
    );
    let model = ScreenModel::new(
        sbp,
        compute_series(&dataset, &one_band).unwrap(),
        None,
        &dataset.provenance,
        Language::Japanese,
    )
    .with_standardised(single);
    assert_eq!(model.standardised_rows(), [None]);
    assert!(model.standardised_note().is_none() && model.standardised_differences().is_none());
}
