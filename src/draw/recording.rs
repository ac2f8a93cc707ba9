//! One drawing, painted on any backend: a chart is drawn once on a [`Recorder`] (which measures
//! text as the target backend will), and the [`Recording`] is replayed on the canvas or the SVG
//! backend. The chart code is then compiled for one backend instead of one per target, which
//! keeps the page's download small (`scripts/size-report.mjs`: the SVG export no longer carries
//! a second copy of every chart).

use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters::style::{FontDesc, FontFamily, TextStyle};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// How the target backend measures text (the canvas asks the browser; SVG estimates).
pub type MeasureText<'a> = &'a dyn Fn(&str, &TextStyle<'static>) -> (u32, u32);

/// A line or shape's colour and width, owned.
#[derive(Clone, Copy)]
struct Stroke {
    color: BackendColor,
    width: u32,
}

impl BackendStyle for Stroke {
    fn color(&self) -> BackendColor {
        self.color
    }

    fn stroke_width(&self) -> u32 {
        self.width
    }
}

fn stroke<S: BackendStyle>(style: &S) -> Stroke {
    Stroke {
        color: style.color(),
        width: style.stroke_width(),
    }
}

/// A text style, owned: the charts name only generic font families, so any other family is
/// recorded as sans-serif.
fn text_style<S: BackendTextStyle>(style: &S) -> TextStyle<'static> {
    let family = match style.family() {
        FontFamily::Serif => FontFamily::Serif,
        FontFamily::Monospace => FontFamily::Monospace,
        FontFamily::SansSerif | FontFamily::Name(_) => FontFamily::SansSerif,
    };
    TextStyle {
        font: FontDesc::new(family, style.size(), style.style()).transform(style.transform()),
        color: style.color(),
        pos: style.anchor(),
    }
}

/// One call a chart made on its backend.
#[derive(Clone)]
enum Operation {
    Pixel(BackendCoord, BackendColor),
    Line(BackendCoord, BackendCoord, Stroke),
    Rect(BackendCoord, BackendCoord, Stroke, bool),
    Path(Vec<BackendCoord>, Stroke),
    Circle(BackendCoord, u32, Stroke, bool),
    Polygon(Vec<BackendCoord>, Stroke),
    Text(String, TextStyle<'static>, BackendCoord),
}

/// A backend that records what is drawn on it.
pub struct Recorder<'a> {
    size: (u32, u32),
    operations: Rc<RefCell<Vec<Operation>>>,
    measure: MeasureText<'a>,
}

/// What a chart drew, to paint on any backend.
#[derive(Clone)]
pub struct Recording {
    operations: Vec<Operation>,
}

impl Recording {
    /// Draws with `draw` on a recorder of `size` pixels that measures text with `measure`.
    pub fn record<'m, E>(
        size: (u32, u32),
        measure: MeasureText<'m>,
        draw: impl FnOnce(&DrawingArea<Recorder<'m>, Shift>) -> Result<(), E>,
    ) -> Result<Recording, E> {
        let operations = Rc::new(RefCell::new(Vec::new()));
        let recorder = Recorder {
            size,
            operations: operations.clone(),
            measure,
        };
        draw(&recorder.into_drawing_area())?;
        let operations = operations.take();
        Ok(Recording { operations })
    }

    /// Paints the recording on `backend`, in the order it was drawn.
    pub fn replay<DB: DrawingBackend>(
        &self,
        backend: &mut DB,
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        backend.ensure_prepared()?;
        for operation in &self.operations {
            match operation {
                Operation::Pixel(point, color) => backend.draw_pixel(*point, *color)?,
                Operation::Line(from, to, style) => backend.draw_line(*from, *to, style)?,
                Operation::Rect(upper_left, bottom_right, style, fill) => {
                    backend.draw_rect(*upper_left, *bottom_right, style, *fill)?
                }
                Operation::Path(points, style) => {
                    backend.draw_path(points.iter().copied(), style)?
                }
                Operation::Circle(center, radius, style, fill) => {
                    backend.draw_circle(*center, *radius, style, *fill)?
                }
                Operation::Polygon(points, style) => {
                    backend.fill_polygon(points.iter().copied(), style)?
                }
                Operation::Text(text, style, position) => {
                    backend.draw_text(text, style, *position)?
                }
            }
        }
        backend.present()
    }
}

/// Paints a chart filling `backend`: drawn once on a recorder that measures text as `backend`
/// does, then replayed, so each chart's drawing code is compiled once for every backend.
pub fn paint<DB: DrawingBackend>(
    backend: &mut DB,
    draw: impl FnOnce(&DrawingArea<Recorder<'_>, Shift>) -> Result<(), crate::draw::DrawError>,
) -> Result<(), crate::draw::DrawError> {
    let recording = {
        let target = &*backend;
        let measure = |text: &str, style: &TextStyle<'static>| {
            target.estimate_text_size(text, style).unwrap_or((0, 0))
        };
        Recording::record(target.get_size(), &measure, draw)?
    };
    recording
        .replay(backend)
        .map_err(crate::draw::backend_error)
}

impl Recorder<'_> {
    fn push(&self, operation: Operation) -> Result<(), DrawingErrorKind<Infallible>> {
        self.operations.borrow_mut().push(operation);
        Ok(())
    }
}

impl DrawingBackend for Recorder<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Operation::Pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Operation::Line(from, to, stroke(style)))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Operation::Rect(
            upper_left,
            bottom_right,
            stroke(style),
            fill,
        ))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Operation::Path(path.into_iter().collect(), stroke(style)))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Operation::Circle(center, radius, stroke(style), fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Operation::Polygon(
            vertices.into_iter().collect(),
            stroke(style),
        ))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        position: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.push(Operation::Text(
            text.to_string(),
            text_style(style),
            position,
        ))
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        Ok((self.measure)(text, &text_style(style)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    fn scene<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let style = TextStyle::from(("sans-serif", 14.0).into_font());
        let (width, _) = root
            .estimate_text_size("収縮期血圧", &style)
            .map_err(|e| e.to_string())?;
        root.draw(&Text::new("収縮期血圧", (10, 10), style.clone()))
            .map_err(|e| e.to_string())?;
        root.draw(&Rectangle::new(
            [(10, 30), (10 + width as i32, 40)],
            BLUE.filled(),
        ))
        .map_err(|e| e.to_string())?;
        let thick = Color::stroke_width(&RED, 3);
        root.draw(&PathElement::new(
            vec![(0, 50), (100, 60), (200, 50)],
            thick,
        ))
        .map_err(|e| e.to_string())
    }

    /// A recording replayed on a backend paints exactly what drawing on it directly paints,
    /// text measured as that backend measures it.
    #[test]
    fn a_replay_paints_what_drawing_directly_paints() {
        let mut direct = String::new();
        scene(&SVGBackend::with_string(&mut direct, (240, 80)).into_drawing_area()).unwrap();

        let mut replayed = String::new();
        let mut backend = SVGBackend::with_string(&mut replayed, (240, 80));
        let measure = |text: &str, style: &TextStyle<'static>| {
            backend.estimate_text_size(text, style).unwrap_or((0, 0))
        };
        let recording = Recording::record((240, 80), &measure, scene).unwrap();
        recording.replay(&mut backend).unwrap();
        drop(backend);
        assert!(direct.contains("収縮期血圧") && direct.contains("<rect"));
        assert_eq!(replayed, direct);
    }
}
