//! The whole view in the page address, so a link restores it exactly: release, item, both
//! selections, the comparison switch, the simulator's settings, whether the trend over the years
//! is open and which two of its years are compared, and the same-origin data files
//! (`data`, opened again from where they were). Written as an `application/x-www-form-urlencoded`
//! query (`form_urlencoded`); read back value by value, so a broken or hand-edited link keeps
//! what is readable and says what was ignored.

use crate::analysis::distribution::GroupSelection;
use crate::analysis::risk::{AgeSpecificOutcome, StratumRates};
use crate::analysis::simulator::parameters::{default_parameters, Approach, Parameters};
use crate::analysis::standardise::StandardSource;
use crate::model::indicator::by_id;
use crate::model::text::parse_decimal;
use crate::model::{Sex, NDB_AGE_BANDS};
use crate::view::language::Language;
use crate::view::screen::{parse_area_key, parse_group_key, SelectionKeys, ALL_KEY, NATIONAL_KEY};

/// Everything a view shows that the user chose.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewState {
    /// `None`: the newest release.
    pub release: Option<String>,
    pub indicator: String,
    pub primary: SelectionKeys,
    pub compare: bool,
    pub comparison: SelectionKeys,
    pub simulator: SimulatorView,
    /// Same-origin files opened with `?data=`, in order.
    pub data_files: Vec<String>,
    /// Shown in presentation mode (large type, high contrast).
    pub presenting: bool,
    /// The trend over the years (`web::trend_section`) opened.
    pub trend: bool,
    /// Two fiscal years of the trend compared (`web::change_section`), as chosen (earlier
    /// first or not); `None`: the comparison not opened.
    pub compared_years: Option<(i32, i32)>,
    /// The language of every label, message and export.
    pub language: Language,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimulatorView {
    pub parameters: Parameters,
    /// The standard population of every age-standardised figure (groups and simulator).
    pub standard: StandardSource,
    /// A group id, `all` or `combined`; empty: the first row.
    pub chart_population: String,
    pub chart_approach: Approach,
}

impl Default for ViewState {
    /// The first screen: FY newest, SBP, 北海道 against 全国.
    fn default() -> ViewState {
        ViewState {
            release: None,
            indicator: "sbp".into(),
            primary: SelectionKeys::prefecture("01"),
            compare: true,
            comparison: SelectionKeys::national(),
            simulator: SimulatorView::for_indicator("sbp"),
            data_files: Vec::new(),
            presenting: false,
            trend: false,
            compared_years: None,
            language: Language::Japanese,
        }
    }
}

impl SimulatorView {
    pub fn for_indicator(indicator_id: &str) -> SimulatorView {
        SimulatorView {
            parameters: default_parameters(crate::view::screen::indicator_or_default(indicator_id)),
            standard: StandardSource::DEFAULT,
            chart_population: String::new(),
            chart_approach: Approach::Population,
        }
    }
}

/// Parameter names, short so a link stays readable.
mod key {
    pub const RELEASE: &str = "release";
    pub const INDICATOR: &str = "item";
    pub const COMPARE: &str = "compare";
    pub const DATA: &str = "data";
    pub const PRESENTING: &str = "present";
    pub const TREND: &str = "trend";
    /// `2018-2021`: the two years compared.
    pub const COMPARED_YEARS: &str = "years";
    pub const LANGUAGE: &str = "lang";
    pub const SHIFT: &str = "shift";
    pub const THRESHOLD: &str = "threshold";
    pub const REACH: &str = "reach";
    pub const IMPROVEMENT: &str = "improve";
    pub const RELATIVE_RISK: &str = "rr";
    pub const BASELINE: &str = "rate";
    pub const AGE_SPECIFIC: &str = "slope_by_age";
    pub const DILUTION: &str = "dilution";
    /// Fourteen rates, comma-separated: men's seven age bands, then women's.
    pub const STRATUM_RATES: &str = "rates";
    pub const STANDARD: &str = "standard";
    pub const CHART_POPULATION: &str = "chart_group";
    pub const CHART_APPROACH: &str = "chart_approach";
    /// Prefixes of the two selections' keys (`area`, `c_area`…).
    pub const PRIMARY: &str = "";
    pub const COMPARISON: &str = "c_";
}

