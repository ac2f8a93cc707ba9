//! Reading the cells of published tables, shared by every reader: value bands (「140以上160未満」),
//! fiscal years in every era spelling, counts with their suppression marks, sexes and groups,
//! and the text of a CSV file in UTF-8 or Shift_JIS.

use encoding_rs::SHIFT_JIS;

use crate::import::tidy::MAX_TIDY_CSV_BYTES;
use crate::import::{CellProblem, Problem, SizeLimit, TextProblem, TooLarge};
use crate::model::text::to_ascii_width;
use crate::model::{Bin, Sex, GROUP_ALL, OCCUPATIONAL, REGIONAL};

/// (group id, Japanese names) — other group text is kept as written.
const GROUP_ALIASES: [(&str, &[&str]); 7] = [
    (GROUP_ALL, &["all", "全体", "全員", "計"]),
    (REGIONAL, &["regional", "地域", "地域保健", "住民"]),
    (
        OCCUPATIONAL,
        &["occupational", "職域", "職域保健", "労働者"],
    ),
    ("kokuho", &["kokuho", "国保", "市町村国保", "国民健康保険"]),
    (
        "kyokai_kenpo",
        &["kyokai_kenpo", "協会けんぽ", "全国健康保険協会"],
    ),
    (
        "kenpo_kumiai",
        &["kenpo_kumiai", "健保組合", "健康保険組合"],
    ),
    ("kyosai", &["kyosai", "共済", "共済組合"]),
];

/// UTF-8 (BOM or not) or Shift_JIS/CP932; anything else is refused rather than garbled, and
/// so is a file over [`MAX_TIDY_CSV_BYTES`].
pub fn decode(bytes: &[u8]) -> Result<String, DecodeProblem> {
    if bytes.len() > MAX_TIDY_CSV_BYTES {
        return Err(DecodeProblem::TooLarge(TooLarge {
            byte_count: bytes.len(),
            limit_bytes: MAX_TIDY_CSV_BYTES,
            kind: SizeLimit::AggregateTable,
        }));
    }
    if bytes.is_empty() {
        return Err(DecodeProblem::Text(TextProblem::Empty));
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(DecodeProblem::Text(TextProblem::NotText));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, _, had_errors) = SHIFT_JIS.decode(bytes);
    if had_errors {
        return Err(DecodeProblem::Text(TextProblem::UnknownEncoding));
    }
    Ok(text.into_owned())
}

/// Why the bytes of a CSV file are not its text.
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeProblem {
    TooLarge(TooLarge),
    Text(TextProblem),
}

impl From<DecodeProblem> for Problem {
    fn from(problem: DecodeProblem) -> Problem {
        match problem {
            DecodeProblem::TooLarge(too_large) => Problem::TooLarge(too_large),
            DecodeProblem::Text(text) => Problem::Text(text),
        }
    }
}

/// Text as compared with known names: widths folded, trimmed, lower case.
pub(super) fn fold(text: &str) -> String {
    to_ascii_width(text).trim().to_lowercase()
}

/// 「男」, 「女性」, `male`, `F`…
pub fn parse_sex(text: &str) -> Option<Sex> {
    match fold(text).as_str() {
        "male" | "m" | "男" | "男性" => Some(Sex::Male),
        "female" | "f" | "女" | "女性" => Some(Sex::Female),
        _ => None,
    }
}

/// A group id from a file's text (「地域」 → `regional`); unknown text is kept as written.
pub fn parse_group(text: &str) -> String {
    if text.is_empty() {
        return GROUP_ALL.to_string();
    }
    let folded = fold(text);
    GROUP_ALIASES
        .iter()
        .find(|(_, names)| names.iter().any(|name| fold(name) == folded))
        .map_or_else(|| text.to_string(), |(id, _)| id.to_string())
}

/// A count: a whole number (full-width digits and thousands separators allowed), or `None`
/// for the suppression marks publishers use.
pub fn parse_count(text: &str) -> Result<Option<u64>, CellProblem> {
    let folded = to_ascii_width(text);
    let trimmed = folded.trim();
    if matches!(
        trimmed,
        "" | "-" | "‐" | "－" | "―" | "−" | "*" | "x" | "X" | "×" | "秘匿"
    ) {
        return Ok(None);
    }
    let digits: String = trimmed
        .chars()
        .filter(|c| !matches!(c, ',' | '、' | ' '))
        .collect();
    if digits.starts_with('-') {
        return Err(CellProblem::NegativeCount {
            text: text.to_string(),
        });
    }
    if let Some(whole) = digits.strip_suffix(".0") {
        if let Ok(count) = whole.parse::<u64>() {
            return Ok(Some(count));
        }
    }
    digits
        .parse::<u64>()
        .map(Some)
        .map_err(|_| CellProblem::NotACount {
            text: text.to_string(),
        })
}

/// Marks publishers use for suppressed cells: ASCII hyphen, its full-width and dash look-alikes.
pub fn is_suppression_mark(text: &str) -> bool {
    matches!(text.trim(), "-" | "‐" | "－" | "―" | "ー" | "−")
}

