//! Reader for the tidy aggregate format of `docs/data-format.md`: CSV in the canonical columns
//! or their Japanese aliases, UTF-8 (with or without BOM) or Shift_JIS/CP932, full-width digits,
//! thousands separators and the publishers' suppression marks. Bytes in, a [`Dataset`] or an
//! [`ImportError`] naming the file, line and column out.

use std::collections::HashMap;

use crate::import::cells::{
    decode, fold, parse_bin_label, parse_count, parse_fiscal_year, parse_group, parse_sex,
};
use crate::import::collection::{check_record, check_records};
use crate::import::{CellProblem, ImportError, Place, Problem, RecordProblem, TextProblem};
use crate::model::indicator;
use crate::model::prefecture;
use crate::model::subtotal::apply_subtotal_rows;
use crate::model::text::{format_value, to_ascii_width};
use crate::model::{
    check_bins, first_duplicate_cell, AgeBand, AreaLevel, Bin, Dataset, Provenance, Record,
};

/// Larger files are refused before parsing: a tidy file of every secondary medical area, item,
/// sex, age band and bin is under 10 MB, and a tab must not freeze on a stray database dump.
pub const MAX_TIDY_CSV_BYTES: usize = 100 * 1024 * 1024;

/// (canonical column, accepted headers after width and case folding).
const COLUMN_ALIASES: [(&str, &[&str]); 14] = [
    ("year", &["year", "年度"]),
    ("area_level", &["area_level", "地域区分"]),
    ("area_code", &["area_code", "地域コード"]),
    ("area_name", &["area_name", "地域名", "地域"]),
    ("group", &["group", "区分"]),
    ("sex", &["sex", "性別"]),
    ("age_band", &["age_band", "年齢階級", "年齢"]),
    ("indicator", &["indicator", "項目", "検査項目"]),
    ("bin_label", &["bin_label", "階級", "検査値階層"]),
    ("bin_lower", &["bin_lower", "下限"]),
    ("bin_upper", &["bin_upper", "上限"]),
    ("count", &["count", "人数"]),
    ("suppressed", &["suppressed", "秘匿"]),
    ("unit", &["unit", "単位"]),
];

const REQUIRED: [&str; 6] = ["year", "area_name", "sex", "age_band", "indicator", "count"];

/// What is wrong with a tidy CSV file (beside the problems every table reader shares).
#[derive(Debug, Clone, PartialEq)]
pub enum TidyProblem {
    HeaderUnreadable {
        detail: String,
    },
    ColumnCount {
        header: usize,
        row: usize,
    },
    OnlyHeader,
    DuplicateHeader {
        column: &'static str,
    },
    /// Required columns not found (canonical names); `bin` when neither a bin label nor both
    /// edges are there. `headers` as found.
    MissingColumns {
        missing: Vec<&'static str>,
        bin: bool,
        headers: Vec<String>,
    },
    EmptyCell {
        column: &'static str,
    },
    Year {
        text: String,
    },
    AreaLevel {
        text: String,
    },
    AgeBand {
        text: String,
    },
    Indicator {
        text: String,
    },
    Unit {
        indicator: &'static str,
        unit: String,
    },
    EdgeNotNumber {
        text: String,
    },
    EdgesReversed {
        lower: f64,
        upper: f64,
    },
    BinEmpty,
    DuplicateCell {
        first_line: u64,
    },
}

/// The Japanese header of a canonical column (`count` → 「人数」), as messages name it.
pub fn japanese_header(canonical: &str) -> &str {
    COLUMN_ALIASES
        .iter()
        .find(|(name, _)| *name == canonical)
        .and_then(|(_, aliases)| aliases.get(1))
        .copied()
        .unwrap_or(canonical)
}

/// Reads a tidy CSV file.
pub fn import_tidy_csv(bytes: &[u8], file_name: &str) -> Result<Dataset, ImportError> {
    import_tidy_csv_with_progress(bytes, file_name, &mut |_| {})
}

/// Rows between two progress reports: often enough for a bar, rare enough to cost nothing.
const ROWS_PER_PROGRESS_REPORT: usize = 20_000;

