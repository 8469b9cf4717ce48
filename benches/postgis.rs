//! The shared database's speed on localhost: loading the 44 bundled and 100 000 synthetic
//! facilities from PostGIS (`Store::load_all`) against loading the same from a GeoJSON file
//! (the peer, in the same run), the round trip of one edit (`Store::update`: one versioned
//! UPDATE with its trigger, history row and NOTIFY), and the notification latency: from
//! sending an edit to another connection's listener hearing of it (what a colleague's desktop
//! waits before it fetches the change).
//!
//! Run: `tools/with-postgis.sh cargo bench --bench postgis`. Without `DATABASE_URL` it says so
//! and measures nothing. `POSTGIS_BENCH_SKIP_100K=1` skips the (slow to import) 100 000.

use std::path::Path;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use zhongzhan_map::db::{DbConfig, Listener, ListenerEvent, Store};
use zhongzhan_map::model::io::load::{load_file, parse_facilities};
use zhongzhan_map::model::io::save::to_geojson_text;
use zhongzhan_map::model::synthetic::{Layout, facility as synthetic_facility, generate};
use zhongzhan_map::model::{BUNDLED_FACILITIES, BUNDLED_ORIGIN, Facility};

/// A database of the bench's own with the bundled facilities; dropped at the end.
struct BenchDb {
    admin: DbConfig,
    name: String,
    store: Store,
}

impl BenchDb {
    fn new(url: &str) -> Result<Self, String> {
        let facilities =
            parse_facilities(BUNDLED_FACILITIES, BUNDLED_ORIGIN).map_err(|e| e.to_string())?;
        Self::with(url, "44", &facilities)
    }

    fn with(url: &str, label: &str, facilities: &[Facility]) -> Result<Self, String> {
        let admin = DbConfig::from_url(url).map_err(|e| e.to_string())?;
        let name = format!("zz_bench_{label}_{}", std::process::id());
        let mut client = admin.connect().map_err(|e| e.to_string())?;
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .and_then(|()| client.batch_execute(&format!("CREATE DATABASE {name}")))
            .map_err(|e| admin.redact(&e.to_string()))?;
        let config = admin.with_database(&name);
        let mut store = Store::connect(&config).map_err(|e| e.to_string())?;
        store.init().map_err(|e| e.to_string())?;
        store.import(facilities).map_err(|e| e.to_string())?;
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

    let Ok(Some(stored)) = db
        .store
        .fetch(&zhongzhan_map::model::FacilityId("school-post-01".into()))
    else {
        eprintln!("school-post-01 is missing from the bench database");
        return;
    };
    let (mut facility, mut version) = (stored.facility, stored.version);
    let mut round = 0_u64;
    c.bench_function("one edit round trip (versioned UPDATE)", |b| {
        b.iter(|| {
            round += 1;
            facility.notes = format!("round {round}").into();
            if let Ok(new_version) = db.store.update(&facility, version) {
                version = new_version;
            }
            version
        })
    });
    notification_latency(c, &mut db);
    open_100k(c, &url);
}

/// Edit → another connection's listener hears of it (the edit's own round trip included).
fn notification_latency(c: &mut Criterion, db: &mut BenchDb) {
    let config = db.store.config().clone();
    let Ok(listener) = Listener::spawn(config, Box::new(|| {})) else {
        eprintln!("cannot start the listener");
        return;
    };
    // Wait until it listens.
    let until = Instant::now() + Duration::from_secs(10);
    while Instant::now() < until {
        if let Ok(ListenerEvent::Listening) =
            listener.events().recv_timeout(Duration::from_millis(100))
        {
            break;
        }
    }
    let Ok(Some(stored)) = db
        .store
        .fetch(&zhongzhan_map::model::FacilityId("school-post-02".into()))
    else {
        return;
    };
    let (mut facility, mut version) = (stored.facility, stored.version);
    let mut round = 0_u64;
    c.bench_function(
        "notification latency (edit → other connection hears it)",
        |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    round += 1;
                    facility.notes = format!("heard {round}").into();
                    let start = Instant::now();
                    if let Ok(new_version) = db.store.update(&facility, version) {
                        version = new_version;
                    }
                    loop {
                        match listener.events().recv_timeout(Duration::from_secs(5)) {
                            Ok(ListenerEvent::Changed(notice)) if notice.version == version => {
                                break;
                            }
                            Ok(_) => {}
                            Err(_) => {
                                eprintln!("no notification within 5 s");
                                break;
                            }
                        }
                    }
                    total += start.elapsed();
                }
                total
            })
        },
    );
}

/// 100 000 synthetic facilities from PostGIS against the same from a GeoJSON file.
fn open_100k(c: &mut Criterion, url: &str) {
    if std::env::var_os("POSTGIS_BENCH_SKIP_100K").is_some() {
        return;
    }
    let facilities: Vec<Facility> = generate(100_000, Layout::Clustered, 7)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(number, point)| synthetic_facility(point, number))
        .collect();
    let Ok(text) = to_geojson_text(&facilities, Some("bench")) else {
        return;
    };
    let file = std::env::temp_dir().join(format!("zz-bench-100k-{}.geojson", std::process::id()));
    if std::fs::write(&file, text).is_err() {
        return;
    }
    let started = Instant::now();
    let mut db = match BenchDb::with(url, "100k", &facilities) {
        Ok(db) => db,
        Err(error) => {
            eprintln!("cannot prepare the 100k database: {error}");
            return;
        }
    };
    eprintln!(
        "imported 100 000 facilities in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut group = c.benchmark_group("open 100 000 facilities");
    group.sample_size(10);
    group.bench_function("from PostGIS (load_all)", |b| {
        b.iter(|| db.store.load_all().map(|s| s.catalog.len()).unwrap_or(0))
    });
    group.bench_function("from the GeoJSON file (peer)", |b| {
        b.iter(|| load_file(&file).map(|f| f.len()).unwrap_or(0))
    });
    group.finish();
    std::fs::remove_file(&file).ok();
}

criterion_group!(benches, database);
criterion_main!(benches);
