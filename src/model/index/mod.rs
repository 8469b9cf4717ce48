//! Indexes over the facilities, queried per frame or per keystroke: clusters of symbols,
//! the spatial index for "nearby", screen-space hit-testing, nearest per category, name order and search.

pub mod cluster;
pub mod hit_test;
pub mod name_order;
pub mod nearest;
pub mod pinyin_match;
pub mod search;
pub mod spatial;
