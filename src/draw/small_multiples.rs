//! Small multiples: one small distribution per sex × age band, every group's outline in its own
//! colour on a scale shared by all panels, so a council sees *which* sex and age groups differ.
//! Each panel prints every group's figure (its share past the item's 受診勧奨判定値). Drawn on
//! any plotters backend, like `draw::distribution_chart`, with the words it is given.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::analysis::distribution::Distribution;
use crate::draw::bars::{bar_layout, BarLayout};
use crate::draw::{
    backend_error, begin_chart, rgb, text_style, wrap_lines, DrawError, GROUP_RGB, INK,
};

/// The panels with every word they print.
pub struct SmallMultiplesChart<'a> {
    /// 「収縮期血圧：区分別の分布（北海道・性別×年齢階級、2022年度）」
    pub title: String,
    /// The groups' names, in the order of their colours.
    pub legend: Vec<String>,
    /// What each panel's figures are (「各図の数値：受診勧奨判定値（140mmHg以上）の人の割合」).
    pub explanation: String,
    /// The source, then notes on the scales.
    pub footer: Vec<String>,
    /// The two rows: men, women.
    pub row_labels: [String; 2],
    /// Men's seven age bands, then women's.
    pub panels: Vec<PanelChart<'a>>,
    /// The vertical line in every panel (受診勧奨判定値 where the item has one).
    pub threshold_value: Option<f64>,
    /// Example data: the image carries this label.
    pub fictional_label: Option<String>,
}

/// One sex × age band: each group's distribution (`None`: no data) and its figure line.
pub struct PanelChart<'a> {
    /// 「40〜44歳」
    pub label: String,
    pub series: Vec<Option<&'a Distribution>>,
    /// 「地域 20.0%」, per group.
    pub figures: Vec<String>,
}

/// Draws the panels filling `root`; `scale` as in `chart::draw_distribution_chart`.
pub fn draw_small_multiples<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &SmallMultiplesChart,
    scale: f64,
) -> Result<(), DrawError> {
    let px = |css_px: f64| (css_px * scale).round() as i32;
    let text = |css_px: f64, color: RGBColor| text_style(scale, css_px, color);
    let ink = INK;
    let (_, height_px) = root.dim_in_pixel();
    let colours: Vec<RGBColor> = (0..chart.legend.len())
        .map(|i| rgb(GROUP_RGB[i % GROUP_RGB.len()]))
        .collect();

    begin_chart(
        root,
        scale,
        &chart.title,
        18.0,
        chart.fictional_label.as_deref(),
    )?;
    let mut legend_x = px(16.0);
    for (name, colour) in chart.legend.iter().zip(&colours) {
        let y = px(38.0);
        root.draw(&Rectangle::new(
            [(legend_x, y + px(7.0)), (legend_x + px(18.0), y + px(10.0))],
            colour.filled(),
        ))
        .map_err(backend_error)?;
        root.draw(&Text::new(
            name.as_str(),
            (legend_x + px(24.0), y),
            text(14.0, ink),
        ))
        .map_err(backend_error)?;
        let name_width = root
            .estimate_text_size(name, &text(14.0, ink))
            .map_or(px(40.0), |(w, _)| w as i32);
        legend_x += px(40.0) + name_width;
    }
    root.draw(&Text::new(
        chart.explanation.as_str(),
        (legend_x + px(12.0), px(40.0)),
        text(13.0, ink),
    ))
    .map_err(backend_error)?;

    // Shared scales: every panel's bars on one x range and one height.
    let layouts: Vec<Vec<Option<BarLayout>>> = chart
        .panels
        .iter()
        .map(|panel| panel.series.iter().map(|s| s.map(bar_layout)).collect())
        .collect();
    let (mut x_min, mut x_max, mut y_top) = (f64::INFINITY, f64::NEG_INFINITY, 0.0f64);
    for bar in layouts.iter().flatten().flatten().flat_map(|l| &l.bars) {
        x_min = x_min.min(bar.x_from);
        x_max = x_max.max(bar.x_to);
        y_top = y_top.max(bar.height_percent);
    }
    if !x_min.is_finite() {
        return Err(DrawError::NoData);
    }
    let y_max = y_top * 1.1;

    let header_px = px(66.0) as u32;
    let row_label_px = px(44.0) as u32;
    let footer_lines = wrap_lines(root, &chart.footer, &text(12.5, ink), px(32.0));
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
            .map_err(backend_error)?;
    }

    let (labels, cells) = grid.split_horizontally(row_label_px);
    let rows = cells.split_evenly((2, 7));
    for (row, row_label) in chart.row_labels.iter().enumerate() {
        let (_, row_height) = rows[row * 7].dim_in_pixel();
        labels
            .draw(&Text::new(
                row_label.as_str(),
                (
                    px(10.0),
                    row as i32 * row_height as i32 + row_height as i32 / 2,
                ),
                text(14.0, ink).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(backend_error)?;
    }
    for ((panel, layout), area) in chart.panels.iter().zip(&layouts).zip(&rows) {
        let (panel_width, panel_height) = area.dim_in_pixel();
        area.draw(&Rectangle::new(
            [
                (px(2.0), px(2.0)),
                (panel_width as i32 - px(2.0), panel_height as i32 - px(2.0)),
            ],
            RGBColor(0xDD, 0xDD, 0xDD).stroke_width(1),
        ))
        .map_err(backend_error)?;
        area.draw(&Text::new(
            panel.label.as_str(),
            (px(8.0), px(6.0)),
            text(13.0, ink),
        ))
        .map_err(backend_error)?;
        for (index, (label, colour)) in panel.figures.iter().zip(&colours).enumerate() {
            // A long group name is set smaller rather than run into the next panel.
            let room_px = panel_width as f64 - f64::from(px(12.0));
            let width_px = area
                .estimate_text_size(label, &text(13.0, ink))
                .map_or(0.0, |(width, _)| f64::from(width));
            let size = if width_px > room_px {
                (13.0 * room_px / width_px).max(9.0)
            } else {
                13.0
            };
            area.draw(&Text::new(
                label.as_str(),
                (px(8.0), px(24.0 + 17.0 * index as f64)),
                text(size, darker(*colour)),
            ))
            .map_err(backend_error)?;
        }
        let plot_top = px(26.0 + 17.0 * panel.series.len() as f64) as u32;
        let (_, plot) = area.split_vertically(plot_top.min(panel_height.saturating_sub(2)));
        let mut cartesian = ChartBuilder::on(&plot)
            .margin(px(6.0))
            .build_cartesian_2d(x_min..x_max, 0.0..y_max)
            .map_err(backend_error)?;
        if let Some(value) = chart.threshold_value {
            if value > x_min && value < x_max {
                cartesian
                    .draw_series([PathElement::new(
                        vec![(value, 0.0), (value, y_max)],
                        RGBColor(0x55, 0x55, 0x55).stroke_width(px(1.0).max(1) as u32),
                    )])
                    .map_err(backend_error)?;
            }
        }
        cartesian
            .draw_series([PathElement::new(
                vec![(x_min, 0.0), (x_max, 0.0)],
                RGBColor(0x99, 0x99, 0x99).stroke_width(1),
            )])
            .map_err(backend_error)?;
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
                .map_err(backend_error)?;
        }
    }
    root.present().map_err(backend_error)?;
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
    chart: &SmallMultiplesChart,
    width_px: u32,
    height_px: u32,
) -> Result<String, DrawError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width_px, height_px)).into_drawing_area();
        draw_small_multiples(&root, chart, 1.0)?;
    }
    Ok(svg)
}
