//! The shell's progress bar (indicatif, on stderr when it is a terminal): what the REPL and
//! the command line hand to [`crate::Session::set_progress`].

use crate::session::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A progress bar on stderr, shown only when stderr is a terminal.
#[derive(Default)]
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    /// A bar for the session, or `None` when stderr is not a terminal.
    pub fn for_terminal() -> Option<Box<dyn Progress>> {
        std::io::stderr()
            .is_terminal()
            .then(|| Box::new(Bar::default()) as Box<dyn Progress>)
    }
}

impl Progress for Bar {
    fn begin(&mut self, what: &str, total: u64) {
        let bar = ProgressBar::new(total);
        let style = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(what.to_owned());
        self.bar = Some(bar);
    }

    fn advance(&mut self, done: u64) {
        if let Some(b) = &self.bar {
            b.set_position(done);
        }
    }

    fn end(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

/// What the shell says while redb repairs a file that was not closed cleanly: a line at
/// once, and a bar when the repair takes more than a moment (on a terminal).
pub struct RepairNotice {
    file: String,
    state: std::cell::RefCell<Option<(std::time::Instant, Option<ProgressBar>)>>,
}

impl RepairNotice {
    /// A notice for the file shown as `file`.
    pub fn new(file: impl Into<String>) -> RepairNotice {
        RepairNotice {
            file: file.into(),
            state: std::cell::RefCell::new(None),
        }
    }

    /// redb's repair has got this far (0.0 to 1.0; 1.0 when it is done).
    pub fn progress(&self, done: f64) {
        let mut state = self.state.borrow_mut();
        let (started, bar) = state.get_or_insert_with(|| {
            eprintln!("repairing {} after an unclean shutdown…", self.file);
            (std::time::Instant::now(), None)
        });
        if done >= 1.0 {
            if let Some(b) = bar.take() {
                b.finish_and_clear();
            }
            return;
        }
        if bar.is_none() && started.elapsed().as_millis() > 500 && std::io::stderr().is_terminal() {
            let b = ProgressBar::new(1000);
            let style = ProgressStyle::with_template("repairing {bar:40} {percent}% ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            b.set_style(style);
            *bar = Some(b);
        }
        if let Some(b) = bar {
            b.set_position((done.clamp(0.0, 1.0) * 1000.0) as u64);
        }
    }
}
