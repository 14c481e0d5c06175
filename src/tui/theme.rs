//! Styles. The shared constants use emphasis (bold, reversed, dim) rather than colour, so
//! screens read on dark and light terminals and without colour at all. What colour adds
//! (seat states, warnings, the database banner) is a `Theme`, picked once per session:
//! every seat state also has a glyph of its own, so colour is never the only signal.

use ratatui::style::{Color, Modifier, Style};

pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
/// A key in a hint or a prompt: `[y]`.
pub const KEY: Style = Style::new().add_modifier(Modifier::BOLD);
pub const COLUMN_HEADER: Style = Style::new().add_modifier(Modifier::BOLD);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// Showtimes that have started: still listed, but not what the cashier is after.
pub const PAST: Style = Style::new().add_modifier(Modifier::DIM);
pub const HINT: Style = Style::new().add_modifier(Modifier::DIM);
pub const STATUS_BAR: Style = Style::new().add_modifier(Modifier::REVERSED);
/// Something to copy down, such as a password shown once.
pub const SECRET: Style = Style::new().add_modifier(Modifier::BOLD);

/// Which palette: `Auto` is safe on dark and light backgrounds; `NO_COLOR` in the
/// environment turns any of them into `Mono`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeMode {
    #[default]
    Auto,
    Dark,
    Light,
    Mono,
}

impl ThemeMode {
    pub fn parse(text: &str) -> Option<ThemeMode> {
        match text.trim().to_lowercase().as_str() {
            "auto" => Some(ThemeMode::Auto),
            "dark" => Some(ThemeMode::Dark),
            "light" => Some(ThemeMode::Light),
            "mono" => Some(ThemeMode::Mono),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub free: Style,
    /// Seats held by this cashier: reversed in every palette, the strongest signal.
    pub mine: Style,
    pub held: Style,
    pub sold: Style,
    /// Broken or blocked.
    pub unavailable: Style,
    pub premium: Style,
    /// Wheelchair places and companion seats.
    pub accessible: Style,
    pub cursor: Style,
    pub error: Style,
    /// The last minute of a hold.
    pub warning: Style,
    pub ok: Style,
    /// "The database cannot be reached".
    pub banner: Style,
}

const BOLD: Modifier = Modifier::BOLD;

impl Theme {
    /// The palette for `mode`; `no_color` (the `NO_COLOR` convention) wins.
    pub fn new(mode: ThemeMode, no_color: bool) -> Theme {
        if no_color {
            return Theme::mono();
        }
        match mode {
            ThemeMode::Auto => Theme::auto(),
            ThemeMode::Dark => Theme::dark(),
            ThemeMode::Light => Theme::light(),
            ThemeMode::Mono => Theme::mono(),
        }
    }

    /// From the process: `NO_COLOR` set to anything but the empty string means no colour.
    pub fn from_env(mode: ThemeMode) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(mode, no_color)
    }

    pub fn mono() -> Theme {
        Theme {
            free: Style::new(),
            mine: Style::new().add_modifier(Modifier::REVERSED | BOLD),
            held: Style::new(),
            sold: Style::new(),
            unavailable: Style::new().add_modifier(Modifier::DIM),
            premium: Style::new().add_modifier(Modifier::UNDERLINED),
            accessible: Style::new().add_modifier(BOLD),
            cursor: Style::new().add_modifier(BOLD),
            error: Style::new().add_modifier(BOLD),
            warning: Style::new().add_modifier(BOLD | Modifier::REVERSED),
            ok: Style::new().add_modifier(BOLD),
            banner: Style::new().add_modifier(BOLD | Modifier::REVERSED),
        }
    }

    /// Colours that read on black and on white: no yellow, no light variants.
    pub fn auto() -> Theme {
        Theme {
            free: Style::new().fg(Color::Green),
            // Reversed: the seat's number on a green block.
            mine: Style::new()
                .fg(Color::Green)
                .add_modifier(Modifier::REVERSED | BOLD),
            held: Style::new().fg(Color::Magenta),
            sold: Style::new().fg(Color::Red),
            premium: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            accessible: Style::new().fg(Color::Cyan).add_modifier(BOLD),
            error: Style::new().fg(Color::Red).add_modifier(BOLD),
            warning: Style::new().fg(Color::Red).add_modifier(BOLD),
            ok: Style::new().fg(Color::Green).add_modifier(BOLD),
            banner: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(BOLD),
            ..Theme::mono()
        }
    }

    pub fn dark() -> Theme {
        Theme {
            held: Style::new().fg(Color::Yellow),
            premium: Style::new()
                .fg(Color::LightMagenta)
                .add_modifier(Modifier::UNDERLINED),
            accessible: Style::new().fg(Color::LightCyan).add_modifier(BOLD),
            warning: Style::new().fg(Color::Yellow).add_modifier(BOLD),
            ..Theme::auto()
        }
    }

    pub fn light() -> Theme {
        Theme {
            held: Style::new().fg(Color::Blue),
            premium: Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::UNDERLINED),
            accessible: Style::new().fg(Color::Black).add_modifier(BOLD),
            ..Theme::auto()
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::auto()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_and_mono_has_no_colour() {
        assert_eq!(Theme::new(ThemeMode::Dark, true), Theme::mono());
        let m = Theme::mono();
        for style in [
            m.free,
            m.mine,
            m.held,
            m.sold,
            m.unavailable,
            m.premium,
            m.accessible,
            m.cursor,
            m.error,
            m.warning,
            m.ok,
            m.banner,
        ] {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        // Held by me stands out without colour.
        assert!(m.mine.add_modifier.contains(Modifier::REVERSED));
        assert_eq!(ThemeMode::parse(" Light "), Some(ThemeMode::Light));
        assert_eq!(ThemeMode::parse("neon"), None);
    }

    #[test]
    fn light_and_auto_avoid_yellow() {
        for t in [Theme::auto(), Theme::light()] {
            for style in [t.free, t.held, t.sold, t.premium, t.warning, t.error] {
                assert_ne!(style.fg, Some(Color::Yellow), "{style:?}");
                assert_ne!(style.fg, Some(Color::LightYellow), "{style:?}");
            }
        }
    }
}
