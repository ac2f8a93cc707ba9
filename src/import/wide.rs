//! Wide tables shaped like the ministry's: counts of several sexes and/or age bands side by side
//! as columns (「男性 40～44歳」, 「女性 45～49歳」…), one row per bin (and area). Such a table
//! rarely says its year, item or group, so it is read through a [`WideMapping`]: the page
//! shows the columns with a guess ([`guess_mapping`]) and the user confirms or corrects it,
//! then [`apply_mapping`] makes tidy records, checked like any other file.

use serde::{Deserialize, Serialize};

use crate::import::cells::{
    decode, parse_bin_label, parse_count, parse_fiscal_year, parse_group, parse_sex,
};
use crate::import::collection::check_records;
use crate::import::limits;
use crate::import::tidy::canonical_column;
use crate::import::{CellProblem, ImportError, Place, Problem, RecordProblem, TextProblem};
use crate::model::indicator;
use crate::model::prefecture;
use crate::model::text::to_ascii_width;
use crate::model::{
    check_bins, first_duplicate_cell, AgeBand, AreaLevel, Dataset, Provenance, Record, Sex,
    GROUP_ALL,
};

/// Rows the page shows under each column so the user can tell them apart.
pub const SAMPLE_ROW_COUNT: usize = 4;

/// What one column of a wide table holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ColumnRole {
    Ignore,
    AreaName,
    AreaCode,
    Group,
    Sex,
    AgeBand,
    Bin,
    Year,
    Indicator,
    /// People of the column's sex and age band (or the row's, or the table's, when `None`).
    Count {
        sex: Option<Sex>,
        age_band: Option<AgeBand>,
    },
}

/// (key, Japanese label, English label) of each role the mapping step offers, in menu order.
pub const ROLE_CHOICES: [(&str, &str, &str); 10] = [
    ("ignore", "使わない", "Not used"),
    ("count", "人数", "Count"),
    ("bin", "階級", "Bin"),
    ("area_name", "地域名", "Area name"),
    ("area_code", "地域コード", "Area code"),
    ("group", "区分", "Group"),
    ("sex", "性別", "Sex"),
    ("age_band", "年齢階級", "Age band"),
    ("year", "年度", "Fiscal year"),
    ("indicator", "項目", "Item"),
];

impl ColumnRole {
    pub fn key(&self) -> &'static str {
        match self {
            ColumnRole::Ignore => "ignore",
            ColumnRole::Count { .. } => "count",
            ColumnRole::Bin => "bin",
            ColumnRole::AreaName => "area_name",
            ColumnRole::AreaCode => "area_code",
            ColumnRole::Group => "group",
            ColumnRole::Sex => "sex",
            ColumnRole::AgeBand => "age_band",
            ColumnRole::Year => "year",
            ColumnRole::Indicator => "indicator",
        }
    }

    /// The role a menu key names; a count keeps the sex and band it had.
    pub fn from_key(key: &str, previous: &ColumnRole) -> ColumnRole {
        match key {
            "count" => match previous {
                ColumnRole::Count { .. } => previous.clone(),
                _ => ColumnRole::Count {
                    sex: None,
                    age_band: None,
                },
            },
            "bin" => ColumnRole::Bin,
            "area_name" => ColumnRole::AreaName,
            "area_code" => ColumnRole::AreaCode,
            "group" => ColumnRole::Group,
            "sex" => ColumnRole::Sex,
            "age_band" => ColumnRole::AgeBand,
            "year" => ColumnRole::Year,
            "indicator" => ColumnRole::Indicator,
            _ => ColumnRole::Ignore,
        }
    }
}

/// How to read a wide table: a role per column and, for fields no column gives, one value for
/// the whole table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WideMapping {
    /// At most three (`header_row_count`).
    pub header_row_count: u8,
    pub roles: Vec<ColumnRole>,
    pub year: Option<i32>,
    /// Indicator id (`sbp`…).
    pub indicator: Option<String>,
    /// Group id (`regional`…); rows without one are `all`.
    pub group: Option<String>,
    pub area_name: Option<String>,
    pub sex: Option<Sex>,
    pub age_band: Option<AgeBand>,
}

