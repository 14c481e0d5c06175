//! What shows under the timeline: the chosen showtime, the form of a new one, the
//! block being placed with its clash and numbered suggestions, the questions.

use crate::vocab::text::count;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::screening::plan::Suggestion;
use crate::tui::ctx::Ctx;
use crate::tui::theme;
use crate::vocab::venue_time::VenueTime;

use super::form::{AddForm, Field};
use super::place::Placement;
use super::state::{Mode, ScheduleState};
use super::week::Week;

fn hm(venue: &VenueTime, t: DateTime<Utc>) -> String {
    venue.to_local(t).format("%H:%M").to_string()
}

pub fn panel_lines(
    state: &ScheduleState,
    week: &Week,
    day: NaiveDate,
    venue: &VenueTime,
    ctx: &Ctx,
    width: u16,
) -> Vec<Line<'static>> {
    match &state.mode {
        Mode::Browse => browse_lines(state, week, day, venue, ctx),
        Mode::Add(form) => form_lines(form, week),
        Mode::Place { block, saving } => place_lines(block, *saving, week, venue, width),
        Mode::Cancel(id) => {
            let Some(s) = week.showtime(*id) else {
                return Vec::new();
            };
            let sales = week.sales(*id);
            vec![
                Line::styled(
                    format!(
                        " Cancel {} in {}, {} {}?",
                        s.movie_title,
                        s.hall_name,
                        venue.to_local(s.starts_at).format("%a %-d %b"),
                        hm(venue, s.starts_at)
                    ),
                    theme::TITLE,
                ),
                Line::from(format!(
                    " {} will be refunded, {} {} in all.",
                    count(sales.sold, "ticket", "tickets"),
                    sales.revenue,
                    ctx.context.currency
                )),
                Line::styled(" It cannot be sold or scheduled again.", theme::HINT),
            ]
        }
        Mode::Copy {
            week: whole,
            to,
            clashes,
        } => {
            let what = if *whole {
                format!("the week {}", week.range())
            } else {
                day.format("%A %-d %B").to_string()
            };
            let target = if *whole { "the week of" } else { "the day" };
            let mut lines = vec![
                Line::styled(format!(" Copy {what}"), theme::TITLE),
                Line::from(format!(" to {target} (YYYY-MM-DD): {to}▏")),
            ];
            if clashes.is_empty() {
                lines.push(Line::styled(
                    " Nothing is copied if any copy would clash; the clashes are listed.",
                    theme::HINT,
                ));
            } else {
                lines.push(Line::styled(
                    " Nothing was copied; in the way there:",
                    theme::TITLE,
                ));
                lines.extend(clashes.iter().map(|c| Line::from(format!("   {c}"))));
            }
            lines
        }
    }
}

fn browse_lines(
    state: &ScheduleState,
    week: &Week,
    day: NaiveDate,
    venue: &VenueTime,
    ctx: &Ctx,
) -> Vec<Line<'static>> {
    let Some(s) = state.selected.and_then(|id| week.showtime(id)) else {
        let hall = week
            .halls
            .get(state.lane)
            .map_or("this hall".to_string(), |h| h.name.clone());
        let text = if week.halls.is_empty() {
            " No halls yet: create one in the Halls tab.".to_string()
        } else {
            format!(
                " Nothing in {hall} on {}: a adds a showtime.",
                day.format("%a %-d %b")
            )
        };
        return vec![Line::from(text)];
    };
    let sales = week.sales(s.id);
    let film_end = s.starts_at + Duration::minutes(week.buffers.ads_minutes + s.runtime_minutes);
    vec![
        Line::styled(
            format!(
                " {} · {} · {}-{}",
                s.movie_title,
                s.hall_name,
                hm(venue, s.starts_at),
                hm(venue, s.occupied_until)
            ),
            theme::TITLE,
        ),
        Line::from(format!(
            " film {}-{}, then cleaning · {}/{} sold · {} {} · #{}",
            hm(
                venue,
                s.starts_at + Duration::minutes(week.buffers.ads_minutes)
            ),
            hm(venue, film_end),
            sales.sold,
            sales.capacity,
            s.price,
            ctx.context.currency,
            s.id
        )),
    ]
}

