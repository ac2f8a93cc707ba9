//! The distribution chart: one population filled and one outlined on the item's own scale
//! (`draw::bars`), every bin's share printed on it so no number has to be read off the axis,
//! the thresholds as lines named in text, and the source and notes under it. Open-ended end bins
//! are drawn paler, and the chart's notes say so.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::analysis::distribution::Distribution;
use crate::draw::bars::{bar_layout, Bar};
use crate::draw::{
    backend_error, begin_chart, rgb, text_style, wrap_lines, DrawError, COMPARISON_RGB,
    COMPARISON_TEXT_RGB, INK, PRIMARY_RGB,
};
use crate::model::text::{format_percent, format_value};

pub struct ChartSeries<'a> {
    /// 「北海道・男女計・40〜74歳（塗り：975,254人）」
    pub legend: String,
    pub distribution: &'a Distribution,
}

/// A threshold line and its label (「受診勧奨判定値 140以上」).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartThreshold {
    pub value: f64,
    /// Solid (受診勧奨判定値) or dashed (保健指導判定値).
    pub solid: bool,
    pub label: String,
}

/// A distribution chart with every word it prints.
pub struct DistributionChart<'a> {
    /// 「収縮期血圧の分布（2022年度）」
    pub title: String,
    pub primary: ChartSeries<'a>,
    pub comparison: Option<ChartSeries<'a>>,
    /// 「人数の割合（%、10mmHg幅あたり）」
    pub y_axis: String,
    /// 「収縮期血圧（mmHg）」
    pub x_axis: String,
    /// Drawn on numeric bins only.
    pub thresholds: Vec<ChartThreshold>,
    /// The source first (「出典：厚生労働省 NDBオープンデータ 第10回（2022年度 特定健診）」), then
    /// notes (how a national total was made, suppressed cells…).
    pub footer: Vec<String>,
    /// Example data: the image carries this label (「架空データ（操作説明用）」).
    pub fictional_label: Option<String>,
}

/// A bar in chart coordinates, drawn with `style` (a fill or an outline).
fn bar_rectangle(bar: &Bar, style: ShapeStyle) -> Rectangle<(f64, f64)> {
    Rectangle::new([(bar.x_from, 0.0), (bar.x_to, bar.height_percent)], style)
}

/// Rows of labels over the bars (CSS px): a series' share above each bar, and each threshold's
/// name at the top of the plot. The headroom above the tallest bar is counted in them.
const SHARE_LABEL_ROW_PX: f64 = 16.0;
const THRESHOLD_LABEL_ROW_PX: f64 = 18.0;
/// What the plot keeps above and below its bars (CSS px).
const PLOT_MARGIN_TOP_PX: f64 = 8.0;
const X_LABEL_AREA_PX: f64 = 52.0;

