//! The simulator's results tables: one line per measure, now and after each approach, with
//! the parameters in the column headings.

use crate::analysis::risk::EventEstimate;
use crate::analysis::simulator::outcome::{BandOutcome, EventScale, Figure, Outcome};
use crate::analysis::simulator::parameters::{limits, risk_side, Approach};
use crate::model::indicator::RiskSide;
use crate::model::text::{format_people, format_percent, format_value};
use crate::view::language::Language;
use crate::view::names;
use crate::view::simulator::{PopulationRow, SimulationReport};

/// One line of a results table: a measure, then now and each approach.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// Used in `data-testid`s: `past-see-doctor`, `events-averted`, `band-3`…
    pub id: String,
    pub label: String,
    /// Now, then [`Approach::ALL`].
    pub cells: [String; 4],
}

/// 「151,721人」: an estimate of people, rounded to whole people.
fn people_estimate(people: f64, language: Language) -> String {
    language.people(&format_people(people.round().max(0.0) as u64))
}

/// 「−49,017」, 「+1,234」, 「±0」: a change with its sign, as `format` shows its size.
fn signed(value: f64, format: impl Fn(f64) -> String) -> String {
    let shown = format(value.abs());
    if !shown.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("±{shown}")
    } else if value < 0.0 {
        format!("−{shown}")
    } else {
        format!("+{shown}")
    }
}

fn whole(value: f64) -> String {
    format_people(value.round() as u64)
}

/// `text` (the figure under the fitted shape), then on a line of its own the range the figure
/// spans across the within-bin assumptions — 「幅 150,012〜169,288人」 — when its ends, as `format`
/// writes them, differ.
fn with_range(
    text: String,
    figure: Figure,
    format: &dyn Fn(f64) -> String,
    unit: &str,
    language: Language,
) -> String {
    let (low, high) = figure.range();
    let (low, high) = (format(low), format(high));
    if low == high {
        return text;
    }
    match language {
        Language::Japanese => format!("{text}\n幅 {low}〜{high}{unit}"),
        Language::English => format!("{text}\nrange {low} to {high}{unit}"),
    }
}

/// 「1,234件」 / "1,234 events"
fn events(formatted: &str, language: Language) -> String {
    match language {
        Language::Japanese => format!("{formatted}件"),
        Language::English => format!("{formatted} events"),
    }
}

impl SimulationReport {
    /// Column headings: now, then each approach with its parameters.
    pub fn column_headings(&self) -> [String; 4] {
        let language = self.language;
        let p = &self.parameters;
        let unit = self.indicator.unit;
        let shift_value = signed(p.population_shift, |v| format_value(round_to(v, 0.01)));
        let direction = match risk_side(self.indicator) {
            RiskSide::AtOrAbove => "−",
            RiskSide::Below => "+",
        };
        let threshold = format_value(p.high_risk_threshold);
        let reach = format_percent_plain(p.reach_fraction);
        let improvement = format_value(round_to(p.improvement, 0.01));
        let (shift, high_risk) =
            match (language, risk_side(self.indicator)) {
                (Language::Japanese, side) => (
                    format!("全員 {shift_value}{unit}"),
                    format!(
                        "{threshold}{unit}{}の{reach}に{direction}{improvement}{unit}",
                        if side == RiskSide::AtOrAbove {
                            "以上"
                        } else {
                            "未満"
                        }
                    ),
                ),
                (Language::English, side) => {
                    (
                        format!("everyone {shift_value} {unit}"),
                        format!(
                    "{direction}{improvement} {unit} for {reach} of those {}{threshold} {unit}",
                    if side == RiskSide::AtOrAbove { "≥" } else { "<" }
                ),
                    )
                }
            };
        let separator = language.pick("、", "; ");
        [
            language.pick("現状", "Now").into(),
            language.parenthesised(approach_name(Approach::Population, language), &shift),
            language.parenthesised(approach_name(Approach::HighRisk, language), &high_risk),
            language.parenthesised(
                approach_name(Approach::Both, language),
                &format!("{shift}{separator}{high_risk}"),
            ),
        ]
    }

