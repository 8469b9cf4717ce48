//! Search over many facilities: one query (pinyin initials, Chinese characters, English, full
//! pinyin) over 100 000 and 1 000 000 synthetic facilities, against a peer in the same run — a
//! plain `str::contains` of the query in each facility's Chinese and English names, the least
//! any search must do — and the ratio. Also prints the live heap bytes per facility the search
//! structures hold.
//!
//! Run: `cargo bench --bench search`.

#![expect(clippy::expect_used, reason = "a benchmark fails loudly")]

use criterion::{Criterion, criterion_group};
use zhongzhan_map::model::Facility;
use zhongzhan_map::model::index::search::SearchIndex;
use zhongzhan_map::model::synthetic::{Layout, facility, generate};

const SIZES: [usize; 2] = [100_000, 1_000_000];
const QUERIES: [&str; 4] = ["hxg", "护学", "school", "gangsh"];

fn facilities(count: usize) -> Vec<Facility> {
    let points = generate(count, Layout::Clustered, 7).expect("district boundary");
    points
        .iter()
        .enumerate()
        .map(|(i, p)| facility(p, i))
        .collect()
}

/// The peer: indices of facilities whose names contain `query` as written.
fn names_containing(facilities: &[Facility], query: &str) -> usize {
    facilities
        .iter()
        .filter(|f| f.name_zh.contains(query) || f.name_en.contains(query))
        .count()
}

fn bench_search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    group.sample_size(10);
    for count in SIZES {
        let facilities = facilities(count);
        let order: Vec<usize> = (0..facilities.len()).collect();
        let index = SearchIndex::new();
        for query in QUERIES {
            group.bench_function(format!("app_{count}/{query}"), |b| {
                b.iter(|| {
                    index
                        .search(&facilities, query, &order)
                        .map(|hits| hits.len())
                })
            });
            group.bench_function(format!("peer_names_contains_{count}/{query}"), |b| {
                b.iter(|| names_containing(&facilities, query))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_search);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
