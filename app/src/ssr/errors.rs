//! The one conversion from the persistence layer's errors to the error the
//! client sees, worded in the request's language. A database failure is
//! logged with its cause and reaches the client as `Internal`.

use domain::{Lang, account::FieldError, diff::AmendError};

use crate::error::{AppError, FieldIssue};
use crate::i18n::Msg;
use crate::quota_text;

impl From<db::Error> for AppError {
    fn from(e: db::Error) -> Self {
        refusal(e, crate::i18n::request_lang())
    }
}

impl From<db::DbErr> for AppError {
    fn from(e: db::DbErr) -> Self {
        AppError::internal(e)
    }
}

/// A refusal on the field the user corrects, in `lang`.
fn refusal(e: db::Error, lang: Lang) -> AppError {
    use db::Error as E;
    let on = |field: &str, msg: Msg| AppError::invalid(field, msg, lang);
    let issues = |field: &str, messages: Vec<String>| {
        AppError::Invalid(
            messages
                .into_iter()
                .map(|message| FieldIssue {
                    field: field.to_owned(),
                    message,
                })
                .collect(),
        )
    };
    match e {
        E::NotFound => AppError::NotFound,
        E::NotYours => AppError::Forbidden,
        E::TooMany { wait } => {
            AppError::TooManyRequests(u64::try_from(wait.num_seconds()).unwrap_or(1).max(1))
        }
        E::Already => AppError::Conflict,
        E::WrongStage => on("stage", Msg::WrongStage),
        E::TooDeep => on("parent_id", Msg::TooDeep),
        E::NotOnAgenda { supports, needed } => issues(
            "stage",
            vec![
                Msg::NotOnAgenda
                    .text(lang)
                    .replace("{supports}", &supports.to_string())
                    .replace("{needed}", &needed.to_string()),
            ],
        ),
        E::OwnComment => on("comment_id", Msg::OwnComment),
        E::Hidden => on("comment_id", Msg::CommentIsHidden),
        E::AlreadyReported => on("reason", Msg::AlreadyReported),
        E::BallotSealed => on("choice", Msg::BallotSealed),
        E::Amendment(e) => amendment_text(e, lang),
        E::EmailTaken => on("email", Msg::EmailTaken),
        E::SittingClosedToChanges => on("stage", Msg::SittingNotEditable),
        E::SittingStepRefused => on("stage", Msg::SittingStepRefused),
        E::SittingNotConvened => on("answer", Msg::SittingNotConvened),
        E::SittingNotOpen => on("code", Msg::SittingNotOpen),
        E::NotSeated => on("stage", Msg::NotSeated),
        E::WrongRoomCode => on("code", Msg::WrongRoomCode),
        E::AlreadyPresent => on("code", Msg::AlreadyPresent),
        E::NotPresent => on("floor", Msg::FloorNotPresent),
        E::Floor(e) => on("floor", floor_message(e)),
        E::NotUnderWay => on("in_sitting", Msg::VoteNotUnderWay),
        E::NoSuchDepartment => on("department", Msg::NoSuchDepartment),
        E::NotOfficial => on("user_id", Msg::NotAnOfficial),
        E::OtherDepartment => on("stage", Msg::OtherDepartment),
        E::NothingPromised => on("stage", Msg::NothingPromised),
        E::NoSuchCommitment => on("commitment", Msg::NoSuchCommitment),
        E::CommitmentDone => on("commitment", Msg::CommitmentDone),
        E::MinutesNotNow => on("minutes", Msg::MinutesNotNow),
        E::MinutesNotWritten => on("minutes", Msg::MinutesNotWritten),
        E::NoSittingUnderWay => on("minutes", Msg::MinutesNeedASitting),
        E::MoreHandsThanPresent { present } => issues(
            "hands",
            vec![hands_message(
                domain::floor::HandsError::MoreThanPresent { present },
                lang,
            )],
        ),
        E::LastFacilitator => on("role", Msg::LastFacilitator),
        E::DrawStage => on("stage", Msg::DrawWrongStage),
        E::TooEarly => on("stage", Msg::DrawTooEarly),
        E::TooLate => on("stage", Msg::DrawTooLate),
        E::PoolClosed => on("draw_id", Msg::PoolClosed),
        E::BadReveal => on("secret", Msg::BadReveal),
        E::KnownTooSoon => on("public_value_after", Msg::KnownTooSoon),
        E::PublicValue(e) => issues(
            "public_value",
            vec![format!(
                "{} {}",
                Msg::PublicValueMalformed.text(lang),
                crate::verify_text::value_error_text(&e, lang)
            )],
        ),
        E::Steerable(e) => issues(
            "stage",
            vec![format!(
                "{} {}",
                Msg::Steerable.text(lang),
                crate::verify_text::chain_error_text(&e, lang)
            )],
        ),
        E::NobodyToReplace => on("stage", Msg::NobodyToReplace),
        E::Infeasible(why) => issues(
            "quotas",
            vec![format!("{} {why}", Msg::Infeasible.text(lang))],
        ),
        E::Diagnosis(d) => issues("quotas", vec![quota_text::diagnosis_text(&d, lang)]),
        E::Quotas(problems) => issues(
            "quotas",
            problems
                .iter()
                .map(|p| quota_text::problem_text(p, lang))
                .collect(),
        ),
        E::Db(e) => AppError::internal(e),
    }
}