/// [`import_tidy_csv`], reporting the fraction (0–1) of the text parsed as it goes, so the page
/// can show progress for a large file.
pub fn import_tidy_csv_with_progress(
    bytes: &[u8],
    file_name: &str,
    progress: &mut dyn FnMut(f64),
) -> Result<Dataset, ImportError> {
    let fail = |line: Option<u64>, column: Option<String>, problem: Problem| {
        ImportError::new(file_name, Place::Line { line, column }, problem)
    };
    let text = decode(bytes).map_err(|problem| fail(None, None, problem.into()))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|error| {
            fail(
                Some(1),
                None,
                TidyProblem::HeaderUnreadable {
                    detail: error.to_string(),
                }
                .into(),
            )
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let mut columns =
        Columns::map(&headers).map_err(|problem| fail(Some(1), None, problem.into()))?;

    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|error| {
            let line = error.position().map(|p| p.line());
            fail(
                line,
                None,
                TextProblem::NotCsv {
                    detail: error.to_string(),
                }
                .into(),
            )
        })?;
        let line_number = row.position().map_or(0, |p| p.line());
        if records.len() % ROWS_PER_PROGRESS_REPORT == 0 {
            let byte = row.position().map_or(0, |p| p.byte());
            progress(byte as f64 / text.len().max(1) as f64);
        }
        if row.iter().all(str::is_empty) {
            continue;
        }
        if row.len() != headers.len() {
            return Err(fail(
                Some(line_number),
                None,
                TidyProblem::ColumnCount {
                    header: headers.len(),
                    row: row.len(),
                }
                .into(),
            ));
        }
        // A column the file lacks (a bin given by its upper edge alone) is named by none.
        let record = columns.record(&row).map_err(|(column, problem)| {
            fail(Some(line_number), headers.get(column).cloned(), problem)
        })?;
        records.push((line_number, record));
    }
    if records.is_empty() {
        return Err(fail(None, None, TidyProblem::OnlyHeader.into()));
    }
    if let Some((first_line, line)) =
        first_duplicate_cell(records.iter().map(|(line, record)| (*line, record)))
    {
        return Err(fail(
            Some(line),
            None,
            TidyProblem::DuplicateCell { first_line }.into(),
        ));
    }
    check_records(records.iter().map(|(line, record)| (*line, record)))
        .map_err(|(line, problem)| fail(Some(line), None, problem.into()))?;
    check_bins(records.iter().map(|(line, record)| (*line, record)))
        .map_err(|(line, problem)| fail(Some(line), None, RecordProblem::Bins(problem).into()))?;
    let records = apply_subtotal_rows(records).map_err(|(line, problem)| {
        fail(Some(line), None, RecordProblem::Subtotal(problem).into())
    })?;
    Ok(Dataset {
        provenance: Provenance {
            publisher: String::new(),
            release: String::new(),
            source_files: vec![file_name.to_string()],
            fictional: false,
        },
        records,
    })
}

/// Which file column holds each canonical column.
struct Columns {
    index: HashMap<&'static str, usize>,
    /// The texts of the previous row's stratum columns and what they parsed to.
    previous_stratum: Option<([String; STRATUM_COLUMNS.len()], Record)>,
}

/// The columns that name a stratum (everything but the bin and the count).
const STRATUM_COLUMNS: [&str; 9] = [
    "year",
    "area_level",
    "area_code",
    "area_name",
    "group",
    "sex",
    "age_band",
    "indicator",
    "unit",
];

impl Columns {
    fn map(headers: &[String]) -> Result<Columns, TidyProblem> {
        let mut index = HashMap::new();
        for (position, header) in headers.iter().enumerate() {
            let Some(canonical) = canonical_column(header) else {
                continue; // extra columns are allowed and ignored
            };
            if index.insert(canonical, position).is_some() {
                return Err(TidyProblem::DuplicateHeader { column: canonical });
            }
        }
        let missing: Vec<&'static str> = REQUIRED
            .into_iter()
            .filter(|column| !index.contains_key(column))
            .collect();
        let bin_missing = !index.contains_key("bin_label")
            && !index.contains_key("bin_lower")
            && !index.contains_key("bin_upper");
        if missing.is_empty() && !bin_missing {
            Ok(Columns {
                index,
                previous_stratum: None,
            })
        } else {
            Err(TidyProblem::MissingColumns {
                missing,
                bin: bin_missing,
                headers: headers.to_vec(),
            })
        }
    }

