//! Numbers from records: distributions of a selection, the binned model, interventions and
//! expected events, age standardisation. No text and no language: results and errors are typed facts.

pub mod binned;
pub mod change;
pub mod distribution;
pub mod groups;
pub mod intervention;
pub mod risk;
pub mod simulator;
pub mod standardise;
pub mod trend;
