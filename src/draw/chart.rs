//! Distribution charts drawn on any plotters [`DrawingBackend`]: the browser paints them on a
//! canvas, native tests and exports render SVG with the same function.
//!
//! Honest drawing of unequal and open-ended bins: the x axis is the indicator's own scale, each
//! bar spans its bin, and its height is the share of people *per reference width* (the most
//! common bin width), so areas compare fairly. An open-ended end bin has no width: it is drawn
//! as wide as its neighbour, in a paler fill, and a note under the chart says so. The share of
//! every bin is printed on it, so no number has to be read off the axis.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::analysis::distribution::{format_people, format_percent, Distribution};
use crate::model::fictional_label;
use crate::model::indicator::{format_value, Indicator, ThresholdKind};
use crate::view::language::Language;

/// Okabe–Ito blue and vermilion: distinguishable with every common colour-vision deficiency.
pub const PRIMARY_RGB: (u8, u8, u8) = (0x00, 0x72, 0xB2);
pub const COMPARISON_RGB: (u8, u8, u8) = (0xD5, 0x5E, 0x00);
/// Vermilion darkened for text, so labels reach 4.5:1 contrast on white.
const COMPARISON_TEXT_RGB: (u8, u8, u8) = (0xA8, 0x45, 0x00);
/// Colours of the groups in the small multiples: Okabe–Ito blue, vermilion, bluish green,
/// reddish purple.
pub const GROUP_RGB: [(u8, u8, u8); 4] = [
    PRIMARY_RGB,
    COMPARISON_RGB,
    (0x00, 0x9E, 0x73),
    (0xCC, 0x79, 0xA7),
];
pub(crate) const FONT_FAMILY: &str = "sans-serif";

pub struct ChartSeries<'a> {
    /// 「北海道・男女計・40〜74歳」
    pub label: String,
    pub distribution: &'a Distribution,
}

pub struct DistributionChart<'a> {
    /// 「収縮期血圧の分布（2022年度）」
    pub title: String,
    pub indicator: &'static Indicator,
    pub primary: ChartSeries<'a>,
    pub comparison: Option<ChartSeries<'a>>,
    /// 「出典：厚生労働省 NDBオープンデータ 第10回（2022年度 特定健診）」
    pub citation: String,
    /// Further lines under the chart (how a national total was made, suppressed cells…).
    pub notes: Vec<String>,
    /// Example data: the image carries 「架空データ（操作説明用）」.
    pub fictional: bool,
    /// Of the chart's own words (legend, axes, threshold labels); the strings above come written.
    pub language: Language,
}

/// Where one bin's bar sits, in the indicator's unit (or category index).
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub x_from: f64,
    pub x_to: f64,
    /// Share per reference width, in percent; the plain share for categorical bins.
    pub height_percent: f64,
    pub share_fraction: f64,
    /// The bin has no lower or no upper edge and is drawn with its neighbour's width.
    pub open_ended: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BarLayout {
    pub bars: Vec<Bar>,
    /// Width the heights refer to (`None` for categorical bins).
    pub reference_width: Option<f64>,
}

/// Lays out the bars of a distribution; see the module documentation for the rules.
pub fn bar_layout(distribution: &Distribution) -> BarLayout {
    let shares = distribution.share_fractions();
    let bins: Vec<_> = distribution.bins.iter().map(|b| &b.bin).collect();
    if bins.iter().any(|bin| bin.is_categorical()) {
        let bars = shares
            .iter()
            .enumerate()
            .map(|(index, &share)| Bar {
                x_from: index as f64 + 0.1,
                x_to: index as f64 + 0.9,
                height_percent: share * 100.0,
                share_fraction: share,
                open_ended: false,
            })
            .collect();
        return BarLayout {
            bars,
            reference_width: None,
        };
    }
    let widths: Vec<Option<f64>> = bins.iter().map(|b| Some(b.upper? - b.lower?)).collect();
    let reference_width = most_common_width(&widths);
    let neighbour_width = |index: usize| -> f64 {
        let before = index.checked_sub(1).and_then(|i| widths[i]);
        let after = widths.get(index + 1).copied().flatten();
        after.or(before).unwrap_or(reference_width)
    };
    let bars = bins
        .iter()
        .zip(&shares)
        .enumerate()
        .map(|(index, (bin, &share))| {
            let (x_from, x_to) = match (bin.lower, bin.upper) {
                (Some(lower), Some(upper)) => (lower, upper),
                (None, Some(upper)) => (upper - neighbour_width(index), upper),
                (Some(lower), None) => (lower, lower + neighbour_width(index)),
                (None, None) => unreachable!("categorical bins were handled above"),
            };
            Bar {
                x_from,
                x_to,
                height_percent: share * 100.0 * reference_width / (x_to - x_from),
                share_fraction: share,
                open_ended: bin.lower.is_none() || bin.upper.is_none(),
            }
        })
        .collect();
    BarLayout {
        bars,
        reference_width: Some(reference_width),
    }
}