    /// The tables' figures for the CSV export: per population, measure and column (now, each
    /// approach), the series 「地域：集団アプローチ（全員 −5mmHg）」, the measure, its unit, no
    /// edges, the people and share (%) past a threshold or the age-standardised share (%), under
    /// the fitted shape, no interval or suppressed cells, and the note: the cell as the page
    /// shows it, with its range across within-bin assumptions, and what is estimated. Every
    /// figure the tables show is in a note; the counts and shares are also numbers.
    pub fn export_rows(&self) -> Vec<Vec<String>> {
        let language = self.language;
        let headings = self.column_headings();
        let thresholds = self.thresholds.len();
        let mut rows = Vec::new();
        for row in &self.rows {
            for (index, table_row) in self.table_rows(row).into_iter().enumerate() {
                // `table_rows` writes the people past each threshold first, then their
                // age-standardised shares.
                let (outcome, counts_people) = match index.checked_sub(thresholds) {
                    None => (row.past.get(index), true),
                    Some(index) => (
                        row.standardised.as_ref().ok().and_then(|s| s.get(index)),
                        false,
                    ),
                };
                for (column, (cell, heading)) in table_row.cells.iter().zip(&headings).enumerate() {
                    let figure = outcome.map(|o| match column {
                        0 => o.before.fitted(),
                        _ => o.after[column - 1].fitted(),
                    });
                    let (unit, people, share) = match (figure, counts_people) {
                        (Some(n), true) => (
                            language.pick("人", "people"),
                            format!("{:.0}", n),
                            format!("{:.2}", n / row.people * 100.0),
                        ),
                        (Some(share), false) => {
                            ("%", String::new(), format!("{:.2}", share * 100.0))
                        }
                        (None, _) => ("", String::new(), String::new()),
                    };
                    rows.push(vec![
                        format!("{}{}{heading}", row.label, language.pick("：", ": ")),
                        table_row.label.clone(),
                        unit.to_string(),
                        String::new(),
                        String::new(),
                        people,
                        share,
                        String::new(),
                        String::new(),
                        String::new(),
                        format!(
                            "{}{}{}",
                            language.pick("画面の表示：", "Shown as: "),
                            cell.replace('\n', " "),
                            match column {
                                // As the sources say of the figures now.
                                0 => language.pick(
                                    "（推計。判定値が階級の境目にある人数・割合は公表値そのもの）",
                                    " (estimated; people and shares past a threshold at a bin edge are as published)",
                                ),
                                _ => language.pick(
                                    "（推計。幅は階級の中の分布の仮定による範囲）",
                                    " (estimated; a range is across the within-bin assumptions)",
                                ),
                            }
                        ),
                    ]);
                }
            }
        }
        rows
    }

