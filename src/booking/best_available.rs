//! "Best N seats together": a pure choice over the hall's layout. Adjacent means next to
//! each other in one row with no aisle between. Best means near the sweet spot (about
//! 60% of the way back from the screen) and near the centre line, one row of distance
//! weighing as much as three seats off-centre. A block that would strand a single seat
//! between itself and a taken seat, an aisle or the row's end is chosen only when every
//! block does.

use std::collections::{BTreeMap, HashSet};

use crate::screening::model::Seat;
use crate::vocab::SeatId;

/// What the picker knows of a seat: where it is and whether it can be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub seat: SeatId,
    pub grid_row: u16,
    pub grid_col: u16,
    pub free: bool,
}

/// Broken and taken seats are not free.
pub fn places_from(seats: &[Seat], taken: &HashSet<SeatId>) -> Vec<Place> {
    seats
        .iter()
        .map(|s| Place {
            seat: s.id,
            grid_row: s.grid_row,
            grid_col: s.grid_col,
            free: !s.broken && !taken.contains(&s.id),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    orphan: bool,
    weight: u32,
    row: u16,
    col: u16,
}

/// The best block of `n` adjacent free seats in one row, left to right, or `None`.
pub fn best_block(places: &[Place], n: usize) -> Option<Vec<SeatId>> {
    ranked_blocks(places, n).into_iter().next()
}

/// Every block of `n` adjacent free seats in one row, best first (see the module's
/// measure). Counters racing for the best block retry among the next ones.
pub fn ranked_blocks(places: &[Place], n: usize) -> Vec<Vec<SeatId>> {
    if n == 0 {
        return Vec::new();
    }
    let rows: BTreeMap<u16, Vec<&Place>> = places.iter().fold(BTreeMap::new(), |mut m, p| {
        m.entry(p.grid_row).or_insert_with(Vec::new).push(p);
        m
    });
    let (min_col, max_col) = places.iter().fold((u16::MAX, 0u16), |(lo, hi), p| {
        (lo.min(p.grid_col), hi.max(p.grid_col))
    });
    let centre2 = u32::from(min_col) + u32::from(max_col);
    let sweet = ((rows.len().saturating_sub(1)) as f64 * 0.6).round() as usize;
    let mut all: Vec<(Score, Vec<SeatId>)> = Vec::new();
    for (index, row) in rows.values().enumerate() {
        let mut row = row.clone();
        row.sort_by_key(|p| p.grid_col);
        for run in runs(&row) {
            if run.len() < n {
                continue;
            }
            for start in 0..=run.len() - n {
                let block = &run[start..start + n];
                let (left, right) = (start, run.len() - n - start);
                let first = block[0].grid_col;
                let last = block[n - 1].grid_col;
                let off2 = (u32::from(first) + u32::from(last)).abs_diff(centre2);
                let score = Score {
                    orphan: left == 1 || right == 1,
                    weight: 6 * index.abs_diff(sweet) as u32 + off2,
                    row: block[0].grid_row,
                    col: first,
                };
                all.push((score, block.iter().map(|p| p.seat).collect()));
            }
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all.into_iter().map(|(_, seats)| seats).collect()
}

/// Maximal runs of free places at consecutive columns of one (sorted) row.
fn runs<'a>(row: &[&'a Place]) -> Vec<Vec<&'a Place>> {
    let mut out: Vec<Vec<&Place>> = Vec::new();
    let mut current: Vec<&Place> = Vec::new();
    for p in row {
        let adjacent = current
            .last()
            .is_some_and(|last| last.grid_col.checked_add(1) == Some(p.grid_col));
        if (!p.free || !adjacent) && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if p.free {
            current.push(p);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A hall from text: `o` free, `x` taken, `.` aisle; row 0 is nearest the screen.
    fn hall(rows: &[&str]) -> Vec<Place> {
        let mut id = 0;
        let mut out = Vec::new();
        for (r, line) in rows.iter().enumerate() {
            for (c, ch) in line.chars().enumerate() {
                if ch == '.' {
                    continue;
                }
                id += 1;
                out.push(Place {
                    seat: SeatId(id),
                    grid_row: r as u16,
                    grid_col: c as u16,
                    free: ch == 'o',
                });
            }
        }
        out
    }

    fn cols(places: &[Place], block: &[SeatId]) -> Vec<(u16, u16)> {
        block
            .iter()
            .map(|id| {
                let p = places.iter().find(|p| p.seat == *id).unwrap();
                (p.grid_row, p.grid_col)
            })
            .collect()
    }

    #[test]
    fn an_empty_hall_gives_the_middle_of_the_sweet_spot_row() {
        let rows = vec!["oooooooooo"; 10];
        let h = hall(&rows);
        let got = cols(&h, &best_block(&h, 2).unwrap());
        // Sweet row: round(9 * 0.6) = 5; centre columns 4 and 5.
        assert_eq!(got, vec![(5, 4), (5, 5)]);
    }

    #[test]
    fn an_aisle_splits_blocks_and_taken_seats_are_skipped() {
        let h = hall(&["ooo.ooo"]);
        assert!(best_block(&h, 4).is_none());
        let h = hall(&["oxoooox"]);
        assert_eq!(
            cols(&h, &best_block(&h, 4).unwrap()),
            vec![(0, 2), (0, 3), (0, 4), (0, 5)]
        );
        assert!(best_block(&hall(&["oxo"]), 2).is_none());
        assert!(best_block(&h, 0).is_none());
    }

    #[test]
    fn no_single_orphan_when_another_block_exists() {
        // Free 0..=4, 5 taken; centre line between columns 2 and 3. The most central
        // pairs (1-2, 2-3) each strand one seat, so 3-4 (nearer the centre than 0-1) wins.
        let h = hall(&["ooooox"]);
        assert_eq!(cols(&h, &best_block(&h, 2).unwrap()), vec![(0, 3), (0, 4)]);
        // Same on the left of an aisle: 1-2 would strand seat 0, 2-3 would strand 4.
        let h = hall(&["ooooo.ooo"]);
        assert_eq!(cols(&h, &best_block(&h, 2).unwrap()), vec![(0, 3), (0, 4)]);
        // A far orphan-free block beats a central one that strands a seat, even across rows.
        let h = hall(&["oooooooooo", "xoooxxxxxx", "xxxxxxxxxx"]);
        // Sweet row is 1 (round(2 * 0.6)); its only pair choices 1-2 / 2-3 strand a seat.
        assert_eq!(cols(&h, &best_block(&h, 2).unwrap()), vec![(0, 4), (0, 5)]);
        // When nothing strands a seat the centre wins outright.
        let h = hall(&["xxoooooooxx"]);
        assert_eq!(
            cols(&h, &best_block(&h, 3).unwrap()),
            vec![(0, 4), (0, 5), (0, 6)]
        );
    }

    #[test]
    fn falls_back_to_an_orphaning_block_when_every_block_orphans() {
        // Only blocks of three in "oooox": 0-2 strands seat 3; 1-3 strands seat 0.
        let h = hall(&["oooox"]);
        let got = cols(&h, &best_block(&h, 3).unwrap());
        assert_eq!(got, vec![(0, 1), (0, 2), (0, 3)]);
        // Two seats in a run of three always strand one.
        let h = hall(&["xooox"]);
        assert_eq!(cols(&h, &best_block(&h, 2).unwrap()).len(), 2);
    }

    #[test]
    fn more_seats_than_any_block_or_than_free_seats_gives_none() {
        let h = hall(&["ooo.ooo", "oxoxoxo"]);
        assert!(best_block(&h, 4).is_none());
        assert!(best_block(&h, 100).is_none());
        assert!(best_block(&[], 1).is_none());
        assert!(best_block(&hall(&["xxx"]), 1).is_none());
    }

    #[test]
    fn the_same_input_gives_the_same_answer_in_any_order() {
        let h = hall(&["oooooooo", "oxoxooxo", "oooooooo", "oo.oo.oo"]);
        let first = best_block(&h, 3);
        assert!(first.is_some());
        assert_eq!(best_block(&h, 3), first);
        let mut reversed = h.clone();
        reversed.reverse();
        assert_eq!(best_block(&reversed, 3), first);
        let mut rotated = h.clone();
        rotated.rotate_left(7);
        assert_eq!(best_block(&rotated, 3), first);
    }

    #[test]
    fn places_from_marks_broken_and_taken_seats_not_free() {
        use crate::screening::model::SeatKind;
        use crate::vocab::HallId;
        let seat = |id: i64, col: u16, broken: bool| Seat {
            id: SeatId(id),
            hall_id: HallId(1),
            row_label: "A".into(),
            number: col + 1,
            kind: SeatKind::Standard,
            grid_row: 0,
            grid_col: col,
            broken,
        };
        let seats = vec![seat(1, 0, false), seat(2, 1, true), seat(3, 3, false)];
        let taken = HashSet::from([SeatId(3)]);
        let places = places_from(&seats, &taken);
        let free: Vec<bool> = places.iter().map(|p| p.free).collect();
        assert_eq!(free, vec![true, false, false]);
        assert_eq!(places[2].grid_col, 3);
        assert_eq!(best_block(&places, 1), Some(vec![SeatId(1)]));
    }

    fn run_len_ok(places: &[Place], block: &[SeatId]) -> bool {
        let c = cols(places, block);
        c.windows(2)
            .all(|w| w[0].0 == w[1].0 && w[0].1 + 1 == w[1].1)
    }

    fn leaves_orphan(places: &[Place], block: &[SeatId]) -> bool {
        let c = cols(places, block);
        let (row, first, last) = (c[0].0, c[0].1, c[c.len() - 1].1);
        let free = |col: i32| {
            col >= 0
                && places
                    .iter()
                    .any(|p| p.grid_row == row && i32::from(p.grid_col) == col && p.free)
        };
        let (f, l) = (i32::from(first), i32::from(last));
        (free(f - 1) && !free(f - 2)) || (free(l + 1) && !free(l + 2))
    }

    proptest! {
        #[test]
        fn any_block_is_n_free_adjacent_seats_and_avoids_orphans_when_it_can(
            grid in proptest::collection::vec(proptest::collection::vec(0u8..4, 1..12), 1..8),
            n in 1usize..5,
        ) {
            // 0 = aisle, 1 = taken, 2-3 = free.
            let rows: Vec<String> = grid
                .iter()
                .map(|r| r.iter().map(|c| match c { 0 => '.', 1 => 'x', _ => 'o' }).collect())
                .collect();
            let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
            let h = hall(&refs);
            let any_block = runs_exist(&h, n);
            match best_block(&h, n) {
                None => prop_assert!(!any_block),
                Some(block) => {
                    prop_assert_eq!(block.len(), n);
                    let mut uniq = block.clone();
                    uniq.sort();
                    uniq.dedup();
                    prop_assert_eq!(uniq.len(), n);
                    prop_assert!(block.iter().all(|id| h.iter().any(|p| p.seat == *id && p.free)));
                    prop_assert!(run_len_ok(&h, &block));
                    if orphan_free_block_exists(&h, n) {
                        prop_assert!(!leaves_orphan(&h, &block));
                    }
                }
            }
        }
    }

    fn candidate_blocks(h: &[Place], n: usize) -> Vec<Vec<SeatId>> {
        let mut out = Vec::new();
        for p in h.iter().filter(|p| p.free) {
            let block: Vec<SeatId> = (0..n as u16)
                .filter_map(|k| {
                    h.iter()
                        .find(|q| {
                            q.grid_row == p.grid_row && q.grid_col == p.grid_col + k && q.free
                        })
                        .map(|q| q.seat)
                })
                .collect();
            if block.len() == n {
                out.push(block);
            }
        }
        out
    }

    fn runs_exist(h: &[Place], n: usize) -> bool {
        !candidate_blocks(h, n).is_empty()
    }

    fn orphan_free_block_exists(h: &[Place], n: usize) -> bool {
        candidate_blocks(h, n).iter().any(|b| !leaves_orphan(h, b))
    }
}
