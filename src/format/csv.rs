//! CSV records appended straight to a buffer, byte for byte as the `csv` crate's writer
//! writes them with its defaults: fields separated by `,`, a field quoted only when it holds
//! `,`, `"`, `\r` or `\n` (a `"` inside doubled), `\n` after each record, and a record whose
//! only field is empty (or that has none) written as `""` so that it is not a blank line.
//! Streamed rows take this path: the crate's writer keeps per-record state and its own
//! buffer, which cost a streamed row more than the fields themselves.

/// The bytes that make a field quoted.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b',' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'\n' as usize] = true;
    table
};

/// True when `field` must be quoted.
fn needs_quotes(field: &[u8]) -> bool {
    field.iter().any(|&b| SPECIAL[usize::from(b)])
}

/// Appends `field`, quoted when it needs to be.
fn field(out: &mut Vec<u8>, field: &[u8]) {
    if !needs_quotes(field) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for part in field.split_inclusive(|&b| b == b'"') {
        out.extend_from_slice(part);
        if part.ends_with(b"\"") {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

/// Appends one record of `fields` and its terminator to `out`.
pub fn record<F: AsRef<[u8]>>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = F>) {
    let start = out.len();
    let mut count = 0usize;
    for f in fields {
        if count > 0 {
            out.push(b',');
        }
        count += 1;
        field(out, f.as_ref());
    }
    if out.len() == start && count <= 1 {
        out.extend_from_slice(b"\"\"");
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::record;
    use proptest::prelude::*;

    /// What the `csv` crate's writer, with its defaults, makes of the same records.
    fn crate_writes(records: &[Vec<String>]) -> Vec<u8> {
        let mut w = ::csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        for r in records {
            w.write_record(r).expect("into memory");
        }
        w.into_inner().expect("into memory")
    }

    fn ours(records: &[Vec<String>]) -> Vec<u8> {
        let mut out = Vec::new();
        for r in records {
            record(&mut out, r);
        }
        out
    }

    #[test]
    fn the_edges_are_written_as_the_crate_writes_them() {
        let records: Vec<Vec<String>> = [
            vec!["displayName", "mail"],
            vec!["Brown, Bob", "bob@b.example"],
            vec!["say \"hi\"", ""],
            vec!["two\nlines", "cr\r"],
            vec![""],
            vec![],
            vec!["", ""],
            vec!["\"", " padded "],
            vec!["Núñez", "#hash"],
        ]
        .iter()
        .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
        .collect();
        assert_eq!(
            String::from_utf8(ours(&records)).unwrap(),
            String::from_utf8(crate_writes(&records)).unwrap()
        );
    }

    proptest! {
        #[test]
        fn records_are_written_as_the_crate_writes_them(
            records in prop::collection::vec(
                prop::collection::vec("[a-c ,\"\r\n#é]{0,6}", 0..5),
                0..6,
            )
        ) {
            prop_assert_eq!(ours(&records), crate_writes(&records));
        }
    }
}
