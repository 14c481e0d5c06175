//! The manager's Movies: the list with runtime, rating and genre; a new movie; a movie
//! corrected (title, runtime, rating, genre), where a new runtime is re-checked by the
//! service against the schedule (its refusal names every showtime that would clash,
//! shown as it is). Work in `work`.

mod work;

pub use work::{Done, Work};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::screening::model::Movie;
use crate::tui::ctx::Ctx;
use crate::tui::event::{Command, Done as AnyDone};
use crate::tui::keymap::{Action, Scope};
use crate::tui::theme;
use crate::tui::widgets::hints::{Hint, hint_line};

use super::{Screen, Typing, message_line};

pub const SCOPE: Scope = Scope {
    actions: &[
        (Action::Up, "previous movie"),
        (Action::Down, "next movie"),
        (Action::Add, "new movie"),
        (Action::Edit, "edit the movie (title, runtime, rating, genre)"),
        (Action::Reload, "reload"),
    ],
};

pub const FORM: Scope = Scope {
    actions: &[
        (Action::NextField, "next field"),
        (Action::PrevField, "previous field"),
        (Action::Confirm, "save"),
        (Action::Back, "give up"),
    ],
};

const HINTS: &[Hint<'_>] = &[
    (&[Action::Up, Action::Down], "choose"),
    (&[Action::Add], "new movie"),
    (&[Action::Edit], "edit"),
    (&[Action::Reload], "reload"),
];

const FORM_HINTS: &[Hint<'_>] = &[
    (&[Action::NextField], "next field"),
    (&[Action::Confirm], "save"),
    (&[Action::Back], "cancel"),
];

/// The fields of a movie (title, minutes, rating, genre), new or being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovieForm {
    /// The movie being edited; `None` for a new one.
    pub editing: Option<Movie>,
    pub fields: [String; 4],
    pub focus: usize,
}

const LABELS: [&str; 4] = ["Title", "Minutes", "Rating", "Genre"];

impl MovieForm {
    fn editable(&self) -> &'static [usize] {
        &[0, 1, 2, 3]
    }
}

#[derive(Debug, Default)]
pub struct MoviesState {
    pub movies: Option<Vec<Movie>>,
    pub selected: usize,
    pub form: Option<MovieForm>,
}

#[derive(Default)]
pub struct MoviesScreen {
    pub movies: MoviesState,
}

impl MoviesScreen {
    pub fn new() -> MoviesScreen {
        MoviesScreen::default()
    }

    fn save(&mut self, ctx: &mut Ctx) -> Option<Command> {
        let form = self.movies.form.as_ref()?;
        let Ok(minutes) = form.fields[1].trim().parse::<i64>() else {
            ctx.message = Some(format!(
                "minutes: {:?} is not a whole number of minutes",
                form.fields[1]
            ));
            return None;
        };
        let actor = ctx.actor()?;
        let optional = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
        let work = match &form.editing {
            Some(movie) => Work::Edit {
                actor,
                movie: movie.id,
                title: form.fields[0].trim().to_string(),
                minutes,
                rating: optional(&form.fields[2]),
                genre: optional(&form.fields[3]),
            },
            None => Work::Add {
                actor,
                title: form.fields[0].trim().to_string(),
                minutes,
                rating: optional(&form.fields[2]),
                genre: optional(&form.fields[3]),
            },
        };
        Some(Command::run(work))
    }
}

