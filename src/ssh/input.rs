//! Raw bytes from an SSH client's terminal, turned into the key and mouse events the TUI
//! reads. Stateful: a read may end in the middle of an escape sequence, and the rest
//! comes with the next read. A lone Esc is told apart from the start of a sequence by
//! time: `flush` (called when nothing more came for a moment) turns what is pending
//! into keys.
//!
//! Written here rather than taken from a crate: `anes`'s parser has no bracketed paste
//! and no way to flush a pending Esc later (it decides at the end of each read, which
//! is exactly the split case), and termwiz's parser brings a terminfo database, regex
//! and some thirty crates for one function.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};

/// What the client typed or clicked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// Text pasted with bracketed paste on.
    Paste(String),
}

const ESC: u8 = 0x1b;
const PASTE_END: &[u8] = b"\x1b[201~";
/// A sequence longer than this is garbage: its bytes are dropped.
const MAX_SEQUENCE: usize = 64;
/// A paste longer than this is cut (the fields it can go to are short).
const MAX_PASTE: usize = 64 * 1024;

#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
    paste: Option<Vec<u8>>,
}

/// The result of trying to read one item at the front of the pending bytes.
enum Step {
    /// `n` bytes made this (or nothing, for a sequence we ignore).
    Done(usize, Option<Input>),
    /// The bytes so far may be the start of something longer.
    NeedMore,
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// Feeds one read's bytes; returns the complete inputs. Bytes that may start a
    /// longer sequence wait for the next read (or `flush`).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        self.pending.extend_from_slice(bytes);
        let mut out = Vec::new();
        self.drain(&mut out, false);
        out
    }

    /// Something waits for more bytes.
    pub fn is_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// No more bytes came for a moment: what waits is what it looks like (Esc is Esc,
    /// Esc then a key is Alt+key).
    pub fn flush(&mut self) -> Vec<Input> {
        let mut out = Vec::new();
        self.drain(&mut out, true);
        out
    }

    fn drain(&mut self, out: &mut Vec<Input>, final_: bool) {
        loop {
            if self.paste.is_some() {
                if !self.take_paste(out) {
                    return;
                }
                continue;
            }
            if self.pending.is_empty() {
                return;
            }
            match step(&self.pending, final_) {
                Step::Done(n, input) => {
                    self.pending.drain(..n);
                    match input {
                        Some(Input::Paste(_)) => self.paste = Some(Vec::new()),
                        Some(input) => out.push(input),
                        None => {}
                    }
                }
                Step::NeedMore if final_ || self.pending.len() > MAX_SEQUENCE => {
                    // An unfinished sequence that nothing completes: drop its ESC and
                    // read the rest as keys.
                    self.pending.remove(0);
                    out.push(key(KeyCode::Esc, KeyModifiers::NONE));
                }
                Step::NeedMore => return,
            }
        }
    }

    /// Moves pasted bytes until the end marker; true when the paste is complete.
    fn take_paste(&mut self, out: &mut Vec<Input>) -> bool {
        let Some(paste) = self.paste.as_mut() else {
            return true;
        };
        if let Some(at) = find(&self.pending, PASTE_END) {
            paste.extend_from_slice(&self.pending[..at]);
            self.pending.drain(..at + PASTE_END.len());
            let text = String::from_utf8_lossy(paste).into_owned();
            self.paste = None;
            out.push(Input::Paste(text));
            return true;
        }
        // Keep a tail that may be the start of the end marker.
        let keep = (1..PASTE_END.len())
            .rev()
            .find(|&k| self.pending.ends_with(&PASTE_END[..k]))
            .unwrap_or(0);
        let take = self.pending.len() - keep;
        if paste.len() < MAX_PASTE {
            let room = MAX_PASTE - paste.len();
            paste.extend_from_slice(&self.pending[..take.min(room)]);
        }
        self.pending.drain(..take);
        false
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Input {
    Input::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

/// One item at the front of `bytes` (not empty).
fn step(bytes: &[u8], final_: bool) -> Step {
    match bytes[0] {
        ESC => escape(bytes, final_),
        _ => plain(bytes),
    }
}

/// A byte (or a UTF-8 character) that is not part of an escape sequence.
fn plain(bytes: &[u8]) -> Step {
    let b = bytes[0];
    let (code, modifiers) = match b {
        b'\r' | b'\n' => (KeyCode::Enter, KeyModifiers::NONE),
        b'\t' => (KeyCode::Tab, KeyModifiers::NONE),
        0x7f | 0x08 => (KeyCode::Backspace, KeyModifiers::NONE),
        0x00 => (KeyCode::Char(' '), KeyModifiers::CONTROL),
        0x01..=0x1a => (
            KeyCode::Char(char::from(b - 1 + b'a')),
            KeyModifiers::CONTROL,
        ),
        0x1c..=0x1f => (
            KeyCode::Char(char::from(b - 0x1c + b'4')),
            KeyModifiers::CONTROL,
        ),
        _ => return utf8(bytes),
    };
    Step::Done(1, Some(key(code, modifiers)))
}

fn utf8(bytes: &[u8]) -> Step {
    let len = match bytes[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        // A stray continuation byte: skip it.
        _ => return Step::Done(1, None),
    };
    if bytes.len() < len {
        return Step::NeedMore;
    }
    match std::str::from_utf8(&bytes[..len])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) => Step::Done(len, Some(key(KeyCode::Char(c), KeyModifiers::NONE))),
        None => Step::Done(1, None),
    }
}

