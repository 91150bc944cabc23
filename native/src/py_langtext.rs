//! langdetect's text handling (`langtext`) for `cleaner.stages.language`: `LangText`, made
//! once from langdetect's tables, turns a detector's appended texts into its n-grams and
//! runs the random walk (`langwalk`) over them without a Python string per n-gram.

use std::collections::HashMap;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::langtext::{self, BlockIds, Tables};
use crate::langwalk::{self, MissingNgram, ProfileRows, Walk};
use crate::NgramProfiles;

impl From<MissingNgram> for PyErr {
    fn from(missing: MissingNgram) -> PyErr {
        PyValueError::new_err(format!("no profile has the n-gram {:?}", missing.0))
    }
}

/// langdetect's tables for its text handling (see `langtext::Tables`): `LangText(blocks,
/// block_ids, latin1_excluded, cjk_map, vi_letters, vi_marks, vi_normalized)`, with `blocks`
/// `unicode_block._unicode_blocks`, `block_ids` the numbers of the twelve blocks
/// `NGram.normalize` tells apart (in `BlockIds`' order), and the rest `NGram`'s attributes
/// `LATIN1_EXCLUDED`, `CJK_MAP`, `TO_NORMALIZE_VI_CHARS`, `DMARK_CLASS`, `NORMALIZED_VI_CHARS`.
#[pyclass(frozen, module = "cleaner._native")]
struct LangText(Tables);

/// A detector's appended texts, each with the `max_text_length` it was appended under.
type Appended<'py> = Vec<(Bound<'py, PyString>, usize)>;

#[pymethods]
impl LangText {
    #[new]
    fn new(
        blocks: Vec<(u32, u32, u32)>,
        block_ids: [u32; 12],
        latin1_excluded: &str,
        cjk_map: HashMap<char, char>,
        vi_letters: &str,
        vi_marks: &str,
        vi_normalized: Vec<String>,
    ) -> PyResult<Self> {
        let cps = |text: &str| text.chars().map(u32::from).collect::<Vec<u32>>();
        let vi_normalized: Vec<Vec<u32>> = vi_normalized.iter().map(|row| cps(row)).collect();
        let (vi_letters, vi_marks) = (cps(vi_letters), cps(vi_marks));
        if vi_normalized.len() != vi_marks.len() || vi_normalized.iter().any(|row| row.len() != vi_letters.len()) {
            return Err(PyValueError::new_err("one normalised character per Vietnamese letter and mark"));
        }
        let [basic_latin, latin_1_supplement, latin_extended_b, general_punctuation, arabic, latin_extended_additional, hiragana, katakana, bopomofo, bopomofo_extended, cjk_unified_ideographs, hangul_syllables] =
            block_ids;
        Ok(LangText(Tables {
            blocks,
            ids: BlockIds {
                basic_latin,
                latin_1_supplement,
                latin_extended_b,
                general_punctuation,
                arabic,
                latin_extended_additional,
                hiragana,
                katakana,
                bopomofo,
                bopomofo_extended,
                cjk_unified_ideographs,
                hangul_syllables,
            },
            latin1_excluded: cps(latin1_excluded),
            cjk_map: cjk_map.into_iter().map(|(k, v)| (u32::from(k), u32::from(v))).collect(),
            vi_letters,
            vi_marks,
            vi_normalized,
        }))
    }

    /// `NGram.normalize` of each character of `text` (for the tests).
    fn normalize(&self, text: &str) -> String {
        text.chars().map(|c| char::from_u32(self.0.normalize(u32::from(c))).unwrap_or(c)).collect()
    }

    /// The code points of the text langdetect's `_extract_ngrams` reads: the texts as
    /// `Detector.append` adds them, after `cleaning_text` (for the tests).
    fn text(&self, texts: Appended<'_>) -> PyResult<Vec<u32>> {
        self.cleaned(&texts)
    }

