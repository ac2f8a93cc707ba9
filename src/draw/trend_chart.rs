//! The trend chart: shares past thresholds over fiscal years, one line per series (an area's
//! share past a threshold, solid, its 95 % interval as whiskers; the national share as a
//! reference, dashed), on any plotters backend. A year without a figure leaves a gap in its
//! line, never a zero.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::draw::{backend_error, begin_chart, rgb, text_style, wrap_lines, DrawError, INK};
use crate::model::text::format_value;

/// The chart with every word it prints.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendChart {
    /// 「収縮期血圧：判定値以上の人の割合の推移（北海道・男女計・40〜74歳、年齢調整）」
    pub title: String,
    /// 「割合（%）」
    pub y_axis: String,
    /// 「年度」
    pub x_axis: String,
    pub series: Vec<TrendSeries>,
    /// The source, the standard population, notes.
    pub footer: Vec<String>,
    /// Example data: the image carries this label.
    pub fictional_label: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrendSeries {
    /// 「北海道 140以上」
    pub label: String,
    pub rgb: (u8, u8, u8),
    /// A reference line (全国), drawn dashed.
    pub reference: bool,
    pub points: Vec<TrendPoint>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrendPoint {
    pub fiscal_year: i32,
    /// `None`: no figure this year (no data, or one that cannot be computed).
    pub percent: Option<f64>,
    /// The 95 % interval, widened by any range suppressed cells leave.
    pub interval_percent: Option<(f64, f64)>,
}

/// Space above the plot for each legend row and below it for the year labels (CSS px).
const LEGEND_ROW_PX: f64 = 20.0;
/// Each line of a wrapped title (CSS px).
const TITLE_LINE_PX: f64 = 24.0;
const X_LABEL_AREA_PX: f64 = 44.0;

/// Draws the chart filling `root`; `scale` multiplies every size (1 = CSS pixels).
pub fn draw_trend_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &TrendChart,
    scale: f64,
) -> Result<(), DrawError> {
    let px = |css_px: f64| (css_px * scale).round() as i32;
    let text = |css_px: f64, color: RGBColor| text_style(scale, css_px, color);
    let ink = INK;
    let (_, height_px) = root.dim_in_pixel();
    // The title names the area, sex, age band and method: in English it is often wider than
    // the chart, so it wraps, and everything below moves down by its extra lines.
    let title = std::slice::from_ref(&chart.title);
    let title_lines = wrap_lines(root, title, &text(18.0, ink), px(32.0));
    begin_chart(
        root,
        scale,
        &title_lines[0],
        18.0,
        chart.fictional_label.as_deref(),
    )?;
    for (index, line) in title_lines.iter().enumerate().skip(1) {
        let y = px(10.0 + TITLE_LINE_PX * index as f64);
        root.draw(&Text::new(line.as_str(), (px(16.0), y), text(18.0, ink)))
            .map_err(backend_error)?;
    }
    let title_extra_css_px = TITLE_LINE_PX * (title_lines.len() - 1) as f64;

    let points = chart.series.iter().flat_map(|s| &s.points);
    let (mut first_year, mut last_year, mut top_percent) = (i32::MAX, i32::MIN, 0.0f64);
    for point in points {
        first_year = first_year.min(point.fiscal_year);
        last_year = last_year.max(point.fiscal_year);
        let high = point.interval_percent.map(|(_, high)| high);
        top_percent = top_percent.max(high.or(point.percent).unwrap_or(0.0));
    }
    if first_year > last_year || top_percent <= 0.0 {
        return Err(DrawError::NoData);
    }

    // The legend: two series a row.
    let legend_top = px(40.0 + title_extra_css_px);
    for (index, series) in chart.series.iter().enumerate() {
        let x = px(16.0) + (index % 2) as i32 * px(330.0);
        let y = legend_top + (index / 2) as i32 * px(LEGEND_ROW_PX);
        let colour = rgb(series.rgb);
        let sample = sample_segments(series.reference, (x, y + px(8.0)), px(28.0), px);
        for segment in sample {
            root.draw(&PathElement::new(
                segment,
                colour.stroke_width(px(2.5).max(1) as u32),
            ))
            .map_err(backend_error)?;
        }
        root.draw(&Text::new(
            series.label.as_str(),
            (x + px(36.0), y),
            text(13.5, ink),
        ))
        .map_err(backend_error)?;
    }
    let legend_rows = chart.series.len().div_ceil(2) as f64;
    let header_px = px(48.0 + title_extra_css_px + LEGEND_ROW_PX * legend_rows) as u32;
    let footer_lines = wrap_lines(root, &chart.footer, &text(12.5, ink), px(32.0));
    let footer_px = px(8.0 + 18.0 * footer_lines.len() as f64) as u32;
    let (_, rest) = root.split_vertically(header_px);
    let plot_height = height_px.saturating_sub(header_px + footer_px).max(1);
    let (plot_area, footer) = rest.split_vertically(plot_height);
    for (index, line) in footer_lines.into_iter().enumerate() {
        footer
            .draw(&Text::new(
                line,
                (px(16.0), px(4.0 + 18.0 * index as f64)),
                text(12.5, ink),
            ))
            .map_err(backend_error)?;
    }

    let x_range = f64::from(first_year) - 0.5..f64::from(last_year) + 0.5;
    let y_max = (top_percent * 1.12).max(1.0);
    let mut cartesian = ChartBuilder::on(&plot_area)
        .margin_left(px(8.0))
        .margin_right(px(24.0))
        .margin_top(px(8.0))
        .x_label_area_size(px(X_LABEL_AREA_PX))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(x_range, 0.0..y_max)
        .map_err(backend_error)?;
    let year_count = (last_year - first_year + 1) as usize;
    cartesian
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(year_count)
        .x_label_formatter(&|year| (year.round() as i32).to_string())
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

    for series in &chart.series {
        let colour = rgb(series.rgb);
        let line_style = colour.stroke_width(px(2.5).max(1) as u32);
        // Runs of consecutive years with a figure: a missing year breaks the line.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for point in &series.points {
            match point.percent {
                Some(percent) => runs
                    .last_mut()
                    .map(|run| run.push((f64::from(point.fiscal_year), percent)))
                    .unwrap_or_default(),
                None => runs.push(Vec::new()),
            }
        }
        for run in runs.into_iter().filter(|run| !run.is_empty()) {
            let pixels: Vec<(i32, i32)> = run.iter().map(|p| cartesian.backend_coord(p)).collect();
            let segments = if series.reference {
                dashes(&pixels, px(7.0), px(5.0))
            } else {
                vec![pixels.clone()]
            };
            // In the backend's pixels, as `backend_coord` gives them: drawn on the root.
            for segment in segments {
                root.draw(&PathElement::new(segment, line_style))
                    .map_err(backend_error)?;
            }
            if !series.reference {
                cartesian
                    .draw_series(
                        run.iter()
                            .map(|p| Circle::new(*p, px(3.5).max(2), colour.filled())),
                    )
                    .map_err(backend_error)?;
            }
        }
        if series.reference {
            continue;
        }
        for point in &series.points {
            let Some((low, high)) = point.interval_percent else {
                continue;
            };
            let x = f64::from(point.fiscal_year);
            cartesian
                .draw_series([PathElement::new(
                    vec![(x, low), (x, high)],
                    colour.stroke_width(px(1.5).max(1) as u32),
                )])
                .map_err(backend_error)?;
        }
    }
    root.present().map_err(backend_error)?;
    Ok(())
}

