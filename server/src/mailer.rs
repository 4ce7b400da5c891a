//! The mail that leaves the platform: invitations of the people drawn (with
//! their answer link) and password links. Everything goes through the
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

/// Every `every`: queues the new invitations' e-mails, then delivers the
/// outbox when there is a transport.
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
    let queued = queue_invitations(state).await?;
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

/// The whole message (RFC 5322), UTF-8 text.
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
    let body = mail.body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\nMessage-ID: <outbox-{id}-{}@{}>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n",
        header_value(from),
        header_value(&mail.to),
        header_value(&mail.subject),
        now.to_rfc2822(),
        now.timestamp(),
        header_value(domain),
    )
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
    fn a_command_line_gives_the_program_and_its_arguments() {
        let t = Transport::parse("/usr/sbin/sendmail -t -i", "noreply@localhost").unwrap();
        assert_eq!(t.program, "/usr/sbin/sendmail");
        assert_eq!(t.args, ["-t", "-i"]);
        assert!(Transport::parse("   ", "x").is_none());
    }
}
