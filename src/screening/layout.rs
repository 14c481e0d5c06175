//! Hall layouts: rows x seats, or a text map. (Stub: being written.)

use super::model::SeatSpec;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallLayout {
    seats: Vec<SeatSpec>,
    rows: usize,
    width: u16,
    height: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("{field}: {message}")]
    Size { field: &'static str, message: String },
    #[error("layout line {line}, column {column}: {message}")]
    Map { line: usize, column: usize, message: String },
}

impl LayoutError {
    pub fn field(&self) -> &'static str {
        match self {
            LayoutError::Size { field, .. } => field,
            LayoutError::Map { .. } => "layout",
        }
    }
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LayoutError::Map { line, column, .. } => Some((*line, *column)),
            LayoutError::Size { .. } => None,
        }
    }
}

impl HallLayout {
    pub fn grid(_rows: i64, _seats_per_row: i64) -> Result<Self, LayoutError> {
        Err(LayoutError::Size { field: "rows", message: "not yet".into() })
    }
    pub fn parse_map(_text: &str) -> Result<Self, LayoutError> {
        Err(LayoutError::Size { field: "layout", message: "not yet".into() })
    }
    pub fn seats(&self) -> &[SeatSpec] {
        &self.seats
    }
    pub fn row_count(&self) -> usize {
        self.rows
    }
    pub fn width(&self) -> u16 {
        self.width
    }
    pub fn height(&self) -> u16 {
        self.height
    }
}
