//! A token's IP allowlist (our extension, `allowedCidrs`): the networks it may be used from,
//! each an IPv4 or IPv6 CIDR. The tab checks each entry as it is typed with [`cidr`], the
//! backend the whole list with [`allowlist`] and every use with [`allows`].
//!
//! An entry is a network and its prefix length (`10.0.0.0/8`, `2001:db8::/32`) or a single
//! address (`203.0.113.7`, read as `/32` or `/128`). IPv4-mapped IPv6 (`::ffff:10.0.0.0/104`)
//! is the IPv4 network it maps (`10.0.0.0/8`), and an IPv4 client seen as `::ffff:a.b.c.d` is
//! the IPv4 address: one address has one answer however it reached the server.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Most entries an allowlist may hold.
pub const ALLOWLIST_MAX: usize = 50;

/// An IPv4 or IPv6 network: its first address and the length of its prefix. Built only by
/// [`cidr`], so it never has host bits set, never allows every address, and an IPv4 network
/// is never written as IPv4-mapped IPv6. Shown as `network/prefix` (`10.0.0.0/8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

/// Why an entry is not a network a token may be limited to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CidrError {
    /// Nothing but blanks.
    Empty,
    /// Not an IPv4 or IPv6 address before the `/` (`1.2.3`, `example.com`, `fe80::1%eth0`).
    NotAnAddress,
    /// What follows the `/` is not a whole number (`10.0.0.0/x`, `10.0.0.0/`).
    NotAPrefix,
    /// The prefix is longer than the address: at most 32 for IPv4, 128 for IPv6.
    PrefixTooLong {
        /// The longest prefix of this kind of address.
        max: u8,
    },
    /// The address has bits set past the prefix (`10.0.0.1/8`): `network` is the one meant
    /// (`10.0.0.0/8`).
    HostBits {
        /// The network the entry's prefix covers.
        network: Cidr,
    },
    /// A prefix of 0 (`0.0.0.0/0`, `::/0`): every address, which is no allowlist at all.
    Everything,
}

/// Why a list of entries cannot be a token's allowlist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowlistError {
    /// More than [`ALLOWLIST_MAX`] entries; `n` now.
    TooMany {
        /// How many entries there are.
        n: usize,
    },
    /// Entry number `at` (from 1), `entry` as written (trimmed), is not a network.
    Entry {
        /// Its position, counted from 1.
        at: usize,
        /// The entry, trimmed.
        entry: String,
        /// Why not.
        error: CidrError,
    },
    /// Entry number `at` (from 1) is the same network as an earlier one.
    Duplicate {
        /// Its position, counted from 1.
        at: usize,
        /// The entry, trimmed.
        entry: String,
        /// The network both name.
        network: Cidr,
    },
}

impl Cidr {
    /// The network's first address.
    pub fn network(self) -> IpAddr {
        self.network
    }

    /// The length of its prefix, in bits.
    pub fn prefix(self) -> u8 {
        self.prefix
    }

    /// Whether `ip` is in the network (an IPv4-mapped IPv6 address counts as its IPv4 one).
    pub fn contains(self, ip: IpAddr) -> bool {
        let (net, prefix) = wide(self.network, self.prefix);
        let (ip, _) = wide(ip, 0);
        // `prefix` is at least 1 (no allowlist holds `/0`) and at most 128.
        (net ^ ip) >> (128 - u32::from(prefix)) == 0
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

impl std::str::FromStr for Cidr {
    type Err = CidrError;

    fn from_str(s: &str) -> Result<Cidr, CidrError> {
        cidr(s)
    }
}

/// An address as 128 bits, IPv4 where IPv4-mapped IPv6 puts it, with `prefix` moved to match.
fn wide(ip: IpAddr, prefix: u8) -> (u128, u8) {
    match ip {
        IpAddr::V4(v4) => (u128::from(v4.to_ipv6_mapped()), prefix + 96),
        IpAddr::V6(v6) => (u128::from(v6), prefix),
    }
}

/// The network `entry` names (blanks around it ignored), or why it names none. A single
/// address is its own network (`/32`, `/128`).
pub fn cidr(entry: &str) -> Result<Cidr, CidrError> {
    let entry = entry.trim();
    if entry.is_empty() {
        return Err(CidrError::Empty);
    }
    let (addr, prefix) = match entry.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (entry, None),
    };
    let addr: IpAddr = addr.parse().map_err(|_| CidrError::NotAnAddress)?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => max,
        Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
            let p: u8 = p.parse().map_err(|_| CidrError::NotAPrefix)?;
            if p > max {
                return Err(CidrError::PrefixTooLong { max });
            }
            p
        }
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(CidrError::PrefixTooLong { max });
        }
        Some(_) => return Err(CidrError::NotAPrefix),
    };
    // An IPv4-mapped IPv6 network whose prefix stays within the mapped range is that IPv4
    // network.
    let (addr, prefix) = match addr {
        IpAddr::V6(v6) if prefix >= 96 => match v6.to_ipv4_mapped() {
            Some(v4) => (IpAddr::V4(v4), prefix - 96),
            None => (addr, prefix),
        },
        _ => (addr, prefix),
    };
    if prefix == 0 {
        return Err(CidrError::Everything);
    }
    let network = first_address(addr, prefix);
    let found = Cidr { network, prefix };
    if network != addr {
        return Err(CidrError::HostBits { network: found });
    }
    Ok(found)
}