/// Reads a published value band.
///
/// - 「140以上160未満」 → [140, 160); 「120未満」 → (open, 120); 「180以上」 → [180, open).
/// - 「以下」 (AST, ALT, γ-GT, haemoglobin) includes its edge. It becomes an exclusive edge one
///   reporting step higher (「50以下」 → < 51, 「12.0以下」 → < 12.1), because the values are
///   reported at that precision and the next band starts exactly there (「51以上」).
/// - A wave dash between the edges is read as nothing: releases 1 and 2 write 「31以上～50以下」
///   for the band later releases write 「31以上50以下」.
/// - A label without digits (「＋＋」, 「所見あり」) is a categorical band without edges.
///
/// Returns `None` for a label that has digits but none of these shapes.
pub fn parse_bin_label(label: &str) -> Option<Bin> {
    let text: String = to_ascii_width(label)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let categorical = Bin {
        label: label.trim().to_string(),
        lower: None,
        upper: None,
    };
    let names_an_edge = ["以上", "未満", "以下"]
        .iter()
        .any(|word| text.contains(word));
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return (!text.is_empty() && !names_an_edge).then_some(categorical);
    }
    let (lower, rest) = match text.split_once("以上") {
        Some((number, rest)) => {
            let rest = match rest.strip_prefix(['~', '〜']) {
                Some("") => return None,
                Some(upper) => upper,
                None => rest,
            };
            (Some(parse_edge(number)?), rest)
        }
        None => (None, text.as_str()),
    };
    let upper = if rest.is_empty() {
        None
    } else if let Some(number) = rest.strip_suffix("未満") {
        Some(parse_edge(number)?)
    } else if let Some(number) = rest.strip_suffix("以下") {
        Some(parse_edge(number)? + reporting_step(number))
    } else {
        return None;
    };
    if lower.is_none() && upper.is_none() {
        return None;
    }
    if let (Some(lower), Some(upper)) = (lower, upper) {
        if lower >= upper {
            return None;
        }
    }
    Some(Bin {
        label: label.trim().to_string(),
        lower,
        upper: upper.map(round_edge),
    })
}

fn parse_edge(number: &str) -> Option<f64> {
    let valid = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.');
    valid
        .then(|| number.parse::<f64>().ok())
        .flatten()
        .filter(|v| v.is_finite())
}

/// 1 for 「50」, 0.1 for 「12.0」: the precision the number is written at.
fn reporting_step(number: &str) -> f64 {
    let decimals = number
        .split_once('.')
        .map(|(_, frac)| frac.len())
        .unwrap_or(0);
    10f64.powi(-(decimals as i32))
}

/// Removes float noise such as 12.100000000000001 from edges derived by addition.
fn round_edge(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}

/// The fiscal years any file may hold: specific health checkups began in FY2008; the range
/// leaves room on both sides for other aggregate tables.
pub const FIRST_FISCAL_YEAR: i32 = 1990;
pub const LAST_FISCAL_YEAR: i32 = 2100;

/// 「2022年度」 → 2022, 「H27年度」/「平成27年度」 → 2015, 「R4年度」/「令和4年度」 → 2022.
pub fn parse_fiscal_year(text: &str) -> Option<i32> {
    let text = to_ascii_width(text);
    let head = text.trim().split("年度").next()?.trim();
    let (era_base, digits): (i32, &str) =
        if let Some(rest) = head.strip_prefix("平成").or_else(|| head.strip_prefix('H')) {
            (1988, rest)
        } else if let Some(rest) = head.strip_prefix("令和").or_else(|| head.strip_prefix('R')) {
            (2018, rest)
        } else {
            (0, head)
        };
    let number: i32 = digits.trim().parse().ok()?;
    let year = era_base.checked_add(number)?;
    (FIRST_FISCAL_YEAR..=LAST_FISCAL_YEAR)
        .contains(&year)
        .then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_bin(label: &str, lower: Option<f64>, upper: Option<f64>) {
        let bin = parse_bin_label(label).unwrap_or_else(|| panic!("{label} should parse"));
        assert_eq!((bin.lower, bin.upper), (lower, upper), "{label}");
        assert_eq!(bin.label, label);
    }

    #[test]
    fn bin_labels_as_published() {
        check_bin("140以上160未満", Some(140.0), Some(160.0));
        check_bin("120未満", None, Some(120.0));
        check_bin("180以上", Some(180.0), None);
        check_bin("18.5以上20.0未満", Some(18.5), Some(20.0));
        check_bin("５．６未満", None, Some(5.6));
        check_bin("50以下", None, Some(51.0));
        check_bin("51以上100以下", Some(51.0), Some(101.0));
        check_bin("51以上～100以下", Some(51.0), Some(101.0));
        check_bin("31以上〜50以下", Some(31.0), Some(51.0));
        check_bin("12.1以上13.0以下", Some(12.1), Some(13.1));
        check_bin("＋＋", None, None);
        check_bin("所見あり", None, None);
    }

    #[test]
    fn malformed_bin_labels_are_refused() {
        for label in [
            "",
            "160以上140未満",
            "50以上～",
            "～50以下",
            "140から160",
            "1.2.3以上",
            "以上",
            "0",
        ] {
            assert_eq!(parse_bin_label(label), None, "{label:?}");
        }
    }

    #[test]
    fn fiscal_years_in_every_era_spelling() {
        assert_eq!(parse_fiscal_year("2022年度　※集計結果が…"), Some(2022));
        assert_eq!(parse_fiscal_year("H27年度"), Some(2015));
        assert_eq!(parse_fiscal_year("平成29年度"), Some(2017));
        assert_eq!(parse_fiscal_year("R4年度"), Some(2022));
        assert_eq!(parse_fiscal_year("令和３年度"), Some(2021));
        assert_eq!(parse_fiscal_year("年度"), None);
    }

    #[test]
    fn suppression_marks() {
        for mark in ["-", "‐", "－", " - "] {
            assert!(is_suppression_mark(mark), "{mark}");
        }
        assert!(!is_suppression_mark("0"));
    }
}
