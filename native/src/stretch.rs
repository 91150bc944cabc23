//! The stretches the main-region stage drops: each run of kept lines labelled boilerplate,
//! with the rule that fits its shape, and the score each dropped line's reason gives.

/// Why a stretch goes (the stage's rules, in `cleaner/stages/mainregion.py`'s `STRETCH_RULES`
/// order).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    /// after the article, with a comment cue or time stamp in it or above it
    CommentThread = 0,
    /// three lines or more, at least 70% of them of 8 words or fewer
    LinkList = 1,
    /// above or below the article (the content lines)
    OutsideMain = 2,
    /// inside the article's span
    LowScore = 3,
}

use std::fmt::Write;

/// Lines of this many words or fewer are short (a link list's).
const SHORT_LINK: f64 = 8.0;

/// The runs of false `labels` (true: content) as (first, last, rule). Per line: `units` its
/// words, `flagged` a comment cue or time stamp on it or (after the main run) above it.
pub fn stretches(labels: &[bool], units: &[f64], flagged: &[bool]) -> Vec<(usize, usize, Rule)> {
    let n = labels.len();
    // the first and last content line (none: past the end, and before the start)
    let first_c = labels.iter().position(|&keep| keep).unwrap_or(n);
    let last_c = labels.iter().rposition(|&keep| keep);
    let after_content = |pos: usize| last_c.is_none_or(|last| pos > last);
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < n {
        if labels[pos] {
            pos += 1;
            continue;
        }
        let end = labels[pos..].iter().position(|&keep| keep).map_or(n, |k| pos + k) - 1;
        let len = end + 1 - pos;
        let short = units[pos..=end].iter().filter(|&&u| u <= SHORT_LINK).count();
        let rule = if after_content(pos) && flagged[pos..=end].iter().any(|&f| f) {
            Rule::CommentThread
        } else if len >= 3 && short as f64 >= 0.7 * len as f64 {
            Rule::LinkList
        } else if end < first_c || after_content(pos) {
            Rule::OutsideMain
        } else {
            Rule::LowScore
        };
        out.push((pos, end, rule));
        pos = end + 1;
    }
    out
}

/// `x` as Python's `f"{x:+.1f}"` writes it, appended to `out`: its sign, then its exact value
/// rounded to tenths, half to even (as Rust's `{:+.1}` rounds, which writes the rare value of
/// 10^15 or more; a NaN is "+nan").
pub fn push_signed_tenths(x: f64, out: &mut String) {
    if x.is_nan() {
        return out.push_str("+nan");
    }
    if x.abs() >= 1e15 {
        return out.push_str(&format!("{x:+.1}"));
    }
    out.push(if x.is_sign_negative() { '-' } else { '+' });
    // |x| = m * 2^e exactly
    let bits = x.to_bits();
    let (biased, fraction) = (((bits >> 52) & 0x7ff) as i32, bits & ((1 << 52) - 1));
    let (m, e) = if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) };
    let tenths = u128::from(m) * 10;
    let tenths = if e >= 0 {
        tenths << e // below 10^16: e is small
    } else if -e >= 64 {
        0 // below 2^57 / 2^64: under half a tenth
    } else {
        let shift = -e as u32;
        let (q, r, half) = (tenths >> shift, tenths & ((1 << shift) - 1), 1u128 << (shift - 1));
        q + u128::from(r > half || (r == half && q & 1 == 1))
    };
    let _ = write!(out, "{}.{}", tenths / 10, tenths % 10);
}

/// `push_signed_tenths` as a string.
pub fn signed_tenths(x: f64) -> String {
    let mut out = String::new();
    push_signed_tenths(x, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stretches_take_the_rule_their_shape_fits() {
        let (t, f) = (true, false);
        let labels = [f, f, f, t, f, t, t, f, f, f, f];
        let units = [2.0, 3.0, 30.0, 40.0, 20.0, 50.0, 9.0, 30.0, 30.0, 2.0, 2.0];
        let mut flagged = [false; 11];
        let got = stretches(&labels, &units, &flagged);
        use Rule::*;
        assert_eq!(got, [(0, 2, OutsideMain), (4, 4, LowScore), (7, 10, OutsideMain)]);
        flagged[9] = true;
        flagged[1] = true; // before the content: no comment thread
        assert_eq!(stretches(&labels, &units, &flagged)[2], (7, 10, CommentThread));
        assert_eq!(stretches(&labels, &units, &flagged)[0], (0, 2, OutsideMain));
        let units = [2.0, 3.0, 8.0, 40.0, 20.0, 50.0, 9.0, 30.0, 30.0, 2.0, 2.0];
        assert_eq!(stretches(&labels, &units, &[false; 11])[0], (0, 2, LinkList));
        // 7 short of 10 is 70%: a link list; 6 of 10 is not
        let mut units = [1.0; 10];
        units[..3].copy_from_slice(&[9.0; 3]);
        assert_eq!(stretches(&[false; 10], &units, &[false; 10]), [(0, 9, LinkList)]);
        units[3] = 9.0;
        assert_eq!(stretches(&[false; 10], &units, &[false; 10]), [(0, 9, OutsideMain)]);
        assert_eq!(stretches(&[false; 3], &[9.0, 9.0, 1.0], &[false; 3]), [(0, 2, OutsideMain)]);
        assert_eq!(stretches(&[false; 2], &[1.0, 1.0], &[true, false]), [(0, 1, CommentThread)]);
        assert_eq!(stretches(&[true, true], &[1.0, 1.0], &[true, true]), []);
    }

    #[test]
    fn tenths_written_as_python_writes_them() {
        let cases = [
            (0.0, "+0.0"),
            (-0.0, "-0.0"),
            (-0.04, "-0.0"),
            (0.25, "+0.2"),
            (0.35, "+0.3"),
            (-2.25, "-2.2"),
            (2.75, "+2.8"),
            (0.05, "+0.1"),
            (12.96, "+13.0"),
            (f64::INFINITY, "+inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "+nan"),
            (-f64::NAN, "+nan"),
        ];
        for (x, want) in cases {
            assert_eq!(signed_tenths(x), want, "{x}");
        }
        // as Rust's exact formatting writes every value: ties, grids, random bit patterns
        let mut values = vec![0.05, 0.15, 0.25, 0.35, 0.45, 9.95, 99.95, 0.125, 1e15, 1e15 - 0.05, 5e-324, 2.2e-308];
        values.extend((-30000..30000).flat_map(|k| [k as f64 / 64.0, k as f64 / 20.0, k as f64 * 0.05 + 0.025]));
        let mut seed = 5u64;
        for _ in 0..300_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            values.push(f64::from_bits(seed));
            values.push(((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 80.0);
        }
        for x in values.into_iter().filter(|x| !x.is_nan()) {
            assert_eq!(signed_tenths(x), format!("{x:+.1}"), "{x:e}");
        }
    }
}
