//! Importer for the ministry's NDB open data 特定健診 workbooks (性年齢階級別分布), exactly as
//! published: 都道府県別 and 二次医療圏別 layouts, releases 1 to 10 (FY2013–FY2022).
//!
//! Layout (checked against the real files in `data/ndb/`): row 1 is a title
//! 「特定健診（収縮期血圧)：2022年度 …」; rows 2–5 are a merged header (area | 検査値階層 | 男/女 →
//! seven age bands and 中計 → 人数); data start at row 6. The area name appears only on the
//! first bin row of its block (forward-filled here). Secondary-medical-area files insert a
//! four-digit area code and the area name before the bin column. Bins run from high to low.
//! Suppressed cells hold `-`. The importer takes bytes, never a path, so the browser can use it.

use std::io::Cursor;

use calamine::{Cell, Data, DataRef, Range, Reader, Xlsx, XlsxError};

use crate::import::cells::{is_suppression_mark, parse_bin_label, parse_fiscal_year};
use crate::import::limits;
use crate::import::{CellRef, ImportError, Place, SizeLimit, TooLarge};
use crate::model::indicator::{self, Indicator};
use crate::model::prefecture::{self, PREFECTURE_UNKNOWN, SECONDARY_AREA_UNKNOWN};
use crate::model::subtotal::{apply_subtotals, SubtotalProblem, SubtotalSummary};
use crate::model::text::format_value;
use crate::model::{
    lower_edge_order, AgeBand, AreaLevel, Bin, Dataset, Provenance, Record, Sex, GROUP_ALL,
    NDB_AGE_BANDS, NDB_PUBLISHER,
};

/// The releases built in, newest first, each with its folder of workbooks under `data/ndb/`
/// (`ndb_convert` builds them; `tests/builtin_data.rs` re-derives them). Release 1 is the set
/// by age at the end of the fiscal year (年度末年齢), the age every later release uses.
pub const BUILT_IN_RELEASES: [(&str, &str); 10] = [
    ("第10回", "ndb10_tokutei_kenshin_R4"),
    ("第9回", "ndb9_tokutei_kenshin_FY2021"),
    ("第8回", "ndb8_tokutei_kenshin_FY2020"),
    ("第7回", "ndb7_tokutei_kenshin_FY2019"),
    ("第6回", "ndb6_tokutei_kenshin_FY2018"),
    ("第5回", "ndb5_tokutei_kenshin_pref"),
    ("第4回", "ndb4_tokutei_kenshin_pref"),
    ("第3回", "ndb3_tokutei_kenshin_pref"),
    ("第2回", "ndb2_tokutei_kenshin_FY2014"),
    ("第1回", "ndb1_tokutei_kenshin_FY2013"),
];

/// Workbooks not built in: releases 7–9 publish eGFR and serum creatinine a second time
/// (ids 001262492–3, 001261041/51, 0012609xx) with much larger counts, of a population the
/// ministry's page does not make clear. The series keeps the first publication, the one every
/// release has. (Release 8's first eGFR by prefecture is missing from the mirror: its index
/// points both eGFR titles at the secondary-area file, so FY2020 has eGFR by area only.)
pub const SECOND_PUBLICATIONS: [&str; 5] = [
    "001262492",
    "001262493",
    "001261041",
    "001261051",
    "0012609",
];

const FIRST_DATA_ROW_INDEX: u32 = 5;
/// Per sex: seven age-band columns then 中計.
const COLUMNS_PER_SEX: u32 = 8;

