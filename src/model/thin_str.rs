//! [`ThinStr`]: an immutable string in one pointer, for the many short texts a facility holds
//! (its id, names, descriptions, hours, notes). A `String` takes 24 bytes even when empty,
//! which at a million facilities with eleven text fields is 264 MB of mostly nothing; a
//! `ThinStr` takes 8, allocates nothing when empty, and keeps its length in front of the
//! bytes (one allocation of exactly the text's size plus 4; 12 from 4 GiB on).
//!
//! It reads as a `&str` (deref, `AsRef`, `Borrow`, comparisons with `str` and `String`) and
//! is built from `&str` or `String`; to change one, build a new one.

use std::alloc::{Layout, alloc, dealloc, handle_alloc_error};
use std::marker::PhantomData;
use std::ptr::NonNull;

/// Length of a text up to `u32::MAX - 1` bytes: 4 bytes in front of it.
const SHORT_HEADER_BYTES: usize = 4;

/// The 4 header bytes of a longer text: the length follows as 8 more bytes.
const LONG_MARK: u32 = u32::MAX;

/// Header of a text of `u32::MAX` bytes or more.
const LONG_HEADER_BYTES: usize = 12;

/// The header kept in front of a text of `len` bytes: its bytes (native endian) and how many
/// of them are used.
fn encode_header(len: usize) -> ([u8; LONG_HEADER_BYTES], usize) {
    let mut header = [0; LONG_HEADER_BYTES];
    match u32::try_from(len) {
        Ok(short) if short != LONG_MARK => {
            header[..SHORT_HEADER_BYTES].copy_from_slice(&short.to_ne_bytes());
            (header, SHORT_HEADER_BYTES)
        }
        _ => {
            header[..SHORT_HEADER_BYTES].copy_from_slice(&LONG_MARK.to_ne_bytes());
            header[SHORT_HEADER_BYTES..].copy_from_slice(&(len as u64).to_ne_bytes());
            (header, LONG_HEADER_BYTES)
        }
    }
}

/// The length and header size a header starting with `first` describes; `rest` reads the 8
/// bytes after `first` (only called for a long text).
fn decode_header(first: [u8; 4], rest: impl FnOnce() -> [u8; 8]) -> (usize, usize) {
    let short = u32::from_ne_bytes(first);
    if short == LONG_MARK {
        (u64::from_ne_bytes(rest()) as usize, LONG_HEADER_BYTES)
    } else {
        (short as usize, SHORT_HEADER_BYTES)
    }
}