/// The first address of the `prefix`-bit network `addr` is in.
fn first_address(addr: IpAddr, prefix: u8) -> IpAddr {
    match addr {
        IpAddr::V4(v4) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(v4) & mask))
        }
        IpAddr::V6(v6) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask))
        }
    }
}

/// The allowlist `entries` make, in their order: at most [`ALLOWLIST_MAX`], each a network
/// ([`cidr`]) named once. The first entry that fails is named.
pub fn allowlist<'a>(
    entries: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<Cidr>, AllowlistError> {
    let entries: Vec<&str> = entries.into_iter().collect();
    if entries.len() > ALLOWLIST_MAX {
        return Err(AllowlistError::TooMany { n: entries.len() });
    }
    let mut list: Vec<Cidr> = Vec::with_capacity(entries.len());
    for (i, entry) in entries.into_iter().enumerate() {
        let (at, entry) = (i + 1, entry.trim());
        let network = cidr(entry).map_err(|error| AllowlistError::Entry {
            at,
            entry: entry.to_string(),
            error,
        })?;
        if list.contains(&network) {
            return Err(AllowlistError::Duplicate {
                at,
                entry: entry.to_string(),
                network,
            });
        }
        list.push(network);
    }
    Ok(list)
}

/// Whether a token with allowlist `list` may be used from `ip`: an empty list allows every
/// address.
pub fn allows(list: &[Cidr], ip: IpAddr) -> bool {
    list.is_empty() || list.iter().any(|c| c.contains(ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_and_single_addresses_are_read_in_their_canonical_form() {
        for (entry, shown) in [
            ("10.0.0.0/8", "10.0.0.0/8"),
            (" 203.0.113.7 ", "203.0.113.7/32"),
            ("192.168.1.0/24", "192.168.1.0/24"),
            ("2001:db8::/32", "2001:db8::/32"),
            ("2001:DB8:0:0::/48", "2001:db8::/48"),
            ("::1", "::1/128"),
            ("10.0.0.0/08", "10.0.0.0/8"),
            // IPv4-mapped IPv6 is the IPv4 network it maps.
            ("::ffff:10.0.0.0/104", "10.0.0.0/8"),
            ("::ffff:203.0.113.7", "203.0.113.7/32"),
            // Shorter than the mapped range: an IPv6 network.
            ("::ffff:0:0/95", "::fffe:0:0/95"),
        ] {
            match cidr(entry) {
                Ok(c) => assert_eq!(c.to_string(), shown, "{entry}"),
                // `::ffff:0:0/95` has the bit after the prefix set: host bits.
                Err(CidrError::HostBits { network }) => {
                    assert_eq!(network.to_string(), shown, "{entry}")
                }
                Err(e) => panic!("{entry}: {e:?}"),
            }
        }
        assert_eq!("10.1.0.0/16".parse::<Cidr>().unwrap().prefix(), 16);
        assert_eq!(cidr("10.1.0.0/16").unwrap().network(), ip("10.1.0.0"));
    }

    #[test]
    fn bad_entries_say_why() {
        use CidrError::*;
        for (entry, why) in [
            ("", Empty),
            ("   ", Empty),
            ("1.2.3", NotAnAddress),
            ("1.2.3.4.5", NotAnAddress),
            ("256.0.0.0/8", NotAnAddress),
            ("01.2.3.4", NotAnAddress),
            ("example.com", NotAnAddress),
            ("fe80::1%eth0", NotAnAddress),
            ("10.0.0.0 /8", NotAnAddress),
            ("[::1]/128", NotAnAddress),
            ("10.0.0.0/", NotAPrefix),
            ("10.0.0.0/x", NotAPrefix),
            ("10.0.0.0/-1", NotAPrefix),
            ("10.0.0.0/+8", NotAPrefix),
            ("10.0.0.0/8/8", NotAPrefix),
            ("10.0.0.0/33", PrefixTooLong { max: 32 }),
            ("10.0.0.0/4294967304", PrefixTooLong { max: 32 }),
            ("::/129", PrefixTooLong { max: 128 }),
            ("::ffff:10.0.0.0/129", PrefixTooLong { max: 128 }),
            ("0.0.0.0/0", Everything),
            ("::/0", Everything),
            ("10.0.0.0/0", Everything),
            // Every IPv4 address, written as IPv4-mapped IPv6.
            ("::ffff:0:0/96", Everything),
        ] {
            assert_eq!(cidr(entry), Err(why), "{entry:?}");
        }
    }

    #[test]
    fn host_bits_name_the_network_meant() {
        let meant = |entry: &str| match cidr(entry) {
            Err(CidrError::HostBits { network }) => network.to_string(),
            other => panic!("{entry}: {other:?}"),
        };
        assert_eq!(meant("10.0.0.1/8"), "10.0.0.0/8");
        assert_eq!(meant("192.168.1.77/24"), "192.168.1.0/24");
        assert_eq!(meant("2001:db8::1/32"), "2001:db8::/32");
        assert_eq!(meant("::ffff:10.1.2.3/104"), "10.0.0.0/8");
        assert_eq!(meant("10.0.0.1/1"), "0.0.0.0/1");
    }

    #[test]
    fn an_allowlist_holds_ipv4_ipv6_and_mapped_addresses() {
        let list = allowlist(["10.0.0.0/8", "2001:db8::/32", "203.0.113.7"]).unwrap();
        for (addr, allowed) in [
            ("10.0.0.1", true),
            ("10.255.255.255", true),
            ("11.0.0.0", false),
            ("9.255.255.255", false),
            ("203.0.113.7", true),
            ("203.0.113.8", false),
            ("2001:db8::1", true),
            ("2001:db8:ffff::1", true),
            ("2001:db9::1", false),
            // The same IPv4 clients seen through an IPv6 socket.
            ("::ffff:10.1.2.3", true),
            ("::ffff:203.0.113.7", true),
            ("::ffff:11.0.0.1", false),
            // An IPv4-compatible (not mapped) address is IPv6.
            ("::10.1.2.3", false),
            ("::1", false),
        ] {
            assert_eq!(allows(&list, ip(addr)), allowed, "{addr}");
        }
        // An IPv6 network that holds mapped addresses holds those IPv4 clients.
        let v6 = allowlist(["::ffff:0:0/95"]);
        assert!(v6.is_err(), "host bits");
        let v6 = allowlist(["::fffe:0:0/95"]).unwrap();
        assert!(allows(&v6, ip("10.0.0.1")));
        assert!(allows(&v6, ip("::fffe:1:2")));
        assert!(!allows(&v6, ip("2001:db8::1")));
        // A /32 and a /128 hold exactly one address; a /1 half of them.
        let one = allowlist(["203.0.113.7/32", "2001:db8::7/128", "128.0.0.0/1"]).unwrap();
        assert!(allows(&one, ip("2001:db8::7")));
        assert!(!allows(&one, ip("2001:db8::8")));
        assert!(allows(&one, ip("200.1.1.1")));
        assert!(!allows(&one, ip("127.0.0.1")));
        // No list: anywhere.
        assert!(allows(&[], ip("198.51.100.1")));
    }

    #[test]
    fn an_allowlist_names_the_entry_that_fails() {
        assert_eq!(
            allowlist(["10.0.0.0/8", " 10.0.0.1/8 "]),
            Err(AllowlistError::Entry {
                at: 2,
                entry: "10.0.0.1/8".into(),
                error: CidrError::HostBits {
                    network: cidr("10.0.0.0/8").unwrap()
                },
            })
        );
        assert_eq!(
            allowlist(["10.0.0.0/8", "::ffff:10.0.0.0/104"]),
            Err(AllowlistError::Duplicate {
                at: 2,
                entry: "::ffff:10.0.0.0/104".into(),
                network: cidr("10.0.0.0/8").unwrap(),
            })
        );
        let many: Vec<String> = (0..=ALLOWLIST_MAX)
            .map(|i| format!("10.0.{i}.0/24"))
            .collect();
        assert_eq!(
            allowlist(many.iter().map(String::as_str)),
            Err(AllowlistError::TooMany { n: 51 })
        );
        assert_eq!(
            allowlist(many[..ALLOWLIST_MAX].iter().map(String::as_str))
                .unwrap()
                .len(),
            50
        );
        assert_eq!(allowlist([]), Ok(vec![]));
    }
}
