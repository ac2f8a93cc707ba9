//! Reader for the tidy aggregate format of `docs/data-format.md`: CSV in the canonical columns
//! or their Japanese aliases, UTF-8 (with or without BOM) or Shift_JIS/CP932, full-width digits,
//! thousands separators and the publishers' suppression marks. Bytes in, a [`Dataset`] or a
//! [`TidyError`] naming the file, row and column out.

use std::collections::HashMap;

use encoding_rs::SHIFT_JIS;

use crate::import::ndb::{parse_bin_label, parse_fiscal_year};
use crate::model::indicator;
use crate::model::prefecture;
use crate::model::{
    check_bins, first_duplicate_cell, to_ascii_width, AgeBand, AreaLevel, Bin, Dataset, Provenance,
    Record, Sex, GROUP_ALL,
};
use crate::view::language::{Language, Message};

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

/// (group id, Japanese names) — other group text is kept as written.
const GROUP_ALIASES: [(&str, &[&str]); 7] = [
    ("all", &["all", "全体", "全員", "計"]),
    ("regional", &["regional", "地域", "地域保健", "住民"]),
    (
        "occupational",
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

#[derive(Debug, Clone, PartialEq)]
pub struct TidyError {
    pub file_name: String,
    /// Line of the file (the header is line 1).
    pub line_number: Option<u64>,
    /// The column's header as written in the file.
    pub column: Option<String>,
    pub problem: Message,
}

impl TidyError {
    /// 「kokuho.csv（12行目・列「人数」）：…」, naming the file, line and column.
    pub fn message(&self) -> Message {
        let place = |language: Language| {
            let mut place = Vec::new();
            if let Some(line) = self.line_number {
                place.push(language.pick(format!("{line}行目"), format!("line {line}")));
            }
            if let Some(column) = &self.column {
                place.push(language.pick(format!("列「{column}」"), format!("column “{column}”")));
            }
            let problem = self.problem.text(language);
            match (place.is_empty(), language) {
                (true, Language::Japanese) => format!("{}：{problem}", self.file_name),
                (true, Language::English) => format!("{}: {problem}", self.file_name),
                (false, Language::Japanese) => {
                    format!("{}（{}）：{problem}", self.file_name, place.join("・"))
                }
                (false, Language::English) => {
                    format!("{} ({}): {problem}", self.file_name, place.join(", "))
                }
            }
        };
        Message::new(place(Language::Japanese), place(Language::English))
    }
}

/// Reads a tidy CSV file.
pub fn import_tidy_csv(bytes: &[u8], file_name: &str) -> Result<Dataset, TidyError> {
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
) -> Result<Dataset, TidyError> {
    let fail = |line_number: Option<u64>, column: Option<String>, problem: Message| TidyError {
        file_name: file_name.to_string(),
        line_number,
        column,
        problem,
    };
    let text = decode(bytes).map_err(|problem| fail(None, None, problem))?;
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
                Message::new(
                    format!("見出し行を読めません（{error}）。"),
                    format!("The header line cannot be read ({error})."),
                ),
            )
        })?
        .iter()
        .map(str::to_string)
        .collect();
    let mut columns = Columns::map(&headers).map_err(|problem| fail(Some(1), None, problem))?;

    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|error| {
            let line = error.position().map(|p| p.line());
            fail(
                line,
                None,
                Message::new(
                    format!("CSV として読めません（{error}）。"),
                    format!("It cannot be read as CSV ({error})."),
                ),
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
                Message::new(
                    format!(
                        "列の数が見出しと違います（見出し {} 列、この行 {} 列）。",
                        headers.len(),
                        row.len()
                    ),
                    format!(
                        "The number of columns differs from the header’s (header {}, this line {}).",
                        headers.len(),
                        row.len()
                    ),
                ),
            ));
        }
        let record = columns.record(&row).map_err(|(column, problem)| {
            fail(Some(line_number), Some(headers[column].clone()), problem)
        })?;
        records.push((line_number, record));
    }
    if records.is_empty() {
        return Err(fail(
            None,
            None,
            Message::new(
                "データ行がありません（見出し行だけです）。",
                "There are no data lines (only the header).",
            ),
        ));
    }
    if let Some((first_line, line)) =
        first_duplicate_cell(records.iter().map(|(line, record)| (*line, record)))
    {
        return Err(fail(Some(line), None, Message::new(
            format!("{first_line}行目と同じセル（年度・地域・区分・性別・年齢階級・項目・階級が同じ）です。合計はせず、どちらかを削除してください。"),
            format!("The same cell as line {first_line} (same year, area, group, sex, age band, item and bin). Cells are never summed: delete one of them."),
        )));
    }
    check_bins(records.iter().map(|(line, record)| (*line, record)))
        .map_err(|(line, problem)| fail(Some(line), None, problem))?;
    Ok(Dataset {
        provenance: Provenance {
            publisher: String::new(),
            release: String::new(),
            source_files: vec![file_name.to_string()],
            fictional: false,
        },
        records: records.into_iter().map(|(_, record)| record).collect(),
    })
}

