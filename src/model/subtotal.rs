//! A row's published subtotal (中計): the people of one (year, area, group, sex, item, bin) over
//! all of its age bands. The ministry publishes it even where it suppresses age-band cells, so
//! it tells how many people the suppressed cells of the row hold together: one suppressed cell
//! is then known exactly (中計 − the rest), several are known as a sum whose split between age
//! bands is not.
//!
//! Files carry subtotals as rows whose `age_band` is [`SUBTOTAL_AGE_BAND_ID`]; the model keeps
//! what they say on each suppressed cell ([`SuppressedInRow`]), so every selection can use it,
//! and the Arrow files Renkei writes carry that in three columns of their own
//! (`import::arrow_io`). Where no cell of a row is suppressed the subtotal equals the sum of
//! the cells, which the readers check.

use std::collections::HashMap;

use super::{AgeBand, AreaLevel, Record, Sex};

/// `age_band` of a subtotal row in a file. Readers also accept 「中計」.
pub const SUBTOTAL_AGE_BAND_ID: &str = "subtotal";

/// Whether an `age_band` cell marks a subtotal row.
pub fn is_subtotal_age_band(text: &str) -> bool {
    let text = text.trim();
    text == SUBTOTAL_AGE_BAND_ID || text == "中計"
}

/// What the row's subtotal says about one of its suppressed cells: the row's `cells`
/// suppressed cells together hold `people`. `even_share_people` is this cell's part of an even
/// split in whole people (the parts of a row's cells add up to `people` exactly), so a
/// selection that holds every cell of the row gets the row's sum by adding its cells' parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SuppressedInRow {
    pub cells: u16,
    pub people: u64,
    pub even_share_people: u64,
}

impl SuppressedInRow {
    /// The cell is the only suppressed one of its row, so its count is known exactly.
    pub fn recovered_people(self) -> Option<u64> {
        (self.cells == 1).then_some(self.people)
    }
}

/// The cells one subtotal covers: a record's identity without its age band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RowKey<'a> {
    pub year: i32,
    pub area_level: AreaLevel,
    pub area_code: &'a str,
    pub area_name: &'a str,
    pub group: &'a str,
    pub sex: Sex,
    pub indicator: &'a str,
    pub bin_label: &'a str,
}

impl Record {
    pub fn row_key(&self) -> RowKey<'_> {
        RowKey {
            year: self.year,
            area_level: self.area_level,
            area_code: &self.area_code,
            area_name: &self.area_name,
            group: &self.group,
            sex: self.sex,
            indicator: &self.indicator,
            bin_label: &self.bin.label,
        }
    }
}

/// Why a subtotal does not fit its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubtotalProblem {
    /// Its cells add up to more than it says, or (none suppressed) to something else.
    Mismatch { cells_sum: u64, subtotal: u64 },
    /// No age-band cell of the file belongs to it.
    NoCells,
    /// The same row has two subtotals.
    Duplicate,
}

/// What the subtotals of a dataset restored, for the notes under a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct SubtotalSummary {
    /// Suppressed cells known exactly (the only suppressed one of their row).
    pub recovered_cells: usize,
    pub recovered_people: u64,
    /// Suppressed cells whose row's suppressed people are known only as a sum.
    pub bounded_cells: usize,
    pub bounded_people: u64,
}

/// Writes what each subtotal says onto the suppressed cells of its row (a subtotal that is
/// itself suppressed, `count_people == None`, says nothing) and checks every published one
/// against its cells. `subtotals` are records whose age band is ignored; `Origin` says where
/// each came from, for the error.
pub fn apply_subtotals<Origin: Copy>(
    records: &mut [Record],
    subtotals: impl IntoIterator<Item = (Origin, Record)>,
) -> Result<SubtotalSummary, (Origin, SubtotalProblem)> {
    struct Row {
        published_people: u64,
        suppressed: Vec<usize>,
    }
    let mut rows: HashMap<RowKey<'_>, Row> = HashMap::new();
    for (index, record) in records.iter().enumerate() {
        let row = rows.entry(record.row_key()).or_insert(Row {
            published_people: 0,
            suppressed: Vec::new(),
        });
        match record.count_people {
            Some(count) => row.published_people = row.published_people.saturating_add(count),
            None => row.suppressed.push(index),
        }
    }
    let mut seen: HashMap<RowKey<'_>, ()> = HashMap::new();
    let subtotals: Vec<(Origin, Record)> = subtotals.into_iter().collect();
    let mut shares: Vec<(usize, SuppressedInRow)> = Vec::new();
    let mut summary = SubtotalSummary::default();
    for (origin, subtotal) in &subtotals {
        let key = subtotal.row_key();
        if seen.insert(key, ()).is_some() {
            return Err((*origin, SubtotalProblem::Duplicate));
        }
        let Some(row) = rows.get(&key) else {
            return Err((*origin, SubtotalProblem::NoCells));
        };
        let Some(subtotal_people) = subtotal.count_people else {
            continue;
        };
        let fits = if row.suppressed.is_empty() {
            subtotal_people == row.published_people
        } else {
            subtotal_people >= row.published_people
        };
        if !fits {
            return Err((
                *origin,
                SubtotalProblem::Mismatch {
                    cells_sum: row.published_people,
                    subtotal: subtotal_people,
                },
            ));
        }
        let people = subtotal_people - row.published_people;
        let cells = row.suppressed.len() as u64;
        let share = SuppressedInRow {
            cells: u16::try_from(cells).unwrap_or(u16::MAX),
            people,
            even_share_people: 0,
        };
        match share.recovered_people() {
            Some(people) => {
                summary.recovered_cells += 1;
                summary.recovered_people += people;
            }
            None if share.cells > 0 => {
                summary.bounded_cells += row.suppressed.len();
                summary.bounded_people += share.people;
            }
            None => {}
        }
        // people = q × cells + r: the first r cells take q + 1, the others q.
        let (quotient, remainder) = (people / cells.max(1), people % cells.max(1));
        shares.extend(row.suppressed.iter().enumerate().map(|(position, &index)| {
            let even_share_people = quotient + u64::from((position as u64) < remainder);
            (
                index,
                SuppressedInRow {
                    even_share_people,
                    ..share
                },
            )
        }));
    }
    drop(rows);
    for (index, share) in shares {
        records[index].suppressed_in_row = Some(share);
    }
    Ok(summary)
}

/// Records with where each came from (a line, a row number).
pub type Placed<Origin> = Vec<(Origin, Record)>;

/// The cells of what a reader read, subtotal rows ([`AgeBand::SUBTOTAL`]) taken out and
/// applied ([`apply_subtotals`]).
pub fn apply_subtotal_rows<Origin: Copy>(
    rows: Placed<Origin>,
) -> Result<Vec<Record>, (Origin, SubtotalProblem)> {
    let (cells, subtotals): (Placed<Origin>, Placed<Origin>) = rows
        .into_iter()
        .partition(|(_, record)| record.age_band != AgeBand::SUBTOTAL);
    let mut records: Vec<Record> = cells.into_iter().map(|(_, record)| record).collect();
    apply_subtotals(&mut records, subtotals)?;
    Ok(records)
}
