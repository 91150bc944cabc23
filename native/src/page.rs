//! The page's measures: each kept block's line measures among its neighbours and on the
//! page (repeats, windows, the prose runs and the main run), one row per kept block in the
//! order of `FEATURES` (`cleaner/textmode/features.py`). `docs/textmode.md` says what each
//! family measures.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::lines::{Line, Lows};

/// Lines each side in which a short line's shape is looked for again.
const PATTERN_RADIUS: usize = 12;
/// How many measures a row holds (`len(FEATURES)`).
pub const N_FEATURES: usize = 38;
/// Where a row holds `cues_after_main` and `stamps_after_main`.
pub const CUES_AFTER_MAIN: usize = 30;
pub const STAMPS_AFTER_MAIN: usize = 31;

/// The rows of the kept lines, and the first and last position (among kept lines) of the main run.
pub struct Rows {
    pub kept: Vec<usize>,
    pub rows: Vec<[f64; N_FEATURES]>,
    pub main: (i64, i64),
}

fn prefix(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut out = vec![0.0];
    let mut total = 0.0;
    for v in values {
        total += v;
        out.push(total);
    }
    out
}

/// For each index j, the window [j - r, j + r] clipped to [0, n): (low, high, 1 / size).
fn bounds(idx: &[usize], r: usize, n: usize) -> Vec<(usize, usize, f64)> {
    idx.iter()
        .map(|&j| {
            let lo = j.saturating_sub(r);
            let hi = (j + r + 1).min(n);
            if r <= j && j + r < n {
                (lo, hi, 1.0 / (2 * r + 1) as f64)
            } else {
                (lo, hi, 1.0 / (hi - lo) as f64)
            }
        })
        .collect()
}

fn windows(pre: &[f64], bounds: &[(usize, usize, f64)]) -> Vec<f64> {
    bounds.iter().map(|&(lo, hi, inv)| (pre[hi] - pre[lo]) * inv).collect()
}

/// For each position, the length of the chain of equal keys `period` apart through it.
fn same_runs<K: PartialEq>(keys: &[K], period: usize) -> Vec<usize> {
    let n = keys.len();
    let mut run = vec![1; n];
    for pos in period..n {
        if keys[pos] == keys[pos - period] {
            run[pos] = run[pos - period] + 1;
        }
    }
    for pos in (0..n.saturating_sub(period)).rev() {
        if keys[pos] == keys[pos + period] {
            run[pos] = run[pos].max(run[pos + period]);
        }
    }
    run
}

/// Runs of prose among the kept blocks, as (first, last, gain) positions in `kept`: Kadane's
/// scan where a prose line gains its words, another kept line costs 4 (15 when it is part
/// of a frame), each removed block between two kept ones 1, and a comment cue or time stamp
/// ends the run.
fn prose_runs(lines: &[Line], kept: &[usize], frame: &[bool]) -> Vec<(usize, usize, f64)> {
    let (line_cost, frame_cost, dropped_cost) = (4.0, 15.0, 1.0);
    let mut runs = Vec::new();
    let (mut run, mut start, mut best, mut best_end) = (0.0, 0usize, 0.0, -1i64);
    let mut prev_j: Option<usize> = None;
    for (pos, &j) in kept.iter().enumerate() {
        let line = &lines[j];
        let mut gain = if line.prose {
            line.units
        } else if frame[j] {
            -frame_cost
        } else {
            -line_cost
        };
        if let Some(p) = prev_j {
            gain -= dropped_cost * (j - p - 1) as f64;
        }
        prev_j = Some(j);
        if line.stamp > 0.0 || line.cue > 0.0 {
            gain = 0.0;
            run = 0.0;
        }
        if run <= 0.0 {
            if best_end >= start as i64 && best > 0.0 {
                runs.push((start, best_end as usize, best));
            }
            (run, start, best, best_end) = (0.0, pos, 0.0, -1);
        }
        run += gain;
        if run > best {
            (best, best_end) = (run, pos as i64);
        }
    }
    if best_end >= start as i64 && best > 0.0 {
        runs.push((start, best_end as usize, best));
    }
    runs
}

/// Mean log-odds of content of the words (a learned table), shrunk towards 0.
pub fn lex_score<'a>(words: impl Iterator<Item = &'a str>, lexicon: &FxHashMap<String, f64>) -> f64 {
    let (mut total, mut n) = (0.0, 0usize);
    for w in words {
        total += lexicon.get(w).copied().unwrap_or(0.0);
        n += 1;
    }
    total / (n + 3) as f64
}