/// The simulator's settings (and the page-wide standard population it holds).
const SIMULATOR_KEYS: [&str; 12] = [
    key::SHIFT,
    key::THRESHOLD,
    key::REACH,
    key::IMPROVEMENT,
    key::RELATIVE_RISK,
    key::BASELINE,
    key::AGE_SPECIFIC,
    key::DILUTION,
    key::STRATUM_RATES,
    key::STANDARD,
    key::CHART_POPULATION,
    key::CHART_APPROACH,
];

const SELECTION_FIELDS: [&str; 4] = ["area", "group", "sex", "age"];

/// The query (without `?`) that restores `view`.
pub fn to_query(view: &ViewState) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(release) = &view.release {
        query.append_pair(key::RELEASE, release);
    }
    query.append_pair(key::INDICATOR, &view.indicator);
    for (prefix, keys) in [
        (key::PRIMARY, &view.primary),
        (key::COMPARISON, &view.comparison),
    ] {
        let values = [&keys.area, &keys.group, &keys.sex, &keys.age];
        for (field, value) in SELECTION_FIELDS.iter().zip(values) {
            query.append_pair(&format!("{prefix}{field}"), value);
        }
    }
    query.append_pair(key::COMPARE, if view.compare { "1" } else { "0" });
    let p = &view.simulator.parameters;
    let number = |value: f64| format!("{value}");
    query.append_pair(key::SHIFT, &number(p.population_shift));
    query.append_pair(key::THRESHOLD, &number(p.high_risk_threshold));
    query.append_pair(key::REACH, &number(p.reach_fraction * 100.0));
    query.append_pair(key::IMPROVEMENT, &number(p.improvement));
    query.append_pair(
        key::RELATIVE_RISK,
        &p.relative_risk_per_step.map(number).unwrap_or_default(),
    );
    query.append_pair(
        key::BASELINE,
        &p.baseline_rate_per_100k.map(number).unwrap_or_default(),
    );
    // Written only when set, so links made before they existed stay as they were.
    if let Some(outcome) = p.age_specific {
        query.append_pair(key::AGE_SPECIFIC, outcome.id());
    }
    if p.dilution_ratio != 1.0 {
        query.append_pair(key::DILUTION, &number(p.dilution_ratio));
    }
    if p.stratum_rates_per_100k.is_given() {
        let rates = p.stratum_rates_per_100k.0.as_flattened();
        let rates: Vec<String> = rates
            .iter()
            .map(|r| r.map(number).unwrap_or_default())
            .collect();
        query.append_pair(key::STRATUM_RATES, &rates.join(","));
    }
    query.append_pair(key::STANDARD, view.simulator.standard.id());
    if !view.simulator.chart_population.is_empty() {
        query.append_pair(key::CHART_POPULATION, &view.simulator.chart_population);
    }
    query.append_pair(key::CHART_APPROACH, view.simulator.chart_approach.id());
    for file in &view.data_files {
        query.append_pair(key::DATA, file);
    }
    if view.presenting {
        query.append_pair(key::PRESENTING, "1");
    }
    if view.trend {
        query.append_pair(key::TREND, "1");
    }
    if let Some((before, after)) = view.compared_years {
        query.append_pair(key::COMPARED_YEARS, &format!("{before}-{after}"));
    }
    // Japanese is the default: its links stay as they were before there was a choice.
    if view.language != Language::default() {
        query.append_pair(key::LANGUAGE, view.language.code());
    }
    query.finish()
}

/// The view a query names, and what was ignored (`name=value`, one each). Values that
/// cannot be read keep the default; whether a release, item or area exists in the data is for
/// the page to check once the catalogue is loaded.
pub fn from_query(query: &str) -> (ViewState, Vec<String>) {
    read_query::<true>(query)
}