fn form_lines(form: &AddForm, week: &Week) -> Vec<Line<'static>> {
    let field = |f: Field, label: &str, value: String| {
        let focused = form.focus == f;
        let cursor = if focused && f != Field::Hall {
            "▏"
        } else {
            ""
        };
        let style = if focused {
            theme::SELECTED
        } else {
            Style::new()
        };
        Line::from(vec![
            Span::raw(format!(" {label:<7}")),
            Span::styled(format!("{value}{cursor}"), style),
        ])
    };
    let movie = form.movie_of(week);
    let movie_text = match movie {
        Some(m) => format!("{}  → {} ({} min)", form.movie, m.title, m.runtime_minutes),
        None => form.movie.clone(),
    };
    let hall = week.halls.get(form.hall).map_or(String::new(), |h| {
        format!("‹ {} › {} seats", h.name, h.capacity)
    });
    let mut lines = vec![
        Line::styled(" New showtime", theme::TITLE),
        field(Field::Movie, "Movie", movie_text),
    ];
    if form.focus == Field::Movie && !form.movie.trim().is_empty() {
        let matches = week.matching_movies(&form.movie);
        for (i, m) in matches.iter().take(3).enumerate() {
            let mark = if i == form.pick { "›" } else { " " };
            lines.push(Line::styled(
                format!("        {mark} {} ({} min)", m.title, m.runtime_minutes),
                theme::HINT,
            ));
        }
    }
    lines.push(field(Field::Hall, "Hall", hall));
    lines.push(field(Field::Day, "Day", form.day.clone()));
    lines.push(field(Field::Time, "Time", form.time.clone()));
    lines.push(field(Field::Price, "Price", form.price.clone()));
    if let Some(e) = &form.error {
        lines.push(Line::styled(format!(" {e}"), theme::TITLE));
    }
    lines
}

fn place_lines(
    block: &Placement,
    saving: bool,
    week: &Week,
    venue: &VenueTime,
    width: u16,
) -> Vec<Line<'static>> {
    let Some(preview) = block.preview(week, venue) else {
        return Vec::new();
    };
    let occupied = week.occupied(block.start, block.runtime);
    let hall = week.hall(block.hall);
    let hall_name = hall.map_or("", |h| h.name.as_str());
    let verb = if block.moving.is_some() {
        "Move"
    } else {
        "New"
    };
    let mut lines = vec![Line::styled(
        format!(
            " {verb}: {} in {hall_name}, {} {}-{} ({} min + ads and cleaning)",
            block.title,
            venue.to_local(block.start).format("%a %-d %b"),
            hm(venue, occupied.start),
            hm(venue, occupied.end),
            block.runtime
        ),
        theme::TITLE,
    )];
    if preview.clashes.is_empty() {
        let say = if saving {
            " Saving…".to_string()
        } else {
            format!(" {hall_name} is free for the whole show: Enter saves.")
        };
        lines.push(Line::from(say));
        return lines;
    }
    let what: Vec<String> = preview
        .clashes
        .iter()
        .filter_map(|id| week.showtime(*id))
        .map(|s| {
            format!(
                "{} {}-{}",
                s.movie_title,
                hm(venue, s.starts_at),
                hm(venue, s.occupied_until)
            )
        })
        .collect();
    let mut busy = format!(" {hall_name} is busy: {}.", what.join(", "));
    if busy.chars().count() > usize::from(width) {
        busy = busy
            .chars()
            .take(usize::from(width) - 1)
            .collect::<String>()
            + "…";
    }
    lines.push(Line::styled(busy, theme::TITLE));
    let suggestions = preview.suggestions();
    if suggestions.is_empty() {
        lines.push(Line::from(
            " No other hall is free then, nor another time that day: try another day.",
        ));
    }
    for (i, s) in suggestions.iter().enumerate() {
        let text = match s {
            Suggestion::Hall(id) => {
                let h = week.hall(*id);
                format!(
                    "{:<10} {}  free for the whole show ({} seats)",
                    h.map_or("", |h| h.name.as_str()),
                    hm(venue, block.start),
                    h.map_or(0, |h| h.capacity)
                )
            }
            Suggestion::Start(t) => {
                let before = week
                    .in_lane(venue, venue.business_day_of(*t), block.hall)
                    .into_iter()
                    .filter(|s| Some(s.id) != block.moving)
                    .find(|s| s.starts_at >= *t);
                let fits = match before {
                    Some(next) => format!("fits before {}", next.movie_title),
                    None => "fits after the last show".to_string(),
                };
                format!("{hall_name:<10} {}  {fits}", hm(venue, *t))
            }
        };
        lines.push(Line::from(vec![
            Span::styled(format!("   {}  ", i + 1), theme::KEY),
            Span::raw(text),
        ]));
    }
    lines
}
