//! The simulator's results tables and its fields for events by sex and age band, as HTML the
//! page sets as a whole (`web::simulator_section`). As Leptos views, the tables and the fields
//! cost several KB of generic rendering code in the simulator's module for elements that are
//! written again on every change anyway; as text they are one loop each and testable natively.
//! Anything from a user's file (group names, area names) is escaped.

use crate::analysis::risk::AgeSpecificOutcome;
use crate::analysis::simulator::parameters::Parameters;
use crate::model::{Sex, NDB_AGE_BANDS};
use crate::view::language::Language;
use crate::view::names;
use crate::view::simulator::table::TableRow;
use crate::view::simulator::SimulationReport;

/// `text` with `&`, `<`, `>`, `"` and `'` written as entities, for an element's text or a
/// quoted attribute.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One table per group and the combined population, the bands of the population the chart
/// shows (`chart_key`; the first if none matches), and the sources.
pub fn result_tables(report: &SimulationReport, chart_key: &str) -> String {
    let language = report.language;
    let mut html = String::new();
    let headings = report.column_headings();
    let head = |html: &mut String, first: &str| {
        html.push_str("<thead><tr><th scope=col>");
        html.push_str(first);
        for heading in &headings {
            html.push_str("</th><th scope=col>");
            html.push_str(&escaped(heading));
        }
        html.push_str("</th></tr></thead><tbody>");
    };
    let body = |html: &mut String, key: &str, rows: Vec<TableRow>| {
        for row in rows {
            html.push_str("<tr><th scope=row>");
            html.push_str(&escaped(&row.label));
            html.push_str("</th>");
            for (cell, column) in row
                .cells
                .iter()
                .zip(["now", "population", "high-risk", "both"])
            {
                html.push_str(&format!(
                    "<td data-testid=\"sim-{}-{}-{column}\">{}</td>",
                    escaped(key),
                    row.id,
                    escaped(cell)
                ));
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table>");
    };
    for row in &report.rows {
        let people = crate::model::text::format_people(row.people.round() as u64);
        let caption = match language {
            Language::Japanese => format!(
                "{}・{}（{people}人、{}年度）",
                report.scope, row.label, report.fiscal_year
            ),
            Language::English => format!(
                "{}, {} ({people} people, FY{})",
                report.scope, row.label, report.fiscal_year
            ),
        };
        html.push_str(&format!(
            "<table class=\"summary simulation\" data-testid=\"sim-table-{}\"><caption>{}</caption>",
            escaped(&row.key),
            escaped(&caption)
        ));
        head(&mut html, language.pick("指標", "Measure"));
        body(&mut html, &row.key, report.table_rows(row));
    }
    let charted = report
        .rows
        .iter()
        .find(|r| r.key == chart_key)
        .or(report.rows.first());
    if let Some(row) = charted {
        match report.band_rows(row) {
            Ok(rows) => {
                let summary = match language {
                    Language::Japanese => {
                        format!("階級ごとの人数と、その階級から移った人（{}）", row.label)
                    }
                    Language::English => format!(
                        "People per bin, and those who moved out of it ({})",
                        row.label
                    ),
                };
                html.push_str(&format!(
                    "<details class=bins data-testid=sim-bands><summary>{}</summary><table class=\"summary simulation\">",
                    escaped(&summary)
                ));
                head(&mut html, language.pick("階級", "Bin"));
                body(&mut html, "bands", rows);
                html.push_str("</details>");
            }
            Err(message) => html.push_str(&format!("<p class=hint>{}</p>", escaped(&message))),
        }
    }
    html.push_str("<ul class=\"citation sources\" data-testid=sim-sources>");
    for line in report.sources() {
        html.push_str(&format!("<li>{}</li>", escaped(&line)));
    }
    html + "</ul>"
}

/// The fields for events by sex and age band, with the values of `p`: PSC 2002's age-specific
/// slopes (SBP only; `name=slope`) and the rates per sex × age band (`name=r` + sex + age band
/// index, in `StratumRates`' order). Every word is the page's own, so nothing needs escaping.
pub fn event_fields(language: Language, sbp: bool, p: &Parameters) -> String {
    let mut html = String::new();
    let mut add = |pieces: &[&str]| pieces.iter().for_each(|piece| html.push_str(piece));
    if sbp {
        add(&[
            "<label class=field><span>",
            language.pick("リスクの傾き", "Slope of the risk"),
            "</span><select name=slope data-testid=sim-age-specific style='max-width:100%'><option value=''>",
            language.pick(
                "全年齢で1つ（上の倍率）",
                "One for every age (the relative risk above)",
            ),
        ]);
        for outcome in AgeSpecificOutcome::ALL {
            let [japanese, english] = outcome.outcome();
            add(&[
                "<option value=",
                outcome.id(),
                if p.age_specific == Some(outcome) {
                    " selected>"
                } else {
                    ">"
                },
                language.pick("年齢別（PSC 2002）：", "By age (PSC 2002): "),
                language.pick(japanese, english),
            ]);
        }
        add(&["</select></label>"]);
    }
    let rates = p.stratum_rates_per_100k;
    add(&[
        // Open when rates are given, so what drives the figures is seen.
        if rates.is_given() { "<details open" } else { "<details" },
        " class=rates data-testid=sim-rates><summary>",
        language.pick(
            "性・年齢階級別の現在の発生率（10万人あたり年間、任意。入れた階級は上の発生率より優先）",
            "Current event rates by sex and age band (per 100,000 a year; optional; they take precedence over the rate above)",
        ),
        "</summary><table class=summary><thead><tr><th></th><th scope=col>",
        names::sex(Sex::Male, language),
        "</th><th scope=col>",
        names::sex(Sex::Female, language),
        "</th></tr></thead><tbody>",
    ]);
    for (band_index, band) in NDB_AGE_BANDS.into_iter().enumerate() {
        let band_name = names::age_band(band, language);
        add(&["<tr><th scope=row>", &band_name, "</th>"]);
        for sex in Sex::BOTH {
            let testid = format!("sim-rate-{}-{}", sex.id(), band.from_years);
            let rate = rates.0[sex as usize][band_index]
                .map(|r| r.to_string())
                .unwrap_or_default();
            add(&[
                "<td><input type=number min=0 step=1 name=r",
                ["0", "1"][sex as usize],
                &band_index.to_string(),
                " value='",
                &rate,
                "' aria-label='",
                names::sex(sex, language),
                " ",
                &band_name,
                "' data-testid=",
                &testid,
                "></td>",
            ]);
        }
        add(&["</tr>"]);
    }
    add(&["</tbody></table></details>"]);
    html
}
