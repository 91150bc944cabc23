//! The text model (`models/textmode.json`): an additive model whose tables give each
//! measure's log-odds by bin, with pair tables; and the two-state decoding of the scores.

/// Per measure, bin edges and one log-odds value per bin; pairs of measures with a grid.
pub struct Model {
    bias: f64,
    edges: Vec<Vec<f64>>,
    values: Vec<Vec<f64>>,
    pairs: Vec<Pair>,
    /// every list of edges ascending (a bin is then the count of the edges below the value)
    sorted: bool,
}

/// Two measures' joint table: `grid[bin of a][bin of b]`.
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub edges_a: Vec<f64>,
    pub edges_b: Vec<f64>,
    pub grid: Vec<Vec<f64>>,
}

/// `bisect.bisect_left`: the first index whose edge is not below `x`. Over ascending edges
/// (`sorted`), the count of the edges below `x`: a few compares without a branch, no search.
#[inline]
fn bin(edges: &[f64], x: f64, sorted: bool) -> usize {
    if sorted {
        edges.iter().map(|&e| usize::from(e < x)).sum()
    } else {
        edges.partition_point(|&e| e < x)
    }
}

impl Model {
    /// The model of these tables and pairs (each table: one value more than its edges).
    pub fn new(bias: f64, edges: Vec<Vec<f64>>, values: Vec<Vec<f64>>, pairs: Vec<Pair>) -> Model {
        let ascending = |e: &Vec<f64>| e.windows(2).all(|w| w[0] <= w[1]);
        let sorted =
            edges.iter().all(ascending) && pairs.iter().all(|p| ascending(&p.edges_a) && ascending(&p.edges_b));
        Model { bias, edges, values, pairs, sorted }
    }

    /// Log-odds that the row is content.
    pub fn score(&self, row: &[f64]) -> f64 {
        let mut sum = 0.0;
        for ((edges, values), &x) in self.edges.iter().zip(&self.values).zip(row) {
            sum += values[bin(edges, x, self.sorted)];
        }
        let mut total = self.bias + sum;
        for p in &self.pairs {
            total += p.grid[bin(&p.edges_a, row[p.a], self.sorted)][bin(&p.edges_b, row[p.b], self.sorted)];
        }
        total
    }

    /// Each measure's log-odds for one row (a pair's value split between its two measures).
    pub fn contributions(&self, row: &[f64]) -> Vec<f64> {
        let mut out: Vec<f64> = self
            .edges
            .iter()
            .zip(&self.values)
            .zip(row)
            .map(|((edges, values), &x)| values[bin(edges, x, self.sorted)])
            .collect();
        for p in &self.pairs {
            let half = p.grid[bin(&p.edges_a, row[p.a], self.sorted)][bin(&p.edges_b, row[p.b], self.sorted)] / 2.0;
            out[p.a] += half;
            out[p.b] += half;
        }
        out
    }
}

/// Python's `max(a, b)`: `a` unless `b` is larger (so `max(0.0, -0.0)` is `0.0`).
fn py_max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Content (true) / boilerplate labels maximising the sum of the scores of the content
/// lines less `switch_cost` per change of label (two states, boilerplate emits 0).
pub fn viterbi(scores: &[f64], switch_cost: f64) -> Vec<bool> {
    let Some((&first, rest)) = scores.split_first() else { return Vec::new() };
    let mut back = Vec::with_capacity(rest.len());
    let (mut junk, mut good) = (0.0f64, first);
    for &s in rest {
        let to_good_from_junk = junk - switch_cost;
        let to_junk_from_good = good - switch_cost;
        back.push((good >= to_good_from_junk, to_junk_from_good > junk));
        (good, junk) = (py_max(good, to_good_from_junk) + s, py_max(junk, to_junk_from_good));
    }
    let mut state = good >= junk;
    let mut out = vec![state];
    for &(good_prev, junk_prev) in back.iter().rev() {
        state = if state { good_prev } else { junk_prev };
        out.push(state);
    }
    out.reverse();
    out
}

/// Content labels for these scores: all true unless at least `min_confident` lines score
/// below `-confident` (no confident boilerplate, nothing to cut); else the Viterbi path.
pub fn decide(scores: &[f64], switch_cost: f64, confident: f64, min_confident: f64) -> Vec<bool> {
    if (scores.iter().filter(|&&s| s < -confident).count() as f64) < min_confident {
        return vec![true; scores.len()];
    }
    viterbi(scores, switch_cost)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_keeps_a_run_worth_its_switches() {
        assert_eq!(viterbi(&[-2.0, 3.0, 3.0, -2.0], 1.0), [false, true, true, false]);
        assert_eq!(viterbi(&[1.0, -0.5, 1.0], 1.0), [true, true, true]);
        assert_eq!(decide(&[-2.0, 3.0], 1.0, 3.0, 1.0), [true, true]);
    }

    #[test]
    fn score_adds_bins_and_pairs() {
        let model = Model::new(
            0.5,
            vec![vec![1.0], vec![0.0]],
            vec![vec![-1.0, 2.0], vec![0.0, 1.0]],
            vec![Pair {
                a: 0,
                b: 1,
                edges_a: vec![1.0],
                edges_b: vec![0.0],
                grid: vec![vec![0.0, 0.0], vec![0.0, 4.0]],
            }],
        );
        assert!(model.sorted);
        assert_eq!(model.score(&[2.0, 1.0]), 0.5 + 3.0 + 4.0);
        assert_eq!(model.contributions(&[2.0, 1.0]), [4.0, 3.0]);
        assert_eq!(model.score(&[1.0, 0.0]), -0.5);
    }

    #[test]
    fn a_bin_counted_over_sorted_edges_is_the_bisected_bin() {
        let edges = [-3.5, -0.0, 0.0, 0.0, 1.0, 2.5, 2.5, 7.0, 1e300];
        let xs =
            [f64::NEG_INFINITY, -4.0, -3.5, -1.0, -0.0, 0.0, 0.5, 1.0, 2.5, 3.0, 7.0, 1e301, f64::INFINITY, f64::NAN];
        for k in 0..=edges.len() {
            for x in xs {
                assert_eq!(bin(&edges[..k], x, true), bin(&edges[..k], x, false), "{x} in {k} edges");
            }
        }
        // edges out of order (or a NaN among them) are bisected, as Python's bisect does
        let model = Model::new(0.0, vec![vec![2.0, 1.0]], vec![vec![1.0, 2.0, 3.0]], Vec::new());
        assert!(!model.sorted && !Model::new(0.0, vec![vec![f64::NAN, 1.0]], vec![vec![0.0; 3]], Vec::new()).sorted);
        assert_eq!(model.score(&[1.5]), 3.0); // bisect_left([2, 1], 1.5) is 2 (1 < 1.5 at the middle); counted, 1
    }
}
