//! `boxoffice user key add NAME FILE`: list an OpenSSH public key for a staff account,
//! so its holder logs in to `serve-ssh` without a password.

use std::path::Path;

use serde_json::json;

use crate::identity::ports::PublicKeyEntry;
use crate::services::Services;
use crate::ssh::keys::parse_public_key;

use super::common::actor;
use super::output::{Failure, Outcome};

pub async fn key_add(
    services: &Services,
    acting: Option<&str>,
    name: &str,
    file: &Path,
) -> Result<Outcome, Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure::invalid("file", format!("cannot read {}: {e}", file.display())))?;
    let entry: PublicKeyEntry =
        parse_public_key(&text).map_err(|message| Failure::invalid("file", message))?;
    let actor = actor(services, acting).await?;
    let user = services
        .identity
        .add_public_key(&actor, name, &entry)
        .await?;
    Ok(Outcome::new(
        format!(
            "Key {} listed for {:?}: they may log in over SSH with it.",
            entry.fingerprint, user.username
        ),
        json!({ "username": user.username, "fingerprint": entry.fingerprint }),
    ))
}
