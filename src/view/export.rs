//! Exports of every chart, all made here and offline: the image on any plotters backend (the
//! page paints its canvases and PNGs at 1×–3×; SVG comes from plotters' SVG backend), drawn once
//! and replayed on the backend (`draw::recording`), and a CSV of
//! exactly the numbers the chart draws (with the first screen's chart and the small multiples,
//! also the figures of the table under them, with their intervals). Every image carries its
//! title, source and year, and the 「架空データ（操作説明用）」 label where it applies, because the
//! charts draw them themselves.
//!
//! CSV: UTF-8 with a BOM so Excel opens it as UTF-8; every row names its source; a cell that
//! begins with `=`, `+`, `-`, `@` (or their full-width forms), a tab or a carriage return and is
//! not a number is prefixed with `'` so a spreadsheet never runs it as a formula (a file's area
//! or group names reach these cells).

use std::sync::Arc;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::analysis::distribution::{Distribution, ThresholdShare};
use crate::analysis::standardise::{Estimate, Unstandardised};
use crate::draw::distribution_chart::draw_distribution_chart;
use crate::draw::recording;
use crate::draw::small_multiples::draw_small_multiples;
use crate::draw::DrawError;
use crate::import::collection::is_hidden_control;
use crate::model::indicator::{Indicator, Threshold};
use crate::model::text::parse_decimal;
use crate::view::groups::{difference_text, direct_method_note, estimate_text, GroupComparison};
use crate::view::language::Language;
use crate::view::messages::unstandardised;
use crate::view::names;
use crate::view::screen::{standardises, ScreenModel};
use crate::view::simulator::chart::SimulationChart;

/// A chart the page shows, as what can be exported from it. A few exist at a time, so the first
/// screen's model is held inline (boxed, its allocation and code would be the first module's).
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum ChartImage {
    Distribution(ScreenModel),
    /// Shared with the group section's memo: an image is cloned on every export and redraw.
    SmallMultiples(Arc<GroupComparison>),
    /// Shared too: its results tables' rows would otherwise be cloned by the first module's code.
    Simulation(Arc<SimulationChart>),
}

/// Size of an exported image at 1× (CSS pixels); 2× and 3× multiply it.
pub const EXPORT_WIDTH_PX: u32 = 960;

impl ChartImage {
    /// Paints the chart filling `backend`; `scale` multiplies every size (1 = CSS pixels).
    pub fn paint<DB: DrawingBackend>(&self, backend: &mut DB, scale: f64) -> Result<(), DrawError> {
        recording::paint(backend, |root| self.draw(root, scale))
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        scale: f64,
    ) -> Result<(), DrawError> {
        match self {
            ChartImage::Distribution(model) => draw_distribution_chart(root, &model.chart(), scale),
            ChartImage::SmallMultiples(comparison) => {
                draw_small_multiples(root, &comparison.chart(), scale)
            }
            ChartImage::Simulation(chart) => draw_distribution_chart(root, &chart.chart(), scale),
        }
    }

    /// Height at 1× for [`EXPORT_WIDTH_PX`]: the page's proportions.
    pub fn export_height_px(&self) -> u32 {
        match self {
            ChartImage::SmallMultiples(_) => 620,
            _ => 560,
        }
    }

    /// The chart as an SVG document at 1×.
    pub fn svg(&self) -> Result<String, DrawError> {
        let mut svg = String::new();
        {
            let size = (EXPORT_WIDTH_PX, self.export_height_px());
            self.paint(&mut SVGBackend::with_string(&mut svg, size), 1.0)?;
        }
        Ok(svg)
    }

    /// The language the chart writes its words in.
    pub fn language(&self) -> Language {
        match self {
            ChartImage::Distribution(model) => model.language,
            ChartImage::SmallMultiples(comparison) => comparison.language,
            ChartImage::Simulation(chart) => chart.language,
        }
    }

    /// `renkei_sbp_2022_distribution_北海道`: the exported files' name without extension.
    pub fn file_stem(&self) -> String {
        let language = self.language();
        let (indicator, year, scope) = match self {
            ChartImage::Distribution(m) => (
                m.indicator.id,
                m.primary.distribution.fiscal_year,
                names::area_selection(&m.primary.selection.area, language),
            ),
            ChartImage::SmallMultiples(c) => (
                c.indicator.id,
                c.fiscal_year,
                names::area_selection(&c.area, language),
            ),
            ChartImage::Simulation(c) => {
                (c.indicator.id, c.before.fiscal_year, "simulation".into())
            }
        };
        let kind = match self {
            ChartImage::Distribution(_) => "distribution",
            ChartImage::SmallMultiples(_) => "groups",
            ChartImage::Simulation(_) => "simulation",
        };
        // No character a file system refuses or that hides or reorders text (U+202E could
        // disguise the extension), and a name of reasonable length.
        let scope: String = scope
            .chars()
            .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
            .filter(|c| !is_hidden_control(*c))
            .take(60)
            .collect();
        format!("renkei_{indicator}_{year}_{kind}_{scope}")
    }

