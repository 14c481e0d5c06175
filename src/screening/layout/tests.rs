#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use proptest::prelude::*;

use super::*;

fn labels(layout: &HallLayout) -> Vec<String> {
    layout
        .seats()
        .iter()
        .map(|s| format!("{}{}", s.row_label, s.number))
        .collect()
}

fn map_err(text: &str) -> (usize, usize, String) {
    match HallLayout::parse_map(text) {
        Err(LayoutError::Map {
            line,
            column,
            message,
        }) => (line, column, message),
        other => panic!("expected a map error for {text:?}, got {other:?}"),
    }
}

fn size_err(result: Result<HallLayout, LayoutError>) -> (&'static str, String) {
    match result {
        Err(LayoutError::Size { field, message }) => (field, message),
        other => panic!("expected a size error, got {other:?}"),
    }
}

#[test]
fn rows_are_lettered_like_spreadsheet_columns() {
    let cases = [
        (0, "A"),
        (1, "B"),
        (25, "Z"),
        (26, "AA"),
        (27, "AB"),
        (51, "AZ"),
        (52, "BA"),
        (701, "ZZ"),
        (702, "AAA"),
    ];
    for (index, label) in cases {
        assert_eq!(row_label(index), label, "{index}");
    }
}

#[test]
fn a_thirty_row_grid_ends_at_ad() {
    let layout = HallLayout::grid(30, 2).unwrap();
    assert_eq!(layout.row_count(), 30);
    assert_eq!(layout.seats().len(), 60);
    assert_eq!((layout.width(), layout.height()), (2, 30));
    let last = layout.seats().last().unwrap();
    assert_eq!(
        (
            last.row_label.as_str(),
            last.number,
            last.grid_row,
            last.grid_col
        ),
        ("AD", 2, 29, 1)
    );
    assert_eq!(labels(&layout)[..3], ["A1", "A2", "B1"]);
    assert!(layout.seats().iter().all(|s| s.kind == SeatKind::Standard));
}

#[test]
fn grid_sizes_out_of_bounds_name_their_field() {
    for rows in [0, -1, 53, i64::MAX, i64::MIN] {
        let (field, message) = size_err(HallLayout::grid(rows, 10));
        assert_eq!(field, "rows");
        assert!(message.contains("1 to 52 rows"), "{message}");
    }
    for seats in [0, -3, 61] {
        let (field, message) = size_err(HallLayout::grid(5, seats));
        assert_eq!(field, "seats");
        assert!(message.contains("1 to 60 seats"), "{message}");
    }
    assert_eq!(HallLayout::grid(52, 60).unwrap().seats().len(), 52 * 60);
    let err = HallLayout::grid(0, 10).unwrap_err();
    assert_eq!((err.field(), err.position()), ("rows", None));
}

#[test]
fn gaps_are_not_numbered_but_keep_their_columns() {
    let layout = HallLayout::parse_map("ss..ss").unwrap();
    let numbers: Vec<_> = layout
        .seats()
        .iter()
        .map(|s| (s.number, s.grid_col))
        .collect();
    assert_eq!(numbers, [(1, 0), (2, 1), (3, 4), (4, 5)]);
    assert_eq!(
        (layout.width(), layout.height(), layout.row_count()),
        (6, 1, 1)
    );
}

#[test]
fn kinds_come_from_their_characters() {
    let layout = HallLayout::parse_map("wcsp.cw").unwrap();
    let kinds: Vec<_> = layout.seats().iter().map(|s| s.kind.map_char()).collect();
    assert_eq!(kinds, ['w', 'c', 's', 'p', 'c', 'w']);
}

#[test]
fn walkways_take_a_grid_line_but_no_letter() {
    let text = "\n...\nssss\n\n....\nss.ss\n   \n";
    let layout = HallLayout::parse_map(text).unwrap();
    assert_eq!(layout.row_count(), 2);
    // Leading and trailing walkways are dropped; the two inner ones stay.
    assert_eq!(layout.height(), 4);
    assert_eq!(layout.width(), 5);
    let b1 = &layout.seats()[4];
    assert_eq!((b1.row_label.as_str(), b1.number, b1.grid_row), ("B", 1, 3));
    assert_eq!(
        labels(&layout),
        ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"]
    );
}

