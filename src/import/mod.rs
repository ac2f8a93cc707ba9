//! Files into records: the ministry's NDB workbooks, the tidy CSV format, wide tables shaped like
//! the ministry's, Arrow IPC; the checks every format ends in, merging a user's files, and the
//! catalogue of built-in files. Bytes in, records or an [`ImportError`] out.
//!
//! Every reader fails the same way: an [`ImportError`] naming the file, the place in it and a
//! typed problem of the reader that found it. No text is written here: `view::messages` says
//! every problem in Japanese and English, once. The problem type is a parameter so that the page
//! links only the words of the problems it can meet (Arrow, merging, a size limit); the reader
//! worker's [`Problem`] holds them all.

pub mod arrow_io;
#[cfg(feature = "reader")]
pub mod arrow_writer;
pub mod canonical_ipc;
pub mod cells;
pub mod collection;
#[cfg(feature = "columnar-files")]
pub mod ecosystem;
pub mod example;
#[cfg(feature = "columnar-files")]
pub mod ipc_decoder;
pub mod limits;
pub mod manifest;
pub mod ndb;
pub mod ndb_means;
pub mod tidy;
pub mod user_file;
pub mod wide;

use crate::model::subtotal::SubtotalProblem;
use crate::model::BinProblem;

/// Why a file was refused, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportError<P = Problem> {
    pub file_name: String,
    pub place: Place,
    pub problem: P,
}

impl<P> ImportError<P> {
    pub fn new(file_name: &str, place: Place, problem: P) -> ImportError<P> {
        ImportError {
            file_name: file_name.to_string(),
            place,
            problem,
        }
    }

    /// The same error with its problem widened (`ImportError<NdbProblem>` → `ImportError`).
    pub fn widen<Q: From<P>>(self) -> ImportError<Q> {
        ImportError {
            file_name: self.file_name,
            place: self.place,
            problem: self.problem.into(),
        }
    }
}

/// Where in a file a problem lies.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// The file as a whole.
    File,
    /// A cell of a spreadsheet (NDB workbooks), as a spreadsheet user names it.
    Cell(CellRef),
    /// A line of a CSV file (the header is line 1) and the column by its header, where known.
    Line {
        line: Option<u64>,
        column: Option<String>,
    },
    /// The n-th record of a file (1-based): Arrow files, and files checked after reading.
    Row(usize),
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

