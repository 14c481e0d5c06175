//! Staff log in over SSH with a public key listed for their account
//! (`boxoffice user key add NAME FILE`); an unlisted key, or a listed key offered for
//! another name, is refused. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod ssh_client;

use std::sync::Arc;
use std::time::Duration;

use boxoffice::identity::Role;
use boxoffice::services::Services;
use boxoffice::ssh::{self, SshSettings};
use boxoffice::store::Store;
use boxoffice::tui::{Settings, theme::Theme};
use russh::keys::ssh_key::Algorithm;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};

use common::bin::{databases, run};
use common::venue;

async fn key_login(conn: &mut ssh_client::Connection, user: &str, key: &PrivateKey) -> bool {
    conn.handle
        .authenticate_publickey(
            user,
            PrivateKeyWithHashAlg::new(Arc::new(key.clone()), None),
        )
        .await
        .unwrap()
        .success()
}

#[test]
fn a_listed_key_logs_its_account_in_and_no_other() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap();
    for db in databases() {
        runtime.block_on(listed_key(&db));
    }
}

async fn listed_key(db: &common::bin::BinDb) {
    {
        let services = Services::new(Store::open(&db.url).await.unwrap(), venue());
        for (name, role) in [
            ("anna", Role::Cashier),
            ("bob", Role::Cashier),
            ("cora", Role::Customer),
        ] {
            services
                .identity
                .create_user(name, role, "correct horse battery")
                .await
                .unwrap();
        }
        let anna_key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
        let stranger = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
        let pub_file = db.dir.path().join("anna.pub");
        std::fs::write(
            &pub_file,
            format!(
                "{} anna@laptop\n",
                anna_key.public_key().to_openssh().unwrap()
            ),
        )
        .unwrap();
        let path = pub_file.to_str().unwrap();
        let out = run(db, &["user", "key", "add", "anna", path]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("SHA256:"));
        // The same key twice, a customer's key, or a private key: refused with a reason.
        let again = run(db, &["user", "key", "add", "bob", path]);
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("already listed"));
        let customer = run(db, &["user", "key", "add", "cora", path]);
        assert!(String::from_utf8_lossy(&customer.stderr).contains("staff accounts"));
        let private = db.dir.path().join("id");
        std::fs::write(
            &private,
            anna_key.to_openssh(Default::default()).unwrap().as_bytes(),
        )
        .unwrap();
        let wrong = run(
            db,
            &["user", "key", "add", "anna", private.to_str().unwrap()],
        );
        assert!(!wrong.status.success());
        assert!(String::from_utf8_lossy(&wrong.stderr).contains("private key"));

        let dir = tempfile::tempdir().unwrap();
        let tui = Settings {
            theme: Theme::mono(),
            ..Settings::default()
        };
        let settings = SshSettings {
            listen: "127.0.0.1:0".parse().unwrap(),
            failure_delay: Duration::from_millis(10),
            ..SshSettings::default()
        };
        let bound = ssh::bind(services, tui, settings, dir.path())
            .await
            .unwrap();
        let (addr, fp) = (bound.local_addr, bound.fingerprint.clone());
        let server = tokio::spawn(bound.run());

        let mut conn = ssh_client::connect(addr, &fp).await;
        assert!(!key_login(&mut conn, "anna", &stranger).await);
        assert!(!key_login(&mut conn, "bob", &anna_key).await);
        assert!(key_login(&mut conn, "anna", &anna_key).await);
        let screen = conn.terminal(100, 30).await;
        screen.wait_for("anna (cashier)").await;
        conn.disconnect().await;
        server.abort();
    }
}
