//! The e-mails that tell people what concerns them: one message per
//! notification for those who chose "at once", one digest a day or a week
//! for the rest. Each is written in the person's language, as plain text
//! and HTML, and carries a signed link that stops that mail without
//! signing in (`/unsubscribe`, and RFC 8058's one-click POST).

use chrono::{DateTime, Duration, Utc};
use db::accounts::Mail;
use db::notifications::{MailScope, Pending};
use domain::markup::escape_markup;
use domain::{Delivery, Lang, NotificationAbout, NotificationKind};

use crate::auth::session::AuthConfig;
use crate::i18n::{
    Msg, colon, format_date, notification_about, notification_kind_label, notification_text,
};

/// How long an unsubscribe link works. Mail is read late, but a link that
/// never expires would keep working from an old mailbox forever.
pub const LINK_LIFETIME: Duration = Duration::days(180);

/// What an unsubscribe link stands for: one person, one kind of mail, and
/// when the mail was written (a choice made after that is not undone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsubscribe {
    pub user_id: i64,
    pub scope: MailScope,
    pub issued_at: DateTime<Utc>,
}

/// Why a link is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Not signed by this server, or not a link at all.
    Forged,
    Expired,
}

fn scope_word(scope: MailScope) -> String {
    match scope {
        MailScope::Kind(kind) => kind.as_str().to_owned(),
        MailScope::Digest(digest) => format!("digest.{}", digest.as_str()),
    }
}

fn parse_scope(word: &str) -> Option<MailScope> {
    match word.strip_prefix("digest.") {
        Some(digest) => Delivery::parse(digest)
            .filter(|d| matches!(d, Delivery::Daily | Delivery::Weekly))
            .map(MailScope::Digest),
        None => NotificationKind::parse(word).map(MailScope::Kind),
    }
}

impl Unsubscribe {
    /// A link written now: whole seconds, so that the token says exactly
    /// the instant it stands for.
    pub fn new(user_id: i64, scope: MailScope, now: DateTime<Utc>) -> Unsubscribe {
        let issued_at = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
        Unsubscribe {
            user_id,
            scope,
            issued_at,
        }
    }

    fn purpose(&self) -> String {
        format!(
            "unsubscribe:{}:{}:{}",
            self.user_id,
            scope_word(self.scope),
            self.issued_at.timestamp()
        )
    }

    /// `{user}_{scope}_{unix time}_{signature}`: every part is signed, so
    /// none can be changed to stop someone else's mail.
    pub fn token(&self, auth: &AuthConfig) -> String {
        format!(
            "{}_{}_{}_{}",
            self.user_id,
            scope_word(self.scope),
            self.issued_at.timestamp(),
            auth.derive(&self.purpose())
        )
    }

    /// The link a token stands for, if this server signed it and it has
    /// not expired.
    pub fn read(
        auth: &AuthConfig,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Unsubscribe, LinkError> {
        let mut parts = token.trim().splitn(4, '_');
        let mut next = || parts.next().ok_or(LinkError::Forged);
        let (user, scope, issued, signature) = (next()?, next()?, next()?, next()?);
        let link = Unsubscribe {
            user_id: user
                .parse()
                .ok()
                .filter(|id| *id > 0)
                .ok_or(LinkError::Forged)?,
            scope: parse_scope(scope).ok_or(LinkError::Forged)?,
            issued_at: issued
                .parse()
                .ok()
                .and_then(|t| DateTime::from_timestamp(t, 0))
                .ok_or(LinkError::Forged)?,
        };
        if !auth.verify_derived(&link.purpose(), signature) {
            return Err(LinkError::Forged);
        }
        if now - link.issued_at > LINK_LIFETIME {
            return Err(LinkError::Expired);
        }
        Ok(link)
    }
}

/// Where links in a mail point, and the key that signs them.
pub struct Site<'a> {
    /// `https://assemblee.example.org`, no trailing slash.
    pub public_url: &'a str,
    pub auth: &'a AuthConfig,
}

