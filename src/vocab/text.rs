//! Text people type that other people later read on a terminal. A control character in a
//! title or a refund reason is never meant: an escape sequence in it would reach a
//! manager's terminal raw (clear it, move the cursor, retitle the window). Such text is
//! refused at input, and what is printed is escaped, for rows written before the check.

use std::borrow::Cow;

/// True when the text holds a control character (ESC, NUL, a newline, DEL, ...).
pub fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// The text as a terminal may print it: each control character shown as `\u{1b}`, the
/// rest untouched. Newlines and tabs are kept when `keep_lines` (a whole report).
pub fn printable(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !(keep_lines && (c == '\n' || c == '\t'));
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_and_escaped() {
        assert!(has_control("reason\u{1b}[2J"));
        assert!(has_control("two\nlines"));
        assert!(!has_control("Nine Lives of Mrs. Kettle — 4K"));
        assert_eq!(printable("a\u{1b}[2Jb", false), "a\\u{1b}[2Jb");
        assert_eq!(
            printable("line 1\nline 2\u{7}", true),
            "line 1\nline 2\\u{7}"
        );
        assert!(matches!(printable("plain", false), Cow::Borrowed(_)));
    }
}
