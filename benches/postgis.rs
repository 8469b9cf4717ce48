//! The shared database's speed on localhost: loading the 44 bundled facilities from PostGIS
//! (`Store::load_all`) against loading them from the GeoJSON file (the peer, in the same run),
//! and the round trip of one edit (`Store::update`: one versioned UPDATE with its trigger,
//! history row and NOTIFY).
//!
//! Run: `tools/with-postgis.sh cargo bench --bench postgis`. Without `DATABASE_URL` it says so
//! and measures nothing.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use zhongzhan_map::db::{DbConfig, Store};
use zhongzhan_map::model::io::load::{load_file, parse_facilities};
use zhongzhan_map::model::{BUNDLED_FACILITIES, BUNDLED_ORIGIN};

/// A database of the bench's own with the bundled facilities; dropped at the end.
struct BenchDb {
    admin: DbConfig,
    name: String,
    store: Store,
}

impl BenchDb {
    fn new(url: &str) -> Result<Self, String> {
        let admin = DbConfig::from_url(url).map_err(|e| e.to_string())?;
        let name = format!("zz_bench_{}", std::process::id());
        let mut client = admin.connect().map_err(|e| e.to_string())?;
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .and_then(|()| client.batch_execute(&format!("CREATE DATABASE {name}")))
            .map_err(|e| admin.redact(&e.to_string()))?;
        let config = admin.with_database(&name);
        let mut store = Store::connect(&config).map_err(|e| e.to_string())?;
        store.init().map_err(|e| e.to_string())?;
        let facilities =
            parse_facilities(BUNDLED_FACILITIES, BUNDLED_ORIGIN).map_err(|e| e.to_string())?;
        store.import(&facilities).map_err(|e| e.to_string())?;
        Ok(Self { admin, name, store })
    }
}

impl Drop for BenchDb {
    fn drop(&mut self) {
        if let Ok(mut client) = self.admin.connect() {
            // Best effort: the throwaway cluster goes away anyway.
            client
                .batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ))
                .ok();
        }
    }
}

fn database(c: &mut Criterion) {
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("DATABASE_URL is not set: run tools/with-postgis.sh cargo bench --bench postgis");
        return;
    };
    let mut db = match BenchDb::new(&url) {
        Ok(db) => db,
        Err(error) => {
            eprintln!("cannot prepare the bench database: {error}");
            return;
        }
    };
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/facilities.geojson");

    let mut group = c.benchmark_group("open 44 facilities");
    group.bench_function("from PostGIS (load_all)", |b| {
        b.iter(|| db.store.load_all().map(|s| s.catalog.len()).unwrap_or(0))
    });
    group.bench_function("from the GeoJSON file (peer)", |b| {
        b.iter(|| load_file(&file).map(|f| f.len()).unwrap_or(0))
    });
    group.finish();

    let Ok(Some(stored)) = db.store.fetch(&zhongzhan_map::model::FacilityId(
        "school-post-01".to_owned(),
    )) else {
        eprintln!("school-post-01 is missing from the bench database");
        return;
    };
    let (mut facility, mut version) = (stored.facility, stored.version);
    let mut round = 0_u64;
    c.bench_function("one edit round trip (versioned UPDATE)", |b| {
        b.iter(|| {
            round += 1;
            facility.notes = format!("round {round}");
            if let Ok(new_version) = db.store.update(&facility, version) {
                version = new_version;
            }
            version
        })
    });
}

criterion_group!(benches, database);
criterion_main!(benches);
