//! A progress bar on standard error for long runs on a terminal: hidden for the first
//! second, so quick runs print nothing extra.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Runs shorter than this never show a bar.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// The delay before the bar shows: `SHOW_AFTER`, or `SONGSHEET_PROGRESS_AFTER_MS` (a
/// hook for the tests, which cannot wait for a slow run).
fn show_after() -> Duration {
    std::env::var("SONGSHEET_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(SHOW_AFTER)
}

/// Counts checked files; shows a bar once the run has taken a second.
pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    after: Duration,
    shown: AtomicBool,
}

impl Progress {
    /// A bar for files still being found ([`Progress::found`]), drawn only later and
    /// only if `enabled`.
    pub fn new(enabled: bool) -> Option<Progress> {
        if !enabled {
            return None;
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} checking {pos}/{len} files {wide_bar} {elapsed}",
        ) {
            bar.set_style(style);
        }
        Some(Progress {
            bar,
            start: Instant::now(),
            after: show_after(),
            shown: AtomicBool::new(false),
        })
    }

    /// One more file to check.
    pub fn found(&self) {
        self.bar.inc_length(1);
    }

    /// One more file checked.
    pub fn tick(&self) {
        self.bar.inc(1);
        if self.start.elapsed() >= self.after && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar before the report is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
