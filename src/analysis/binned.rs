//! A continuous model of a binned distribution that reproduces every observed bin count
//! exactly, so that shares past any value (a threshold after a shift, a percentile) can be
//! estimated from published bins.
//!
//! The treatment, stated once (and shown to users as "estimated from binned data"):
//! 1. A normal, a log-normal and a log-logistic shape are fitted to all bins by maximum
//!    likelihood on the bin counts (the likelihood of grouped data); the one with the highest
//!    likelihood is kept, among those that fit the scale (see [`fit_shape`]).
//! 2. Within each bin — the open-ended first and last bins included — people are spread as the
//!    fitted shape says, *rescaled so the bin holds exactly its observed count*. The open bins thus
//!    get a parametric tail fitted to the whole distribution, and no bin's count is changed.
//! 3. Where the fitted shape puts (numerically) no mass in a bin, or everyone is in one bin (any
//!    shape then fits), people are spread evenly over a closed bin, or over one neighbour-width
//!    of an open bin.

use std::f64::consts::PI;

use crate::analysis::distribution::Distribution;

/// A family of two-parameter shapes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Family {
    /// Location and scale are the values' mean and SD.
    Normal,
    /// Location and scale are the mean and SD of the logarithm of the values.
    LogNormal,
    /// The logarithm of the values is logistic with this median (location) and scale: a tail
    /// that falls as a power of the value (SciPy's `fisk` with `c` = 1 / scale and `scale` =
    /// e^location), heavier than the log-normal's.
    LogLogistic,
}

/// Which parametric shape was fitted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    pub family: Family,
    pub location: f64,
    pub scale: f64,
}

impl Shape {
    fn cdf(self, x: f64) -> f64 {
        let Shape {
            family,
            location,
            scale,
        } = self;
        match family {
            Family::Normal => normal_cdf((x - location) / scale),
            _ if x <= 0.0 => 0.0,
            Family::LogNormal => normal_cdf((x.ln() - location) / scale),
            Family::LogLogistic => 1.0 / (1.0 + (-(x.ln() - location) / scale).exp()),
        }
    }
}

fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// How people are spread inside each published bin: the bins fix how many people each holds,
/// not where in it they are, and every simulated figure depends on that choice. The simulator
/// computes each figure under all three and shows the range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithinBin {
    /// The fitted normal or log-normal shape, rescaled to each bin (the module's treatment).
    FittedShape,
    /// A monotone cubic through the cumulative counts at the finite bin edges (PCHIP: Fritsch &
    /// Carlson 1980, with the tangents of Fritsch & Butland 1984 as SciPy's
    /// `PchipInterpolator` computes them); the open-ended bins keep the fitted shape's tail.
    MonotoneCumulative,
    /// Evenly over each bin, and over one neighbour-width of an open-ended bin: the crude bound.
    Even,
}

impl WithinBin {
    /// The order of every per-assumption array: the fitted shape first.
    pub const ALL: [WithinBin; 3] = [
        WithinBin::FittedShape,
        WithinBin::MonotoneCumulative,
        WithinBin::Even,
    ];
}

/// How one bin's people are spread between its edges.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Spread {
    /// As the fitted shape, whose CDF at the bin's edges these are.
    Shape {
        cdf_lower: f64,
        cdf_upper: f64,
    },
    Even,
    /// A cubic Hermite piece of the cumulative count, with these slopes (people per unit) at
    /// the edges.
    Cubic {
        density_lower: f64,
        density_upper: f64,
    },
}

#[derive(Clone, Debug, PartialEq)]
struct ModelBin {
    lower: f64,
    upper: f64,
    people: f64,
    spread: Spread,
}

/// A binned distribution made continuous (see the module documentation).
#[derive(Clone, Debug, PartialEq)]
pub struct BinnedModel {
    bins: Vec<ModelBin>,
    pub total_people: f64,
    pub shape: Shape,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ModelError {
    /// Categorical bins (urine tests) have no scale to shift.
    NotNumeric,
    NoPeople,
}

type Edges = Vec<(Option<f64>, Option<f64>, f64)>;

impl BinnedModel {
    /// The model with people spread as the fitted shape says ([`WithinBin::FittedShape`]).
    pub fn fit(distribution: &Distribution) -> Result<BinnedModel, ModelError> {
        let edges = numeric_edges(distribution)?;
        let shape = fit_shape(&edges);
        Ok(BinnedModel::build(&edges, shape, WithinBin::FittedShape))
    }

