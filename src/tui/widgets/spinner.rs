//! A spinner for work under way: one frame per tick, so it moves only as the loop ticks.

const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner's character after `ticks` ticks.
pub fn frame(ticks: u64) -> &'static str {
    FRAMES[(ticks % FRAMES.len() as u64) as usize]
}

#[cfg(test)]
mod tests {
    #[test]
    fn turns_and_wraps() {
        assert_eq!(super::frame(0), "⠋");
        assert_eq!(super::frame(1), "⠙");
        assert_eq!(super::frame(10), "⠋");
    }
}
