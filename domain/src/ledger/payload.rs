//! Each ledger kind's payload: the facts an entry publishes. The field names
//! and their order are the public format (docs/OPEN_DATA.md, and the hash of
//! every entry): the live code, the demo and the page that words entries
//! all use these types, so they cannot drift apart.

use serde::{Deserialize, Deserializer, Serialize};

use super::{LedgerKind, Subject};
use crate::{CityVerdict, Majority, Outcome, ProposalStatus, Tally, VoteRule};

/// A draw's pool closed and committed: its hash binds every input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawCommitment {
    pub draw: i64,
    pub title: String,
    pub seats: u32,
    pub pool_size: u64,
    pub inputs_hash: String,
    pub engine_version: String,
    /// The ceremony's deadlines (RFC 3339). Absent from entries written by
    /// demo databases before they were published, hence the default.
    #[serde(default)]
    pub commit_until: String,
    #[serde(default)]
    pub reveal_until: String,
    /// The public value announced in advance (its description).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_value: Option<String>,
    /// How it will be written (`loto`, `euromillions`, `hex-64`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_value_format: Option<String>,
    /// When it becomes known (RFC 3339): after the reveals close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_value_after: Option<String>,
}

/// The announced public value, entered once known, written canonically.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicValue {
    pub draw: i64,
    pub description: String,
    pub value: String,
}

/// A replacement round announced before it runs: who it replaces, and the
/// public value that will pick their replacements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplacementAnnounced {
    pub draw: i64,
    pub round: i32,
    /// Pseudonyms, sorted.
    pub leavers: Vec<String>,
    pub public_value: String,
    pub format: String,
    /// RFC 3339.
    pub available_after: String,
}

/// A contributor revealed the secret behind their commitment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedReveal {
    pub draw: i64,
    pub contributor: String,
    pub commitment: String,
    pub secret: String,
}

/// A draw's result: the seed, the panel picked, and the record's hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawResult {
    pub draw: i64,
    pub inputs_hash: String,
    pub seed: String,
    pub picked_index: u32,
    pub panel: Vec<String>,
    /// SHA-256 of `/draws/{id}/record.json` exactly as served.
    pub record_sha256: String,
}

/// A member who left (or declined) replaced in a replacement round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    pub draw: i64,
    pub round: i32,
    /// The round's public value itself (not a description).
    pub public_value: String,
    pub seed: String,
    pub leaver: String,
    pub replacement: String,
    pub panel: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteOpened {
    pub vote: i64,
    pub proposal: i64,
    /// Set when the assembly votes on a contested amendment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amendment: Option<i64>,
    pub majority: Majority,
    pub quorum_percent: u8,
    pub secret: bool,
    pub eligible: u32,
    /// When the vote closes itself, if it was given a closing time: ballots
    /// cast after it are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Taken in this sitting, on its item under way: the quorum counts
    /// from the members present there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sitting: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteResult {
    pub vote: i64,
    pub proposal: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amendment: Option<i64>,
    pub outcome: Outcome,
    #[serde(flatten)]
    pub tally: Tally,
    pub eligible: u32,
    /// A sitting's vote: the members present it was counted against (its
    /// quorum is a share of them, not of `eligible`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<u32>,
    #[serde(flatten)]
    pub rule: VoteRule,
    pub secret: bool,
    /// Named votes only: each member (name if they agreed, else member label)
    /// and their choice. Secret votes publish totals only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballots: Option<Vec<NamedBallot>>,
    /// True when the vote closed itself at its closing time.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub at_closing_time: bool,
}

/// `choice` is the ballot's keyword ("pour", "contre", "abstention").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedBallot {
    pub member: String,
    pub choice: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentAccepted {
    pub amendment: i64,
    pub proposal: i64,
    pub version: i32,
    pub original: String,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub proposal: i64,
    pub title: String,
    pub status: ProposalStatus,
}

/// A proposal sent to the city: the department that answers for it and
/// the first instant its answer is late, fixed in public when it is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityReferral {
    pub proposal: i64,
    /// The department's keyword.
    pub department: String,
    pub answer_due: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityResponse {
    pub proposal: i64,
    pub verdict: CityVerdict,
    pub body: String,
}

