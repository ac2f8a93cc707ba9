//! Importer for the ministry's NDB open data 特定健診 workbooks (性年齢階級別分布), exactly as
//! published: 都道府県別 and 二次医療圏別 layouts, releases 3 to 10.
//!
//! Layout (checked against the real files in `data/ndb/`): row 1 is a title
//! 「特定健診（収縮期血圧)：2022年度 …」; rows 2–5 are a merged header (area | 検査値階層 | 男/女 →
//! seven age bands and 中計 → 人数); data start at row 6. The area name appears only on the
//! first bin row of its block (forward-filled here). Secondary-medical-area files insert a
//! four-digit area code and the area name before the bin column. Bins run from high to low.
//! Suppressed cells hold `-`. The importer takes bytes, never a path, so the browser can use it.

use std::fmt;
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};

use crate::model::indicator::{self, Indicator};
use crate::model::prefecture::{self, PREFECTURE_UNKNOWN, SECONDARY_AREA_UNKNOWN};
use crate::model::{
    to_ascii_width, AgeBand, AreaLevel, Bin, Dataset, Provenance, Record, Sex, GROUP_ALL,
    NDB_AGE_BANDS,
};
use crate::view::language::{Language, Message};

/// Publisher line cited under every figure drawn from these workbooks.
pub const NDB_PUBLISHER: &str = "厚生労働省 NDBオープンデータ";

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

/// Why a workbook was refused, and where: [`ImportError::message`].
#[derive(Debug, Clone, PartialEq)]
pub struct ImportError {
    pub file_name: String,
    pub cell: Option<CellRef>,
    pub problem: Problem,
}

/// A cell as a spreadsheet user names it: row 6, column B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRef {
    pub row_index: u32,
    pub column_index: u32,
}

impl CellRef {
    pub fn row_number(self) -> u32 {
        self.row_index + 1
    }

