//! Where the bars of a distribution sit. Honest drawing of unequal and open-ended bins: the x
//! axis is the indicator's own scale, each bar spans its bin, and its height is the share of
//! people *per reference width* (the most common bin width), so areas compare fairly. An
//! open-ended end bin has no width: it is drawn as wide as its neighbour.

use crate::analysis::distribution::Distribution;

/// Where one bin's bar sits, in the indicator's unit (or category index).
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub x_from: f64,
    pub x_to: f64,
    /// Share per reference width, in percent; the plain share for categorical bins.
    pub height_percent: f64,
    pub share_fraction: f64,
    /// The bin has no lower or no upper edge and is drawn with its neighbour's width.
    pub open_ended: bool,
    /// Suppressed people may belong to the bin: its bar and share count the people known only
    /// (the label is marked, and the view's notes say what the mark means).
    pub people_unknown: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BarLayout {
    pub bars: Vec<Bar>,
    /// Width the heights refer to (`None` for categorical bins).
    pub reference_width: Option<f64>,
}

/// Lays out the bars of a distribution; see the module documentation for the rules.
pub fn bar_layout(distribution: &Distribution) -> BarLayout {
    let shares = distribution.share_fractions();
    let bins: Vec<_> = distribution.bins.iter().map(|b| &b.bin).collect();
    let unknown: Vec<bool> = distribution
        .bins
        .iter()
        .map(|b| b.bounded_people_up_to > 0 || b.unbounded_cell_count > 0)
        .collect();
    if bins.iter().any(|bin| bin.is_categorical()) {
        let bars = shares
            .iter()
            .enumerate()
            .map(|(index, &share)| Bar {
                x_from: index as f64 + 0.1,
                x_to: index as f64 + 0.9,
                height_percent: share * 100.0,
                share_fraction: share,
                open_ended: false,
                people_unknown: unknown[index],
            })
            .collect();
        return BarLayout {
            bars,
            reference_width: None,
        };
    }
    let widths: Vec<Option<f64>> = bins.iter().map(|b| Some(b.upper? - b.lower?)).collect();
    let reference_width = most_common_width(&widths);
    let neighbour_width = |index: usize| -> f64 {
        let before = index.checked_sub(1).and_then(|i| widths[i]);
        let after = widths.get(index + 1).copied().flatten();
        after.or(before).unwrap_or(reference_width)
    };
    let bars = bins
        .iter()
        .zip(&shares)
        .enumerate()
        .map(|(index, (bin, &share))| {
            let (x_from, x_to) = match (bin.lower, bin.upper) {
                (Some(lower), Some(upper)) => (lower, upper),
                (None, Some(upper)) => (upper - neighbour_width(index), upper),
                (Some(lower), None) => (lower, lower + neighbour_width(index)),
                (None, None) => unreachable!("categorical bins were handled above"),
            };
            Bar {
                x_from,
                x_to,
                height_percent: share * 100.0 * reference_width / (x_to - x_from),
                share_fraction: share,
                open_ended: bin.lower.is_none() || bin.upper.is_none(),
                people_unknown: unknown[index],
            }
        })
        .collect();
    BarLayout {
        bars,
        reference_width: Some(reference_width),
    }
}

/// The width most bins share (the smaller one on a tie); 1 when no bin is closed.
fn most_common_width(widths: &[Option<f64>]) -> f64 {
    let closed: Vec<f64> = widths.iter().flatten().copied().collect();
    let count = |w: f64| closed.iter().filter(|&&v| (v - w).abs() < 1e-9).count();
    closed
        .iter()
        .copied()
        .max_by(|&a, &b| count(a).cmp(&count(b)).then(b.total_cmp(&a)))
        .unwrap_or(1.0)
}
