//! The few styles every screen shares. Emphasis is bold, reversed or dim rather than
//! colour, so screens read on dark and light terminals and without colour at all.

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
pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
/// Something to copy down, such as a password shown once.
pub const SECRET: Style = Style::new().add_modifier(Modifier::BOLD);
