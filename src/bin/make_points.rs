//! Writes a seeded synthetic point set inside Zhongzhan District, for benchmarks and for trying
//! the app with many facilities:
//!
//! ```sh
//! cargo run --release --bin make_points -- --count 100000 --layout clustered --seed 7 --out big.geojson
//! cargo run --release --bin make_points -- --count 1000000 --format lonlat-json --out pts.json
//! ```
//!
//! Formats: `geojson` (a FeatureCollection the app loads with `--data`), `csv` (`lon,lat,category`)
//! and `lonlat-json` (a JSON array of `[lon, lat]`, what `tools/bench-peer` reads).

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use zhongzhan_map::model::synthetic::{Layout, generate};

const USAGE: &str = "usage: make_points [--count N] [--layout uniform|clustered] [--seed S] \
[--format geojson|csv|lonlat-json] --out FILE";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    GeoJson,
    Csv,
    LonLatJson,
}

fn main() -> anyhow::Result<()> {
    let mut count = 10_000usize;
    let mut layout = Layout::Uniform;
    let mut seed = 7u64;
    let mut format = Format::GeoJson;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .with_context(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--count" => count = value()?.parse().context("--count")?,
            "--seed" => seed = value()?.parse().context("--seed")?,
            "--layout" => {
                let slug = value()?;
                layout = Layout::from_slug(&slug)
                    .with_context(|| format!("unknown layout {slug}\n{USAGE}"))?;
            }
            "--format" => {
                format = match value()?.as_str() {
                    "geojson" => Format::GeoJson,
                    "csv" => Format::Csv,
                    "lonlat-json" => Format::LonLatJson,
                    other => bail!("unknown format {other}\n{USAGE}"),
                }
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    let out = out.with_context(|| format!("--out is required\n{USAGE}"))?;
    let points = generate(count, layout, seed)?;

    // Write to a sibling temporary file and rename, so a failed run leaves no half file.
    let tmp = out.with_extension("partial");
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let mut w = BufWriter::new(file);
    match format {
        Format::GeoJson => {
            writeln!(w, "{{\"type\":\"FeatureCollection\",\"features\":[")?;
            for (i, p) in points.iter().enumerate() {
                let category = p.category;
                let id = format!("synthetic-{}-{seed}-{i:07}", layout.slug());
                let properties = serde_json::json!({
                    "id": id,
                    "category": category.slug(),
                    "name_zh": format!("{} 合成点 {i}", category.name_zh()),
                    "name_en": format!("{} synthetic {i}", category.name_en()),
                    "position_precision": "illustrative",
                    "position_method": "synthetic benchmark data (seeded)",
                });
                let separator = if i + 1 < points.len() { "," } else { "" };
                writeln!(
                    w,
                    "{{\"type\":\"Feature\",\"id\":\"{id}\",\"properties\":{properties},\
                     \"geometry\":{{\"type\":\"Point\",\"coordinates\":[{:.7},{:.7}]}}}}{separator}",
                    p.lon, p.lat
                )?;
            }
            writeln!(w, "]}}")?;
        }
        Format::Csv => {
            writeln!(w, "lon,lat,category")?;
            for p in &points {
                writeln!(w, "{:.7},{:.7},{}", p.lon, p.lat, p.category.slug())?;
            }
        }
        Format::LonLatJson => {
            write!(w, "[")?;
            for (i, p) in points.iter().enumerate() {
                let separator = if i == 0 { "" } else { "," };
                write!(w, "{separator}[{:.7},{:.7}]", p.lon, p.lat)?;
            }
            writeln!(w, "]")?;
        }
    }
    w.flush()?;
    drop(w);
    std::fs::rename(&tmp, &out).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "wrote {} {} points (seed {seed}) to {}",
        points.len(),
        layout.slug(),
        out.display()
    );
    Ok(())
}