    /// The numbers the chart draws, one row per series and bin, then those of the table under
    /// the first screen's chart or the small multiples, with their 95 % intervals.
    pub fn csv(&self) -> Vec<u8> {
        let language = self.language();
        // Each row: series, bin, unit, edges, people, share, interval, suppressed cells, note.
        let mut rows: Vec<Vec<String>> = Vec::new();
        // Rows another module wrote (the simulator's tables), after these.
        let mut written: &[Vec<String>] = &[];
        let (citation, fictional) = match self {
            ChartImage::Distribution(model) => {
                for series in std::iter::once(&model.primary).chain(&model.comparison) {
                    rows.extend(distribution_rows(
                        &[names::selection(&series.selection, language)],
                        &series.distribution,
                        model.indicator.unit,
                        "",
                        language,
                    ));
                }
                standardised_rows(model, &mut rows);
                (model.citation.clone(), model.fictional)
            }
            ChartImage::SmallMultiples(comparison) => {
                for panel in &comparison.panels {
                    for (group, series) in comparison.groups.iter().zip(&panel.series) {
                        let labels = [[
                            names::area_selection(&comparison.area, language),
                            names::group(group, language),
                            names::sex(panel.sex, language).to_string(),
                            names::age_band(panel.age_band, language),
                        ]
                        .join(language.pick("・", ", "))];
                        if let Ok(distribution) = series {
                            rows.extend(distribution_rows(
                                &labels,
                                distribution,
                                comparison.indicator.unit,
                                "",
                                language,
                            ));
                        }
                    }
                }
                group_table_rows(comparison, &mut rows);
                (comparison.citation.clone(), comparison.fictional)
            }
            ChartImage::Simulation(chart) => {
                let estimated = language.pick(
                    "介入後は階級別の公表人数からの推計",
                    "After: estimated from the published counts per bin",
                );
                for (label, distribution) in [
                    (&chart.before_label, &chart.before),
                    (&chart.after_label, &chart.after),
                ] {
                    rows.extend(distribution_rows(
                        std::slice::from_ref(label),
                        distribution,
                        chart.indicator.unit,
                        estimated,
                        language,
                    ));
                }
                written = &chart.table_rows;
                (chart.citation.clone(), chart.fictional)
            }
        };
        let mut bytes = "\u{FEFF}".as_bytes().to_vec();
        {
            let header = match language {
                Language::Japanese => [
                    "系列",
                    "階級",
                    "単位",
                    "下限",
                    "上限",
                    "人数",
                    "割合（%）",
                    "95%CI下限（%）",
                    "95%CI上限（%）",
                    "秘匿セル数",
                    "出典",
                    "注記",
                ],
                Language::English => [
                    "Series",
                    "Bin",
                    "Unit",
                    "Lower edge",
                    "Upper edge",
                    "People",
                    "Share (%)",
                    "95% CI low (%)",
                    "95% CI high (%)",
                    "Suppressed cells",
                    "Source",
                    "Note",
                ],
            };
            write_record(&mut bytes, header);
            for row in rows.iter().chain(written) {
                let Some((note, fields)) = row.split_last() else {
                    continue;
                };
                let note = match (fictional, note.is_empty()) {
                    (false, _) => note.clone(),
                    (true, true) => names::fictional_label(language).to_string(),
                    (true, false) => format!(
                        "{}{}{note}",
                        names::fictional_label(language),
                        language.pick("／", " / ")
                    ),
                };
                let fields = fields.iter().chain([&citation, &note]);
                write_record(&mut bytes, fields.map(|cell| neutralised(cell)));
            }
        }
        bytes
    }
}

/// One row per bin: series, bin, unit, edges, people, share, no interval, suppressed cells,
/// `note`.
fn distribution_rows(
    labels: &[String],
    d: &Distribution,
    unit: &str,
    note: &str,
    language: Language,
) -> Vec<Vec<String>> {
    let shares = d.share_fractions();
    d.bins
        .iter()
        .zip(shares)
        .map(|(bin, share)| {
            let edge = |e: Option<f64>| e.map(|v| v.to_string()).unwrap_or_default();
            let mut row: Vec<String> = labels.to_vec();
            row.extend([
                names::bin(&bin.bin, language),
                unit.to_string(),
                edge(bin.bin.lower),
                edge(bin.bin.upper),
                bin.count_people.to_string(),
                format!("{:.2}", share * 100.0),
                String::new(),
                String::new(),
                bin.suppressed_cell_count.to_string(),
                note.to_string(),
            ]);
            row
        })
        .collect()
}