/// A commitment of the city's answer, and the first instant it is
/// overdue (the end of its Paris due day), fixed in public when made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityCommitment {
    pub proposal: i64,
    pub commitment: i64,
    pub title: String,
    pub due: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub proposal: i64,
    pub title: String,
    pub progress: u8,
    /// The commitment it reports on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<i64>,
}

/// Moderation is public: which comment was hidden, and why. The comment's
/// text is not repeated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentHidden {
    pub comment: i64,
    pub proposal: i64,
    pub reason: String,
    pub reports: u64,
}

/// A sitting moved on (convened, opened, closed, its minutes approved):
/// when and where it is, and its agenda as it stood at that step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SittingStep {
    pub sitting: i64,
    pub step: crate::sitting::SittingStep,
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub place: String,
    /// The agenda items' titles, in order.
    pub agenda: Vec<String>,
    /// With `approve_minutes`: the approved text's hash and the sitting
    /// that approved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<MinutesApproval>,
}

/// Minutes approved: what anyone holding the published text checks it
/// against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesApproval {
    /// SHA-256 of the approved text (UTF-8), hex.
    pub sha256: String,
    /// The sitting in which the assembly approved them.
    pub approved_in: i64,
}

/// A show of hands counted in a sitting: the counts, the attendance they
/// were counted against (no quorum in the room, no decision), and why the
/// room voted by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SittingHands {
    pub sitting: i64,
    /// The agenda item under way, its title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub pour: u32,
    pub contre: u32,
    pub abstention: u32,
    pub present: u32,
    pub seated: u32,
    pub majority: Majority,
    pub outcome: Outcome,
    pub reason: String,
}

/// One entry's facts. Serialised as the inner struct alone: the kind is the
/// entry's own field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Payload {
    DrawCommitment(DrawCommitment),
    SeedReveal(SeedReveal),
    PublicValue(PublicValue),
    DrawResult(DrawResult),
    ReplacementAnnounced(ReplacementAnnounced),
    Replacement(Replacement),
    VoteOpened(VoteOpened),
    VoteResult(VoteResult),
    AmendmentAccepted(AmendmentAccepted),
    ProposalStatus(StatusChange),
    CityReferral(CityReferral),
    CityResponse(CityResponse),
    CityCommitment(CityCommitment),
    Milestone(Milestone),
    CommentHidden(CommentHidden),
    SittingStep(SittingStep),
    SittingHands(SittingHands),
}

/// `Payload::X(x)` for each kind, its `kind()` and the way to read it back.
macro_rules! kinds {
    ($($kind:ident($ty:ident)),+ $(,)?) => {
        $(impl From<$ty> for Payload {
            fn from(p: $ty) -> Payload {
                Payload::$kind(p)
            }
        })+

        impl Payload {
            pub fn kind(&self) -> LedgerKind {
                match self { $(Payload::$kind(_) => LedgerKind::$kind),+ }
            }

            /// Reads the payload of an entry of `kind` (the caller brings
            /// the JSON deserializer: this crate depends on serde only).
            pub fn deserialize_as<'de, D: Deserializer<'de>>(
                kind: LedgerKind,
                payload: D,
            ) -> Result<Payload, D::Error> {
                Ok(match kind { $(LedgerKind::$kind => Payload::$kind($ty::deserialize(payload)?)),+ })
            }
        }
    };
}

kinds!(
    DrawCommitment(DrawCommitment),
    SeedReveal(SeedReveal),
    PublicValue(PublicValue),
    DrawResult(DrawResult),
    ReplacementAnnounced(ReplacementAnnounced),
    Replacement(Replacement),
    VoteOpened(VoteOpened),
    VoteResult(VoteResult),
    AmendmentAccepted(AmendmentAccepted),
    ProposalStatus(StatusChange),
    CityReferral(CityReferral),
    CityResponse(CityResponse),
    CityCommitment(CityCommitment),
    Milestone(Milestone),
    CommentHidden(CommentHidden),
    SittingStep(SittingStep),
    SittingHands(SittingHands),
);

