//! The text model (`models/textmode.json`): an additive model whose tables give each
//! measure's log-odds by bin, with pair tables; and the two-state decoding of the scores.

/// Per measure, bin edges and one log-odds value per bin; pairs of measures with a grid.
pub struct Model {
    pub bias: f64,
    pub edges: Vec<Vec<f64>>,
    pub values: Vec<Vec<f64>>,
    pub pairs: Vec<Pair>,
}

/// Two measures' joint table: `grid[bin of a][bin of b]`.
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub edges_a: Vec<f64>,
    pub edges_b: Vec<f64>,
    pub grid: Vec<Vec<f64>>,
}

/// `bisect.bisect_left`: the first index whose edge is not below `x`.
fn bin(edges: &[f64], x: f64) -> usize {
    edges.partition_point(|&e| e < x)
}

impl Model {
    /// Log-odds that the row is content.
    pub fn score(&self, row: &[f64]) -> f64 {
        let mut sum = 0.0;
        for ((edges, values), &x) in self.edges.iter().zip(&self.values).zip(row) {
            sum += values[bin(edges, x)];
        }
        let mut total = self.bias + sum;
        for p in &self.pairs {
            total += p.grid[bin(&p.edges_a, row[p.a])][bin(&p.edges_b, row[p.b])];
        }
        total
    }

    /// Each measure's log-odds for one row (a pair's value split between its two measures).
    pub fn contributions(&self, row: &[f64]) -> Vec<f64> {
        let mut out: Vec<f64> =
            self.edges.iter().zip(&self.values).zip(row).map(|((edges, values), &x)| values[bin(edges, x)]).collect();
        for p in &self.pairs {
            let half = p.grid[bin(&p.edges_a, row[p.a])][bin(&p.edges_b, row[p.b])] / 2.0;
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
        let model = Model {
            bias: 0.5,
            edges: vec![vec![1.0], vec![0.0]],
            values: vec![vec![-1.0, 2.0], vec![0.0, 1.0]],
            pairs: vec![Pair {
                a: 0,
                b: 1,
                edges_a: vec![1.0],
                edges_b: vec![0.0],
                grid: vec![vec![0.0, 0.0], vec![0.0, 4.0]],
            }],
        };
        assert_eq!(model.score(&[2.0, 1.0]), 0.5 + 3.0 + 4.0);
        assert_eq!(model.contributions(&[2.0, 1.0]), [4.0, 3.0]);
        assert_eq!(model.score(&[1.0, 0.0]), -0.5);
    }
}