    /// The results of one group (or the combined population).
    pub fn table_rows(&self, row: &PopulationRow) -> Vec<TableRow> {
        let language = self.language;
        let people = row.people;
        let people_unit = language.people("");
        let mut rows = Vec::new();
        for (threshold, outcome) in self.thresholds.iter().zip(&row.past) {
            let share = |n: f64| format_percent(n / people);
            rows.push(TableRow {
                id: format!("past-{}", threshold.id),
                label: match language {
                    Language::Japanese => format!("{}の人数（割合）", threshold.heading),
                    Language::English => format!(
                        "People past the {} (share)",
                        language.in_sentence(&threshold.heading)
                    ),
                },
                cells: cells(
                    outcome,
                    |n| language.parenthesised(&people_estimate(n, language), &share(n)),
                    |n, before| {
                        format!(
                            "{}\n{}",
                            language.parenthesised(&people_estimate(n, language), &share(n)),
                            language.people(&signed(n - before, whole))
                        )
                    },
                    &|text, figure| with_range(text, figure, &whole, &people_unit, language),
                ),
            });
        }
        match &row.standardised {
            Ok(shares) => {
                for (threshold, outcome) in self.thresholds.iter().zip(shares) {
                    rows.push(TableRow {
                        id: format!("standardised-{}", threshold.id),
                        label: format!(
                            "{}{}",
                            language.pick("年齢調整割合：", "Age-standardised share: "),
                            threshold.heading
                        ),
                        cells: cells(
                            outcome,
                            format_percent,
                            |s, before| {
                                let points = signed((s - before) * 100.0, |v| format!("{v:.1}"));
                                format!(
                                    "{}\n{points}{}",
                                    format_percent(s),
                                    language.pick("ポイント", " points")
                                )
                            },
                            &|text, figure| with_range(text, figure, &format_percent, "", language),
                        ),
                    });
                }
            }
            Err(reason) => rows.push(TableRow {
                id: "standardised".into(),
                label: language
                    .pick("年齢調整割合", "Age-standardised share")
                    .into(),
                cells: [reason.clone(), "—".into(), "—".into(), "—".into()],
            }),
        }
        let unit = self.indicator.unit;
        let unit_spaced = match language {
            Language::Japanese => unit.to_string(),
            Language::English => format!(" {unit}"),
        };
        let decimals = if limits(self.indicator).slider_step < 1.0 {
            2
        } else {
            1
        };
        rows.push(TableRow {
            id: "mean".into(),
            label: language.pick("平均値", "Mean").into(),
            cells: cells(
                &row.mean,
                |m| format!("{m:.decimals$}{unit_spaced}"),
                |m, before| {
                    format!(
                        "{m:.decimals$}{unit_spaced}\n{}{unit_spaced}",
                        signed(m - before, |v| format!("{v:.decimals$}"))
                    )
                },
                &|text, figure| {
                    with_range(
                        text,
                        figure,
                        &|m| format!("{m:.decimals$}"),
                        &unit_spaced,
                        language,
                    )
                },
            ),
        });
        match (&row.events, &self.slope) {
            (Some(estimates), Some(slope)) => {
                let events_unit = language.pick("件", " events");
                let averted = |i: usize| {
                    let fraction = Figure::each(|a| estimates[a][i].averted_fraction());
                    let text = |f: f64| averted_text(f, language);
                    with_range(text(fraction.fitted()), fraction, &text, "", language)
                };
                rows.push(TableRow {
                    id: "events-averted".into(),
                    label: match language {
                        Language::Japanese => {
                            format!("予想される{}の減少", language.pick(slope.outcome[0], slope.outcome[1]))
                        }
                        Language::English => {
                            format!("Expected change in {}", language.pick(slope.outcome[0], slope.outcome[1]))
                        }
                    },
                    cells: ["—".into(), averted(0), averted(1), averted(2)],
                });
                // A rate the user gives fixes the scale: events now = rate × people, or the
                // strata's rates summed (the estimates are then events per year).
                let events_now = match self.event_scale {
                    EventScale::OneRate(rate) => Some(rate * people / 100_000.0),
                    EventScale::ByStratum => Some(estimates[0][0].events_before),
                    EventScale::Relative | EventScale::MissingStratumRate { .. } => None,
                };
                let events_after = |i: usize, now: f64| {
                    Figure::each(|a| {
                        let estimate = &estimates[a][i];
                        if estimate.events_before > 0.0 {
                            now * estimate.events_after / estimate.events_before
                        } else {
                            0.0
                        }
                    })
                };
                if let Some(now) = events_now {
                    let count_after = |i: usize| {
                        let after = events_after(i, now);
                        let text = format!(
                            "{}\n{}",
                            events(&whole(after.fitted()), language),
                            events(&signed(after.fitted() - now, whole), language)
                        );
                        with_range(text, after, &whole, events_unit, language)
                    };
                    rows.push(TableRow {
                        id: "events-count".into(),
                        label: {
                            let outcome = language.pick(slope.outcome[0], slope.outcome[1]);
                            let basis = match (self.event_scale, language) {
                                (EventScale::OneRate(rate), Language::Japanese) => format!("現在の発生率 10万人あたり{}として", format_value(rate)),
                                (EventScale::OneRate(rate), Language::English) => format!("at a current rate of {} per 100,000", format_value(rate)),
                                _ => language.pick("性・年齢階級別の現在の発生率から", "from current rates by sex and age band").into(),
                            };
                            match language {
                                Language::Japanese => format!("{outcome}の数（1年あたり、{basis}）"),
                                Language::English => format!("Number of {outcome} (per year, {basis})"),
                            }
                        },
                        cells: [
                            events(&whole(now), language),
                            count_after(0),
                            count_after(1),
                            count_after(2),
                        ],
                    });
                }
                let threshold = format_value(self.parameters.high_risk_threshold);
                let below = risk_side(self.indicator) == RiskSide::AtOrAbove;
                let side = match (language, below) {
                    (Language::Japanese, true) => format!("{threshold}{unit}未満"),
                    (Language::Japanese, false) => format!("{threshold}{unit}以上"),
                    (Language::English, true) => format!("<{threshold} {unit}"),
                    (Language::English, false) => format!("≥{threshold} {unit}"),
                };
                // Rose's point is about the excess over the risk at a reference level: counted
                // where the cited cohort gives one, all events otherwise (and said).
                let label = match (slope.excess_from, language) {
                    (Some(reference), Language::Japanese) => format!("超過発症（{}{unit}の人のリスクを上回る分）のうち{side}の人から生じる割合（予防のパラドックス）", format_value(reference)),
                    (Some(reference), Language::English) => format!("Share of the excess events (above the risk at {} {unit}) arising among people {side} (the prevention paradox)", format_value(reference)),
                    (None, Language::Japanese) => format!("そのうち{side}の人から生じる割合（予防のパラドックス、基準となる値の出典がないため全発症で計算）"),
                    (None, Language::English) => format!("Share of them arising among people {side} (the prevention paradox; all events, as no reference level is cited)"),
                };
                let shares =
                    estimates.each_ref().map(|e| paradox_shares(e, slope.excess_from.is_some()));
                // The share, and with a rate the events it stands for.
                let totals = [
                    events_now.map(|now| Figure([now; 3])),
                    events_now.map(|now| events_after(0, now)),
                    events_now.map(|now| events_after(1, now)),
                    events_now.map(|now| events_after(2, now)),
                ];
                let cells = [0, 1, 2, 3].map(|i| {
                    let share = Figure::each(|a| shares[a][i].0);
                    let text = with_range(
                        format_percent(share.fitted()),
                        share,
                        &format_percent,
                        "",
                        language,
                    );
                    match totals[i] {
                        Some(count) => {
                            let counted =
                                Figure::each(|a| shares[a][i].0 * shares[a][i].1 * count.0[a]);
                            let counted_text = events(&whole(counted.fitted()), language);
                            format!(
                                "{text}\n{}",
                                with_range(counted_text, counted, &whole, events_unit, language)
                            )
                        }
                        None => text,
                    }
                });
                rows.push(TableRow {
                    id: "events-not-past-threshold".into(),
                    label,
                    cells,
                });
            }
            _ => rows.push(TableRow {
                id: "events-averted".into(),
                label: language
                    .pick("予想される発症の減少", "Expected change in events")
                    .into(),
                cells: [
                    language.pick(
                        "この項目には出典のあるリスクの既定値がありません。リスクの倍率を入力すると計算します。",
                        "This item has no cited default risk. Enter a relative risk to compute it.",
                    ).into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                ],
            }),
        }
        rows
    }