impl Payload {
    /// What the entry is about: its draw or its proposal.
    pub fn subject(&self) -> Subject {
        match self {
            Payload::DrawCommitment(p) => Subject::Draw(p.draw),
            Payload::SeedReveal(p) => Subject::Draw(p.draw),
            Payload::PublicValue(p) => Subject::Draw(p.draw),
            Payload::ReplacementAnnounced(p) => Subject::Draw(p.draw),
            Payload::DrawResult(p) => Subject::Draw(p.draw),
            Payload::Replacement(p) => Subject::Draw(p.draw),
            Payload::VoteOpened(p) => Subject::Proposal(p.proposal),
            Payload::VoteResult(p) => Subject::Proposal(p.proposal),
            Payload::AmendmentAccepted(p) => Subject::Proposal(p.proposal),
            Payload::ProposalStatus(p) => Subject::Proposal(p.proposal),
            Payload::CityReferral(p) => Subject::Proposal(p.proposal),
            Payload::CityResponse(p) => Subject::Proposal(p.proposal),
            Payload::CityCommitment(p) => Subject::Proposal(p.proposal),
            Payload::Milestone(p) => Subject::Proposal(p.proposal),
            Payload::CommentHidden(p) => Subject::Proposal(p.proposal),
            Payload::SittingStep(p) => Subject::Sitting(p.sitting),
            Payload::SittingHands(p) => Subject::Sitting(p.sitting),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(payload: Payload, json: &str) {
        assert_eq!(serde_json::to_string(&payload).unwrap(), json);
        let read = Payload::deserialize_as(
            payload.kind(),
            &mut serde_json::Deserializer::from_str(json),
        )
        .unwrap();
        assert_eq!(read, payload);
    }

    #[test]
    fn each_kind_writes_its_published_fields_in_order_and_reads_them_back() {
        round_trip(
            StatusChange {
                proposal: 3,
                title: "Cours".into(),
                status: ProposalStatus::SentToCity,
            }
            .into(),
            r#"{"proposal":3,"title":"Cours","status":"sent_to_city"}"#,
        );
        round_trip(
            VoteResult {
                vote: 7,
                proposal: 3,
                amendment: None,
                outcome: Outcome::NoQuorum,
                tally: Tally {
                    pour: 2,
                    contre: 1,
                    abstention: 0,
                },
                eligible: 100,
                present: None,
                rule: VoteRule {
                    majority: Majority::TwoThirds,
                    quorum_percent: 50,
                },
                secret: false,
                ballots: Some(vec![NamedBallot {
                    member: "V-2345".into(),
                    choice: "pour".into(),
                }]),
                at_closing_time: false,
            }
            .into(),
            r#"{"vote":7,"proposal":3,"outcome":"no_quorum","pour":2,"contre":1,"abstention":0,"eligible":100,"majority":"two_thirds","quorum_percent":50,"secret":false,"ballots":[{"member":"V-2345","choice":"pour"}]}"#,
        );
        // A closing time and a close at it are written only when there
        // are some: the entries before them keep their hashes.
        round_trip(
            VoteOpened {
                vote: 8,
                proposal: 3,
                amendment: None,
                majority: Majority::Simple,
                quorum_percent: 50,
                secret: true,
                eligible: 100,
                closes_at: chrono::DateTime::from_timestamp(1_800_000_000, 0),
                sitting: None,
            }
            .into(),
            r#"{"vote":8,"proposal":3,"majority":"simple","quorum_percent":50,"secret":true,"eligible":100,"closes_at":"2027-01-15T08:00:00Z"}"#,
        );
        // A report on no commitment keeps the hash it had before
        // commitments existed.
        round_trip(
            Milestone {
                proposal: 3,
                title: "Travaux".into(),
                progress: 40,
                commitment: None,
            }
            .into(),
            r#"{"proposal":3,"title":"Travaux","progress":40}"#,
        );
        round_trip(
            Milestone {
                proposal: 3,
                title: "Arbres".into(),
                progress: 100,
                commitment: Some(5),
            }
            .into(),
            r#"{"proposal":3,"title":"Arbres","progress":100,"commitment":5}"#,
        );
        round_trip(
            CityCommitment {
                proposal: 3,
                commitment: 5,
                title: "Arbres".into(),
                due: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            }
            .into(),
            r#"{"proposal":3,"commitment":5,"title":"Arbres","due":"2027-01-15T08:00:00Z"}"#,
        );
        // A sitting's vote names the sitting, and its result the members
        // present it was counted against.
        round_trip(
            VoteOpened {
                vote: 9,
                proposal: 3,
                amendment: None,
                majority: Majority::Simple,
                quorum_percent: 50,
                secret: false,
                eligible: 100,
                closes_at: None,
                sitting: Some(4),
            }
            .into(),
            r#"{"vote":9,"proposal":3,"majority":"simple","quorum_percent":50,"secret":false,"eligible":100,"sitting":4}"#,
        );
        round_trip(
            VoteResult {
                vote: 9,
                proposal: 3,
                amendment: None,
                outcome: Outcome::Adopted,
                tally: Tally {
                    pour: 30,
                    contre: 5,
                    abstention: 1,
                },
                eligible: 100,
                present: Some(62),
                rule: VoteRule {
                    majority: Majority::Simple,
                    quorum_percent: 50,
                },
                secret: true,
                ballots: None,
                at_closing_time: false,
            }
            .into(),
            r#"{"vote":9,"proposal":3,"outcome":"adopted","pour":30,"contre":5,"abstention":1,"eligible":100,"present":62,"majority":"simple","quorum_percent":50,"secret":true}"#,
        );
        round_trip(
            DrawCommitment {
                draw: 1,
                title: "Cohorte".into(),
                seats: 100,
                pool_size: 1000,
                inputs_hash: "ab".into(),
                engine_version: "3".into(),
                commit_until: "2027-05-01T12:00:00+00:00".into(),
                reveal_until: "2027-05-02T12:00:00+00:00".into(),
                public_value: Some("Loto du 12 mai".into()),
                public_value_format: Some("loto".into()),
                public_value_after: Some("2027-05-12T19:00:00+00:00".into()),
            }
            .into(),
            r#"{"draw":1,"title":"Cohorte","seats":100,"pool_size":1000,"inputs_hash":"ab","engine_version":"3","commit_until":"2027-05-01T12:00:00+00:00","reveal_until":"2027-05-02T12:00:00+00:00","public_value":"Loto du 12 mai","public_value_format":"loto","public_value_after":"2027-05-12T19:00:00+00:00"}"#,
        );
        round_trip(
            ReplacementAnnounced {
                draw: 1,
                round: 2,
                leavers: vec!["V-0001".into(), "V-0107".into()],
                public_value: "Loto du 19 mai".into(),
                format: "loto".into(),
                available_after: "2027-05-19T19:00:00+00:00".into(),
            }
            .into(),
            r#"{"draw":1,"round":2,"leavers":["V-0001","V-0107"],"public_value":"Loto du 19 mai","format":"loto","available_after":"2027-05-19T19:00:00+00:00"}"#,
        );
        round_trip(
            SittingHands {
                sitting: 4,
                item: Some("Motion d'ordre".into()),
                pour: 40,
                contre: 12,
                abstention: 3,
                present: 61,
                seated: 100,
                majority: Majority::Simple,
                outcome: Outcome::Adopted,
                reason: "Question de procédure".into(),
            }
            .into(),
            r#"{"sitting":4,"item":"Motion d'ordre","pour":40,"contre":12,"abstention":3,"present":61,"seated":100,"majority":"simple","outcome":"adopted","reason":"Question de procédure"}"#,
        );
    }

    #[test]
    fn an_entry_is_about_its_draw_or_its_proposal() {
        let hidden: Payload = CommentHidden {
            comment: 9,
            proposal: 4,
            reason: "injure".into(),
            reports: 2,
        }
        .into();
        assert_eq!(hidden.kind(), LedgerKind::CommentHidden);
        assert_eq!(hidden.subject(), Subject::Proposal(4));
    }

    #[test]
    fn a_payload_of_another_kind_is_refused() {
        let status = r#"{"proposal":3,"title":"Cours","status":"vote"}"#;
        let read = Payload::deserialize_as(
            LedgerKind::CityResponse,
            &mut serde_json::Deserializer::from_str(status),
        );
        assert!(read.is_err());
    }
}
