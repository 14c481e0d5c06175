//! Finding a movie as people name it: by its id, or by its title typed in full or in
//! part. An exact title (ignoring case and spacing) wins; otherwise a part of a title that
//! only one movie has; several candidates are named back so the person can choose.

use super::model::Movie;

/// What a name typed for a movie came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleMatch<'a> {
    One(&'a Movie),
    None,
    /// Several movies fit, best (shortest title) first.
    Many(Vec<&'a Movie>),
}

fn folded(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The movie `query` names among `movies`: an id, a whole title, or a part of one.
pub fn match_title<'a>(movies: &'a [Movie], query: &str) -> TitleMatch<'a> {
    let q = folded(query);
    if q.is_empty() {
        return TitleMatch::None;
    }
    if let Ok(id) = q.parse::<i64>()
        && let Some(m) = movies.iter().find(|m| m.id.0 == id)
    {
        return TitleMatch::One(m);
    }
    let exact: Vec<&Movie> = movies.iter().filter(|m| folded(&m.title) == q).collect();
    if let [one] = exact.as_slice() {
        return TitleMatch::One(one);
    }
    let mut partial: Vec<&Movie> = movies
        .iter()
        .filter(|m| folded(&m.title).contains(&q))
        .collect();
    partial.sort_by_key(|m| (m.title.chars().count(), m.id.0));
    match partial.len() {
        0 => TitleMatch::None,
        1 => TitleMatch::One(partial[0]),
        _ => TitleMatch::Many(partial),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::MovieId;

    fn movie(id: i64, title: &str) -> Movie {
        Movie {
            id: MovieId(id),
            title: title.into(),
            runtime_minutes: 90,
            rating: None,
            genre: None,
        }
    }

    #[test]
    fn ids_whole_titles_and_unique_parts_name_one_movie() {
        let movies = [
            movie(1, "Orbit of Ash"),
            movie(2, "Paper Lanterns"),
            movie(3, "Paper Lanterns II"),
        ];
        assert_eq!(match_title(&movies, "2"), TitleMatch::One(&movies[1]));
        assert_eq!(
            match_title(&movies, "  orbit  OF ash "),
            TitleMatch::One(&movies[0])
        );
        assert_eq!(match_title(&movies, "orbit"), TitleMatch::One(&movies[0]));
        // A whole title wins over the longer one that contains it.
        assert_eq!(
            match_title(&movies, "paper lanterns"),
            TitleMatch::One(&movies[1])
        );
        assert_eq!(
            match_title(&movies, "lantern"),
            TitleMatch::Many(vec![&movies[1], &movies[2]])
        );
        assert_eq!(match_title(&movies, "gridlock"), TitleMatch::None);
        assert_eq!(match_title(&movies, " "), TitleMatch::None);
    }
}
