//! langdetect's random walk (`Detector._detect_block` after its text cleaning and n-gram
//! extraction), bit for bit as langdetect computes it on CPython 3.11: the same random
//! numbers (`PyRandom`, CPython's `random.Random`), the same float operations in the same
//! order, and the same libm functions. Its pure-Python loop was a sixth of the text mode's
//! time on news pages in many languages.
//!
//! The walk, per trial: start from the prior (or an even share per language), draw the
//! smoothing `alpha` around its default, then multiply each language's probability by
//! `alpha / base_freq + p(n-gram | language)` for n-grams drawn at random, normalising every
//! fifth step, until one language holds more than `conv_threshold` or `iteration_limit`
//! steps are done. The trials' results are averaged.

use crate::ngrams::Profiles;

/// MT19937's state size and shift (`N`, `M` in CPython's `_randommodule.c`).
const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The Mersenne Twister as CPython's `_random.Random` runs it.
pub struct Mt19937 {
    state: [u32; N],
    index: usize,
}

impl Mt19937 {
    /// The generator seeded with `key` as `init_by_array` seeds it (CPython's seeding of an int).
    pub fn from_key(key: &[u32]) -> Mt19937 {
        let mut mt = Mt19937::from_u32(19_650_218);
        let s = &mut mt.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            s[i] = (s[i] ^ (s[i - 1] ^ (s[i - 1] >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                s[0] = s[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            s[i] = (s[i] ^ (s[i - 1] ^ (s[i - 1] >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                s[0] = s[N - 1];
                i = 1;
            }
        }
        s[0] = 0x8000_0000; // MSB is 1, assuring a non-zero initial array
        mt
    }

    /// `init_genrand(seed)`: the state `init_by_array` starts from.
    fn from_u32(seed: u32) -> Mt19937 {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            state[i] = 1_812_433_253u32.wrapping_mul(state[i - 1] ^ (state[i - 1] >> 30)).wrapping_add(i as u32);
        }
        Mt19937 { state, index: N }
    }

    /// The next 32 random bits (`genrand_uint32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// The next `N` words of the state, all at once.
    fn twist(&mut self) {
        let mt = &mut self.state;
        let mag = |y: u32| if y & 1 == 0 { 0 } else { MATRIX_A };
        for k in 0..N {
            let y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
            mt[k] = mt[(k + M) % N] ^ (y >> 1) ^ mag(y);
        }
        self.index = 0;
    }
}

/// The 32-bit words CPython seeds MT19937 with for the int `seed`: its absolute value in
/// 32-bit chunks from the lowest, at least one.
pub fn int_key(seed: i64) -> Vec<u32> {
    let n = seed.unsigned_abs();
    if n >> 32 == 0 {
        vec![n as u32]
    } else {
        vec![n as u32, (n >> 32) as u32]
    }
}

/// CPython 3.11's `random.Random`, as much of it as langdetect uses.
pub struct PyRandom {
    mt: Mt19937,
    /// `gauss`'s second value of its last pair, if not handed out yet (`gauss_next`)
    gauss_next: Option<f64>,
}

impl PyRandom {
    /// `random.Random(seed)`, and equally `.seed(seed)` on any instance (which also forgets
    /// the cached `gauss` value).
    pub fn new(seed: i64) -> PyRandom {
        PyRandom { mt: Mt19937::from_key(&int_key(seed)), gauss_next: None }
    }

    /// `random()`: a float in [0, 1) from 53 random bits (`genrand_res53`).
    pub fn random(&mut self) -> f64 {
        let a = self.mt.next_u32() >> 5;
        let b = self.mt.next_u32() >> 6;
        (a as f64 * 67_108_864.0 + b as f64) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for 1 <= k <= 32: the top `k` bits of one word.
    pub fn getrandbits(&mut self, k: u32) -> u32 {
        debug_assert!((1..=32).contains(&k));
        self.mt.next_u32() >> (32 - k)
    }

    /// `_randbelow_with_getrandbits(n)`: an int in [0, n) for n >= 1, drawing `n.bit_length()`
    /// bits until they fall below `n` (what `choice` draws its index with).
    pub fn randbelow(&mut self, n: u32) -> u32 {
        debug_assert!(n >= 1);
        let k = 32 - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }

    /// `gauss(mu, sigma)`: 3.11's Box-Muller, which makes two values and keeps the second for
    /// the next call.
    pub fn gauss(&mut self, mu: f64, sigma: f64) -> f64 {
        let z = match self.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = self.random() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - self.random()).ln()).sqrt();
                self.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    }
}

/// The walk's settings: `Detector`'s attributes and class constants of the same names.
pub struct Walk<'a> {
    pub seed: i64,
    pub n_trial: usize,
    pub alpha: f64,
    pub alpha_width: f64,
    pub base_freq: f64,
    pub conv_threshold: f64,
    pub iteration_limit: usize,
    /// the starting probabilities (`Detector.prior_map`, already normalised), if any
    pub prior: Option<&'a [f64]>,
}

/// Where the walk reads an n-gram's probability in each language: the n-gram at a position
/// of the extracted list.
pub trait Rows {
    /// Why a row could not be read.
    type Error;

    /// The probabilities of the n-gram at `index` (one per language).
    fn row(&mut self, index: usize) -> Result<&[f64], Self::Error>;
}

impl Rows for Vec<Vec<f64>> {
    type Error = std::convert::Infallible;

    fn row(&mut self, index: usize) -> Result<&[f64], Self::Error> {
        Ok(&self[index])
    }
}

/// An n-gram the walk drew that no profile has (langdetect's extraction keeps only n-grams
/// some profile has).
#[derive(Debug, PartialEq)]
pub struct MissingNgram(pub String);

/// The rows of a list of n-grams read from langdetect's profiles, each n-gram fetched
/// (`word(index)`) and looked up the first time the walk draws its position: a walk draws a
/// hundred or so of a page's thousand n-grams, so most are never read at all.
pub struct ProfileRows<'a, F> {
    profiles: &'a Profiles,
    word: F,
    /// per position, its row in `table` once looked up (`UNREAD`: not yet)
    slots: Vec<u32>,
    table: Vec<f64>,
}

const UNREAD: u32 = u32::MAX;

impl<'a, F> ProfileRows<'a, F> {
    /// The rows of `n_ngrams` n-grams, the one at position `i` being `word(i)`.
    pub fn new(profiles: &'a Profiles, n_ngrams: usize, word: F) -> Self {
        ProfileRows { profiles, word, slots: vec![UNREAD; n_ngrams], table: Vec::new() }
    }
}

impl<F, W, E> Rows for ProfileRows<'_, F>
where
    F: FnMut(usize) -> Result<W, E>,
    W: AsRef<str>,
    E: From<MissingNgram>,
{
    type Error = E;

    fn row(&mut self, index: usize) -> Result<&[f64], E> {
        let width = self.profiles.names.len();
        if self.slots[index] == UNREAD {
            let word = (self.word)(index)?;
            let slot = self.table.len() / width;
            if !self.profiles.push_probabilities(word.as_ref(), &mut self.table) {
                return Err(MissingNgram(word.as_ref().to_string()).into());
            }
            self.slots[index] = slot as u32;
        }
        let start = self.slots[index] as usize * width;
        Ok(&self.table[start..start + width])
    }
}

/// `Detector.langprob` after `_detect_block` over `n_ngrams` n-grams (at least one) whose
/// probabilities in `n_langs` languages `rows` gives; the first row that could not be read
/// otherwise.
pub fn detect_block<R: Rows>(rows: &mut R, n_ngrams: usize, n_langs: usize, walk: &Walk) -> Result<Vec<f64>, R::Error> {
    assert!(n_ngrams >= 1 && n_ngrams <= u32::MAX as usize, "the walk needs n-grams");
    let mut langprob = vec![0.0; n_langs];
    let mut random = PyRandom::new(walk.seed);
    for _ in 0..walk.n_trial {
        let mut prob = match walk.prior {
            Some(prior) => prior.to_vec(),
            None => vec![1.0 / n_langs as f64; n_langs],
        };
        let alpha = walk.alpha + random.gauss(0.0, 1.0) * walk.alpha_width;
        let weight = alpha / walk.base_freq;
        let mut i = 0usize;
        loop {
            let row = rows.row(random.randbelow(n_ngrams as u32) as usize)?;
            for (p, &q) in prob.iter_mut().zip(row) {
                *p *= weight + q;
            }
            if i.is_multiple_of(5) && (normalize(&mut prob) > walk.conv_threshold || i >= walk.iteration_limit) {
                break;
            }
            i += 1;
        }
        for (total, &p) in langprob.iter_mut().zip(&prob) {
            *total += p / walk.n_trial as f64;
        }
    }
    Ok(langprob)
}

/// `_normalize_prob`: each probability over their sum (added left to right, as 3.11's `sum`
/// adds floats); returns the largest.
fn normalize(prob: &mut [f64]) -> f64 {
    let sum = prob.iter().fold(0.0, |sum, &p| sum + p);
    let mut max = 0.0;
    for p in prob.iter_mut() {
        *p /= sum;
        if max < *p {
            max = *p;
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    // The expected values below were printed by CPython 3.11.7 (`repr` of each float, which
    // reads back to the same double), e.g.
    // `r = random.Random(0); [r.random() for _ in range(3)]`,
    // `r = random.Random(0); [r.getrandbits(32) for _ in range(5)]`,
    // `r = random.Random(0); [r.gauss(0.0, 1.0) for _ in range(3)]`, and
    // `r = random.Random(0); [r._randbelow(n) for n in (1, 2, 3, 5, 100, 1000, 1001, 65537)]`.

    const SEEDS: [i64; 4] = [0, 1, 42, 4_294_967_301]; // the last: 2**32 + 5, a key of two words

    #[test]
    fn random_as_cpython() {
        let expected: [[f64; 3]; 4] = [
            [0.8444218515250481, 0.7579544029403025, 0.420571580830845],
            [0.13436424411240122, 0.8474337369372327, 0.763774618976614],
            [0.6394267984578837, 0.025010755222666936, 0.27502931836911926],
            [0.15727238718789782, 0.2824866316461999, 0.6044540318498407],
        ];
        for (seed, values) in SEEDS.iter().zip(expected) {
            let mut r = PyRandom::new(*seed);
            for value in values {
                assert_eq!(r.random().to_bits(), value.to_bits(), "seed {seed}");
            }
        }
    }

    #[test]
    fn getrandbits_as_cpython() {
        let expected = [
            [3626764237, 1654615998, 3255389356, 3823568514, 1806341205],
            [577090037, 2444712010, 3639700191, 3445702192, 3280387012],
            [2746317213, 478163327, 107420369, 3184935163, 1181241943],
            [675479763, 2085189291, 1213270837, 3822202474, 2596110301],
        ];
        for (seed, values) in SEEDS.iter().zip(expected) {
            let mut r = PyRandom::new(*seed);
            assert_eq!(values.map(|_| r.getrandbits(32)), values, "seed {seed}");
        }
        // past the first twist of the state: `for _ in range(700): r.getrandbits(32)` first
        let mut r = PyRandom::new(0);
        (0..700).for_each(|_| _ = r.getrandbits(32));
        assert_eq!([r.getrandbits(32), r.getrandbits(32)], [2140787315, 4287163522]);
    }

    #[test]
    fn gauss_as_cpython_and_seeding_forgets_its_cached_value() {
        let expected: [[f64; 3]; 4] = [
            [0.9417154046806644, -1.3965781047011498, -0.6797144480784211],
            [1.2881847531554629, 1.449445608699771, 0.06633580893826191],
            [-0.14409032957792836, -0.1729036003315193, -0.11131586156766246],
            [0.44832685298439173, 0.6803899119130167, -0.13551900463453007],
        ];
        for (seed, values) in SEEDS.iter().zip(expected) {
            let mut r = PyRandom::new(*seed);
            for value in values {
                assert_eq!(r.gauss(0.0, 1.0).to_bits(), value.to_bits(), "seed {seed}");
            }
        }
        // `r.gauss(0.0, 1.0); r.seed(0); r.gauss(0.0, 1.0)`: the first value again
        let mut r = PyRandom::new(0);
        r.gauss(0.0, 1.0);
        r = PyRandom::new(0);
        assert_eq!(r.gauss(0.0, 1.0), 0.9417154046806644);
    }

    #[test]
    fn randbelow_as_cpython() {
        let mut r = PyRandom::new(0);
        let drawn = [1, 2, 3, 5, 100, 1000, 1001, 65537].map(|n| r.randbelow(n));
        assert_eq!(drawn, [0, 1, 0, 2, 65, 497, 414, 39755]);
        assert_eq!(int_key(-7), [7]);
        assert_eq!(int_key(i64::MIN), [0, 0x8000_0000]);
    }

    /// langdetect's own `_detect_block` over a made-up table of three languages, its
    /// `_extract_ngrams` replaced by a fixed list (`d._extract_ngrams = lambda: ngrams`,
    /// `d.seed`, `d.n_trial`, `d.set_prior_map(...)` set, then `d.langprob` printed).
    #[test]
    fn detect_block_as_langdetect() {
        let table = [vec![0.5, 0.1, 0.0], vec![0.0, 0.2, 0.3], vec![0.01, 0.0, 0.02]];
        let walk = |seed, n_trial, prior| Walk {
            seed,
            n_trial,
            alpha: 0.5,
            alpha_width: 0.05,
            base_freq: 10000.0,
            conv_threshold: 0.99999,
            iteration_limit: 1000,
            prior,
        };
        let rows = |ids: &[usize]| ids.iter().map(|&i| table[i].clone()).collect::<Vec<_>>();
        let cases: [(Vec<usize>, Walk, [f64; 3]); 3] = [
            (vec![0, 1, 0, 2], walk(0, 7, None), [0.4285715644516986, 0.5714284355406107, 7.690711403876698e-12]),
            // prior {"xx": 1.0, "zz": 3.0}, normalised by set_prior_map
            (vec![2, 1], walk(3, 2, Some(&[0.25, 0.0, 0.75])), [1.3844437310996815e-13, 0.0, 0.9999999999998617]),
            (vec![2], walk(0, 5, None), [5.02075588600614e-07, 4.8265752657000826e-55, 0.9999994979244113]),
        ];
        for (ids, walk, expected) in cases {
            let mut rows = rows(&ids);
            let Ok(got) = detect_block(&mut rows, ids.len(), 3, &walk);
            assert_eq!(got.iter().map(|p| p.to_bits()).collect::<Vec<_>>(), expected.map(f64::to_bits), "{ids:?}");
        }
    }
}