/// Why a quoted passage cannot be replaced, on the field to correct.
pub fn amendment_text(e: AmendError, lang: Lang) -> AppError {
    match e {
        AmendError::PassageNotFound => AppError::invalid("passage", Msg::PassageNotFound, lang),
        AmendError::PassageAmbiguous => AppError::invalid("passage", Msg::PassageAmbiguous, lang),
        AmendError::NoChange => AppError::invalid("replacement", Msg::NoChange, lang),
    }
}

/// A field's refusal, in `lang`.
pub fn field_message(error: FieldError, lang: Lang) -> String {
    match error {
        FieldError::Empty => Msg::FieldEmpty.text(lang).to_owned(),
        FieldError::TooLong { max } => Msg::FieldTooLong
            .text(lang)
            .replace("{max}", &max.to_string()),
        FieldError::TooShort { min } => Msg::FieldTooShort
            .text(lang)
            .replace("{min}", &min.to_string()),
        FieldError::MalformedEmail => Msg::FieldEmail.text(lang).to_owned(),
        FieldError::WeakPassword => Msg::FieldWeakPassword.text(lang).to_owned(),
        FieldError::ControlCharacters => Msg::FieldControl.text(lang).to_owned(),
        FieldError::MustConfirmAge => Msg::FieldAge.text(lang).to_owned(),
    }
}

/// A sitting field's refusal, in `lang`.
fn floor_message(error: domain::floor::FloorError) -> Msg {
    use domain::floor::FloorError as E;
    match error {
        E::AlreadyWaiting => Msg::FloorAlreadyWaiting,
        E::AlreadySpeaking => Msg::FloorAlreadySpeaking,
        E::NotWaiting => Msg::FloorNotWaiting,
        E::NobodySpeaking => Msg::FloorNobodySpeaking,
        E::QueueEmpty => Msg::FloorQueueEmpty,
    }
}

pub fn hands_message(error: domain::floor::HandsError, lang: Lang) -> String {
    use domain::floor::HandsError as E;
    match error {
        E::NotACount => Msg::HandsNotACount.text(lang).to_owned(),
        E::MoreThanPresent { present } => Msg::HandsMoreThanPresent
            .text(lang)
            .replace("{present}", &present.to_string()),
        E::NoHands => Msg::HandsNone.text(lang).to_owned(),
        E::ReasonEmpty => Msg::FieldEmpty.text(lang).to_owned(),
        E::ReasonTooLong { max } => Msg::FieldTooLong
            .text(lang)
            .replace("{max}", &max.to_string()),
    }
}

pub fn sitting_message(error: domain::sitting::SittingError, lang: Lang) -> String {
    use domain::sitting::SittingError as E;
    match error {
        E::Empty => Msg::FieldEmpty.text(lang).to_owned(),
        E::TooLong { max } => Msg::FieldTooLong
            .text(lang)
            .replace("{max}", &max.to_string()),
        E::NotATime => Msg::NotATime.text(lang).to_owned(),
        E::EndsBeforeStart => Msg::SittingEndsBeforeStart.text(lang).to_owned(),
        E::TooLongASitting => Msg::SittingTooLong.text(lang).to_owned(),
        E::InThePast => Msg::SittingInPast.text(lang).to_owned(),
        E::NotAWebLink => Msg::NotAWebLink.text(lang).to_owned(),
        E::MinutesOutOfRange => Msg::MinutesOutOfRange.text(lang).to_owned(),
    }
}