impl Screen for MoviesScreen {
    fn name(&self) -> &'static str {
        "movies"
    }

    fn scope(&self) -> &'static Scope {
        if self.movies.form.is_some() {
            &FORM
        } else {
            &SCOPE
        }
    }

    fn typing(&self) -> Typing {
        if self.movies.form.is_some() {
            Typing::Field
        } else {
            Typing::Keys
        }
    }

    fn on_action(&mut self, action: Action, ctx: &mut Ctx) -> Option<Command> {
        let m = &mut self.movies;
        if let Some(form) = &mut m.form {
            let editable = form.editable();
            let at = editable.iter().position(|f| *f == form.focus).unwrap_or(0);
            match action {
                Action::NextField => form.focus = editable[(at + 1) % editable.len()],
                Action::PrevField => {
                    form.focus = editable[(at + editable.len() - 1) % editable.len()];
                }
                Action::Back => {
                    m.form = None;
                    ctx.message = None;
                }
                Action::Confirm => return self.save(ctx),
                _ => {}
            }
            return None;
        }
        ctx.message = None;
        let count = m.movies.as_ref().map_or(0, Vec::len);
        match action {
            Action::Up => m.selected = m.selected.saturating_sub(1),
            Action::Down => m.selected = (m.selected + 1).min(count.saturating_sub(1)),
            Action::Add => {
                m.form = Some(MovieForm {
                    editing: None,
                    fields: Default::default(),
                    focus: 0,
                });
            }
            Action::Edit => {
                let movie = m.movies.as_ref()?.get(m.selected)?.clone();
                let fields = [
                    movie.title.clone(),
                    movie.runtime_minutes.to_string(),
                    movie.rating.clone().unwrap_or_default(),
                    movie.genre.clone().unwrap_or_default(),
                ];
                m.form = Some(MovieForm {
                    editing: Some(movie),
                    fields,
                    focus: 0,
                });
            }
            Action::Reload => return self.refresh(ctx),
            _ => {}
        }
        None
    }

    fn on_char(&mut self, c: char, _ctx: &mut Ctx) {
        if let Some(form) = &mut self.movies.form {
            let field = &mut form.fields[form.focus];
            if field.chars().count() < 200 {
                field.push(c);
            }
        }
    }

    fn on_erase(&mut self, _ctx: &mut Ctx) {
        if let Some(form) = &mut self.movies.form {
            form.fields[form.focus].pop();
        }
    }

    fn takes(&self, done: &AnyDone) -> bool {
        matches!(done, AnyDone::Movies(_))
    }

    fn on_done(&mut self, done: AnyDone, ctx: &mut Ctx) -> Option<Command> {
        let AnyDone::Movies(done) = done else {
            return None;
        };
        let m = &mut self.movies;
        match done {
            Done::Movies(Ok(movies)) => {
                m.selected = m.selected.min(movies.len().saturating_sub(1));
                m.movies = Some(movies);
                None
            }
            Done::Saved(Ok(movie)) => {
                m.form = None;
                ctx.info = Some(format!(
                    "{} saved: {} min.",
                    movie.title, movie.runtime_minutes
                ));
                self.refresh(ctx)
            }
            Done::Movies(Err(e)) | Done::Saved(Err(e)) => {
                ctx.message = Some(e.text);
                None
            }
        }
    }

    fn refresh(&mut self, _ctx: &mut Ctx) -> Option<Command> {
        if self.movies.form.is_some() {
            return None;
        }
        Some(Command::run(Work::Load))
    }

    fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let m = &self.movies;
        let form_height = if m.form.is_some() { 7 } else { 0 };
        let [list, form, message, hints] = Layout::vertical([
            Constraint::Min(3),
            Constraint::Length(form_height),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .areas(area);
        let mut lines = vec![
            Line::styled(" Movies", theme::TITLE),
            Line::styled(
                format!(
                    "   {:<40} {:>7}  {:<8} {:<16}",
                    "TITLE", "MINUTES", "RATING", "GENRE"
                ),
                theme::COLUMN_HEADER,
            ),
        ];
        match &m.movies {
            None => lines.push(Line::from(" Reading the movies…")),
            Some(movies) if movies.is_empty() => {
                lines.push(Line::from(" No movies yet: a adds the first."));
            }
            Some(movies) => {
                for (i, movie) in movies.iter().enumerate() {
                    let style = if i == m.selected {
                        theme::SELECTED
                    } else {
                        Style::new()
                    };
                    let title: String = movie.title.chars().take(40).collect();
                    lines.push(Line::styled(
                        format!(
                            "   {title:<40} {:>7}  {:<8} {:<16}",
                            movie.runtime_minutes,
                            movie.rating.as_deref().unwrap_or("-"),
                            movie.genre.as_deref().unwrap_or("-")
                        ),
                        style,
                    ));
                }
            }
        }
        let skip = (m.selected + 3).saturating_sub(usize::from(list.height));
        frame.render_widget(Paragraph::new(lines).scroll((skip as u16, 0)), list);
        if let Some(f) = &m.form {
            let title = match &f.editing {
                Some(movie) => format!(
                    " Edit {} (a new runtime is checked against its coming showtimes)",
                    movie.title
                ),
                None => " New movie".to_string(),
            };
            let mut lines = vec![Line::styled(title, theme::TITLE)];
            for i in f.editable() {
                let focused = *i == f.focus;
                let style = if focused {
                    theme::SELECTED
                } else {
                    Style::new()
                };
                let cursor = if focused { "▏" } else { "" };
                lines.push(Line::from(vec![
                    Span::raw(format!(" {:<9}", LABELS[*i])),
                    Span::styled(format!("{}{cursor}", f.fields[*i]), style),
                ]));
            }
            frame.render_widget(Paragraph::new(lines), form);
        }
        if let Some(line) = message_line(ctx) {
            frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), message);
        }
        let of = if m.form.is_some() { FORM_HINTS } else { HINTS };
        let mut line = hint_line(&ctx.keymap, of, false);
        line.spans.insert(0, Span::raw(" "));
        frame.render_widget(line, hints);
    }
}
