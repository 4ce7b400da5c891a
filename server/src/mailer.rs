//! The mail that leaves the platform: invitations of the people drawn (with
//! their answer link), password links, and the notifications people chose
//! to receive by e-mail at once (digests are the scheduler's). Everything goes through the
//! outbox table first, so that nothing is lost if the process dies; this
//! task then hands each message to a `sendmail`-compatible program (msmtp,
//! Postfix, Exim…: `--sendmail "/usr/sbin/sendmail -t -i"`). Without one,
//! messages stay in the outbox and the log names them.

use std::time::Duration;

use app::ssr::AppState;
use base64::Engine;
use tokio::io::AsyncWriteExt;

/// A program that reads a whole message on its standard input and takes
/// the recipients from its headers.
#[derive(Clone, Debug)]
pub struct Transport {
    pub program: String,
    pub args: Vec<String>,
    /// The `From:` address.
    pub from: String,
}

impl Transport {
    /// From a command line such as `/usr/sbin/sendmail -t -i`.
    pub fn parse(command: &str, from: &str) -> Option<Transport> {
        let mut words = command.split_whitespace().map(str::to_owned);
        Some(Transport {
            program: words.next()?,
            args: words.collect(),
            from: from.to_owned(),
        })
    }
}

/// Messages handed to the transport per round.
const BATCH: u64 = 50;
/// How long the transport may take with one message.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// Every `every`: queues the new invitations' and notifications' e-mails,
/// then delivers the outbox when there is a transport.
pub async fn run(state: AppState, transport: Option<Transport>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = round(&state, transport.as_ref()).await {
            tracing::warn!(error = %e, "mail round failed; it will be retried");
        }
    }
}

/// One round: what was queued and what was sent.
pub async fn round(
    state: &AppState,
    transport: Option<&Transport>,
) -> Result<(usize, usize), db::DbErr> {
    let queued = queue_invitations(state).await? + queue_notifications(state).await?;
    let sent = match transport {
        Some(t) => deliver(&state.db, t).await?,
        None => 0,
    };
    Ok((queued, sent))
}

/// Writes the e-mail of every invitation still waiting for one.
pub async fn queue_invitations(state: &AppState) -> Result<usize, db::DbErr> {
    let now = state.clock.now();
    let notices = db::invitations::pending(&state.db, now, BATCH).await?;
    for notice in &notices {
        let link = format!(
            "{}/invitations/{}",
            state.public_url,
            app::invitations::link::token(&state.auth, notice.membership_id)
        );
        let mail = app::invitations::link::mail(notice, &link);
        db::invitations::queue(&state.db, notice.membership_id, &mail, now).await?;
        tracing::info!(
            membership = notice.membership_id,
            "invitation e-mail queued"
        );
    }
    Ok(notices.len())
}