/// A workbook read into the tidy model, with what is needed to check it against itself.
#[derive(Debug, Clone)]
pub struct NdbWorkbook {
    pub dataset: Dataset,
    pub indicator: &'static Indicator,
    pub fiscal_year: i32,
    pub area_level: AreaLevel,
    /// The workbook's own 中計 column: one per (area, sex, bin) row.
    pub subtotals: Vec<Subtotal>,
    /// What the subtotals restored of the suppressed cells.
    pub subtotal_summary: SubtotalSummary,
    /// Suppressed cells found, 中計 cells included.
    pub suppressed_cell_count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Subtotal {
    /// 1-based row number as Excel shows it.
    pub row_number: u32,
    pub area_code: String,
    pub area_name: String,
    pub sex: Sex,
    pub bin_label: String,
    pub count_people: Option<u64>,
}

/// Why a workbook was refused (the place is the cell, where there is one).
#[derive(Debug, Clone, PartialEq)]
pub enum NdbProblem {
    NotAWorkbook {
        detail: String,
    },
    NoSheet,
    /// Used cells spread over more than `limits::MAX_SHEET_CELLS` (rows × columns).
    SheetTooLarge {
        extent: u64,
    },
    NotNdbTitle {
        found: String,
    },
    MeansNotDistribution,
    UnsupportedLayout {
        item: String,
        layout: UnsupportedLayout,
    },
    UnknownItem {
        item: String,
    },
    UnreadableYear {
        found: String,
    },
    /// `found` is empty for a blank cell.
    BadHeader {
        expected: String,
        found: String,
    },
    UnknownPrefecture {
        found: String,
    },
    MissingArea,
    /// `found` is empty for a blank cell.
    BadBin {
        found: String,
    },
    BinsNotContiguous {
        area_name: String,
        detail: Contiguity,
    },
    /// `found` is empty for a blank cell.
    BadCount {
        found: String,
    },
    SubtotalMismatch {
        age_sum: u64,
        subtotal: u64,
    },
    /// An area lists the same bin twice.
    RepeatedRow,
    NoDataRows,
}

/// Layouts of the ministry's workbooks the importer does not read yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsupportedLayout {
    /// ヘモグロビン: its value bands differ by sex, and the sexes' tables sit side by side.
    BinsBySex,
    /// CGA分類: one more header row and 48 columns of categories.
    CgaCategories,
}

/// How an area's bins fail to tile the line.
#[derive(Debug, Clone, PartialEq)]
pub enum Contiguity {
    MixedNumericAndCategorical,
    /// `low` is followed by `high`, which does not start where `low` ends.
    Gap {
        low: String,
        high: String,
    },
}

/// Workbooks larger than this are refused before reading: the ministry's largest
/// (二次医療圏別 CGA分類) is 0.5 MB, so 30 MB is no NDB table and would only freeze the tab.
pub const MAX_WORKBOOK_BYTES: usize = 30 * 1024 * 1024;

/// A workbook a user opened in the browser: size-checked, then imported. The release is
/// unknown, so the citation names the file.
pub fn import_user_workbook(bytes: &[u8], file_name: &str) -> Result<Dataset, ImportError> {
    if bytes.len() > MAX_WORKBOOK_BYTES {
        return Err(ImportError::new(
            file_name,
            Place::File,
            TooLarge {
                byte_count: bytes.len(),
                limit_bytes: MAX_WORKBOOK_BYTES,
                kind: SizeLimit::NdbWorkbook,
            }
            .into(),
        ));
    }
    import_workbook(bytes, file_name, "")
        .map(|workbook| workbook.dataset)
        .map_err(ImportError::widen)
}

/// Reads one NDB 特定健診 distribution workbook. `release` is the series release the file
/// belongs to (e.g. 「第10回」): the workbooks do not state it themselves.
pub fn import_workbook(
    bytes: &[u8],
    file_name: &str,
    release: &str,
) -> Result<NdbWorkbook, ImportError<NdbProblem>> {
    let range =
        first_sheet(bytes).map_err(|problem| ImportError::new(file_name, Place::File, problem))?;
    let sheet = Sheet { range: &range };
    Parser { sheet, file_name }.parse(release)
}