/// `Problem`: every problem a reader of a user's file can meet (what the reader worker
/// reports), one variant per reader's problem type, each `From` it.
macro_rules! problem_of_every_reader {
    ($($(#[$only:meta])? $variant:ident($problem:ty)),* $(,)?) => {
        #[derive(Clone, Debug, PartialEq)]
        pub enum Problem {
            $($(#[$only])? $variant($problem),)*
        }

        $($(#[$only])? impl From<$problem> for Problem {
            fn from(problem: $problem) -> Problem {
                Problem::$variant(problem)
            }
        })*
    };
}

problem_of_every_reader!(
    TooLarge(TooLarge),
    Text(TextProblem),
    Cell(CellProblem),
    Ndb(ndb::NdbProblem),
    Tidy(tidy::TidyProblem),
    Wide(wide::WideProblem),
    Arrow(arrow_io::ArrowProblem),
    // Only the columnar worker reads other tools' files: the reader worker links none of
    // these problems' words.
    #[cfg(feature = "columnar-files")]
    Ecosystem(EcosystemProblem),
    Records(RecordProblem),
    NotConverted(NotConverted),
);

/// Why a file from another tool (`ecosystem`: Arrow and Parquet as pyarrow, DuckDB… write
/// them) could not be read, beyond what Renkei's own Arrow reader says.
#[derive(Clone, Debug, PartialEq)]
pub enum EcosystemProblem {
    /// The parquet crate's error: not Parquet, or a damaged file.
    NotParquet { detail: String },
    /// A compression codec the workers do not decode (Brotli: its decoder would weigh more than
    /// the rest of the columnar worker; Snappy, gzip, LZ4 and ZSTD are read).
    UnsupportedCompression { codec: String },
    /// A canonical column whose type cannot mean what the column holds (text for a count…).
    UnsupportedType {
        column: &'static str,
        found: String,
        expected: ColumnKind,
    },
    /// A value that does not fit its column: a count or year that is not a whole number, or
    /// a year beyond 32 bits. `row_number` counts data rows from 1 across record batches.
    NotKind {
        column: &'static str,
        row_number: usize,
        found: String,
        expected: ColumnKind,
    },
}

/// What a canonical column holds, in the words a message uses for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// `year`: a whole number (fiscal year).
    WholeNumber,
    /// `count`: a whole number of people (read as 64-bit; negatives are refused later).
    PeopleCount,
    /// `bin_lower`, `bin_upper`: any number.
    Number,
    /// `suppressed`: true/false, or 1/0.
    TrueFalse,
    /// Every other column: text.
    Text,
}

impl ColumnKind {
    pub fn of(column: &str) -> ColumnKind {
        match column {
            "year" => ColumnKind::WholeNumber,
            "count" => ColumnKind::PeopleCount,
            "bin_lower" | "bin_upper" => ColumnKind::Number,
            "suppressed" => ColumnKind::TrueFalse,
            _ => ColumnKind::Text,
        }
    }
}

/// Read, but not written back as Arrow (a failure of the writer, not of the file).
#[derive(Clone, Debug, PartialEq)]
pub struct NotConverted {
    /// The column the writer could not store (`arrow_writer::Unwritable`).
    pub column: &'static str,
}

/// A file over a reader's size limit, refused before it is read.
#[derive(Clone, Debug, PartialEq)]
pub struct TooLarge {
    pub byte_count: usize,
    pub limit_bytes: usize,
    pub kind: SizeLimit,
}

/// Which limit a file is over: it decides what the message suggests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeLimit {
    /// [`ndb::MAX_WORKBOOK_BYTES`]: the ministry's tables are far smaller.
    NdbWorkbook,
    /// [`tidy::MAX_TIDY_CSV_BYTES`] and [`user_file::MAX_USER_FILE_BYTES`]: aggregate tables.
    AggregateTable,
}

/// A text (CSV) file that cannot be read as text.
#[derive(Clone, Debug, PartialEq)]
pub enum TextProblem {
    Empty,
    /// NUL bytes: a binary file, or UTF-16.
    NotText,
    UnknownEncoding,
    /// The `csv` crate's error.
    NotCsv {
        detail: String,
    },
}

/// A cell of a table the tidy and the wide readers read alike.
#[derive(Clone, Debug, PartialEq)]
pub enum CellProblem {
    Sex { text: String },
    Bin { text: String },
    NegativeCount { text: String },
    NotACount { text: String },
}

/// The checks every reader's records end in (`collection::check_dataset` and the readers'
/// own passes).
#[derive(Clone, Debug, PartialEq)]
pub enum RecordProblem {
    /// A bin edge that cannot be meant in the item's unit (another unit, or a typo).
    ImplausibleEdge {
        indicator: &'static str,
        edge: f64,
    },
    Bins(BinProblem),
    /// A subtotal row (age band 「中計」) that does not fit its cells.
    Subtotal(SubtotalProblem),
    /// The same cell as an earlier record of the file.
    DuplicateRow {
        first_row: usize,
    },
    NoDataRows,
    /// An item id the app does not know (only Arrow and Parquet files give ids unchecked).
    UnknownIndicator {
        id: String,
    },
    /// A fiscal year outside `cells::FIRST_FISCAL_YEAR..=cells::LAST_FISCAL_YEAR`.
    Year {
        year: i32,
    },
    /// Edges less than `limits::MIN_BIN_WIDTH` apart, or the lower not below the upper.
    BinTooNarrow {
        label: String,
        lower: f64,
        upper: f64,
    },
    CountTooLarge {
        count: u64,
    },
    /// A canonical column's text longer than `limits::MAX_TEXT_CHARS`.
    TextTooLong {
        column: &'static str,
        chars: usize,
    },
    /// A control or bidirectional character (`collection::is_hidden_control`) in a text.
    ControlCharacter {
        column: &'static str,
        code_point: u32,
    },
    /// More rows, groups, areas, years or bins of a stratum than `limits` allow.
    TooMany {
        counted: limits::Counted,
        found: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
