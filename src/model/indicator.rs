//! The checkup items Renkei knows: stable ids, names, units and the 特定健診 判定値.
//!
//! Thresholds are those listed in DOMAIN.md (保健指導判定値 and 受診勧奨判定値). Items whose
//! thresholds are sex-specific (waist) or not in that table carry none rather than a guess.

use crate::model::text::to_ascii_width;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdKind {
    /// 保健指導判定値
    Guidance,
    /// 受診勧奨判定値
    SeeDoctor,
}

impl ThresholdKind {
    /// `guidance` or `see-doctor`: used in `data-testid`s.
    pub fn id(self) -> &'static str {
        match self {
            ThresholdKind::Guidance => "guidance",
            ThresholdKind::SeeDoctor => "see-doctor",
        }
    }
}

/// On which side of a threshold the risk lies. HDL cholesterol is the item where low is risky.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RiskSide {
    AtOrAbove,
    Below,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Threshold {
    pub kind: ThresholdKind,
    pub value: f64,
    pub risk_side: RiskSide,
}

#[derive(Debug, PartialEq)]
pub struct Indicator {
    pub id: &'static str,
    pub name_ja: &'static str,
    pub name_en: &'static str,
    pub unit: &'static str,
    pub thresholds: &'static [Threshold],
    /// (lowest, highest) bin edge that can be meant in `unit`. An edge outside is another unit
    /// (HbA1c in mmol/mol, glucose or lipids in mmol/L, creatinine in µmol/L) or a typo, and
    /// a file with one is refused rather than drawn on the wrong scale. `None`: categorical.
    pub plausible_edges: Option<(f64, f64)>,
    /// Item names as they appear in NDB workbook titles, compared after width folding and
    /// case folding (so `HbA1C`, `ＬＤＬコレステロール` and `LDLコレステロール` all match).
    ndb_names: &'static [&'static str],
}

const fn at_or_above(kind: ThresholdKind, value: f64) -> Threshold {
    Threshold {
        kind,
        value,
        risk_side: RiskSide::AtOrAbove,
    }
}

const fn below(kind: ThresholdKind, value: f64) -> Threshold {
    Threshold {
        kind,
        value,
        risk_side: RiskSide::Below,
    }
}

use ThresholdKind::{Guidance, SeeDoctor};

pub const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "sbp",
        plausible_edges: Some((60.0, 260.0)),
        name_ja: "収縮期血圧",
        name_en: "Systolic blood pressure",
        unit: "mmHg",
        thresholds: &[at_or_above(Guidance, 130.0), at_or_above(SeeDoctor, 140.0)],
        ndb_names: &["収縮期血圧"],
    },
    Indicator {
        id: "dbp",
        plausible_edges: Some((30.0, 160.0)),
        name_ja: "拡張期血圧",
        name_en: "Diastolic blood pressure",
        unit: "mmHg",
        thresholds: &[at_or_above(Guidance, 85.0), at_or_above(SeeDoctor, 90.0)],
        ndb_names: &["拡張期血圧"],
    },
    Indicator {
        id: "hba1c",
        plausible_edges: Some((3.0, 20.0)),
        name_ja: "HbA1c",
        name_en: "HbA1c (NGSP)",
        unit: "%",
        thresholds: &[at_or_above(Guidance, 5.6), at_or_above(SeeDoctor, 6.5)],
        ndb_names: &["HbA1c"],
    },
    Indicator {
        id: "fpg",
        plausible_edges: Some((40.0, 600.0)),
        name_ja: "空腹時血糖",
        name_en: "Fasting plasma glucose",
        unit: "mg/dL",
        thresholds: &[at_or_above(Guidance, 100.0), at_or_above(SeeDoctor, 126.0)],
        ndb_names: &["空腹時血糖"],
    },
    Indicator {
        id: "random_glucose",
        plausible_edges: Some((40.0, 600.0)),
        name_ja: "随時血糖",
        name_en: "Random plasma glucose",
        unit: "mg/dL",
        thresholds: &[],
        ndb_names: &["随時血糖"],
    },
    Indicator {
        id: "bmi",
        plausible_edges: Some((10.0, 60.0)),
        name_ja: "BMI",
        name_en: "BMI",
        unit: "kg/m²",
        thresholds: &[at_or_above(Guidance, 25.0)],
        ndb_names: &["BMI"],
    },
    Indicator {
        id: "waist",
        plausible_edges: Some((40.0, 200.0)),
        name_ja: "腹囲",
        name_en: "Waist circumference",
        unit: "cm",
        thresholds: &[],
        ndb_names: &["腹囲"],
    },
    Indicator {
        id: "ldl",
        plausible_edges: Some((20.0, 400.0)),
        name_ja: "LDLコレステロール",
        name_en: "LDL cholesterol",
        unit: "mg/dL",
        thresholds: &[at_or_above(Guidance, 120.0), at_or_above(SeeDoctor, 140.0)],
        ndb_names: &["LDLコレステロール"],
    },
    Indicator {
        id: "hdl",
        plausible_edges: Some((10.0, 200.0)),
        name_ja: "HDLコレステロール",
        name_en: "HDL cholesterol",
        unit: "mg/dL",
        thresholds: &[below(Guidance, 40.0), below(SeeDoctor, 35.0)],
        ndb_names: &["HDLコレステロール"],
    },
    Indicator {
        id: "tg",
        plausible_edges: Some((20.0, 2000.0)),
        name_ja: "中性脂肪",
        name_en: "Triglycerides",
        unit: "mg/dL",
        thresholds: &[at_or_above(Guidance, 150.0), at_or_above(SeeDoctor, 300.0)],
        ndb_names: &["中性脂肪"],
    },
    Indicator {
        id: "ast",
        plausible_edges: Some((1.0, 1000.0)),
        name_ja: "AST（GOT）",
        name_en: "AST (GOT)",
        unit: "U/L",
        thresholds: &[],
        ndb_names: &["GOT（AST）", "AST（GOT）"],
    },
    Indicator {
        id: "alt",
        plausible_edges: Some((1.0, 1000.0)),
        name_ja: "ALT（GPT）",
        name_en: "ALT (GPT)",
        unit: "U/L",
        thresholds: &[],
        ndb_names: &["GPT（ALT）", "ALT（GPT）"],
    },
    Indicator {
        id: "ggt",
        plausible_edges: Some((1.0, 1000.0)),
        name_ja: "γ-GT（γ-GTP）",
        name_en: "γ-GT (γ-GTP)",
        unit: "U/L",
        thresholds: &[],
        ndb_names: &["γ-GT（γ-GTP）"],
    },
    Indicator {
        id: "creatinine",
        plausible_edges: Some((0.1, 20.0)),
        name_ja: "血清クレアチニン",
        name_en: "Serum creatinine",
        unit: "mg/dL",
        thresholds: &[],
        ndb_names: &["血清クレアチニン"],
    },
    Indicator {
        id: "egfr",
        plausible_edges: Some((5.0, 200.0)),
        name_ja: "eGFR",
        name_en: "eGFR",
        unit: "mL/min/1.73m²",
        thresholds: &[],
        ndb_names: &["eGFR"],
    },
    Indicator {
        id: "urine_protein",
        plausible_edges: None,
        name_ja: "尿蛋白",
        name_en: "Urine protein",
        unit: "",
        thresholds: &[],
        ndb_names: &["尿蛋白"],
    },
    Indicator {
        id: "urine_glucose",
        plausible_edges: None,
        name_ja: "尿糖",
        name_en: "Urine glucose",
        unit: "",
        thresholds: &[],
        ndb_names: &["尿糖"],
    },
];