    /// One model per within-bin assumption, in the order of [`WithinBin::ALL`]; the shape is
    /// fitted once.
    pub fn fit_each_assumption(
        distribution: &Distribution,
    ) -> Result<[BinnedModel; 3], ModelError> {
        let edges = numeric_edges(distribution)?;
        let shape = fit_shape(&edges);
        Ok(WithinBin::ALL.map(|within| BinnedModel::build(&edges, shape, within)))
    }

    fn build(edges: &Edges, shape: Shape, within: WithinBin) -> BinnedModel {
        // A width for open bins when the shape says nothing about them: their neighbour's.
        let widths: Vec<Option<f64>> = edges.iter().map(|(l, u, _)| Some((*u)? - (*l)?)).collect();
        let fallback_width = |i: usize| {
            let before = i.checked_sub(1).and_then(|j| widths[j]);
            let after = widths.get(i + 1).copied().flatten();
            after.or(before).unwrap_or(1.0)
        };
        let densities = (within == WithinBin::MonotoneCumulative).then(|| pchip_densities(edges));
        // With everyone in one bin any shape fits the counts exactly, so none is meaningful.
        let shape_identified = edges.iter().filter(|(_, _, people)| *people > 0.0).count() >= 2;
        let bins = edges
            .iter()
            .enumerate()
            .map(|(i, &(lower, upper, people))| {
                let cdf_lower = lower.map_or(0.0, |l| shape.cdf(l));
                let cdf_upper = upper.map_or(1.0, |u| shape.cdf(u));
                let closed = lower.is_some() && upper.is_some();
                let spread = match (within, &densities) {
                    _ if !shape_identified => Spread::Even,
                    (WithinBin::MonotoneCumulative, Some(densities)) if closed => Spread::Cubic {
                        density_lower: densities[i].0,
                        density_upper: densities[i].1,
                    },
                    (WithinBin::Even, _) => Spread::Even,
                    // Where the shape has (numerically) no mass, evenly.
                    _ if cdf_upper - cdf_lower > 1e-12 => Spread::Shape {
                        cdf_lower,
                        cdf_upper,
                    },
                    _ => Spread::Even,
                };
                // Spread evenly, an open bin covers one neighbour-width.
                let (lower, upper) = match (lower, upper) {
                    (Some(l), Some(u)) => (l, u),
                    (None, Some(u)) if spread != Spread::Even => (f64::NEG_INFINITY, u),
                    (None, Some(u)) => (u - fallback_width(i), u),
                    (Some(l), None) if spread != Spread::Even => (l, f64::INFINITY),
                    (Some(l), None) => (l, l + fallback_width(i)),
                    (None, None) => unreachable!("numeric bins have an edge"),
                };
                ModelBin {
                    lower,
                    upper,
                    people,
                    spread,
                }
            })
            .collect();
        BinnedModel {
            bins,
            total_people: edges.iter().map(|(_, _, people)| people).sum(),
            shape,
        }
    }

    /// People with a value below `x` (an estimate between edges; exact at every bin edge).
    pub fn people_below(&self, x: f64) -> f64 {
        let mut people = 0.0;
        for bin in &self.bins {
            if x >= bin.upper {
                people += bin.people;
            } else if x > bin.lower {
                let fraction = match bin.spread {
                    Spread::Shape {
                        cdf_lower,
                        cdf_upper,
                    } => (self.shape.cdf(x) - cdf_lower) / (cdf_upper - cdf_lower),
                    Spread::Even => (x - bin.lower) / (bin.upper - bin.lower),
                    Spread::Cubic {
                        density_lower,
                        density_upper,
                    } if bin.people > 0.0 => {
                        // The Hermite cubic from 0 people at the lower edge to all of them at
                        // the upper one.
                        let width = bin.upper - bin.lower;
                        let t = (x - bin.lower) / width;
                        let (t2, t3) = (t * t, t * t * t);
                        ((3.0 * t2 - 2.0 * t3) * bin.people
                            + width
                                * ((t3 - 2.0 * t2 + t) * density_lower + (t3 - t2) * density_upper))
                            / bin.people
                    }
                    Spread::Cubic { .. } => 0.0,
                };
                people += bin.people * fraction.clamp(0.0, 1.0);
            }
        }
        people
    }

    /// Fraction (0–1) of people below `x`.
    pub fn cdf(&self, x: f64) -> f64 {
        self.people_below(x) / self.total_people
    }

