//! The interactive shell: rustyline with history, completion and multi-line statements.

use crate::format::{Mode, emit};
use crate::{Directory, Session};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Editor, Helper, Highlighter, Hinter};
use std::path::PathBuf;
use std::time::Instant;

/// Words that complete a statement on their own, without `;`.
const ONE_WORD: &[&str] = &["demo", "help", "whoami", "begin", "commit", "rollback", "quit", "exit"];

const SHELL_HELP: &str = "\
.mode table|json|csv   how rows are printed
.timer on|off          print how long each statement took
.read FILE             run a script file (atomically, unless it uses begin/commit)
.compact               reclaim the free space bulk loads leave in the file
.help                  this list (`help` explains the language)
.quit                  leave (also Ctrl-D)
Statements end with `;` and may span lines. Tab completes keywords, attributes and tenants.";

/// Completion of keywords, attribute names and tenant handles; multi-line input until `;`.
#[derive(Helper, Highlighter, Hinter, Default)]
struct ShellHelper {
    /// Everything that can be completed.
    words: Vec<String>,
    /// Attribute names (after `where`, `and`, `by`, `fields`, …).
    attributes: Vec<String>,
    /// Tenant handles (after `tenant`).
    tenants: Vec<String>,
}

/// Words after which an attribute name comes.
const BEFORE_ATTRIBUTE: &[&str] = &["where", "and", "or", "not", "by", "fields", "set", "with", ","];

impl ShellHelper {
    fn refresh(&mut self, directory: &Directory) {
        self.attributes = crate::Attr::ALL.iter().map(|a| a.name().to_owned()).collect();
        self.tenants = directory.tenant_handles().unwrap_or_default();
        let mut words: Vec<String> = crate::lang::help::keywords().iter().map(|k| k.to_string()).collect();
        words.extend(self.attributes.iter().cloned());
        words.extend(self.tenants.iter().cloned());
        words.extend([".mode", ".timer", ".read", ".compact", ".help", ".quit"].map(String::from));
        words.sort();
        words.dedup();
        self.words = words;
    }

    /// The words that fit after `before` (the text left of the word being completed).
    fn candidates(&self, before: &str) -> &[String] {
        let previous = before.trim_end();
        let last = previous
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or_default()
            .to_lowercase();
        if last == "tenant" {
            &self.tenants
        } else if previous.ends_with(',') || BEFORE_ATTRIBUTE.contains(&last.as_str()) {
            &self.attributes
        } else {
            &self.words
        }
    }
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = line[..pos]
            .rfind(|c: char| c.is_whitespace() || "(,=".contains(c))
            .map_or(0, |i| i + 1);
        let typed = line[start..pos].to_lowercase();
        let matches = self
            .candidates(&line[..start])
            .iter()
            .filter(|w| w.to_lowercase().starts_with(&typed))
            .map(|w| Pair {
                display: w.clone(),
                replacement: w.clone(),
            })
            .collect();
        Ok((start, matches))
    }
}

impl Validator for ShellHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if is_complete(ctx.input()) {
            ValidationResult::Valid(None)
        } else {
            ValidationResult::Incomplete
        })
    }
}

/// True when the input is ready to run: a dot command, a lone one-word statement, blank, or
/// text whose last non-comment character is `;`.
fn is_complete(input: &str) -> bool {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.starts_with('.') {
        return true;
    }
    let first = trimmed.split_whitespace().next().unwrap_or_default().to_lowercase();
    if !trimmed.contains('\n') && ONE_WORD.contains(&first.as_str()) {
        return true;
    }
    let code: Vec<&str> = input
        .lines()
        .map(|l| l.split("--").next().unwrap_or_default().trim_end())
        .collect();
    code.iter()
        .rev()
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.ends_with(';'))
}

fn history_path() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default()
        .join(".mtodir_history")
}

/// What the shell asks of the loop after a line.
enum Next {
    /// Read the next line.
    Continue,
    /// Compact the file, then go on.
    Compact,
    /// Leave.
    Quit,
}

