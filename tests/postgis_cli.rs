//! `zhongzhan-map db …` against a real PostgreSQL 15 + PostGIS 3 server, as the bureau's admin
//! runs it: `init` twice, `import` the bundled file, `export` it back byte for byte, `check`,
//! the URL from the private config file, and the password in no line the program prints. Ignored without a server; run with
//! `tools/with-postgis.sh cargo test --test postgis_cli -- --include-ignored` (CI does).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails loudly on bad fixtures"
)]

#[path = "common/postgis.rs"]
#[expect(
    dead_code,
    reason = "this binary uses only part of the database helpers"
)]
mod pg;

#[expect(
    dead_code,
    reason = "each test binary uses only some of the shared helpers"
)]
mod common;

use common::{TempDir, run_cli, run_cli_with_env};
use pg::TestDb;
use zhongzhan_map::model::BUNDLED_FACILITIES;

/// The test server's URL (with its password) pointed at the database `name`.
fn url_of(name: &str) -> (String, String) {
    let server = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    let password = server
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(login, _)| login.split_once(':'))
        .map(|(_, password)| password.to_owned())
        .unwrap_or_default();
    (format!("{base}/{name}"), password)
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_cli -- --include-ignored"]
fn the_admin_sets_up_fills_exports_and_checks_the_shared_database_from_the_command_line() {
    let db = TestDb::new("cli");
    let (url, password) = url_of(db.name());
    assert!(!password.is_empty(), "the test server has a password");
    let dir = TempDir::new("db-cli");
    let bundled = dir.join("facilities.geojson");
    std::fs::write(&bundled, BUNDLED_FACILITIES).unwrap();
    let exported = dir.join("export.geojson");
    let mut printed = String::new();

    let init = run_cli(["db", "--db", &url, "init"]);
    assert_eq!(init.code, Some(0), "{init:?}");
    assert!(init.stdout.contains("schema version"), "{init:?}");
    let again = run_cli(["db", "init", "--db", &url]);
    assert_eq!(again.code, Some(0), "{again:?}");
    assert!(
        again.stdout.contains("up to date"),
        "init is idempotent: {again:?}"
    );

    let import = run_cli(["db", "--db", &url, "import", bundled.to_str().unwrap()]);
    assert_eq!(import.code, Some(0), "{import:?}");
    assert!(import.stdout.contains("44 inserted"), "{import:?}");

    let export = run_cli(["db", "--db", &url, "export", exported.to_str().unwrap()]);
    assert_eq!(export.code, Some(0), "{export:?}");
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap(),
        BUNDLED_FACILITIES,
        "file → database → file is byte-identical"
    );

    let check = run_cli(["db", "--db", &url, "check"]);
    assert_eq!(check.code, Some(0), "{check:?}");
    assert!(
        check.stdout.contains("44 facilities, 0 error(s)"),
        "{check:?}"
    );

    for run in [&init, &again, &import, &export, &check] {
        printed.push_str(&run.stdout);
        printed.push_str(&run.stderr);
    }
    assert!(
        !printed.contains(&password),
        "the password is never printed"
    );
}

/// The environment variables that could name a database (unset for the URL-file tests).
const URL_VARIABLES: [&str; 3] = ["DATABASE_URL", "ZHONGZHAN_DB", "ZHONGZHAN_DB_CA"];

#[test]
fn without_a_database_url_db_says_where_to_give_one() {
    // An empty config directory: a developer's own database_url file is not read.
    let config = TempDir::new("no-url-config");
    let run = run_cli_with_env(
        ["db", "check"],
        &URL_VARIABLES,
        &[("XDG_CONFIG_HOME", config.path())],
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("--db URL"), "{run:?}");
    assert!(run.stderr.contains("database_url"), "{run:?}");
}

#[cfg(target_os = "linux")]
#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_cli -- --include-ignored"]
fn db_uses_the_url_file_only_when_other_users_cannot_read_it() {
    use std::os::unix::fs::PermissionsExt as _;
    let db = TestDb::new("cli_url_file");
    let (url, password) = url_of(db.name());
    let config = TempDir::new("url-file-config");
    let file = config.join("zhongzhan-map").join("database_url");
    std::fs::create_dir_all(config.join("zhongzhan-map")).unwrap();
    std::fs::write(&file, format!("{url}\n")).unwrap();
    let init = || {
        run_cli_with_env(
            ["db", "init"],
            &URL_VARIABLES,
            &[("XDG_CONFIG_HOME", config.path())],
        )
    };

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let refused = init();
    assert_eq!(refused.code, Some(1), "{refused:?}");
    let fix = format!("chmod 600 {}", file.display());
    assert!(refused.stderr.contains(&fix), "{refused:?}");

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let used = init();
    assert_eq!(used.code, Some(0), "{used:?}");
    assert!(used.stdout.contains(db.name()), "{used:?}");
    for run in [&refused, &used] {
        assert!(!format!("{run:?}").contains(&password), "{run:?}");
    }
}

#[test]
#[ignore = "needs PostgreSQL + PostGIS: tools/with-postgis.sh cargo test --test postgis_cli -- --include-ignored"]
fn export_or_import_on_a_database_without_the_schema_says_to_run_db_init_and_writes_nothing() {
    let db = TestDb::new("cli_no_schema");
    let (url, _) = url_of(db.name());
    let dir = TempDir::new("db-cli-no-schema");
    let exported = dir.join("export.geojson");
    let bundled = dir.join("facilities.geojson");
    std::fs::write(&bundled, BUNDLED_FACILITIES).unwrap();

    let export = run_cli(["db", "--db", &url, "export", exported.to_str().unwrap()]);
    assert_ne!(export.code, Some(0), "{export:?}");
    assert!(export.stderr.contains("run `db init` first"), "{export:?}");
    assert!(!exported.exists(), "no file is written");

    let import = run_cli(["db", "--db", &url, "import", bundled.to_str().unwrap()]);
    assert_ne!(import.code, Some(0), "{import:?}");
    assert!(import.stderr.contains("run `db init` first"), "{import:?}");
}
