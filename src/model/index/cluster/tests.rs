//! Tests of the cluster index: grid clustering, kd-tree queries, fan-out and projection.

use super::*;
use crate::model::filter::CategoryFilter;
use geo::coord;

/// The seeded generator of the synthetic data sets, so failures are reproducible.
use crate::model::synthetic::Rng;

/// `n` points in a 0.1° square near the district, categories cycling with a bias.
fn random_points(n: usize, seed: u64) -> Vec<ClusterPoint> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| ClusterPoint {
            lon: 113.10 + rng.unit() * 0.1,
            lat: 35.20 + rng.unit() * 0.1,
            category: Category::ALL[(rng.next_u64() % 4) as usize * (i % 3)],
            index: i * 10,
        })
        .collect()
}

fn world() -> Rect<f64> {
    Rect::new(coord! { x: -180.0, y: -85.0 }, coord! { x: 180.0, y: 85.0 })
}

fn only(categories: &[Category]) -> Visibility {
    Category::ALL.map(|c| categories.contains(&c))
}

#[test]
fn counts_add_up_to_the_visible_points_at_every_zoom_and_filter() {
    let points = random_points(3000, 7);
    let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
    let filters = [
        ALL_VISIBLE,
        only(&[Category::ServiceStation]),
        only(&[Category::SchoolPost, Category::ConvenienceSalesPoint]),
    ];
    for visible in filters {
        let expected = points
            .iter()
            .filter(|p| visible[p.category.index()])
            .count() as u32;
        for zoom in 0..=18 {
            let items = index.clusters(world(), f64::from(zoom), &visible);
            let total: u32 = items.iter().map(ClusterItem::count).sum();
            assert_eq!(total, expected, "zoom {zoom}");
        }
    }
}

