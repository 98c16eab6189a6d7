//! The IP allowlist field (our extension, `allowedCidrs`): what the user typed read as entries,
//! each checked by the rules crate on its own so that every faulty line is named at once, the
//! recent addresses added to it, and whether a list leaves out the address the token was last
//! used from.

use std::net::IpAddr;

pub use api_tokens_rules::{Cidr, CidrError, ALLOWLIST_MAX};

/// What is wrong with an allowlist as typed; each entry's problem names its line and the
/// entry as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a network ([`api_tokens_rules::cidr`] says why).
    Entry {
        line: usize,
        entry: String,
        error: CidrError,
    },
    /// The same network as an earlier entry (`10.0.0.0/8` and `::ffff:10.0.0.0/104`).
    Duplicate {
        line: usize,
        entry: String,
        network: Cidr,
    },
    /// More than [`ALLOWLIST_MAX`] entries.
    TooMany { n: usize },
    /// Empty, where the organization requires a list.
    Required,
}

/// The entries of `text` with their line numbers (from 1): one per line, and a pasted line of
/// several split at commas and blanks; blank lines left out.
pub fn entries(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .flat_map(|(i, line)| {
            line.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|e| !e.is_empty())
                .map(move |e| (i + 1, e))
        })
        .collect()
}

/// The allowlist `text` makes, in canonical form (what the backend stores and lists), or every
/// problem in it, in line order. Empty text is no allowlist, unless `required`.
pub fn check(text: &str, required: bool) -> Result<Vec<String>, Vec<Problem>> {
    let found = entries(text);
    let mut problems = Vec::new();
    let mut networks: Vec<Cidr> = Vec::with_capacity(found.len());
    for (line, entry) in &found {
        match api_tokens_rules::cidr(entry) {
            Ok(network) if networks.contains(&network) => problems.push(Problem::Duplicate {
                line: *line,
                entry: entry.to_string(),
                network,
            }),
            Ok(network) => networks.push(network),
            Err(error) => problems.push(Problem::Entry {
                line: *line,
                entry: entry.to_string(),
                error,
            }),
        }
    }
    if found.len() > ALLOWLIST_MAX {
        problems.push(Problem::TooMany { n: found.len() });
    }
    if found.is_empty() && required {
        problems.push(Problem::Required);
    }
    if problems.is_empty() {
        Ok(networks.iter().map(Cidr::to_string).collect())
    } else {
        Err(problems)
    }
}

/// Whether the allowlist `list` (canonical entries; empty: none) refuses `ip`. An address that
/// does not read as one is not said to be left out.
pub fn excludes(list: &[String], ip: &str) -> bool {
    let Ok(ip) = ip.trim().parse::<IpAddr>() else {
        return false;
    };
    let networks: Vec<Cidr> = list.iter().filter_map(|c| c.parse().ok()).collect();
    !networks.is_empty() && !api_tokens_rules::allows(&networks, ip)
}

/// `text` with each of `addresses` that its entries do not yet allow added on a line of its
/// own (as typed entries are kept: nothing the user typed is lost).
pub fn with_addresses(text: &str, addresses: &[String]) -> String {
    let mut networks: Vec<Cidr> = entries(text)
        .into_iter()
        .filter_map(|(_, e)| e.parse().ok())
        .collect();
    let mut out = text.trim_end().to_string();
    for address in addresses {
        let Ok(ip) = address.trim().parse::<IpAddr>() else {
            continue;
        };
        if networks.iter().any(|n| n.contains(ip)) {
            continue;
        }
        let Ok(network) = ip.to_canonical().to_string().parse::<Cidr>() else {
            continue;
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&ip.to_canonical().to_string());
        networks.push(network);
    }
    out
}

/// The text a list shows in the field: one entry per line.
pub fn text_of(list: &[String]) -> String {
    list.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_lines_or_pasted_lists() {
        assert_eq!(
            entries("10.0.0.0/8\n\n  2001:db8::/32  \n1.2.3.4, 5.6.7.8 9.9.9.9\n"),
            [
                (1, "10.0.0.0/8"),
                (3, "2001:db8::/32"),
                (4, "1.2.3.4"),
                (4, "5.6.7.8"),
                (4, "9.9.9.9")
            ]
        );
        assert!(entries("  \n\n").is_empty());
    }

    #[test]
    fn every_problem_is_named_by_line_and_entry() {
        assert_eq!(
            check("10.0.0.0/8\n203.0.113.7", false),
            Ok(vec!["10.0.0.0/8".into(), "203.0.113.7/32".into()])
        );
        assert_eq!(check("", false), Ok(vec![]));
        assert_eq!(check(" \n", true), Err(vec![Problem::Required]));
        let problems = check(
            "10.0.0.1/8\n1.2.3\n::/0\n10.0.0.0/33\n10.0.0.0/8\n::ffff:10.0.0.0/104",
            true,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                Problem::Entry {
                    line: 1,
                    entry: "10.0.0.1/8".into(),
                    error: CidrError::HostBits {
                        network: "10.0.0.0/8".parse().unwrap()
                    },
                },
                Problem::Entry {
                    line: 2,
                    entry: "1.2.3".into(),
                    error: CidrError::NotAnAddress,
                },
                Problem::Entry {
                    line: 3,
                    entry: "::/0".into(),
                    error: CidrError::Everything,
                },
                Problem::Entry {
                    line: 4,
                    entry: "10.0.0.0/33".into(),
                    error: CidrError::PrefixTooLong { max: 32 },
                },
                Problem::Duplicate {
                    line: 6,
                    entry: "::ffff:10.0.0.0/104".into(),
                    network: "10.0.0.0/8".parse().unwrap(),
                },
            ]
        );
        let many: String = (0..51).map(|i| format!("10.0.{i}.0/24\n")).collect();
        assert_eq!(check(&many, false), Err(vec![Problem::TooMany { n: 51 }]));
    }

    #[test]
    fn a_list_that_leaves_out_the_last_address_is_told() {
        let list = vec!["10.0.0.0/8".to_string(), "2001:db8::/32".to_string()];
        assert!(!excludes(&list, "10.1.2.3"));
        assert!(!excludes(&list, "::ffff:10.1.2.3"));
        assert!(excludes(&list, "198.51.100.7"));
        assert!(excludes(&list, "2001:db9::1"));
        assert!(!excludes(&[], "198.51.100.7"), "no list: anywhere");
        assert!(!excludes(&list, "not an address"));
    }

    #[test]
    fn recent_addresses_are_added_once_and_typed_text_is_kept() {
        let addresses: Vec<String> = [
            "10.1.2.3",
            "198.51.100.7",
            "::ffff:192.0.2.1",
            "198.51.100.7",
            "junk",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            with_addresses("10.0.0.0/8\n1.2.3 \n", &addresses),
            "10.0.0.0/8\n1.2.3\n198.51.100.7\n192.0.2.1"
        );
        assert_eq!(with_addresses("", &addresses[1..2]), "198.51.100.7");
        assert_eq!(text_of(&["a".into(), "b".into()]), "a\nb");
    }
}
