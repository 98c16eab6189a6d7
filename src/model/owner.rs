//! Whose personal token a row is, for an admin who sees every member's (issue 35, our
//! extension: `?members=all` where the backend says `memberTokens`), and the Owner filter.

use std::sync::Arc;

use super::list::sort_indices;
use super::TokenRow;

/// The member another user's personal token belongs to, as the admin's list names them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Member {
    /// Empty when the backend did not say.
    pub user_id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    /// The member's roles, by id: their personal token acts with them, so the level rule
    /// reads them (a member above the admin cannot have their tokens revoked by them).
    pub role_ids: Vec<String>,
}

impl Member {
    /// How the list names them: their name, else their email, else their id.
    pub fn label(&self) -> &str {
        [self.name.as_deref(), self.email.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|s| !s.is_empty())
            .unwrap_or(&self.user_id)
    }
}

/// What the Owner filter keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum OwnerFilter {
    /// The account's tokens and the user's own: the list as it is without the admin's view.
    #[default]
    Mine,
    /// One member's personal tokens, by user id.
    Member(String),
    /// Every token the user can see.
    Everyone,
}

impl OwnerFilter {
    /// Whether `row` stays in view.
    pub fn keeps(&self, row: &TokenRow) -> bool {
        match (self, &row.member) {
            (OwnerFilter::Everyone, _) => true,
            (OwnerFilter::Mine, member) => member.is_none(),
            (OwnerFilter::Member(id), Some(m)) => &m.user_id == id,
            (OwnerFilter::Member(_), None) => false,
        }
    }

    /// A stable value for a `<select>`.
    pub fn value(&self) -> String {
        match self {
            OwnerFilter::Mine => "mine".into(),
            OwnerFilter::Everyone => "everyone".into(),
            OwnerFilter::Member(id) => format!("member:{id}"),
        }
    }

    pub fn from_value(v: &str) -> OwnerFilter {
        match v {
            "everyone" => OwnerFilter::Everyone,
            v => match v.strip_prefix("member:") {
                Some(id) => OwnerFilter::Member(id.to_string()),
                None => OwnerFilter::Mine,
            },
        }
    }
}

/// `rows` kept by `filter`; `None` when it keeps every row (the list is used as it is).
pub fn scoped(rows: &[TokenRow], filter: &OwnerFilter) -> Option<Vec<TokenRow>> {
    if *filter == OwnerFilter::Everyone || rows.iter().all(|r| filter.keeps(r)) {
        return None;
    }
    Some(rows.iter().filter(|r| filter.keeps(r)).cloned().collect())
}

/// A member the Owner filter offers, and how many of their tokens are listed now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberChoice {
    pub member: Arc<Member>,
    pub tokens: usize,
}

