//! Pure widgets: they draw what they are given and know nothing of the app's state.

pub mod dialog;
pub mod heat_map;
pub mod hints;
pub mod office;
pub mod seat_grid;
pub mod spinner;
pub mod status_bar;
pub mod ticket_code;
pub mod timeline;