    /// People per published band: now, and after each approach with those who moved out.
    pub fn band_rows(&self, row: &PopulationRow) -> Result<Vec<TableRow>, String> {
        let language = self.language;
        let bands = row.bands.as_ref().map_err(Clone::clone)?;
        let unit = self.indicator.unit;
        Ok(bands
            .iter()
            .enumerate()
            .map(|(index, band)| TableRow {
                id: format!("band-{index}"),
                label: match language {
                    Language::Japanese => format!("{}{unit}", band.bin.label),
                    Language::English => {
                        format!("{} {unit}", names::bin(&band.bin, language))
                    }
                },
                cells: [
                    people_estimate(band.people.before.fitted(), language),
                    band_cell(band, 0, language),
                    band_cell(band, 1, language),
                    band_cell(band, 2, language),
                ],
            })
            .collect())
    }
}

/// Now and after each approach, each under the fitted shape with its range (`ranged`).
fn cells(
    outcome: &Outcome,
    now: impl Fn(f64) -> String,
    after: impl Fn(f64, f64) -> String,
    ranged: &dyn Fn(String, Figure) -> String,
) -> [String; 4] {
    let before = outcome.before.fitted();
    let after = |i: usize| ranged(after(outcome.after[i].fitted(), before), outcome.after[i]);
    [
        ranged(now(before), outcome.before),
        after(0),
        after(1),
        after(2),
    ]
}