    /// The n-grams langdetect's `_extract_ngrams` gives after `cleaning_text`, over the
    /// texts as `Detector.append` adds them (for the tests).
    fn ngrams<'a>(&self, profiles: &'a NgramProfiles, texts: Appended<'_>) -> PyResult<Vec<&'a str>> {
        let ids = self.ngram_ids(profiles, &texts)?;
        Ok(ids.into_iter().map(|id| profiles.0.word(id)).collect())
    }

    /// `Detector._detect_block` over the appended texts: the `langprob` list langdetect makes
    /// (`langwalk::detect_block`), or None when they have no n-gram (langdetect raises). The
    /// other arguments are the detector's attributes and constants of the same names;
    /// `prior_map` its normalised prior, if set.
    #[pyo3(signature = (profiles, texts, seed, n_trial, alpha, alpha_width, base_freq, conv_threshold, iteration_limit, prior_map=None))]
    #[allow(clippy::too_many_arguments)]
    fn detect_block(
        &self,
        profiles: &NgramProfiles,
        texts: Appended<'_>,
        seed: i64,
        n_trial: usize,
        alpha: f64,
        alpha_width: f64,
        base_freq: f64,
        conv_threshold: f64,
        iteration_limit: usize,
        prior_map: Option<Vec<f64>>,
    ) -> PyResult<Option<Vec<f64>>> {
        let n_langs = profiles.0.names.len();
        if n_langs == 0 {
            return Err(PyValueError::new_err("the walk needs at least one language profile"));
        }
        if prior_map.as_ref().is_some_and(|prior| prior.len() != n_langs) {
            return Err(PyValueError::new_err("the prior needs one probability per language"));
        }
        let ids = self.ngram_ids(profiles, &texts)?;
        if ids.is_empty() {
            return Ok(None);
        }
        if ids.len() > u32::MAX as usize {
            return Err(PyValueError::new_err("the walk takes at most 2**32 - 1 n-grams"));
        }
        let mut rows = ProfileRows::new(&profiles.0, ids.len(), |i| Ok::<_, PyErr>(profiles.0.word(ids[i])));
        let walk = Walk {
            seed,
            n_trial,
            alpha,
            alpha_width,
            base_freq,
            conv_threshold,
            iteration_limit,
            prior: prior_map.as_deref(),
        };
        langwalk::detect_block(&mut rows, ids.len(), n_langs, &walk).map(Some)
    }
}

impl LangText {
    /// The ids in `profiles` of the n-grams of the appended `texts` (see `ngrams`).
    fn ngram_ids(&self, profiles: &NgramProfiles, texts: &Appended<'_>) -> PyResult<Vec<u32>> {
        Ok(self.0.ngrams(&self.cleaned(texts)?, &profiles.0))
    }

    /// The appended `texts` after `cleaning_text` (see `text`).
    fn cleaned(&self, texts: &Appended<'_>) -> PyResult<Vec<u32>> {
        let mut text = Vec::new();
        for (piece, max_length) in texts {
            self.0.append(&code_points(piece)?, *max_length, &mut text);
        }
        langtext::cleaning_text(&mut text);
        Ok(text)
    }
}

/// The code points of a Python str, lone surrogates included (read from its `surrogatepass`
/// UTF-8 when it has one).
fn code_points(text: &Bound<'_, PyString>) -> PyResult<Vec<u32>> {
    if let Ok(text) = text.to_str() {
        return Ok(text.chars().map(u32::from).collect());
    }
    let bytes = text.call_method1("encode", ("utf-8", "surrogatepass"))?;
    let bytes = bytes.cast::<PyBytes>()?.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        let (len, bits) = match lead {
            0..=0x7f => (1, u32::from(lead)),
            0x80..=0xdf => (2, u32::from(lead & 0x1f)),
            0xe0..=0xef => (3, u32::from(lead & 0x0f)),
            _ => (4, u32::from(lead & 0x07)),
        };
        let tail = bytes.get(i + 1..i + len).unwrap_or_default();
        out.push(tail.iter().fold(bits, |c, &b| (c << 6) | u32::from(b & 0x3f)));
        i += len;
    }
    Ok(out)
}

/// Adds `LangText` to `cleaner._native`.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<LangText>()
}
