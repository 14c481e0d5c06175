//! Setting up: migrations, demo data, the first accounts.

use std::io::{BufRead, IsTerminal};

use serde_json::json;

use crate::demo;
use crate::identity::Role;
use crate::services::Services;

use super::output::{Failure, Outcome};

/// The database address without its password, fit to print.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub async fn migrate(services: &Services, database: &str) -> Result<Outcome, Failure> {
    Ok(Outcome::new(
        format!(
            "The {} database {} is up to date.",
            services.backend.name(),
            redact(database)
        ),
        json!({ "backend": services.backend.name(), "database": redact(database), "migrated": true }),
    ))
}

pub async fn demo(services: &Services) -> Result<Outcome, Failure> {
    let summary = demo::seed(services).await?;
    let mut text = format!(
        "Demo cinema ready: {} halls ({} seats), {} movies, {} showtimes over the next seven days.\n\n\
         Staff accounts (the passwords are shown this once; write them down):\n",
        summary.halls, summary.seats, summary.movies, summary.showtimes
    );
    for a in &summary.accounts {
        text.push_str(&format!(
            "  {:<8} {:<8} password: {}\n",
            a.username,
            a.role.as_str(),
            a.password
        ));
    }
    Ok(Outcome::new(
        text,
        serde_json::to_value(&summary).unwrap_or_default(),
    ))
}

fn read_password(from_stdin: bool) -> Result<String, Failure> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            Failure::invalid("password", format!("cannot read standard input: {e}"))
        })?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let first = rpassword::prompt_password("Password: ")
        .map_err(|e| Failure::invalid("password", format!("cannot read the password: {e}")))?;
    let again = rpassword::prompt_password("Again: ")
        .map_err(|e| Failure::invalid("password", format!("cannot read the password: {e}")))?;
    if first != again {
        return Err(Failure::invalid("password", "the two passwords differ"));
    }
    Ok(first)
}

pub async fn user_add(
    services: &Services,
    name: &str,
    role: &str,
    password_stdin: bool,
) -> Result<Outcome, Failure> {
    let role = Role::parse(role)?;
    let password = read_password(password_stdin)?;
    let user = services.identity.create_user(name, role, &password).await?;
    Ok(Outcome::new(
        format!(
            "Created {} account {:?} (id {}).",
            user.role, user.username, user.id
        ),
        json!({ "id": user.id, "username": user.username, "role": user.role }),
    ))
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_print() {
        assert_eq!(
            redact("postgres://bo:secret@db:5432/x"),
            "postgres://bo:***@db:5432/x"
        );
        assert_eq!(redact("postgres://bo@db/x"), "postgres://bo@db/x");
        assert_eq!(redact("sqlite:///tmp/a.db"), "sqlite:///tmp/a.db");
    }
}