impl Indicator {
    /// Whether a unit a file names is this item's (`mg/dl` = `mg/dL`, `％` = `%`, `kg/m2` = `kg/m²`).
    pub fn accepts_unit(&self, unit: &str) -> bool {
        let normal = |text: &str| fold(text).replace('²', "2");
        normal(unit) == normal(self.unit)
    }

    /// Whether a bin edge can be meant in this item's unit (always, for categorical items). An
    /// edge outside [`Indicator::plausible_edges`] is another unit or a typo.
    pub fn edge_is_plausible(&self, edge: f64) -> bool {
        self.plausible_edges
            .is_none_or(|(lowest, highest)| (lowest..=highest).contains(&edge))
    }
}

/// The indicator with this stable id.
pub fn by_id(id: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|indicator| indicator.id == id)
}

/// The indicator an NDB workbook title names, tolerant of width and case variants.
pub fn by_ndb_name(item_name: &str) -> Option<&'static Indicator> {
    let wanted = fold(item_name);
    INDICATORS
        .iter()
        .find(|indicator| indicator.ndb_names.iter().any(|name| fold(name) == wanted))
}

fn fold(text: &str) -> String {
    to_ascii_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // The ministry writes the brackets both ways across releases.
            '(' => '（',
            ')' => '）',
            '－' | '−' => '-',
            _ => c,
        })
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ndb_item_names_match_across_releases() {
        for (name, id) in [
            ("HbA1C", "hba1c"),
            ("HbA1c", "hba1c"),
            ("ＬＤＬコレステロール", "ldl"),
            ("LDLコレステロール", "ldl"),
            ("ＨＤＬコレステロール", "hdl"),
            ("GOT（AST）", "ast"),
            ("GOT(AST)", "ast"),
            ("γ-GT（γ-GTP）", "ggt"),
            ("収縮期血圧", "sbp"),
        ] {
            assert_eq!(by_ndb_name(name).map(|i| i.id), Some(id), "{name}");
        }
        assert_eq!(by_ndb_name("ヘモグロビン"), None);
    }

    #[test]
    fn ids_are_unique_and_found() {
        for indicator in INDICATORS {
            assert_eq!(by_id(indicator.id), Some(indicator));
        }
    }

    #[test]
    fn hdl_risk_lies_below_its_thresholds() {
        let hdl = by_id("hdl").unwrap();
        assert!(hdl
            .thresholds
            .iter()
            .all(|t| t.risk_side == RiskSide::Below));
    }

    #[test]
    fn other_units_are_caught_by_their_edges() {
        let hba1c = by_id("hba1c").unwrap();
        assert!(hba1c.edge_is_plausible(6.5));
        assert!(!hba1c.edge_is_plausible(48.0));
        assert!(!by_id("ldl").unwrap().edge_is_plausible(3.1));
        assert!(hba1c.accepts_unit("％") && !hba1c.accepts_unit("mmol/mol"));
        assert!(by_id("bmi").unwrap().accepts_unit("kg/m2"));
        assert!(by_id("ldl").unwrap().accepts_unit("mg/dl"));
    }
}
