//! A page's blocks as phrase lists see them, fast (`phrase_forms`): most lines are their own
//! phrase form (`shapes::phrase_form`), told in one pass over their bytes and given back as
//! they came; an ASCII form's words counted over its bytes.

use std::borrow::Cow;

use crate::chars::is_space;
use crate::shapes::{apostrophe_words, phrase_form, BULLETS};

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