/// A legend's sample of a line: whole, or in dashes for a reference.
fn sample_segments(
    reference: bool,
    (x, y): (i32, i32),
    length: i32,
    px: impl Fn(f64) -> i32,
) -> Vec<Vec<(i32, i32)>> {
    let line = vec![(x, y), (x + length, y)];
    if reference {
        dashes(&line, px(7.0), px(5.0))
    } else {
        vec![line]
    }
}

/// A polyline cut into dashes of `dash` pixels with `gap` pixels between them.
fn dashes(points: &[(i32, i32)], dash: i32, gap: i32) -> Vec<Vec<(i32, i32)>> {
    let period = f64::from((dash + gap).max(2));
    let dash = f64::from(dash.max(1));
    let mut out = Vec::new();
    let mut travelled = 0.0f64;
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        let (dx, dy) = (f64::from(x1 - x0), f64::from(y1 - y0));
        // Pixel distances: `sqrt` (one wasm instruction) needs no guard against overflow that
        // `hypot` (a libm routine in the download) has.
        let length = (dx * dx + dy * dy).sqrt();
        let at = |d: f64| {
            let t = if length > 0.0 { d / length } else { 0.0 };
            (
                (f64::from(x0) + dx * t).round() as i32,
                (f64::from(y0) + dy * t).round() as i32,
            )
        };
        let mut d = 0.0;
        while d < length {
            // Not `%`: on floats it links libm's `fmod` and 128-bit division (2.3 KB of the
            // trend's download); the distance is never negative, so this is the same.
            let distance = travelled + d;
            let phase = distance - (distance / period).floor() * period;
            let step = if phase < dash {
                let end = (d + dash - phase).min(length);
                out.push(vec![at(d), at(end)]);
                end - d
            } else {
                period - phase
            };
            d += step.max(1e-9);
        }
        travelled += length;
    }
    out
}

/// Renders the chart as an SVG document.
pub fn render_svg(chart: &TrendChart, width_px: u32, height_px: u32) -> Result<String, DrawError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width_px, height_px)).into_drawing_area();
        draw_trend_chart(&root, chart, 1.0)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::dashes;

    /// 7 px on, 5 off along a straight line; the pattern carries on across a corner.
    #[test]
    fn dashes_keep_their_rhythm_along_a_polyline() {
        let straight = dashes(&[(0, 0), (60, 0)], 7, 5);
        let starts: Vec<i32> = straight.iter().map(|d| d[0].0).collect();
        assert_eq!(starts, [0, 12, 24, 36, 48]);
        assert!(
            straight.iter().all(|d| d[1].0 - d[0].0 == 7),
            "{straight:?}"
        );
        // A corner at x = 10, inside the first gap (7–12 px along the line): the next dash
        // starts 2 px past the corner, at 12 px, and the rhythm goes on from there.
        let bent = dashes(&[(0, 0), (10, 0), (10, 30)], 7, 5);
        let expected: [[(i32, i32); 2]; 4] = [
            [(0, 0), (7, 0)],
            [(10, 2), (10, 9)],
            [(10, 14), (10, 21)],
            [(10, 26), (10, 30)],
        ];
        assert_eq!(bent, expected);
    }
}