/// The first worksheet's cells (also the means workbooks' reader's, `ndb_means`). Cells are
/// read one by one and their extent checked as they come: calamine's own `worksheet_range`
/// allocates the whole extent, so two cells at A1 and XFD1048576 would ask for 17 billion.
pub(super) fn first_sheet(bytes: &[u8]) -> Result<Range<Data>, NdbProblem> {
    let unreadable = |error: XlsxError| NdbProblem::NotAWorkbook {
        detail: error.to_string(),
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let sheet_name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(NdbProblem::NoSheet)?;
    let mut reader = workbook
        .worksheet_cells_reader(&sheet_name)
        .map_err(unreadable)?;
    let mut cells = Vec::new();
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0, 0));
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, column) = cell.get_position();
        first = (first.0.min(row), first.1.min(column));
        last = (last.0.max(row), last.1.max(column));
        let extent = u64::from(last.0 - first.0 + 1) * u64::from(last.1 - first.1 + 1);
        if extent > limits::MAX_SHEET_CELLS {
            return Err(NdbProblem::SheetTooLarge { extent });
        }
        cells.push(Cell::new(
            (row, column),
            Data::from(cell.get_value().clone()),
        ));
    }
    Ok(Range::from_sparse(cells))
}

/// A worksheet read cell by cell (also the means workbooks' reader, `ndb_means`).
pub(super) struct Sheet<'a> {
    pub(super) range: &'a Range<Data>,
}

impl Sheet<'_> {
    pub(super) fn cell(&self, row_index: u32, column_index: u32) -> Option<&Data> {
        self.range.get_value((row_index, column_index))
    }

    /// Text of a cell as shown, trimmed; numbers as written (`0`, `18.5`); empty when blank.
    pub(super) fn text(&self, row_index: u32, column_index: u32) -> String {
        match self.cell(row_index, column_index) {
            None | Some(Data::Empty) => String::new(),
            Some(Data::String(text)) => text.trim().to_string(),
            Some(Data::Int(value)) => value.to_string(),
            Some(Data::Float(value)) => format_value(*value),
            Some(other) => other.to_string().trim().to_string(),
        }
    }

    pub(super) fn height(&self) -> u32 {
        self.range.end().map(|(row, _)| row + 1).unwrap_or(0)
    }
}

struct Parser<'a> {
    sheet: Sheet<'a>,
    file_name: &'a str,
}

/// Where the parts of a layout sit.
struct Columns {
    area_level: AreaLevel,
    bin: u32,
    first_value: u32,
}

