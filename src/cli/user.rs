//! Accounts from the command line: create, register, list, passwords, lock and erase.

use std::io::{BufRead, IsTerminal};

use serde_json::json;

use crate::identity::Role;
use crate::services::Services;

use super::common::actor;
use super::output::{Failure, Outcome};

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
    acting: Option<&str>,
    name: &str,
    role: &str,
    password_stdin: bool,
) -> Result<Outcome, Failure> {
    let actor = actor(services, acting).await?;
    let role = Role::parse(role)?;
    let password = read_password(password_stdin)?;
    let user = services
        .identity
        .create_user_as(&actor, name, role, &password)
        .await?;
    Ok(Outcome::new(
        format!(
            "Created {} account {:?} (id {}).",
            user.role, user.username, user.id
        ),
        json!({ "id": user.id, "username": user.username, "role": user.role }),
    ))
}

pub async fn user_register(
    services: &Services,
    name: &str,
    full_name: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
    password_stdin: bool,
) -> Result<Outcome, Failure> {
    let password = read_password(password_stdin)?;
    let user = services
        .identity
        .register(name, &password, full_name, email, phone)
        .await?;
    Ok(Outcome::new(
        format!("Registered customer {:?} (id {}).", user.username, user.id),
        json!({ "id": user.id, "username": user.username, "role": user.role }),
    ))
}

pub async fn user_list(services: &Services, acting: Option<&str>) -> Result<Outcome, Failure> {
    let actor = actor(services, acting).await?;
    let list = services.identity.list(&actor).await?;
    let venue = services.venue.time;
    let zone = venue.zone.name();
    // A person reads when the lock ends: on the venue's clock, with the zone named.
    let local =
        |t: chrono::DateTime<chrono::Utc>| venue.to_local(t).format("%Y-%m-%d %H:%M").to_string();
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            vec![
                c.user.id.to_string(),
                c.user.username.clone(),
                c.user.role.to_string(),
                if c.user.active { "active" } else { "disabled" }.to_string(),
                c.locked_until
                    .map(|t| format!("locked until {} {zone}", local(t)))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let json: Vec<serde_json::Value> = list
        .iter()
        .map(|c| {
            json!({
                "id": c.user.id, "username": c.user.username, "role": c.user.role, "active": c.user.active,
                "failed_logins": c.failed_logins, "locked_until": c.locked_until.map(|t| t.to_rfc3339()),
                "locked_until_venue": c.locked_until.map(|t| venue.to_local(t).to_rfc3339()),
                "venue_time_zone": zone,
            })
        })
        .collect();
    Ok(Outcome::new(
        super::output::table(&["ID", "USER", "ROLE", "STATE", "LOCK"], &rows),
        serde_json::Value::Array(json),
    ))
}

pub async fn user_passwd(
    services: &Services,
    acting: Option<&str>,
    name: &str,
    password_stdin: bool,
) -> Result<Outcome, Failure> {
    let actor = actor(services, acting).await?;
    let password = read_password(password_stdin)?;
    services
        .identity
        .set_password(&actor, name, &password)
        .await?;
    Ok(Outcome::new(
        format!("Password of {name:?} changed."),
        json!({ "username": name, "changed": true }),
    ))
}

pub async fn user_active(
    services: &Services,
    acting: Option<&str>,
    name: &str,
    active: bool,
) -> Result<Outcome, Failure> {
    let actor = actor(services, acting).await?;
    let user = services.identity.set_active(&actor, name, active).await?;
    let state = if active { "enabled" } else { "disabled" };
    Ok(Outcome::new(
        format!("Account {:?} {state}.", user.username),
        json!({ "username": user.username, "active": active }),
    ))
}

pub async fn user_unlock(
    services: &Services,
    acting: Option<&str>,
    name: &str,
) -> Result<Outcome, Failure> {
    let actor = actor(services, acting).await?;
    let user = services.identity.unlock(&actor, name).await?;
    Ok(Outcome::new(
        format!("Account {:?} unlocked.", user.username),
        json!({ "username": user.username, "unlocked": true }),
    ))
}

pub async fn user_erase(
    services: &Services,
    acting: Option<&str>,
    name: &str,
) -> Result<Outcome, Failure> {
    let actor = actor(services, acting).await?;
    services.identity.erase(&actor, name).await?;
    Ok(Outcome::new(
        format!(
            "The personal data of {name:?} is erased; their tickets and payments remain, anonymous."
        ),
        json!({ "erased": name }),
    ))
}

pub async fn user_login(
    services: &Services,
    name: &str,
    password_stdin: bool,
) -> Result<Outcome, Failure> {
    let password = read_password(password_stdin)?;
    let user = services.identity.login(name, &password).await?;
    Ok(Outcome::new(
        format!("Logged in as {} ({}).", user.username, user.role),
        json!({ "id": user.id, "username": user.username, "role": user.role }),
    ))
}
