//! Giving memory back to the system after a large build. Loading and indexing a big file makes
//! large temporary buffers (the points gathered for the spatial index and the clusters, the
//! clusters' scratch levels, the parsed JSON); the C allocator keeps what they freed mapped
//! in the process, which at a million facilities is about 50 bytes per facility of resident
//! memory holding nothing. After a full rebuild of a big catalog the app hands those pages
//! back (glibc's `malloc_trim`; elsewhere nothing happens).

/// From this many facilities a full rebuild returns the memory it freed (below, the few
/// kilobytes are not worth the allocator's walk).
pub(super) const RETURN_FREED_MEMORY_FROM: usize = 10_000;

/// Returns the allocator's free pages to the system (glibc on Linux; a no-op elsewhere).
pub(super) fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let started = std::time::Instant::now();
        // SAFETY: `malloc_trim` takes the allocator's own locks and only releases pages no
        // allocation uses; it may be called from any thread at any time.
        let released = unsafe { libc::malloc_trim(0) } == 1;
        log::debug!(
            "returned freed memory to the system ({released}) in {:.1} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
    }
}
