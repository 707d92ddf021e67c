//! The fuzzer's CI form: a few thousand generated, near-valid and byte-mutated statements of
//! every family and a few hundred mutated import files, against a real directory (see
//! `tests/fuzzgen`). Longer runs: `MTODIR_FUZZ_STATEMENTS=100000 MTODIR_FUZZ_SEED=7 cargo test
//! --release --test fuzz`, or `cargo run --release --example fuzz -- --statements 10000000`.

mod common;
mod fuzzgen;

use fuzzgen::{Config, Fuzzer};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn statements_never_panic_hang_or_change_anything_when_they_fail() {
    let mut config = Config::new(
        env("MTODIR_FUZZ_SEED", 20_260_501),
        env("MTODIR_FUZZ_STATEMENTS", 1_500),
    );
    // Debug builds are slow; the budget is for hangs, not for speed.
    config.budget = std::time::Duration::from_secs(10);
    config.full_every = 25;
    config.episode = 600;
    let mut fuzzer = Fuzzer::new(config);
    fuzzer.run();
    let r = &fuzzer.report;
    eprintln!("{r:#?}");
    assert!(
        r.findings.is_empty(),
        "the fuzzer found {} problems: {:#?}",
        r.findings.len(),
        r.findings
    );
    assert!(r.syntax_errors > 0 && r.succeeded > 0 && r.failed > 0, "{r:#?}");
    assert!(
        r.imports_failed > 0 && r.full_checks > 0 && r.mutated_texts > 0,
        "{r:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// What the fuzzer found, kept as regression tests.

/// Found by the CI run (seed 20260501): typeahead text of more than 32 words made the planner
/// shift a u32 mask past its width (a panic in debug builds, wrong subsets in release).
#[test]
fn typeahead_text_of_many_words_is_planned_without_overflow() {
    let (_dir, directory) = common::demo();
    let mut s = directory.session();
    let one = common::mails(&mut s, "search people in tenant A for \"an\"");
    for n in [11, 32, 33, 40, 100] {
        let text = vec!["an"; n].join(" ");
        let many = common::mails(&mut s, &format!("search people in tenant A for \"{text}\""));
        assert_eq!(many, one, "{n} words");
        let counted = common::count(&mut s, &format!("count people in tenant A for \"{text}\""));
        assert_eq!(counted, one.len() as u64);
    }
    let words: String = (0..40).map(|i| format!("w{i} ")).collect();
    assert!(common::mails(&mut s, &format!("search people in tenant A for \"{words}\"")).is_empty());
}

/// Found by the long run (seed 13): a mapping whose expression does not parse was refused
/// with a caret in the expression's own text (`line text "Join(" is not line 1`), not in the
/// statement. It is a syntax error of the statement, the caret where the expression breaks.
#[test]
fn a_mapping_that_does_not_parse_is_located_in_the_statement() {
    for text in [
        "map postalCode of sync \"A to B\" to  Join( always",
        "map jobTitle of sync \"B to C\" to \"unterminated",
        "map department  of sync \"A to B\" in tenant B\tto Nope([x]) on\tcreate;",
        "map userPrincipalName of sync \"A to B\" to [nope] oncreate;",
        "show syncs;\n  map city of sync \"A to B\" to Join(\" \", [city],",
    ] {
        let e = mtodir::parse_script(text).expect_err(text);
        fuzzgen::check_error(text, &e, true).unwrap_or_else(|why| panic!("{text}: {why}"));
        let mtodir::Error::Syntax(d) = &e else {
            panic!("{text}: {e:?}")
        };
        let at = text.lines().nth(d.line - 1).unwrap();
        assert!(
            at.contains(" to "),
            "{text}: the caret is on the statement's line: {d:?}"
        );
    }
    // A mapping that parses still goes through.
    mtodir::parse_script("map jobTitle of sync \"A to B\" to Join(\" \", [jobTitle], \"(A)\") always").unwrap();
}
