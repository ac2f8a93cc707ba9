//! What one file may hold, checked in the reader workers before the page sees a record: a
//! crafted file must not freeze the page (a stratum of 30,000 bins, 20,000 groups) or make it lie
//! (a count that wraps a total, a bin of zero width). Each limit is far above what real files
//! hold (`docs/data-format.md` gives the real figures beside them).

/// Rows (cells) of one file: NDB's largest workbook converted has about 110,000; a data team's
/// file of every secondary medical area, item and fiscal year about 2 million. The page holds
/// each row as a record (about 200 bytes), so 5 million is about 1 GB of the tab's memory.
pub const MAX_ROWS: usize = 5_000_000;

/// Files one link may name with `data=` (a link naming more fetches none): a council's files
/// are one per insurer type and fiscal year, a few dozen at most.
pub const MAX_FILES: usize = 50;

/// How long a reader may send nothing — neither a progress report nor an answer — before the
/// page takes it to be stuck, ends it and names the file. Real files answer within seconds here
/// (a 100 MB CSV reports its progress every 20,000 rows); two minutes leaves a slow office PC
/// room for the longest silent step (reading a large workbook or Parquet file whole).
pub const READER_SILENCE_LIMIT_MS: i32 = 120_000;

/// Columns of a wide table: NDB's sheets have 18 (two sexes × seven age bands, their totals,
/// the area and the bin).
pub const MAX_WIDE_COLUMNS: usize = 500;

/// Groups (地域, 職域, insurer types…) of one file: real files have two to ten.
pub const MAX_GROUPS: usize = 50;

/// Areas of one file: Japan has 1,741 municipalities, 335 secondary medical areas (NDB) and 47
/// prefectures, 2,124 together.
pub const MAX_AREAS: usize = 5_000;

/// Fiscal years of one file: NDB publishes ten (FY2013–FY2022).
pub const MAX_YEARS: usize = 50;

/// Bins of one stratum: NDB's items have at most 10.
pub const MAX_BINS_PER_STRATUM: usize = 100;

/// Characters of a name, code, group or bin label: the longest secondary medical area name is
/// under 20.
pub const MAX_TEXT_CHARS: usize = 200;

/// Cells a workbook's sheet may span (rows × columns from its first used cell to its last): the
/// ministry's largest sheet spans about 200,000.
pub const MAX_SHEET_CELLS: u64 = 5_000_000;

/// People in one cell: more than Japan's population (126 million), so no real count is refused
/// and a sum of every cell of a file cannot overflow.
pub const MAX_COUNT_PEOPLE: u64 = 200_000_000;

/// The narrowest bin, in the item's unit: the finest published step is 0.1 (HbA1c, %). A
/// narrower bin would draw as an almost infinitely tall bar.
pub const MIN_BIN_WIDTH: f64 = 0.001;

/// The largest bin edge, in absolute value, of an item without a plausible range of edges
/// (`Indicator::plausible_edges`: the urine tests, whose bins are categories).
pub const MAX_EDGE_MAGNITUDE: f64 = 1_000_000.0;

/// What a file holds too many of; the message names the limit and the number found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    Rows,
    WideColumns,
    Groups,
    Areas,
    Years,
    BinsPerStratum,
}

impl Counted {
    pub fn limit(self) -> usize {
        match self {
            Counted::Rows => MAX_ROWS,
            Counted::WideColumns => MAX_WIDE_COLUMNS,
            Counted::Groups => MAX_GROUPS,
            Counted::Areas => MAX_AREAS,
            Counted::Years => MAX_YEARS,
            Counted::BinsPerStratum => MAX_BINS_PER_STRATUM,
        }
    }
}
