//! Importer for the ministry's 各項目の平均値 workbooks (都道府県別 and 二次医療圏別, releases
//! 1–9): the mean of every item per area, sex and age band.
//!
//! Layout (the same in every release, checked against the files in `data/ndb/`): row 1 is a
//! title 「特定健診 平均値：H25年度」 (some releases leave a reading after it: 「H29年度ヘイキンチ」);
//! row 2 names the columns — 都道府県, for secondary medical areas 二次医療圏番号 and
//! 二次医療圏名, then 検査項目; row 3 男/女; row 4 the seven age bands and 中計 per sex; row 5
//! 平均; data from row 6, one row per area and item, the area written on its block's first row
//! only (a secondary medical area by its code and name; its prefecture's name stands on the
//! prefecture's first area only). The last block is 全国. Items are named with a unit (「収縮期血圧[mmHg]」) or short
//! (「ＨＤＬ」, 「ＧＯＴ」); items Renkei has no indicator for (ヘモグロビン) are listed, not read.

use std::collections::HashSet;

use calamine::Data;

use crate::import::cells::{is_suppression_mark, parse_fiscal_year};
use crate::import::ndb::{first_sheet, NdbProblem, Sheet};
use crate::import::{CellRef, ImportError, Place};
use crate::model::indicator::{self, Indicator};
use crate::model::prefecture::{self, PREFECTURE_UNKNOWN, SECONDARY_AREA_UNKNOWN};
use crate::model::published_mean::{PublishedMean, PublishedMeans};
use crate::model::text::to_ascii_width;
use crate::model::{AgeBand, AreaLevel, Provenance, Sex, NDB_AGE_BANDS, NDB_PUBLISHER};

const FIRST_DATA_ROW_INDEX: u32 = 5;
/// Per sex: seven age-band columns then 中計.
const COLUMNS_PER_SEX: u32 = 8;
/// The workbooks' name of the whole country's block.
const NATIONAL: &str = "全国";
/// Items the means workbooks publish that Renkei has no indicator for.
const ITEMS_WITHOUT_INDICATOR: [&str; 1] = ["ヘモグロビン"];

/// Why a means workbook was refused: what any NDB workbook may get wrong, or a mean. A type of
/// its own, so the reader workers, which never read means, link none of its words.
#[derive(Debug, Clone, PartialEq)]
pub enum MeansProblem {
    Workbook(NdbProblem),
    /// A cell that is neither a number, a suppression mark nor blank.
    BadMean {
        found: String,
    },
}

impl From<NdbProblem> for MeansProblem {
    fn from(problem: NdbProblem) -> Self {
        MeansProblem::Workbook(problem)
    }
}

/// A means workbook read.
#[derive(Debug, Clone)]
pub struct NdbMeans {
    pub means: PublishedMeans,
    pub fiscal_year: i32,
    /// Prefecture or secondary medical area (the 全国 rows are `National` in either).
    pub area_level: AreaLevel,
}

/// Reads one 各項目の平均値 workbook; `release` is cited with its means.
pub fn import_means_workbook(
    bytes: &[u8],
    file_name: &str,
    release: &str,
) -> Result<NdbMeans, ImportError<MeansProblem>> {
    let range = first_sheet(bytes)
        .map_err(|problem| ImportError::new(file_name, Place::File, problem.into()))?;
    let parser = MeansParser {
        sheet: Sheet { range: &range },
        file_name,
    };
    parser.parse(release)
}

struct MeansParser<'a> {
    sheet: Sheet<'a>,
    file_name: &'a str,
}

/// Where the parts of a layout sit.
struct Columns {
    area_level: AreaLevel,
    item: u32,
    first_value: u32,
}