impl Site<'_> {
    fn unsubscribe(&self, link: Unsubscribe) -> (String, String) {
        let token = link.token(self.auth);
        (
            format!("{}/unsubscribe?token={token}", self.public_url),
            format!("{}/unsubscribe/one-click?token={token}", self.public_url),
        )
    }

    /// The page a notification is about.
    fn page(&self, about: &NotificationAbout) -> String {
        format!("{}{}", self.public_url, about.path())
    }
}

fn lang_of(p: &Pending) -> Lang {
    Lang::parse(&p.lang).unwrap_or_default()
}

/// Text from the database (a proposal's title, a sitting's place) on one
/// line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A message's parts: paragraphs of text, some with a link.
struct Letter {
    lang: Lang,
    paragraphs: Vec<(String, Option<String>)>,
    /// Why the person receives it, and the links to stop or change it.
    footer: Vec<(String, Option<String>)>,
}

impl Letter {
    fn plain(&self) -> String {
        let block = |ps: &[(String, Option<String>)]| {
            ps.iter()
                .map(|(text, link)| match link {
                    Some(link) => format!("{text}\n{link}"),
                    None => text.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        format!(
            "{}\n\n-- \n{}\n",
            block(&self.paragraphs),
            block(&self.footer)
        )
    }

    fn html(&self) -> String {
        let block = |ps: &[(String, Option<String>)], class: &str| {
            ps.iter()
                .map(|(text, link)| match link {
                    Some(link) => format!(
                        "<p class=\"{class}\">{}<br><a href=\"{}\">{}</a></p>",
                        escape_markup(text),
                        escape_markup(link),
                        escape_markup(link)
                    ),
                    None => format!("<p class=\"{class}\">{}</p>", escape_markup(text)),
                })
                .collect::<String>()
        };
        format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"></head>\
             <body>{}<hr>{}</body></html>",
            self.lang.code(),
            block(&self.paragraphs, "text"),
            block(&self.footer, "footer"),
        )
    }
}

/// The e-mail of one notification, for someone who chose to hear of its
/// kind at once.
pub fn notification_mail(p: &Pending, site: &Site, now: DateTime<Utc>) -> Mail {
    let lang = lang_of(p);
    let about = one_line(&notification_about(&p.about, lang));
    let what = notification_text(p.kind, lang);
    let (page, one_click) =
        site.unsubscribe(Unsubscribe::new(p.user_id, MailScope::Kind(p.kind), now));
    let letter = Letter {
        lang,
        paragraphs: vec![
            (Msg::MailHello.text(lang).to_owned(), None),
            (format!("{what}{}{about}.", colon(lang)), None),
            (
                see(&p.about).text(lang).to_owned(),
                Some(site.page(&p.about)),
            ),
        ],
        footer: footer(
            lang,
            format!(
                "{} « {} ».",
                Msg::MailWhyAtOnce.text(lang),
                notification_kind_label(p.kind, lang)
            ),
            page,
            site,
        ),
    };
    Mail {
        to: p.email.clone(),
        subject: format!("{what}{}{about}", colon(lang)),
        body: letter.plain(),
        html: Some(letter.html()),
        unsubscribe: Some(one_click),
    }
}

/// The link that creates an account, mailed at sign-up to an address that
/// has none. Not a list: no unsubscribe, it is sent once on request.
pub fn signup_mail(to: &str, lang: Lang, site: &Site, token: &str) -> Mail {
    let letter = Letter {
        lang,
        paragraphs: vec![
            (Msg::MailHello.text(lang).to_owned(), None),
            (
                Msg::SignupMailBody.text(lang).to_owned(),
                Some(format!("{}/signup/confirm?token={token}", site.public_url)),
            ),
        ],
        footer: vec![(Msg::SignupMailWhy.text(lang).to_owned(), None)],
    };
    Mail {
        to: to.to_owned(),
        subject: Msg::SignupMailSubject.text(lang).to_owned(),
        body: letter.plain(),
        html: Some(letter.html()),
        unsubscribe: None,
    }
}

/// What the owner of an address gets when someone signs up with it: the
/// sign-up page says the same thing either way, only the owner learns which.
pub fn address_known_mail(to: &str, lang: Lang, site: &Site) -> Mail {
    let letter = Letter {
        lang,
        paragraphs: vec![
            (Msg::MailHello.text(lang).to_owned(), None),
            (
                Msg::KnownMailBody.text(lang).to_owned(),
                Some(format!("{}/signin", site.public_url)),
            ),
            (
                Msg::KnownMailForgot.text(lang).to_owned(),
                Some(format!("{}/forgot-password", site.public_url)),
            ),
        ],
        footer: vec![(Msg::KnownMailWhy.text(lang).to_owned(), None)],
    };
    Mail {
        to: to.to_owned(),
        subject: Msg::KnownMailSubject.text(lang).to_owned(),
        body: letter.plain(),
        html: Some(letter.html()),
        unsubscribe: None,
    }
}

/// The words before the link to what a notification is about.
fn see(about: &NotificationAbout) -> Msg {
    match about {
        NotificationAbout::Proposal { .. } => Msg::MailSeeProposal,
        NotificationAbout::Sitting { .. } => Msg::MailSeeSitting,
    }
}

fn footer(lang: Lang, why: String, stop: String, site: &Site) -> Vec<(String, Option<String>)> {
    vec![
        (why, None),
        (Msg::MailStop.text(lang).to_owned(), Some(stop)),
        (
            Msg::MailChoose.text(lang).to_owned(),
            Some(format!("{}/notifications#preferences", site.public_url)),
        ),
    ]
}

/// One person's digest: what `items` (all theirs) say, proposal by
/// proposal and sitting by sitting, in the order each first came up.
pub fn digest_mail(
    items: &[Pending],
    digest: Delivery,
    site: &Site,
    now: DateTime<Utc>,
) -> Option<Mail> {
    let first = items.first()?;
    let lang = lang_of(first);
    let (page, one_click) = site.unsubscribe(Unsubscribe::new(
        first.user_id,
        MailScope::Digest(digest),
        now,
    ));
    let (subject, why) = match digest {
        Delivery::Weekly => (Msg::DigestWeeklySubject, Msg::MailWhyWeekly),
        _ => (Msg::DigestDailySubject, Msg::MailWhyDaily),
    };
    let mut paragraphs = vec![(Msg::DigestIntro.text(lang).to_owned(), None)];
    for news in by_subject(items) {
        let lines: Vec<String> = news
            .iter()
            .map(|n| {
                let day = format_date(domain::paris::local(n.created_at), lang);
                format!("– {} ({day})", notification_text(n.kind, lang))
            })
            .collect();
        let about = &news[0].about;
        paragraphs.push((
            format!(
                "{}\n{}",
                one_line(&notification_about(about, lang)),
                lines.join("\n")
            ),
            Some(site.page(about)),
        ));
    }
    let letter = Letter {
        lang,
        paragraphs,
        footer: footer(lang, why.text(lang).to_owned(), page, site),
    };
    Some(Mail {
        to: first.email.clone(),
        subject: subject.text(lang).to_owned(),
        body: letter.plain(),
        html: Some(letter.html().replace('\n', "<br>")),
        unsubscribe: Some(one_click),
    })
}

/// The waiting notifications cut into digests, one per person, in the
/// order `db::notifications::pending` gives them (person by person).
pub fn by_person(pending: Vec<Pending>) -> Vec<Vec<Pending>> {
    let mut digests: Vec<Vec<Pending>> = Vec::new();
    for p in pending {
        match digests.last_mut() {
            Some(last) if last[0].user_id == p.user_id => last.push(p),
            _ => digests.push(vec![p]),
        }
    }
    digests
}

/// One digest's news grouped by what it is about (a proposal, a sitting),
/// each group in the order its subject first came up, each group's news
/// oldest first.
fn by_subject(items: &[Pending]) -> Vec<Vec<&Pending>> {
    let mut groups: Vec<Vec<&Pending>> = Vec::new();
    for item in items {
        match groups
            .iter_mut()
            .find(|news| news[0].about.key() == item.about.key())
        {
            Some(news) => news.push(item),
            None => groups.push(vec![item]),
        }
    }
    for news in &mut groups {
        news.sort_by_key(|n| (n.created_at, n.id));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth() -> AuthConfig {
        AuthConfig::new(b"a key of the test server", false)
    }

    fn at(unix: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(unix, 0).unwrap()
    }

    fn pending(id: i64, user_id: i64, proposal_id: i64, kind: NotificationKind) -> Pending {
        Pending {
            id,
            user_id,
            email: format!("p{user_id}@example.org"),
            lang: if user_id % 2 == 0 { "fr" } else { "en" }.into(),
            kind,
            about: NotificationAbout::Proposal {
                id: proposal_id,
                title: format!("Proposition <{proposal_id}> & co"),
            },
            created_at: at(1_800_000_000 + id * 3600),
        }
    }

    fn about_sitting(mut p: Pending, sitting_id: i64) -> Pending {
        p.about = NotificationAbout::Sitting {
            id: sitting_id,
            starts_local: chrono::NaiveDate::from_ymd_opt(2027, 12, 10)
                .unwrap()
                .and_hms_opt(18, 0, 0)
                .unwrap(),
            ends_local: chrono::NaiveDate::from_ymd_opt(2027, 12, 10)
                .unwrap()
                .and_hms_opt(21, 0, 0)
                .unwrap(),
            place: "Hôtel de Ville <salle> & co".into(),
        };
        p
    }

    #[test]
    fn a_token_stands_for_its_person_its_mail_and_its_time() {
        let auth = auth();
        let now = at(1_800_000_000);
        for scope in [
            MailScope::Kind(NotificationKind::VoteOpened),
            MailScope::Digest(Delivery::Weekly),
        ] {
            let link = Unsubscribe::new(42, scope, now);
            let read = Unsubscribe::read(&auth, &link.token(&auth), now + Duration::days(3));
            assert_eq!(read, Ok(link));
        }
    }

    #[test]
    fn a_forged_or_altered_token_is_refused() {
        let auth = auth();
        let now = at(1_800_000_000);
        let token =
            Unsubscribe::new(42, MailScope::Kind(NotificationKind::VoteOpened), now).token(&auth);
        let signature = token.rsplit('_').next().unwrap();
        let altered = [
            // Someone else's mail, with this link's signature.
            format!("43_vote.opened_{}_{signature}", now.timestamp()),
            // Another kind of mail.
            format!("42_city.answered_{}_{signature}", now.timestamp()),
            // A later time, to undo a newer choice.
            format!("42_vote.opened_{}_{signature}", now.timestamp() + 86_400),
            // Signed by another server.
            Unsubscribe::new(42, MailScope::Kind(NotificationKind::VoteOpened), now)
                .token(&AuthConfig::new(b"another key", false)),
            // Not a link at all.
            String::new(),
            "42_vote.opened".into(),
            format!("42_digest.off_{}_{signature}", now.timestamp()),
            format!("-1_vote.opened_{}_{signature}", now.timestamp()),
        ];
        for token in altered {
            assert_eq!(
                Unsubscribe::read(&auth, &token, now),
                Err(LinkError::Forged),
                "{token}"
            );
        }
    }

    #[test]
    fn a_token_expires_after_its_lifetime() {
        let auth = auth();
        let now = at(1_800_000_000);
        let token = Unsubscribe::new(7, MailScope::Digest(Delivery::Daily), now).token(&auth);
        assert!(Unsubscribe::read(&auth, &token, now + LINK_LIFETIME).is_ok());
        assert_eq!(
            Unsubscribe::read(&auth, &token, now + LINK_LIFETIME + Duration::seconds(1)),
            Err(LinkError::Expired)
        );
    }

    #[test]
    fn digests_are_one_per_person_grouped_by_proposal_and_sitting() {
        use NotificationKind::*;
        let waiting = vec![
            pending(1, 2, 10, VoteOpened),
            pending(2, 2, 11, CityAnswered),
            // Sitting 10 is not proposal 10.
            about_sitting(pending(3, 2, 0, SittingConvened), 10),
            pending(4, 2, 10, VoteClosed),
            about_sitting(pending(5, 2, 0, SittingMoved), 10),
            pending(6, 3, 10, VoteOpened),
        ];
        let digests = by_person(waiting);
        assert_eq!(digests.iter().map(Vec::len).collect::<Vec<_>>(), [5, 1]);
        let shape: Vec<Vec<i64>> = by_subject(&digests[0])
            .iter()
            .map(|news| news.iter().map(|n| n.id).collect())
            .collect();
        assert_eq!(shape, [vec![1, 4], vec![2], vec![3, 5]]);
    }

    #[test]
    fn a_convocation_mail_says_when_and_where_and_links_to_the_sitting() {
        let auth = auth();
        let site = Site {
            public_url: "https://assemblee.example.org",
            auth: &auth,
        };
        let now = at(1_800_100_000);
        let convened = about_sitting(pending(5, 4, 0, NotificationKind::SittingConvened), 3);
        let mail = notification_mail(&convened, &site, now);
        assert_eq!(
            mail.subject,
            "Vous êtes convoqué·e à une séance : 10 décembre 2027, 18:00–21:00, Hôtel de Ville <salle> & co"
        );
        assert!(
            mail.body
                .contains("Voir la séance :\nhttps://assemblee.example.org/seances/3"),
            "{}",
            mail.body
        );
        let html = mail.html.unwrap();
        assert!(
            html.contains("Hôtel de Ville &lt;salle&gt; &amp; co"),
            "{html}"
        );
        let digest = digest_mail(
            &[about_sitting(
                pending(6, 5, 0, NotificationKind::SittingReminder),
                3,
            )],
            Delivery::Daily,
            &site,
            now,
        )
        .unwrap();
        assert!(
            digest.body.contains("The sitting is tomorrow"),
            "{}",
            digest.body
        );
        assert!(digest.body.contains("/seances/3"), "{}", digest.body);
    }

    #[test]
    fn a_digest_is_in_its_reader_s_language_with_titles_escaped_in_html() {
        use NotificationKind::*;
        let auth = auth();
        let site = Site {
            public_url: "https://assemblee.example.org",
            auth: &auth,
        };
        let now = at(1_800_100_000);
        let items = [pending(1, 2, 10, VoteOpened), pending(3, 2, 10, VoteClosed)];
        let mail = digest_mail(&items, Delivery::Daily, &site, now).unwrap();
        assert_eq!(mail.to, "p2@example.org");
        assert!(mail.subject.contains("jour"), "{}", mail.subject);
        assert!(
            mail.body.contains("« Proposition <10> & co »"),
            "{}",
            mail.body
        );
        assert!(mail.body.contains("Un vote est ouvert"), "{}", mail.body);
        assert!(
            mail.body
                .contains("https://assemblee.example.org/proposals/10")
        );
        let html = mail.html.unwrap();
        assert!(html.contains("Proposition &lt;10&gt; &amp; co"), "{html}");
        assert!(!html.contains("<10>"));
        let one_click = mail.unsubscribe.unwrap();
        let token = one_click.split("token=").nth(1).unwrap();
        assert_eq!(
            Unsubscribe::read(&auth, token, now).map(|l| l.scope),
            Ok(MailScope::Digest(Delivery::Daily))
        );
        assert!(mail.body.contains(&format!("/unsubscribe?token={token}")));
        assert!(digest_mail(&[], Delivery::Daily, &site, now).is_none());
    }

    #[test]
    fn a_notification_mail_names_its_news_and_stops_only_its_kind() {
        let auth = auth();
        let site = Site {
            public_url: "https://assemblee.example.org",
            auth: &auth,
        };
        let now = at(1_800_100_000);
        let mail = notification_mail(&pending(5, 3, 12, NotificationKind::VoteOpened), &site, now);
        assert_eq!(mail.subject, "A vote opened: « Proposition <12> & co »");
        assert!(mail.body.contains("/proposals/12"), "{}", mail.body);
        let token = mail
            .unsubscribe
            .unwrap()
            .split("token=")
            .nth(1)
            .unwrap()
            .to_owned();
        assert_eq!(
            Unsubscribe::read(&auth, &token, now),
            Ok(Unsubscribe::new(
                3,
                MailScope::Kind(NotificationKind::VoteOpened),
                now
            ))
        );
    }
}