#[test]
fn comments_are_skipped_and_errors_keep_real_line_numbers() {
    let text = "# Hall 1\n# SCREEN\nssss\n# back rows\nss\nsxs\n";
    let (line, column, message) = map_err(text);
    assert_eq!((line, column), (6, 2));
    assert!(message.contains("'x' is not a place"), "{message}");
    let layout = HallLayout::parse_map("# SCREEN\nss\n#\nss").unwrap();
    assert_eq!((layout.row_count(), layout.height()), (2, 2));
}

#[test]
fn trailing_whitespace_and_carriage_returns_are_trimmed() {
    let layout = HallLayout::parse_map("\u{feff}# SCREEN\r\nss.s  \r\nsss\t\r\n").unwrap();
    assert_eq!((layout.seats().len(), layout.width()), (6, 4));
}

#[test]
fn bad_characters_are_refused_at_their_line_and_column() {
    let err = HallLayout::parse_map("ssss\nsss\nss.s\nsssssssssssx").unwrap_err();
    assert_eq!(
        err.to_string(),
        "layout line 4, column 12: 'x' is not a place; use . (gap) s (standard) p (premium) w (wheelchair) c (companion)"
    );
    assert_eq!((err.field(), err.position()), ("layout", Some((4, 12))));
    let (line, column, message) = map_err("ss\nss ss");
    assert_eq!((line, column), (2, 3));
    assert!(message.starts_with("a space is not a place"), "{message}");
    let (line, column, message) = map_err("ss\tss");
    assert_eq!((line, column), (1, 3));
    assert!(message.starts_with("a tab is not a place"), "{message}");
    let (_, column, message) = map_err("  ss");
    assert_eq!(column, 1);
    assert!(message.starts_with("a space"), "{message}");
    let (_, column, message) = map_err("ssS");
    assert_eq!(column, 3);
    assert!(
        message.contains("'S' is not a place") && message.contains("lower case"),
        "{message}"
    );
    // Columns count characters, not bytes.
    let (_, column, _) = map_err("é.s\nsé");
    assert_eq!(column, 1);
    let (line, column, _) = map_err("ss\nsé");
    assert_eq!((line, column), (2, 2));
}

#[test]
fn companion_seats_stand_next_to_a_wheelchair_place() {
    for ok in ["wc", "cw", "cwc", "ss.wc.ss", "wcc w"] {
        let ok = ok.replace(' ', "w");
        assert!(HallLayout::parse_map(&ok).is_ok(), "{ok}");
    }
    for (bad, column) in [("c", 1), ("sc", 2), ("w.c", 3), ("wcc", 3), ("ccw", 1)] {
        let (line, col, message) = map_err(bad);
        assert_eq!((line, col), (1, column), "{bad}");
        assert!(
            message.contains("companion") && message.contains("wheelchair"),
            "{message}"
        );
    }
    // Same line only: a wheelchair place in the row behind does not count.
    let (line, column, _) = map_err("w\nc");
    assert_eq!((line, column), (2, 1));
}

#[test]
fn a_map_without_seats_is_refused() {
    for text in ["", "\n\n", "# SCREEN\n....\n", "..."] {
        let (field, message) = size_err(HallLayout::parse_map(text));
        assert_eq!(
            (field, message.as_str()),
            ("layout", "the map has no seats"),
            "{text:?}"
        );
    }
}

#[test]
fn more_than_52_rows_is_refused_naming_the_limit() {
    let ok = "s\n".repeat(52);
    let layout = HallLayout::parse_map(&ok).unwrap();
    assert_eq!(layout.seats().last().unwrap().row_label, "AZ");
    let (field, message) = size_err(HallLayout::parse_map(&format!("# SCREEN\n{ok}s\n")));
    assert_eq!(field, "rows");
    assert!(
        message.contains("at most 52 rows") && message.contains("line 54"),
        "{message}"
    );
}

#[test]
fn a_row_of_more_than_60_seats_is_refused_at_the_61st() {
    let sixty = format!("{}..{}", "s".repeat(30), "s".repeat(30));
    assert_eq!(HallLayout::parse_map(&sixty).unwrap().seats().len(), 60);
    let (line, column, message) = map_err(&format!("ss\n{sixty}.s"));
    assert_eq!((line, column), (2, 64));
    assert!(message.contains("at most 60 seats"), "{message}");
}

