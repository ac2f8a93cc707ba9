//! The files a user opened, each checked on its own and against the others, merged into the
//! one dataset the page shows. A cell present in two files is refused, never summed: two files
//! that both count 40–44-year-old men of one area are a mistake the user has to see.

use crate::model::indicator;
use crate::model::{
    check_bins, first_duplicate_cell, group_name, Dataset, Provenance, Record, GROUP_ALL,
};
use crate::view::language::{Language, Message};

/// One opened file. Rows without a group (an NDB workbook, a CSV without 区分) take
/// `group_for_ungrouped` when the user has said whose file it is (地域, 職域…).
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFile {
    pub file_name: String,
    pub dataset: Dataset,
    pub group_for_ungrouped: Option<String>,
}

impl LoadedFile {
    pub fn new(file_name: &str, dataset: Dataset) -> LoadedFile {
        LoadedFile {
            file_name: file_name.to_string(),
            dataset,
            group_for_ungrouped: None,
        }
    }

    /// Whether some rows say nothing about whose they are.
    pub fn has_ungrouped_rows(&self) -> bool {
        self.dataset.records.iter().any(|r| r.group == GROUP_ALL)
    }

    /// 「地域・職域」: the groups the file contributes, as the file list shows them.
    pub fn groups(&self, language: Language) -> String {
        let mut names: Vec<String> = Vec::new();
        for record in &self.dataset.records {
            let group = self.group_of(&record.group);
            let name = group_name(group, language);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join(language.pick("・", ", "))
    }

    fn group_of<'a>(&'a self, group: &'a str) -> &'a str {
        match &self.group_for_ungrouped {
            Some(assigned) if group == GROUP_ALL => assigned,
            _ => group,
        }
    }
}

/// Checks a dataset whatever reader made it (the CSV reader checks the same with line numbers):
/// no cell twice, bins of a stratum not overlapping, bin edges meant in the item's unit.
pub fn check_dataset(dataset: &Dataset, file_name: &str) -> Result<(), Message> {
    let at_row = |row: usize, problem: Message| problem.at_row(file_name, row);
    let numbered = || dataset.records.iter().enumerate().map(|(i, r)| (i + 1, r));
    if let Some((first, row)) = first_duplicate_cell(numbered()) {
        return Err(at_row(
            row,
            Message::new(
                format!("{first}行目と同じセル（年度・地域・区分・性別・年齢階級・項目・階級が同じ）です。合計はしません。"),
                format!("The same cell as row {first} (same year, area, group, sex, age band, item and bin). Cells are never summed."),
            ),
        ));
    }
    for (row, record) in numbered() {
        if let Some(indicator) = indicator::by_id(&record.indicator) {
            for edge in [record.bin.lower, record.bin.upper].into_iter().flatten() {
                indicator
                    .check_edge(edge)
                    .map_err(|problem| at_row(row, problem))?;
            }
        }
    }
    check_bins(numbered()).map_err(|(row, problem)| at_row(row, problem))
}

/// Every file's rows in one dataset, ungrouped rows relabelled; its provenance names every
/// file. Fails, naming both files, when a cell is in two files or their bins overlap.
pub fn merge_files(files: &[LoadedFile]) -> Result<Dataset, Message> {
    let mut records = Vec::new();
    let mut origin = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        for (row_index, record) in file.dataset.records.iter().enumerate() {
            let mut record = record.clone();
            record.group = file.group_of(&record.group).to_string();
            records.push(record);
            origin.push((file_index, row_index + 1));
        }
    }
    // Each file was checked on its own when it was read; with one file there is nothing to
    // check across, and a million-row file merges at the cost of a copy.
    if files.len() > 1 {
        check_across_files(files, &records, &origin)?;
    }
    // A publisher (and release) is cited only when every file names the same one.
    let common = |field: fn(&Provenance) -> &String| -> String {
        let first = files.first().map(|f| field(&f.dataset.provenance).clone());
        first
            .filter(|value| files.iter().all(|f| field(&f.dataset.provenance) == value))
            .unwrap_or_default()
    };
    Ok(Dataset {
        provenance: Provenance {
            publisher: common(|p| &p.publisher),
            release: common(|p| &p.release),
            source_files: files.iter().map(|f| f.file_name.clone()).collect(),
            // Example data opened as a file stays labelled, whatever it is merged with.
            fictional: files.iter().any(|f| f.dataset.provenance.fictional),
        },
        records,
    })
}

