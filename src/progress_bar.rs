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