    /// One data row as a record; on failure, the file column and the problem. Rows of one
    /// stratum usually follow each other: its fields are parsed once and reused.
    fn record(&mut self, row: &csv::StringRecord) -> Result<Record, (usize, Problem)> {
        let index = &self.index;
        let cell = |name: &str| -> (usize, &str) {
            index
                .get(name)
                .map_or((usize::MAX, ""), |&i| (i, row.get(i).unwrap_or("")))
        };
        let stratum_texts = STRATUM_COLUMNS.map(|name| cell(name).1);
        let template = match &self.previous_stratum {
            Some((texts, template)) if texts.iter().zip(stratum_texts).all(|(a, b)| a == b) => {
                template.clone()
            }
            _ => {
                let template = Self::stratum(&cell)?;
                self.previous_stratum = Some((stratum_texts.map(str::to_string), template.clone()));
                template
            }
        };
        let bin = Self::bin(&cell)?;
        let (i, count_text) = cell("count");
        let (_, suppressed_text) = cell("suppressed");
        let count_people = if is_suppressed_flag(suppressed_text) {
            None
        } else {
            parse_count(count_text).map_err(|problem| (i, problem.into()))?
        };
        let record = Record {
            bin,
            count_people,
            ..template
        };
        check_record(&record).map_err(|problem| {
            let column = match &problem {
                RecordProblem::TextTooLong { column, .. }
                | RecordProblem::ControlCharacter { column, .. } => column,
                RecordProblem::CountTooLarge { .. } => "count",
                // A bin given by edges alone is named by its lower edge's column.
                _ if index.contains_key("bin_label") => "bin_label",
                _ => "bin_lower",
            };
            (cell(column).0, problem.into())
        })?;
        Ok(record)
    }