/// The members whose tokens are among `rows`, each once, by name; and those of `before` (what
/// the filter offered until now) with none left, at 0, so a member whose tokens were all just
/// revoked stays in the filter. One user is one choice, named as `rows` name them now.
pub fn member_choices(rows: &[TokenRow], before: &[MemberChoice]) -> Vec<MemberChoice> {
    // Every member named, grouped by user (the listed before the remembered), each group
    // counted; then in order by name. No map and no sort of their own: each would put another
    // copy of one into the wasm.
    let named: Vec<&Arc<Member>> = rows
        .iter()
        .filter_map(|r| r.member.as_ref())
        .chain(before.iter().map(|b| &b.member))
        .collect();
    let listed = named.len() - before.len();
    let mut order: Vec<usize> = (0..named.len()).collect();
    sort_indices(&mut order, &|a, b| {
        (named[a].user_id.as_str(), a).cmp(&(named[b].user_id.as_str(), b))
    });
    let mut out: Vec<MemberChoice> = Vec::new();
    for i in order {
        let counts = usize::from(i < listed);
        match out.last_mut() {
            Some(last) if last.member.user_id == named[i].user_id => last.tokens += counts,
            _ => out.push(MemberChoice {
                member: Arc::clone(named[i]),
                tokens: counts,
            }),
        }
    }
    let labels: Vec<String> = out
        .iter()
        .map(|c| c.member.label().to_lowercase())
        .collect();
    let mut by_name: Vec<usize> = (0..out.len()).collect();
    sort_indices(&mut by_name, &|a, b| {
        (labels[a].as_str(), out[a].member.user_id.as_str())
            .cmp(&(labels[b].as_str(), out[b].member.user_id.as_str()))
    });
    by_name.into_iter().map(|i| out[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn member(id: &str, name: Option<&str>) -> Arc<Member> {
        Arc::new(Member {
            user_id: id.into(),
            name: name.map(Into::into),
            email: Some(format!("{id}@acme.test")),
            role_ids: vec![],
        })
    }

    fn of(source: Source, id: &str, owner: Option<&Arc<Member>>) -> TokenRow {
        TokenRow {
            member: owner.cloned(),
            ..TokenRow::new(source, id)
        }
    }

    #[test]
    fn the_filter_keeps_mine_a_member_or_everyone() {
        let jane = member("u-jane", Some("Jane"));
        let bob = member("u-bob", None);
        let rows = vec![
            of(Source::AccountClients, "acct", None),
            of(Source::PersonalClients, "mine", None),
            of(Source::PersonalClients, "janes", Some(&jane)),
            of(Source::PersonalAccess, "bobs", Some(&bob)),
        ];
        let ids = |f: &OwnerFilter| -> Vec<String> {
            scoped(&rows, f)
                .unwrap_or_else(|| rows.clone())
                .into_iter()
                .map(|r| r.id)
                .collect()
        };
        assert_eq!(ids(&OwnerFilter::Mine), ["acct", "mine"]);
        assert_eq!(ids(&OwnerFilter::Member("u-jane".into())), ["janes"]);
        assert_eq!(
            ids(&OwnerFilter::Member("u-gone".into())),
            Vec::<String>::new()
        );
        assert_eq!(scoped(&rows, &OwnerFilter::Everyone), None, "kept as it is");
        // Without members' rows, Mine keeps every row: no copy.
        assert_eq!(scoped(&rows[..2], &OwnerFilter::Mine), None);
        for f in [
            OwnerFilter::Mine,
            OwnerFilter::Everyone,
            OwnerFilter::Member("u:x".into()),
        ] {
            assert_eq!(OwnerFilter::from_value(&f.value()), f);
        }
        assert_eq!(OwnerFilter::from_value("bogus"), OwnerFilter::Mine);
        assert_eq!(bob.label(), "u-bob@acme.test", "no name: the email");
        let nobody = Member {
            user_id: "u-x".into(),
            name: Some(" ".into()),
            ..Member::default()
        };
        assert_eq!(nobody.label(), "u-x");
    }

    #[test]
    fn members_are_offered_once_by_name_and_stay_when_their_tokens_go() {
        let jane = member("u-jane", Some("jane"));
        let adam = member("u-adam", Some("Adam"));
        let rows = vec![
            of(Source::PersonalClients, "a", Some(&jane)),
            of(Source::PersonalAccess, "b", Some(&jane)),
            of(Source::PersonalAccess, "c", Some(&adam)),
            of(Source::AccountAccess, "d", None),
        ];
        let first = member_choices(&rows, &[]);
        let seen: Vec<(&str, usize)> = first.iter().map(|c| (c.member.label(), c.tokens)).collect();
        assert_eq!(seen, [("Adam", 1), ("jane", 2)]);
        // Renamed since: one choice still, under the name listed now.
        let renamed = member("u-adam", Some("Adam Zed"));
        let rows = [
            rows.clone(),
            vec![of(Source::PersonalClients, "e", Some(&renamed))],
        ]
        .concat();
        let both = member_choices(&rows, &first);
        let seen: Vec<(&str, usize)> = both.iter().map(|c| (c.member.label(), c.tokens)).collect();
        assert_eq!(seen, [("Adam", 2), ("jane", 2)]);
        // Jane's tokens revoked: she stays, at 0.
        let after = member_choices(&rows[2..3], &first);
        let seen: Vec<(&str, usize)> = after.iter().map(|c| (c.member.label(), c.tokens)).collect();
        assert_eq!(seen, [("Adam", 1), ("jane", 0)]);
    }
}
