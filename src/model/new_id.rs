//! Ids for facilities staff add. On one file the next free `<category>-new-NN` is short and
//! readable; on the shared database several desktops add at once, so each new facility gets a
//! client-made random UUID (version 4) after its category: two desktops never pick the same
//! id, and a save retried after a lost connection finds its own row instead of adding a
//! second one.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use super::category::Category;
use super::facility::FacilityId;

/// The next free `<category>-new-NN` id (`taken` says whether an id is in use).
pub fn short_id(category: Category, taken: impl Fn(&FacilityId) -> bool) -> FacilityId {
    (1..10_000)
        .map(|n| FacilityId::new(format!("{}-new-{n:02}", category.slug())))
        .find(|id| !taken(id))
        .unwrap_or_else(|| unique_id(category))
}

/// `<category>-<random UUID v4>`, e.g. `school-post-7c9e6679-7425-40de-944b-e07fc1f90ae7`.
pub fn unique_id(category: Category) -> FacilityId {
    FacilityId::new(format!("{}-{}", category.slug(), random_uuid()))
}

/// A random (version 4, RFC 9562) UUID in its usual text form. The 122 random bits come from
/// the standard library's per-process random hasher keys (seeded by the operating system),
/// mixed with the time and a counter, so ids from one process never repeat either.
pub fn random_uuid() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let half = |salt: u64| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(salt);
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.write_u32(std::process::id());
        hasher.finish()
    };
    let high = half(0x5a5a_1234);
    let low = half(0xa5a5_4321);
    // Version 4 in the high nibble of byte 6; variant 10 in the top bits of byte 8.
    let high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn random_uuids_have_the_version_4_form_and_do_not_repeat() {
        let ids: HashSet<String> = (0..10_000).map(|_| random_uuid()).collect();
        assert_eq!(ids.len(), 10_000);
        for id in ids.iter().take(100) {
            let parts: Vec<&str> = id.split('-').collect();
            let lengths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
            assert_eq!(lengths, [8, 4, 4, 4, 12], "{id}");
            assert!(parts[2].starts_with('4'), "{id}");
            assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "{id}");
        }
    }

    #[test]
    fn short_ids_take_the_next_free_number() {
        let taken = |id: &FacilityId| id.0 == "school-post-new-01";
        assert_eq!(
            short_id(Category::SchoolPost, taken).0,
            "school-post-new-02"
        );
        let unique = unique_id(Category::SchoolPost);
        assert!(unique.0.starts_with("school-post-") && unique.0.len() == 12 + 36);
    }
}