    /// The value below which a fraction `p` of people lie.
    pub fn quantile(&self, p: f64) -> f64 {
        let target = p.clamp(0.0, 1.0) * self.total_people;
        let finite_edges = self
            .bins
            .iter()
            .flat_map(|b| [b.lower, b.upper])
            .filter(|e| e.is_finite());
        let (mut low, mut high) = finite_edges
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), e| {
                (l.min(e), h.max(e))
            });
        // Outwards in doubling steps: a long tail is reached in a few dozen.
        let mut span = (high - low).max(1.0);
        while self.people_below(low) > target && low.is_finite() {
            low -= span;
            span *= 2.0;
        }
        let mut span = (high - low).max(1.0);
        while self.people_below(high) < target && high.is_finite() {
            high += span;
            span *= 2.0;
        }
        for _ in 0..80 {
            let middle = 0.5 * (low + high);
            if self.people_below(middle) < target {
                low = middle;
            } else {
                high = middle;
            }
        }
        0.5 * (low + high)
    }

    /// The people as `slices` equal slices of value between the 0.0001st and 99.9999th
    /// percentiles, each slice's people placed at its midpoint (the few beyond go to the end
    /// slices): what integrals over the distribution (mean, expected events) sum. The people add up
    /// to `total_people`.
    pub fn people_grid(&self, slices: usize) -> Vec<(f64, f64)> {
        const TAIL: f64 = 1e-6;
        let (from, to) = (self.quantile(TAIL), self.quantile(1.0 - TAIL));
        let width = (to - from) / slices as f64;
        let mut grid = Vec::with_capacity(slices);
        let mut below_previous = 0.0;
        for slice in 0..slices {
            let upper = if slice + 1 == slices {
                f64::INFINITY
            } else {
                from + width * (slice + 1) as f64
            };
            let below_upper = self.people_below(upper);
            grid.push((
                from + width * (slice as f64 + 0.5),
                below_upper - below_previous,
            ));
            below_previous = below_upper;
        }
        grid
    }

    /// Mean and SD (estimates from binned data), summed over a fine grid of values.
    pub fn mean_and_sd(&self) -> (f64, f64) {
        let grid = self.people_grid(2000);
        let mean = grid.iter().map(|(v, n)| v * n).sum::<f64>() / self.total_people;
        let variance = grid
            .iter()
            .map(|(v, n)| n * (v - mean).powi(2))
            .sum::<f64>()
            / self.total_people;
        (mean, variance.sqrt())
    }
}

/// The bins as (lower, upper, people), or why they cannot be modelled.
fn numeric_edges(distribution: &Distribution) -> Result<Edges, ModelError> {
    let bins = &distribution.bins;
    if bins.is_empty() || bins.iter().any(|b| b.bin.is_categorical()) {
        return Err(ModelError::NotNumeric);
    }
    let edges: Edges = bins
        .iter()
        .map(|b| (b.bin.lower, b.bin.upper, b.people_estimate()))
        .collect();
    if edges.iter().all(|(_, _, people)| *people <= 0.0) {
        return Err(ModelError::NoPeople);
    }
    Ok(edges)
}

/// Per bin, the slopes (people per unit) at its lower and upper edge of the monotone cubic
/// through the cumulative counts at the finite edges — SciPy's `PchipInterpolator`: a weighted
/// harmonic mean of the neighbouring bins' densities inside the run of closed bins (0 where one
/// is empty), its one-sided three-point rule at the run's ends, a straight line for a run of one
/// bin. Open bins get (0, 0) and do not use it.
fn pchip_densities(edges: &Edges) -> Vec<(f64, f64)> {
    // Width and mean density of each closed bin.
    let secants: Vec<Option<(f64, f64)>> = edges
        .iter()
        .map(|&(lower, upper, people)| match (lower, upper) {
            (Some(l), Some(u)) if u > l => Some((u - l, people / (u - l))),
            _ => None,
        })
        .collect();
    // The closed bin next to bin `i` on one side, if it shares the edge.
    let neighbour = |i: usize, next: usize| {
        let (here, there) = (edges.get(i)?, edges.get(next)?);
        let shared = if next > i {
            here.1.is_some() && here.1 == there.0
        } else {
            here.0.is_some() && here.0 == there.1
        };
        secants[next].filter(|_| shared)
    };
    secants
        .iter()
        .enumerate()
        .map(|(i, secant)| {
            let Some(here) = *secant else {
                return (0.0, 0.0);
            };
            let before = i.checked_sub(1).and_then(|p| neighbour(i, p));
            let after = neighbour(i, i + 1);
            let lower = match before {
                Some(before) => interior_slope(before, here),
                None => end_slope(here, after),
            };
            let upper = match after {
                Some(after) => interior_slope(here, after),
                None => end_slope(here, before),
            };
            (lower, upper)
        })
        .collect()
}

