//! The simulator's before/after chart: the published bins now (filled) and after an approach
//! (outline, an estimate rounded to whole people), and its text alternative.

use crate::analysis::distribution::{BinCount, Distribution};
use crate::analysis::simulator::parameters::Approach;
use crate::draw::distribution_chart::DistributionChart;
use crate::model::indicator::Indicator;
use crate::view::language::Language;
use crate::view::screen::{distribution_chart, ChartText};
use crate::view::simulator::table::approach_name;
use crate::view::simulator::SimulationReport;

/// The before/after chart of one population and approach: the published bins now (filled) and
/// after (outline, an estimate in whole people).
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationChart {
    pub indicator: &'static Indicator,
    pub title: String,
    pub before_label: String,
    pub before: Distribution,
    pub after_label: String,
    pub after: Distribution,
    pub citation: String,
    pub notes: Vec<String>,
    pub fictional: bool,
    pub language: Language,
    /// The results tables' figures as CSV rows (`SimulationReport::export_rows`), written by
    /// the simulator's module so the exports module only writes them.
    pub table_rows: Vec<Vec<String>>,
}

impl SimulationChart {
    pub fn chart(&self) -> DistributionChart<'_> {
        distribution_chart(ChartText {
            title: self.title.clone(),
            indicator: self.indicator,
            primary: (self.before_label.clone(), &self.before),
            comparison: Some((self.after_label.clone(), &self.after)),
            citation: &self.citation,
            notes: &self.notes,
            fictional: self.fictional,
            language: self.language,
        })
    }
}

impl SimulationReport {
    /// The chart of the row `key` after `approach`; why not when its bands cannot be summed.
    pub fn chart(&self, key: &str, approach: Approach) -> Result<SimulationChart, String> {
        let row = self
            .rows
            .iter()
            .find(|r| r.key == key)
            .or(self.rows.first())
            .ok_or(
                self.language
                    .pick("結果がありません。", "There are no results."),
            )?;
        let bands = row.bands.as_ref().map_err(Clone::clone)?;
        let index = Approach::ALL
            .iter()
            .position(|a| *a == approach)
            .unwrap_or(0);
        let to_distribution = |people: Vec<f64>| {
            let counts = whole_people(&people);
            Distribution {
                fiscal_year: self.fiscal_year,
                total_people: counts.iter().sum(),
                cell_count: counts.len(),
                suppressed_cell_count: 0,
                bins: bands
                    .iter()
                    .zip(counts)
                    .map(|(band, count_people)| BinCount::exact(band.bin.clone(), count_people))
                    .collect(),
            }
        };
        let language = self.language;
        let headings = self.column_headings();
        let mut notes = self.sources()[1..2].to_vec();
        notes.push(language.pick(
            "枠線は介入後の推計（階級ごとの人数は整数に丸めて、合計は現状と同じ）。",
            "The outline is the estimate after the approach (people per bin rounded to whole people; the total is as now).",
        ).into());
        // The outline is the fitted shape's: the image says how far other assumptions move it.
        notes.extend(self.range_note());
        Ok(SimulationChart {
            indicator: self.indicator,
            title: match language {
                Language::Japanese => format!(
                    "{}の分布：現状と{}後（{}年度、推計）",
                    self.indicator.name_ja,
                    approach_name(approach, language),
                    self.fiscal_year
                ),
                Language::English => format!(
                    "{}: now and after {} (FY{}, estimate)",
                    self.indicator.name_en,
                    match approach {
                        Approach::Population => "the population approach",
                        Approach::HighRisk => "the high-risk approach",
                        Approach::Both => "both approaches",
                    },
                    self.fiscal_year
                ),
            },
            before_label: [
                self.scope.as_str(),
                &row.label,
                language.pick("現状", "now"),
            ]
            .join(language.pick("・", ", ")),
            before: to_distribution(bands.iter().map(|b| b.people.before.fitted()).collect()),
            after_label: headings[index + 1].clone(),
            after: to_distribution(
                bands
                    .iter()
                    .map(|b| b.people.after[index].fitted())
                    .collect(),
            ),
            citation: self.citation.clone(),
            notes,
            fictional: self.fictional,
            language,
            table_rows: self.export_rows(),
        })
    }
}

/// Rounds people per band to whole people keeping their rounded total (largest remainders
/// get the leftover people), so the chart's shares add up like the table's.
fn whole_people(people: &[f64]) -> Vec<u64> {
    let total = people.iter().sum::<f64>().round().max(0.0) as u64;
    let mut counts: Vec<u64> = people.iter().map(|p| p.max(0.0).floor() as u64).collect();
    let mut remainders: Vec<f64> = people.iter().map(|p| p - p.floor()).collect();
    let missing = total.saturating_sub(counts.iter().sum());
    // Fewer people are missing than there are bands (each lost under one to rounding down):
    // the largest remainders, first band first on a tie, get one each.
    for _ in 0..missing.min(people.len() as u64) {
        let mut largest = 0;
        for (i, r) in remainders.iter().enumerate() {
            if *r > remainders[largest] {
                largest = i;
            }
        }
        counts[largest] += 1;
        remainders[largest] = f64::NEG_INFINITY;
    }
    counts
}

impl SimulationReport {
    /// What the chart of the row `key` shows, in words, for screen readers.
    pub fn text_alternative(&self, key: &str) -> String {
        let row = self
            .rows
            .iter()
            .find(|r| r.key == key)
            .or(self.rows.first());
        let Some(row) = row else {
            return String::new();
        };
        let headings = self.column_headings();
        let language = self.language;
        let mut text = match language {
            Language::Japanese => format!(
                "{}の分布の現状と介入後の推計（{}・{}）。",
                self.indicator.name_ja, self.scope, row.label
            ),
            Language::English => format!(
                "The distribution of {} now and estimated after each approach ({}, {}). ",
                self.indicator.name_en, self.scope, row.label
            ),
        };
        for table_row in self
            .table_rows(row)
            .iter()
            .filter(|r| r.id.starts_with("past-"))
        {
            text.push_str(&match language {
                Language::Japanese => format!("{}：現状{}", table_row.label, table_row.cells[0]),
                Language::English => format!("{}: now {}", table_row.label, table_row.cells[0]),
            });
            for (heading, cell) in headings[1..].iter().zip(&table_row.cells[1..]) {
                text.push_str(&match language {
                    Language::Japanese => format!("、{heading}後{cell}"),
                    Language::English => format!("; after {heading}: {cell}"),
                });
            }
            text.push_str(language.pick("。", ". "));
        }
        text.trim_end().to_string()
    }
}
