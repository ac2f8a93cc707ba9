//! Small multiples: one small distribution per sex × age band, every group's outline in its own
//! colour on a scale shared by all panels, so a council sees *which* sex and age groups differ.
//! Each panel prints every group's share on the risky side of the item's 受診勧奨判定値. Drawn on
//! any plotters backend, like `crate::draw::chart`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::analysis::distribution::{format_percent, ThresholdShare};
use crate::draw::chart::{
    bar_layout, chart_error, rgb, wrap_lines, ChartError, FONT_FAMILY, GROUP_RGB,
};
use crate::model::indicator::format_value;
use crate::model::{group_name, Sex};
use crate::view::groups::GroupComparison;
use crate::view::language::Language;

/// Draws the panels filling `root`; `scale` as in `chart::draw_distribution_chart`.
pub fn draw_small_multiples<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    comparison: &GroupComparison,
    scale: f64,
) -> Result<(), ChartError> {
    let px = |css_px: f64| (css_px * scale).round() as i32;
    let text = |css_px: f64, color: RGBColor| TextStyle {
        font: (FONT_FAMILY, css_px * scale).into_font(),
        color: color.to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Top),
    };
    let ink = RGBColor(0x1A, 0x1A, 0x1A);
    root.fill(&WHITE).map_err(chart_error)?;
    let (_, height_px) = root.dim_in_pixel();
    let indicator = comparison.indicator;
    let colours: Vec<RGBColor> = (0..comparison.groups.len())
        .map(|i| rgb(GROUP_RGB[i % GROUP_RGB.len()]))
        .collect();

    let language = comparison.language;
    let area = comparison.area.name(language);
    let title = match language {
        Language::Japanese => format!(
            "{}：区分別の分布（{area}・性別×年齢階級、{}年度）",
            indicator.name_ja, comparison.fiscal_year
        ),
        Language::English => format!(
            "{} by group ({area}, sex × age band, FY{})",
            indicator.name_en, comparison.fiscal_year
        ),
    };
    root.draw(&Text::new(title, (px(16.0), px(10.0)), text(18.0, ink)))
        .map_err(chart_error)?;
    if comparison.fictional {
        crate::draw::chart::draw_fictional_banner(root, scale, language)?;
    }
    let mut legend_x = px(16.0);
    for (group, colour) in comparison.groups.iter().zip(&colours) {
        let y = px(38.0);
        root.draw(&Rectangle::new(
            [(legend_x, y + px(7.0)), (legend_x + px(18.0), y + px(10.0))],
            colour.filled(),
        ))
        .map_err(chart_error)?;
        let name = group_name(group, language);
        root.draw(&Text::new(
            name.clone(),
            (legend_x + px(24.0), y),
            text(14.0, ink),
        ))
        .map_err(chart_error)?;
        let name_width = root
            .estimate_text_size(&name, &text(14.0, ink))
            .map_or(px(40.0), |(w, _)| w as i32);
        legend_x += px(40.0) + name_width;
    }
    let threshold = comparison.panel_threshold();
    let explanation = match (threshold, language) {
        (Some(t), Language::Japanese) => {
            format!(
                "各図の数値：{}の人の割合",
                t.heading(indicator.unit, language)
            )
        }
        (Some(t), Language::English) => format!(
            "Figures: share of people past the {}",
            language.in_sentence(&t.heading(indicator.unit, language))
        ),
        (None, _) => language
            .pick("各図の数値：人数", "Figures: people")
            .to_string(),
    };
    root.draw(&Text::new(
        explanation,
        (legend_x + px(12.0), px(40.0)),
        text(13.0, ink),
    ))
    .map_err(chart_error)?;

    // Shared scales: every panel's bars on one x range and one height.
    let layouts: Vec<Vec<Option<crate::draw::chart::BarLayout>>> = comparison
        .panels
        .iter()
        .map(|panel| {
            panel
                .series
                .iter()
                .map(|s| s.as_ref().ok().map(bar_layout))
                .collect()
        })
        .collect();
    let (mut x_min, mut x_max, mut y_top) = (f64::INFINITY, f64::NEG_INFINITY, 0.0f64);
    for bar in layouts.iter().flatten().flatten().flat_map(|l| &l.bars) {
        x_min = x_min.min(bar.x_from);
        x_max = x_max.max(bar.x_to);
        y_top = y_top.max(bar.height_percent);
    }
    if !x_min.is_finite() {
        return Err(ChartError(
            language
                .pick(
                    "どの性別・年齢階級にもデータがありません。",
                    "No sex or age band has data.",
                )
                .into(),
        ));
    }
    let y_max = y_top * 1.1;

    let header_px = px(66.0) as u32;
    let row_label_px = px(44.0) as u32;
    let reference = layouts
        .iter()
        .flatten()
        .flatten()
        .find_map(|l| l.reference_width);
    let unit = indicator.unit;
    let scale_note = match (reference, language) {
        (Some(w), Language::Japanese) => format!(
            "縦軸はすべての図で共通（{}{unit}幅あたりの人数の割合）。横軸は{}（{unit}）、縦線は判定値。",
            format_value(w),
            indicator.name_ja,
        ),
        (Some(w), Language::English) => format!(
            "One vertical scale for every panel (share of people per {} {unit}). Horizontal: {} ({unit}); vertical lines: thresholds.",
            format_value(w),
            indicator.name_en,
        ),
        (None, _) => language
            .pick(
                "縦軸はすべての図で共通（人数の割合）。",
                "One vertical scale for every panel (share of people).",
            )
            .to_string(),
    };
    let notes = [
        comparison.citation.clone(),
        scale_note,
        language
            .pick(
                "両端の階層は上限・下限がないため隣の階層と同じ幅で描画（高さは目安）。",
                "Open-ended end bins are drawn as wide as their neighbour (their height is a guide).",
            )
            .to_string(),
    ];
    let footer_lines = wrap_lines(root, &notes, &text(12.5, ink), px(32.0));
    let footer_px = px(8.0 + 18.0 * footer_lines.len() as f64) as u32;
    let grid_height = height_px.saturating_sub(header_px + footer_px).max(2);
    let (_, rest) = root.split_vertically(header_px);
    let (grid, footer) = rest.split_vertically(grid_height);
    for (index, line) in footer_lines.into_iter().enumerate() {
        footer
            .draw(&Text::new(
                line,
                (px(16.0), px(6.0 + 18.0 * index as f64)),
                text(12.5, ink),
            ))
            .map_err(chart_error)?;
    }

    let (labels, cells) = grid.split_horizontally(row_label_px);
    let rows = cells.split_evenly((2, 7));
    for (row, sex) in [Sex::Male, Sex::Female].into_iter().enumerate() {
        let (_, row_height) = rows[row * 7].dim_in_pixel();
        labels
            .draw(&Text::new(
                sex.name(language),
                (
                    px(10.0),
                    row as i32 * row_height as i32 + row_height as i32 / 2,
                ),
                text(14.0, ink).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(chart_error)?;
    }
    for ((panel, layout), area) in comparison.panels.iter().zip(&layouts).zip(&rows) {
        let (panel_width, panel_height) = area.dim_in_pixel();
        area.draw(&Rectangle::new(
            [
                (px(2.0), px(2.0)),
                (panel_width as i32 - px(2.0), panel_height as i32 - px(2.0)),
            ],
            RGBColor(0xDD, 0xDD, 0xDD).stroke_width(1),
        ))
        .map_err(chart_error)?;
        area.draw(&Text::new(
            panel.age_band.label(language),
            (px(8.0), px(6.0)),
            text(13.0, ink),
        ))
        .map_err(chart_error)?;
        for (index, ((result, colour), group)) in panel
            .series
            .iter()
            .zip(&colours)
            .zip(&comparison.groups)
            .enumerate()
        {
            let figure = match (result, threshold) {
                (Err(_), _) => "—".to_string(),
                (Ok(d), Some(t)) => match d.threshold_share(t) {
                    ThresholdShare::Known { share_fraction, .. } => format_percent(share_fraction),
                    ThresholdShare::NotOnBinEdge => "—".to_string(),
                },
                (Ok(d), None) => language.people(&crate::analysis::distribution::format_people(
                    d.total_people,
                )),
            };
            let label = format!("{} {figure}", group_name(group, language));
            // A long group name is set smaller rather than run into the next panel.
            let room_px = panel_width as f64 - f64::from(px(12.0));
            let width_px = area
                .estimate_text_size(&label, &text(13.0, ink))
                .map_or(0.0, |(width, _)| f64::from(width));
            let size = if width_px > room_px {
                (13.0 * room_px / width_px).max(9.0)
            } else {
                13.0
            };
            area.draw(&Text::new(
                label,
                (px(8.0), px(24.0 + 17.0 * index as f64)),
                text(size, darker(*colour)),
            ))
            .map_err(chart_error)?;
        }
        let plot_top = px(26.0 + 17.0 * panel.series.len() as f64) as u32;
        let (_, plot) = area.split_vertically(plot_top.min(panel_height.saturating_sub(2)));
        let mut cartesian = ChartBuilder::on(&plot)
            .margin(px(6.0))
            .build_cartesian_2d(x_min..x_max, 0.0..y_max)
            .map_err(chart_error)?;
        if let Some(t) = threshold {
            if t.value > x_min && t.value < x_max {
                cartesian
                    .draw_series([PathElement::new(
                        vec![(t.value, 0.0), (t.value, y_max)],
                        RGBColor(0x55, 0x55, 0x55).stroke_width(px(1.0).max(1) as u32),
                    )])
                    .map_err(chart_error)?;
            }
        }
        cartesian
            .draw_series([PathElement::new(
                vec![(x_min, 0.0), (x_max, 0.0)],
                RGBColor(0x99, 0x99, 0x99).stroke_width(1),
            )])
            .map_err(chart_error)?;
        for (layout, colour) in layout.iter().zip(&colours) {
            let Some(layout) = layout else { continue };
            let mut outline = Vec::with_capacity(layout.bars.len() * 2 + 2);
            for bar in &layout.bars {
                outline.push((bar.x_from, bar.height_percent));
                outline.push((bar.x_to, bar.height_percent));
            }
            if let (Some(first), Some(last)) = (layout.bars.first(), layout.bars.last()) {
                outline.insert(0, (first.x_from, 0.0));
                outline.push((last.x_to, 0.0));
            }
            cartesian
                .draw_series([PathElement::new(
                    outline,
                    colour.stroke_width(px(2.0).max(1) as u32),
                )])
                .map_err(chart_error)?;
        }
    }
    root.present().map_err(chart_error)?;
    Ok(())
}

/// Text in a group's colour, darkened so it keeps 4.5:1 contrast on white.
fn darker(colour: RGBColor) -> RGBColor {
    let RGBColor(r, g, b) = colour;
    let shade = |c: u8| (c as f64 * 0.8) as u8;
    RGBColor(shade(r), shade(g), shade(b))
}

/// Renders the panels as an SVG document.
pub fn render_svg(
    comparison: &GroupComparison,
    width_px: u32,
    height_px: u32,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width_px, height_px)).into_drawing_area();
        draw_small_multiples(&root, comparison, 1.0)?;
    }
    Ok(svg)
}