/// What the page needs to show the mapping step: the header cells of each column, a few values
/// under it, and the guess.
#[derive(Clone, Debug, PartialEq)]
pub struct WidePreview {
    pub file_name: String,
    /// One entry per column: its header cells, top to bottom (merged cells filled in).
    pub headers: Vec<Vec<String>>,
    /// The first data rows, cell by cell.
    pub samples: Vec<Vec<String>>,
    pub guess: WideMapping,
}

/// What is wrong with a wide table read through its mapping (beside the problems every table
/// reader shares).
#[derive(Debug, Clone, PartialEq)]
pub enum WideProblem {
    NoCountColumn,
    NoBinColumn,
    NoYear,
    NoIndicator,
    NoArea,
    Year { text: String },
    Indicator { text: String },
    IndicatorNotChosen,
    AreaEmpty,
    SexNotChosen,
    AgeBand { text: String },
    AgeBandNotChosen,
    NoBins,
    DuplicateCell { first_line: u64 },
}

/// A CSV read into cells, its header rows not yet told apart from its data.
pub struct RawTable {
    file_name: String,
    /// (line number, cells)
    rows: Vec<(u64, Vec<String>)>,
}

impl RawTable {
    pub fn read(bytes: &[u8], file_name: &str) -> Result<RawTable, ImportError> {
        let fail = |line: Option<u64>, problem: Problem| {
            ImportError::new(file_name, Place::Line { line, column: None }, problem)
        };
        let text = decode(bytes).map_err(|problem| fail(None, problem.into()))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for row in reader.records() {
            let row = row.map_err(|error| {
                let line = error.position().map(|p| p.line());
                fail(
                    line,
                    TextProblem::NotCsv {
                        detail: error.to_string(),
                    }
                    .into(),
                )
            })?;
            if row.iter().all(str::is_empty) {
                continue;
            }
            let line = row.position().map_or(0, |p| p.line());
            if row.len() > limits::MAX_WIDE_COLUMNS {
                let (counted, found) = (limits::Counted::WideColumns, row.len());
                let problem = RecordProblem::TooMany { counted, found };
                return Err(fail(Some(line), problem.into()));
            }
            let cells = row
                .iter()
                .map(|c| c.trim_start_matches('\u{feff}').to_string())
                .collect();
            rows.push((line, cells));
        }
        if rows.is_empty() {
            return Err(fail(None, TextProblem::Empty.into()));
        }
        Ok(RawTable {
            file_name: file_name.to_string(),
            rows,
        })
    }

    fn column_count(&self) -> usize {
        self.rows
            .iter()
            .map(|(_, cells)| cells.len())
            .max()
            .unwrap_or(0)
    }

    /// Header cells of each column over the first `header_row_count` rows; a blank header cell
    /// on the first header rows takes the one to its left (a merged 「男性」 over seven bands).
    fn headers(&self, header_row_count: u8) -> Vec<Vec<String>> {
        let header_row_count = usize::from(header_row_count);
        let mut columns = vec![Vec::new(); self.column_count()];
        for (row_index, (_, cells)) in self.rows.iter().take(header_row_count).enumerate() {
            let mut carried = String::new();
            for (column, header) in columns.iter_mut().enumerate() {
                let cell = cells.get(column).cloned().unwrap_or_default();
                let is_last_header_row = row_index + 1 == header_row_count;
                if !cell.is_empty() {
                    carried = cell.clone();
                }
                let filled = if cell.is_empty() && !is_last_header_row {
                    carried.clone()
                } else {
                    cell
                };
                header.push(filled);
            }
        }
        columns
    }

    /// The guess, when the table looks like counts by column (a count or a bin column found):
    /// worth the mapping step rather than an error.
    pub fn wide_preview(&self) -> Option<WidePreview> {
        let preview = self.preview();
        preview
            .guess
            .roles
            .iter()
            .any(|r| matches!(r, ColumnRole::Count { .. } | ColumnRole::Bin))
            .then_some(preview)
    }

