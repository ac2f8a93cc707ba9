//! The population approach against the high-risk approach for the area, sex and age band chosen
//! above: sliders with number inputs, the before/after chart and one results table per group and
//! for the combined population. The models are fitted once per selection (`SimulatorInput`), a
//! slider move only reruns `analysis::simulator::outcome::simulate`, and a language switch only
//! writes the report again (`view::simulator`).

use std::sync::Arc;

use leptos::prelude::*;

use super::changed_unless_still_empty;
use super::chart_canvas::{ChartCanvas, Drawing, SIM_CHART_DRAWN_MARK};
use super::export_bar::ExportBar;
use super::standard_select::StandardSelect;
use super::text::{localized, use_language};
use crate::analysis::risk::{default_slope, AgeSpecificOutcome};
use crate::analysis::simulator::fit::{SimulatorError, SimulatorInput};
use crate::analysis::simulator::outcome::simulate;
use crate::analysis::simulator::parameters::{
    default_parameters, limits, risk_side, Approach, ParameterName, Parameters,
};
use crate::analysis::standardise::StandardSource;
use crate::model::indicator::{Indicator, RiskSide};
use crate::model::text::{format_value, parse_decimal, to_ascii_width};
use crate::view::export::ChartImage;
use crate::view::language::Language;
use crate::view::messages::simulator_error;
use crate::view::names;
use crate::view::permalink::SimulatorView;
use crate::view::screen::indicator_or_default;
use crate::view::simulator::sources::{default_note, parameter_name};
use crate::view::simulator::table::approach_name;
use crate::view::simulator::{html, SimulationReport};

/// What the user set in the simulator: owned by the page, so a permalink holds and restores it.
#[derive(Clone, Copy)]
pub struct SimulatorSettings {
    pub parameters: RwSignal<Parameters>,
    /// The standard population of every age-standardised figure on the page.
    pub standard: RwSignal<StandardSource>,
    /// The row the chart shows (a group id, `all` or `combined`); empty: the first.
    pub chart_population: RwSignal<String>,
    pub chart_approach: RwSignal<Approach>,
    /// Counts the changes of `parameters` not made by the fields written as HTML
    /// (`EventStrata`): a link or saved view shown, the defaults restored, another item's
    /// defaults. Each writes the controls again.
    pub set_elsewhere: RwSignal<u32>,
}

impl SimulatorSettings {
    pub fn new(view: &SimulatorView) -> SimulatorSettings {
        SimulatorSettings {
            parameters: RwSignal::new(view.parameters),
            standard: RwSignal::new(view.standard),
            chart_population: RwSignal::new(view.chart_population.clone()),
            chart_approach: RwSignal::new(view.chart_approach),
            set_elsewhere: RwSignal::new(0),
        }
    }

    /// The settings now (tracked).
    pub fn view(&self) -> SimulatorView {
        SimulatorView {
            parameters: self.parameters.get(),
            standard: self.standard.get(),
            chart_population: self.chart_population.get(),
            chart_approach: self.chart_approach.get(),
        }
    }

    /// Shows a view's settings (a saved view, a link).
    pub fn apply(&self, view: &SimulatorView) {
        self.parameters.set(view.parameters);
        self.set_elsewhere.update(|n| *n += 1);
        self.standard.set(view.standard);
        self.chart_population.set(view.chart_population.clone());
        self.chart_approach.set(view.chart_approach);
    }
}

/// A line the section says besides its figures.
struct Note {
    testid: &'static str,
    class: &'static str,
    text: String,
}

