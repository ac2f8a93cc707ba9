//! The example dataset 「架空データ（操作説明用）」: real NDB counts split by a fixed rule into a
//! made-up 地域 (residents) and 職域 (workers) group, so the comparison view has something to
//! show before a user loads their own files. No public file splits checkup results by insurer
//! type, so the split cannot be real; it is labelled fictional wherever it appears.
//!
//! The rule (deterministic, documented in `docs/example-data.md`): each cell's count `n` of
//! (area, sex, age band, bin) gives `round(n × s)` people to 地域 and the rest to 職域, where
//! `s` is the residents' share of the age band (older bands are mostly residents) tilted by up
//! to ±[`RISK_TILT`] towards the risky end of the item, so that residents look a little riskier.
//! Suppressed cells stay suppressed in both groups. The two groups always add up to the real
//! count: their combined distribution is the published one.

use std::collections::HashMap;

use crate::model::indicator::{self, RiskSide};
use crate::model::{AgeBand, Dataset, Provenance, Record, StratumKey, OCCUPATIONAL, REGIONAL};

/// Residents' share of each 特定健診 age band before the tilt (40–44 … 70–74).
pub const RESIDENT_SHARE_BY_AGE: [(AgeBand, f64); 7] = [
    (AgeBand::new(40, 44), 0.20),
    (AgeBand::new(45, 49), 0.20),
    (AgeBand::new(50, 54), 0.25),
    (AgeBand::new(55, 59), 0.30),
    (AgeBand::new(60, 64), 0.50),
    (AgeBand::new(65, 69), 0.80),
    (AgeBand::new(70, 74), 0.90),
];

/// How far the residents' share moves between the least and the most risky bin.
pub const RISK_TILT: f64 = 0.10;

/// Splits every (ungrouped) record of a real dataset into the two made-up groups.
pub fn fictional_groups(real: &Dataset) -> Dataset {
    let mut lower_edges_by_stratum: HashMap<StratumKey, Vec<f64>> = HashMap::new();
    for record in &real.records {
        lower_edges_by_stratum
            .entry(record.stratum_key())
            .or_default()
            .push(record.bin.lower.unwrap_or(f64::NEG_INFINITY));
    }
    for lowers in lower_edges_by_stratum.values_mut() {
        lowers.sort_by(f64::total_cmp);
        lowers.dedup();
    }
    let mut records = Vec::with_capacity(real.records.len() * 2);
    for record in &real.records {
        let share = resident_share(record, &lower_edges_by_stratum[&record.stratum_key()]);
        let (regional, occupational) = match record.count_people {
            Some(count) => {
                let regional = (count as f64 * share).round() as u64;
                (Some(regional), Some(count - regional))
            }
            None => (None, None),
        };
        for (group, count_people) in [(REGIONAL, regional), (OCCUPATIONAL, occupational)] {
            records.push(Record {
                group: group.to_string(),
                count_people,
                // How a row's suppressed people split between made-up groups is not published.
                suppressed_in_row: None,
                ..record.clone()
            });
        }
    }
    Dataset {
        provenance: Provenance {
            fictional: true,
            ..real.provenance.clone()
        },
        records,
    }
}

/// The residents' share for one cell: the age band's share, tilted by where the bin lies
/// between the stratum's least risky (−tilt/2) and most risky (+tilt/2) bins.
/// `stratum_lowers`: the lower edges of the record's stratum, ascending.
fn resident_share(record: &Record, stratum_lowers: &[f64]) -> f64 {
    let base = RESIDENT_SHARE_BY_AGE
        .iter()
        .find(|(band, _)| *band == record.age_band)
        .map_or(0.5, |(_, share)| *share);
    let lowers = stratum_lowers;
    let own = record.bin.lower.unwrap_or(f64::NEG_INFINITY);
    let position = match lowers.len() {
        0 | 1 => 0.5,
        n => lowers.iter().position(|l| *l == own).unwrap_or(0) as f64 / (n - 1) as f64,
    };
    let risky_high = indicator::by_id(&record.indicator)
        .and_then(|i| i.thresholds.first())
        .is_none_or(|t| t.risk_side == RiskSide::AtOrAbove);
    let towards_risk = if risky_high { position } else { 1.0 - position };
    (base + RISK_TILT * (towards_risk - 0.5)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AreaLevel, Bin, Sex};

    fn cell(lower: Option<f64>, upper: Option<f64>, count: Option<u64>) -> Record {
        Record {
            year: 2022,
            area_level: AreaLevel::Prefecture,
            area_code: "01".into(),
            area_name: "北海道".into(),
            group: "all".into(),
            sex: Sex::Female,
            age_band: AgeBand::new(70, 74),
            indicator: "sbp".into(),
            bin: Bin {
                label: format!("{lower:?}-{upper:?}"),
                lower,
                upper,
            },
            count_people: count,
            suppressed_in_row: None,
        }
    }

    #[test]
    fn groups_add_up_to_the_real_count_and_residents_lean_to_risk() {
        let real = Dataset {
            provenance: Provenance::default(),
            records: vec![
                cell(None, Some(120.0), Some(1000)),
                cell(Some(120.0), Some(140.0), Some(1001)),
                cell(Some(140.0), None, Some(1000)),
                cell(Some(160.0), None, None),
            ],
        };
        let example = fictional_groups(&real);
        assert!(example.provenance.fictional);
        let counts: Vec<Option<u64>> = example.records.iter().map(|r| r.count_people).collect();
        // 70–74: share 0.90; four bins (the suppressed one counts) at positions 0, ⅓, ⅔, 1
        // tilt it by −0.05, −0.0167, +0.0167, +0.05: 1001 × 0.8833 = 884.2 → 884 and 117.
        assert_eq!(
            counts,
            [
                Some(850),
                Some(150),
                Some(884),
                Some(117),
                Some(917),
                Some(83),
                None,
                None
            ]
        );
    }
}
