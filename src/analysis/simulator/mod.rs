//! The simulator's numbers: for one area, sex and age band, every group (地域, 職域…) and their
//! combined population, before and after the population approach, the high-risk approach and
//! both — people past each threshold, age-standardised shares, the mean, people moving out of
//! each band, expected events and where they arise.
//!
//! Two steps, so a slider stays fast: [`fit::SimulatorInput::prepare`] fits the binned model of
//! every sex × age band stratum of every group once per selection; [`outcome::simulate`] reruns
//! the intervention on those models for each parameter change. Groups are modelled stratum by
//! stratum and summed, so the combined population is the sum of its groups and age
//! standardisation uses the same strata. Every figure is an estimate from binned data
//! (`crate::analysis::binned`), except the counts "before" at a threshold that is a bin edge,
//! which equal the published counts. Nothing here writes a word: `view::simulator` does.
//!
//! - [`parameters`] — what the user sets, its ranges and defaults per item;
//! - [`fit`] — the strata modelled once per selection, and the standard populations;
//! - [`outcome`] — the report's figures for one set of parameters.

pub mod fit;
pub mod outcome;
pub mod parameters;