#[component]
pub fn SimulatorSection(
    /// The fitted selection, or why the simulator cannot run on it.
    input: Memo<Option<Result<SimulatorInput, SimulatorError>>>,
    settings: SimulatorSettings,
) -> impl IntoView {
    let SimulatorSettings {
        parameters,
        standard: standard_choice,
        chart_population: chart_key,
        chart_approach,
        set_elsewhere,
    } = settings;
    let language = use_language();
    // Another item has another scale: its defaults come back. Not on the first item shown
    // (its settings may come from a link), and not while a selection loads.
    Effect::new(move |previous: Option<Option<&'static str>>| {
        let now = input.with(|i| Some(i.as_ref()?.as_ref().ok()?.indicator.id));
        if let (Some(Some(before)), Some(now)) = (previous, now) {
            if before != now {
                parameters.set(default_parameters(indicator_or_default(now)));
                set_elsewhere.update(|n| *n += 1);
            }
        }
        now.or(previous.flatten())
    });

    // The figures: rerun on a slider move, not on a language switch.
    let outcome = Memo::new_with_compare(
        move |_| {
            let input = input.get().and_then(Result::ok)?;
            let standard = input.standard(standard_choice.get());
            Some(simulate(&input, &parameters.get(), &standard))
        },
        changed_unless_still_empty,
    );
    // The words.
    let report = Memo::new_with_compare(
        move |_| Some(SimulationReport::new(&outcome.get()?, language.get())),
        changed_unless_still_empty,
    );
    // The chart menu changes with the groups, not with every slider move.
    let populations = Memo::new(move |_| {
        report.with(|r| {
            r.as_ref().map(|r| {
                r.rows
                    .iter()
                    .map(|row| (row.key.clone(), row.label.clone()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let chart = Memo::new_with_compare(
        move |_| {
            let report = report.get()?;
            Some(report.chart(&chart_key.get(), chart_approach.get()))
        },
        changed_unless_still_empty,
    );
    let image = Signal::derive(move || Some(ChartImage::Simulation(Arc::new(chart.get()?.ok()?))));
    let alternative = Signal::derive(move || {
        report
            .get()
            .map(|r| r.text_alternative(&chart_key.get()))
            .unwrap_or_default()
    });
    // What the page must say besides the figures.
    let notes = move || {
        let language = language.get();
        let mut notes: Vec<Note> = Vec::new();
        if input.with(|i| matches!(i, Some(Ok(i)) if i.provenance.fictional)) {
            notes.push(Note {
                testid: "sim-fictional-label",
                class: "fictional",
                text: names::not_real(language),
            });
        }
        if let Some(report) = report.get().filter(|r| !r.adjustments.is_empty()) {
            notes.push(Note {
                testid: "sim-adjustments",
                class: "error",
                text: report.adjustments.join(" "),
            });
        }
        if let Some(Err(message)) = chart.get() {
            notes.push(Note {
                testid: "sim-chart-note",
                class: "hint",
                text: message,
            });
        }
        notes
            .into_iter()
            .map(
                |Note {
                     testid,
                     class,
                     text,
                 }| view! { <p class=class role="status" data-testid=testid>{text}</p> },
            )
            .collect_view()
    };

    view! {
        <section class="simulator" aria-label=localized(language, "集団アプローチとハイリスクアプローチ", "Population and high-risk approaches") data-testid="simulator-section">
            <h2>{localized(language, "集団アプローチとハイリスクアプローチ（シミュレーション・推計）", "The population approach and the high-risk approach (simulation, estimates)")}</h2>
            {move || {
                let language = language.get();
                set_elsewhere.track();
                match input.get() {
                    None => view! { <p class="status">{language.pick("読み込み中…", "Loading…")}</p> }.into_any(),
                    Some(Err(error)) => view! { <p class="error" role="alert" data-testid="simulator-error">{simulator_error(&error, language)}</p> }.into_any(),
                    Some(Ok(input)) => view! {
                        <p class="hint">{match language {
                            Language::Japanese => format!("対象：{}。", names::selection(&input.scope, language)),
                            Language::English => format!("For: {}. ", names::selection(&input.scope, language)),
                        }}{default_note(input.indicator, language)}</p>
                        <Controls indicator=input.indicator parameters=parameters standard_choice=standard_choice set_elsewhere=set_elsewhere />
                    }.into_any(),
                }
            }}
            {notes}
            {move || populations.get().map(|rows| view! {
                <ChartChoices populations=rows chart_key=chart_key chart_approach=chart_approach />
            })}
            <div class:hidden=move || image.with(Option::is_none)>
                <ChartCanvas
                    drawing=Signal::derive(move || image.get().map(Drawing::of))
                    height_css_px=540.0
                    testid="sim-chart"
                    alternative=alternative
                    drawn_mark=SIM_CHART_DRAWN_MARK
                />
                <ExportBar image=image testid="sim-export" />
            </div>
            // Written again whole on every change, as the tables' views were.
            <div prop:innerHTML=move || report.with(|r| r.as_ref().map(|r| html::result_tables(r, &chart_key.get())).unwrap_or_default())></div>
        </section>
    }
}

/// The parameters: a slider and a number input for each, bound to one signal.
#[component]
fn Controls(
    indicator: &'static Indicator,
    parameters: RwSignal<Parameters>,
    standard_choice: RwSignal<StandardSource>,
    set_elsewhere: RwSignal<u32>,
) -> impl IntoView {
    // Redrawn in another language: the values live in `parameters`, so nothing typed is lost.
    let language = use_language().get();
    let limits = limits(indicator);
    let unit = indicator.unit;
    let step = limits.slider_step;
    let below = risk_side(indicator) == RiskSide::Below;
    let risk_step = format_value(limits.risk_step_units);
    let (shift_label, targeted_label, improvement_label, relative_risk_label) = match language {
        Language::Japanese => (
            format!("全員の値の変化（{unit}、マイナスは低下）"),
            format!(
                "対象とする人（{unit}{}）",
                if below { "未満" } else { "以上" }
            ),
            format!(
                "届いた人の値を{}幅（{unit}）",
                if below { "上げる" } else { "下げる" }
            ),
            format!(
                "リスクの倍率（値が{risk_step}{unit}{}ごとに何倍）",
                if below { "低い" } else { "高い" }
            ),
        ),
        Language::English => (
            format!("Change of everyone’s value ({unit}; minus is a fall)"),
            format!(
                "People targeted ({} this, {unit})",
                if below { "below" } else { "at or above" }
            ),
            format!(
                "How far a reached person’s value {} ({unit})",
                if below { "rises" } else { "falls" }
            ),
            format!(
                "Relative risk (per {risk_step} {unit} {})",
                if below { "lower" } else { "higher" }
            ),
        ),
    };
    let slope = default_slope(indicator.id);
    view! {
        <div class="sim-controls">
            <fieldset>
                <legend>{approach_name(Approach::Population, language)}</legend>
                <SliderNumber label=shift_label testid="sim-shift"
                    min=-limits.shift_max_abs max=limits.shift_max_abs step=step
                    value=Signal::derive(move || parameters.get().population_shift)
                    on_change=Callback::new(move |v| parameters.update(|p| p.population_shift = v)) />
            </fieldset>
            <fieldset>
                <legend>{approach_name(Approach::HighRisk, language)}</legend>
                <NumberField label=targeted_label testid="sim-threshold" step=step
                    value=Signal::derive(move || Some(parameters.get().high_risk_threshold))
                    on_change=Callback::new(move |v: Option<f64>| if let Some(v) = v { parameters.update(|p| p.high_risk_threshold = v) }) />
                <SliderNumber label=parameter_name(ParameterName::Reach, unit, language) testid="sim-reach"
                    min=0.0 max=100.0 step=1.0
                    value=Signal::derive(move || (parameters.get().reach_fraction * 1000.0).round() / 10.0)
                    on_change=Callback::new(move |v: f64| parameters.update(|p| p.reach_fraction = v / 100.0)) />
                <SliderNumber label=improvement_label testid="sim-improvement"
                    min=0.0 max=limits.improvement_max step=step
                    value=Signal::derive(move || parameters.get().improvement)
                    on_change=Callback::new(move |v| parameters.update(|p| p.improvement = v)) />
            </fieldset>
            // Not wider than its column: a fieldset is at least as wide as its widest menu.
            <fieldset style="min-width:0">
                <legend>{language.pick("発症の推計", "Expected events")}</legend>
                <NumberField
                    label=relative_risk_label
                    testid="sim-relative-risk" step=0.01
                    value=Signal::derive(move || parameters.get().relative_risk_per_step)
                    on_change=Callback::new(move |v| parameters.update(|p| p.relative_risk_per_step = v)) />
                <p class="hint" data-testid="sim-slope-source">{match (&slope, language) {
                    (Some(s), Language::Japanese) => format!("既定値の出典：{}（{}）", s.source[0], s.outcome[0]),
                    (Some(s), Language::English) => format!("Source of the default: {} ({})", s.source[1], s.outcome[1]),
                    (None, _) => language.pick(
                        "この項目には出典のある既定値がありません。空欄のままなら発症は推計しません。",
                        "This item has no cited default. Left empty, no events are estimated.",
                    ).into(),
                }}</p>
                <NumberField label=language.pick("現在の発生率（10万人あたり年間、任意）", "Current event rate (per 100,000 a year; optional)").to_string() testid="sim-baseline" step=1.0
                    value=Signal::derive(move || parameters.get().baseline_rate_per_100k)
                    on_change=Callback::new(move |v| parameters.update(|p| p.baseline_rate_per_100k = v)) />
                <NumberField label=parameter_name(ParameterName::DilutionRatio, unit, language) testid="sim-dilution" step=0.05
                    value=Signal::derive(move || Some(parameters.get().dilution_ratio))
                    on_change=Callback::new(move |v: Option<f64>| parameters.update(|p| p.dilution_ratio = v.unwrap_or(1.0))) />
                <EventStrata parameters=parameters language=language sbp={indicator.id == "sbp"} />
            </fieldset>
            <StandardSelect choice=standard_choice testid="sim-standard" />
            <button type="button" data-testid="sim-reset" on:click=move |_| {
                parameters.set(default_parameters(indicator));
                set_elsewhere.update(|n| *n += 1);
            }>{language.pick("初期値に戻す", "Back to the defaults")}</button>
        </div>
    }
}

/// Rates per sex × age band and, for SBP, PSC 2002's age-specific slopes: written as HTML with
/// the values now (`view::simulator::html::event_fields`), each input read by its `name`. As
/// Leptos views (a component per field) they measured +6.4 KB gzip in the simulator's module.
/// They are written again when the settings change from outside them
/// (`SimulatorSettings::set_elsewhere`).
#[component]
fn EventStrata(parameters: RwSignal<Parameters>, language: Language, sbp: bool) -> impl IntoView {
    // On `input` for a rate as it is typed; on `change` too, which is all a menu is sure to
    // send (a menu chosen by WebDriver sends no `input`).
    let read = move |ev: leptos::ev::Event| {
        let name = event_target::<web_sys::Element>(&ev)
            .get_attribute("name")
            .unwrap_or_default();
        let text = event_target_value(&ev);
        parameters.update(|p| match *name.as_bytes() {
            // `r` + sex + age band (`html::event_fields`).
            [b'r', sex, band] => {
                let rates = &mut p.stratum_rates_per_100k.0;
                if let Some(rate) = rates
                    .get_mut(usize::from(sex - b'0'))
                    .and_then(|r| r.get_mut(usize::from(band - b'0')))
                {
                    *rate = parse_number(&text);
                }
            }
            _ => p.age_specific = AgeSpecificOutcome::from_id(&text),
        });
    };
    view! {
        <div prop:innerHTML=html::event_fields(language, sbp, &parameters.get_untracked()) on:input=read on:change=read></div>
    }
}

/// `<input type="number">` text → a number; empty or unreadable → `None`.
fn parse_number(text: &str) -> Option<f64> {
    parse_decimal(&to_ascii_width(text.trim()).replace('−', "-"))
}

#[component]
fn SliderNumber(
    label: String,
    testid: &'static str,
    min: f64,
    max: f64,
    step: f64,
    value: Signal<f64>,
    on_change: Callback<f64>,
) -> impl IntoView {
    view! {
        <div class="field slider">
            <label for=testid>{label.clone()}</label>
            <div class="slider-row">
                <input type="range" data-testid=format!("{testid}-range") aria-label=label
                    min=min max=max step=step prop:value=move || value.get().to_string()
                    on:input=move |ev| if let Some(v) = parse_number(&event_target_value(&ev)) { on_change.run(v) } />
                <input type="number" id=testid data-testid=testid step=step
                    prop:value=move || value.get().to_string()
                    on:input=move |ev| if let Some(v) = parse_number(&event_target_value(&ev)) { on_change.run(v) } />
            </div>
        </div>
    }
}

#[component]
fn NumberField(
    label: String,
    testid: &'static str,
    step: f64,
    value: Signal<Option<f64>>,
    on_change: Callback<Option<f64>>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="number" data-testid=testid step=step
                prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
                on:input=move |ev| on_change.run(parse_number(&event_target_value(&ev))) />
        </label>
    }
}

/// Which population and approach the chart shows.
#[component]
fn ChartChoices(
    /// (key, label) of each group and the combined population.
    populations: Vec<(String, String)>,
    chart_key: RwSignal<String>,
    chart_approach: RwSignal<Approach>,
) -> impl IntoView {
    let populations = populations
        .into_iter()
        .map(|(key, label)| {
            let selected_key = key.clone();
            view! { <option value=key prop:selected=move || chart_key.get() == selected_key>{label}</option> }
        })
        .collect_view();
    let language = use_language();
    let approaches = move || {
        Approach::ALL
            .map(|a| {
                view! { <option value=a.id() prop:selected=move || chart_approach.get() == a>{approach_name(a, language.get())}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="row sim-chart-choices">
            <label class="field">
                <span>{localized(language, "グラフの集団", "Population charted")}</span>
                <select data-testid="sim-chart-population" on:change=move |ev| chart_key.set(event_target_value(&ev))>{populations}</select>
            </label>
            <label class="field">
                <span>{localized(language, "グラフに重ねる介入", "Approach charted")}</span>
                <select data-testid="sim-chart-approach" on:change=move |ev| if let Some(a) = Approach::from_id(&event_target_value(&ev)) { chart_approach.set(a) }>{approaches}</select>
            </label>
        </div>
    }
}