/// PCHIP's slope between two bins, each (width, density).
fn interior_slope((width_left, left): (f64, f64), (width_right, right): (f64, f64)) -> f64 {
    if left <= 0.0 || right <= 0.0 {
        return 0.0;
    }
    let w1 = 2.0 * width_right + width_left;
    let w2 = width_right + 2.0 * width_left;
    (w1 + w2) / (w1 / left + w2 / right)
}

/// PCHIP's slope at the end of a run of bins: from the end bin and the one next to it.
fn end_slope((width, density): (f64, f64), next: Option<(f64, f64)>) -> f64 {
    let Some((next_width, next_density)) = next else {
        return density;
    };
    let sign = |v: f64| (v > 0.0) as i8 - (v < 0.0) as i8;
    let slope =
        ((2.0 * width + next_width) * density - width * next_density) / (width + next_width);
    if sign(slope) != sign(density) {
        0.0
    } else if sign(density) != sign(next_density) && slope.abs() > 3.0 * density.abs() {
        3.0 * density
    } else {
        slope
    }
}

fn grouped_log_likelihood(edges: &[(Option<f64>, Option<f64>, f64)], shape: Shape) -> f64 {
    edges
        .iter()
        .map(|&(lower, upper, people)| {
            if people == 0.0 {
                return 0.0;
            }
            let p = upper.map_or(1.0, |u| shape.cdf(u)) - lower.map_or(0.0, |l| shape.cdf(l));
            people * p.max(1e-300).ln()
        })
        .sum()
}

/// The shape of highest grouped likelihood among a normal, a log-normal and a log-logistic
/// (each fitted by maximum likelihood; all three have two parameters, so this is also the
/// choice by Akaike's criterion). The log-logistic's power-law tail fits the long right tails
/// of glucose, HbA1c, the liver enzymes and triglycerides that a log-normal fitted to the whole
/// distribution cannot reach without spreading the body too wide. On a scale whose edges are
/// all positive, a normal that puts more than one in a thousand below zero is no candidate: with
/// three bins every shape fits the counts exactly, and such a normal packs the lowest bin with
/// values that cannot occur. A log-logistic without a finite variance (scale ≥ ½) is no
/// candidate either: the figures integrate the square of the values.
fn fit_shape(edges: &[(Option<f64>, Option<f64>, f64)]) -> Shape {
    // A start from the bin midpoints (open bins at one neighbour-width beyond their edge).
    let finite: Vec<f64> = edges
        .iter()
        .flat_map(|(l, u, _)| [*l, *u])
        .flatten()
        .collect();
    let (min_edge, max_edge) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &e| {
            (a.min(e), b.max(e))
        });
    let step = ((max_edge - min_edge) / edges.len().max(1) as f64).max(1e-6);
    let middle = |(l, u, _): &(Option<f64>, Option<f64>, f64)| match (l, u) {
        (Some(l), Some(u)) => 0.5 * (l + u),
        (None, Some(u)) => u - step,
        (Some(l), None) => l + step,
        (None, None) => 0.0,
    };
    let total: f64 = edges.iter().map(|e| e.2).sum();
    let mean = edges.iter().map(|e| middle(e) * e.2).sum::<f64>() / total;
    let sd = (edges
        .iter()
        .map(|e| (middle(e) - mean).powi(2) * e.2)
        .sum::<f64>()
        / total)
        .sqrt()
        .max(step * 0.5);
    // On a positive scale, each family from a start on the logarithmic scale: the log-normal
    // from the midpoints' coefficient of variation, the log-logistic with the same SD (a
    // logistic's SD is its scale × π/√3).
    let log_sd = (sd / mean).max(1e-3);
    let positive = min_edge > 0.0 && mean > 0.0;
    let families: &[(Family, f64, f64)] = if positive {
        &[
            (Family::Normal, mean, sd),
            (Family::LogLogistic, mean.ln(), log_sd * 3f64.sqrt() / PI),
            (Family::LogNormal, mean.ln(), log_sd),
        ]
    } else {
        &[(Family::Normal, mean, sd)]
    };
    // With as many parameters as free counts (three bins) every shape fits exactly and the
    // likelihoods tie up to rounding: the first of equals is kept, in the order above — the
    // log-logistic before the log-normal because its means came closer to the published ones
    // for those items. Should no fit be admissible, the midpoints' normal stays.
    let mut best = (
        f64::NEG_INFINITY,
        Shape {
            family: Family::Normal,
            location: mean,
            scale: sd,
        },
    );
    for &(family, location, scale) in families {
        // The scale as a logarithm, so that it stays positive.
        let shape_of = |[location, log_scale]: [f64; 2]| Shape {
            family,
            location,
            scale: log_scale.exp(),
        };
        let shape = shape_of(nelder_mead([location, scale.ln()], &|p| {
            -grouped_log_likelihood(edges, shape_of(p))
        }));
        let admissible = match family {
            Family::Normal => !positive || shape.cdf(0.0) <= 1e-3,
            Family::LogLogistic => shape.scale < 0.5,
            Family::LogNormal => true,
        };
        let likelihood = grouped_log_likelihood(edges, shape);
        if admissible && likelihood - best.0 > 1e-9 * likelihood.abs().max(1.0) {
            best = (likelihood, shape);
        }
    }
    best.1
}