/// Share of these words that the word table knows.
pub fn lex_cover<'a>(words: impl Iterator<Item = &'a str>, lexicon: &FxHashMap<String, f64>) -> f64 {
    let (mut known, mut all) = (0usize, 0usize);
    for w in words {
        known += lexicon.contains_key(w) as usize;
        all += 1;
    }
    if all > 0 {
        known as f64 / all as f64
    } else {
        0.0
    }
}

/// Each kept line's `lex_score` (its words' log-odds added up, `Line::lex`) and the share of
/// all their words the table knows (`lex_cover`).
fn lex_measures(lines: &[Line], kept: &[usize]) -> (Vec<f64>, f64) {
    let (mut known, mut all) = (0usize, 0usize);
    let scores = kept
        .iter()
        .map(|&j| {
            let (lex, n) = (lines[j].lex, lines[j].words.len());
            known += lex.known;
            all += n;
            lex.total / (n + 3) as f64
        })
        .collect();
    (scores, if all > 0 { known as f64 / all as f64 } else { 0.0 })
}

/// The rows of the kept lines of a page. `texts`: each line's text, `lows` its lower-case form;
/// `lexicon`: whether there is a word table (else the `lex` measures are 0).
pub fn rows(lines: &[Line], texts: &[impl AsRef<str>], lows: &Lows, lexicon: bool) -> Rows {
    let n_all = lines.len();
    let kept: Vec<usize> = (0..n_all).filter(|&j| lines[j].kept).collect();
    let n = kept.len();
    if n == 0 {
        return Rows { kept, rows: Vec::new(), main: (0, -1) };
    }

    // repeated short lines; long lines already seen higher up the page
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut seen_before = vec![0.0; n_all];
    for (j, line) in lines.iter().enumerate() {
        if line.keyed {
            *counts.entry(lows.get(j)).or_insert(0) += 1;
        } else if line.units > 12.0 && !seen.insert(texts[j].as_ref()) {
            seen_before[j] = 1.0;
        }
    }
    let repeats: Vec<usize> = (0..n_all).map(|j| if lines[j].keyed { counts[lows.get(j)] } else { 0 }).collect();
    let repeats = |j: usize| repeats[j];
    // how often a short line's shape comes back within PATTERN_RADIUS lines
    let mut places: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (j, line) in lines.iter().enumerate() {
        if let Some(sig) = line.sig {
            places.entry(sig).or_default().push(j);
        }
    }
    let mut pattern = vec![0usize; n_all];
    for js in places.values().filter(|js| js.len() > 1) {
        for &j in js {
            let hi = js.partition_point(|&x| x <= j + PATTERN_RADIUS);
            let lo = js.partition_point(|&x| x < j.saturating_sub(PATTERN_RADIUS));
            pattern[j] = hi - lo - 1;
        }
    }

    let f = |b: bool| if b { 1.0 } else { 0.0 };
    let pre_drop = prefix(lines.iter().map(|l| f(!l.kept)));
    let pre_rep = prefix((0..n_all).map(|j| f(repeats(j) > 1)));
    let pre_cue = prefix(lines.iter().map(|l| l.cue));
    let pre_date = prefix(lines.iter().map(|l| l.date));
    let pre_stamp = prefix(lines.iter().map(|l| l.stamp));
    let pre_name = prefix(lines.iter().map(|l| l.name));
    let pre_image = prefix(lines.iter().map(|l| l.image));

    // the main run and the other prose runs
    let frame: Vec<bool> = (0..n_all).map(|j| pattern[j] >= 2 || repeats(j) > 1).collect();
    let runs = prose_runs(lines, &kept, &frame);
    let mut main = (0usize, -1i64, 0.0f64);
    for &(a, b, gain) in &runs {
        if main.1 < 0 || gain > main.2 {
            main = (a, b as i64, gain);
        }
    }
    let (first, last, main_gain) = main;
    let mut run_share = vec![0.0; n];
    let mut big_starts: Vec<usize> = runs.iter().filter(|r| r.2 >= 0.3 * main_gain).map(|r| r.0).collect();
    big_starts.sort_unstable();
    for &(a, b, gain) in &runs {
        for share in &mut run_share[a..=b] {
            *share = gain / main_gain;
        }
    }
    let units: Vec<f64> = kept.iter().map(|&j| lines[j].units).collect();
    let total: f64 = units.iter().fold(0.0, |s, u| s + u);
    let total_units = if total == 0.0 { 1.0 } else { total };
    let cum = prefix(units.iter().copied());
    let main_units = if last >= first as i64 { cum[last as usize + 1] - cum[first] } else { 0.0 };
    let main_end = if last >= 0 { kept[last as usize] } else { n_all - 1 };
    let main_start = if last >= first as i64 { kept[first] } else { 0 };
    let pre_furniture = prefix((0..n_all).map(|j| {
        let l = &lines[j];
        f(!l.kept || frame[j] || l.stamp > 0.0 || l.cue > 0.0 || l.image > 0.0)
    }));
    let dropped_share = (n_all - n) as f64 / n_all as f64;
    let short_share = units.iter().filter(|&&u| u <= 4.0).count() as f64 / n as f64;
    let log_units: Vec<f64> = units.iter().map(|u| u.ln_1p()).collect();
    let shapes: Vec<(u8, bool, bool)> = kept.iter().map(|&j| lines[j].shape).collect();
    let run1 = same_runs(&shapes, 1);
    let bullet_keys: Vec<i64> =
        kept.iter().enumerate().map(|(p, &j)| if lines[j].bullet > 0.0 { 1 } else { -(p as i64) - 1 }).collect();
    let bullet_run = same_runs(&bullet_keys, 1);
    let main_share = main_units / total_units;
    let page_lines = (n as f64).ln_1p();
    let (cue_end, stamp_end) = (pre_cue[main_end + 1], pre_stamp[main_end + 1]);
    let [w3, w4, w5, w6] = [3, 4, 5, 6].map(|r| bounds(&kept, r, n_all));
    let [win_drop, win_rep, win_date, win_stamp, win_name, win_image] = [
        windows(&pre_drop, &w3),
        windows(&pre_rep, &w5),
        windows(&pre_date, &w5),
        windows(&pre_stamp, &w6),
        windows(&pre_name, &w5),
        windows(&pre_image, &w4),
    ];
    let (lex_scores, lex_cover) = if lexicon { lex_measures(lines, &kept) } else { (vec![0.0; n], 0.0) };

    let mut rows = Vec::with_capacity(n);
    for (pos, &j) in kept.iter().enumerate() {
        let l = &lines[j];
        let lo = pos.saturating_sub(2);
        let hi = (pos + 3).min(n);
        let win_units = log_units[lo..hi].iter().fold(0.0, |s, v| s + v) / (hi - lo) as f64;
        let after_main = j > main_end;
        rows.push([
            log_units[pos],
            l.stop_share,
            l.stop.ln_1p(),
            l.sent,
            l.punct / (l.units + 1.0),
            l.digits,
            l.title,
            l.indent.min(12.0),
            l.glued.min(5.0),
            if l.keyed { ((repeats(j) - 1) as f64).ln_1p() } else { 0.0 },
            l.colon,
            units[pos] / total_units,
            l.echo,
            seen_before[j],
            lex_scores[pos],
            l.image,
            if pos + 1 < n { log_units[pos + 1] } else { -1.0 },
            win_units,
            win_drop[pos],
            win_rep[pos],
            (run1[pos] as f64).ln_1p(),
            if l.bullet > 0.0 { (bullet_run[pos] as f64).ln_1p() } else { 0.0 },
            win_date[pos],
            win_stamp[pos],
            win_name[pos],
            win_image[pos],
            pos as f64 / n as f64,
            if pos < first { (cum[first] - cum[pos + 1]).ln_1p() } else { 0.0 },
            main_share,
            page_lines,
            if after_main { (pre_cue[j] - cue_end).ln_1p() } else { 0.0 },
            if after_main { (pre_stamp[j] - stamp_end).ln_1p() } else { 0.0 },
            run_share[pos],
            big_starts.partition_point(|&s| s < pos) as f64,
            dropped_share,
            short_share,
            if after_main {
                (pre_furniture[j] - pre_furniture[main_end + 1]).ln_1p()
            } else if j < main_start {
                (pre_furniture[main_start] - pre_furniture[j + 1]).ln_1p()
            } else {
                0.0
            },
            lex_cover,
        ]);
    }
    Rows { kept, rows, main: (first as i64, last) }
}