/// UTF-8 (BOM or not) or Shift_JIS/CP932; anything else is refused rather than garbled, and
/// so is a file over [`MAX_TIDY_CSV_BYTES`].
pub(crate) fn decode(bytes: &[u8]) -> Result<String, Message> {
    if bytes.len() > MAX_TIDY_CSV_BYTES {
        return Err(too_large(bytes.len(), MAX_TIDY_CSV_BYTES));
    }
    if bytes.is_empty() {
        return Err(Message::new("空のファイルです。", "The file is empty."));
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(Message::new(
            "テキスト（CSV）ファイルではありません。Excel ブックなら「.xlsx」として、UTF-16 の CSV なら UTF-8 か Shift_JIS で保存し直してください。",
            "This is not a text (CSV) file. Save an Excel workbook as “.xlsx”, and a UTF-16 CSV as UTF-8 or Shift_JIS.",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, _, had_errors) = SHIFT_JIS.decode(bytes);
    if had_errors {
        return Err(Message::new(
            "文字コードを判別できません。UTF-8 か Shift_JIS（CP932）で保存してください。",
            "The character encoding cannot be told. Save the file as UTF-8 or Shift_JIS (CP932).",
        ));
    }
    Ok(text.into_owned())
}

fn fold(text: &str) -> String {
    to_ascii_width(text).trim().to_lowercase()
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
    fn map(headers: &[String]) -> Result<Columns, Message> {
        let mut index = HashMap::new();
        for (position, header) in headers.iter().enumerate() {
            let Some(canonical) = canonical_column(header) else {
                continue; // extra columns are allowed and ignored
            };
            if index.insert(canonical, position).is_some() {
                return Err(Message::new(
                    format!("列「{canonical}」に当たる見出しが2つあります。"),
                    format!("Two headers name the column “{canonical}”."),
                ));
            }
        }
        let missing = |language: Language| {
            let mut missing: Vec<String> = REQUIRED
                .iter()
                .filter(|column| !index.contains_key(*column))
                .map(|column| column_label(column, language))
                .collect();
            if !index.contains_key("bin_label")
                && !index.contains_key("bin_lower")
                && !index.contains_key("bin_upper")
            {
                missing.push(format!(
                    "{}{}{}{}{}",
                    column_label("bin_label", language),
                    language.pick(" または ", " or "),
                    column_label("bin_lower", language),
                    language.pick("・", " and "),
                    column_label("bin_upper", language)
                ));
            }
            missing
        };
        if missing(Language::Japanese).is_empty() {
            Ok(Columns {
                index,
                previous_stratum: None,
            })
        } else {
            Err(Message::new(
                format!(
                    "必要な列がありません：{}。見つかった見出し：{}。",
                    missing(Language::Japanese).join("、"),
                    headers.join("、")
                ),
                format!(
                    "Required columns are missing: {}. Headers found: {}.",
                    missing(Language::English).join(", "),
                    headers.join(", ")
                ),
            ))
        }
    }

    /// One data row as a record; on failure, the file column and the problem. Rows of one
    /// stratum usually follow each other: its fields are parsed once and reused.
    fn record(&mut self, row: &csv::StringRecord) -> Result<Record, (usize, Message)> {
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
        let indicator =
            indicator::by_id(&template.indicator).expect("the stratum holds a known indicator id");
        let bin = Self::bin(&cell)?;
        for edge in [bin.lower, bin.upper].into_iter().flatten() {
            let (label_column, _) = cell("bin_label");
            let (lower_column, _) = cell("bin_lower");
            let column = if lower_column == usize::MAX {
                label_column
            } else {
                lower_column
            };
            indicator
                .check_edge(edge)
                .map_err(|problem| (column, problem))?;
        }
        let (i, count_text) = cell("count");
        let (_, suppressed_text) = cell("suppressed");
        let count_people = if is_suppressed_flag(suppressed_text) {
            None
        } else {
            parse_count(count_text).map_err(|problem| (i, problem))?
        };
        Ok(Record {
            bin,
            count_people,
            ..template
        })
    }

    /// Everything of a row but its bin and count, with an empty bin.
    fn stratum<'a>(cell: &dyn Fn(&str) -> (usize, &'a str)) -> Result<Record, (usize, Message)> {
        let required = |name: &str| -> Result<(usize, &str), (usize, Message)> {
            let (i, text) = cell(name);
            if text.is_empty() {
                Err((
                    i,
                    Message::new(
                        format!("{}が空欄です。", column_label(name, Language::Japanese)),
                        format!("{} is empty.", column_label(name, Language::English)),
                    ),
                ))
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
                    Message::new(
                        format!("年度「{text}」を読めません（例：2022、R4、令和4年度）。"),
                        format!(
                            "The fiscal year “{text}” cannot be read (e.g. 2022, R4, 令和4年度)."
                        ),
                    ),
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
                Message::new(
                    format!(
                        "地域区分「{level_text}」を読めません（全国・都道府県・二次医療圏・市町村）。"
                    ),
                    format!(
                        "The area level “{level_text}” cannot be read (national, prefecture, secondary_medical_area, municipality)."
                    ),
                ),
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
                Message::new(
                    format!("性別「{sex_text}」を読めません（男・女）。"),
                    format!("The sex “{sex_text}” cannot be read (male, female, 男, 女)."),
                ),
            )
        })?;
        let (i, age_text) = required("age_band")?;
        let age_band = AgeBand::parse(age_text).ok_or_else(|| {
            (
                i,
                Message::new(
                    format!("年齢階級「{age_text}」を読めません（例：40-44、40～44歳）。"),
                    format!("The age band “{age_text}” cannot be read (e.g. 40-44)."),
                ),
            )
        })?;
        let (i, indicator_text) = required("indicator")?;
        let indicator = indicator::by_id(indicator_text)
            .or_else(|| indicator::by_ndb_name(indicator_text))
            .or_else(|| indicator::INDICATORS.iter().find(|i| fold(i.name_ja) == fold(indicator_text)))
            .ok_or_else(|| (i, Message::new(
                format!("項目「{indicator_text}」には対応していません（docs/data-format.md の対応項目を参照）。"),
                format!("The item “{indicator_text}” is not supported (see the items in docs/data-format.md)."),
            )))?;
        let (i, unit_text) = cell("unit");
        if !unit_text.is_empty() && !indicator.accepts_unit(unit_text) {
            return Err((
                i,
                Message::new(
                    format!(
                        "{}の単位「{unit_text}」には対応していません。「{}」の値にそろえてください（同じ項目に別の単位を混ぜることはできません）。",
                        indicator.name_ja, indicator.unit
                    ),
                    format!(
                        "The unit “{unit_text}” of {} is not supported. Convert the values to {} (one item cannot mix units).",
                        indicator.name_en, indicator.unit
                    ),
                ),
            ));
        }
        Ok(Record {
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

    fn bin<'a>(cell: &dyn Fn(&str) -> (usize, &'a str)) -> Result<Bin, (usize, Message)> {
        let (label_column, label) = cell("bin_label");
        let (lower_column, lower_text) = cell("bin_lower");
        let (upper_column, upper_text) = cell("bin_upper");
        let edge = |column: usize, text: &str| -> Result<Option<f64>, (usize, Message)> {
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
                        Message::new(
                            format!("階級の境目「{text}」は数値ではありません。"),
                            format!("The bin edge “{text}” is not a number."),
                        ),
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
                        Message::new(
                            format!("下限（{l}）が上限（{u}）以上です。"),
                            format!("The lower edge ({l}) is not below the upper edge ({u})."),
                        ),
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
            return Err((
                label_column,
                Message::new(
                    "階級が空欄です（階級か、下限・上限を書いてください）。",
                    "The bin is empty (give a bin label, or lower and upper edges).",
                ),
            ));
        }
        parse_bin_label(label).ok_or_else(|| {
            (
                label_column,
                Message::new(
                    format!(
                        "階級「{label}」を読めません（例：140以上160未満、120未満、180以上）。"
                    ),
                    format!(
                        "The bin “{label}” cannot be read (e.g. 140以上160未満, 120未満, 180以上)."
                    ),
                ),
            )
        })
    }
}