/// The width most bins share (the smaller one on a tie); 1 when no bin is closed.
fn most_common_width(widths: &[Option<f64>]) -> f64 {
    let closed: Vec<f64> = widths.iter().flatten().copied().collect();
    let count = |w: f64| closed.iter().filter(|&&v| (v - w).abs() < 1e-9).count();
    closed
        .iter()
        .copied()
        .max_by(|&a, &b| count(a).cmp(&count(b)).then(b.total_cmp(&a)))
        .unwrap_or(1.0)
}

/// Lines broken (between characters, as Japanese text allows) so each fits the area's width
/// less `margin_px`: a source line is never cut off at the edge of an image.
pub(crate) fn wrap_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    lines: &[String],
    style: &TextStyle,
    margin_px: i32,
) -> Vec<String> {
    let (width_px, _) = root.dim_in_pixel();
    let room = (width_px as i32 - margin_px).max(1) as u32;
    // In the browser plotters measures text in a DOM span, which wraps at the window's width:
    // a long line at 2× would measure as fitting. Pieces of a few characters never wrap, so a
    // line is measured piece by piece.
    const CHARACTERS_PER_MEASURE: usize = 16;
    let fits = |text: &str| {
        let characters: Vec<char> = text.chars().collect();
        let width: u32 = characters
            .chunks(CHARACTERS_PER_MEASURE)
            .map(|piece| {
                let piece: String = piece.iter().collect();
                root.estimate_text_size(&piece, style).map_or(0, |(w, _)| w)
            })
            .sum();
        width <= room
    };
    // Measuring text is slow on a canvas: a line that fits is measured once, and a break is
    // found by bisection.
    let mut wrapped = Vec::new();
    for line in lines {
        let mut rest: Vec<char> = line.chars().collect();
        while !fits(&rest.iter().collect::<String>()) && rest.len() > 1 {
            let (mut fitting, mut too_long) = (1, rest.len());
            while too_long - fitting > 1 {
                let middle = (fitting + too_long) / 2;
                if fits(&rest[..middle].iter().collect::<String>()) {
                    fitting = middle;
                } else {
                    too_long = middle;
                }
            }
            // English breaks after a space rather than inside a word; Japanese anywhere.
            let inside_word =
                rest[fitting - 1].is_ascii_alphanumeric() && rest[fitting].is_ascii_alphanumeric();
            if inside_word {
                if let Some(space) = rest[..fitting].iter().rposition(|c| *c == ' ') {
                    fitting = space + 1;
                }
            }
            wrapped.push(rest[..fitting].iter().collect());
            rest.drain(..fitting);
        }
        wrapped.push(rest.into_iter().collect());
    }
    wrapped
}