    /// Everything of a row but its bin and count, with an empty bin.
    fn stratum<'a>(cell: &dyn Fn(&str) -> (usize, &'a str)) -> Result<Record, (usize, Problem)> {
        let required = |name: &'static str| -> Result<(usize, &str), (usize, Problem)> {
            let (i, text) = cell(name);
            if text.is_empty() {
                Err((i, TidyProblem::EmptyCell { column: name }.into()))
            } else {
                Ok((i, text))
            }
        };
        let (i, text) = required("year")?;
        let year = parse_fiscal_year(&format!("{text}年度"))
            .or_else(|| parse_fiscal_year(text))
            .ok_or_else(|| {
                (
                    i,
                    TidyProblem::Year {
                        text: text.to_string(),
                    }
                    .into(),
                )
            })?;
        let (i, area_name) = required("area_name")?;
        let (level_column, level_text) = cell("area_level");
        let area_level = parse_area_level(level_text, area_name).ok_or_else(|| {
            let column = if level_column == usize::MAX {
                i
            } else {
                level_column
            };
            (
                column,
                TidyProblem::AreaLevel {
                    text: level_text.to_string(),
                }
                .into(),
            )
        })?;
        let (_, code_text) = cell("area_code");
        let area_code = if code_text.is_empty() && area_level == AreaLevel::Prefecture {
            prefecture::code_of(area_name)
                .unwrap_or_default()
                .to_string()
        } else {
            to_ascii_width(code_text)
        };
        let (_, group_text) = cell("group");
        let (i, sex_text) = required("sex")?;
        let sex = parse_sex(sex_text).ok_or_else(|| {
            (
                i,
                CellProblem::Sex {
                    text: sex_text.to_string(),
                }
                .into(),
            )
        })?;
        let (i, age_text) = required("age_band")?;
        let age_band = AgeBand::parse_or_subtotal(age_text).ok_or_else(|| {
            (
                i,
                TidyProblem::AgeBand {
                    text: age_text.to_string(),
                }
                .into(),
            )
        })?;
        let (i, indicator_text) = required("indicator")?;
        let indicator = indicator::by_id(indicator_text)
            .or_else(|| indicator::by_ndb_name(indicator_text))
            .or_else(|| {
                indicator::INDICATORS
                    .iter()
                    .find(|i| fold(i.name_ja) == fold(indicator_text))
            })
            .ok_or_else(|| {
                (
                    i,
                    TidyProblem::Indicator {
                        text: indicator_text.to_string(),
                    }
                    .into(),
                )
            })?;
        let (i, unit_text) = cell("unit");
        if !unit_text.is_empty() && !indicator.accepts_unit(unit_text) {
            return Err((
                i,
                TidyProblem::Unit {
                    indicator: indicator.id,
                    unit: unit_text.to_string(),
                }
                .into(),
            ));
        }
        Ok(Record {
            suppressed_in_row: None,
            year,
            area_level,
            area_code,
            area_name: area_name.to_string(),
            group: parse_group(group_text),
            sex,
            age_band,
            indicator: indicator.id.to_string(),
            bin: Bin {
                label: String::new(),
                lower: None,
                upper: None,
            },
            count_people: None,
        })
    }

    fn bin<'a>(cell: &dyn Fn(&str) -> (usize, &'a str)) -> Result<Bin, (usize, Problem)> {
        let (label_column, label) = cell("bin_label");
        let (lower_column, lower_text) = cell("bin_lower");
        let (upper_column, upper_text) = cell("bin_upper");
        let edge = |column: usize, text: &str| -> Result<Option<f64>, (usize, Problem)> {
            if text.is_empty() {
                return Ok(None);
            }
            let cleaned: String = to_ascii_width(text)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            cleaned
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| {
                    (
                        column,
                        TidyProblem::EdgeNotNumber {
                            text: text.to_string(),
                        }
                        .into(),
                    )
                })
        };
        let (lower, upper) = (
            edge(lower_column, lower_text)?,
            edge(upper_column, upper_text)?,
        );
        if lower.is_some() || upper.is_some() {
            if let (Some(l), Some(u)) = (lower, upper) {
                if l >= u {
                    return Err((
                        lower_column,
                        TidyProblem::EdgesReversed { lower: l, upper: u }.into(),
                    ));
                }
            }
            let label = if label.is_empty() {
                edge_label(lower, upper)
            } else {
                label.to_string()
            };
            return Ok(Bin {
                label,
                lower,
                upper,
            });
        }
        if label.is_empty() {
            return Err((label_column, TidyProblem::BinEmpty.into()));
        }
        parse_bin_label(label).ok_or_else(|| {
            (
                label_column,
                CellProblem::Bin {
                    text: label.to_string(),
                }
                .into(),
            )
        })
    }
}

/// The canonical column a header names (`人数` → `count`), if any.
pub fn canonical_column(header: &str) -> Option<&'static str> {
    let folded = fold(header.trim_start_matches('\u{feff}'));
    COLUMN_ALIASES
        .iter()
        .find(|(_, aliases)| aliases.iter().any(|alias| fold(alias) == folded))
        .map(|(canonical, _)| *canonical)
}

/// 「140以上160未満」 from edges, so bins given by edges read like the ministry's.
fn edge_label(lower: Option<f64>, upper: Option<f64>) -> String {
    let value = format_value;
    match (lower, upper) {
        (Some(l), Some(u)) => format!("{}以上{}未満", value(l), value(u)),
        (Some(l), None) => format!("{}以上", value(l)),
        (None, Some(u)) => format!("{}未満", value(u)),
        (None, None) => String::new(),
    }
}

fn parse_area_level(text: &str, area_name: &str) -> Option<AreaLevel> {
    if text.is_empty() {
        if area_name == "全国" {
            return Some(AreaLevel::National);
        }
        return prefecture::code_of(area_name).map(|_| AreaLevel::Prefecture);
    }
    let folded = fold(text);
    AreaLevel::from_id(&folded).or_else(|| {
        AreaLevel::ALL
            .into_iter()
            .find(|level| fold(level.names()[0]) == folded)
    })
}

fn is_suppressed_flag(text: &str) -> bool {
    matches!(fold(text).as_str(), "1" | "true" | "yes" | "はい" | "秘匿")
}