fn escape(bytes: &[u8], final_: bool) -> Step {
    let Some(&second) = bytes.get(1) else {
        return if final_ {
            Step::Done(1, Some(key(KeyCode::Esc, KeyModifiers::NONE)))
        } else {
            Step::NeedMore
        };
    };
    match second {
        b'[' => csi(bytes, final_),
        b'O' => ss3(bytes, final_),
        ESC => Step::Done(1, Some(key(KeyCode::Esc, KeyModifiers::NONE))),
        // Alt+key: the terminal sends ESC before the key.
        _ => match plain(&bytes[1..]) {
            Step::Done(n, Some(Input::Key(mut k))) => {
                k.modifiers |= KeyModifiers::ALT;
                Step::Done(n + 1, Some(Input::Key(k)))
            }
            Step::Done(n, other) => Step::Done(n + 1, other),
            Step::NeedMore => Step::NeedMore,
        },
    }
}

/// `ESC O x`: F1-F4 and arrows in application mode.
fn ss3(bytes: &[u8], final_: bool) -> Step {
    let Some(&third) = bytes.get(2) else {
        return if final_ {
            // ESC O alone: Alt+O.
            Step::Done(2, Some(key(KeyCode::Char('O'), KeyModifiers::ALT)))
        } else {
            Step::NeedMore
        };
    };
    let code = match third {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'M' => KeyCode::Enter,
        b'P'..=b'S' => KeyCode::F(third - b'P' + 1),
        _ => return Step::Done(3, None),
    };
    Step::Done(3, Some(key(code, KeyModifiers::NONE)))
}

/// `ESC [ params final`: cursor keys, function keys, mouse reports, paste markers.
fn csi(bytes: &[u8], final_: bool) -> Step {
    // The old X10 mouse report: ESC [ M and three bytes.
    if bytes.get(2) == Some(&b'M') {
        if bytes.len() < 6 {
            return if final_ {
                Step::Done(bytes.len(), None)
            } else {
                Step::NeedMore
            };
        }
        let cb = u16::from(bytes[3].saturating_sub(32));
        let x = u16::from(bytes[4].saturating_sub(33));
        let y = u16::from(bytes[5].saturating_sub(33));
        return Step::Done(6, mouse(cb, x, y, cb & 3 == 3));
    }
    let Some(end) = bytes[2..]
        .iter()
        .position(|b| (0x40..=0x7e).contains(b))
        .map(|i| i + 2)
    else {
        return Step::NeedMore;
    };
    let n = end + 1;
    let params = &bytes[2..end];
    let last = bytes[end];
    if params.first() == Some(&b'<') {
        return Step::Done(n, sgr_mouse(&params[1..], last));
    }
    let numbers: Vec<u16> = std::str::from_utf8(params)
        .unwrap_or("")
        .split(';')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let modifiers = numbers
        .get(1)
        .map_or(KeyModifiers::NONE, |&m| modifiers_of(m));
    let code = match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'Z' => return Step::Done(n, Some(key(KeyCode::BackTab, KeyModifiers::SHIFT))),
        b'P'..=b'S' => KeyCode::F(last - b'P' + 1),
        b'~' => match numbers.first().copied().unwrap_or(0) {
            200 => return Step::Done(n, Some(Input::Paste(String::new()))),
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            11..=15 => KeyCode::F((numbers[0] - 10) as u8),
            17..=21 => KeyCode::F((numbers[0] - 11) as u8),
            23 | 24 => KeyCode::F((numbers[0] - 12) as u8),
            _ => return Step::Done(n, None),
        },
        _ => return Step::Done(n, None),
    };
    Step::Done(n, Some(key(code, modifiers)))
}

/// xterm's modifier parameter: 1 + shift(1) + alt(2) + ctrl(4).
fn modifiers_of(m: u16) -> KeyModifiers {
    let bits = m.saturating_sub(1);
    let mut out = KeyModifiers::NONE;
    if bits & 1 != 0 {
        out |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        out |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        out |= KeyModifiers::CONTROL;
    }
    out
}

/// `ESC [ < b ; x ; y M|m` (1-based cells; `m` is a release).
fn sgr_mouse(params: &[u8], last: u8) -> Option<Input> {
    let text = std::str::from_utf8(params).ok()?;
    let mut parts = text.split(';').map(|p| p.parse::<u16>().ok());
    let cb = parts.next()??;
    let x = parts.next()??.saturating_sub(1);
    let y = parts.next()??.saturating_sub(1);
    mouse(cb, x, y, last == b'm')
}

fn mouse(cb: u16, column: u16, row: u16, release: bool) -> Option<Input> {
    let button = match cb & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        2 => MouseButton::Right,
        _ => MouseButton::Left,
    };
    let kind = if cb & 64 != 0 {
        if cb & 1 == 0 {
            MouseEventKind::ScrollUp
        } else {
            MouseEventKind::ScrollDown
        }
    } else if cb & 32 != 0 {
        MouseEventKind::Drag(button)
    } else if release {
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    let mut modifiers = KeyModifiers::NONE;
    if cb & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if cb & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if cb & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    Some(Input::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers,
    }))
}

#[cfg(test)]
mod tests;