/// A bar in chart coordinates, drawn with `style` (a fill or an outline).
fn bar_rectangle(bar: &Bar, style: ShapeStyle) -> Rectangle<(f64, f64)> {
    Rectangle::new([(bar.x_from, 0.0), (bar.x_to, bar.height_percent)], style)
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartError(pub String);

pub(crate) fn chart_error<E: std::fmt::Display>(error: E) -> ChartError {
    ChartError(error.to_string())
}

pub(crate) fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

/// Draws the chart filling `root`. `scale` multiplies every font size, margin and line width:
/// 1 for CSS pixels, the device pixel ratio for a sharp canvas, 2–3 for large exports.
pub fn draw_distribution_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &DistributionChart,
    scale: f64,
) -> Result<(), ChartError> {
    let px = |css_px: f64| (css_px * scale).round() as i32;
    let font = |css_px: f64| (FONT_FAMILY, css_px * scale).into_font();
    let text = |css_px: f64, color: RGBColor| TextStyle {
        font: font(css_px),
        color: color.to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Top),
    };
    let ink = RGBColor(0x1A, 0x1A, 0x1A);
    root.fill(&WHITE).map_err(chart_error)?;
    let (_, height_px) = root.dim_in_pixel();

    // Header: title and one legend line per series.
    root.draw(&Text::new(
        chart.title.as_str(),
        (px(16.0), px(10.0)),
        text(20.0, ink),
    ))
    .map_err(chart_error)?;
    if chart.fictional {
        draw_fictional_banner(root, scale, chart.language)?;
    }
    let language = chart.language;
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
            .map_err(chart_error)?;
        let people = language.people(&format_people(item.distribution.total_people));
        let legend = match (language, *filled) {
            (Language::Japanese, true) => format!("{}（塗り：{people}）", item.label),
            (Language::Japanese, false) => format!("{}（枠線：{people}）", item.label),
            (Language::English, true) => format!("{} (filled: {people})", item.label),
            (Language::English, false) => format!("{} (outlined: {people})", item.label),
        };
        root.draw(&Text::new(legend, (px(38.0), y), text(14.0, ink)))
            .map_err(chart_error)?;
    }
    let header_px = px(44.0 + 22.0 * series.len() as f64) as u32;
    // Footer: the source, then notes, wrapped to the width.
    let mut lines = vec![chart.citation.clone()];
    lines.extend(chart.notes.iter().cloned());
    let footer_lines = wrap_lines(root, &lines, &text(12.5, ink), px(32.0));
    let footer_px = px(10.0 + 18.0 * footer_lines.len() as f64) as u32;
    let (_, rest) = root.split_vertically(header_px);
    let plot_height = height_px.saturating_sub(header_px + footer_px).max(1);
    let (plot_area, footer) = rest.split_vertically(plot_height);
    for (index, line) in footer_lines.into_iter().enumerate() {
        let y = px(4.0 + 18.0 * index as f64);
        footer
            .draw(&Text::new(line, (px(16.0), y), text(12.5, ink)))
            .map_err(chart_error)?;
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
    let y_max = (y_top * 1.22).max(1.0);
    let pad = (x_max - x_min) * 0.02;
    let (x_min, x_max) = (x_min - pad, x_max + pad);

    let unit = chart.indicator.unit;
    let y_desc = match (primary.reference_width, language) {
        (Some(w), Language::Japanese) => {
            format!("人数の割合（%、{}{unit}幅あたり）", format_value(w))
        }
        (Some(w), Language::English) => {
            format!("Share of people (% per {} {unit})", format_value(w))
        }
        (None, _) => language
            .pick("人数の割合（%）", "Share of people (%)")
            .to_string(),
    };
    let x_desc = if unit.is_empty() {
        chart.indicator.name(language).to_string()
    } else {
        language.parenthesised(chart.indicator.name(language), unit)
    };
    let mut cartesian = ChartBuilder::on(&plot_area)
        .margin_left(px(8.0))
        .margin_right(px(24.0))
        .margin_top(px(8.0))
        .x_label_area_size(px(52.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(x_min..x_max, 0.0..y_max)
        .map_err(chart_error)?;
    cartesian
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| format_value((v * 10.0).round() / 10.0))
        .y_desc(y_desc)
        .x_desc(x_desc)
        .label_style(text(13.0, ink))
        .axis_desc_style(text(13.0, ink))
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(0xDD, 0xDD, 0xDD))
        .draw()
        .map_err(chart_error)?;

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
        .map_err(chart_error)?;
    cartesian
        .draw_series(
            primary
                .bars
                .iter()
                .map(|bar| bar_rectangle(bar, blue.stroke_width(px(1.0).max(1) as u32))),
        )
        .map_err(chart_error)?;
    if let Some(layout) = &comparison {
        let vermilion = rgb(COMPARISON_RGB);
        cartesian
            .draw_series(
                layout
                    .bars
                    .iter()
                    .map(|bar| bar_rectangle(bar, vermilion.stroke_width(px(3.0).max(1) as u32))),
            )
            .map_err(chart_error)?;
    }

    // Share labels: the primary's on top of each bar, the comparison's (vermilion) above it.
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
                format_percent(compared.share_fraction),
                (x, y),
                label_style(rgb(COMPARISON_TEXT_RGB)),
            ))
            .map_err(chart_error)?;
            y -= px(16.0);
        }
        root.draw(&Text::new(
            format_percent(bar.share_fraction),
            (x, y),
            label_style(blue),
        ))
        .map_err(chart_error)?;
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
            .map_err(chart_error)?;
        }
    } else {
        for (bar, bin) in primary.bars.iter().zip(bins) {
            let (x, y) = cartesian.backend_coord(&((bar.x_from + bar.x_to) / 2.0, 0.0));
            root.draw(&Text::new(
                bin.bin.label.clone(),
                (x, y + px(6.0)),
                tick_style.clone(),
            ))
            .map_err(chart_error)?;
        }
    }

    // Thresholds: dashed for 保健指導判定値, solid for 受診勧奨判定値, each named in text.
    if primary.reference_width.is_some() {
        for (index, threshold) in chart.indicator.thresholds.iter().enumerate() {
            if threshold.value <= x_min || threshold.value >= x_max {
                continue;
            }
            let (x, y_bottom) = cartesian.backend_coord(&(threshold.value, 0.0));
            let (_, y_top_px) = cartesian.backend_coord(&(threshold.value, y_max));
            let style = ShapeStyle::from(&ink).stroke_width(px(2.0).max(1) as u32);
            match threshold.kind {
                ThresholdKind::SeeDoctor => {
                    root.draw(&PathElement::new(vec![(x, y_top_px), (x, y_bottom)], style))
                        .map_err(chart_error)?;
                }
                ThresholdKind::Guidance => {
                    let dash = px(7.0).max(2);
                    let mut y = y_top_px;
                    while y < y_bottom {
                        let end = (y + dash).min(y_bottom);
                        root.draw(&PathElement::new(vec![(x, y), (x, end)], style))
                            .map_err(chart_error)?;
                        y += 2 * dash;
                    }
                }
            }
            // The unit is on the x axis; leaving it out keeps the label short enough to sit
            // beside its line.
            let label = format!(
                "{} {}",
                threshold.kind.name(language),
                threshold.condition("", language)
            );
            let label_y = y_top_px + px(2.0 + 18.0 * index as f64);
            // Two thresholds sit close together: the lower one is labelled on its left and the
            // higher one on its right, so neither label crosses the other line.
            let is_lower_of_two = chart
                .indicator
                .thresholds
                .iter()
                .any(|other| other.value > threshold.value);
            // …unless the label would leave the plot on that side.
            let label_width_px = root
                .estimate_text_size(&label, &text(13.0, ink))
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
                .map_err(chart_error)?;
            let style = text(13.0, ink).pos(Pos::new(anchor, VPos::Top));
            root.draw(&Text::new(label, (label_x, label_y), style))
                .map_err(chart_error)?;
        }
    }
    root.present().map_err(chart_error)?;
    Ok(())
}