#[test]
fn above_max_zoom_every_visible_point_is_returned_with_its_index() {
    let points = random_points(500, 3);
    let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
    let visible = only(&[Category::SchoolPost]);
    let mut got: Vec<usize> = index
        .clusters(world(), 17.0, &visible)
        .iter()
        .map(|item| match item {
            ClusterItem::Point(p) => p.index,
            ClusterItem::Cluster(_) => usize::MAX,
        })
        .collect();
    got.sort_unstable();
    let expected: Vec<usize> = points
        .iter()
        .filter(|p| p.category == Category::SchoolPost)
        .map(|p| p.index)
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn a_cluster_with_one_visible_member_is_returned_as_that_point() {
    let points = vec![
        ClusterPoint {
            lon: 113.18,
            lat: 35.24,
            category: Category::SchoolPost,
            index: 4,
        },
        ClusterPoint {
            lon: 113.1801,
            lat: 35.2401,
            category: Category::ServiceStation,
            index: 9,
        },
    ];
    let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
    let both = index.clusters(world(), 5.0, &ALL_VISIBLE);
    assert!(matches!(both.as_slice(), [ClusterItem::Cluster(c)] if c.count == 2));
    let one = index.clusters(world(), 5.0, &only(&[Category::ServiceStation]));
    let [ClusterItem::Point(point)] = one.as_slice() else {
        panic!("expected one point, got {one:?}");
    };
    assert_eq!(point.index, 9);
    assert_eq!(point.category, Category::ServiceStation);
    assert!((point.position.x() - 113.1801).abs() < 1e-6);
    assert!((point.position.y() - 35.2401).abs() < 1e-6);
}

#[test]
fn the_badge_shows_the_dominant_visible_category_and_visible_extent() {
    let mut points = Vec::new();
    for i in 0..5 {
        points.push(ClusterPoint {
            lon: 113.18 + i as f64 * 1e-4,
            lat: 35.24,
            category: Category::SchoolPost,
            index: i,
        });
    }
    for i in 0..3 {
        points.push(ClusterPoint {
            lon: 113.18,
            lat: 35.24 + (i + 1) as f64 * 1e-3,
            category: Category::WaterSupply,
            index: 10 + i,
        });
    }
    let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
    let all = index.clusters(world(), 8.0, &ALL_VISIBLE);
    let [ClusterItem::Cluster(cluster)] = all.as_slice() else {
        panic!("expected one cluster, got {all:?}");
    };
    assert_eq!(cluster.count, 8);
    assert_eq!(cluster.dominant_category, Category::SchoolPost);
    assert_eq!(cluster.counts_by_category[Category::WaterSupply.index()], 3);
    assert!((cluster.extent.max().y - 35.243).abs() < 1e-6);

    let water = only(&[Category::WaterSupply]);
    let filtered = index.clusters(world(), 8.0, &water);
    let [ClusterItem::Cluster(cluster)] = filtered.as_slice() else {
        panic!("expected one cluster, got {filtered:?}");
    };
    assert_eq!(cluster.count, 3);
    assert_eq!(cluster.dominant_category, Category::WaterSupply);
    assert_eq!(cluster.counts_by_category[Category::SchoolPost.index()], 0);
    assert!((cluster.extent.min().y - 35.241).abs() < 1e-6);
    assert!((cluster.extent.min().x - 113.18).abs() < 1e-6);
    assert!((cluster.extent.max().x - 113.18).abs() < 1e-6);
    assert!((cluster.position.y() - 35.242).abs() < 1e-6);
    let mut leaves = index.leaves(cluster.id, &water, 100);
    leaves.sort_unstable();
    assert_eq!(leaves, vec![10, 11, 12]);
}

#[test]
fn at_the_expansion_zoom_a_cluster_splits_into_several_items() {
    let points = random_points(2000, 11);
    let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
    let visible = only(&[Category::ServiceStation, Category::FruitVendorArea]);
    for zoom in [6.0, 10.0, 13.0] {
        for item in index.clusters(world(), zoom, &visible) {
            let ClusterItem::Cluster(cluster) = item else {
                continue;
            };
            let expansion = index.expansion_zoom(cluster.id, &visible);
            assert!(f64::from(expansion) > zoom);
            // Pad by ~10 cm: members on the edge of the extent must not round out.
            let pad = 1e-6;
            let padded = Rect::new(
                coord! { x: cluster.extent.min().x - pad, y: cluster.extent.min().y - pad },
                coord! { x: cluster.extent.max().x + pad, y: cluster.extent.max().y + pad },
            );
            let inside = index.clusters(padded, f64::from(expansion), &visible);
            assert!(
                inside.len() >= 2,
                "zoom {zoom}: {cluster:?} expands at {expansion} into {inside:?}; formed at {}",
                index.formed_at_zoom[cluster.id.0 as usize]
            );
            let leaves = index.leaves(cluster.id, &visible, usize::MAX);
            assert_eq!(leaves.len() as u32, cluster.count);
        }
    }
}

#[test]
fn viewport_queries_return_exactly_the_points_inside_at_leaf_level() {
    let points = random_points(4000, 5);
    let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
    let mut rng = Rng::new(99);
    for _ in 0..50 {
        let (lon, lat) = (113.10 + rng.unit() * 0.1, 35.20 + rng.unit() * 0.1);
        let (w, h) = (rng.unit() * 0.05, rng.unit() * 0.05);
        let bbox = Rect::new(coord! { x: lon, y: lat }, coord! { x: lon + w, y: lat + h });
        let mut got: Vec<usize> = index
            .clusters(bbox, 20.0, &ALL_VISIBLE)
            .iter()
            .filter_map(|item| match item {
                ClusterItem::Point(p) => Some(p.index),
                ClusterItem::Cluster(_) => None,
            })
            .collect();
        got.sort_unstable();
        // Allow for the 1 cm fixed-point rounding at the edges: compare away from them.
        let margin = 1e-7;
        let expected_sure: Vec<usize> = points
            .iter()
            .filter(|p| {
                p.lon > lon + margin
                    && p.lon < lon + w - margin
                    && p.lat > lat + margin
                    && p.lat < lat + h - margin
            })
            .map(|p| p.index)
            .collect();
        assert!(expected_sure.iter().all(|i| got.binary_search(i).is_ok()));
        assert!(got.len() <= expected_sure.len() + 2);
    }
}

#[test]
fn nothing_is_returned_with_every_category_hidden() {
    let index = ClusterIndex::build(&random_points(100, 1), ClusterOptions::default()).unwrap();
    assert!(
        index
            .clusters(world(), 3.0, &[false; CATEGORY_COUNT])
            .is_empty()
    );
}

#[test]
fn non_finite_points_are_skipped_and_bad_options_rejected() {
    let mut points = random_points(10, 2);
    points[3].lon = f64::NAN;
    points[4].lat = f64::INFINITY;
    let index = ClusterIndex::build(&points, ClusterOptions::default()).unwrap();
    assert_eq!(index.len(), 8);
    assert_eq!(index.skipped_points(), 2);
    assert!(index.memory_bytes() > 0);

    let bad = ClusterOptions {
        min_zoom: 10,
        max_zoom: 5,
        ..ClusterOptions::default()
    };
    assert!(matches!(
        ClusterIndex::build(&points, bad),
        Err(ClusterError::InvalidOptions(_))
    ));
    let empty = ClusterIndex::build(&[], ClusterOptions::default()).unwrap();
    assert!(empty.is_empty());
    assert!(empty.clusters(world(), 4.0, &ALL_VISIBLE).is_empty());
}

#[test]
fn the_filter_table_follows_the_legend() {
    let mut filter = CategoryFilter::default();
    filter.set_visible(Category::NightMarket, false);
    let table = visibility(&filter);
    assert!(!table[Category::NightMarket.index()]);
    assert_eq!(table.iter().filter(|v| **v).count(), CATEGORY_COUNT - 1);
}

#[test]
fn fanned_out_markers_do_not_overlap() {
    for count in [2, 5, 8, 9, 30] {
        let offsets = fan_out_offsets_px(count, 20.0);
        assert_eq!(offsets.len(), count);
        for (i, a) in offsets.iter().enumerate() {
            for b in &offsets[i + 1..] {
                let d = (a[0] - b[0]).hypot(a[1] - b[1]);
                assert!(d >= 14.0, "{count}: {a:?} {b:?} {d}");
            }
        }
    }
}

#[test]
fn mercator_conversions_round_trip() {
    for (lon, lat) in [(113.18, 35.24), (-70.0, -33.4), (0.0, 0.0)] {
        assert!((x_to_lon(lon_to_x(lon)) - lon).abs() < 1e-9);
        assert!((y_to_lat(lat_to_y(lat)) - lat).abs() < 1e-9);
    }
}
