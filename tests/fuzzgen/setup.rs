//! What a run starts from: the vocabulary of the pristine directory and the import files to
//! mutate.

use super::Base;
use super::grammar::Vocab;
use mtodir::{Attr, Session};
use std::path::Path;

/// The names of the pristine directory, for the generator.
pub fn vocabulary(s: &mut Session<'_>) -> Vocab {
    let tenants = crate::common::rows(s, "show tenants").strings("handle");
    let mut vocab = Vocab {
        domains: ["a.example", "b.example", "c.example", "f.example", "contoso.example"]
            .map(String::from)
            .to_vec(),
        attrs: Attr::ALL.iter().map(|a| a.name().to_owned()).collect(),
        files: [
            "users.csv",
            "users.jsonl",
            "users.json",
            "entra.csv",
            "sub/x.csv",
            "../mtodir-fuzz-outside.csv",
            "/nonexistent-mtodir-folder/out.csv",
            "import-0.csv",
            "import-1.jsonl",
        ]
        .map(String::from)
        .to_vec(),
        ..Vocab::default()
    };
    for handle in &tenants {
        vocab.upns.extend(crate::common::upns(
            s,
            &format!("find users in tenant {handle} limit 1000"),
        ));
        vocab
            .groups
            .extend(crate::common::rows(s, &format!("show groups in tenant {handle}")).strings("displayName"));
    }
    vocab.tenants = tenants;
    vocab
}

/// Import files of every format with 25 users of tenant F: exported by a rolled-back
/// generate, and Entra's two layouts written out.
pub(super) fn base_files(s: &mut Session<'_>, files: &Path) -> Vec<Base> {
    s.begin().expect("begin");
    s.execute("generate users into tenant F count 25 seed 3")
        .expect("generate");
    let mut bases = Vec::new();
    for (word, ext) in [("csv", "csv"), ("jsonl", "jsonl"), ("json", "json")] {
        let path = files.join(format!("base.{ext}"));
        s.export_users("F", &path, Some(word)).expect("export");
        bases.push((word, ext, std::fs::read(&path).expect("read the export")));
        std::fs::remove_file(&path).expect("remove the export");
    }
    let users = crate::common::rows(
        s,
        "find users in tenant F limit 100 fields userPrincipalName, displayName, givenName, surname, jobTitle, department, city",
    );
    s.rollback();
    let cell = |r: &[mtodir::Value], i: usize| r[i].to_string().replace(',', " ");
    let mut download = String::from(
        "\u{feff}User principal name,Display name,Given name,Surname,Job title,Department,City,Account enabled\n",
    );
    let mut bulk = String::from(
        "version:v1.0,,,,\nName [displayName] Required,User name [userPrincipalName] Required,First name [givenName],Last name [surname],Block sign in (Yes/No) [accountEnabled] Required\n",
    );
    for r in &users.rows {
        download.push_str(&format!(
            "{},{},{},{},{},{},{},True\n",
            cell(r, 0),
            cell(r, 1),
            cell(r, 2),
            cell(r, 3),
            cell(r, 4),
            cell(r, 5),
            cell(r, 6)
        ));
        bulk.push_str(&format!(
            "{},{},{},{},No\n",
            cell(r, 1),
            cell(r, 0),
            cell(r, 2),
            cell(r, 3)
        ));
    }
    bases.push(("entra", "csv", download.into_bytes()));
    bases.push(("entra", "csv", bulk.into_bytes()));
    bases
}