/// The 「架空データ（操作説明用）」 label in the top right corner of an image of fictional data.
pub fn draw_fictional_banner<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    language: Language,
) -> Result<(), ChartError> {
    let label = fictional_label(language);
    let px = |css_px: f64| (css_px * scale).round() as i32;
    let style = TextStyle {
        font: (FONT_FAMILY, 15.0 * scale)
            .into_font()
            .style(FontStyle::Bold),
        color: WHITE.to_backend_color(),
        pos: Pos::new(HPos::Right, VPos::Top),
    };
    let (width_px, _) = root.dim_in_pixel();
    let (text_width, text_height) = root
        .estimate_text_size(label, &style)
        .unwrap_or((px(200.0) as u32, px(16.0) as u32));
    // Measured without the bold weight in the browser: a tenth more keeps the label inside.
    let text_width = text_width + text_width / 10;
    let right = width_px as i32 - px(12.0);
    root.draw(&Rectangle::new(
        [
            (right - text_width as i32 - px(16.0), px(6.0)),
            (right, px(14.0) + text_height as i32),
        ],
        RGBColor(0x8B, 0x1A, 0x1A).filled(),
    ))
    .map_err(chart_error)?;
    root.draw(&Text::new(label, (right - px(8.0), px(10.0)), style))
        .map_err(chart_error)
}

/// Renders the chart as an SVG document (`width_px` × `height_px` user units).
pub fn render_svg(
    chart: &DistributionChart,
    width_px: u32,
    height_px: u32,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width_px, height_px)).into_drawing_area();
        draw_distribution_chart(&root, chart, 1.0)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_to_the_width_and_lose_nothing() {
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (300, 100)).into_drawing_area();
        let style = TextStyle::from((FONT_FAMILY, 12.5).into_font());
        let long = "出典：読み込んだファイル「とても長い名前の住民の健診結果.csv」「協会けんぽ.xlsx」（2022年度）".to_string();
        let short = "短い行".to_string();
        let lines = wrap_lines(&root, &[long.clone(), short.clone()], &style, 32);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.last(), Some(&short));
        assert_eq!(lines[..lines.len() - 1].concat(), long);
        for line in &lines {
            let (width, _) = root.estimate_text_size(line, &style).unwrap();
            assert!(width <= 300 - 32, "{line}: {width}");
        }
    }

    #[test]
    fn english_lines_wrap_between_words() {
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (300, 100)).into_drawing_area();
        let style = TextStyle::from((FONT_FAMILY, 12.5).into_font());
        let long = "Source: MHLW NDB Open Data, 10th release (specific health checkups, FY2022)";
        let lines = wrap_lines(&root, &[long.to_string()], &style, 32);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.concat(), long);
        for line in &lines[..lines.len() - 1] {
            assert!(line.ends_with(' '), "{line:?}");
        }
    }
}