/// Draws the chart filling `root`. `scale` multiplies every font size, margin and line width:
/// 1 for CSS pixels, the device pixel ratio for a sharp canvas, 2–3 for large exports.
pub fn draw_distribution_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &DistributionChart,
    scale: f64,
) -> Result<(), DrawError> {
    let px = |css_px: f64| (css_px * scale).round() as i32;
    let text = |css_px: f64, color: RGBColor| text_style(scale, css_px, color);
    let ink = INK;
    let (_, height_px) = root.dim_in_pixel();

    // Header: title and one legend line per series.
    begin_chart(
        root,
        scale,
        &chart.title,
        20.0,
        chart.fictional_label.as_deref(),
    )?;
    let mut series: Vec<(&ChartSeries, RGBColor, bool)> =
        vec![(&chart.primary, rgb(PRIMARY_RGB), true)];
    if let Some(comparison) = &chart.comparison {
        series.push((comparison, rgb(COMPARISON_RGB), false));
    }
    for (row, (item, color, filled)) in series.iter().enumerate() {
        let y = px(40.0 + 22.0 * row as f64);
        let swatch = [(px(16.0), y + px(2.0)), (px(30.0), y + px(16.0))];
        let style = if *filled {
            color.filled()
        } else {
            color.stroke_width(px(2.5).max(1) as u32)
        };
        root.draw(&Rectangle::new(swatch, style))
            .map_err(backend_error)?;
        root.draw(&Text::new(
            item.legend.as_str(),
            (px(38.0), y),
            text(14.0, ink),
        ))
        .map_err(backend_error)?;
    }
    let header_px = px(44.0 + 22.0 * series.len() as f64) as u32;
    // Footer: the source, then notes, wrapped to the width.
    let footer_lines = wrap_lines(root, &chart.footer, &text(12.5, ink), px(32.0));
    let footer_px = px(10.0 + 18.0 * footer_lines.len() as f64) as u32;
    let (_, rest) = root.split_vertically(header_px);
    let plot_height = height_px.saturating_sub(header_px + footer_px).max(1);
    let (plot_area, footer) = rest.split_vertically(plot_height);
    for (index, line) in footer_lines.into_iter().enumerate() {
        let y = px(4.0 + 18.0 * index as f64);
        footer
            .draw(&Text::new(line, (px(16.0), y), text(12.5, ink)))
            .map_err(backend_error)?;
    }

    let primary = bar_layout(chart.primary.distribution);
    let comparison = chart
        .comparison
        .as_ref()
        .map(|c| bar_layout(c.distribution));
    let all_bars = primary
        .bars
        .iter()
        .chain(comparison.iter().flat_map(|l| l.bars.iter()));
    let (mut x_min, mut x_max, mut y_top) = (f64::INFINITY, f64::NEG_INFINITY, 0.0f64);
    for bar in all_bars {
        x_min = x_min.min(bar.x_from);
        x_max = x_max.max(bar.x_to);
        y_top = y_top.max(bar.height_percent);
    }
    // The tallest bar ends below its share labels (one row a series) and the thresholds' labels
    // (one row each, at the top of the plot, possibly across that bar): otherwise a label's
    // white backing hides a share.
    let label_rows_px = 10.0
        + SHARE_LABEL_ROW_PX * series.len() as f64
        + THRESHOLD_LABEL_ROW_PX * chart.thresholds.len() as f64;
    let bars_px = plot_height as f64 - px(PLOT_MARGIN_TOP_PX + X_LABEL_AREA_PX) as f64;
    let free_fraction = (1.0 - px(label_rows_px) as f64 / bars_px).max(0.2);
    let y_max = (y_top / free_fraction).max(1.0);
    if !(x_min < x_max && (x_max - x_min).is_finite() && y_max.is_finite()) {
        return Err(DrawError::ValueRange);
    }
    let pad = (x_max - x_min) * 0.02;
    let (x_min, x_max) = (x_min - pad, x_max + pad);

    let mut cartesian = ChartBuilder::on(&plot_area)
        .margin_left(px(8.0))
        .margin_right(px(24.0))
        .margin_top(px(PLOT_MARGIN_TOP_PX))
        .x_label_area_size(px(X_LABEL_AREA_PX))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(x_min..x_max, 0.0..y_max)
        .map_err(backend_error)?;
    cartesian
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| format_value((v * 10.0).round() / 10.0))
        .y_desc(chart.y_axis.as_str())
        .x_desc(chart.x_axis.as_str())
        .label_style(text(13.0, ink))
        .axis_desc_style(text(13.0, ink))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xDD, 0xDD, 0xDD))
        .draw()
        .map_err(backend_error)?;

    let blue = rgb(PRIMARY_RGB);
    cartesian
        .draw_series(primary.bars.iter().map(|bar| {
            let fill = if bar.open_ended {
                blue.mix(0.35)
            } else {
                blue.mix(0.85)
            };
            bar_rectangle(bar, fill.filled())
        }))
        .map_err(backend_error)?;
    cartesian
        .draw_series(
            primary
                .bars
                .iter()
                .map(|bar| bar_rectangle(bar, blue.stroke_width(px(1.0).max(1) as u32))),
        )
        .map_err(backend_error)?;
    if let Some(layout) = &comparison {
        let vermilion = rgb(COMPARISON_RGB);
        cartesian
            .draw_series(
                layout
                    .bars
                    .iter()
                    .map(|bar| bar_rectangle(bar, vermilion.stroke_width(px(3.0).max(1) as u32))),
            )
            .map_err(backend_error)?;
    }

    // Share labels: the primary's on top of each bar, the comparison's (vermilion) above it;
    // marked ＊ where suppressed people may belong to the bin (the notes say so).
    let share_label = |bar: &Bar| {
        let share = format_percent(bar.share_fraction);
        if bar.people_unknown {
            share + "＊"
        } else {
            share
        }
    };
    let label_style = |color: RGBColor| text(12.5, color).pos(Pos::new(HPos::Center, VPos::Bottom));
    for (index, bar) in primary.bars.iter().enumerate() {
        let compared = comparison.as_ref().and_then(|l| l.bars.get(index));
        let top = bar
            .height_percent
            .max(compared.map_or(0.0, |c| c.height_percent));
        let (x, y) = cartesian.backend_coord(&((bar.x_from + bar.x_to) / 2.0, top));
        let mut y = y - px(3.0);
        if let Some(compared) = compared {
            root.draw(&Text::new(
                share_label(compared),
                (x, y),
                label_style(rgb(COMPARISON_TEXT_RGB)),
            ))
            .map_err(backend_error)?;
            y -= px(SHARE_LABEL_ROW_PX);
        }
        root.draw(&Text::new(share_label(bar), (x, y), label_style(blue)))
            .map_err(backend_error)?;
    }

    // x labels: bin edges for numeric bins, bin labels for categorical ones.
    let tick_style = text(13.0, ink).pos(Pos::new(HPos::Center, VPos::Top));
    let bins = &chart.primary.distribution.bins;
    if primary.reference_width.is_some() {
        let mut edges: Vec<f64> = bins
            .iter()
            .flat_map(|b| [b.bin.lower, b.bin.upper])
            .flatten()
            .collect();
        edges.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
        // Every edge at the precision of the finest one: 5.6, 6.0, 6.5 rather than 5.6, 6, 6.5.
        let decimals = edges
            .iter()
            .map(|edge| {
                format_value(*edge)
                    .split_once('.')
                    .map_or(0, |(_, fraction)| fraction.len())
            })
            .max()
            .unwrap_or(0);
        for edge in edges {
            let (x, y) = cartesian.backend_coord(&(edge, 0.0));
            root.draw(&Text::new(
                format!("{edge:.decimals$}"),
                (x, y + px(6.0)),
                tick_style.clone(),
            ))
            .map_err(backend_error)?;
        }
    } else {
        for (bar, bin) in primary.bars.iter().zip(bins) {
            let (x, y) = cartesian.backend_coord(&((bar.x_from + bar.x_to) / 2.0, 0.0));
            root.draw(&Text::new(
                bin.bin.label.clone(),
                (x, y + px(6.0)),
                tick_style.clone(),
            ))
            .map_err(backend_error)?;
        }
    }

    // Thresholds: dashed for 保健指導判定値, solid for 受診勧奨判定値, each named in text.
    if primary.reference_width.is_some() {
        for (index, threshold) in chart.thresholds.iter().enumerate() {
            if threshold.value <= x_min || threshold.value >= x_max {
                continue;
            }
            let (x, y_bottom) = cartesian.backend_coord(&(threshold.value, 0.0));
            let (_, y_top_px) = cartesian.backend_coord(&(threshold.value, y_max));
            let style = ShapeStyle::from(&ink).stroke_width(px(2.0).max(1) as u32);
            if threshold.solid {
                root.draw(&PathElement::new(vec![(x, y_top_px), (x, y_bottom)], style))
                    .map_err(backend_error)?;
            } else {
                let dash = px(7.0).max(2);
                let mut y = y_top_px;
                while y < y_bottom {
                    let end = (y + dash).min(y_bottom);
                    root.draw(&PathElement::new(vec![(x, y), (x, end)], style))
                        .map_err(backend_error)?;
                    y += 2 * dash;
                }
            }
            let label = threshold.label.as_str();
            let label_y = y_top_px + px(2.0 + THRESHOLD_LABEL_ROW_PX * index as f64);
            // Two thresholds sit close together: the lower one is labelled on its left and the
            // higher one on its right, so neither label crosses the other line.
            let is_lower_of_two = chart
                .thresholds
                .iter()
                .any(|other| other.value > threshold.value);
            // …unless the label would leave the plot on that side.
            let label_width_px = root
                .estimate_text_size(label, &text(13.0, ink))
                .map_or(0, |(width, _)| width as i32);
            let (plot_left_px, _) = cartesian.backend_coord(&(x_min, 0.0));
            let (plot_right_px, _) = cartesian.backend_coord(&(x_max, 0.0));
            let fits_left = x - px(5.0) - label_width_px >= plot_left_px;
            let fits_right = x + px(5.0) + label_width_px <= plot_right_px;
            let (anchor, offset) = if (is_lower_of_two && fits_left) || !fits_right {
                (HPos::Right, -px(5.0))
            } else {
                (HPos::Left, px(5.0))
            };
            // A white backing keeps the label legible where it crosses the other line.
            let label_x = x + offset;
            let (left, right) = match anchor {
                HPos::Right => (label_x - label_width_px, label_x),
                _ => (label_x, label_x + label_width_px),
            };
            let backing = [
                (left - px(2.0), label_y - px(1.0)),
                (right + px(2.0), label_y + px(16.0)),
            ];
            root.draw(&Rectangle::new(backing, WHITE.mix(0.9).filled()))
                .map_err(backend_error)?;
            let style = text(13.0, ink).pos(Pos::new(anchor, VPos::Top));
            root.draw(&Text::new(label, (label_x, label_y), style))
                .map_err(backend_error)?;
        }
    }
    root.present().map_err(backend_error)?;
    Ok(())
}

/// Renders the chart as an SVG document (`width_px` × `height_px` user units).
pub fn render_svg(
    chart: &DistributionChart,
    width_px: u32,
    height_px: u32,
) -> Result<String, DrawError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width_px, height_px)).into_drawing_area();
        draw_distribution_chart(&root, chart, 1.0)?;
    }
    Ok(svg)
}