/// [`from_query`] for the embed page, which shows no simulator and no trend: the simulator's
/// settings and the years compared in a link are recognised, not read, so the embed page links
/// none of their parsing.
pub fn chart_from_query(query: &str) -> (ViewState, Vec<String>) {
    read_query::<false>(query)
}

fn read_query<const SIMULATOR: bool>(query: &str) -> (ViewState, Vec<String>) {
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut view = ViewState::default();
    let mut ignored = Vec::new();
    let mut ignore = |name: &str, value: &str| ignored.push(format!("{name}={value}"));

    // The item first: the simulator's defaults depend on it.
    if let Some((_, id)) = pairs.iter().find(|(k, _)| k == key::INDICATOR) {
        match by_id(id) {
            Some(indicator) => view.indicator = indicator.id.to_string(),
            None => ignore(key::INDICATOR, id),
        }
    }
    if SIMULATOR {
        view.simulator = SimulatorView::for_indicator(&view.indicator);
    }
    for (name, value) in &pairs {
        let (name, value) = (name.as_str(), value.as_str());
        let number = || parse_decimal(value);
        let optional_number = || -> Option<Option<f64>> {
            if value.is_empty() {
                Some(None)
            } else {
                number().map(Some)
            }
        };
        let p = &mut view.simulator.parameters;
        let understood = match name {
            key::INDICATOR => true,
            key::RELEASE => {
                view.release = Some(value.to_string());
                !value.is_empty()
            }
            key::COMPARE => match value {
                "1" => {
                    view.compare = true;
                    true
                }
                "0" => {
                    view.compare = false;
                    true
                }
                _ => false,
            },
            key::PRESENTING => {
                view.presenting = value == "1";
                matches!(value, "0" | "1")
            }
            key::TREND => {
                view.trend = value == "1";
                matches!(value, "0" | "1")
            }
            key::COMPARED_YEARS if SIMULATOR => {
                let year = |text: &str| text.parse::<i32>().ok();
                let years = value.split_once('-');
                view.compared_years = years.and_then(|(b, a)| Some((year(b)?, year(a)?)));
                view.compared_years.is_some()
            }
            key::LANGUAGE => Language::from_code(value)
                .map(|language| view.language = language)
                .is_some(),
            key::DATA => {
                view.data_files.push(value.to_string());
                !value.is_empty()
            }
            key::SHIFT if SIMULATOR => number().map(|v| p.population_shift = v).is_some(),
            key::THRESHOLD if SIMULATOR => number().map(|v| p.high_risk_threshold = v).is_some(),
            key::REACH if SIMULATOR => number().map(|v| p.reach_fraction = v / 100.0).is_some(),
            key::IMPROVEMENT if SIMULATOR => number().map(|v| p.improvement = v).is_some(),
            key::RELATIVE_RISK if SIMULATOR => optional_number()
                .map(|v| p.relative_risk_per_step = v)
                .is_some(),
            key::BASELINE if SIMULATOR => optional_number()
                .map(|v| p.baseline_rate_per_100k = v)
                .is_some(),
            key::AGE_SPECIFIC if SIMULATOR => AgeSpecificOutcome::from_id(value)
                .map(|outcome| p.age_specific = Some(outcome))
                .is_some(),
            key::DILUTION if SIMULATOR => number().map(|v| p.dilution_ratio = v).is_some(),
            key::STRATUM_RATES if SIMULATOR => stratum_rates(value)
                .map(|rates| p.stratum_rates_per_100k = rates)
                .is_some(),
            key::STANDARD if SIMULATOR => StandardSource::from_id(value)
                .map(|standard| view.simulator.standard = standard)
                .is_some(),
            key::CHART_POPULATION if SIMULATOR => {
                view.simulator.chart_population = value.to_string();
                true
            }
            key::CHART_APPROACH if SIMULATOR => Approach::from_id(value)
                .map(|a| view.simulator.chart_approach = a)
                .is_some(),
            _ if SIMULATOR_KEYS.contains(&name) || name == key::COMPARED_YEARS => true,
            _ => selection_field(&mut view, name, value),
        };
        if !understood {
            ignore(name, value);
        }
    }
    if view.release.as_deref() == Some("") {
        view.release = None;
    }
    view.data_files.retain(|f| !f.is_empty());
    // Out-of-range numbers are the simulator's to bring back and say (`Parameters::checked`);
    // here only unreadable ones keep the item's defaults.
    (view, ignored)
}

