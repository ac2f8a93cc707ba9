//! The checkup items Renkei knows: stable ids, names, units and the 特定健診 判定値.
//!
//! Thresholds are those listed in DOMAIN.md (保健指導判定値 and 受診勧奨判定値). Items whose
//! thresholds are sex-specific (waist) or not in that table carry none rather than a guess.

use crate::model::to_ascii_width;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdKind {
    /// 保健指導判定値
    Guidance,
    /// 受診勧奨判定値
    SeeDoctor,
}

impl ThresholdKind {
    pub fn name_ja(self) -> &'static str {
        match self {
            ThresholdKind::Guidance => "保健指導判定値",
            ThresholdKind::SeeDoctor => "受診勧奨判定値",
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

impl Threshold {
    /// 「140以上」 or 「40未満」 with the item's unit.
    pub fn condition_ja(&self, unit: &str) -> String {
        let value = format_value(self.value);
        match self.risk_side {
            RiskSide::AtOrAbove => format!("{value}{unit}以上"),
            RiskSide::Below => format!("{value}{unit}未満"),
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct Indicator {
    pub id: &'static str,
    pub name_ja: &'static str,
    pub name_en: &'static str,
    pub unit: &'static str,
    pub thresholds: &'static [Threshold],
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
        name_ja: "収縮期血圧",
        name_en: "Systolic blood pressure",
        unit: "mmHg",
        thresholds: &[at_or_above(Guidance, 130.0), at_or_above(SeeDoctor, 140.0)],
        ndb_names: &["収縮期血圧"],
    },
    Indicator {
        id: "dbp",
        name_ja: "拡張期血圧",
        name_en: "Diastolic blood pressure",
        unit: "mmHg",
        thresholds: &[at_or_above(Guidance, 85.0), at_or_above(SeeDoctor, 90.0)],
        ndb_names: &["拡張期血圧"],
    },
    Indicator {
        id: "hba1c",
        name_ja: "HbA1c",
        name_en: "HbA1c (NGSP)",
        unit: "%",
        thresholds: &[at_or_above(Guidance, 5.6), at_or_above(SeeDoctor, 6.5)],
        ndb_names: &["HbA1c"],
    },
    Indicator {
        id: "fpg",
        name_ja: "空腹時血糖",
        name_en: "Fasting plasma glucose",
        unit: "mg/dL",
        thresholds: &[at_or_above(Guidance, 100.0), at_or_above(SeeDoctor, 126.0)],
        ndb_names: &["空腹時血糖"],
    },
    Indicator {
        id: "random_glucose",
        name_ja: "随時血糖",
        name_en: "Random plasma glucose",
        unit: "mg/dL",
        thresholds: &[],
        ndb_names: &["随時血糖"],
    },
    Indicator {
        id: "bmi",
        name_ja: "BMI",
        name_en: "BMI",
        unit: "kg/m²",
        thresholds: &[at_or_above(Guidance, 25.0)],
        ndb_names: &["BMI"],
    },
    Indicator {
        id: "waist",
        name_ja: "腹囲",
        name_en: "Waist circumference",
        unit: "cm",
        thresholds: &[],
        ndb_names: &["腹囲"],
    },
    Indicator {
        id: "ldl",
        name_ja: "LDLコレステロール",
        name_en: "LDL cholesterol",
        unit: "mg/dL",
        thresholds: &[at_or_above(Guidance, 120.0), at_or_above(SeeDoctor, 140.0)],
        ndb_names: &["LDLコレステロール"],
    },
    Indicator {
        id: "hdl",
        name_ja: "HDLコレステロール",
        name_en: "HDL cholesterol",
        unit: "mg/dL",
        thresholds: &[below(Guidance, 40.0), below(SeeDoctor, 35.0)],
        ndb_names: &["HDLコレステロール"],
    },
    Indicator {
        id: "tg",
        name_ja: "中性脂肪",
        name_en: "Triglycerides",
        unit: "mg/dL",
        thresholds: &[at_or_above(Guidance, 150.0), at_or_above(SeeDoctor, 300.0)],
        ndb_names: &["中性脂肪"],
    },
    Indicator {
        id: "ast",
        name_ja: "AST（GOT）",
        name_en: "AST (GOT)",
        unit: "U/L",
        thresholds: &[],
        ndb_names: &["GOT（AST）", "AST（GOT）"],
    },
    Indicator {
        id: "alt",
        name_ja: "ALT（GPT）",
        name_en: "ALT (GPT)",
        unit: "U/L",
        thresholds: &[],
        ndb_names: &["GPT（ALT）", "ALT（GPT）"],
    },
    Indicator {
        id: "ggt",
        name_ja: "γ-GT（γ-GTP）",
        name_en: "γ-GT (γ-GTP)",
        unit: "U/L",
        thresholds: &[],
        ndb_names: &["γ-GT（γ-GTP）"],
    },
    Indicator {
        id: "creatinine",
        name_ja: "血清クレアチニン",
        name_en: "Serum creatinine",
        unit: "mg/dL",
        thresholds: &[],
        ndb_names: &["血清クレアチニン"],
    },
    Indicator {
        id: "egfr",
        name_ja: "eGFR",
        name_en: "eGFR",
        unit: "mL/min/1.73m²",
        thresholds: &[],
        ndb_names: &["eGFR"],
    },
    Indicator {
        id: "urine_protein",
        name_ja: "尿蛋白",
        name_en: "Urine protein",
        unit: "",
        thresholds: &[],
        ndb_names: &["尿蛋白"],
    },
    Indicator {
        id: "urine_glucose",
        name_ja: "尿糖",
        name_en: "Urine glucose",
        unit: "",
        thresholds: &[],
        ndb_names: &["尿糖"],
    },
];

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

/// `140` for 140.0, `5.6` for 5.6: thresholds and edges printed as people write them.
pub fn format_value(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
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
        assert_eq!(hdl.thresholds[0].condition_ja(hdl.unit), "40mg/dL未満");
    }

    #[test]
    fn values_print_without_float_noise() {
        assert_eq!(format_value(140.0), "140");
        assert_eq!(format_value(5.6), "5.6");
        assert_eq!(format_value(18.5), "18.5");
    }
}
