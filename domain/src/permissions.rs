//! Who may do what: one pure function, called by every server function,
//! page guard and websocket handler. The interface hides what an actor
//! cannot do, but this is what the server enforces.

use serde::{Deserialize, Serialize};

/// Whoever is asking, as far as permissions are concerned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// `None` for an anonymous visitor.
    pub user_id: Option<i64>,
    /// Drawn by lot, with a term that is running today.
    pub member: bool,
    pub facilitator: bool,
    pub city_official: bool,
}

impl Actor {
    pub fn anonymous() -> Actor {
        Actor::default()
    }

    pub fn resident(user_id: i64) -> Actor {
        Actor {
            user_id: Some(user_id),
            ..Actor::default()
        }
    }

    pub fn is_signed_in(&self) -> bool {
        self.user_id.is_some()
    }
}

/// Everything someone may try to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Read proposals, votes, draws, the ledger; verify a draw.
    ReadPublic,
    Comment,
    SupportProposal,
    Volunteer,
    ContributeSeed,
    ProposeCitizenProposal,
    Amend,
    Vote,
    CoWriteDraft,
    ManageDraws,
    ManageAgenda,
    OpenCloseVotes,
    Moderate,
    AssignRoles,
    ListUsers,
    RespondAsCity,
    PostFollowUp,
    /// See, change, export or delete an account.
    ManageAccount,
}

impl Action {
    pub const ALL: [Action; 18] = [
        Action::ReadPublic,
        Action::Comment,
        Action::SupportProposal,
        Action::Volunteer,
        Action::ContributeSeed,
        Action::ProposeCitizenProposal,
        Action::Amend,
        Action::Vote,
        Action::CoWriteDraft,
        Action::ManageDraws,
        Action::ManageAgenda,
        Action::OpenCloseVotes,
        Action::Moderate,
        Action::AssignRoles,
        Action::ListUsers,
        Action::RespondAsCity,
        Action::PostFollowUp,
        Action::ManageAccount,
    ];
}

/// What the action is done to, when that matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resource {
    /// The assembly as a whole (most actions).
    Assembly,
    /// A user account, by id.
    Account(i64),
}

/// May `actor` do `action` on `resource`?
pub fn can(actor: &Actor, action: Action, resource: Resource) -> bool {
    use Action::*;
    let signed_in = actor.is_signed_in();
    match action {
        ReadPublic => true,
        Comment | SupportProposal | Volunteer | ContributeSeed | ProposeCitizenProposal => {
            signed_in
        }
        Amend | Vote | CoWriteDraft => signed_in && actor.member,
        ManageDraws | ManageAgenda | OpenCloseVotes | Moderate | AssignRoles | ListUsers => {
            signed_in && actor.facilitator
        }
        RespondAsCity | PostFollowUp => signed_in && actor.city_official,
        ManageAccount => match resource {
            Resource::Account(id) => actor.user_id == Some(id),
            Resource::Assembly => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;

    const ME: i64 = 7;

    fn roles() -> [(&'static str, Actor); 5] {
        [
            ("anonymous", Actor::anonymous()),
            ("resident", Actor::resident(ME)),
            (
                "member",
                Actor {
                    member: true,
                    ..Actor::resident(ME)
                },
            ),
            (
                "facilitator",
                Actor {
                    facilitator: true,
                    ..Actor::resident(ME)
                },
            ),
            (
                "city official",
                Actor {
                    city_official: true,
                    ..Actor::resident(ME)
                },
            ),
        ]
    }

    /// The whole policy, one row per action: who may do it on the assembly.
    /// Columns: anonymous, resident, member, facilitator, city official.
    const POLICY: [(Action, [bool; 5]); 17] = [
        (ReadPublic, [true, true, true, true, true]),
        (Comment, [false, true, true, true, true]),
        (SupportProposal, [false, true, true, true, true]),
        (Volunteer, [false, true, true, true, true]),
        (ContributeSeed, [false, true, true, true, true]),
        (ProposeCitizenProposal, [false, true, true, true, true]),
        (Amend, [false, false, true, false, false]),
        (Vote, [false, false, true, false, false]),
        (CoWriteDraft, [false, false, true, false, false]),
        (ManageDraws, [false, false, false, true, false]),
        (ManageAgenda, [false, false, false, true, false]),
        (OpenCloseVotes, [false, false, false, true, false]),
        (Moderate, [false, false, false, true, false]),
        (AssignRoles, [false, false, false, true, false]),
        (ListUsers, [false, false, false, true, false]),
        (RespondAsCity, [false, false, false, false, true]),
        (PostFollowUp, [false, false, false, false, true]),
    ];

    #[test]
    fn every_action_for_every_role_follows_the_policy_table() {
        let covered: Vec<Action> = POLICY.iter().map(|(a, _)| *a).collect();
        for action in Action::ALL {
            assert!(
                covered.contains(&action) || action == ManageAccount,
                "{action:?} has no row"
            );
        }
        for (action, expected) in POLICY {
            for ((role, actor), allowed) in roles().iter().zip(expected) {
                assert_eq!(
                    can(actor, action, Resource::Assembly),
                    allowed,
                    "{role} / {action:?}"
                );
            }
        }
    }

    #[test]
    fn an_account_is_managed_by_its_owner_only_whatever_their_role() {
        for (role, actor) in roles() {
            assert_eq!(
                can(&actor, ManageAccount, Resource::Account(ME)),
                actor.is_signed_in(),
                "{role}"
            );
            assert!(
                !can(&actor, ManageAccount, Resource::Account(ME + 1)),
                "{role}"
            );
            assert!(!can(&actor, ManageAccount, Resource::Assembly), "{role}");
        }
    }

    #[test]
    fn roles_without_an_account_grant_nothing() {
        let ghost = Actor {
            member: true,
            facilitator: true,
            city_official: true,
            user_id: None,
        };
        for action in Action::ALL {
            assert_eq!(
                can(&ghost, action, Resource::Assembly),
                action == ReadPublic,
                "{action:?}"
            );
        }
    }
}
