//! [`SharedText`]: a text many facilities hold at once (a source quote, an article reference,
//! how positions were placed), kept once and shared. One pointer per holder (8 bytes); the
//! set of texts met so far makes equal texts the same allocation, and forgets texts no
//! facility holds any more.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock, Mutex};

use super::thin_str::{ThinStr, reads_as_str};

/// A shared immutable text; reads as a `&str`. Build one with [`shared_text`] (or `From`,
/// which goes through it), so equal texts share one allocation.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SharedText(Arc<ThinStr>);

/// The empty text every empty [`SharedText`] points to.
static EMPTY: LazyLock<SharedText> = LazyLock::new(|| SharedText(Arc::new(ThinStr::EMPTY)));

/// The texts met so far, each kept once. Texts no facility holds any more are dropped whenever
/// the set has doubled since the last look, so it stays about the size of the texts in use.
struct SharedTexts {
    texts: HashSet<SharedText>,
    look_again_at: usize,
}

static SHARED_TEXTS: LazyLock<Mutex<SharedTexts>> = LazyLock::new(|| {
    Mutex::new(SharedTexts {
        texts: HashSet::new(),
        look_again_at: 1024,
    })
});

/// `text` as a shared text: the same allocation as every other facility's equal text (a
/// source quote of 60 bytes repeated on 300 000 facilities is kept once).
pub fn shared_text(text: &str) -> SharedText {
    if text.is_empty() {
        return SharedText::default();
    }
    let Ok(mut shared) = SHARED_TEXTS.lock() else {
        return SharedText(Arc::new(ThinStr::new(text)));
    };
    if let Some(found) = shared.texts.get(text) {
        return found.clone();
    }
    if shared.texts.len() >= shared.look_again_at {
        shared.texts.retain(|kept| Arc::strong_count(&kept.0) > 1);
        shared.look_again_at = (shared.texts.len() * 2).max(1024);
    }
    let new = SharedText(Arc::new(ThinStr::new(text)));
    shared.texts.insert(new.clone());
    new
}

impl SharedText {
    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Default for SharedText {
    /// The empty text (shared, no allocation per holder).
    fn default() -> Self {
        EMPTY.clone()
    }
}

reads_as_str!(SharedText);

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        shared_text(text)
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        shared_text(&text)
    }
}

impl From<&String> for SharedText {
    fn from(text: &String) -> Self {
        shared_text(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_allocation_and_an_empty_one_is_the_shared_empty() {
        let a = shared_text("位置为示意：文章未给出坐标");
        let b = SharedText::from(String::from("位置为示意：文章未给出坐标"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(Arc::ptr_eq(&SharedText::default().0, &shared_text("").0));
        assert_eq!(std::mem::size_of::<SharedText>(), 8);
        assert_eq!(a, "位置为示意：文章未给出坐标");
        assert_eq!(a.to_string(), "位置为示意：文章未给出坐标");
    }
}