    /// Excel column letters: 0 → A, 25 → Z, 26 → AA.
    pub fn column_letters(self) -> String {
        let mut letters = Vec::new();
        let mut n = self.column_index + 1;
        while n > 0 {
            let rem = (n - 1) % 26;
            letters.push(char::from(b'A' + rem as u8));
            n = (n - 1) / 26;
        }
        letters.iter().rev().collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    NotAWorkbook {
        detail: String,
    },
    NoSheet,
    NotNdbTitle {
        found: String,
    },
    MeansNotDistribution,
    /// `reason` in Japanese and English.
    UnsupportedLayout {
        item: String,
        reason: [&'static str; 2],
    },
    UnknownItem {
        item: String,
    },
    UnreadableYear {
        found: String,
    },
    BadHeader {
        expected: String,
        found: String,
    },
    UnknownPrefecture {
        found: String,
    },
    MissingArea,
    BadBin {
        found: String,
    },
    BinsNotContiguous {
        area_name: String,
        detail: Message,
    },
    BadCount {
        found: String,
    },
    SubtotalMismatch {
        age_sum: u64,
        subtotal: u64,
    },
    NoDataRows,
}

impl ImportError {
    fn at(file_name: &str, cell: Option<CellRef>, problem: Problem) -> ImportError {
        ImportError {
            file_name: file_name.to_string(),
            cell,
            problem,
        }
    }

    /// The message a council member reads: file, row and column, what was found and what was expected.
    pub fn message(&self) -> Message {
        let (japanese, english) = self.problem.texts();
        match self.cell {
            Some(cell) => {
                let (row, column) = (cell.row_number(), cell.column_letters());
                Message::new(
                    format!("{}（{row}行目・{column}列）：{japanese}", self.file_name),
                    format!("{} (row {row}, column {column}): {english}", self.file_name),
                )
            }
            None => Message::new(japanese, english).about(&self.file_name),
        }
    }
}

impl Problem {
    /// What is wrong, in Japanese and in English.
    fn texts(&self) -> (String, String) {
        match self {
            Problem::NotAWorkbook { detail } => (
                format!("Excel ブック（.xlsx）として読めません。ファイルが壊れているか、別の形式です（{detail}）。"),
                format!("It cannot be read as an Excel workbook (.xlsx): the file is damaged or of another kind ({detail})."),
            ),
            Problem::NoSheet => ("シートがありません。".into(), "The workbook has no sheet.".into()),
            Problem::NotNdbTitle { found } => (
                format!("NDBオープンデータ（特定健診）の様式ではないようです。1行目に「特定健診（項目名）：年度」の表題を期待しましたが「{found}」でした。"),
                format!("This does not look like an NDB open data checkup table. Row 1 should hold a title like 「特定健診（項目名）：年度」, but holds “{found}”."),
            ),
            Problem::MeansNotDistribution => (
                "これは「各項目の平均値」の表です。読み込めるのは検査値階層ごとの人数の表（性年齢階級別分布）です。".into(),
                "This is the table of means. Renkei reads the tables of people per value band (性年齢階級別分布).".into(),
            ),
            Problem::UnsupportedLayout { item, reason } => (
                format!("「{item}」の表にはまだ対応していません（{}）。", reason[0]),
                format!("The table of “{item}” is not supported yet ({}).", reason[1]),
            ),
            Problem::UnknownItem { item } => {
                let names = |language: Language| {
                    indicator::INDICATORS
                        .iter()
                        .map(|i| i.name(language))
                        .collect::<Vec<_>>()
                        .join(language.list_separator())
                };
                (
                    format!(
                        "項目「{item}」にはまだ対応していません。対応している項目：{}。",
                        names(Language::Japanese)
                    ),
                    format!(
                        "The item “{item}” is not supported yet. Items supported: {}.",
                        names(Language::English)
                    ),
                )
            }
            Problem::UnreadableYear { found } => (
                format!("表題から年度を読み取れません（「{found}」）。「2022年度」「H27年度」のような年度を期待しました。"),
                format!("The fiscal year cannot be read from the title (“{found}”); a year like 「2022年度」 or 「H27年度」 was expected."),
            ),
            Problem::BadHeader { expected, found } => (
                format!("見出しが NDBオープンデータの様式と違います。「{expected}」を期待しましたが「{found}」でした。"),
                format!("The header differs from the NDB open data layout: “{expected}” was expected, “{found}” was found."),
            ),
            Problem::UnknownPrefecture { found } => (
                format!("「{found}」は都道府県名として認識できません。"),
                format!("“{found}” is not a prefecture name."),
            ),
            Problem::MissingArea => (
                "地域名がありません。各地域の最初の階層の行に地域名が必要です。".into(),
                "An area name is missing: the first band row of each area needs one.".into(),
            ),
            Problem::BadBin { found } => (
                format!("検査値階層「{found}」を読めません。「140以上160未満」「120未満」「180以上」のような階層を期待しました。"),
                format!("The value band “{found}” cannot be read; bands like 「140以上160未満」, 「120未満」 or 「180以上」 were expected."),
            ),
            Problem::BinsNotContiguous { area_name, detail } => (
                format!("「{area_name}」の検査値階層が連続していません（{}）。", detail.text(Language::Japanese)),
                format!("The value bands of “{area_name}” are not contiguous ({}).", detail.text(Language::English)),
            ),
            Problem::BadCount { found } => (
                format!("人数として読めません：「{found}」。0以上の整数か、秘匿を表す「-」を期待しました。"),
                format!("“{found}” is not a count: a whole number of 0 or more, or “-” (suppressed), was expected."),
            ),
            Problem::SubtotalMismatch { age_sum, subtotal } => (
                format!("7つの年齢階級の人数の合計（{age_sum}）が中計（{subtotal}）と一致しません。ファイルが編集されていないか確認してください。"),
                format!("The seven age bands add up to {age_sum}, but the subtotal (中計) says {subtotal}. Check whether the file was edited."),
            ),
            Problem::NoDataRows => (
                "6行目以降にデータ行がありません。".into(),
                "There are no data rows from row 6 on.".into(),
            ),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message().text(Language::Japanese))
    }
}

impl std::error::Error for ImportError {}

/// Workbooks larger than this are refused before reading: the ministry's largest
/// (二次医療圏別 CGA分類) is 0.5 MB, so 30 MB is no NDB table and would only freeze the tab.
pub const MAX_WORKBOOK_BYTES: usize = 30 * 1024 * 1024;

/// A workbook a user opened in the browser: size-checked, imported and handed back as canonical
/// Arrow IPC (what the page reads). The release is unknown, so the citation names the file.
pub fn user_workbook_to_arrow(bytes: &[u8], file_name: &str) -> Result<Vec<u8>, Message> {
    if bytes.len() > MAX_WORKBOOK_BYTES {
        return Err(too_large_message(file_name, bytes.len()));
    }
    let workbook = import_workbook(bytes, file_name, "").map_err(|error| error.message())?;
    crate::import::arrow_io::write_ipc_file(&workbook.dataset)
        .map_err(|error| crate::import::arrow_io::not_converted(file_name, &error))
}

/// The message for a file over [`MAX_WORKBOOK_BYTES`], checked before its bytes are even read.
pub fn too_large_message(file_name: &str, byte_count: usize) -> Message {
    let (megabytes, limit) = (
        byte_count as f64 / 1_048_576.0,
        MAX_WORKBOOK_BYTES / 1_048_576,
    );
    Message::new(
        format!("ファイルが大きすぎます（{megabytes:.1} MB）。NDBオープンデータの表は通常 2 MB 未満です（上限 {limit} MB）。"),
        format!("The file is too large ({megabytes:.1} MB). NDB open data tables are usually under 2 MB (at most {limit} MB)."),
    )
    .about(file_name)
}

/// Reads one NDB 特定健診 distribution workbook. `release` is the series release the file
/// belongs to (e.g. 「第10回」): the workbooks do not state it themselves.
pub fn import_workbook(
    bytes: &[u8],
    file_name: &str,
    release: &str,
) -> Result<NdbWorkbook, ImportError> {
    let fail = |cell: Option<CellRef>, problem| ImportError::at(file_name, cell, problem);
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|error| {
        fail(
            None,
            Problem::NotAWorkbook {
                detail: error.to_string(),
            },
        )
    })?;
    let sheet_name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| fail(None, Problem::NoSheet))?;
    let range = workbook.worksheet_range(&sheet_name).map_err(|error| {
        fail(
            None,
            Problem::NotAWorkbook {
                detail: error.to_string(),
            },
        )
    })?;
    let sheet = Sheet { range: &range };
    Parser { sheet, file_name }.parse(release)
}

