//! Charts on any plotters `DrawingBackend`: the page paints them on a canvas, native tests and
//! exports render SVG with the same functions. A chart is given every word it prints (the
//! `view` layer writes them); here are only shapes, colours and layout.

pub mod bars;
pub mod distribution_chart;
pub mod recording;
pub mod small_multiples;
pub mod trend_chart;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe–Ito blue and vermilion: distinguishable with every common colour-vision deficiency.
pub const PRIMARY_RGB: (u8, u8, u8) = (0x00, 0x72, 0xB2);
pub const COMPARISON_RGB: (u8, u8, u8) = (0xD5, 0x5E, 0x00);
/// Vermilion darkened for text, so labels reach 4.5:1 contrast on white.
pub(crate) const COMPARISON_TEXT_RGB: (u8, u8, u8) = (0xA8, 0x45, 0x00);
/// Colours of the groups in the small multiples: Okabe–Ito blue, vermilion, bluish green,
/// reddish purple.
pub const GROUP_RGB: [(u8, u8, u8); 4] = [
    PRIMARY_RGB,
    COMPARISON_RGB,
    (0x00, 0x9E, 0x73),
    (0xCC, 0x79, 0xA7),
];
pub(crate) const FONT_FAMILY: &str = "sans-serif";

/// Why a chart was not drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum DrawError {
    /// The backend failed (plotters' own words: a canvas or SVG problem, not the data's).
    Backend(String),
    /// Not one panel of the small multiples has data.
    NoData,
    /// The bars' values span no finite, non-empty range (plotters' axis code would loop on it;
    /// the readers refuse such bins, so only a fault gets here).
    ValueRange,
}

pub(crate) fn backend_error<E: std::fmt::Display>(error: E) -> DrawError {
    DrawError::Backend(error.to_string())
}

pub(crate) fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
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

/// The colour of every chart's text and axes.
pub(crate) const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);

/// Text of `css_px` in `color` at `scale`, anchored at its top left.
pub(crate) fn text_style(scale: f64, css_px: f64, color: RGBColor) -> TextStyle<'static> {
    TextStyle {
        font: (FONT_FAMILY, css_px * scale).into_font(),
        color: color.to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Top),
    }
}

/// Every chart's start: a white page, its title at the top left (`title_css_px`), and the
/// fictional label where the data are example data.
pub(crate) fn begin_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    title: &str,
    title_css_px: f64,
    fictional_label: Option<&str>,
) -> Result<(), DrawError> {
    root.fill(&WHITE).map_err(backend_error)?;
    let at = ((16.0 * scale).round() as i32, (10.0 * scale).round() as i32);
    root.draw(&Text::new(title, at, text_style(scale, title_css_px, INK)))
        .map_err(backend_error)?;
    match fictional_label {
        Some(label) => draw_fictional_banner(root, scale, label),
        None => Ok(()),
    }
}

/// The 「架空データ（操作説明用）」 label in the top right corner of an image of fictional data.
fn draw_fictional_banner<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    scale: f64,
    label: &str,
) -> Result<(), DrawError> {
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
    .map_err(backend_error)?;
    root.draw(&Text::new(label, (right - px(8.0), px(10.0)), style))
        .map_err(backend_error)
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
