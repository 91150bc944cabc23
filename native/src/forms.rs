//! A page's blocks as phrase lists see them, fast (`measure_blocks`): most lines are already
//! NFC (`surely_nfc` tells most of them without CPython's `unicodedata`) and their own phrase
//! form (`shapes::phrase_form`), told in one pass over their bytes and given back as they
//! came; an ASCII form's words counted over its bytes.

use std::borrow::Cow;

use crate::chars::is_space;
use crate::shapes::{apostrophe_words, phrase_form, BULLETS};

/// The characters `surely_nfc` knows to be NFC in any text of them: below U+0300 (Latin,
/// no combining mark yet), and blocks with no combining mark, no character NFC changes and
/// none that composes with the one before (each checked against CPython's `unicodedata` by
/// `tests/test_shortcuts.py`). Sorted, inclusive.
const NFC_SAFE: [(u32, u32); 10] = [
    (0x0, 0x2ff),
    (0x400, 0x482),   // Cyrillic, its combining marks (U+0483..) left out
    (0x48a, 0x52f),   // Cyrillic
    (0x2002, 0x206f), // General Punctuation but U+2000 and U+2001 (which NFC changes)
    (0x20a0, 0x20c0), // currency signs
    (0x2500, 0x27bf), // box drawing, blocks, shapes, symbols, dingbats
    (0x3041, 0x3096), // hiragana, its combining sound marks (U+3099, U+309A) left out
    (0x30a1, 0x30fa), // katakana
    (0x4e00, 0x9fff), // CJK ideographs
    (0xac00, 0xd7a3), // Hangul syllables
];

/// Whether `text` is surely NFC (`unicodedata.normalize("NFC", text) == text`): every
/// character is one of `NFC_SAFE`'s. False says nothing (CPython is asked then).
pub fn surely_nfc(text: &str) -> bool {
    // below U+0300 is a byte below 0xCC, a character's first byte or any other: told 32 bytes
    // at a time (the compiler's vector code), then only the characters of the others decoded
    let bytes = text.as_bytes();
    if bytes.chunks(32).all(|chunk| chunk.iter().fold(0, |top, &b| top.max(b)) < 0xcc) {
        return true;
    }
    bytes.iter().enumerate().filter(|&(_, &b)| b >= 0xcc).all(|(i, _)| {
        let c = text[i..].chars().next().map_or(0, u32::from);
        NFC_SAFE.iter().any(|&(lo, hi)| lo <= c && c <= hi)
    })
}

/// `phrase_form(text)`, borrowing `text` when it is already its own phrase form (most lines are).
pub fn phrase_form_cow(text: &str) -> Cow<'_, str> {
    if is_phrase_form(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(phrase_form(text))
    }
}

/// Whether `phrase_form(text) == text`: no white space first or last, none but single spaces
/// between, no ’ ‘ or `, and no bullet first (nor '-' before white space). One pass over the
/// bytes: only a character's first byte is looked at past ASCII.
fn is_phrase_form(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        None => return true,
        Some(c) if is_space(c) || BULLETS.contains(c) => return false,
        Some('-') if chars.next().is_some_and(is_space) => return false,
        _ => {}
    }
    let bytes = text.as_bytes();
    if bytes.last() == Some(&b' ') {
        return false;
    }
    if bytes.is_ascii() {
        // no control character (white space among them), no '`', no two spaces in a row
        let plain = |b: &u8| *b >= 0x20 && *b != b'`';
        return bytes.iter().fold(true, |ok, b| ok & plain(b)) && memchr::memmem::find(bytes, b"  ").is_none()
            || ascii_phrase_form(bytes);
    }
    let mut space = false; // the byte before was a space
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' ' if space => return false,
            b' ' => space = true,
            b'`' | b'\t'..=b'\r' | 0x1c..=0x1f => return false,
            0x80..=0xbf => {} // inside a character
            0xc0.. => {
                let c = text[i..].chars().next().unwrap_or(' ');
                if is_space(c) || matches!(c, '’' | '‘') {
                    return false;
                }
                space = false;
            }
            _ => space = false,
        }
    }
    true
}

/// `is_phrase_form` of an ASCII text (its first and last bytes checked), byte by byte.
fn ascii_phrase_form(bytes: &[u8]) -> bool {
    bytes.windows(2).all(|w| !matches!(w[1], b'`' | b'\t'..=b'\r' | 0x1c..=0x1f) && w != b"  ")
        && !matches!(bytes[0], b'`' | b'\t'..=b'\r' | 0x1c..=0x1f)
}

/// How many words a phrase form has (`apostrophe_words`, which it equals): ASCII forms (no ’
/// there) counted over their bytes, a word opening at each word byte after neither a word
/// byte nor an apostrophe that follows one.
pub fn form_words(form: &str) -> usize {
    if !form.is_ascii() {
        return apostrophe_words(form);
    }
    let word = |b: u8| b.is_ascii_alphanumeric() | (b == b'_');
    // after: 0 no word (a word byte opens one), 1 a word byte, 2 a word and an apostrophe
    let (mut count, mut after) = (0, 0u8);
    for &b in form.as_bytes() {
        let w = word(b);
        count += usize::from(w & (after == 0));
        after = if w { 1 } else { u8::from((b == b'\'') & (after == 1)) * 2 };
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surely_nfc_only_of_safe_characters() {
        for text in ["", "abc", "café ÿ", "l’été — «oui» …", "Привет", "東京 ひらがな カタカナ 한국어", "☆ ► │ €"]
        {
            assert!(surely_nfc(text), "{text:?}");
        }
        // a combining accent, a character NFC changes (Ω for Ω), a combining sound mark
        for text in ["e\u{301}", "x\u{2126}", "か\u{3099}", "\u{2000}", "a\u{483}", "\u{f900}"] {
            assert!(!surely_nfc(text), "{text:?}");
        }
        assert!(NFC_SAFE.windows(2).all(|w| w[0].1 < w[1].0));
    }

    #[test]
    fn phrase_forms_borrowed_when_unchanged() {
        let cases = [
            "",
            "a",
            "-",
            "-5 degrees",
            "- item",
            "-\u{a0}x",
            "* x",
            "• x",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "l’été",
            "l'été",
            "d`été",
            "a\u{a0}b",
            "a\u{202f}b",
            "a\u{3000}b",
            "a\u{85}b",
            "\u{1c}a",
            "é b ü",
            "x\u{2028}",
            "’",
            "a -",
            "a\u{1f}",
        ];
        for text in cases {
            let form = phrase_form_cow(text);
            assert_eq!(form, phrase_form(text), "{text:?}");
            assert_eq!(matches!(form, Cow::Borrowed(_)), phrase_form(text) == text, "{text:?}");
            assert_eq!(form_words(&form), apostrophe_words(&form), "{text:?}");
        }
        let long = "word's ".repeat(20) + &"x'".repeat(40) + "a'b";
        for form in
            ["l'école a''b x'y' 'z", "it's 'quoted' _a_ b2", "'a", "a'", "a'b'c d'", &long, &long[1..], &long[3..]]
        {
            assert_eq!(form_words(form), apostrophe_words(form), "{form:?}");
        }
    }
}