/// A cell in two files, or bins of two files overlapping in one stratum: the message names both.
fn check_across_files(
    files: &[LoadedFile],
    records: &[Record],
    origin: &[(usize, usize)],
) -> Result<(), Message> {
    if let Some((first, index)) = first_duplicate_cell(records.iter().enumerate()) {
        let (first_file, first_row) = origin[first];
        let (file, row) = origin[index];
        let record = &records[index];
        let same_count = records[first].count_people == record.count_people;
        let cell = |language: Language| {
            [
                record.area_name.clone(),
                group_name(&record.group, language),
                record.sex.name(language).to_string(),
                record.age_band.label(language),
                record.bin.display_label(language),
            ]
            .join(language.pick("・", ", "))
        };
        let (file, first_file) = (&files[file].file_name, &files[first_file].file_name);
        return Err(Message::new(
            format!(
                "{file}（{row}行目）：「{first_file}」（{first_row}行目）と同じセル（{}）があります。{}。合計はせず、このファイルは読み込みませんでした。区分が違うなら、ファイルごとの区分を確かめてください。",
                cell(Language::Japanese),
                if same_count { "人数も同じです。同じファイルを2回開いていませんか" } else { "人数が食い違っています" },
            ),
            format!(
                "{file} (row {row}): the same cell ({}) is in “{first_file}” (row {first_row}). {}. Cells are never summed, so this file was not loaded. If the groups differ, check the group given to each file.",
                cell(Language::English),
                if same_count { "The counts are equal too: was the same file opened twice" } else { "The counts differ" },
            ),
        ));
    }
    check_bins(records.iter().enumerate()).map_err(|(index, problem)| {
        let (file, row) = origin[index];
        Message::new(
            format!(
                "ほかのファイルの行と合わせると、{}",
                problem.text(Language::Japanese)
            ),
            format!(
                "together with another file’s rows: {}",
                problem.text(Language::English)
            ),
        )
        .at_row(&files[file].file_name, row)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgeBand, AreaLevel, Bin, Record, Sex};

    fn record(group: &str, bin: (f64, f64), count: u64) -> Record {
        Record {
            year: 2022,
            area_level: AreaLevel::Prefecture,
            area_code: "01".into(),
            area_name: "北海道".into(),
            group: group.into(),
            sex: Sex::Male,
            age_band: AgeBand::new(40, 44),
            indicator: "sbp".into(),
            bin: Bin {
                label: format!("{}以上{}未満", bin.0, bin.1),
                lower: Some(bin.0),
                upper: Some(bin.1),
            },
            count_people: Some(count),
        }
    }

    fn file(name: &str, records: Vec<Record>) -> LoadedFile {
        LoadedFile::new(
            name,
            Dataset {
                provenance: Provenance::default(),
                records,
            },
        )
    }

    #[test]
    fn files_of_different_groups_merge_and_name_every_source() {
        let residents = file("kokuho.csv", vec![record("regional", (120.0, 140.0), 5)]);
        let mut workers = file("kyokai.xlsx", vec![record(GROUP_ALL, (120.0, 140.0), 7)]);
        assert!(workers.has_ungrouped_rows());
        workers.group_for_ungrouped = Some("occupational".into());
        assert_eq!(workers.groups(Language::Japanese), "職域");
        assert_eq!(workers.groups(Language::English), "Occupational");
        let merged = merge_files(&[residents, workers]).unwrap();
        assert_eq!(merged.groups(), ["regional", "occupational"]);
        assert_eq!(
            merged.provenance.source_files,
            ["kokuho.csv", "kyokai.xlsx"]
        );
    }

    #[test]
    fn a_cell_in_two_files_is_refused_naming_both() {
        let first = file("a.csv", vec![record("regional", (120.0, 140.0), 5)]);
        let conflicting = file("b.csv", vec![record("regional", (120.0, 140.0), 6)]);
        let error = merge_files(&[first.clone(), conflicting]).unwrap_err();
        let message = error.text(Language::Japanese);
        assert!(message.contains("b.csv（1行目）") && message.contains("「a.csv」（1行目）"));
        assert!(message.contains("食い違って"), "{message}");
        let english = error.text(Language::English);
        assert!(english.contains("b.csv (row 1)") && english.contains("“a.csv” (row 1)"));
        let same = merge_files(&[first.clone(), first.clone()]).unwrap_err();
        let same = same.text(Language::Japanese);
        assert!(same.contains("同じファイルを2回"), "{same}");
        let overlapping = file("c.csv", vec![record("regional", (130.0, 150.0), 6)]);
        let error = merge_files(&[first, overlapping]).unwrap_err();
        let message = error.text(Language::Japanese);
        assert!(
            message.contains("c.csv（1行目）") && message.contains("重なって"),
            "{message}"
        );
    }

    #[test]
    fn a_dataset_is_checked_whatever_read_it() {
        let good = file("x.arrow", vec![record("regional", (120.0, 140.0), 5)]);
        assert_eq!(check_dataset(&good.dataset, "x.arrow"), Ok(()));
        let twice = file("x.arrow", vec![record("regional", (120.0, 140.0), 5); 2]);
        assert!(check_dataset(&twice.dataset, "x.arrow")
            .unwrap_err()
            .text(Language::Japanese)
            .starts_with("x.arrow（2行目）"));
        let mut millimoles = record("regional", (120.0, 140.0), 5);
        millimoles.indicator = "hba1c".into();
        let wrong_unit = file("y.arrow", vec![millimoles]);
        assert!(check_dataset(&wrong_unit.dataset, "y.arrow")
            .unwrap_err()
            .text(Language::English)
            .contains("mmol/mol"));
    }
}