/// The canonical column a header names (`人数` → `count`), if any.
pub(crate) fn canonical_column(header: &str) -> Option<&'static str> {
    let folded = fold(header.trim_start_matches('\u{feff}'));
    COLUMN_ALIASES
        .iter()
        .find(|(_, aliases)| aliases.iter().any(|alias| fold(alias) == folded))
        .map(|(canonical, _)| *canonical)
}

/// 「人数（count）」 in Japanese, `count` in English: how a message names a column to look for.
fn column_label(canonical: &str, language: Language) -> String {
    let japanese = COLUMN_ALIASES
        .iter()
        .find(|(name, _)| *name == canonical)
        .and_then(|(_, aliases)| aliases.get(1))
        .copied()
        .unwrap_or(canonical);
    match language {
        Language::Japanese => format!("{japanese}（{canonical}）"),
        Language::English => format!("“{canonical}” ({japanese})"),
    }
}

/// The message for a file over a reader's limit.
pub(crate) fn too_large(byte_count: usize, limit_bytes: usize) -> Message {
    let (megabytes, limit) = (byte_count as f64 / 1_048_576.0, limit_bytes / 1_048_576);
    Message::new(
        format!("ファイルが大きすぎます（{megabytes:.1} MB、上限 {limit} MB）。集計済みの表を読み込んでください。"),
        format!("The file is too large ({megabytes:.1} MB; at most {limit} MB). Open a table of aggregated counts."),
    )
}