/// Minimises a function of two variables (Nelder–Mead with the standard coefficients).
fn nelder_mead(start: [f64; 2], f: &dyn Fn([f64; 2]) -> f64) -> [f64; 2] {
    let scale = [start[0].abs().max(1.0) * 0.05, 0.2];
    let mut simplex = [
        start,
        [start[0] + scale[0], start[1]],
        [start[0], start[1] + scale[1]],
    ];
    let mut values = simplex.map(f);
    for _ in 0..400 {
        let [best, middle, worst] = order_of_three(&values);
        if (values[worst] - values[best]).abs() < 1e-10 * (1.0 + values[best].abs()) {
            break;
        }
        let centroid = [
            0.5 * (simplex[best][0] + simplex[middle][0]),
            0.5 * (simplex[best][1] + simplex[middle][1]),
        ];
        let towards = |t: f64| {
            [
                centroid[0] + t * (simplex[worst][0] - centroid[0]),
                centroid[1] + t * (simplex[worst][1] - centroid[1]),
            ]
        };
        let reflected = towards(-1.0);
        let reflected_value = f(reflected);
        if reflected_value < values[best] {
            let expanded = towards(-2.0);
            let expanded_value = f(expanded);
            if expanded_value < reflected_value {
                (simplex[worst], values[worst]) = (expanded, expanded_value);
            } else {
                (simplex[worst], values[worst]) = (reflected, reflected_value);
            }
        } else if reflected_value < values[middle] {
            (simplex[worst], values[worst]) = (reflected, reflected_value);
        } else {
            let contracted = towards(0.5);
            let contracted_value = f(contracted);
            if contracted_value < values[worst] {
                (simplex[worst], values[worst]) = (contracted, contracted_value);
            } else {
                for i in [middle, worst] {
                    simplex[i] = [
                        0.5 * (simplex[i][0] + simplex[best][0]),
                        0.5 * (simplex[i][1] + simplex[best][1]),
                    ];
                    values[i] = f(simplex[i]);
                }
            }
        }
    }
    let best = (0..3)
        .min_by(|&a, &b| values[a].total_cmp(&values[b]))
        .unwrap_or(0);
    simplex[best]
}

/// The indices of three values from the smallest to the largest (ties in index order).
fn order_of_three(values: &[f64; 3]) -> [usize; 3] {
    let below = |a: usize, b: usize| values[a].total_cmp(&values[b]).then(a.cmp(&b)).is_lt();
    let (low, high) = if below(0, 1) { (0, 1) } else { (1, 0) };
    if below(2, low) {
        [2, low, high]
    } else if below(high, 2) {
        [low, high, 2]
    } else {
        [low, 2, high]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn three_values_come_out_in_order_whatever_their_order() {
        let orders = [
            [1.0, 2.0, 3.0],
            [1.0, 3.0, 2.0],
            [2.0, 1.0, 3.0],
            [2.0, 3.0, 1.0],
            [3.0, 1.0, 2.0],
            [3.0, 2.0, 1.0],
        ];
        for values in orders {
            let [a, b, c] = super::order_of_three(&values);
            assert!(values[a] < values[b] && values[b] < values[c], "{values:?}");
        }
        assert_eq!(
            super::order_of_three(&[1.0, 1.0, 0.0]),
            [2, 0, 1],
            "ties in index order"
        );
    }
}