impl Parser<'_> {
    fn fail(
        &self,
        row_index: u32,
        column_index: u32,
        problem: NdbProblem,
    ) -> ImportError<NdbProblem> {
        ImportError::new(
            self.file_name,
            Place::Cell(CellRef {
                row_index,
                column_index,
            }),
            problem,
        )
    }

    fn parse(&self, release: &str) -> Result<NdbWorkbook, ImportError<NdbProblem>> {
        let (indicator, fiscal_year) = self.read_title()?;
        let columns = self.read_header()?;

        let mut records = Vec::new();
        let mut subtotals = Vec::new();
        let mut subtotal_records = Vec::new();
        let mut suppressed_cell_count = 0;
        let mut area = AreaCursor::default();

        for row_index in FIRST_DATA_ROW_INDEX..self.sheet.height() {
            let bin_text = self.sheet.text(row_index, columns.bin);
            let value_texts: Vec<String> = (0..2 * COLUMNS_PER_SEX)
                .map(|offset| self.sheet.text(row_index, columns.first_value + offset))
                .collect();
            if bin_text.is_empty() && value_texts.iter().all(String::is_empty) {
                continue; // blank or footnote row
            }
            area.advance(&self.sheet, row_index, &columns);
            let (area_code, area_name) = self.resolve_area(&area, row_index, &columns)?;
            if bin_text.is_empty() {
                return Err(self.fail(
                    row_index,
                    columns.bin,
                    NdbProblem::BadBin {
                        found: String::new(),
                    },
                ));
            }
            let bin = parse_bin_label(&bin_text).ok_or_else(|| {
                self.fail(
                    row_index,
                    columns.bin,
                    NdbProblem::BadBin {
                        found: bin_text.clone(),
                    },
                )
            })?;

            for (sex_index, sex) in Sex::BOTH.into_iter().enumerate() {
                let block_start = columns.first_value + sex_index as u32 * COLUMNS_PER_SEX;
                for (age_index, age_band) in NDB_AGE_BANDS.into_iter().enumerate() {
                    let column_index = block_start + age_index as u32;
                    let count_people = self.read_count(row_index, column_index)?;
                    if count_people.is_none() {
                        suppressed_cell_count += 1;
                    }
                    records.push(Record {
                        year: fiscal_year,
                        area_level: columns.area_level,
                        area_code: area_code.clone(),
                        area_name: area_name.clone(),
                        group: GROUP_ALL.to_string(),
                        sex,
                        age_band,
                        indicator: indicator.id.to_string(),
                        bin: bin.clone(),
                        count_people,
                        suppressed_in_row: None,
                    });
                }
                let subtotal_column = block_start + NDB_AGE_BANDS.len() as u32;
                let subtotal = self.read_count(row_index, subtotal_column)?;
                if subtotal.is_none() {
                    suppressed_cell_count += 1;
                }
                let row_cell = records.last().cloned().map(|record| Record {
                    age_band: AgeBand::SUBTOTAL,
                    count_people: subtotal,
                    ..record
                });
                subtotal_records
                    .extend(row_cell.map(|record| ((row_index, subtotal_column), record)));
                subtotals.push(Subtotal {
                    row_number: row_index + 1,
                    area_code: area_code.clone(),
                    area_name: area_name.clone(),
                    sex,
                    bin_label: bin.label.clone(),
                    count_people: subtotal,
                });
            }
        }
        if records.is_empty() {
            return Err(ImportError::new(
                self.file_name,
                Place::File,
                NdbProblem::NoDataRows,
            ));
        }
        check_bins_contiguous(&records)
            .map_err(|problem| ImportError::new(self.file_name, Place::File, problem))?;
        let subtotal_summary = apply_subtotals(&mut records, subtotal_records).map_err(
            |((row_index, column_index), problem)| {
                let problem = match problem {
                    SubtotalProblem::Mismatch {
                        cells_sum,
                        subtotal,
                    } => NdbProblem::SubtotalMismatch {
                        age_sum: cells_sum,
                        subtotal,
                    },
                    // Every subtotal is read after its row's cells, so only a row listed twice
                    // (an area's bin repeated) is left.
                    SubtotalProblem::NoCells | SubtotalProblem::Duplicate => {
                        NdbProblem::RepeatedRow
                    }
                };
                self.fail(row_index, column_index, problem)
            },
        )?;

        Ok(NdbWorkbook {
            dataset: Dataset {
                provenance: Provenance {
                    publisher: NDB_PUBLISHER.to_string(),
                    release: release.to_string(),
                    source_files: vec![self.file_name.to_string()],
                    fictional: false,
                },
                records,
            },
            indicator,
            fiscal_year,
            area_level: columns.area_level,
            subtotals,
            subtotal_summary,
            suppressed_cell_count,
        })
    }

    /// Title 「特定健診（収縮期血圧)：2022年度　※…」 → (indicator, fiscal year).
    fn read_title(&self) -> Result<(&'static Indicator, i32), ImportError<NdbProblem>> {
        let title = self.sheet.text(0, 0);
        let not_ndb = || {
            self.fail(
                0,
                0,
                NdbProblem::NotNdbTitle {
                    found: shorten(&title),
                },
            )
        };
        let rest = title.strip_prefix("特定健診").ok_or_else(not_ndb)?;
        let (item_part, year_part) = rest.split_once(['：', ':']).ok_or_else(not_ndb)?;
        let item = strip_one_bracket_pair(item_part.trim());
        if item.contains("平均値") {
            return Err(self.fail(0, 0, NdbProblem::MeansNotDistribution));
        }
        if item.contains("ヘモグロビン") {
            return Err(self.fail(
                0,
                0,
                NdbProblem::UnsupportedLayout {
                    item: item.to_string(),
                    layout: UnsupportedLayout::BinsBySex,
                },
            ));
        }
        if item.contains("CGA") {
            return Err(self.fail(
                0,
                0,
                NdbProblem::UnsupportedLayout {
                    item: item.to_string(),
                    layout: UnsupportedLayout::CgaCategories,
                },
            ));
        }
        let indicator = indicator::by_ndb_name(item).ok_or_else(|| {
            self.fail(
                0,
                0,
                NdbProblem::UnknownItem {
                    item: item.to_string(),
                },
            )
        })?;
        let fiscal_year = parse_fiscal_year(year_part).ok_or_else(|| {
            self.fail(
                0,
                0,
                NdbProblem::UnreadableYear {
                    found: shorten(year_part),
                },
            )
        })?;
        Ok((indicator, fiscal_year))
    }

    fn read_header(&self) -> Result<Columns, ImportError<NdbProblem>> {
        let expect = |row_index: u32,
                      column_index: u32,
                      wanted: &str|
         -> Result<(), ImportError<NdbProblem>> {
            let found = self.sheet.text(row_index, column_index);
            if found.replace(['\n', ' '], "").contains(wanted) {
                Ok(())
            } else {
                Err(self.fail(
                    row_index,
                    column_index,
                    NdbProblem::BadHeader {
                        expected: wanted.to_string(),
                        found,
                    },
                ))
            }
        };
        expect(1, 0, "都道府県")?;
        let columns = if self.sheet.text(1, 1).contains("二次医療圏") {
            expect(1, 2, "二次医療圏名")?;
            Columns {
                area_level: AreaLevel::SecondaryMedicalArea,
                bin: 3,
                first_value: 4,
            }
        } else {
            Columns {
                area_level: AreaLevel::Prefecture,
                bin: 1,
                first_value: 2,
            }
        };
        expect(1, columns.bin, "検査値階層")?;
        for (sex_index, sex_label) in ["男", "女"].into_iter().enumerate() {
            let block_start = columns.first_value + sex_index as u32 * COLUMNS_PER_SEX;
            expect(2, block_start, sex_label)?;
            for (age_index, age_band) in NDB_AGE_BANDS.into_iter().enumerate() {
                let column_index = block_start + age_index as u32;
                let found = self.sheet.text(3, column_index);
                if AgeBand::parse(&found) != Some(age_band) {
                    return Err(self.fail(
                        3,
                        column_index,
                        NdbProblem::BadHeader {
                            // As the workbooks write it.
                            expected: format!("{}〜{}歳", age_band.from_years, age_band.to_years),
                            found,
                        },
                    ));
                }
                expect(4, column_index, "人数")?;
            }
            expect(3, block_start + NDB_AGE_BANDS.len() as u32, "中計")?;
        }
        Ok(columns)
    }

    /// A count cell: a whole number, or `None` when suppressed (`-` and its look-alikes).
    fn read_count(
        &self,
        row_index: u32,
        column_index: u32,
    ) -> Result<Option<u64>, ImportError<NdbProblem>> {
        let bad =
            |found: String| self.fail(row_index, column_index, NdbProblem::BadCount { found });
        match self.sheet.cell(row_index, column_index) {
            Some(Data::Int(value)) if *value >= 0 => Ok(Some(*value as u64)),
            Some(Data::Float(value)) if *value >= 0.0 && value.fract() == 0.0 && *value < 1e15 => {
                Ok(Some(*value as u64))
            }
            Some(Data::String(text)) if is_suppression_mark(text) => Ok(None),
            None | Some(Data::Empty) => Err(bad(String::new())),
            Some(_) => Err(bad(self.sheet.text(row_index, column_index))),
        }
    }

    fn resolve_area(
        &self,
        area: &AreaCursor,
        row_index: u32,
        columns: &Columns,
    ) -> Result<(String, String), ImportError<NdbProblem>> {
        let Some(block_name) = area.block_name.clone() else {
            return Err(self.fail(row_index, 0, NdbProblem::MissingArea));
        };
        match columns.area_level {
            AreaLevel::SecondaryMedicalArea => {
                if block_name == SECONDARY_AREA_UNKNOWN {
                    return Ok((String::new(), block_name));
                }
                match (&area.code, &area.name) {
                    (Some(code), Some(name)) => Ok((code.clone(), name.clone())),
                    _ => Err(self.fail(row_index, 1, NdbProblem::MissingArea)),
                }
            }
            _ => {
                if block_name == PREFECTURE_UNKNOWN {
                    return Ok((String::new(), block_name));
                }
                let code = prefecture::code_of(&block_name).ok_or_else(|| {
                    self.fail(
                        area.block_row_index,
                        0,
                        NdbProblem::UnknownPrefecture {
                            found: block_name.clone(),
                        },
                    )
                })?;
                Ok((code.to_string(), block_name))
            }
        }
    }
}