/// 「140以上160未満」 from edges, so bins given by edges read like the ministry's.
fn edge_label(lower: Option<f64>, upper: Option<f64>) -> String {
    let value = indicator::format_value;
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
            .find(|level| fold(level.name(Language::Japanese)) == folded)
    })
}

pub(crate) fn parse_sex(text: &str) -> Option<Sex> {
    match fold(text).as_str() {
        "male" | "m" | "男" | "男性" => Some(Sex::Male),
        "female" | "f" | "女" | "女性" => Some(Sex::Female),
        _ => None,
    }
}

pub(crate) fn parse_group(text: &str) -> String {
    if text.is_empty() {
        return GROUP_ALL.to_string();
    }
    let folded = fold(text);
    GROUP_ALIASES
        .iter()
        .find(|(_, names)| names.iter().any(|name| fold(name) == folded))
        .map_or_else(|| text.to_string(), |(id, _)| id.to_string())
}

fn is_suppressed_flag(text: &str) -> bool {
    matches!(fold(text).as_str(), "1" | "true" | "yes" | "はい" | "秘匿")
}

/// A count: a whole number (full-width digits and thousands separators allowed), or `None`
/// for the suppression marks publishers use.
pub fn parse_count(text: &str) -> Result<Option<u64>, Message> {
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
        return Err(Message::new(
            format!("人数「{text}」が負の数です。"),
            format!("The count “{text}” is negative."),
        ));
    }
    if let Some(whole) = digits.strip_suffix(".0") {
        if let Ok(count) = whole.parse::<u64>() {
            return Ok(Some(count));
        }
    }
    digits.parse::<u64>().map(Some).map_err(|_| {
        Message::new(
            format!("人数「{text}」は0以上の整数ではありません（秘匿なら「-」）。"),
            format!("The count “{text}” is not a whole number of 0 or more (“-” if suppressed)."),
        )
    })
}
