//! A line of key hints (`[y] yes   [n] no`), with the keys taken from the keymap so a
//! rebound key shows as it is.

use ratatui::text::{Line, Span};

use crate::tui::keymap::{Action, Keymap};
use crate::tui::theme;

/// Actions shown together under one word: `↑↓ choose`.
pub type Hint<'a> = (&'a [Action], &'a str);

pub fn hint_line(keymap: &Keymap, hints: &[Hint<'_>], bracketed: bool) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (actions, word)) in hints.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(if bracketed { "   " } else { "  " }));
        }
        let keys = keymap.first_keys(actions);
        let keys = if bracketed { format!("[{keys}]") } else { keys };
        spans.push(Span::styled(keys, theme::KEY));
        spans.push(Span::raw(format!(" {word}")));
    }
    Line::from(spans)
}