/// `rates=12,,30,…`: fourteen rates (empty: not given), if all can be read.
fn stratum_rates(value: &str) -> Option<StratumRates> {
    let mut rates = StratumRates::default();
    let mut read = value.split(',');
    for rate in rates.0.as_flattened_mut() {
        *rate = match read.next()? {
            "" => None,
            text => Some(parse_decimal(text)?),
        };
    }
    read.next().is_none().then_some(rates)
}

/// `area`, `c_sex`…: one selection's key, if it names something the menus can offer.
fn selection_field(view: &mut ViewState, name: &str, value: &str) -> bool {
    let (keys, field) = match name.strip_prefix(key::COMPARISON) {
        Some(field) => (&mut view.comparison, field),
        None => (&mut view.primary, name),
    };
    let valid = match field {
        "area" => value == NATIONAL_KEY || parse_area_key(value).is_some(),
        // A link naming a group names one: `group:` alone is not read.
        "group" => match parse_group_key(value) {
            Some(GroupSelection::One(group)) => !group.is_empty(),
            Some(_) => true,
            None => false,
        },
        "sex" => value == ALL_KEY || Sex::from_id(value).is_some(),
        "age" => value == ALL_KEY || NDB_AGE_BANDS.iter().any(|band| band.id() == value),
        _ => return false,
    };
    if valid {
        let slot = match field {
            "area" => &mut keys.area,
            "group" => &mut keys.group,
            "sex" => &mut keys.sex,
            _ => &mut keys.age,
        };
        *slot = value.to_string();
    }
    valid
}

/// Whether a query names a view (its area), not only `data` files: a page address like
/// `?data=kokuho.csv` that web staff publish opens the files as the app would show them.
pub fn names_a_view(query: &str) -> bool {
    let query = query.strip_prefix('?').unwrap_or(query);
    form_urlencoded::parse(query.as_bytes()).any(|(k, _)| k == "area")
}