/// The first screen's table under the chart: per selection and threshold its age-standardised
/// share, and per threshold the first selection's minus the second's (in points). Nothing for
/// one age band (its crude share is the bins' own). Plain loops over the types the rows already
/// use: each new iterator or vector type would add its own code to the exports module.
fn standardised_rows(model: &ScreenModel, rows: &mut Vec<Vec<String>>) {
    let Some(standardised) = &model.standardised else {
        return;
    };
    let language = model.language;
    let method = direct_method_note(standardised.standard, language);
    let primary = names::selection(&model.primary.selection, language);
    let comparison = model
        .comparison
        .as_ref()
        .map(|series| names::selection(&series.selection, language));
    let selections = standardised.shares.len();
    for (index, figures) in standardised
        .shares
        .iter()
        .chain([&standardised.differences])
        .enumerate()
    {
        if !standardises(figures) {
            continue;
        }
        let difference = index == selections;
        let label = match (index, &comparison) {
            (0, _) => standardised_label(&primary, language),
            (_, Some(second)) if !difference => standardised_label(second, language),
            (_, second) => {
                difference_label(&primary, second.as_deref().unwrap_or_default(), language)
            }
        };
        for (threshold, figure) in model.indicator.thresholds.iter().zip(figures) {
            let shown = match figure {
                Ok(estimate) if difference => difference_text(estimate, language),
                Ok(estimate) => estimate_text(estimate, 100.0, "%", language),
                Err(_) => String::new(),
            };
            let figure = Figure {
                label: &label,
                threshold,
                estimate: figure,
                scale: 100.0,
                shown: &shown,
                how: &method,
            };
            rows.push(figure.row(model.indicator, language));
        }
    }
}

/// The group table under the small multiples: per group (then the groups combined) and
/// threshold the crude share and the people past it, the age-standardised share, its difference
/// from the first group (in points) and the standardised ratio against the groups combined
/// (100 = combined), each with its 95 % interval where it has one.
fn group_table_rows(comparison: &GroupComparison, rows: &mut Vec<Vec<String>>) {
    let language = comparison.language;
    let indicator = comparison.indicator;
    let area = names::area_selection(&comparison.area, language);
    let first = &comparison.rows[0].label;
    let method = |index: usize| {
        comparison
            .method_notes
            .get(index)
            .cloned()
            .unwrap_or_default()
    };
    let (direct, indirect) = (method(0), method(1));
    for (index, (row, distribution)) in comparison
        .rows
        .iter()
        .zip(&comparison.distributions)
        .enumerate()
    {
        let name = format!("{area}{}{}", language.pick("・", ", "), row.label);
        let thresholds = indicator.thresholds.iter().zip(&row.thresholds);
        for ((threshold, cell), standardised) in thresholds.zip(&comparison.standardised) {
            let mut crude = vec![
                language.parenthesised(&name, language.pick("粗割合", "crude")),
                names::threshold_condition(threshold, indicator.unit, language),
                indicator.unit.to_string(),
            ];
            crude.resize(11, String::new());
            if let ThresholdShare::Known {
                count_people,
                share_fraction,
                ..
            } = distribution.threshold_share(threshold)
            {
                crude[5] = count_people.to_string();
                crude[6] = format!("{:.2}", share_fraction * 100.0);
            }
            crude[10] = format!("{}{}", shown_as(language), cell.share);
            rows.push(crude);
            let Ok(standardised) = standardised else {
                continue;
            };
            let label = standardised_label(&name, language);
            let share = Figure {
                label: &label,
                threshold,
                estimate: &standardised.shares[index],
                scale: 100.0,
                shown: &cell.standardised,
                how: &direct,
            };
            rows.push(share.row(indicator, language));
            if let Some(difference) = &standardised.differences[index] {
                let label = difference_label(&row.label, first, language);
                let difference = Figure {
                    label: &label,
                    threshold,
                    estimate: difference,
                    scale: 100.0,
                    shown: &cell.standardised_difference,
                    how: &direct,
                };
                rows.push(difference.row(indicator, language));
            }
            let ratio = standardised.ratios[index]
                .as_ref()
                .map(|r| r.ratio)
                .map_err(Clone::clone);
            let label = language.parenthesised(
                &name,
                language.pick(
                    "標準化該当比、合算＝100",
                    "standardised ratio, combined = 100",
                ),
            );
            let ratio = Figure {
                label: &label,
                threshold,
                estimate: &ratio,
                scale: 1.0,
                shown: &cell.ratio,
                how: &indirect,
            };
            rows.push(ratio.row(indicator, language));
        }
    }
}

/// How a note introduces a figure as the page's table writes it.
fn shown_as(language: Language) -> &'static str {
    language.pick("画面の表示：", "Shown as: ")
}

