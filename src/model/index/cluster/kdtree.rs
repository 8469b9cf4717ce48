//! A static KD-tree over fixed-point positions in kdbush's layout: sorted once, then range
//! and radius queries without allocation.

#![expect(
    clippy::indexing_slicing,
    reason = "kdbush-style range recursion over index ranges the sort itself produced"
)]

use super::NodeRef;
use super::mercator::FixedBox;

/// Below this many entries a KD-tree subtree is sorted on one thread.
const PARALLEL_SORT_MIN: usize = 1 << 16;

/// One entry of a level's KD-tree: fixed-point Mercator position and the node it stands for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) x: u32,
    pub(super) y: u32,
    pub(super) node: NodeRef,
}

fn axis_value(entry: &Entry, axis: usize) -> u32 {
    if axis == 0 { entry.x } else { entry.y }
}

/// Sorts `entries` into a static KD-tree (kdbush layout): the middle entry of every range is
/// its median on the range's axis, ranges of at most `node_size` entries are left unsorted.
pub(super) fn kd_sort(entries: &mut [Entry], axis: usize, node_size: usize) {
    if entries.len() <= node_size {
        return;
    }
    let m = entries.len() / 2;
    entries.select_nth_unstable_by_key(m, |e| axis_value(e, axis));
    let (left, rest) = entries.split_at_mut(m);
    let right = &mut rest[1..];
    if left.len() >= PARALLEL_SORT_MIN {
        rayon::join(
            || kd_sort(left, 1 - axis, node_size),
            || kd_sort(right, 1 - axis, node_size),
        );
    } else {
        kd_sort(left, 1 - axis, node_size);
        kd_sort(right, 1 - axis, node_size);
    }
}

/// Calls `visit` with the position of every entry inside `[min_x, min_y, max_x, max_y]`.
pub(super) fn kd_range(
    entries: &[Entry],
    node_size: usize,
    bbox: FixedBox,
    mut visit: impl FnMut(usize),
) {
    let [min_x, min_y, max_x, max_y] = bbox;
    let inside = |e: &Entry| e.x >= min_x && e.x <= max_x && e.y >= min_y && e.y <= max_y;
    let mut stack: Vec<(usize, usize, usize)> = vec![(0, entries.len(), 0)];
    while let Some((lo, hi, axis)) = stack.pop() {
        if hi - lo <= node_size {
            for (i, e) in entries[lo..hi].iter().enumerate() {
                if inside(e) {
                    visit(lo + i);
                }
            }
            continue;
        }
        let m = lo + (hi - lo) / 2;
        let e = &entries[m];
        if inside(e) {
            visit(m);
        }
        let value = axis_value(e, axis);
        let (min, max) = if axis == 0 {
            (min_x, max_x)
        } else {
            (min_y, max_y)
        };
        if min <= value {
            stack.push((lo, m, 1 - axis));
        }
        if max >= value {
            stack.push((m + 1, hi, 1 - axis));
        }
    }
}

/// Pushes the position of every entry within `radius` (fixed-point units) of `(x, y)`.
pub(super) fn kd_within(
    entries: &[Entry],
    node_size: usize,
    (x, y): (u32, u32),
    radius: f64,
    stack: &mut Vec<(usize, usize, usize)>,
    out: &mut Vec<u32>,
) {
    let r = radius.max(0.0).min(f64::from(u32::MAX)) as u64;
    let r2 = r * r;
    let min_x = u64::from(x).saturating_sub(r);
    let max_x = u64::from(x) + r;
    let min_y = u64::from(y).saturating_sub(r);
    let max_y = u64::from(y) + r;
    let near = |e: &Entry| {
        let dx = u64::from(e.x.abs_diff(x));
        let dy = u64::from(e.y.abs_diff(y));
        dx <= r && dy <= r && dx * dx + dy * dy <= r2
    };
    stack.clear();
    stack.push((0, entries.len(), 0));
    while let Some((lo, hi, axis)) = stack.pop() {
        if hi - lo <= node_size {
            for (i, e) in entries[lo..hi].iter().enumerate() {
                if near(e) {
                    out.push((lo + i) as u32);
                }
            }
            continue;
        }
        let m = lo + (hi - lo) / 2;
        let e = &entries[m];
        if near(e) {
            out.push(m as u32);
        }
        let value = u64::from(axis_value(e, axis));
        let (min, max) = if axis == 0 {
            (min_x, max_x)
        } else {
            (min_y, max_y)
        };
        if min <= value {
            stack.push((lo, m, 1 - axis));
        }
        if max >= value {
            stack.push((m + 1, hi, 1 - axis));
        }
    }
}
