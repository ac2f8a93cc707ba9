//! The distribution chart on a canvas, sharp at any device pixel ratio: the backing store is
//! sized in device pixels and the core's drawing is scaled by the same ratio.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;

use crate::chart::draw_distribution_chart;
use crate::screen::ScreenModel;

const HEIGHT_CSS_PX: f64 = 540.0;
/// Name of the `performance.mark` set each time the chart has been drawn.
pub const CHART_DRAWN_MARK: &str = "renkei:chart-drawn";

#[component]
pub fn ChartCanvas(model: Memo<Option<ScreenModel>>) -> impl IntoView {
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

    Effect::new(move |_| {
        viewport_width_css_px.track();
        let (Some(canvas), Some(model)) = (canvas_ref.get(), model.get()) else {
            return;
        };
        let device_pixel_ratio = window().device_pixel_ratio().max(1.0);
        let width_css_px = f64::from(canvas.client_width().max(320));
        canvas.set_width((width_css_px * device_pixel_ratio).round() as u32);
        canvas.set_height((HEIGHT_CSS_PX * device_pixel_ratio).round() as u32);
        let Some(backend) = CanvasBackend::with_canvas_object(canvas) else {
            return;
        };
        let root = backend.into_drawing_area();
        let result = draw_distribution_chart(&root, &model.chart(), device_pixel_ratio);
        if result.is_ok() {
            // A performance mark per drawing: the browser benchmark (benches/first_chart.rs)
            // reads them to time the first chart and each redraw.
            if let Some(performance) = window().performance() {
                let _ = performance.mark(CHART_DRAWN_MARK);
            }
        }
        drawn.set(match result {
            Ok(()) => "drawn".to_string(),
            Err(error) => format!("error: {}", error.0),
        });
    });

    let alternative = move || {
        model
            .get()
            .map(|m| m.text_alternative())
            .unwrap_or_default()
    };
    view! {
        <canvas
            node_ref=canvas_ref
            class="chart"
            role="img"
            data-testid="distribution-chart"
            data-state=move || drawn.get()
            aria-label=alternative
            style=format!("height:{HEIGHT_CSS_PX}px")
        ></canvas>
    }
}