/// Writes the e-mail of every notification whose person chose to hear of
/// its kind at once; each is marked delivered with its e-mail queued, in
/// one transaction, so that two instances never both send it.
pub async fn queue_notifications(state: &AppState) -> Result<usize, db::DbErr> {
    let now = state.clock.now();
    let site = app::mail::Site {
        public_url: &state.public_url,
        auth: &state.auth,
    };
    let mut queued = 0;
    for pending in
        db::notifications::pending(&state.db, domain::Delivery::Email, now, BATCH).await?
    {
        let mail = app::mail::notification_mail(&pending, &site, now);
        if db::notifications::queue_mail(&state.db, &[pending.id], &mail, now).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Hands the outbox to the transport; a refused message is retried in the
/// next rounds, up to `db::accounts::MAX_MAIL_ATTEMPTS` times.
pub async fn deliver(
    conn: &db::DatabaseConnection,
    transport: &Transport,
) -> Result<usize, db::DbErr> {
    let mut sent = 0;
    for (id, mail) in db::accounts::unsent_mail(conn, BATCH).await? {
        let now = chrono::Utc::now();
        let message = message(&mail, &transport.from, now, id);
        match send(transport, &message).await {
            Ok(()) => {
                db::accounts::mail_delivered(conn, id, Ok(now)).await?;
                sent += 1;
            }
            Err(reason) => {
                tracing::warn!(outbox = id, %reason, "the mail transport refused a message");
                db::accounts::mail_delivered(conn, id, Err(())).await?;
            }
        }
    }
    Ok(sent)
}

/// A header value: as is when plain ASCII, else RFC 2047 encoded. Line
/// breaks never reach a header (no header injection).
fn header_value(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.is_ascii() {
        clean
    } else {
        format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(clean.as_bytes())
        )
    }
}

/// The whole message (RFC 5322): UTF-8 text, with its HTML version as a
/// `multipart/alternative` when it has one, and RFC 8058's one-click
/// unsubscribe headers when it has a link.
pub fn message(
    mail: &db::accounts::Mail,
    from: &str,
    now: chrono::DateTime<chrono::Utc>,
    id: i64,
) -> String {
    let domain = from
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('>'))
        .unwrap_or("localhost");
    let crlf = |text: &str| text.replace("\r\n", "\n").replace('\n', "\r\n");
    let mut head = format!(
        "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\nMessage-ID: <outbox-{id}-{}@{}>\r\n\
         MIME-Version: 1.0\r\n",
        header_value(from),
        header_value(&mail.to),
        header_value(&mail.subject),
        now.to_rfc2822(),
        now.timestamp(),
        header_value(domain),
    );
    if let Some(link) = &mail.unsubscribe {
        // A URL never holds '<', '>' or a line break: such a value is
        // dropped rather than let out of its brackets.
        if !link.contains(['<', '>']) && !link.contains(char::is_control) {
            head.push_str(&format!(
                "List-Unsubscribe: <{link}>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            ));
        }
    }
    let text_part = |body: &str| {
        format!(
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
            crlf(body)
        )
    };
    match &mail.html {
        None => format!("{head}{}", text_part(&mail.body)),
        Some(html) => {
            let boundary = format!("=_kleroterion_{id}_{}", now.timestamp());
            // Base64 in lines of 76: an HTML line may be longer than the
            // 998 characters a mail line may hold.
            let encoded = base64::engine::general_purpose::STANDARD.encode(html.as_bytes());
            let lines: Vec<&str> = encoded
                .as_bytes()
                .chunks(76)
                .filter_map(|c| std::str::from_utf8(c).ok())
                .collect();
            format!(
                "{head}Content-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n\
                 --{boundary}\r\n{}\
                 --{boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Transfer-Encoding: base64\r\n\r\n{}\r\n\
                 --{boundary}--\r\n",
                text_part(&mail.body),
                lines.join("\r\n"),
            )
        }
    }
}

async fn send(transport: &Transport, message: &str) -> Result<(), String> {
    let mut child = tokio::process::Command::new(&transport.program)
        .args(&transport.args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", transport.program))?;
    let mut stdin = child.stdin.take().ok_or("no standard input")?;
    let work = async {
        stdin
            .write_all(message.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        drop(stdin);
        child.wait_with_output().await.map_err(|e| e.to_string())
    };
    let output = tokio::time::timeout(SEND_TIMEOUT, work)
        .await
        .map_err(|_| "timed out".to_owned())??;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(subject: &str, to: &str) -> db::accounts::Mail {
        db::accounts::Mail {
            to: to.into(),
            subject: subject.into(),
            body: "Bonjour,\nune ligne.".into(),
            ..Default::default()
        }
    }

    #[test]
    fn accented_subjects_are_encoded_and_bodies_use_crlf() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let text = message(
            &mail("Tiré·e au sort", "a@example.org"),
            "noreply@ville.fr",
            now,
            7,
        );
        assert!(
            text.contains("Subject: =?UTF-8?B?VGlyw6nCt2UgYXUgc29ydA==?=\r\n"),
            "{text}"
        );
        assert!(text.contains("To: a@example.org\r\n"));
        assert!(text.contains("Message-ID: <outbox-7-1800000000@ville.fr>\r\n"));
        assert!(text.ends_with("\r\n\r\nBonjour,\r\nune ligne.\r\n"));
    }

    #[test]
    fn no_line_break_reaches_a_header() {
        let now = chrono::Utc::now();
        let text = message(
            &mail(
                "Hi\r\nBcc: everyone@example.org",
                "a@example.org\nCc: x@y.z",
            ),
            "noreply@localhost",
            now,
            1,
        );
        let headers = text.split("\r\n\r\n").next().unwrap();
        assert!(
            !headers
                .lines()
                .any(|l| l.starts_with("Bcc:") || l.starts_with("Cc:")),
            "{headers}"
        );
    }

    #[test]
    fn a_mail_with_html_and_an_unsubscribe_link_has_both_parts_and_the_one_click_headers() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let mut m = mail("Vote", "a@example.org");
        m.html = Some(format!("<p>{}</p>", "é".repeat(2_000)));
        m.unsubscribe =
            Some("https://x.example/unsubscribe/one-click?token=1_vote.opened_2_ab".into());
        let text = message(&m, "noreply@ville.fr", now, 3);
        let (headers, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(headers.contains(
            "List-Unsubscribe: <https://x.example/unsubscribe/one-click?token=1_vote.opened_2_ab>\r\n\
             List-Unsubscribe-Post: List-Unsubscribe=One-Click"
        ), "{headers}");
        assert!(headers.contains(
            "Content-Type: multipart/alternative; boundary=\"=_kleroterion_3_1800000000\""
        ));
        assert!(body.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nBonjour,\r\nune ligne."));
        assert!(body.contains(
            "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64"
        ));
        assert!(body.ends_with("--=_kleroterion_3_1800000000--\r\n"));
        assert!(text.split("\r\n").all(|line| line.len() <= 998));
        let html_part = body
            .split("base64\r\n\r\n")
            .nth(1)
            .unwrap()
            .split("\r\n--")
            .next()
            .unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(html_part.replace("\r\n", ""))
            .unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), m.html.unwrap());
    }

    #[test]
    fn an_unsubscribe_link_cannot_break_out_of_its_header() {
        let mut m = mail("Vote", "a@example.org");
        m.unsubscribe = Some("https://x.example/u>\r\nBcc: all@example.org".into());
        let text = message(&m, "noreply@localhost", chrono::Utc::now(), 1);
        let headers = text.split("\r\n\r\n").next().unwrap();
        assert!(
            !headers.contains("List-Unsubscribe") && !headers.contains("Bcc"),
            "{headers}"
        );
    }

    #[test]
    fn a_command_line_gives_the_program_and_its_arguments() {
        let t = Transport::parse("/usr/sbin/sendmail -t -i", "noreply@localhost").unwrap();
        assert_eq!(t.program, "/usr/sbin/sendmail");
        assert_eq!(t.args, ["-t", "-i"]);
        assert!(Transport::parse("   ", "x").is_none());
    }
}
