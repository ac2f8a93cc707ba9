//! A chart the core draws, on a canvas, sharp at any device pixel ratio: the backing store is
//! sized in device pixels and the core's drawing is scaled by the same ratio. Used for the
//! distribution chart and the small multiples.

use std::sync::Arc;

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::view::messages::draw_error;

/// Name of the `performance.mark` set each time the distribution chart has been drawn.
pub const CHART_DRAWN_MARK: &str = "renkei:chart-drawn";
/// The same for the simulator's before/after chart.
pub const SIM_CHART_DRAWN_MARK: &str = "renkei:sim-chart-drawn";
/// The same each time the simulator's models are fitted (`SimulatorInput::prepare`).
pub const SIM_FITTED_MARK: &str = "renkei:sim-fitted";

/// Paints on a canvas at a scale; a failure comes back said in the chart's language.
type DrawFn = dyn Fn(&mut CanvasBackend, f64) -> Result<(), String> + Send + Sync;

/// A chart the core draws on a plotters area at a scale (1 = CSS pixels). Type-erased, so one
/// canvas component (compiled once) serves every chart of the page.
#[derive(Clone)]
pub struct Drawing(Arc<DrawFn>);

impl Drawing {
    /// A chart as the page shows and exports it.
    pub fn of(image: crate::view::export::ChartImage) -> Drawing {
        Drawing(Arc::new(move |backend, scale| {
            image
                .paint(backend, scale)
                .map_err(|error| draw_error(&error, image.language()))
        }))
    }
}

#[component]
pub fn ChartCanvas(
    #[prop(into)] drawing: Signal<Option<Drawing>>,
    height_css_px: f64,
    testid: &'static str,
    /// Text alternative of the drawing (the canvas has `role="img"`).
    #[prop(into)]
    alternative: Signal<String>,
    /// A `performance.mark` set after each drawing (read by `benches/first_chart.rs`).
    #[prop(optional)]
    drawn_mark: Option<&'static str>,
) -> impl IntoView {
    let canvas_ref = NodeRef::<Canvas>::new();
    let (viewport_width_css_px, set_viewport_width) = signal(0.0f64);
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        set_viewport_width.set(
            window()
                .inner_width()
                .ok()
                .and_then(|w| w.as_f64())
                .unwrap_or(0.0),
        );
    });
    on_cleanup(move || resize.remove());
    let drawn = RwSignal::new(String::new());
    let frames_unlaid = StoredValue::new(0_u8);
    // Larger type and thicker lines while presenting.
    let zoom =
        use_context::<super::presentation::ChartZoom>().map_or(Signal::derive(|| 1.0), |z| z.0);

    Effect::new(move |_| {
        viewport_width_css_px.track();
        let (Some(canvas), Some(drawing)) = (canvas_ref.get(), drawing.get()) else {
            return;
        };
        let width_css_px = match canvas.client_width() {
            // Not laid out yet: a part fetched after the first chart (the simulator) builds its
            // canvas before the page shows it. Measured now, the chart would be drawn 320 px
            // wide and stretched, its type twice too large; drawn on a later frame instead
            // (after ten frames, one still unlaid is drawn at 320 px).
            0 if frames_unlaid.get_value() < 10 => {
                frames_unlaid.update_value(|n| *n += 1);
                request_animation_frame(move || set_viewport_width.update(|_| {}));
                return;
            }
            width => f64::from(width.max(320)),
        };
        frames_unlaid.set_value(0);
        let device_pixel_ratio = window().device_pixel_ratio().max(1.0);
        let zoom = zoom.get();
        canvas.set_width((width_css_px * device_pixel_ratio).round() as u32);
        canvas.set_height((height_css_px * zoom * device_pixel_ratio).round() as u32);
        // Setting a declared property of an element's own style cannot fail.
        let _ = web_sys::HtmlElement::style(&canvas)
            .set_property("height", &format!("{}px", height_css_px * zoom));
        let Some(mut backend) = CanvasBackend::with_canvas_object(canvas) else {
            return;
        };
        let result = (drawing.0)(&mut backend, device_pixel_ratio * zoom);
        if let (Ok(()), Some(mark)) = (&result, drawn_mark) {
            if let Some(performance) = window().performance() {
                // Fails only for a name the browser reserves; ours is not (read by the benchmarks).
                let _ = performance.mark(mark);
            }
        }
        drawn.set(match result {
            Ok(()) => "drawn".to_string(),
            Err(message) => format!("error: {message}"),
        });
    });

    view! {
        <canvas
            node_ref=canvas_ref
            class="chart"
            role="img"
            data-testid=testid
            data-state=move || drawn.get()
            aria-label=move || alternative.get()
            style=format!("height:{}px", height_css_px * zoom.get_untracked())
        ></canvas>
    }
}

/// The distribution chart of the first screen.
#[component]
pub fn DistributionCanvas(model: Memo<Option<crate::view::screen::ScreenModel>>) -> impl IntoView {
    view! {
        <ChartCanvas
            drawing=Signal::derive(move || model.get().map(|model| Drawing::of(crate::view::export::ChartImage::Distribution(model))))
            height_css_px=540.0
            testid="distribution-chart"
            alternative=Signal::derive(move || model.get().map(|m| m.text_alternative()).unwrap_or_default())
            drawn_mark=CHART_DRAWN_MARK
        />
    }
}