    pub fn preview(&self) -> WidePreview {
        let guess = guess_mapping(self);
        WidePreview {
            file_name: self.file_name.clone(),
            headers: self.headers(guess.header_row_count),
            samples: self
                .rows
                .iter()
                .skip(guess.header_row_count.into())
                .take(SAMPLE_ROW_COUNT)
                .map(|(_, cells)| cells.clone())
                .collect(),
            guess,
        }
    }
}

/// Header rows are the leading rows without a single number in them (at most three).
fn header_row_count(table: &RawTable) -> u8 {
    let is_number = |cell: &str| {
        let folded: String = to_ascii_width(cell)
            .chars()
            .filter(|c| !matches!(c, ',' | ' '))
            .collect();
        !folded.is_empty() && folded.parse::<f64>().is_ok()
    };
    let count = table
        .rows
        .iter()
        .take(3)
        .take_while(|(_, cells)| !cells.iter().any(|c| is_number(c)))
        .count() as u8;
    count.max(1)
}

/// A reading of the table's columns from their headers: sex and age band in a header make a
/// count column; totals (中計, 合計, 計, 総数) are never read (figures are summed by the app, not
/// taken from a file's own totals); other headers are matched like the tidy format's.
pub fn guess_mapping(table: &RawTable) -> WideMapping {
    let header_row_count = header_row_count(table);
    let roles = table
        .headers(header_row_count)
        .iter()
        .map(|cells| guess_role(cells))
        .collect();
    WideMapping {
        header_row_count,
        roles,
        year: None,
        indicator: None,
        group: None,
        area_name: None,
        sex: None,
        age_band: None,
    }
}

fn guess_role(cells: &[String]) -> ColumnRole {
    let folded: Vec<String> = cells
        .iter()
        .map(|c| to_ascii_width(c).replace([' ', '\u{3000}'], ""))
        .collect();
    let is_total = |c: &str| {
        matches!(
            c,
            "中計" | "合計" | "計" | "総数" | "総計" | "男女計" | "全体"
        )
    };
    if folded.iter().any(|c| is_total(c)) {
        return ColumnRole::Ignore;
    }
    let sex = folded.iter().find_map(|c| sex_in_header(c));
    let age_band = folded.iter().find_map(|c| AgeBand::parse(c));
    if sex.is_some() || age_band.is_some() {
        return ColumnRole::Count { sex, age_band };
    }
    let name = folded
        .iter()
        .rev()
        .find(|c| !c.is_empty())
        .map_or("", String::as_str);
    // The tidy format's headers, then the names the ministry's and insurers' sheets use.
    match canonical_column(name) {
        Some("area_name") => ColumnRole::AreaName,
        Some("area_code") => ColumnRole::AreaCode,
        Some("group") => ColumnRole::Group,
        Some("sex") => ColumnRole::Sex,
        Some("age_band") => ColumnRole::AgeBand,
        Some("bin_label") => ColumnRole::Bin,
        Some("year") => ColumnRole::Year,
        Some("indicator") => ColumnRole::Indicator,
        Some("count") => ColumnRole::Count {
            sex: None,
            age_band: None,
        },
        Some(_) => ColumnRole::Ignore,
        None => match name {
            "都道府県" | "都道府県名" | "二次医療圏" | "二次医療圏名" | "市町村" | "市町村名"
            | "保険者" | "保険者名" => ColumnRole::AreaName,
            "都道府県コード" | "市町村コード" => ColumnRole::AreaCode,
            "保険者種別" => ColumnRole::Group,
            "階層" => ColumnRole::Bin,
            _ => ColumnRole::Ignore,
        },
    }
}

/// 「男性」「女」「男性 40～44歳」: the sex a header names (「男女計」 names none).
fn sex_in_header(header: &str) -> Option<Sex> {
    if header.contains("男女") {
        return None;
    }
    let head = header
        .split(|c: char| c.is_ascii_digit())
        .next()
        .unwrap_or("");
    match (head.contains('男'), head.contains('女')) {
        (true, false) => Some(Sex::Male),
        (false, true) => Some(Sex::Female),
        _ => parse_sex(header),
    }
}