struct Sheet<'a> {
    range: &'a Range<Data>,
}

impl Sheet<'_> {
    fn cell(&self, row_index: u32, column_index: u32) -> Option<&Data> {
        self.range.get_value((row_index, column_index))
    }

    /// Text of a cell as shown, trimmed; numbers as written (`0`, `18.5`); empty when blank.
    fn text(&self, row_index: u32, column_index: u32) -> String {
        match self.cell(row_index, column_index) {
            None | Some(Data::Empty) => String::new(),
            Some(Data::String(text)) => text.trim().to_string(),
            Some(Data::Int(value)) => value.to_string(),
            Some(Data::Float(value)) => indicator::format_value(*value),
            Some(other) => other.to_string().trim().to_string(),
        }
    }

    fn height(&self) -> u32 {
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
    fn fail(&self, row_index: u32, column_index: u32, problem: Problem) -> ImportError {
        ImportError::at(
            self.file_name,
            Some(CellRef {
                row_index,
                column_index,
            }),
            problem,
        )
    }

    fn parse(&self, release: &str) -> Result<NdbWorkbook, ImportError> {
        let (indicator, fiscal_year) = self.read_title()?;
        let columns = self.read_header()?;

        let mut records = Vec::new();
        let mut subtotals = Vec::new();
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
                    Problem::BadBin {
                        found: "（空欄）".into(),
                    },
                ));
            }
            let bin = parse_bin_label(&bin_text).ok_or_else(|| {
                self.fail(
                    row_index,
                    columns.bin,
                    Problem::BadBin {
                        found: bin_text.clone(),
                    },
                )
            })?;

            for (sex_index, sex) in Sex::BOTH.into_iter().enumerate() {
                let block_start = columns.first_value + sex_index as u32 * COLUMNS_PER_SEX;
                let mut age_sum = 0u64;
                let mut any_suppressed = false;
                for (age_index, age_band) in NDB_AGE_BANDS.into_iter().enumerate() {
                    let column_index = block_start + age_index as u32;
                    let count_people = self.read_count(row_index, column_index)?;
                    match count_people {
                        Some(count) => age_sum += count,
                        None => {
                            any_suppressed = true;
                            suppressed_cell_count += 1;
                        }
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
                    });
                }
                let subtotal_column = block_start + NDB_AGE_BANDS.len() as u32;
                let subtotal = self.read_count(row_index, subtotal_column)?;
                match subtotal {
                    None => suppressed_cell_count += 1,
                    Some(subtotal) if !any_suppressed && subtotal != age_sum => {
                        return Err(self.fail(
                            row_index,
                            subtotal_column,
                            Problem::SubtotalMismatch { age_sum, subtotal },
                        ));
                    }
                    Some(_) => {}
                }
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
            return Err(ImportError::at(self.file_name, None, Problem::NoDataRows));
        }
        check_bins_contiguous(&records)
            .map_err(|problem| ImportError::at(self.file_name, None, problem))?;

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
            suppressed_cell_count,
        })
    }

    /// Title 「特定健診（収縮期血圧)：2022年度　※…」 → (indicator, fiscal year).
    fn read_title(&self) -> Result<(&'static Indicator, i32), ImportError> {
        let title = self.sheet.text(0, 0);
        let not_ndb = || {
            self.fail(
                0,
                0,
                Problem::NotNdbTitle {
                    found: shorten(&title),
                },
            )
        };
        let rest = title.strip_prefix("特定健診").ok_or_else(not_ndb)?;
        let (item_part, year_part) = rest.split_once(['：', ':']).ok_or_else(not_ndb)?;
        let item = strip_one_bracket_pair(item_part.trim());
        if item.contains("平均値") {
            return Err(self.fail(0, 0, Problem::MeansNotDistribution));
        }
        if item.contains("ヘモグロビン") {
            return Err(self.fail(
                0,
                0,
                Problem::UnsupportedLayout {
                    item: item.to_string(),
                    reason: [
                        "男女で検査値階層が異なり、男女の表が横に並ぶ様式のため",
                        "its value bands differ by sex, and the sexes' tables sit side by side",
                    ],
                },
            ));
        }
        if item.contains("CGA") {
            return Err(self.fail(
                0,
                0,
                Problem::UnsupportedLayout {
                    item: item.to_string(),
                    reason: [
                        "見出しが1行多く、48区分の列を持つ様式のため",
                        "its header has one more row and 48 columns of categories",
                    ],
                },
            ));
        }
        let indicator = indicator::by_ndb_name(item).ok_or_else(|| {
            self.fail(
                0,
                0,
                Problem::UnknownItem {
                    item: item.to_string(),
                },
            )
        })?;
        let fiscal_year = parse_fiscal_year(year_part).ok_or_else(|| {
            self.fail(
                0,
                0,
                Problem::UnreadableYear {
                    found: shorten(year_part),
                },
            )
        })?;
        Ok((indicator, fiscal_year))
    }

    fn read_header(&self) -> Result<Columns, ImportError> {
        let expect = |row_index: u32, column_index: u32, wanted: &str| -> Result<(), ImportError> {
            let found = self.sheet.text(row_index, column_index);
            if found.replace(['\n', ' '], "").contains(wanted) {
                Ok(())
            } else {
                Err(self.fail(
                    row_index,
                    column_index,
                    Problem::BadHeader {
                        expected: wanted.to_string(),
                        found: if found.is_empty() {
                            "（空欄）".to_string()
                        } else {
                            found
                        },
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
                        Problem::BadHeader {
                            expected: age_band.label(Language::Japanese),
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
    fn read_count(&self, row_index: u32, column_index: u32) -> Result<Option<u64>, ImportError> {
        let bad = |found: String| self.fail(row_index, column_index, Problem::BadCount { found });
        match self.sheet.cell(row_index, column_index) {
            Some(Data::Int(value)) if *value >= 0 => Ok(Some(*value as u64)),
            Some(Data::Float(value)) if *value >= 0.0 && value.fract() == 0.0 && *value < 1e15 => {
                Ok(Some(*value as u64))
            }
            Some(Data::String(text)) if is_suppression_mark(text) => Ok(None),
            None | Some(Data::Empty) => Err(bad("（空欄）".to_string())),
            Some(_) => Err(bad(self.sheet.text(row_index, column_index))),
        }
    }

    fn resolve_area(
        &self,
        area: &AreaCursor,
        row_index: u32,
        columns: &Columns,
    ) -> Result<(String, String), ImportError> {
        let Some(block_name) = area.block_name.clone() else {
            return Err(self.fail(row_index, 0, Problem::MissingArea));
        };
        match columns.area_level {
            AreaLevel::SecondaryMedicalArea => {
                if block_name == SECONDARY_AREA_UNKNOWN {
                    return Ok((String::new(), block_name));
                }
                match (&area.code, &area.name) {
                    (Some(code), Some(name)) => Ok((code.clone(), name.clone())),
                    _ => Err(self.fail(row_index, 1, Problem::MissingArea)),
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
                        Problem::UnknownPrefecture {
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
        Some((number, rest)) => (Some(parse_edge(number)?), rest),
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

/// Within each area, numeric bins must tile the line: open below, contiguous, open above.
fn check_bins_contiguous(records: &[Record]) -> Result<(), Problem> {
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
        let mismatch = |detail: Message| Problem::BinsNotContiguous {
            area_name: area_name.to_string(),
            detail,
        };
        if categorical > 0 {
            return Err(mismatch(Message::new(
                "数値の階層と数値でない階層が混在しています",
                "numeric and non-numeric bands are mixed",
            )));
        }
        bins.sort_by(|a, b| {
            a.lower
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&b.lower.unwrap_or(f64::NEG_INFINITY))
        });
        for pair in bins.windows(2) {
            let (low, high) = (pair[0], pair[1]);
            let touching =
                matches!((low.upper, high.lower), (Some(a), Some(b)) if (a - b).abs() < 1e-9);
            if !touching {
                return Err(mismatch(Message::new(
                    format!("「{}」の次が「{}」", low.label, high.label),
                    format!("“{}” is followed by “{}”", low.label, high.label),
                )));
            }
        }
    }
    Ok(())
}

/// 「2022年度」 → 2022, 「H27年度」/「平成27年度」 → 2015, 「R4年度」/「令和4年度」 → 2022.
pub fn parse_fiscal_year(text: &str) -> Option<i32> {
    let text = to_ascii_width(text);
    let head = text.trim().split("年度").next()?.trim();
    let (era_base, digits) =
        if let Some(rest) = head.strip_prefix("平成").or_else(|| head.strip_prefix('H')) {
            (1988, rest)
        } else if let Some(rest) = head.strip_prefix("令和").or_else(|| head.strip_prefix('R')) {
            (2018, rest)
        } else {
            (0, head)
        };
    let number: i32 = digits.trim().parse().ok()?;
    let year = era_base + number;
    (1990..=2100).contains(&year).then_some(year)
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
        check_bin("12.1以上13.0以下", Some(12.1), Some(13.1));
        check_bin("＋＋", None, None);
        check_bin("所見あり", None, None);
    }

    #[test]
    fn malformed_bin_labels_are_refused() {
        for label in ["", "160以上140未満", "140から160", "1.2.3以上", "以上", "0"] {
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

    #[test]
    fn column_letters_like_excel() {
        let letters = |column_index| {
            CellRef {
                row_index: 0,
                column_index,
            }
            .column_letters()
        };
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(17), "R");
    }

    #[test]
    fn oversized_files_are_refused_before_reading() {
        let error =
            user_workbook_to_arrow(&vec![0; MAX_WORKBOOK_BYTES + 1], "big.xlsx").unwrap_err();
        let message = error.text(Language::Japanese);
        assert!(
            message.starts_with("big.xlsx：ファイルが大きすぎます（30.0 MB）"),
            "{message}"
        );
    }

    #[test]
    fn garbage_bytes_are_a_clear_error() {
        let error = import_workbook(b"not a zip at all", "junk.xlsx", "第10回").unwrap_err();
        assert!(matches!(error.problem, Problem::NotAWorkbook { .. }));
        let message = error.message();
        let japanese = message.text(Language::Japanese);
        assert!(japanese.starts_with("junk.xlsx："), "{japanese}");
        assert!(japanese.contains("Excel ブック"));
        let english = message.text(Language::English);
        assert!(english.starts_with("junk.xlsx: "), "{english}");
        assert!(english.contains("Excel workbook"));
    }
}
