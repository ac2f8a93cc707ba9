//! The simulator's tables and its fields for events by sex and age band, as the HTML the page
//! sets (`view::simulator::html`): a user's names stay text, every figure of the report is in
//! its cell, and the fields show the settings they were written with.

use renkei::analysis::distribution::AreaSelection;
use renkei::analysis::risk::{AgeSpecificOutcome, StratumRates};
use renkei::analysis::simulator::fit::SimulatorInput;
use renkei::analysis::simulator::outcome::simulate;
use renkei::analysis::simulator::parameters::{default_parameters, Parameters};
use renkei::analysis::standardise::StandardSource;
use renkei::model::indicator::by_id;
use renkei::model::AreaLevel;
use renkei::view::language::Language;
use renkei::view::simulator::html::{escaped, event_fields, result_tables};
use renkei::view::simulator::SimulationReport;

const HOSTILE_AREA: &str = "<img src=x onerror=alert(1)>";
const HOSTILE_GROUP: &str = "職域\"><script>alert(2)</script>";

/// A user's file whose area and one group are written as markup.
fn hostile_report(language: Language) -> SimulationReport {
    let mut csv =
        String::from("年度,地域区分,地域コード,地域名,区分,性別,年齢階級,項目,階級,人数\n");
    for (group, scale) in [("地域", 3), (HOSTILE_GROUP, 2)] {
        for (bin, people) in [
            ("120未満", 40),
            ("120以上130未満", 30),
            ("130以上140未満", 20),
            ("140以上160未満", 15),
            ("160以上", 5),
        ] {
            csv += &format!(
                "2024,市町村,,\"{}\",\"{}\",男,40～44歳,収縮期血圧,{bin},{}\n",
                HOSTILE_AREA.replace('"', "\"\""),
                group.replace('"', "\"\""),
                people * scale
            );
        }
    }
    let dataset = renkei::import::tidy::import_tidy_csv(csv.as_bytes(), "evil.csv").unwrap();
    let area = AreaSelection::Area {
        level: AreaLevel::Municipality,
        code: String::new(),
        name: HOSTILE_AREA.into(),
    };
    let sbp = by_id("sbp").unwrap();
    let input = SimulatorInput::prepare(&dataset, sbp, &area, None, None).unwrap();
    let outcome = simulate(
        &input,
        &default_parameters(sbp),
        &input.standard(StandardSource::Shown),
    );
    SimulationReport::new(&outcome, language)
}

#[test]
fn a_users_names_stay_text_in_the_simulators_tables() {
    for language in [Language::Japanese, Language::English] {
        let report = hostile_report(language);
        let html = result_tables(&report, "all");
        assert!(
            !html.contains("<img") && !html.contains("<script"),
            "{html}"
        );
        assert!(html.contains(&escaped(HOSTILE_AREA)), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"),
            "{html}"
        );
        // One table per group and the combined population, then the bands' and the sources.
        assert_eq!(html.matches("<table").count(), report.rows.len() + 1);
        assert!(html.contains("data-testid=sim-sources"));
    }
}

#[test]
fn every_figure_of_the_report_is_in_its_cell() {
    let report = hostile_report(Language::Japanese);
    let html = result_tables(&report, "all");
    let mut cells = 0;
    for row in &report.rows {
        for table_row in report.table_rows(row) {
            for (cell, column) in
                table_row
                    .cells
                    .iter()
                    .zip(["now", "population", "high-risk", "both"])
            {
                let wanted = format!(
                    "<td data-testid=\"sim-{}-{}-{column}\">{}</td>",
                    escaped(&row.key),
                    table_row.id,
                    escaped(cell)
                );
                assert!(html.contains(&wanted), "{wanted}");
                cells += 1;
            }
        }
    }
    assert!(cells >= 3 * 4 * 3, "{cells} cells");
}

#[test]
fn the_event_fields_show_the_settings_they_were_written_with() {
    let sbp = by_id("sbp").unwrap();
    let mut rates = StratumRates::default();
    rates.0[0][0] = Some(10.0);
    rates.0[1][6] = Some(108.5);
    let parameters = Parameters {
        age_specific: Some(AgeSpecificOutcome::IschaemicHeartDisease),
        stratum_rates_per_100k: rates,
        ..default_parameters(sbp)
    };
    let html = event_fields(Language::Japanese, true, &parameters);
    assert_eq!(html.matches("<input").count(), 14);
    assert!(html.contains("<option value=ihd selected>"), "{html}");
    assert!(!html.contains("<option value=stroke selected>"), "{html}");
    assert!(html.contains("<details open"), "{html}");
    assert!(
        html.contains(
            "name=r00 value='10' aria-label='男性 40〜44歳' data-testid=sim-rate-male-40"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "name=r16 value='108.5' aria-label='女性 70〜74歳' data-testid=sim-rate-female-70"
        ),
        "{html}"
    );
    assert_eq!(html.matches("value=''").count(), 12 + 1, "{html}");

    // Another item: no slopes by age, and the rates' table closed when none is given.
    let defaults = event_fields(Language::English, false, &default_parameters(sbp));
    assert!(!defaults.contains("<select"), "{defaults}");
    assert!(defaults.starts_with("<details class=rates"), "{defaults}");
    assert!(
        defaults.contains("aria-label='Women 70–74 years'"),
        "{defaults}"
    );
}
