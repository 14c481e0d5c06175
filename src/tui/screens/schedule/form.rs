//! The form that adds a showtime: movie (typeahead), hall, day, time, price. Typed text
//! only; it becomes a block to place once every field reads.

use chrono::NaiveDate;

use crate::screening::model::Movie;
use crate::vocab::Money;
use crate::vocab::venue_time::VenueTime;

use super::place::Placement;
use super::week::Week;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Movie,
    Hall,
    Day,
    Time,
    Price,
}

const ORDER: [Field; 5] = [
    Field::Movie,
    Field::Hall,
    Field::Day,
    Field::Time,
    Field::Price,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddForm {
    pub focus: Field,
    pub movie: String,
    /// Which of the matching movies is taken.
    pub pick: usize,
    /// Index into the week's halls.
    pub hall: usize,
    pub day: String,
    pub time: String,
    pub price: String,
    pub error: Option<String>,
}

impl AddForm {
    pub fn new(hall: usize, day: NaiveDate) -> AddForm {
        AddForm {
            focus: Field::Movie,
            movie: String::new(),
            pick: 0,
            hall,
            day: day.format("%Y-%m-%d").to_string(),
            time: String::new(),
            price: String::new(),
            error: None,
        }
    }

    pub fn next_field(&mut self, forward: bool) {
        let i = ORDER.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = ORDER.len();
        self.focus = ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    fn text(&mut self) -> Option<&mut String> {
        match self.focus {
            Field::Movie => Some(&mut self.movie),
            Field::Hall => None,
            Field::Day => Some(&mut self.day),
            Field::Time => Some(&mut self.time),
            Field::Price => Some(&mut self.price),
        }
    }

    pub fn type_char(&mut self, c: char, halls: usize) {
        self.error = None;
        if self.focus == Field::Movie {
            self.pick = 0;
        }
        if self.focus == Field::Hall {
            // A space or any key steps to the next hall, as ↓ does.
            if c == ' ' && halls > 0 {
                self.hall = (self.hall + 1) % halls;
            }
            return;
        }
        if let Some(text) = self.text()
            && text.chars().count() < 60
        {
            text.push(c);
        }
    }

    pub fn erase(&mut self) {
        self.error = None;
        if self.focus == Field::Movie {
            self.pick = 0;
        }
        if let Some(text) = self.text() {
            text.pop();
        }
    }

    /// ↑↓: another matching movie, or another hall.
    pub fn step(&mut self, down: bool, matches: usize, halls: usize) {
        let (value, count) = match self.focus {
            Field::Movie => (&mut self.pick, matches),
            Field::Hall => (&mut self.hall, halls),
            _ => return,
        };
        if count == 0 {
            return;
        }
        *value = if down {
            (*value + 1) % count
        } else {
            (*value + count - 1) % count
        };
    }

    /// The movie the typeahead takes now.
    pub fn movie_of<'a>(&self, week: &'a Week) -> Option<&'a Movie> {
        if self.movie.trim().is_empty() {
            return None;
        }
        week.matching_movies(&self.movie).get(self.pick).copied()
    }

    /// The block to place, or what is wrong (the field is focused).
    pub fn placement(&mut self, week: &Week, venue: &VenueTime) -> Result<Placement, String> {
        let result = self.read(week, venue);
        if let Err((field, _)) = &result {
            self.focus = *field;
        }
        result.map_err(|(_, text)| text)
    }

    fn read(&self, week: &Week, venue: &VenueTime) -> Result<Placement, (Field, String)> {
        let movie = self.movie_of(week).ok_or((
            Field::Movie,
            if self.movie.trim().is_empty() {
                "type a few letters of the movie's title".to_string()
            } else {
                format!("no movie's title holds {:?}", self.movie.trim())
            },
        ))?;
        let hall = week.halls.get(self.hall).ok_or((
            Field::Hall,
            "there is no hall yet: create one first".to_string(),
        ))?;
        let day = VenueTime::parse_date(&self.day).map_err(|_| {
            (
                Field::Day,
                format!("{:?} is not a day (YYYY-MM-DD)", self.day),
            )
        })?;
        let time = self.time.trim();
        let start = venue
            .parse_local(&format!("{day} {time}"))
            .map_err(|_| (Field::Time, format!("{time:?} is not a time (HH:MM)")))?;
        if !week.holds(venue.business_day_of(start)) {
            return Err((
                Field::Day,
                format!(
                    "{day} is not in the week shown ({}): PgUp/PgDn change the week",
                    week.range()
                ),
            ));
        }
        let price = Money::parse(&self.price).map_err(|e| (Field::Price, format!("price: {e}")))?;
        Ok(Placement {
            movie: movie.id,
            title: movie.title.clone(),
            runtime: movie.runtime_minutes,
            hall: hall.id,
            start,
            price,
            moving: None,
        })
    }
}
