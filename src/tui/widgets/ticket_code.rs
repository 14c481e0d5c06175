//! A ticket's code as a QR code drawn with half blocks, two modules a character cell, so
//! a phone can read it off the kiosk's screen at the door. Drawn for a dark terminal:
//! light modules are the blocks, dark ones the background.

use qrcode::render::unicode::Dense1x2;
use qrcode::{EcLevel, QrCode};

/// The code's lines, or `None` when the text cannot be encoded (it is too long).
pub fn code_lines(text: &str) -> Option<Vec<String>> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build();
    Some(image.lines().map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_ticket_code_fits_a_small_square() {
        let lines = code_lines("T-1A2B3-C4D5E").unwrap();
        let width = lines[0].chars().count();
        assert!(lines.iter().all(|l| l.chars().count() == width));
        // Version 1 or 2 with its quiet zone: at most 33 columns and 17 rows.
        assert!(width <= 33 && lines.len() <= 17, "{width}x{}", lines.len());
        assert!(lines.concat().contains('█'));
        assert_ne!(
            code_lines("T-1A2B3-C4D5F").unwrap(),
            lines,
            "another code, another picture"
        );
    }
}