/// The message shown when a link was partly unreadable.
pub fn ignored_message(ignored: &[String], language: Language) -> Option<String> {
    (!ignored.is_empty()).then(|| {
        let parts: Vec<String> = ignored.iter().map(|part| language.quoted(part)).collect();
        let parts = parts.join(language.list_separator());
        match language {
            Language::Japanese => format!(
                "リンクの一部を読み取れなかったため、その部分は既定の表示にしました：{parts}"
            ),
            Language::English => {
                format!("Parts of the link could not be read and were left at the default: {parts}")
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgeBand, AreaLevel};
    use crate::view::screen::area_key;

    fn full_view() -> ViewState {
        let mut parameters = default_parameters(by_id("sbp").unwrap());
        parameters.population_shift = -6.5;
        parameters.reach_fraction = 0.8;
        parameters.baseline_rate_per_100k = Some(120.0);
        parameters.age_specific = Some(AgeSpecificOutcome::IschaemicHeartDisease);
        parameters.dilution_ratio = 0.6;
        parameters.stratum_rates_per_100k.0[1] = [
            Some(2.5),
            None,
            Some(10.0),
            Some(20.0),
            Some(40.0),
            Some(80.0),
            Some(160.5),
        ];
        ViewState {
            release: Some("第9回".into()),
            indicator: "sbp".into(),
            primary: SelectionKeys {
                area: area_key(AreaLevel::SecondaryMedicalArea, "0101", "南渡島"),
                group: "group:regional".into(),
                sex: "female".into(),
                age: AgeBand::new(40, 44).id(),
            },
            compare: false,
            comparison: SelectionKeys::national(),
            simulator: SimulatorView {
                parameters,
                standard: StandardSource::Shown,
                chart_population: "combined".into(),
                chart_approach: Approach::Both,
            },
            data_files: vec!["data/renkei-template.csv".into(), "a b&c=d.csv".into()],
            presenting: true,
            trend: true,
            compared_years: Some((2018, 2021)),
            language: Language::English,
        }
    }

    #[test]
    fn the_embed_page_reads_a_full_link_without_its_simulator_settings() {
        let view = full_view();
        let (chart, ignored) = chart_from_query(&to_query(&view));
        assert!(ignored.is_empty(), "{ignored:?}");
        assert_eq!(chart.indicator, view.indicator);
        assert_eq!(chart.primary, view.primary);
        assert_eq!(chart.simulator, ViewState::default().simulator);
    }

    #[test]
    fn a_view_survives_its_link() {
        let view = full_view();
        let query = to_query(&view);
        assert!(query.contains("item=sbp"), "{query}");
        assert!(query.contains("lang=en"), "{query}");
        assert!(!to_query(&ViewState::default()).contains("lang="));
        assert!(query.contains("trend=1&years=2018-2021"), "{query}");
        assert!(!to_query(&ViewState::default()).contains("trend="));
        assert_eq!(from_query(&query), (view, Vec::new()));
        assert_eq!(
            from_query(&format!("?{}", to_query(&ViewState::default()))),
            (ViewState::default(), Vec::new())
        );
    }

    #[test]
    fn only_a_link_with_an_area_names_a_view() {
        assert!(!names_a_view("?data=kokuho.csv"));
        assert!(names_a_view(&to_query(&full_view())));
    }

    #[test]
    fn an_empty_link_is_the_first_screen() {
        assert_eq!(from_query(""), (ViewState::default(), Vec::new()));
    }

    #[test]
    fn a_hand_edited_link_keeps_what_is_readable_and_says_what_was_not() {
        let (view, ignored) = from_query(
            "item=hba1c&sex=robot&age=40-44&area=nowhere&shift=abc&reach=50&compare=2&colour=red&c_sex=male&chart_approach=magic&trend=yes&years=2018",
        );
        assert_eq!(view.indicator, "hba1c");
        assert_eq!(view.primary.sex, ALL_KEY, "unreadable: the default");
        assert_eq!(view.primary.area, ViewState::default().primary.area);
        assert_eq!(view.comparison.sex, "male");
        assert_eq!(
            view.simulator.parameters.population_shift,
            default_parameters(by_id("hba1c").unwrap()).population_shift,
            "an item's own defaults, not SBP's"
        );
        assert_eq!(view.simulator.parameters.reach_fraction, 0.5);
        assert!(view.compare);
        assert!(!view.trend);
        assert_eq!(view.compared_years, None);
        let said = ignored.join(" ");
        for part in [
            "sex=robot",
            "area=nowhere",
            "shift=abc",
            "compare=2",
            "colour=red",
            "chart_approach=magic",
            "trend=yes",
            "years=2018",
        ] {
            assert!(said.contains(part), "{part} in {said}");
        }
        assert!(
            !said.contains("age="),
            "40-44 is an age band of the menu: kept"
        );
        assert_eq!(view.primary.age, "40-44");
        assert!(ignored_message(&ignored, Language::Japanese)
            .unwrap()
            .starts_with("リンクの一部"));
        assert!(ignored_message(&ignored, Language::English)
            .unwrap()
            .contains("“colour=red”"));
        let (view, ignored) = from_query("lang=fr");
        assert_eq!(view.language, Language::Japanese);
        assert_eq!(ignored, ["lang=fr"]);
        let (view, ignored) = from_query("item=nothing&%FF%FE=%E3");
        assert_eq!(view.indicator, "sbp");
        assert_eq!(ignored.len(), 2, "{ignored:?}");
    }
}
