//! Exports of every chart, all made here and offline: the image on any plotters backend (the
//! page paints its canvases and PNGs at 1×–3×; SVG comes from plotters' SVG backend), drawn once
//! and replayed on the backend (`draw::recording`), and a CSV of
//! exactly the numbers the chart draws. Every image carries its title, source and year, and the
//! 「架空データ（操作説明用）」 label where it applies, because the charts draw them themselves.
//!
//! CSV: UTF-8 with a BOM so Excel opens it as UTF-8; every row names its source; a cell that
//! begins with `=`, `+`, `-`, `@` (or their full-width forms), a tab or a carriage return and is
//! not a number is prefixed with `'` so a spreadsheet never runs it as a formula (a file's area
//! or group names reach these cells).

use std::sync::Arc;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::analysis::distribution::Distribution;
use crate::draw::distribution_chart::draw_distribution_chart;
use crate::draw::recording;
use crate::draw::small_multiples::draw_small_multiples;
use crate::draw::DrawError;
use crate::import::collection::is_hidden_control;
use crate::view::groups::GroupComparison;
use crate::view::language::Language;
use crate::view::names;
use crate::view::screen::ScreenModel;
use crate::view::simulator::chart::SimulationChart;

/// A chart the page shows, as what can be exported from it.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartImage {
    Distribution(ScreenModel),
    /// Shared with the group section's memo: an image is cloned on every export and redraw.
    SmallMultiples(Arc<GroupComparison>),
    Simulation(SimulationChart),
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

    /// The numbers the chart draws, one row per series and bin.
    pub fn csv(&self) -> Vec<u8> {
        let language = self.language();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let (citation, fictional, note) = match self {
            ChartImage::Distribution(model) => {
                for series in std::iter::once(&model.primary).chain(&model.comparison) {
                    rows.extend(distribution_rows(
                        &[names::selection(&series.selection, language)],
                        &series.distribution,
                        model.indicator.unit,
                        language,
                    ));
                }
                (model.citation.clone(), model.fictional, String::new())
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
                                language,
                            ));
                        }
                    }
                }
                (
                    comparison.citation.clone(),
                    comparison.fictional,
                    String::new(),
                )
            }
            ChartImage::Simulation(chart) => {
                for (label, distribution) in [
                    (&chart.before_label, &chart.before),
                    (&chart.after_label, &chart.after),
                ] {
                    rows.extend(distribution_rows(
                        std::slice::from_ref(label),
                        distribution,
                        chart.indicator.unit,
                        language,
                    ));
                }
                (
                    chart.citation.clone(),
                    chart.fictional,
                    language
                        .pick(
                            "介入後は階級別の公表人数からの推計",
                            "After: estimated from the published counts per bin",
                        )
                        .to_string(),
                )
            }
        };
        let mut note = note;
        if fictional {
            note = [names::fictional_label(language).to_string(), note]
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join(language.pick("／", " / "));
        }
        let mut bytes = "\u{FEFF}".as_bytes().to_vec();
        {
            let mut writer = csv::Writer::from_writer(&mut bytes);
            let header = match language {
                Language::Japanese => [
                    "系列",
                    "階級",
                    "単位",
                    "下限",
                    "上限",
                    "人数",
                    "割合（%）",
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
                    "Suppressed cells",
                    "Source",
                    "Note",
                ],
            };
            // Writing to memory cannot fail; the rows are all the same length.
            let _ = writer.write_record(header);
            for mut row in rows {
                row.push(citation.clone());
                row.push(note.clone());
                let _ = writer.write_record(row.iter().map(|cell| neutralised(cell)));
            }
            let _ = writer.flush();
        }
        bytes
    }
}

/// One row per bin: series, bin, unit, edges, people, share, suppressed cells.
fn distribution_rows(
    labels: &[String],
    d: &Distribution,
    unit: &str,
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
                bin.suppressed_cell_count.to_string(),
            ]);
            row
        })
        .collect()
}

/// A cell a spreadsheet would run as a formula, made inert. Excel in Japanese also reads the
/// full-width ＝＋－＠ as formula leaders; a number (−1.5) is left as it is.
pub fn neutralised(cell: &str) -> String {
    let leaders = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    if cell.starts_with(leaders) && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert_and_other_text_is_kept() {
        assert_eq!(neutralised("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralised("+1"), "+1");
        assert_eq!(neutralised("-1"), "-1");
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