/// Runs the REPL on `directory` until `.quit` or end of input.
pub fn run(directory: &mut Directory, mode: Mode) -> crate::Result<()> {
    let config = rustyline::Config::builder()
        .completion_type(rustyline::CompletionType::List)
        .build();
    let mut editor: Editor<ShellHelper, rustyline::history::DefaultHistory> =
        Editor::with_config(config).map_err(|e| crate::Error::invalid(format!("cannot start the line editor: {e}")))?;
    let mut helper = ShellHelper::default();
    helper.refresh(directory);
    editor.set_helper(Some(helper));
    let history = history_path();
    let _ = editor.load_history(&history);

    println!("mtodir {} on {}", env!("CARGO_PKG_VERSION"), directory.path().display());
    println!("Type `help` for the language, `.help` for the shell, `.quit` to leave.");
    if directory.is_empty().unwrap_or(false) {
        println!("This database is empty: type `demo` to load the sample organization from the seeds");
        println!("(tenants A, B and C with Annie, Bob, Barbara, Charlie and colleagues).");
    }
    let (mut mode, mut timer, mut acting): (Mode, bool, Option<String>) = (mode, false, None);
    loop {
        let mut session = directory.session();
        session.set_progress(crate::progress_bar::Bar::for_terminal());
        let mut shell = Shell { session, mode, timer };
        if let Some(handle) = &acting {
            let _ = shell.session.use_tenant(handle);
        }
        let next = shell.read_lines(&mut editor, directory);
        (mode, timer) = (shell.mode, shell.timer);
        acting = match shell.session.principal() {
            crate::Principal::TenantAdmin { handle, .. } => Some(handle.clone()),
            crate::Principal::Operator => None,
        };
        if shell.session.in_transaction() {
            println!("the open transaction was rolled back");
        }
        drop(shell);
        match next? {
            Next::Compact => match directory.compact() {
                Ok((before, after)) => println!("compacted: {} KiB -> {} KiB", before / 1024, after / 1024),
                Err(e) => eprintln!("{e}"),
            },
            Next::Quit | Next::Continue => break,
        }
    }
    let _ = editor.save_history(&history);
    Ok(())
}

/// The state of one REPL: the session and the shell settings.
struct Shell<'d> {
    session: Session<'d>,
    mode: Mode,
    timer: bool,
}