fn averted_text(fraction: f64, language: Language) -> String {
    let percent = format_percent(fraction.abs());
    match language {
        _ if fraction.abs() < 0.0005 => language.pick("変化なし", "no change").into(),
        Language::Japanese if fraction > 0.0 => format!("{percent}減"),
        Language::Japanese => format!("{percent}増"),
        Language::English if fraction > 0.0 => format!("{percent} fewer"),
        Language::English => format!("{percent} more"),
    }
}

fn band_cell(band: &BandOutcome, approach: usize, language: Language) -> String {
    let people_unit = language.people("");
    let ranged = |figure: Figure| {
        let text = people_estimate(figure.fitted(), language);
        with_range(text, figure, &whole, &people_unit, language)
    };
    format!(
        "{}\n{}{}",
        ranged(band.people.after[approach]),
        language.pick("この階級から移った人 ", "moved out of this bin: "),
        ranged(band.moved_out[approach])
    )
}

fn round_to(value: f64, step: f64) -> f64 {
    (value / step).round() * step
}

/// 「50%」
fn format_percent_plain(fraction: f64) -> String {
    format!("{}%", format_value(round_to(fraction * 100.0, 0.1)))
}

/// 「集団アプローチ」 / "Population approach"
pub fn approach_name(approach: Approach, language: Language) -> &'static str {
    match approach {
        Approach::Population => language.pick("集団アプローチ", "Population approach"),
        Approach::HighRisk => language.pick("ハイリスクアプローチ", "High-risk approach"),
        Approach::Both => language.pick("両方", "Both"),
    }
}

/// Per column (now, then each approach): the share of the events counted that arise among
/// people not past the threshold, and the fraction of all events those counted are — excess
/// events where `excess` (Rose's prevention paradox), all of them otherwise.
fn paradox_shares(estimates: &[EventEstimate; 3], excess: bool) -> [(f64, f64); 4] {
    let before = &estimates[0];
    let now = if excess {
        (
            before.excess_share_not_past_threshold_before(),
            before.excess_fraction_before(),
        )
    } else {
        (before.share_not_past_threshold_before(), 1.0)
    };
    let after = |e: &EventEstimate| {
        if excess {
            (
                e.excess_share_not_past_threshold_after(),
                e.excess_fraction_after(),
            )
        } else {
            (e.share_not_past_threshold_after(), 1.0)
        }
    };
    [
        now,
        after(&estimates[0]),
        after(&estimates[1]),
        after(&estimates[2]),
    ]
}