/// Forward-fill state: the area names appear only on the first row of their block.
#[derive(Default)]
struct AreaCursor {
    block_name: Option<String>,
    block_row_index: u32,
    code: Option<String>,
    name: Option<String>,
}

impl AreaCursor {
    fn advance(&mut self, sheet: &Sheet, row_index: u32, columns: &Columns) {
        let block_name = sheet.text(row_index, 0);
        if !block_name.is_empty() {
            self.block_name = Some(block_name);
            self.block_row_index = row_index;
            self.code = None;
            self.name = None;
        }
        if columns.area_level == AreaLevel::SecondaryMedicalArea {
            let code = sheet.text(row_index, 1);
            if !code.is_empty() {
                self.code = Some(code);
            }
            let name = sheet.text(row_index, 2);
            if !name.is_empty() {
                self.name = Some(name);
            }
        }
    }
}

/// Within each area, numeric bins must tile the line: open below, contiguous, open above.
fn check_bins_contiguous(records: &[Record]) -> Result<(), NdbProblem> {
    let mut area_names: Vec<&str> = records.iter().map(|r| r.area_name.as_str()).collect();
    area_names.dedup();
    for area_name in area_names {
        let mut bins: Vec<&Bin> = Vec::new();
        for record in records.iter().filter(|r| r.area_name == area_name) {
            if !bins.iter().any(|b| b.label == record.bin.label) {
                bins.push(&record.bin);
            }
        }
        let categorical = bins.iter().filter(|b| b.is_categorical()).count();
        if categorical == bins.len() {
            continue;
        }
        let mismatch = |detail: Contiguity| NdbProblem::BinsNotContiguous {
            area_name: area_name.to_string(),
            detail,
        };
        if categorical > 0 {
            return Err(mismatch(Contiguity::MixedNumericAndCategorical));
        }
        let sorted: Vec<&Bin> = lower_edge_order(bins.iter().copied())
            .into_iter()
            .map(|i| bins[i])
            .collect();
        for pair in sorted.windows(2) {
            let (low, high) = (pair[0], pair[1]);
            let touching =
                matches!((low.upper, high.lower), (Some(a), Some(b)) if (a - b).abs() < 1e-9);
            if !touching {
                return Err(mismatch(Contiguity::Gap {
                    low: low.label.clone(),
                    high: high.label.clone(),
                }));
            }
        }
    }
    Ok(())
}

fn strip_one_bracket_pair(item: &str) -> &str {
    let item = item.strip_prefix(['（', '(']).unwrap_or(item);
    item.strip_suffix([')', '）']).unwrap_or(item).trim()
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Problem;

    // What these errors say is tested with the words, in `view::messages`.
    #[test]
    fn oversized_files_are_refused_before_reading() {
        let error = import_user_workbook(&vec![0; MAX_WORKBOOK_BYTES + 1], "big.xlsx").unwrap_err();
        assert!(matches!(
            error.problem,
            Problem::TooLarge(TooLarge {
                kind: SizeLimit::NdbWorkbook,
                ..
            })
        ));
    }

    #[test]
    fn garbage_bytes_are_a_clear_error() {
        let error = import_workbook(b"not a zip at all", "junk.xlsx", "第10回").unwrap_err();
        assert!(matches!(error.problem, NdbProblem::NotAWorkbook { .. }));
        assert_eq!(
            (error.file_name.as_str(), &error.place),
            ("junk.xlsx", &Place::File)
        );
    }
}