/// Reads the table with a mapping the user confirmed. Errors name the line and the column
/// (by its header) and say what was expected.
pub fn apply_mapping(table: &RawTable, mapping: &WideMapping) -> Result<Dataset, ImportError> {
    let headers = table.headers(mapping.header_row_count);
    let header_name = |column: usize| {
        headers
            .get(column)
            .map(|cells| cells.join(" ").trim().to_string())
            .filter(|name| !name.is_empty())
            // An unnamed column by its number, in a form both languages read.
            .unwrap_or_else(|| format!("#{}", column + 1))
    };
    let fail = |line: Option<u64>, column: Option<usize>, problem: Problem| {
        let column = column.map(header_name);
        ImportError::new(&table.file_name, Place::Line { line, column }, problem)
    };
    let column_of = |wanted: &ColumnRole| mapping.roles.iter().position(|r| r == wanted);
    let count_columns: Vec<(usize, Option<Sex>, Option<AgeBand>)> = mapping
        .roles
        .iter()
        .enumerate()
        .filter_map(|(i, role)| match role {
            ColumnRole::Count { sex, age_band } => Some((i, *sex, *age_band)),
            _ => None,
        })
        .collect();
    if count_columns.is_empty() {
        return Err(fail(None, None, WideProblem::NoCountColumn.into()));
    }
    let Some(bin_column) = column_of(&ColumnRole::Bin) else {
        return Err(fail(None, None, WideProblem::NoBinColumn.into()));
    };
    let (year_column, indicator_column) = (
        column_of(&ColumnRole::Year),
        column_of(&ColumnRole::Indicator),
    );
    if year_column.is_none() && mapping.year.is_none() {
        return Err(fail(None, None, WideProblem::NoYear.into()));
    }
    if indicator_column.is_none() && mapping.indicator.is_none() {
        return Err(fail(None, None, WideProblem::NoIndicator.into()));
    }
    let area_column = column_of(&ColumnRole::AreaName);
    if area_column.is_none() && mapping.area_name.as_deref().is_none_or(str::is_empty) {
        return Err(fail(None, None, WideProblem::NoArea.into()));
    }
    let (sex_column, age_column) = (column_of(&ColumnRole::Sex), column_of(&ColumnRole::AgeBand));
    let (code_column, group_column) = (
        column_of(&ColumnRole::AreaCode),
        column_of(&ColumnRole::Group),
    );

    let mut records: Vec<(u64, Record)> = Vec::new();
    let mut area_above = String::new();
    for (line, cells) in table.rows.iter().skip(mapping.header_row_count.into()) {
        let line = *line;
        let cell = |column: Option<usize>| {
            column
                .and_then(|c| cells.get(c))
                .map_or("", |text| text.as_str())
        };
        let bin_text = cell(Some(bin_column));
        // A blank bin ends a block (a note or total row under the table): skipped, not guessed.
        if bin_text.is_empty() {
            continue;
        }
        let bin = parse_bin_label(bin_text).ok_or_else(|| {
            fail(
                Some(line),
                Some(bin_column),
                CellProblem::Bin {
                    text: bin_text.to_string(),
                }
                .into(),
            )
        })?;
        let year = match year_column {
            Some(column) => {
                let text = cell(Some(column));
                parse_fiscal_year(&format!("{text}年度"))
                    .or_else(|| parse_fiscal_year(text))
                    .ok_or_else(|| {
                        fail(
                            Some(line),
                            Some(column),
                            WideProblem::Year {
                                text: text.to_string(),
                            }
                            .into(),
                        )
                    })?
            }
            None => mapping.year.unwrap_or_default(),
        };
        let indicator = match indicator_column {
            Some(column) => {
                let text = cell(Some(column));
                indicator::by_id(text)
                    .or_else(|| indicator::by_ndb_name(text))
                    .ok_or_else(|| {
                        fail(
                            Some(line),
                            Some(column),
                            WideProblem::Indicator {
                                text: text.to_string(),
                            }
                            .into(),
                        )
                    })?
            }
            None => indicator::by_id(mapping.indicator.as_deref().unwrap_or_default())
                .ok_or_else(|| fail(None, None, WideProblem::IndicatorNotChosen.into()))?,
        };
        // Areas are written once above their block of rows, as in the ministry's sheets.
        let area_name = match area_column {
            Some(column) => {
                let text = cell(Some(column));
                if !text.is_empty() {
                    area_above = text.to_string();
                }
                if area_above.is_empty() {
                    return Err(fail(
                        Some(line),
                        Some(column),
                        WideProblem::AreaEmpty.into(),
                    ));
                }
                area_above.clone()
            }
            None => mapping.area_name.clone().unwrap_or_default(),
        };
        let code_text = to_ascii_width(cell(code_column));
        let prefecture_code = prefecture::code_of(&area_name);
        let area_level = if area_name == "全国" {
            AreaLevel::National
        } else if prefecture_code.is_some() {
            AreaLevel::Prefecture
        } else {
            AreaLevel::Municipality
        };
        let area_code = if code_text.is_empty() {
            prefecture_code.unwrap_or_default().to_string()
        } else {
            code_text
        };
        let group = match group_column {
            Some(column) => parse_group(cell(Some(column))),
            None => mapping
                .group
                .clone()
                .unwrap_or_else(|| GROUP_ALL.to_string()),
        };
        for &(column, column_sex, column_age) in &count_columns {
            let sex = match (column_sex, sex_column) {
                (Some(sex), _) => sex,
                (None, Some(sex_column)) => {
                    let text = cell(Some(sex_column));
                    parse_sex(text).ok_or_else(|| {
                        fail(
                            Some(line),
                            Some(sex_column),
                            CellProblem::Sex {
                                text: text.to_string(),
                            }
                            .into(),
                        )
                    })?
                }
                (None, None) => mapping
                    .sex
                    .ok_or_else(|| fail(None, Some(column), WideProblem::SexNotChosen.into()))?,
            };
            let age_band = match (column_age, age_column) {
                (Some(band), _) => band,
                (None, Some(age_column)) => {
                    let text = cell(Some(age_column));
                    AgeBand::parse(text).ok_or_else(|| {
                        fail(
                            Some(line),
                            Some(age_column),
                            WideProblem::AgeBand {
                                text: text.to_string(),
                            }
                            .into(),
                        )
                    })?
                }
                (None, None) => mapping.age_band.ok_or_else(|| {
                    fail(None, Some(column), WideProblem::AgeBandNotChosen.into())
                })?,
            };
            let count_people = parse_count(cell(Some(column)))
                .map_err(|problem| fail(Some(line), Some(column), problem.into()))?;
            records.push((
                line,
                Record {
                    year,
                    area_level,
                    area_code: area_code.clone(),
                    area_name: area_name.clone(),
                    group: group.clone(),
                    sex,
                    age_band,
                    indicator: indicator.id.to_string(),
                    bin: bin.clone(),
                    count_people,
                    suppressed_in_row: None,
                },
            ));
        }
    }
    if records.is_empty() {
        return Err(fail(None, None, WideProblem::NoBins.into()));
    }
    if let Some((first_line, line)) = first_duplicate_cell(records.iter().map(|(l, r)| (*l, r))) {
        return Err(fail(
            Some(line),
            None,
            WideProblem::DuplicateCell { first_line }.into(),
        ));
    }
    check_records(records.iter().map(|(l, r)| (*l, r))).map_err(|(line, problem)| {
        let column = match problem {
            RecordProblem::ImplausibleEdge { .. } | RecordProblem::BinTooNarrow { .. } => {
                Some(bin_column)
            }
            _ => None,
        };
        fail(Some(line), column, problem.into())
    })?;
    check_bins(records.iter().map(|(l, r)| (*l, r))).map_err(|(line, problem)| {
        fail(
            Some(line),
            Some(bin_column),
            RecordProblem::Bins(problem).into(),
        )
    })?;
    Ok(Dataset {
        provenance: Provenance {
            source_files: vec![table.file_name.clone()],
            ..Provenance::default()
        },
        records: records.into_iter().map(|(_, record)| record).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like the ministry's sheet: area written once, sexes merged over age bands,
    /// a 中計 column that must not be read.
    const NDB_SHAPED: &str = "\
都道府県名,階級,男性,,中計,女性,,中計
,,40～44歳,45～49歳,,40～44歳,45～49歳,
北海道,130未満,100,90,190,120,110,230
,130以上,20,-,20,10,15,25
青森県,130未満,50,40,90,60,55,115
,130以上,10,12,22,5,6,11
";

    fn table(text: &str) -> RawTable {
        RawTable::read(text.as_bytes(), "wide.csv").unwrap()
    }

    #[test]
    fn the_guess_reads_sexes_and_bands_from_merged_headers_and_skips_totals() {
        let preview = table(NDB_SHAPED).preview();
        let guess = &preview.guess;
        assert_eq!(guess.header_row_count, 2);
        assert_eq!(guess.roles[0], ColumnRole::AreaName);
        assert_eq!(guess.roles[1], ColumnRole::Bin);
        assert_eq!(
            guess.roles[3],
            ColumnRole::Count {
                sex: Some(Sex::Male),
                age_band: Some(AgeBand::new(45, 49))
            }
        );
        assert_eq!(guess.roles[4], ColumnRole::Ignore);
        assert_eq!(
            guess.roles[6],
            ColumnRole::Count {
                sex: Some(Sex::Female),
                age_band: Some(AgeBand::new(45, 49))
            }
        );
        assert_eq!(preview.headers[3], ["男性", "45～49歳"]);
        assert_eq!(preview.samples.len(), 4);
    }

    #[test]
    fn a_confirmed_mapping_gives_one_record_per_count_cell() {
        let raw = table(NDB_SHAPED);
        let mut mapping = guess_mapping(&raw);
        // What each problem says is tested in `view::messages`.
        let error = apply_mapping(&raw, &mapping).unwrap_err();
        assert_eq!(error.problem, Problem::Wide(WideProblem::NoYear));
        mapping.year = Some(2022);
        mapping.indicator = Some("sbp".into());
        mapping.group = Some("occupational".into());
        let dataset = apply_mapping(&raw, &mapping).unwrap();
        assert_eq!(dataset.records.len(), 2 * 2 * 4);
        let aomori_women_45: Vec<_> = dataset
            .records
            .iter()
            .filter(|r| {
                r.area_name == "青森県"
                    && r.sex == Sex::Female
                    && r.age_band == AgeBand::new(45, 49)
            })
            .map(|r| (r.bin.label.as_str(), r.count_people, r.area_code.as_str()))
            .collect();
        assert_eq!(
            aomori_women_45,
            [("130未満", Some(55), "02"), ("130以上", Some(6), "02")]
        );
        assert!(dataset
            .records
            .iter()
            .all(|r| r.group == "occupational" && r.year == 2022));
        assert!(
            dataset.records.iter().any(|r| r.count_people.is_none()),
            "- is suppressed"
        );
    }

    #[test]
    fn a_bad_cell_names_line_and_column_header() {
        let raw = table(&NDB_SHAPED.replace("50,40,90", "50,四十,90"));
        let mut mapping = guess_mapping(&raw);
        mapping.year = Some(2022);
        mapping.indicator = Some("sbp".into());
        let error = apply_mapping(&raw, &mapping).unwrap_err();
        assert_eq!(
            (error.file_name.as_str(), &error.place),
            (
                "wide.csv",
                &Place::Line {
                    line: Some(5),
                    column: Some("男性 45～49歳".into())
                }
            )
        );
        assert!(matches!(
            error.problem,
            Problem::Cell(CellProblem::NotACount { .. })
        ));
        // Two columns read as the same sex and band: duplicates, never summed.
        let mut twice = guess_mapping(&table(NDB_SHAPED));
        twice.year = Some(2022);
        twice.indicator = Some("sbp".into());
        twice.roles[3] = twice.roles[2].clone();
        let error = apply_mapping(&table(NDB_SHAPED), &twice).unwrap_err();
        assert!(matches!(
            error.problem,
            Problem::Wide(WideProblem::DuplicateCell { .. })
        ));
    }
}