/// 「北海道・男女計・40〜74歳（年齢調整）」
fn standardised_label(name: &str, language: Language) -> String {
    language.parenthesised(name, language.pick("年齢調整", "age-standardised"))
}

/// 「職域 − 地域（年齢調整割合の差、ポイント）」
fn difference_label(name: &str, minus: &str, language: Language) -> String {
    language.parenthesised(
        &format!("{name} − {minus}"),
        language.pick(
            "年齢調整割合の差、ポイント",
            "difference of the age-standardised shares, points",
        ),
    )
}

/// A figure with its 95 % interval past a threshold, as a CSV row.
struct Figure<'a> {
    label: &'a str,
    threshold: &'a Threshold,
    estimate: &'a Result<Estimate, Unstandardised>,
    /// 100 for shares in % and differences in points, 1 for a ratio.
    scale: f64,
    /// As the page's table shows it (with the range suppressed cells leave open).
    shown: &'a str,
    /// How it was made.
    how: &'a str,
}

impl Figure<'_> {
    /// Series, threshold, unit, no edges or people, the value and its interval, no suppressed
    /// cells, the note: what the page shows and how it was made, or why there is no figure.
    fn row(&self, indicator: &Indicator, language: Language) -> Vec<String> {
        let mut row = vec![
            self.label.to_string(),
            names::threshold_condition(self.threshold, indicator.unit, language),
            indicator.unit.to_string(),
        ];
        row.resize(6, String::new());
        match self.estimate {
            Ok(estimate) => {
                for value in [estimate.value, estimate.interval.0, estimate.interval.1] {
                    row.push(format!("{:.2}", value * self.scale));
                }
                row.push(String::new());
                row.push(format!("{}{} {}", shown_as(language), self.shown, self.how));
            }
            Err(why) => {
                row.resize(10, String::new());
                row.push(unstandardised(why, language));
            }
        }
        row
    }
}

/// One CSV record as the csv crate writes it by default (RFC 4180: a field is quoted only when
/// it holds a comma, a quote or a line break, with its quotes doubled; `\n` after the record).
/// Not the csv crate's writer: its check whether a field is a number, for a quoting style
/// Renkei never uses, links core's general float parser and its tables (with `str::parse`, 15 KB
/// gzip of the exports module's 25). The tests hold this to the csv crate's writer byte for byte.
fn write_record<S: AsRef<str>>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = S>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        let field = field.as_ref();
        if field.contains([',', '"', '\n', '\r']) {
            out.push(b'"');
            out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(field.as_bytes());
        }
    }
    out.push(b'\n');
}

/// A cell a spreadsheet would run as a formula, made inert. Excel in Japanese also reads the
/// full-width ＝＋－＠ as formula leaders; a number (−1.5) is left as it is. Numbers are read as
/// the page reads decimals (`parse_decimal`, up to 15 digits: a longer one is made text), not
/// with `str::parse`, whose general algorithm and its tables would join the exports module.
pub fn neutralised(cell: &str) -> String {
    let leaders = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    if cell.starts_with(leaders) && parse_decimal(cell).is_none() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any record of two fields or more (the exports' have twelve) is written as the csv
        /// crate writes it.
        #[test]
        fn records_are_written_as_the_csv_crate_writes_them(fields in proptest::collection::vec("[a-z,\"\\r\n 　=系#'-]{0,6}", 2..6)) {
            let mut ours = Vec::new();
            write_record(&mut ours, &fields);
            let mut theirs = csv::Writer::from_writer(Vec::new());
            theirs.write_record(&fields).unwrap();
            proptest::prop_assert_eq!(ours, theirs.into_inner().unwrap());
        }
    }

    #[test]
    fn formulas_are_made_inert_and_other_text_is_kept() {
        assert_eq!(neutralised("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralised("+1"), "+1");
        assert_eq!(neutralised("-1"), "-1");
        assert_eq!(neutralised("-0.53"), "-0.53");
        assert_eq!(neutralised("-1.5e2"), "-1.5e2");
        assert_eq!(neutralised("-1234567890123456789"), "'-1234567890123456789");
        assert_eq!(neutralised("-1+HYPERLINK(\"x\")"), "'-1+HYPERLINK(\"x\")");
        assert_eq!(neutralised("＝1+1"), "'＝1+1");
        assert_eq!(neutralised("＠SUM(A1)"), "'＠SUM(A1)");
        assert_eq!(neutralised("－北海道"), "'－北海道");
        assert_eq!(neutralised("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralised("\tx"), "'\tx");
        assert_eq!(neutralised("北海道"), "北海道");
        assert_eq!(neutralised("120以上130未満"), "120以上130未満");
        assert_eq!(neutralised(""), "");
    }
}