#[test]
fn a_line_wider_than_100_characters_is_refused() {
    let wide = format!("s{}s", ".".repeat(98));
    assert_eq!(HallLayout::parse_map(&wide).unwrap().width(), 100);
    let (line, column, message) = map_err(&format!("# SCREEN\n{wide}."));
    assert_eq!((line, column), (2, 101));
    assert!(message.contains("at most 100 characters"), "{message}");
    // Even a walkway that wide is a mistake.
    let (line, _, _) = map_err(&format!("s\n{}", ".".repeat(120)));
    assert_eq!(line, 2);
}

#[test]
fn a_runaway_map_height_is_refused() {
    let text = format!("s{}s", "\n".repeat(250));
    let (line, column, message) = map_err(&text);
    assert_eq!((line, column), (251, 1));
    assert!(message.contains("at most 200 lines"), "{message}");
    // ...but a walkway between every row of the largest hall is fine.
    let layout = HallLayout::parse_map(&"s\n\n".repeat(52)).unwrap();
    assert_eq!((layout.row_count(), layout.height()), (52, 103));
}

fn shipped(text: &str, seats: usize, rows: usize) -> HallLayout {
    let layout = HallLayout::parse_map(text).unwrap();
    assert_eq!((layout.seats().len(), layout.row_count()), (seats, rows));
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("# ") && text.contains("\n# SCREEN\n"),
        "{first}"
    );
    layout
}

fn count(layout: &HallLayout, kind: SeatKind) -> usize {
    layout.seats().iter().filter(|s| s.kind == kind).count()
}

#[test]
fn the_shipped_hall_maps_parse() {
    let grand = shipped(include_str!("../../../assets/halls/grand.txt"), 272, 14);
    assert_eq!((grand.width(), grand.height()), (22, 15));
    assert_eq!(
        (
            count(&grand, SeatKind::Premium),
            count(&grand, SeatKind::Wheelchair)
        ),
        (60, 2)
    );
    assert!(
        grand
            .seats()
            .iter()
            .filter(|s| s.kind == SeatKind::Wheelchair)
            .all(|s| s.row_label == "A")
    );

    let studio = shipped(include_str!("../../../assets/halls/studio.txt"), 120, 10);
    assert_eq!((studio.width(), studio.height()), (14, 10));
    assert_eq!(
        (
            count(&studio, SeatKind::Premium),
            count(&studio, SeatKind::Companion)
        ),
        (12, 2)
    );

    let salon = shipped(include_str!("../../../assets/halls/salon.txt"), 48, 6);
    assert_eq!((salon.width(), salon.height()), (10, 11));
    assert_eq!(count(&salon, SeatKind::Standard), 0);
}

proptest! {
    #[test]
    fn grids_within_limits_are_complete_and_numbered(rows in 1i64..=52, per_row in 1i64..=60) {
        let layout = HallLayout::grid(rows, per_row).unwrap();
        let (r, n) = (rows as usize, per_row as usize);
        prop_assert_eq!(layout.seats().len(), r * n);
        prop_assert_eq!(layout.row_count(), r);
        let unique: HashSet<_> = labels(&layout).into_iter().collect();
        prop_assert_eq!(unique.len(), r * n);
        for (i, row) in layout.seats().chunks(n).enumerate() {
            let numbers: Vec<u16> = row.iter().map(|s| s.number).collect();
            prop_assert_eq!(numbers, (1..=per_row as u16).collect::<Vec<_>>());
            prop_assert!(row.iter().all(|s| s.row_label == row_label(i)));
        }
        // The same hall drawn as a map reads back the same.
        let map = format!("{}\n", "s".repeat(n)).repeat(r);
        prop_assert_eq!(HallLayout::parse_map(&map).unwrap(), layout);
    }

    #[test]
    fn any_text_is_read_or_refused_without_panicking(text in "[.spwcx# \t\r\n]{0,300}") {
        match HallLayout::parse_map(&text) {
            Ok(layout) => {
                prop_assert!(!layout.seats().is_empty());
                prop_assert!(layout.seats().iter().all(|s| s.grid_row < layout.height() && s.grid_col < layout.width()));
            }
            Err(LayoutError::Map { line, column, .. }) => prop_assert!(line >= 1 && column >= 1),
            Err(LayoutError::Size { .. }) => {}
        }
    }
}
