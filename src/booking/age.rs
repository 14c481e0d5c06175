//! Child tickets for films meant for adults: the venue names the ratings (free text on
//! the film, "R", "NC-17", "18", ...) for which a child ticket is sold only once someone
//! has confirmed the child may see the film. The rule is here; the counter asks, the
//! command line wants `--confirm-age`.

use super::model::TicketType;

/// The ratings asked about when `[venue] child_confirm_ratings` is not set.
pub const DEFAULT_CONFIRM_RATINGS: [&str; 3] = ["R", "NC-17", "18"];

/// A rating as it is compared: ratings are typed by people, so "nc-17", "NC 17" and
/// "NC-17" are one rating.
fn rating_key(rating: &str) -> String {
    rating
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The film's rating, when the sale holds a child ticket and the venue asks for a
/// confirmation of child tickets at that rating; `None` when nothing needs asking.
pub fn child_ticket_confirmation<'a>(
    rating: Option<&'a str>,
    types: &[TicketType],
    confirm_ratings: &[String],
) -> Option<&'a str> {
    let rating = rating?;
    if !types.contains(&TicketType::Child) {
        return None;
    }
    let key = rating_key(rating);
    (!key.is_empty() && confirm_ratings.iter().any(|r| rating_key(r) == key)).then_some(rating)
}

/// The question the counter asks before such a sale.
pub fn child_ticket_question(rating: &str) -> String {
    format!("Child ticket for a film rated {rating}: sell it?")
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketType::*;

    fn defaults() -> Vec<String> {
        DEFAULT_CONFIRM_RATINGS.map(String::from).to_vec()
    }

    #[test]
    fn a_child_ticket_for_an_adults_film_needs_a_confirmation() {
        let r = defaults();
        assert_eq!(
            child_ticket_confirmation(Some("R"), &[Adult, Child], &r),
            Some("R")
        );
        assert_eq!(
            child_ticket_confirmation(Some("18"), &[Child], &r),
            Some("18")
        );
        // Typed by people: case, spaces and hyphens do not make another rating.
        assert_eq!(
            child_ticket_confirmation(Some("nc 17"), &[Child], &r),
            Some("nc 17")
        );
        assert_eq!(
            child_ticket_confirmation(Some(" r "), &[Child], &r),
            Some(" r ")
        );
    }

    #[test]
    fn nothing_is_asked_without_a_child_ticket_or_for_other_ratings() {
        let r = defaults();
        assert_eq!(
            child_ticket_confirmation(Some("R"), &[Adult, Senior, Student], &r),
            None
        );
        assert_eq!(child_ticket_confirmation(Some("PG-13"), &[Child], &r), None);
        assert_eq!(child_ticket_confirmation(Some("PG"), &[Child], &r), None);
        // "R" is not a prefix match: "R18" is another rating unless the venue lists it.
        assert_eq!(child_ticket_confirmation(Some("R18"), &[Child], &r), None);
        assert_eq!(child_ticket_confirmation(None, &[Child], &r), None);
        assert_eq!(
            child_ticket_confirmation(Some("-"), &[Child], &["-".into()]),
            None
        );
    }

    #[test]
    fn the_venue_decides_which_ratings_are_asked_about() {
        let uk = vec!["15".to_string(), "18".to_string()];
        assert_eq!(
            child_ticket_confirmation(Some("15"), &[Child], &uk),
            Some("15")
        );
        assert_eq!(child_ticket_confirmation(Some("R"), &[Child], &uk), None);
        assert_eq!(
            child_ticket_confirmation(Some("R"), &[Child], &[]),
            None,
            "none asked"
        );
    }
}