impl MeansParser<'_> {
    fn fail(
        &self,
        row_index: u32,
        column_index: u32,
        problem: impl Into<MeansProblem>,
    ) -> ImportError<MeansProblem> {
        ImportError::new(
            self.file_name,
            Place::Cell(CellRef {
                row_index,
                column_index,
            }),
            problem.into(),
        )
    }

    fn parse(&self, release: &str) -> Result<NdbMeans, ImportError<MeansProblem>> {
        let fiscal_year = self.read_title()?;
        let columns = self.read_header()?;
        let mut means = Vec::new();
        // (item, area) of every row read: an area listing an item twice is refused.
        let mut rows_read = HashSet::new();
        // (area level, code, name) of the block being read.
        let mut area: Option<(AreaLevel, String, String)> = None;
        for row_index in FIRST_DATA_ROW_INDEX..self.sheet.height() {
            let item_text = self.sheet.text(row_index, columns.item);
            if item_text.is_empty() {
                continue; // blank or footnote row
            }
            if let Some(found) = self.area_starting_at(row_index, &columns)? {
                area = Some(found);
            }
            let Some((area_level, area_code, area_name)) = &area else {
                return Err(self.fail(row_index, 0, NdbProblem::MissingArea));
            };
            let Some(indicator) = self.item(row_index, columns.item, &item_text)? else {
                continue;
            };
            let row_key = (
                indicator.id,
                *area_level,
                area_code.clone(),
                area_name.clone(),
            );
            if !rows_read.insert(row_key) {
                return Err(self.fail(row_index, columns.item, NdbProblem::RepeatedRow));
            }
            for (sex_index, sex) in Sex::BOTH.into_iter().enumerate() {
                let block_start = columns.first_value + sex_index as u32 * COLUMNS_PER_SEX;
                let bands = NDB_AGE_BANDS.into_iter().chain([AgeBand::SUBTOTAL]);
                for (offset, age_band) in bands.enumerate() {
                    let mean = self.read_mean(row_index, block_start + offset as u32)?;
                    means.push(PublishedMean {
                        year: fiscal_year,
                        area_level: *area_level,
                        area_code: area_code.clone(),
                        area_name: area_name.clone(),
                        sex,
                        age_band,
                        indicator: indicator.id.to_string(),
                        mean,
                    });
                }
            }
        }
        if means.is_empty() {
            return Err(ImportError::new(
                self.file_name,
                Place::File,
                NdbProblem::NoDataRows.into(),
            ));
        }
        Ok(NdbMeans {
            means: PublishedMeans {
                provenance: Provenance {
                    publisher: NDB_PUBLISHER.to_string(),
                    release: release.to_string(),
                    source_files: vec![self.file_name.to_string()],
                    fictional: false,
                },
                means,
            },
            fiscal_year,
            area_level: columns.area_level,
        })
    }

    /// Title 「特定健診 平均値：2021年度」 → the fiscal year.
    fn read_title(&self) -> Result<i32, ImportError<MeansProblem>> {
        let title = self.sheet.text(0, 0);
        let not_means = || {
            self.fail(
                0,
                0,
                NdbProblem::NotNdbTitle {
                    found: title.chars().take(40).collect(),
                },
            )
        };
        let rest = title.strip_prefix("特定健診").ok_or_else(not_means)?;
        let (what, year) = rest.split_once(['：', ':']).ok_or_else(not_means)?;
        if !what.contains("平均値") {
            return Err(not_means());
        }
        parse_fiscal_year(year).ok_or_else(|| {
            self.fail(
                0,
                0,
                NdbProblem::UnreadableYear {
                    found: year.chars().take(40).collect(),
                },
            )
        })
    }

    fn read_header(&self) -> Result<Columns, ImportError<MeansProblem>> {
        let expect = |row_index: u32, column_index: u32, wanted: &str| {
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
                item: 3,
                first_value: 4,
            }
        } else {
            Columns {
                area_level: AreaLevel::Prefecture,
                item: 1,
                first_value: 2,
            }
        };
        expect(1, columns.item, "検査項目")?;
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
                            expected: format!("{}〜{}歳", age_band.from_years, age_band.to_years),
                            found,
                        },
                    ));
                }
                expect(4, column_index, "平均")?;
            }
            let subtotal_column = block_start + NDB_AGE_BANDS.len() as u32;
            expect(3, subtotal_column, "中計")?;
            expect(4, subtotal_column, "平均")?;
        }
        Ok(columns)
    }

    /// The area whose block starts on this row, if one does.
    fn area_starting_at(
        &self,
        row_index: u32,
        columns: &Columns,
    ) -> Result<Option<(AreaLevel, String, String)>, ImportError<MeansProblem>> {
        let block_name = self.sheet.text(row_index, 0);
        let secondary = columns.area_level == AreaLevel::SecondaryMedicalArea;
        // A secondary medical area starts where its code is written; the prefecture's name
        // stands on its first area only.
        let starts =
            !block_name.is_empty() || (secondary && !self.sheet.text(row_index, 1).is_empty());
        if !starts {
            return Ok(None);
        }
        if block_name == NATIONAL {
            return Ok(Some((AreaLevel::National, String::new(), block_name)));
        }
        match columns.area_level {
            AreaLevel::SecondaryMedicalArea => {
                // Some releases leave a reading after the name (「二次医療圏不明ニ」).
                if block_name.starts_with("二次医療圏不明")
                    || block_name.starts_with(SECONDARY_AREA_UNKNOWN)
                {
                    let name = SECONDARY_AREA_UNKNOWN.to_string();
                    return Ok(Some((columns.area_level, String::new(), name)));
                }
                let (code, name) = (self.sheet.text(row_index, 1), self.sheet.text(row_index, 2));
                if code.is_empty() || name.is_empty() {
                    return Err(self.fail(row_index, 1, NdbProblem::MissingArea));
                }
                Ok(Some((columns.area_level, code, name)))
            }
            _ => {
                if block_name == PREFECTURE_UNKNOWN {
                    return Ok(Some((columns.area_level, String::new(), block_name)));
                }
                let code = prefecture::code_of(&block_name).ok_or_else(|| {
                    self.fail(
                        row_index,
                        0,
                        NdbProblem::UnknownPrefecture {
                            found: block_name.clone(),
                        },
                    )
                })?;
                Ok(Some((columns.area_level, code.to_string(), block_name)))
            }
        }
    }

    /// The indicator an item label names; `None` for an item without one (ヘモグロビン).
    fn item(
        &self,
        row_index: u32,
        column_index: u32,
        label: &str,
    ) -> Result<Option<&'static Indicator>, ImportError<MeansProblem>> {
        // 「収縮期血圧[mmHg]」: the unit in brackets is not part of the name.
        let name = label.split('[').next().unwrap_or(label).trim();
        if ITEMS_WITHOUT_INDICATOR.contains(&name) {
            return Ok(None);
        }
        // Short names, and names with what they mean in brackets (「HbA1C（NGSP）」).
        let ascii = to_ascii_width(name);
        let short = match ascii.split('(').next().unwrap_or_default().trim() {
            "HDL" => Some("hdl"),
            "LDL" => Some("ldl"),
            "GOT" => Some("ast"),
            "GPT" => Some("alt"),
            "γ-GTP" | "γ-GT" => Some("ggt"),
            "HbA1C" | "HbA1c" => Some("hba1c"),
            _ => None,
        };
        short
            .and_then(indicator::by_id)
            .or_else(|| indicator::by_ndb_name(name))
            .map(Some)
            .ok_or_else(|| {
                self.fail(
                    row_index,
                    column_index,
                    NdbProblem::UnknownItem {
                        item: label.to_string(),
                    },
                )
            })
    }

    /// A mean cell: a finite number, or `None` when suppressed or blank (a stratum where no
    /// one had the item measured: small secondary areas' creatinine, random glucose).
    fn read_mean(
        &self,
        row_index: u32,
        column_index: u32,
    ) -> Result<Option<f64>, ImportError<MeansProblem>> {
        match self.sheet.cell(row_index, column_index) {
            Some(Data::Float(value)) if value.is_finite() => Ok(Some(*value)),
            Some(Data::Int(value)) => Ok(Some(*value as f64)),
            Some(Data::String(text)) if is_suppression_mark(text) || text.trim().is_empty() => {
                Ok(None)
            }
            None | Some(Data::Empty) => Ok(None),
            // Some releases store the means as text.
            Some(Data::String(text)) => match text.trim().parse::<f64>() {
                Ok(value) if value.is_finite() => Ok(Some(value)),
                _ => Err(self.bad_mean(row_index, column_index)),
            },
            _ => Err(self.bad_mean(row_index, column_index)),
        }
    }

    fn bad_mean(&self, row_index: u32, column_index: u32) -> ImportError<MeansProblem> {
        let found = self.sheet.text(row_index, column_index);
        self.fail(row_index, column_index, MeansProblem::BadMean { found })
    }
}