/// Makes a type with an `as_str(&self) -> &str` method read as that text: `Deref` to `str`,
/// `AsRef`, `Borrow` (so maps keyed by it are searched with a `&str`), `Debug` and `Display` as
/// the text, and comparisons with `str`, `&str` and `String` both ways.
macro_rules! reads_as_str {
    ($type:ty) => {
        impl std::ops::Deref for $type {
            type Target = str;

            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<str> for $type {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::borrow::Borrow<str> for $type {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Debug for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<str> for $type {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $type {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<String> for $type {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<$type> for str {
            fn eq(&self, other: &$type) -> bool {
                self == other.as_str()
            }
        }

        impl PartialEq<$type> for &str {
            fn eq(&self, other: &$type) -> bool {
                *self == other.as_str()
            }
        }

        impl PartialEq<$type> for String {
            fn eq(&self, other: &$type) -> bool {
                self == other.as_str()
            }
        }
    };
}

pub(crate) use reads_as_str;

/// An immutable UTF-8 string in 8 bytes; empty ones allocate nothing.
pub struct ThinStr {
    /// [`ThinStr::EMPTY_MARK`] for the empty text (never allocated; so `Option<ThinStr>` is
    /// 8 bytes too); else an allocation of [`ThinStr::layout`]`(len)` (aligned for `u32`)
    /// holding the header of [`encode_header`], then `len` bytes of valid UTF-8.
    start: NonNull<u8>,
    /// Owns its bytes like a `Box<str>` (for auto traits and drop check).
    owns: PhantomData<Box<str>>,
}

// SAFETY: a `ThinStr` owns its allocation exclusively and never changes it after it is made,
// exactly like `Box<str>`, which is `Send` and `Sync`.
unsafe impl Send for ThinStr {}
// SAFETY: as above; shared references only read.
unsafe impl Sync for ThinStr {}

impl ThinStr {
    /// The empty text (no allocation).
    pub const EMPTY: ThinStr = ThinStr {
        start: Self::EMPTY_MARK,
        owns: PhantomData,
    };

    /// Where an empty text points: the well-aligned dangling address (4), which no
    /// allocator returns.
    const EMPTY_MARK: NonNull<u8> = NonNull::<u32>::dangling().cast();

    /// A copy of `text`.
    pub fn new(text: &str) -> Self {
        if text.is_empty() {
            return Self::EMPTY;
        }
        let (header, header_bytes) = encode_header(text.len());
        let Some(layout) = Self::layout(text.len()) else {
            // Longer than memory can hold: `String` would have failed already.
            handle_alloc_error(Layout::new::<u32>());
        };
        // SAFETY: `layout` has a non-zero size (at least the header).
        let raw = unsafe { alloc(layout) };
        let Some(start) = NonNull::new(raw) else {
            handle_alloc_error(layout);
        };
        // SAFETY: the allocation is `header_bytes + text.len()` bytes (`layout`); the header
        // is written at its start and the text right after, without overlap (both sources
        // are other memory).
        unsafe {
            std::ptr::copy_nonoverlapping(header.as_ptr(), start.as_ptr(), header_bytes);
            std::ptr::copy_nonoverlapping(
                text.as_ptr(),
                start.as_ptr().add(header_bytes),
                text.len(),
            );
        }
        Self {
            start,
            owns: PhantomData,
        }
    }

    /// The allocation for a text of `len` bytes, or `None` when it cannot exist.
    fn layout(len: usize) -> Option<Layout> {
        let size = encode_header(len).1.checked_add(len)?;
        Layout::from_size_align(size, std::mem::align_of::<u32>()).ok()
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        if self.start == Self::EMPTY_MARK {
            return "";
        }
        let start = self.start.as_ptr();
        // SAFETY: `start` is not the empty mark, so it points to a live allocation made by
        // `new`: a header (4 bytes, and 8 more for a long text), then as many bytes as it
        // says, copied from a `&str` (so valid UTF-8) and never changed since; it lives as
        // long as `self`.
        unsafe {
            let (len, header_bytes) = decode_header(start.cast::<[u8; 4]>().read(), || {
                start.add(SHORT_HEADER_BYTES).cast::<[u8; 8]>().read()
            });
            let bytes = std::slice::from_raw_parts(start.add(header_bytes), len);
            std::str::from_utf8_unchecked(bytes)
        }
    }
}

impl Drop for ThinStr {
    fn drop(&mut self) {
        if self.start == Self::EMPTY_MARK {
            return;
        }
        let (start, len) = (self.start, self.as_str().len());
        if let Some(layout) = Self::layout(len) {
            // SAFETY: `start` is not the empty mark, so it was allocated by `new` with exactly
            // this layout (same length), and is freed once, here.
            unsafe { dealloc(start.as_ptr(), layout) };
        }
    }
}

impl Default for ThinStr {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl Clone for ThinStr {
    fn clone(&self) -> Self {
        Self::new(self.as_str())
    }
}

reads_as_str!(ThinStr);

impl PartialEq for ThinStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ThinStr {}

impl PartialOrd for ThinStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ThinStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for ThinStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl From<&str> for ThinStr {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<&String> for ThinStr {
    fn from(text: &String) -> Self {
        Self::new(text)
    }
}

impl From<String> for ThinStr {
    fn from(text: String) -> Self {
        Self::new(&text)
    }
}

impl From<&ThinStr> for String {
    fn from(text: &ThinStr) -> Self {
        text.as_str().to_owned()
    }
}

impl From<ThinStr> for String {
    fn from(text: ThinStr) -> Self {
        text.as_str().to_owned()
    }
}

impl serde::Serialize for ThinStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ThinStr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::new(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thin_string_takes_one_pointer_and_an_empty_one_allocates_nothing() {
        assert_eq!(std::mem::size_of::<ThinStr>(), 8);
        assert_eq!(std::mem::size_of::<Option<ThinStr>>(), 8);
        assert_eq!(ThinStr::new("").start, ThinStr::EMPTY_MARK);
        assert!(ThinStr::default().is_empty());
    }

    #[test]
    fn it_reads_back_every_text_it_was_made_of_and_compares_as_that_text() {
        for text in [
            "",
            "a",
            "护学岗 01",
            "中站区许衡文化广场夜市 😀",
            &"长".repeat(5000),
        ] {
            let thin = ThinStr::from(text);
            assert_eq!(thin.as_str(), text);
            assert_eq!(thin, text);
            assert_eq!(text, thin);
            assert_eq!(thin.clone(), thin);
            assert_eq!(String::from(&thin), text);
            assert_eq!(thin.to_string(), text);
            assert_eq!(format!("{thin:?}"), format!("{text:?}"));
        }
        let (a, ab, b) = (ThinStr::from("a"), ThinStr::from("ab"), ThinStr::from("b"));
        assert!(a < ab && ab < b);
        assert_ne!(a, ab);
    }

    #[test]
    fn the_length_in_front_takes_4_bytes_below_4_gib_and_12_from_there_on() {
        for len in [1, 255, 65_536, u32::MAX as usize - 1] {
            let (header, bytes) = encode_header(len);
            assert_eq!(bytes, 4);
            let first = [header[0], header[1], header[2], header[3]];
            assert_eq!(decode_header(first, || unreachable!()), (len, 4));
        }
        for len in [u32::MAX as usize, u32::MAX as usize + 1, 1 << 40] {
            let (header, bytes) = encode_header(len);
            assert_eq!(bytes, 12);
            let first = [header[0], header[1], header[2], header[3]];
            let mut rest = [0; 8];
            rest.copy_from_slice(&header[4..]);
            assert_eq!(decode_header(first, || rest), (len, 12));
        }
    }

    #[test]
    fn clones_are_independent_and_survive_the_original() {
        let original = ThinStr::from(String::from("瓜果疏导区"));
        let copy = original.clone();
        drop(original);
        assert_eq!(copy, "瓜果疏导区");
        let moved_between_threads = std::thread::spawn(move || copy.len()).join();
        assert_eq!(moved_between_threads.ok(), Some("瓜果疏导区".len()));
    }

    #[test]
    fn it_finds_a_thin_key_in_a_map_by_its_text() {
        let mut map = std::collections::HashMap::new();
        map.insert(ThinStr::from("hx-01"), 1);
        assert_eq!(map.get("hx-01"), Some(&1));
    }
}