impl Shell<'_> {
    /// Reads and runs lines until the user leaves or asks for something the session must
    /// not be open for.
    fn read_lines(
        &mut self,
        editor: &mut Editor<ShellHelper, rustyline::history::DefaultHistory>,
        directory: &Directory,
    ) -> crate::Result<Next> {
        loop {
            match editor.readline(&self.prompt()) {
                Ok(line) => {
                    if line.trim().is_empty() {
                        continue;
                    }
                    let _ = editor.add_history_entry(line.as_str());
                    match self.line(&line) {
                        Next::Continue => {}
                        other => return Ok(other),
                    }
                    if let Some(h) = editor.helper_mut() {
                        h.refresh(directory);
                    }
                }
                Err(ReadlineError::Interrupted) => println!("(Ctrl-C: statement dropped; `.quit` or Ctrl-D leaves)"),
                Err(ReadlineError::Eof) => return Ok(Next::Quit),
                Err(e) => return Err(crate::Error::invalid(format!("cannot read input: {e}"))),
            }
        }
    }

    fn prompt(&self) -> String {
        let who = match self.session.principal() {
            crate::Principal::Operator => String::new(),
            crate::Principal::TenantAdmin { handle, .. } => format!("({handle})"),
        };
        let txn = if self.session.in_transaction() { "*" } else { "" };
        format!("mtodir{who}{txn}> ")
    }

    /// Handles one input.
    fn line(&mut self, line: &str) -> Next {
        let trimmed = line.trim();
        if let Some(command) = trimmed.strip_prefix('.') {
            return self.dot(command);
        }
        let lower = trimmed.trim_end_matches(';').trim().to_lowercase();
        if lower == "quit" || lower == "exit" {
            return Next::Quit;
        }
        let started = Instant::now();
        let mode = self.mode;
        let mut rows = crate::format::stdout_rows(mode);
        match self.session.run_streaming(line, &mut rows, |o| emit(&o, mode)) {
            Ok(()) if crate::lang::loads_users(line) => {
                println!("(`.compact` gives back the free space a bulk load leaves in the file)");
            }
            Ok(()) => {}
            Err(e) => eprintln!("{e}"),
        }
        if self.timer {
            println!("({:.3} ms)", started.elapsed().as_secs_f64() * 1e3);
        }
        Next::Continue
    }

    fn dot(&mut self, command: &str) -> Next {
        let mut parts = command.split_whitespace();
        let name = parts.next().unwrap_or_default();
        let arg = parts.collect::<Vec<_>>().join(" ");
        match (name, arg.as_str()) {
            ("quit" | "exit" | "q", _) => return Next::Quit,
            ("compact", _) if self.session.in_transaction() => eprintln!("commit or rollback the transaction first"),
            ("compact", _) => return Next::Compact,
            ("help", _) => println!("{SHELL_HELP}"),
            ("mode", "") => println!("mode: {:?} (`.mode table|json|csv`)", self.mode),
            ("mode", m) => match m.parse() {
                Ok(mode) => self.mode = mode,
                Err(e) => eprintln!("{e}"),
            },
            ("timer", "on") => self.timer = true,
            ("timer", "off") => self.timer = false,
            ("timer", _) => eprintln!("use `.timer on` or `.timer off`"),
            ("read", "") => eprintln!("use `.read FILE`"),
            ("read", file) => match self.session.directory().read_script(file) {
                Ok(text) => {
                    let mode = self.mode;
                    let mut rows = crate::format::stdout_rows(mode);
                    if let Err(e) = self.session.run_script_streaming(&text, &mut rows, |o| emit(&o, mode)) {
                        eprintln!("{file}: {e}");
                    }
                }
                Err(e) => eprintln!("{e}"),
            },
            (other, _) => {
                let hint = crate::suggest::hint(other, ["mode", "timer", "read", "compact", "help", "quit"]);
                eprintln!("unknown shell command `.{other}`{hint}; `.help` lists them");
            }
        }
        Next::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::is_complete;

    #[test]
    fn statements_complete_at_the_semicolon() {
        assert!(is_complete("show tenants;"));
        assert!(!is_complete("search people in tenant B"));
        assert!(is_complete("search people\n in tenant B; -- done"));
        assert!(is_complete("demo"));
        assert!(is_complete(".mode json"));
        assert!(!is_complete("search people in tenant B -- no end;"));
    }
}

#[cfg(test)]
mod completion_tests {
    use super::*;

    #[test]
    fn completes_keywords() {
        let helper = ShellHelper {
            words: vec!["search".into(), "select".into()],
            ..ShellHelper::default()
        };
        let history = rustyline::history::DefaultHistory::new();
        let ctx = Context::new(&history);
        let (start, found) = helper.complete("sear", 4, &ctx).unwrap();
        assert_eq!(start, 0);
        assert_eq!(
            found.iter().map(|p| p.replacement.as_str()).collect::<Vec<_>>(),
            vec!["search"]
        );
    }

    #[test]
    fn completes_the_real_vocabulary() {
        let dir = tempfile::tempdir().unwrap();
        let directory = Directory::open(dir.path().join("c.redb")).unwrap();
        let mut helper = ShellHelper::default();
        helper.refresh(&directory);
        directory
            .session()
            .execute("create tenant Contoso domain contoso.example")
            .unwrap();
        helper.refresh(&directory);
        let history = rustyline::history::DefaultHistory::new();
        let ctx = Context::new(&history);
        let (_, found) = helper.complete("dem", 3, &ctx).unwrap();
        assert_eq!(
            found.iter().map(|p| p.replacement.as_str()).collect::<Vec<_>>(),
            vec!["demo"]
        );
        let names = |line: &str| -> Vec<String> {
            helper
                .complete(line, line.len(), &ctx)
                .unwrap()
                .1
                .into_iter()
                .map(|p| p.replacement)
                .collect()
        };
        assert_eq!(names("search people in tenant C"), vec!["Contoso"]);
        assert_eq!(names("find users where dep"), vec!["department"]);
        assert_eq!(names("find users order by displayName, sur"), vec!["surname"]);
    }
}
