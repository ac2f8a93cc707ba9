//! Charts on any plotters `DrawingBackend`: the page's canvas, PNG and SVG exports.

pub mod chart;
pub mod small_multiples;
